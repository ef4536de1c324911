/**
 * URL slug of a tag, section or author name: lower-case letters and digits of any script joined by
 * single hyphens. Names that differ only in case, accents or punctuation share a slug, so renaming
 * "Middle east" to "Middle East" keeps every URL.
 */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}
