/**
 * The language of a news sitemap's publication as Google reads it: an ISO 639 code of two or three
 * letters, except Chinese, which must be `zh-cn` (Simplified) or `zh-tw` (Traditional). The site's
 * setting is a BCP 47 tag ("en-GB", "pt-BR", "zh-Hant-HK"); Intl.Locale parses it and canonicalises
 * retired codes ("iw" → "he"), and its likely-subtags data tells which script a Chinese tag without
 * one means ("zh-TW", "zh-HK" → Traditional; "zh", "zh-SG" → Simplified).
 */
export function newsLanguage(tag: string): string {
  let locale: Intl.Locale | undefined;
  try {
    locale = new Intl.Locale(tag);
  } catch {
    locale = undefined;
  }
  const language = locale?.language ?? "";
  if (!locale || !/^[a-z]{2,3}$/.test(language) || language === "und") {
    throw new Error(
      `src/config/site.ts: language: expected a BCP 47 tag starting with an ISO 639 language code, such as "en", "pt-BR" or "zh-Hant", found ${JSON.stringify(tag)}`,
    );
  }
  if (language !== "zh") return language;
  return locale.maximize().script === "Hant" ? "zh-tw" : "zh-cn";
}
