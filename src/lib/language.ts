/**
 * Language tags (BCP 47) as the site publishes them. Reading and canonicalising a tag is left to
 * the ECMAScript Intl API, which implements Unicode's BCP 47 locale identifiers with CLDR's data
 * (maintained with the runtime, present in Node and in workerd): no tag grammar or alias table of
 * our own to keep up to date.
 */

/**
 * `text` in the canonical form of a BCP 47 tag ("EN-us" → "en-US", "iw" → "he", "prs" → "fa-AF"),
 * or undefined when it is not one. Intl reads Unicode's subset of BCP 47, which leaves out
 * extended language subtags ("zh-yue": write "yue") and the irregular grandfathered tags
 * ("i-klingon"); no news article needs either.
 *
 * Intl checks the form, not the registry, and the form lets a language subtag have 5 to 8 letters,
 * a length BCP 47 reserves and no language has: "english" or "arabic" would pass. Languages are
 * ISO 639 codes of 2 or 3 letters, so a longer one is refused too.
 */
export function canonicalLanguageTag(text: string): string | undefined {
  const canonical = wellFormedTag(text);
  return canonical !== undefined && new Intl.Locale(canonical).language.length <= 3 ? canonical : undefined;
}

// Stryker disable BlockStatement: emptied, the catch block returns undefined all the same
/** Intl's canonical form of `text`, or undefined when Intl cannot read it as one tag. */
function wellFormedTag(text: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(text)[0];
  } catch {
    // RangeError: not a well-formed tag.
    return undefined;
  }
}
// Stryker restore BlockStatement

/**
 * ISO 15924 codes of the scripts in use today that are written right to left: Arabic (and its
 * Nastaliq variant), Hebrew, Thaana (Dhivehi), Syriac, N'Ko, Adlam (Fula), Hanifi Rohingya,
 * Mandaic, Samaritan and Yezidi. Historic right-to-left scripts (Phoenician, Avestan…) are left
 * out: no newsroom publishes in them.
 */
const rightToLeftScripts = new Set([
  "Adlm",
  "Arab",
  "Aran",
  "Hebr",
  "Mand",
  "Nkoo",
  "Rohg",
  "Samr",
  "Syrc",
  "Thaa",
  "Yezi",
]);

/**
 * The direction text in the language `tag` (a canonical tag) is written in, for HTML's `dir`. The
 * script decides: the tag's own script subtag when it has one ("ku-Arab", "sd-Deva", "ar-Latn"),
 * otherwise the script CLDR's likely-subtags data gives the language in its region ("ar", "he",
 * "fa", "ur", "yi", "ps", "sd", "ug", "ckb", "dv" and "ks" are right to left; "az" is left to right
 * but "az-IR" is right to left, as Azerbaijani is written in Arabic script in Iran).
 */
export function textDirection(tag: string): "ltr" | "rtl" {
  const locale = new Intl.Locale(tag);
  const script = locale.script ?? locale.maximize().script;
  // Stryker disable next-line ConditionalExpression: the set has no undefined, so has() is false without the test
  return script !== undefined && rightToLeftScripts.has(script) ? "rtl" : "ltr";
}

/**
 * Open Graph's `og:locale` for a canonical tag: language_TERRITORY ("en_US", "ar_EG", "pt_BR").
 * A tag without a region gets the one CLDR finds likeliest ("fr" → "fr_FR"); a region that is not a
 * country ("es-419", Latin America), or none at all (a private-use language), leaves the language
 * alone, which the format cannot say better.
 */
export function openGraphLocale(tag: string): string {
  const { language, region } = new Intl.Locale(tag).maximize();
  // A region is two letters (a country) or three digits (an area of the world).
  return region === undefined || /\d/.test(region) ? language : `${language}_${region}`;
}
