import MarkdownIt, { type Token } from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { escapeMarkup } from "../lib/escape";
import { SITE_ORIGIN_MARKER } from "./site-urls";
import { stripUnwantedXmlChars } from "./xml-text";

/** Deepest nesting of block quotes and lists a body may have. */
export const maxBodyNesting = 20;

/**
 * Most tags a body may have once the Markdown is rendered, counted as the "<" in markdown-it's
 * output (text's "<" are escaped, so this counts every tag, and the odd "<" in raw HTML).
 *
 * The bound exists because the sanitiser is not linear: sanitize-html's HTML parser (htmlparser2)
 * keeps its open elements in an array and adds each new one at the front (Array#unshift), and looks
 * each closing tag up in that array, so n nested tags cost time in n²: 100,000 "<div>" took 3 s,
 * 200,000 took 10 s (profiled: htmlparser2's Parser#emitOpenTag). The library cannot be configured
 * out of it. 20,000 tags is ten times what a long article with many links needs, and costs at most
 * a few tenths of a second however they nest.
 */
export const maxBodyTags = 20_000;

/**
 * CommonMark-compliant; raw HTML is allowed through to the sanitiser, which keeps only the allowlist.
 *
 * markdown-it stops parsing a container silently once `maxNesting` levels are open, dropping the
 * rest of it (and of the article, when everything after is part of a list): the commonmark preset's
 * 20 levels are reached by ten nested lists, since a list and its item are a level each. So the
 * limit is set above anything maxBodyNesting allows, and deeper bodies are refused (checkNesting).
 */
// Stryker disable next-line ObjectLiteral: markdown-it's commonmark preset already sets html: true; the option states it
const markdown = new MarkdownIt("commonmark", { html: true, maxNesting: 2 * maxBodyNesting + 2 });

/** Something in a body the build refuses; `line` counts from the first line of the Markdown source. */
export class BodyProblem extends Error {
  constructor(
    readonly expected: string,
    readonly found: string,
    readonly line: number | undefined,
  ) {
    super(`${expected}, found ${found}${line === undefined ? "" : ` on line ${line}`}`);
    this.name = "BodyProblem";
  }
}

const containerOpen = new Set(["blockquote_open", "bullet_list_open", "ordered_list_open"]);
const containerClose = new Set(["blockquote_close", "bullet_list_close", "ordered_list_close"]);

/**
 * Throws BodyProblem at the first block quote or list nested deeper than maxBodyNesting. A list
 * adds two markdown-it levels (the list and its item), a quote one, and nothing else nests, so a
 * body within the limit never reaches markdown-it's maxNesting; a body that reaches it has a
 * container deeper than the limit among the tokens parsed before it stopped.
 */
function checkNesting(tokens: readonly Token[]): void {
  let depth = 0;
  for (const token of tokens) {
    if (containerOpen.has(token.type)) {
      depth++;
      if (depth > maxBodyNesting) {
        throw new BodyProblem(
          `expected block quotes and lists nested at most ${maxBodyNesting} deep`,
          `a ${token.type === "blockquote_open" ? "block quote" : "list"} nested ${depth} deep`,
          (token.map?.[0] ?? 0) + 1,
        );
      }
    } else if (containerClose.has(token.type)) depth--;
  }
}

function countTags(html: string): number {
  let count = 0;
  for (let at = html.indexOf("<"); at !== -1; at = html.indexOf("<", at + 1)) count++;
  return count;
}

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

/** A host name of DNS labels (after the URL parser's IDNA step): no IPv6 literals, no stray characters. */
const domainName = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The lead image's URL as it is published, or undefined when `text` is not one: an https:// URL on
 * a named host (the pages' Content-Security-Policy allows images from 'self' and https: only), or
 * a path on this site ("/images/x.jpg"). Read by the WHATWG URL parser, and returned as the parser
 * serialises it (site paths marked with SITE_ORIGIN_MARKER), so no character the author typed
 * reaches a feed or page unless the parser kept it. White space is refused rather than encoded,
 * since a URL with a space in it is usually two things pasted together.
 */
export function imageUrl(text: string): string | undefined {
  if (/\s/u.test(text)) return undefined;
  if (text.startsWith("/")) {
    // "//host/x.jpg" and "/\\host/x.jpg" are other sites, however they look.
    if (text.startsWith("//") || text.startsWith("/\\") || text.length < 2) return undefined;
    const resolved = resolveLink(text, "/");
    return resolved?.startsWith(SITE_ORIGIN_MARKER) ? resolved : undefined;
  }
  if (!/^https:\/\//i.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "") return undefined;
  // A host whose last label is a number is an IPv4 address to the URL parser ("127.1" included).
  return domainName.test(url.hostname) && !/(?:^|\.)\d+$/.test(url.hostname) ? url.href : undefined;
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
 * of the first paragraph, where a newsroom prints it. Throws BodyProblem for a body nested deeper
 * than maxBodyNesting or with more than maxBodyTags tags.
 */
export function renderMarkdown(source: string, pagePath: string, dateline?: string): string {
  const tokens = markdown.parse(stripUnwantedXmlChars(source), {});
  checkNesting(tokens);
  const rendered = markdown.renderer.render(tokens, markdown.options, {});
  const tags = countTags(rendered);
  if (tags > maxBodyTags) {
    throw new BodyProblem(
      `expected at most ${maxBodyTags.toLocaleString("en")} HTML tags once the Markdown is rendered (split the article, or simplify its markup)`,
      tags.toLocaleString("en"),
      undefined,
    );
  }
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
