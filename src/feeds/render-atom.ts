import { escapeMarkup } from "../lib/escape";
import {
  currentOf,
  type FeedFormat,
  type FeedItem,
  type FeedModel,
  type FeedTombstone,
  feedUpdated,
  hrefOf,
  prevArchiveOf,
} from "./feed-model";

/**
 * Atom 1.0 (RFC 4287), written directly rather than through the `feed` package: feed 6.0.0 types
 * every entry title and summary as html (a plain-text "<Friends>" would be read as a tag), cannot
 * add `published`-only fields, xml:lang, rel="current"/archive links or fh:* elements to its output,
 * and has no extension point for entries. Everything written here goes through escapeMarkup, and the
 * content was stripped of XML-forbidden characters at build time.
 */

const ATOM = "http://www.w3.org/2005/Atom";
const FH = "http://purl.org/syndication/history/1.0";
const MEDIA = "http://search.yahoo.com/mrss/";
const TOMBSTONES = "http://purl.org/atompub/tombstones/1.0";

function attributes(attrs: Record<string, string | undefined>): string {
  return Object.entries(attrs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeMarkup(value)}"`)
    .join("");
}

function element(name: string, attrs: Record<string, string | undefined>, text?: string): string {
  return text === undefined
    ? `<${name}${attributes(attrs)}/>`
    : `<${name}${attributes(attrs)}>${escapeMarkup(text)}</${name}>`;
}

function link(rel: string, href: string, type?: string): string {
  return element("link", { rel, type, href });
}

/**
 * The lead image: Media RSS as in the RSS feed (media:content with type, size and bytes; caption,
 * credit, and the image itself as thumbnail), and an enclosure link with its length and type, given
 * when both are known as in RSS (RFC 4287 asks for the length of an enclosure).
 */
function leadImageLines(image: NonNullable<FeedItem["image"]>): string[] {
  const { url, type, width, height, bytes } = image;
  if (url === undefined) return [];
  const size = { width: width?.toString(), height: height?.toString() };
  const children = [
    // Typed html and escaped once: validators flag "<" in a type="plain" description as undeclared HTML.
    image.caption ? element("media:description", { type: "html" }, escapeMarkup(image.caption)) : "",
    image.credit ? element("media:credit", {}, image.credit) : "",
    element("media:thumbnail", { url, ...size }),
  ].join("");
  const content = `<media:content${attributes({ "xmlns:media": MEDIA, url, type, medium: "image", ...size, fileSize: bytes?.toString() })}>${children}</media:content>`;
  if (bytes === undefined || type === undefined) return [content];
  return [content, element("link", { rel: "enclosure", type, length: bytes.toString(), href: url })];
}

function renderEntry(item: FeedItem, indent: string): string {
  const lines = [
    element("id", {}, item.id),
    element("title", { type: "text" }, item.title),
    link("alternate", item.url, "text/html"),
    element("published", {}, item.published),
    element("updated", {}, item.updated),
    ...item.authors.map((name) => `<author>${element("name", {}, name)}</author>`),
    element("category", { term: item.section.name, scheme: item.section.scheme }),
    ...item.tags.map((tag) => element("category", { term: tag.name, scheme: tag.scheme })),
    element("summary", { type: "text" }, item.summary),
    element("content", { type: "html" }, item.contentHtml),
  ];
  if (item.image) lines.push(...leadImageLines(item.image));
  // Every entry states its language, even the feed's own: aggregators keep entries apart from the
  // feed that carried them, and an inherited xml:lang does not travel with an entry.
  return `${indent}<entry xml:lang="${escapeMarkup(item.language)}">\n${lines.map((line) => `${indent}  ${line}`).join("\n")}\n${indent}</entry>`;
}

/**
 * RFC 6721: the entry `ref` was deleted `when`, with the reason as its comment, a Text construct
 * whose type is text when it names none (feedparser, which knows no tombstones, keeps an unknown
 * element's attributes instead of its text, so it names none).
 */
function renderTombstone(tombstone: FeedTombstone): string {
  const attrs = { ref: tombstone.ref, when: tombstone.when };
  return tombstone.comment === undefined
    ? element("at:deleted-entry", attrs)
    : `<at:deleted-entry${attributes(attrs)}>${element("at:comment", {}, tombstone.comment)}</at:deleted-entry>`;
}

export function renderAtom(model: FeedModel, self: FeedFormat): string {
  const current = currentOf(model.paging);
  const prevArchive = prevArchiveOf(model.paging);
  const head = [
    element("id", {}, model.id),
    element("title", { type: "text" }, model.title),
    element("subtitle", { type: "text" }, model.description),
    element("updated", {}, feedUpdated(model)),
    `<author>${element("name", {}, model.publisher)}</author>`,
    // RFC 4287: the icon is square, the logo twice as wide as high.
    element("icon", {}, model.icons.small.url),
    element("logo", {}, model.icons.logo.url),
    element("rights", { type: "text" }, model.copyright),
    link("self", hrefOf(model.links, self), self.mediaType),
    ...model.hubs.map((hub) => link("hub", hub)),
    link("alternate", model.homeUrl, "text/html"),
    ...model.links
      .filter((other) => other.format.id !== self.id)
      .map((other) => link("alternate", other.href, other.format.mediaType)),
  ];
  if (current) head.push(link("current", hrefOf(current, self), self.mediaType));
  if (prevArchive) head.push(link("prev-archive", hrefOf(prevArchive, self), self.mediaType));
  if (model.paging.kind === "complete") head.push("<fh:complete/>");
  if (model.paging.kind === "archive") head.push("<fh:archive/>");
  const fhNamespace = model.paging.kind === "subscription" ? "" : ` xmlns:fh="${FH}"`;
  const atNamespace = model.tombstones.length > 0 ? ` xmlns:at="${TOMBSTONES}"` : "";
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="${ATOM}"${fhNamespace}${atNamespace} xml:lang="${escapeMarkup(model.language)}">`,
    ...head.map((line) => `  ${line}`),
    ...model.tombstones.map((tombstone) => `  ${renderTombstone(tombstone)}`),
    ...model.items.map((item) => renderEntry(item, "  ")),
    "</feed>",
    "",
  ].join("\n");
}
