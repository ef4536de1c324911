const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML or XML content and double- or single-quoted attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char] ?? char);
}

const scriptJsonEscapes: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * `value` as JSON to put between <script> and </script> (a JSON-LD block). A script element's text
 * is not HTML-escaped, it ends at the first "</script", and "<!--" in it changes how the parser
 * looks for that end; JSON may escape any character as \uXXXX, so "<", ">" and "&" are written
 * that way and none of them remains to be read as markup. U+2028 and U+2029 are escaped too: they
 * are line terminators to JavaScript before ES2019, which some consumers of the block still run.
 */
export function jsonForScript(value: object): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => scriptJsonEscapes[char] ?? char);
}
