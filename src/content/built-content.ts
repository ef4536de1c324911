import type { Article, RetractedArticle } from "./schema";

/** What the build step writes (src/generated/content.json) and the bundled store reads. */
export interface BuiltContent {
  /** Changes exactly when any published byte changes; part of every cache key. */
  version: string;
  /**
   * The published articles: neither drafts nor retracted, newest publication first (ties broken by
   * id, so the order is total).
   */
  articles: Article[];
  /** Articles their front matter retracts, in the same order; absent when there are none. */
  retracted?: RetractedArticle[];
}

export function compareNewestFirst(
  a: Pick<Article, "published" | "id">,
  b: Pick<Article, "published" | "id">,
): number {
  if (a.published !== b.published) return a.published < b.published ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The newest `updated` among articles (or feed items); undefined when there are none. */
export function newestUpdate(articles: readonly { updated: string }[]): string | undefined {
  let newest: string | undefined;
  for (const article of articles)
    if (newest === undefined || article.updated > newest) newest = article.updated;
  return newest;
}
