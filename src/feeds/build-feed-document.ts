import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import type { ContentStore } from "../content/store";
import { archivePageArticles, archivePageSize, planArchive } from "./archive-plan";
import { buildFeedModel } from "./build-feed-model";
import type { FeedDefinition } from "./feed-catalog";
import type { ArchiveLinks, FeedModel } from "./feed-model";
import { type FeedFormat, feedLinks, renderFeed } from "./render-feed";

/** Folder of archive page `page` of the feed whose folder is `base`. */
export function archiveBase(base: string, page: number): string {
  return `${base}/archive/${page}`;
}

async function loadBodies(
  store: ContentStore,
  articles: readonly ArticleMeta[],
): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  await Promise.all(
    articles.map(async (article) =>
      bodies.set(article.slug, (await store.getArticleHtml(article.slug)) ?? ""),
    ),
  );
  return bodies;
}

/** The articles of the subscription document (`page` undefined) or of a full archive page, newest first. */
export function feedDocumentArticles(
  config: SiteConfig,
  feed: FeedDefinition,
  page: number | undefined,
): ArticleMeta[] | undefined {
  const pageSize = archivePageSize(config.itemsPerFeed);
  if (page !== undefined) return archivePageArticles(feed.articles, page, pageSize);
  return feed.articles.slice(0, planArchive(feed.articles.length, pageSize).subscriptionCount);
}

export interface FeedDocumentText {
  text: string;
  updated: string | undefined;
}

/**
 * One document of a feed family: the subscription document (`page` undefined) or full archive page
 * `page`. Undefined when that archive page does not exist (yet).
 */
export async function buildFeedDocument(
  config: SiteConfig,
  store: ContentStore,
  feed: FeedDefinition,
  format: FeedFormat,
  page: number | undefined,
): Promise<FeedDocumentText | undefined> {
  const pageSize = archivePageSize(config.itemsPerFeed);
  const plan = planArchive(feed.articles.length, pageSize);
  const current = feedLinks(config.origin, feed.base);
  const articles = feedDocumentArticles(config, feed, page);
  if (!articles) return undefined;
  let history: FeedModel["history"];
  let archive: ArchiveLinks;
  let links = current;
  if (page === undefined) {
    history = plan.complete ? "complete" : "subscription";
    archive = plan.subscriptionPrev
      ? { prevArchive: feedLinks(config.origin, archiveBase(feed.base, plan.subscriptionPrev)) }
      : {};
  } else {
    history = "archive";
    links = feedLinks(config.origin, archiveBase(feed.base, page));
    // No next-archive: it would have to be added to a page when the next one fills, and a full
    // archive page must never change. RFC 5005 makes next-archive optional; current and
    // prev-archive are what a client needs to walk the history.
    archive = {
      current,
      ...(page > 1 ? { prevArchive: feedLinks(config.origin, archiveBase(feed.base, page - 1)) } : {}),
    };
  }
  const model = buildFeedModel(
    config,
    {
      links,
      title: page === undefined ? feed.title : `${feed.title} (archive ${page})`,
      description: feed.description,
      homePath: feed.homePath,
      history,
      archive,
    },
    articles,
    await loadBodies(store, articles),
  );
  // Every document of a feed family shares the subscription document's Atom id: one logical feed.
  model.id = current.atom;
  return { text: renderFeed(format, model), updated: model.updated };
}
