/**
 * Reading the pages' HTML with htmlparser2, which shares no code with hono/jsx that writes them: it
 * decodes character references in attribute values and text as a browser does and keeps a script
 * element's text as it is, so what a test reads is what a crawler or link preview reads.
 */
import { DomUtils, parseDocument } from "htmlparser2";

export type HtmlDocument = ReturnType<typeof parseDocument>;
export type HtmlElement = ReturnType<typeof DomUtils.getElementsByTagName>[number];

export function parseHtml(html: string): HtmlDocument {
  return parseDocument(html);
}

/** Every element for which `test` holds, in document order. */
export function elements(document: HtmlDocument, test: (element: HtmlElement) => boolean): HtmlElement[] {
  return DomUtils.findAll(test, document.children);
}

/** The elements named `name` inside `element`, in document order. */
export function inside(element: HtmlElement, name: string): HtmlElement[] {
  return DomUtils.findAll((candidate) => candidate.name === name, element.children);
}

export function byTag(document: HtmlDocument, name: string): HtmlElement[] {
  return elements(document, (element) => element.name === name);
}

export function attribute(element: HtmlElement, name: string): string | undefined {
  return DomUtils.getAttributeValue(element, name);
}

export function textOf(element: HtmlElement): string {
  return DomUtils.textContent(element);
}

/** The content of every <meta> in the head whose `key` attribute ("property", "name") is `value`. */
export function metaContents(document: HtmlDocument, key: "property" | "name", value: string): string[] {
  return elements(document, (element) => element.name === "meta" && attribute(element, key) === value).map(
    (element) => attribute(element, "content") ?? "",
  );
}

/** The text of every <script type="application/ld+json">, as a JSON-LD reader gets it. */
export function jsonLdTexts(document: HtmlDocument): string[] {
  return elements(
    document,
    (element) => element.name === "script" && attribute(element, "type") === "application/ld+json",
  ).map(textOf);
}

/**
 * The language and direction an element's text is in: the nearest `lang` and `dir` on it or its
 * ancestors, as HTML resolves them.
 */
export function languageOf(element: HtmlElement): { lang: string | undefined; dir: string | undefined } {
  let lang: string | undefined;
  let dir: string | undefined;
  for (let node: HtmlElement["parent"] = element; node !== null && "attribs" in node; node = node.parent) {
    lang ??= attribute(node, "lang");
    dir ??= attribute(node, "dir");
  }
  return { lang, dir };
}
