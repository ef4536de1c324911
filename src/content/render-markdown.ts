import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { escapeMarkup } from "../lib/escape";
import { SITE_ORIGIN_MARKER } from "./site-urls";
import { stripUnwantedXmlChars } from "./xml-text";

// CommonMark-compliant; raw HTML is allowed through to the sanitiser, which keeps only the allowlist.
// Stryker disable next-line ObjectLiteral: markdown-it's commonmark preset already sets html: true; the option states it
const markdown = new MarkdownIt("commonmark", { html: true });

const allowedTags = [
  "p",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "ul",
  "ol",
  "li",
  "pre",
  "code",
  "em",
  "strong",
  "b",
  "i",
  "a",
  "img",
  "br",
  "hr",
  "figure",
  "figcaption",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
  "caption",
  "sub",
  "sup",
  "del",
  "ins",
  "s",
  "q",
  "cite",
  "abbr",
  "mark",
  "small",
  "time",
  "span",
];

/** A placeholder host: only used to tell site-relative links from links to other sites. */
const placeholderOrigin = "https://site.invalid";

/**
 * Resolves a link as a browser would on the article page, then stores site URLs with the origin
 * marker and other URLs absolute. Returns undefined for anything that is not http(s) or mailto.
 */
export function resolveLink(href: string, pagePath: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim(), placeholderOrigin + pagePath);
  } catch {
    return undefined;
  }
  if (url.origin === placeholderOrigin) return SITE_ORIGIN_MARKER + url.pathname + url.search + url.hash;
  if (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "mailto:") return url.href;
  return undefined;
}

const urlAttributes: Record<string, string> = { a: "href", img: "src" };

/**
 * The sanitiser decodes character references ("&#1;", "&#xFFFE;"), which would bring back the
 * characters stripUnwantedXmlChars removed from the source, U+0001 (the origin marker) among them:
 * so text and every attribute value are stripped again, and only then are URLs marked.
 */
function cleanTag(pagePath: string) {
  return function cleanTag(tagName: string, attribs: sanitizeHtml.Attributes) {
    const attributes: sanitizeHtml.Attributes = {};
    for (const [name, value] of Object.entries(attribs)) attributes[name] = stripUnwantedXmlChars(value);
    const urlAttribute = urlAttributes[tagName];
    const url = urlAttribute === undefined ? undefined : attributes[urlAttribute];
    if (urlAttribute !== undefined && url !== undefined) {
      const resolved = resolveLink(url, pagePath);
      if (resolved === undefined) delete attributes[urlAttribute];
      else attributes[urlAttribute] = resolved;
    }
    return { tagName, attribs: attributes };
  };
}

function sanitizeBody(html: string, pagePath: string): string {
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: {
      a: ["href", "title"],
      img: ["src", "alt", "title", "width", "height"],
      abbr: ["title"],
      time: ["datetime"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan", "scope"],
      ol: ["start"],
      // Stryker disable next-line ArrayDeclaration,StringLiteral: allowedClasses alone already lets a filtered class attribute through on code
      code: ["class"],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemes: ["http", "https", "mailto"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    transformTags: { "*": cleanTag(pagePath) },
    textFilter: (text) => stripUnwantedXmlChars(text),
  });
}

/**
 * Markdown body → sanitised HTML for the page at pagePath. A dateline ("MOSCOW") is set at the start
 * of the first paragraph, where a newsroom prints it.
 */
export function renderMarkdown(source: string, pagePath: string, dateline?: string): string {
  const rendered = markdown.render(stripUnwantedXmlChars(source));
  let html = sanitizeBody(rendered, pagePath).trim();
  if (dateline !== undefined) {
    const lead = `<span class="dateline">${escapeMarkup(dateline)}:</span> `;
    html = html.startsWith("<p>") ? `<p>${lead}${html.slice(3)}` : `<p>${lead.trimEnd()}</p>\n${html}`;
  }
  return html;
}

/** Plain text of the first paragraph, for articles without a summary or highlights. */
export function firstParagraphText(source: string): string {
  const tokens = markdown.parse(stripUnwantedXmlChars(source), {});
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    // Stryker disable next-line OptionalChaining: i < tokens.length, so the token exists
    if (token?.type === "paragraph_open") {
      const inline = tokens[i + 1];
      // Stryker disable next-line OptionalChaining,ArrayDeclaration: the token after paragraph_open is always its inline token, which always has children
      const text = (inline?.children ?? [])
        .map((child) =>
          child.type === "text" || child.type === "code_inline"
            ? child.content
            : child.type === "softbreak" || child.type === "hardbreak"
              ? " "
              : "",
        )
        .join("");
      return text.replace(/\s+/g, " ").trim();
    }
  }
  return "";
}
