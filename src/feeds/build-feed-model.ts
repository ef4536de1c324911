import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { resolveSiteUrls } from "../content/site-urls";
import { newestUpdate } from "../content/store";
import { stripUnwantedXmlChars } from "../content/xml-text";
import { articlePath, shortPath } from "../lib/paths";
import { composeContentHtml } from "./compose-content";
import type { ArchiveLinks, FeedItem, FeedLinks, FeedModel } from "./feed-model";

export interface FeedSpec {
  /** Path of the document without its format extension, e.g. "/feed" → /feed.xml, /atom.xml… see links. */
  links: FeedLinks;
  title: string;
  description: string;
  homePath: string;
  history: FeedModel["history"];
  archive: ArchiveLinks;
}

function absolute(config: SiteConfig, path: string): string {
  return config.origin + path;
}

/**
 * The model promises text free of characters XML forbids, whatever the store holds: the build strips
 * them from the Markdown source, but YAML escapes ("\u0001" in a double-quoted title) and HTML
 * character references in raw HTML ("&#2;", decoded by the sanitiser) put them back afterwards, and a
 * store other than the bundled one may not run the build at all. One of them makes a whole XML feed
 * unreadable, so every text is cleaned here, after the site-origin marker (itself U+0001) is resolved.
 */
const clean = stripUnwantedXmlChars;

function cleanImage(
  image: NonNullable<ArticleMeta["image"]>,
  origin: string,
): NonNullable<FeedItem["image"]> {
  return {
    ...(image.url !== undefined ? { url: clean(resolveSiteUrls(image.url, origin)) } : {}),
    ...(image.alt !== undefined ? { alt: clean(image.alt) } : {}),
    ...(image.caption !== undefined ? { caption: clean(image.caption) } : {}),
    ...(image.credit !== undefined ? { credit: clean(image.credit) } : {}),
  };
}

function toFeedItem(config: SiteConfig, article: ArticleMeta, bodyHtml: string): FeedItem {
  const image = article.image ? cleanImage(article.image, config.origin) : undefined;
  const authors = article.authors.map(clean).filter((name) => name !== "");
  const item: FeedItem = {
    id: clean(article.id),
    url: absolute(config, articlePath(article.slug)),
    title: clean(article.title),
    summary: clean(article.summary),
    contentHtml: "",
    published: article.published,
    updated: article.updated,
    authors: authors.length > 0 ? authors : [clean(config.defaultAuthor)],
    section: { name: clean(article.section), scheme: absolute(config, "/sections/") },
    tags: article.tags.map((name) => ({ name: clean(name), scheme: absolute(config, "/tags/") })),
    highlights: article.highlights.map(clean),
    shortUrl: absolute(config, shortPath(article.shortCode)),
    ...(article.dateline ? { dateline: clean(article.dateline) } : {}),
    ...(image ? { image } : {}),
  };
  item.contentHtml = composeContentHtml(item, clean(resolveSiteUrls(bodyHtml, config.origin)));
  return item;
}

/**
 * A feed document's model from its articles, newest first. `bodies` holds each article's stored
 * HTML by slug. Dates come from the content only, never from the clock, so the same content always
 * gives the same bytes.
 */
export function buildFeedModel(
  config: SiteConfig,
  spec: FeedSpec,
  articles: readonly ArticleMeta[],
  bodies: ReadonlyMap<string, string>,
): FeedModel {
  const items = articles.map((article) => toFeedItem(config, article, bodies.get(article.slug) ?? ""));
  const updated = newestUpdate(items);
  return {
    id: spec.links.atom,
    title: clean(spec.title),
    description: clean(spec.description),
    language: config.language,
    homeUrl: absolute(config, spec.homePath),
    links: spec.links,
    updated,
    fallbackUpdated: "2000-01-01T00:00:00Z",
    publisher: clean(config.publisher),
    copyright: clean(config.copyright),
    icons: {
      small: absolute(config, "/icon-144.png"),
      large: absolute(config, "/icon-512.png"),
      favicon: absolute(config, "/icon-64.png"),
    },
    extensionDocs: absolute(config, "/feeds#news-extension"),
    ttlMinutes: Math.max(1, Math.round(config.maxAgeSeconds / 60)),
    items,
    history: spec.history,
    archive: spec.archive,
  };
}
