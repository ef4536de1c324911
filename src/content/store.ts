import type { Article, ArticleMeta } from "./schema";

/** What the build step writes (src/generated/content.json) and createBundledStore reads. */
export interface BuiltContent {
  /** Changes exactly when any published byte changes; part of every cache key. */
  version: string;
  /** Non-draft articles, newest publication first (ties broken by id, so the order is total). */
  articles: Article[];
}

/**
 * Everything the worker knows about content goes through this interface. Metadata is small and
 * listed synchronously; bodies are fetched one by one and asynchronously, so that they can move out
 * of the bundle (Workers KV, R2, static assets) by writing another implementation of this alone.
 */
export interface ContentStore {
  /** Changes whenever any article changes. */
  readonly version: string;
  /** Every non-draft article, scheduled ones included, newest publication first. */
  listArticles(): readonly ArticleMeta[];
  /** Body HTML with site URLs still marked (see resolveSiteUrls); undefined for an unknown slug. */
  getArticleHtml(slug: string): Promise<string | undefined>;
}

export function compareNewestFirst(
  a: Pick<Article, "published" | "id">,
  b: Pick<Article, "published" | "id">,
): number {
  if (a.published !== b.published) return a.published < b.published ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The store for content bundled into the worker by the build step. */
export function createBundledStore(content: BuiltContent): ContentStore {
  const bodies = new Map(content.articles.map((article) => [article.slug, article.html]));
  const list: ArticleMeta[] = content.articles.map(({ html: _html, ...meta }) => meta);
  return {
    version: content.version,
    listArticles: () => list,
    getArticleHtml: async (slug) => bodies.get(slug),
  };
}

/** The newest `updated` among articles (or feed items); undefined when there are none. */
export function newestUpdate(articles: readonly { updated: string }[]): string | undefined {
  let newest: string | undefined;
  for (const article of articles)
    if (newest === undefined || article.updated > newest) newest = article.updated;
  return newest;
}

/**
 * How many of the newest articles (by publication time) are still scheduled at `now`. Articles are
 * sorted newest first, so the published ones are everything after this index.
 */
export function countScheduled(articles: readonly ArticleMeta[], nowMs: number): number {
  // Runs on every request: usually one Date.parse, since scheduled articles are few and first.
  let index = 0;
  // Stryker disable next-line OptionalChaining,StringLiteral: index < articles.length, so the article exists and the fallback is never used
  while (index < articles.length && Date.parse(articles[index]?.published ?? "") > nowMs) index++;
  return index;
}
