/**
 * Characters that XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE and U+FFFF; lone
 * surrogates) make a whole feed malformed, and the ones it discourages (C1 controls, DEL, the
 * U+FDD0-U+FDEF non-characters) make validators warn. None of them is ever meant as text.
 */
const unwantedInXml =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripUnwantedXmlChars(text: string): string {
  return text.replace(unwantedInXml, "");
}
