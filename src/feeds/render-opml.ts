import { escapeMarkup } from "../lib/escape";
import type { FeedCatalog, FeedDefinition } from "./feed-catalog";
import { feedFileNames, feedFormats } from "./render-feed";

const formatNames = { rss: "RSS", atom: "Atom", json: "JSON Feed" } as const;
const formatVersions = { rss: "RSS2", atom: "ATOM1", json: "JSONFEED1.1" } as const;

function outline(origin: string, feed: FeedDefinition, format: keyof typeof formatNames): string {
  const text = `${feed.title} (${formatNames[format]})`;
  // OPML 2.0 uses type="rss" for every subscription, whatever the feed format.
  return `<outline type="rss" text="${escapeMarkup(text)}" title="${escapeMarkup(text)}" version="${formatVersions[format]}" xmlUrl="${escapeMarkup(`${origin}${feed.base}/${feedFileNames[format]}`)}" htmlUrl="${escapeMarkup(origin + feed.homePath)}"/>`;
}

function group(origin: string, title: string, feeds: readonly FeedDefinition[]): string[] {
  if (feeds.length === 0) return [];
  return [
    `    <outline text="${escapeMarkup(title)}">`,
    ...feeds.flatMap((feed) => feedFormats.map((format) => `      ${outline(origin, feed, format)}`)),
    "    </outline>",
  ];
}

/** OPML 2.0 subscription list of every feed the site serves, grouped by family. */
export function renderOpml(origin: string, catalog: FeedCatalog, dateModified: string | undefined): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    "  <head>",
    `    <title>${escapeMarkup(`${catalog.site.title}: all feeds`)}</title>`,
    ...(dateModified ? [`    <dateModified>${new Date(dateModified).toUTCString()}</dateModified>`] : []),
    `    <docs>http://opml.org/spec2.opml</docs>`,
    "  </head>",
    "  <body>",
    ...group(origin, "Site", [catalog.site]),
    ...group(origin, "Sections", catalog.sections),
    ...group(origin, "Tags", catalog.tags),
    ...group(origin, "Authors", catalog.authors),
    "  </body>",
    "</opml>",
    "",
  ].join("\n");
}
