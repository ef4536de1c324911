import { escapeMarkup } from "../lib/escape";
import { feedPath } from "../urls/url-map";
import type { FeedDefinition, FeedList } from "./feed-catalog";
import type { FeedFormat } from "./feed-model";
import type { FormatTable } from "./formats";

function outline(origin: string, feed: FeedDefinition, format: FeedFormat): string {
  const text = `${feed.title} (${format.label})`;
  // OPML 2.0 uses type="rss" for every subscription, whatever the feed format.
  return `<outline type="rss" text="${escapeMarkup(text)}" title="${escapeMarkup(text)}" version="${format.opmlVersion}" xmlUrl="${escapeMarkup(origin + feedPath(feed.base, format))}" htmlUrl="${escapeMarkup(origin + feed.homePath)}"/>`;
}

function group(
  origin: string,
  formats: FormatTable,
  title: string,
  feeds: readonly FeedDefinition[],
): string[] {
  if (feeds.length === 0) return [];
  return [
    `    <outline text="${escapeMarkup(title)}">`,
    ...feeds.flatMap((feed) => formats.map((format) => `      ${outline(origin, feed, format)}`)),
    "    </outline>",
  ];
}

/** OPML 2.0 subscription list of every feed the site serves, grouped by family. */
export function renderOpml(
  origin: string,
  formats: FormatTable,
  catalog: FeedList,
  dateModified: string | undefined,
): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    "  <head>",
    `    <title>${escapeMarkup(`${catalog.site.title}: all feeds`)}</title>`,
    ...(dateModified ? [`    <dateModified>${new Date(dateModified).toUTCString()}</dateModified>`] : []),
    `    <docs>http://opml.org/spec2.opml</docs>`,
    "  </head>",
    "  <body>",
    ...group(origin, formats, "Site", [catalog.site]),
    ...group(origin, formats, "Sections", catalog.sections),
    ...group(origin, formats, "Tags", catalog.tags),
    ...group(origin, formats, "Authors", catalog.authors),
    "  </body>",
    "</opml>",
    "",
  ].join("\n");
}
