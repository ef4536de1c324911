import type { ArticleImage, Correction } from "../content/schema";

/**
 * The format-neutral description of one feed document. build-feed-model.ts makes it from articles;
 * each format in formats.ts turns it into bytes with its own renderer. Every URL here is absolute
 * and every text is free of characters XML forbids.
 */

/**
 * One feed format: everything the site says about it lives in its entry of the table in
 * formats.ts (routes, Link headers, autodiscovery, Follow, OPML, the browser view and 404 text
 * are all derived from that table).
 */
export interface FeedFormat {
  /** Stable name used in keys and element ids: "rss", "atom", "json". */
  id: string;
  /** File name within a feed's folder: /feed.xml, /tags/iran/atom.xml, … */
  fileName: string;
  mediaType: string;
  /** Short name for buttons and lists ("RSS"). */
  label: string;
  /** Name with version, for prose ("RSS 2.0"). */
  fullName: string;
  /** OPML 2.0 `version` attribute of a subscription outline. */
  opmlVersion: string;
  render(model: FeedModel, self: FeedFormat): string;
}

/** One document in one format, at an absolute URL. */
export interface FeedLink {
  format: FeedFormat;
  href: string;
}

/** The same document in every format of the table, in table order. */
export type FeedLinks = readonly FeedLink[];

/** The URL of `format` among `links`; every format of the table is always present. */
export function hrefOf(links: FeedLinks, format: FeedFormat): string {
  const link = links.find((candidate) => candidate.format.id === format.id);
  if (!link)
    throw new Error(`no ${format.id} link among ${links.map((other) => other.format.id).join(", ")}`);
  return link.href;
}

/** An image at an absolute URL, with its size in pixels. */
export interface SizedImage {
  url: string;
  width: number;
  height: number;
}

export interface FeedCategory {
  /** Display name, e.g. "Middle East". */
  name: string;
  /** URL of the listing page for the category's scheme, e.g. "https://…/tags/". */
  scheme: string;
}

export interface FeedItem {
  id: string;
  url: string;
  title: string;
  /** Plain text. */
  summary: string;
  /** BCP 47 tag of the article's language: its own `lang`, else the site's. */
  language: string;
  /** Full sanitised HTML, news fields included, every URL absolute. */
  contentHtml: string;
  published: string;
  updated: string;
  authors: string[];
  section: FeedCategory;
  tags: FeedCategory[];
  highlights: string[];
  dateline?: string;
  image?: ArticleImage;
  /** A short URL that redirects to `url`, when the site has one. */
  shortUrl?: string;
  /** Dated corrections, oldest first (plain text); also at the end of `contentHtml`. */
  corrections: Correction[];
}

/** An entry taken out of the feed (RFC 6721 at:deleted-entry). */
export interface FeedTombstone {
  /** The entry's id. */
  ref: string;
  /** When it was retracted. */
  when: string;
  /** Why, in plain text; none for an article whose file was removed. */
  comment?: string;
}

/**
 * Where a document stands in its feed's history (RFC 5005): the whole history (fh:complete), the
 * subscription document with older items in archives, or one fixed archive page.
 */
export type FeedPaging =
  | { kind: "complete" }
  | { kind: "subscription"; prevArchive: FeedLinks }
  | { kind: "archive"; current: FeedLinks; prevArchive: FeedLinks | undefined };

export interface FeedModel {
  /** Atom feed id: a URI that never changes for this feed, shared by its archive pages. */
  id: string;
  title: string;
  /** Plain text. */
  description: string;
  language: string;
  /** The HTML page this feed mirrors. */
  homeUrl: string;
  /** This document in each format (each renderer uses its own as the self link). */
  links: FeedLinks;
  /** WebSub hubs to name beside the self link (rel="hub"); empty for an archive page. */
  hubs: readonly string[];
  /**
   * Newest change: the items' `updated`, and the retraction of an article the document held or
   * still carries a tombstone of; undefined only for a feed that never held anything.
   */
  updated: string | undefined;
  /** Used when `updated` is undefined, so that an empty feed still has a fixed date. */
  fallbackUpdated: string;
  publisher: string;
  copyright: string;
  /**
   * The site's branding, PNGs: the square icon at 144 px (RSS image, whose width may not pass 144,
   * and Atom icon), 512 px (JSON Feed icon) and 64 px (JSON Feed favicon); the 2:1 logo (Atom logo).
   */
  icons: { small: SizedImage; large: SizedImage; favicon: SizedImage; logo: SizedImage };
  /** Where the JSON Feed `_news` extension is documented. */
  extensionDocs: string;
  /** Time-to-live hint for RSS readers, in minutes. */
  ttlMinutes: number;
  items: FeedItem[];
  /** Entries retracted lately, newest first: subscription documents only (Atom writes them). */
  tombstones: FeedTombstone[];
  paging: FeedPaging;
}

export function feedUpdated(model: FeedModel): string {
  return model.updated ?? model.fallbackUpdated;
}

/** The subscription document (rel="current") of an archive page, if this is one. */
export function currentOf(paging: FeedPaging): FeedLinks | undefined {
  return paging.kind === "archive" ? paging.current : undefined;
}

/** The next older archive document (rel="prev-archive"), if there is one. */
export function prevArchiveOf(paging: FeedPaging): FeedLinks | undefined {
  return paging.kind === "complete" ? undefined : paging.prevArchive;
}
