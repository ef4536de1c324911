import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { resolveSiteUrls } from "../content/site-urls";
import { articlePath } from "../lib/paths";
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

export function toFeedItem(config: SiteConfig, article: ArticleMeta, bodyHtml: string): FeedItem {
  const image = article.image?.url
    ? { ...article.image, url: resolveSiteUrls(article.image.url, config.origin) }
    : article.image;
  const item: FeedItem = {
    id: article.id,
    url: absolute(config, articlePath(article.slug)),
    title: article.title,
    summary: article.summary,
    contentHtml: "",
    published: article.published,
    updated: article.updated,
    authors: article.authors.length > 0 ? article.authors : [config.defaultAuthor],
    section: { name: article.section, scheme: absolute(config, "/sections/") },
    tags: article.tags.map((name) => ({ name, scheme: absolute(config, "/tags/") })),
    highlights: article.highlights,
    ...(article.dateline ? { dateline: article.dateline } : {}),
    ...(image ? { image } : {}),
  };
  item.contentHtml = composeContentHtml(item, resolveSiteUrls(bodyHtml, config.origin));
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
  const updated = items.reduce<string | undefined>(
    (newest, item) => (newest === undefined || item.updated > newest ? item.updated : newest),
    undefined,
  );
  return {
    id: spec.links.atom,
    title: spec.title,
    description: spec.description,
    language: config.language,
    homeUrl: absolute(config, spec.homePath),
    links: spec.links,
    updated,
    fallbackUpdated: "2000-01-01T00:00:00Z",
    publisher: config.publisher,
    copyright: config.copyright,
    ttlMinutes: Math.max(1, Math.round(config.maxAgeSeconds / 60)),
    items,
    history: spec.history,
    archive: spec.archive,
  };
}
