/**
 * Names of sections, tags and authors, and their URL slugs. The rules, in order:
 *
 * 1. A name is read in Unicode NFC, so a name typed in decomposed form (Korean as jamo, "é" as
 *    "e" + U+0301) is the same name with the same slug.
 * 2. Names that differ only in case, in the accents of Latin letters or in runs of white space
 *    are one name spelt two ways: they share one family (nameKey), so renaming "Middle east" to
 *    "Middle East", or "Cafe" to "Café", keeps every URL.
 * 3. The slug keeps the words of the name: letters and digits of every script with their
 *    combining marks (Japanese dakuten, Devanagari vowel signs, Arabic harakat), lower-cased,
 *    Latin accents dropped, joined by single hyphens; everything else separates words.
 *
 * So two different names can still have one slug ("C" and "C++", "Middle East" and
 * "Middle-East"), and a name of punctuation or emoji only has none ("+++"): the build refuses both
 * (src/content/load-content.ts, src/content/schema.ts), naming the names and the files.
 */

/**
 * Case folded (lower, upper, then lower case again, as Unicode's full case folding: "ẞ", "ß" and "SS"
 * are one, so are "ﬁ" and "fi"), Latin (and digit) accents dropped, in NFC.
 */
function fold(name: string): string {
  return (
    name
      .normalize("NFC")
      .toLowerCase()
      .toUpperCase()
      .toLowerCase()
      .normalize("NFD")
      // The marks of a Latin letter (or a digit, as in keycap emoji) are accents; other scripts'
      // marks are part of the letter: カ plus the dakuten is ガ, a different word.
      .replace(/([\p{Script=Latin}\p{Script=Common}])\p{M}+/gu, "$1")
      .normalize("NFC")
  );
}

/** Runs of letters and digits, each with the marks that belong to it. */
const word = /(?:[\p{L}\p{N}]\p{M}*)+/gu;

/**
 * URL slug of a tag, section or author name ("Middle East" → "middle-east", "한국" → "한국",
 * "Café" → "cafe"); "" when the name has no letter or digit.
 */
export function slugify(name: string): string {
  return fold(name).match(word)?.join("-") ?? "";
}

/**
 * What makes two names one: equal keys share one family; names whose slugs are equal but whose
 * keys differ are two names that would share one URL.
 */
export function nameKey(name: string): string {
  return fold(name).replace(/\s+/gu, " ").trim();
}
