import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import type { ContentStore } from "../content/store";
import { buildFeedCatalog, type FeedCatalog } from "../feeds/feed-catalog";
import type { DocumentCache } from "./documents";

/**
 * What is published at one moment: the visible articles and everything derived from them. It only
 * changes when a scheduled article comes due, so it is computed once per isolate per schedule state
 * (the number of articles still scheduled), never per request.
 */
export interface SiteView {
  scheduled: number;
  visible: readonly ArticleMeta[];
  catalog: FeedCatalog;
  bySlug: ReadonlyMap<string, ArticleMeta>;
  /** Former slug → current slug. */
  renamed: ReadonlyMap<string, string>;
  byShortCode: ReadonlyMap<string, ArticleMeta>;
}

export interface Site {
  config: SiteConfig;
  store: ContentStore;
  documents: DocumentCache;
  view(scheduled: number): SiteView;
}

export function createSite(config: SiteConfig, store: ContentStore, documents: DocumentCache): Site {
  const views = new Map<number, SiteView>();
  return {
    config,
    store,
    documents,
    view(scheduled) {
      let view = views.get(scheduled);
      if (!view) {
        view = buildView(config, store.listArticles().slice(scheduled), scheduled);
        // Schedule states only move forward; two are kept for requests that straddle a publication.
        if (views.size >= 2) views.delete(views.keys().next().value as number);
        views.set(scheduled, view);
      }
      return view;
    },
  };
}

function buildView(config: SiteConfig, visible: readonly ArticleMeta[], scheduled: number): SiteView {
  // Indexes are built on first use, like the catalog's families: a fresh isolate's first request
  // (usually a feed) should not pay for lookups it does not make.
  let indexes: Pick<SiteView, "bySlug" | "renamed" | "byShortCode"> | undefined;
  const indexed = () => {
    if (!indexes) {
      const bySlug = new Map<string, ArticleMeta>();
      const renamed = new Map<string, string>();
      const byShortCode = new Map<string, ArticleMeta>();
      for (const article of visible) {
        bySlug.set(article.slug, article);
        byShortCode.set(article.shortCode, article);
        for (const former of article.formerSlugs) renamed.set(former, article.slug);
      }
      indexes = { bySlug, renamed, byShortCode };
    }
    return indexes;
  };
  return {
    scheduled,
    visible,
    catalog: buildFeedCatalog(visible, config),
    get bySlug() {
      return indexed().bySlug;
    },
    get renamed() {
      return indexed().renamed;
    },
    get byShortCode() {
      return indexed().byShortCode;
    },
  };
}
