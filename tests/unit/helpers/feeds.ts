/**
 * Shared fixtures for the feed tests: the seed content, a site config, apps and models built the
 * way the worker builds them, Markdown article sources, and an XML reader (fast-xml-parser) that
 * shares no code with our renderers.
 */
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { resolveSiteConfig, type SiteConfig } from "../../../src/config/site";
import type { BuiltContent } from "../../../src/content/built-content";
import { buildContent, loadContentFiles } from "../../../src/content/load-content";
import { feedDocumentModel, planFeedDocument } from "../../../src/feeds/build-feed-document";
import { siteFeed } from "../../../src/feeds/feed-catalog";
import type { FeedModel } from "../../../src/feeds/feed-model";
import {
  atomFormat,
  jsonFeedFormat,
  renderFeed,
  rssFormat,
  standardFormats,
} from "../../../src/feeds/formats";
import { createApp } from "../../../src/http/app";
import { createMemoryStore } from "../../../src/store/memory-store";

export const ORIGIN = "https://news.example.com";
export const CONTENT_DIR = path.resolve(import.meta.dirname, "../../../content");
/** A clock after every fixture's publication date, so nothing is scheduled. */
export const FIXED_NOW = Date.parse("2026-06-01T12:00:00Z");

export const FEED_PATHS = { rss: "/feed.xml", atom: "/atom.xml", json: "/feed.json" } as const;
export type Format = keyof typeof FEED_PATHS;
export type FeedDocuments = Record<Format, string>;

export const NS = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  media: "http://search.yahoo.com/mrss/",
} as const;

export function siteConfig(): SiteConfig {
  return resolveSiteConfig({ SITE_ORIGIN: ORIGIN });
}

/** content/*.md through the real build step (throws ContentError listing every problem). */
export async function loadSeedContent(): Promise<BuiltContent> {
  return buildContent(await loadContentFiles(CONTENT_DIR));
}

/** The site feed's model for `content`, with the spec the worker uses for /feed.xml and friends. */
export function siteFeedModel(content: BuiltContent, config: SiteConfig = siteConfig()): FeedModel {
  const bodies = new Map(content.articles.map((article) => [article.slug, article.html]));
  // The production plan decides which articles the subscription document holds and its paging.
  const document = planFeedDocument(config, siteFeed(config, content.articles.length), undefined);
  if (!document) throw new Error("the subscription document always exists");
  const articles = content.articles.slice(0, document.range.limit).map(({ html: _html, ...meta }) => meta);
  return feedDocumentModel(config, standardFormats, document, articles, bodies);
}

export function renderAll(model: FeedModel): FeedDocuments {
  return {
    rss: renderFeed(rssFormat, model),
    atom: renderFeed(atomFormat, model),
    json: renderFeed(jsonFeedFormat, model),
  };
}

export interface FetchedFeed {
  text: string;
  status: number;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
}

/** The three site feeds as a freshly built app serves them at `now`. */
export async function fetchFeeds(
  content: BuiltContent,
  now: number = FIXED_NOW,
): Promise<Record<Format, FetchedFeed>> {
  const app = createApp({ storeFor: () => createMemoryStore(content), now: () => now });
  const fetched = {} as Record<Format, FetchedFeed>;
  for (const format of Object.keys(FEED_PATHS) as Format[]) {
    const response = await app.request(FEED_PATHS[format], {}, { SITE_ORIGIN: ORIGIN });
    fetched[format] = {
      text: await response.text(),
      status: response.status,
      contentType: response.headers.get("content-type"),
      etag: response.headers.get("etag"),
      lastModified: response.headers.get("last-modified"),
    };
  }
  return fetched;
}

export function texts(fetched: Record<Format, FetchedFeed>): FeedDocuments {
  return { rss: fetched.rss.text, atom: fetched.atom.text, json: fetched.json.text };
}

// ---- Markdown sources ---------------------------------------------------------------------------

export type FrontMatterValue = string | boolean | string[] | Record<string, string | number>;

/**
 * A YAML double-quoted scalar. "raw" leaves every character as it is (as an author's editor would
 * save it); "escaped" writes control and non-characters as YAML \u escapes, which reach the parsed
 * value without ever being in the file's text.
 */
export function yamlString(text: string, mode: "raw" | "escaped" = "raw"): string {
  let quoted = text.replaceAll("\\", "\\\\").replaceAll('"', '\\"');
  if (mode === "escaped") {
    quoted = quoted.replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
      /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  }
  return `"${quoted}"`;
}

/** A content/*.md file: YAML front matter written field by field, then the Markdown body. */
export function markdownArticle(
  front: Record<string, FrontMatterValue | undefined>,
  body: string,
  mode: "raw" | "escaped" = "raw",
): string {
  const lines = ["---"];
  for (const [key, value] of Object.entries(front)) {
    if (value === undefined) continue;
    if (typeof value === "boolean") lines.push(`${key}: ${value}`);
    else if (typeof value === "string")
      lines.push(`${key}: ${/^\d{4}-/.test(value) ? value : yamlString(value, mode)}`);
    else if (Array.isArray(value)) {
      lines.push(`${key}:`);
      for (const entry of value) lines.push(`  - ${yamlString(entry, mode)}`);
    } else {
      lines.push(`${key}:`);
      for (const [name, entry] of Object.entries(value))
        lines.push(`  ${name}: ${typeof entry === "number" ? entry : yamlString(entry, mode)}`);
    }
  }
  lines.push("---", "", body, "");
  return lines.join("\n");
}

// ---- Independent XML reading --------------------------------------------------------------------

/** fast-xml-parser's well-formedness verdict: true, or the error it found. */
export function xmlProblem(xml: string): string | undefined {
  const verdict = XMLValidator.validate(xml);
  return verdict === true
    ? undefined
    : `${verdict.err.code} at ${verdict.err.line}:${verdict.err.col}: ${verdict.err.msg}`;
}

/**
 * Attribute values that are not well-formed: a raw "<" or an "&" that starts no reference
 * (fast-xml-parser's validator lets both through; xmllint does not).
 */
export function attributeProblems(xml: string): string[] {
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "");
  const problems: string[] = [];
  for (const match of outsideCdata.matchAll(/\s([\w:.-]+)="([^"]*)"/g)) {
    const value = match[2] ?? "";
    if (value.includes("<") || /&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][\w.-]*);)/.test(value))
      problems.push(`${match[1]}="${value}"`);
  }
  return problems;
}

const alwaysArrays = new Set([
  "item",
  "entry",
  "category",
  "dc:creator",
  "author",
  "atom:link",
  "media:content",
  "media:thumbnail",
  "enclosure",
  "li",
]);

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  alwaysCreateTextNode: true,
  // Atom's <link> repeats; RSS's <link> is a single text element.
  isArray: (name, jPath) => alwaysArrays.has(name) || (name === "link" && !String(jPath).startsWith("rss.")),
});

// biome-ignore lint/suspicious/noExplicitAny: parsed XML is untyped
export type XmlNode = any;

export function parseXml(xml: string): XmlNode {
  return xmlParser.parse(xml);
}

/** Text content of a parsed leaf element ("" when empty or absent). */
export function textOf(node: XmlNode): string {
  if (node === undefined || node === null) return "";
  if (typeof node === "string") return node;
  const text = node["#text"];
  return typeof text === "string" ? text : "";
}

/** Decodes the character references our HTML uses, in one pass (so "&amp;lt;" stays "&lt;"). */
export function decodeHtmlText(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|lt|gt|amp|quot|apos);/gi, (_match, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[lower] ?? "";
  });
}

/** The text an HTML fragment shows (tags dropped, references decoded). */
export function htmlToText(html: string): string {
  return decodeHtmlText(html.replace(/<[^>]*>/g, ""));
}

/** Text of each <li> of the highlights list at the top of the content HTML. */
export function highlightsIn(html: string): string[] {
  const list = /<ul class="highlights">([\s\S]*?)<\/ul>/.exec(html)?.[1];
  if (list === undefined) return [];
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => htmlToText(match[1] ?? ""));
}

/** Text of the lead image's figcaption: the caption, then the credit in parentheses. */
export function figcaptionIn(html: string): { caption: string; credit: string | undefined } | undefined {
  const inner = /<figcaption>([\s\S]*?)<\/figcaption>/.exec(html)?.[1];
  if (inner === undefined) return undefined;
  const credit = /<small>\(([\s\S]*?)\)<\/small>/.exec(inner)?.[1];
  const caption = inner.replace(/\s*<small>[\s\S]*<\/small>/, "");
  return { caption: htmlToText(caption), credit: credit === undefined ? undefined : htmlToText(credit) };
}

/** The dateline the body opens with ("MOSCOW"), without its colon. */
export function datelineIn(html: string): string | undefined {
  const inner = /<span class="dateline">([\s\S]*?):<\/span>/.exec(html)?.[1];
  return inner === undefined ? undefined : htmlToText(inner);
}

// ---- Dates --------------------------------------------------------------------------------------

/** RFC 822 as the RSS best practices want it: day name, two-digit day, four-digit year, GMT or a numeric zone. */
export const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;

/** RFC 3339 date-time (with a zone). */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function sameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b) && !Number.isNaN(Date.parse(a));
}
