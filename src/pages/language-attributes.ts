import { textDirection } from "../lib/language";

/**
 * The `lang` and `dir` attributes for an element holding text in `language` inside an element in
 * `surrounding`: none when they are the same (the element inherits both), so that a page marks only
 * the articles that differ from it. Every element whose text is in another language than the page,
 * an Arabic headline on an English page, needs both: `lang` for screen readers, fonts, hyphenation
 * and search engines, `dir` for the order and alignment of right-to-left text.
 */
export function languageAttributes(
  language: string,
  surrounding: string,
): { lang?: string; dir?: "ltr" | "rtl" } {
  return language === surrounding ? {} : { lang: language, dir: textDirection(language) };
}
