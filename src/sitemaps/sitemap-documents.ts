import type { SiteConfig } from "../config/site";
import type { FeedDefinition, FeedList } from "../feeds/feed-catalog";
import type { ContentStore, ContentView } from "../store/content-store";
import { articlePath, familyKinds, type SitemapSeries, sitemapPagePath } from "../urls/url-map";
import { newsLanguage } from "./news-language";
import { renderNewsSitemap, renderSitemapIndex, renderUrlset, type SitemapEntry } from "./render-sitemap";
import {
  NEWS_MAX_ARTICLES,
  newestOf,
  newsWindowStart,
  sitemapPageCount,
  sitemapPageOffset,
} from "./sitemap-plan";

/**
 * The sitemap documents, each from a few indexed queries on the store: a page of article URLs is
 * one range of the time index; the index's lastmods are aggregated by the store; the listing pages'
 * lastmods are one grouped query per kind of family. No document loads every article.
 */

/** What every sitemap document is built from. */
export interface SitemapContext {
  config: SiteConfig;
  store: ContentStore;
  view: ContentView;
  /** URLs per sitemap page (SITEMAP_PAGE_SIZE; tests lower it). */
  pageSize: number;
}

/** A built document's text and the newest change it shows (its Last-Modified). */
export interface SitemapText {
  text: string;
  updated: string | undefined;
}

/**
 * The listing pages, in a fixed order: the home page, then every section's, tag's and author's page
 * (as the catalog lists them, by slug). These are few and their order moves when a family appears,
 * so their pages are not fixed by position as article pages are.
 */
function listingFeeds(feedList: FeedList): FeedDefinition[] {
  return [feedList.site, ...feedList.sections, ...feedList.tags, ...feedList.authors];
}

/** How many listing pages there are: what decides whether a listings sitemap page exists. */
export function listingCount(feedList: FeedList): number {
  return 1 + feedList.sections.length + feedList.tags.length + feedList.authors.length;
}

/**
 * Every listing page with its lastmod: the newest update among the articles it lists (its section's,
 * tag's or author's; the site's for the home page).
 */
async function listingEntries(context: SitemapContext, feedList: FeedList): Promise<SitemapEntry[]> {
  const { config, store, view } = context;
  const [siteUpdated, ...perKind] = await Promise.all([
    store.latestUpdate(view, { kind: "site" }),
    ...familyKinds.map((kind) => store.newestUpdatePerFamily(view, kind)),
  ]);
  const updated = new Map(
    familyKinds.map((kind, index) => [
      kind,
      new Map((perKind[index] ?? []).map((family) => [family.slug, family.updated])),
    ]),
  );
  return listingFeeds(feedList).map((feed) => ({
    loc: config.origin + feed.homePath,
    lastmod: feed.kind === "site" ? siteUpdated : updated.get(feed.kind)?.get(feed.slug),
  }));
}

function pageOf<T>(list: readonly T[], page: number, pageSize: number): T[] {
  const offset = sitemapPageOffset(page, pageSize);
  return list.slice(offset, offset + pageSize);
}

/** Articles page `page`: the article URLs at those positions from the oldest, oldest first. */
export async function articleSitemap(context: SitemapContext, page: number): Promise<SitemapText> {
  const { config, store, view, pageSize } = context;
  const articles = await store.updatesFromOldest(view, sitemapPageOffset(page, pageSize), pageSize);
  const entries = articles.map((article) => ({
    loc: config.origin + articlePath(article.slug),
    lastmod: article.updated,
  }));
  return { text: renderUrlset(entries), updated: newestOf(entries.map((entry) => entry.lastmod)) };
}

/** Listings page `page`. */
export async function listingSitemap(
  context: SitemapContext,
  feedList: FeedList,
  page: number,
): Promise<SitemapText> {
  const entries = pageOf(await listingEntries(context, feedList), page, context.pageSize);
  return { text: renderUrlset(entries), updated: newestOf(entries.map((entry) => entry.lastmod)) };
}

/**
 * The sitemap index: every articles page, then every listings page, each with the newest lastmod of
 * its entries. There is always a listings page (the home page), so the index is never empty.
 */
export async function sitemapIndex(context: SitemapContext, feedList: FeedList): Promise<SitemapText> {
  const { config, store, view, pageSize } = context;
  const [articlePages, listings] = await Promise.all([
    store.newestUpdatePerPage(view, pageSize),
    listingEntries(context, feedList),
  ]);
  const loc = (series: SitemapSeries, page: number) => config.origin + sitemapPagePath(series, page);
  const sitemaps: SitemapEntry[] = [
    ...articlePages.map((lastmod, index) => ({ loc: loc("articles", index + 1), lastmod })),
    ...Array.from({ length: sitemapPageCount(listings.length, pageSize) }, (_, index) => ({
      loc: loc("listings", index + 1),
      lastmod: newestOf(pageOf(listings, index + 1, pageSize).map((entry) => entry.lastmod)),
    })),
  ];
  return {
    text: renderSitemapIndex(sitemaps),
    updated: newestOf(sitemaps.map((sitemap) => sitemap.lastmod)),
  };
}

/**
 * The Google News sitemap for the step of the clock ending at `stepEndMs`: the newest articles (at
 * most 1,000) published in the two days before that moment, newest first. It has no Last-Modified:
 * articles leave it as time passes, without any article changing, so only its ETag says whether a
 * copy is current.
 */
export async function newsSitemap(context: SitemapContext, stepEndMs: number): Promise<SitemapText> {
  const { config, store, view } = context;
  const articles = await store.publishedAfter(view, newsWindowStart(stepEndMs), NEWS_MAX_ARTICLES);
  // Google keys a publication by name and language: an article in another language than the site's
  // belongs to that language's edition.
  const entries = articles.map((article) => ({
    loc: config.origin + articlePath(article.slug),
    lastmod: article.updated,
    published: article.published,
    title: article.title,
    publication: { name: config.title, language: newsLanguage(article.lang ?? config.language) },
  }));
  return { text: renderNewsSitemap(entries), updated: undefined };
}
