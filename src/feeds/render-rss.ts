import { Feed, type Item } from "feed";
import { escapeMarkup } from "../lib/escape";
import {
  currentOf,
  type FeedFormat,
  type FeedItem,
  type FeedModel,
  feedUpdated,
  hrefOf,
  prevArchiveOf,
} from "./feed-model";

/**
 * RSS 2.0 through the `feed` package (6.0.0), with a thin layer that keeps its defects out of our
 * output. feed serialises with xml-js, whose writer
 *  - turns "&amp;" in text back into "&" before escaping ("desanitising"), so a literal "&amp;" in a
 *    title would silently become "&": text values are passed through xmlJsText() to compensate;
 *  - escapes only `"` in attribute values, so `<` and `&` in a category domain break the XML:
 *    attribute values are passed through xmlJsAttribute();
 *  - replaces only the first "]]>" inside CDATA, so a second one ends the section early:
 *    CDATA payloads are HTML, where "]]&gt;" means the same, see cdataSafe().
 * feed itself writes a name-only <author> (RSS wants an e-mail address), wraps titles in CDATA and
 * falls back to "now" for lastBuildDate; we never give it authors, override <title> through its item
 * extension point, and always pass the date. Names go in dc:creator, whose namespace feed declares
 * on <rss> only when some item has content: otherwise each dc:creator declares it itself. Item ids
 * are text too and go through xmlJsText() (feed writes them raw, so "&amp;" in a tag: URI would
 * turn into "&" and the RSS guid would differ from the Atom id). feed writes a channel <image>
 * without its width and height, and an item <enclosure> of length 0 with a type guessed from the
 * URL: the channel image is replaced through feed's extension point (which keeps its place), and
 * the lead image's enclosure is an item extension with its real length and type. Characters XML
 * forbids were removed when the model was built.
 *
 * An article's own language (FeedItem.language) is not written: RSS 2.0 has a language for the
 * channel only, and no element for an item's. Atom (xml:lang) and JSON Feed (language) carry it.
 */

const namespaces = {
  dc: "http://purl.org/dc/elements/1.1/",
  media: "http://search.yahoo.com/mrss/",
  fh: "http://purl.org/syndication/history/1.0",
  atom: "http://www.w3.org/2005/Atom",
};

function xmlJsText(text: string): string {
  return text.replaceAll("&", "&amp;");
}

function xmlJsAttribute(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function cdataSafe(html: string): string {
  return html.replaceAll("]]>", "]]&gt;");
}

type XmlJsElement = Record<string, unknown>;

function textElement(text: string): XmlJsElement {
  return { _text: xmlJsText(text) };
}

function atomLink(rel: string, href: string, type?: string): XmlJsElement {
  return { _attributes: { rel, href: xmlJsAttribute(href), ...(type ? { type } : {}) } };
}

/**
 * The lead image as Media RSS (media:content with its type, size and bytes, the caption, credit and
 * a thumbnail, which is the image itself: no smaller copy is made) and as an RSS enclosure, which
 * RSS 2.0 gives only with a length in bytes and a type: a remote image that declares neither has
 * none.
 */
function leadImageExtensions(image: NonNullable<FeedItem["image"]>): NonNullable<Item["extensions"]> {
  const { url, type, width, height, bytes } = image;
  if (url === undefined) return [];
  const size =
    width !== undefined && height !== undefined ? { width: String(width), height: String(height) } : {};
  const media: XmlJsElement = {
    _attributes: {
      "xmlns:media": namespaces.media,
      url: xmlJsAttribute(url),
      ...(type !== undefined ? { type: xmlJsAttribute(type) } : {}),
      medium: "image",
      ...size,
      ...(bytes !== undefined ? { fileSize: String(bytes) } : {}),
    },
  };
  if (image.caption)
    // Typed html and escaped once: validators flag "<" in a type="plain" description as undeclared HTML.
    media["media:description"] = {
      _attributes: { type: "html" },
      ...textElement(escapeMarkup(image.caption)),
    };
  if (image.credit) media["media:credit"] = textElement(image.credit);
  media["media:thumbnail"] = { _attributes: { url: xmlJsAttribute(url), ...size } };
  const extensions: NonNullable<Item["extensions"]> = [{ name: "media:content", objects: media }];
  if (bytes !== undefined && type !== undefined) {
    extensions.push({
      name: "enclosure",
      objects: {
        _attributes: { url: xmlJsAttribute(url), length: String(bytes), type: xmlJsAttribute(type) },
      },
    });
  }
  return extensions;
}

export function renderRss(model: FeedModel, self: FeedFormat): string {
  const selfUrl = hrefOf(model.links, self);
  const current = currentOf(model.paging);
  const prevArchive = prevArchiveOf(model.paging);
  const updated = new Date(feedUpdated(model));
  const feed = new Feed({
    title: xmlJsText(model.title),
    description: xmlJsText(model.description),
    id: model.id,
    link: model.homeUrl,
    language: model.language,
    copyright: xmlJsText(model.copyright),
    updated,
    ttl: model.ttlMinutes,
    image: model.icons.small.url,
    generator: false,
    feedLinks: { rss: selfUrl },
  });

  // RFC 5005 links and markers. feed cannot add namespace declarations to <rss>, so each extension
  // element declares its own namespace (valid XML, accepted by validators).
  // feedLinks.rss makes feed declare xmlns:atom; this extension then replaces its atom:link list
  // (so the WebSub hubs go in it too: feed's own `hub` option takes one hub only).
  const atomLinks: XmlJsElement[] = [
    atomLink("self", selfUrl, self.mediaType),
    ...model.hubs.map((hub) => atomLink("hub", hub)),
  ];
  if (current) atomLinks.push(atomLink("current", hrefOf(current, self), self.mediaType));
  if (prevArchive) atomLinks.push(atomLink("prev-archive", hrefOf(prevArchive, self), self.mediaType));
  feed.addExtension({ name: "atom:link", objects: atomLinks as unknown as Record<string, unknown> });
  // The channel image with its size (RSS 2.0: at most 144 wide and 400 high; the icon is square).
  feed.addExtension({
    name: "image",
    objects: {
      url: { _text: xmlJsText(model.icons.small.url) },
      title: textElement(model.title),
      link: { _text: xmlJsText(model.homeUrl) },
      width: { _text: String(model.icons.small.width) },
      height: { _text: String(model.icons.small.height) },
    },
  });
  if (model.paging.kind !== "subscription") {
    feed.addExtension({
      name: model.paging.kind === "complete" ? "fh:complete" : "fh:archive",
      objects: { _attributes: { "xmlns:fh": namespaces.fh } },
    });
  }

  // Mirrors feed's own test (`if (entry.content)`) for declaring xmlns:dc on <rss>.
  const dcDeclared = model.items.some((item) => cdataSafe(item.contentHtml) !== "");
  const creator = (name: string): XmlJsElement =>
    dcDeclared ? textElement(name) : { _attributes: { "xmlns:dc": namespaces.dc }, ...textElement(name) };

  for (const item of model.items) {
    const extensions: NonNullable<Item["extensions"]> = [
      // Replaces feed's CDATA title with plain escaped text; the key keeps its place in the item.
      { name: "title", objects: textElement(item.title) },
      { name: "dc:creator", objects: item.authors.map(creator) as unknown as Record<string, unknown> },
      // RSS has no date of change; pubDate is the publication. Atom's element (its namespace is
      // declared on <rss>) says when a significant change, a correction say, was made.
      ...(item.updated === item.published
        ? []
        : [{ name: "atom:updated", objects: textElement(item.updated) }]),
      {
        name: "category",
        objects: [item.section, ...item.tags].map((category) => ({
          _text: xmlJsText(category.name),
          _attributes: { domain: xmlJsAttribute(category.scheme) },
        })) as unknown as Record<string, unknown>,
      },
    ];
    if (item.image) extensions.push(...leadImageExtensions(item.image));
    feed.addItem({
      title: item.title,
      id: xmlJsText(item.id),
      link: item.url,
      date: new Date(item.updated),
      published: new Date(item.published),
      // RSS description is HTML to readers: the plain-text summary is escaped once for that.
      description: cdataSafe(escapeMarkup(item.summary)),
      content: cdataSafe(item.contentHtml),
      extensions,
    });
  }
  return `${feed.rss2()}\n`;
}
