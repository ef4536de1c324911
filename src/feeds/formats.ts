import type { FeedFormat } from "./feed-model";
import { renderAtom } from "./render-atom";
import { renderJsonFeed } from "./render-json-feed";
import { renderRss } from "./render-rss";

/**
 * The feed formats the site serves: the one list of them. Routes, Link headers, autodiscovery,
 * Follow, the feeds page, OPML, the browser view and the 404 text all derive from a table like
 * this one, so a format added here appears everywhere with no other change.
 */
export type FormatTable = readonly FeedFormat[];

export const rssFormat: FeedFormat = {
  id: "rss",
  fileName: "feed.xml",
  mediaType: "application/rss+xml",
  label: "RSS",
  fullName: "RSS 2.0",
  // OPML 2.0 spells subscription versions this way.
  opmlVersion: "RSS2",
  render: renderRss,
};

export const atomFormat: FeedFormat = {
  id: "atom",
  fileName: "atom.xml",
  mediaType: "application/atom+xml",
  label: "Atom",
  fullName: "Atom 1.0",
  opmlVersion: "ATOM1",
  render: renderAtom,
};

export const jsonFeedFormat: FeedFormat = {
  id: "json",
  fileName: "feed.json",
  mediaType: "application/feed+json",
  label: "JSON Feed",
  fullName: "JSON Feed 1.1",
  opmlVersion: "JSONFEED1.1",
  render: renderJsonFeed,
};

export const standardFormats: FormatTable = [rssFormat, atomFormat, jsonFeedFormat];

/** Content-Type of a feed document: every format is UTF-8. */
export function feedContentType(format: FeedFormat): string {
  return `${format.mediaType}; charset=utf-8`;
}

export function renderFeed(format: FeedFormat, model: Parameters<FeedFormat["render"]>[0]): string {
  return format.render(model, format);
}
