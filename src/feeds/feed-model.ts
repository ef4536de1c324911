/**
 * The format-neutral description of one feed document. build-feed-model.ts makes it from articles;
 * one renderer per format (render-rss.ts, render-atom.ts, render-json-feed.ts) turns it into bytes.
 * Every URL here is absolute and every text is free of characters XML forbids.
 */

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
  /** Full sanitised HTML, news fields included, every URL absolute. */
  contentHtml: string;
  published: string;
  updated: string;
  authors: string[];
  section: FeedCategory;
  tags: FeedCategory[];
  highlights: string[];
  dateline?: string;
  image?: { url?: string; alt?: string; caption?: string; credit?: string };
  /** A short URL that redirects to `url`, when the site has one. */
  shortUrl?: string;
}

export interface FeedLinks {
  rss: string;
  atom: string;
  json: string;
}

/** RFC 5005 paging and archiving links, per format; absent when the document is the whole history. */
export interface ArchiveLinks {
  /** The subscription document (rel="current"), present on archive documents. */
  current?: FeedLinks;
  /** The next older archive document. */
  prevArchive?: FeedLinks;
}

export interface FeedModel {
  /** Atom feed id: a URI that never changes for this feed. */
  id: string;
  title: string;
  /** Plain text. */
  description: string;
  language: string;
  /** The HTML page this feed mirrors. */
  homeUrl: string;
  /** This document in each format (each renderer uses its own as the self link). */
  links: FeedLinks;
  /** Newest `updated` among the items; undefined only for an empty feed. */
  updated: string | undefined;
  /** Used when `updated` is undefined, so that an empty feed still has a fixed date. */
  fallbackUpdated: string;
  publisher: string;
  copyright: string;
  /** The site icon: 144 px PNG (RSS image, Atom icon), 512 px PNG (JSON Feed icon), 64 px PNG (favicon). */
  icons: { small: string; large: string; favicon: string };
  /** Where the JSON Feed `_news` extension is documented. */
  extensionDocs: string;
  /** Time-to-live hint for RSS readers, in minutes. */
  ttlMinutes: number;
  items: FeedItem[];
  /** "complete": the document holds every item (fh:complete); "archive": a fixed archive page; "subscription": newest items, older ones in archives. */
  history: "complete" | "archive" | "subscription";
  archive: ArchiveLinks;
}

export function feedUpdated(model: FeedModel): string {
  return model.updated ?? model.fallbackUpdated;
}
