import { nameKey, slugify } from "../lib/slug";
import { type FamilyKind, familyPathOfName } from "../urls/url-map";
import { quoteForMessage } from "./front-matter";
import type { ArticleMeta } from "./schema";

/** The front matter field that names each kind of family, and what one of its names is called. */
export const familyFields: Readonly<Record<FamilyKind, { field: string; what: string }>> = {
  section: { field: "section", what: "a section" },
  tag: { field: "tags", what: "a tag" },
  author: { field: "authors", what: "an author" },
};

/** One use of a name: where it is (`tags[2]`, in which file) and how a message quotes it. */
export interface NameUse {
  name: string;
  /** The field path, e.g. "tags[2]". */
  at: string;
  /** Quoted for messages; the default author says so. */
  label: string;
  /** Where the use is, as a message says it ("content/a.md", "tags[0]"). */
  where: string;
}

/** What a name makes: its URL part, and the key that says which names are one (src/lib/slug.ts). */
interface NameIdentity {
  slug: string;
  key: string;
}

function identify(name: string): NameIdentity {
  return { slug: slugify(name), key: nameKey(name) };
}

/**
 * Whether any two different names among `names` would share one URL: the quick test, with no use
 * described, before collidingNames finds and describes each such use.
 */
export function anyNamesCollide(names: Iterable<string>): boolean {
  const keyOfSlug = new Map<string, string>();
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const { slug, key } = identify(name);
    if (slug === "") continue;
    const other = keyOfSlug.get(slug);
    if (other === undefined) keyOfSlug.set(slug, key);
    else if (other !== key) return true;
  }
  return false;
}

/**
 * Two names that would share one URL without being one name (src/lib/slug.ts): "C" and "C++" both
 * make /tags/c/. Finds each such use after the first, with the first use of the URL it collides
 * with. Names without a slug are the schema's to report, and are skipped.
 */
export function collidingNames<Use extends NameUse>(
  kind: FamilyKind,
  uses: Iterable<Use>,
): { use: Use; problem: string }[] {
  const { what } = familyFields[kind];
  const first = new Map<string, { key: string; use: Use }>();
  const found: { use: Use; problem: string }[] = [];
  // Thousands of articles repeat a few hundred names: each is identified once.
  const identified = new Map<string, NameIdentity>();
  for (const use of uses) {
    let identity = identified.get(use.name);
    if (!identity) {
      identity = identify(use.name);
      identified.set(use.name, identity);
    }
    const { slug, key } = identity;
    if (slug === "") continue;
    const owner = first.get(slug);
    if (!owner) first.set(slug, { key, use });
    else if (owner.key !== key) {
      found.push({
        use,
        problem: `${use.at}: expected ${what} whose URL no other has, found ${use.label}, which would share ${familyPathOfName(kind, use.name)} with ${owner.use.label} in ${owner.use.where}. Spell the two alike, or tell them apart with a letter or digit (${use.at})`,
      });
    }
  }
  return found;
}

/**
 * The uses of names in an article's list field (tags, authors), named by the field alone: the
 * article's list has lost the duplicates the file had, so an index could point at the wrong line.
 */
export function listUses(kind: FamilyKind, names: readonly string[], where: string): NameUse[] {
  const { field } = familyFields[kind];
  return names.map((name) => ({ name, at: field, label: quoteForMessage(name), where }));
}

/** The names an article is filed under, per kind of family (the site's default author when none). */
export function familyNames(
  kind: FamilyKind,
  article: Pick<ArticleMeta, "section" | "tags" | "authors">,
  defaultAuthor: string,
): readonly string[] {
  if (kind === "section") return [article.section];
  if (kind === "tag") return article.tags;
  return article.authors.length > 0 ? article.authors : [defaultAuthor];
}
