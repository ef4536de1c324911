import type { SiteConfig } from "../config/site";
import type { ArticleMeta, RetractedArticle } from "../content/schema";
import type { ContentStore, ContentView, FeedPlaces } from "../store/content-store";
import { archiveBase, feedLinks, feedPath } from "../urls/url-map";
import { type ArchivePlan, archivePageExists, archivePageSize, planArchive } from "./archive-plan";
import { buildFeedModel } from "./build-feed-model";
import type { FeedDefinition } from "./feed-catalog";
import type { FeedFormat, FeedModel, FeedPaging } from "./feed-model";
import { atomFormat, type FormatTable, renderFeed } from "./formats";

/** One document of a feed family that exists: the subscription document or a full archive page. */
export interface FeedDocumentPlan {
  feed: FeedDefinition;
  /** The archive page number; undefined for the subscription document. */
  page: number | undefined;
  archive: ArchivePlan;
  /**
   * Which of the feed's places it holds: the newest `limit`, or `limit` from the `offset`-th oldest.
   * A retracted article keeps its place and is not shown there, so a page's boundaries never move.
   */
  range: { offset: number; limit: number; fromOldest: boolean };
}

/**
 * The subscription document (`page` undefined) or full archive page `page` of `feed`; undefined when
 * that archive page does not exist (yet). Arithmetic on the feed's places only: no article is read.
 */
export function planFeedDocument(
  config: SiteConfig,
  feed: FeedDefinition,
  page: number | undefined,
): FeedDocumentPlan | undefined {
  const pageSize = archivePageSize(config.itemsPerFeed);
  const archive = planArchive(feed.places, pageSize);
  if (page === undefined) {
    return { feed, page, archive, range: { offset: 0, limit: archive.subscriptionCount, fromOldest: false } };
  }
  if (!archivePageExists(feed.places, page, pageSize)) return undefined;
  return { feed, page, archive, range: { offset: (page - 1) * pageSize, limit: pageSize, fromOldest: true } };
}

/** What the planned document's places hold: its articles, newest first, and the retracted ones. */
export function feedDocumentPlaces(
  store: ContentStore,
  view: ContentView,
  document: FeedDocumentPlan,
): Promise<FeedPlaces> {
  const { feed, range } = document;
  return range.fromOldest
    ? store.fromOldest(view, feed.ref, range.offset, range.limit)
    : store.newestPlaces(view, feed.ref, range.limit);
}

/**
 * The WebSub hubs the planned document names: the site's for a subscription document, which
 * changes whenever an article of its feed does; none for an archive page, which never changes, so
 * that nobody subscribes to it.
 */
export function documentHubs(config: SiteConfig, document: FeedDocumentPlan): readonly string[] {
  return document.page === undefined ? config.hubs : [];
}

/** Folder of the planned document: the feed's own, or its archive page's. */
export function documentBase(document: FeedDocumentPlan): string {
  return document.page === undefined ? document.feed.base : archiveBase(document.feed.base, document.page);
}

function pagingOf(config: SiteConfig, formats: FormatTable, document: FeedDocumentPlan): FeedPaging {
  const { feed, page, archive } = document;
  const linksOf = (number: number) => feedLinks(config.origin, archiveBase(feed.base, number), formats);
  if (page === undefined) {
    return archive.subscriptionPrev === undefined
      ? { kind: "complete" }
      : { kind: "subscription", prevArchive: linksOf(archive.subscriptionPrev) };
  }
  // No next-archive: it would have to be added to a page when the next one fills, and a full
  // archive page must never change. RFC 5005 makes next-archive optional; current and
  // prev-archive are what a client needs to walk the history.
  return {
    kind: "archive",
    current: feedLinks(config.origin, feed.base, formats),
    prevArchive: page > 1 ? linksOf(page - 1) : undefined,
  };
}

export interface FeedDocumentText {
  text: string;
  updated: string | undefined;
}

/** Retracted articles a feed document knows of (see FeedSpec). */
export interface DocumentRetractions {
  /** Those whose places the document holds. */
  inPlaces?: readonly RetractedArticle[];
  /** Those whose tombstones it carries (subscription documents only). */
  tombstones?: readonly RetractedArticle[];
}

/**
 * The planned document's model, given its articles (newest first), their bodies by slug, and the
 * retracted articles it knows of.
 */
export function feedDocumentModel(
  config: SiteConfig,
  formats: FormatTable,
  document: FeedDocumentPlan,
  articles: readonly ArticleMeta[],
  bodies: ReadonlyMap<string, string>,
  retractions: DocumentRetractions = {},
): FeedModel {
  const { feed, page } = document;
  return buildFeedModel(
    config,
    {
      // Every document of a feed family shares the subscription document's Atom id: one logical feed.
      id: config.origin + feedPath(feed.base, atomFormat),
      links: feedLinks(config.origin, documentBase(document), formats),
      hubs: documentHubs(config, document),
      title: page === undefined ? feed.title : `${feed.title} (archive ${page})`,
      description: feed.description,
      homePath: feed.homePath,
      paging: pagingOf(config, formats, document),
      retracted: retractions.inPlaces ?? [],
      // RFC 6721 tombstones tell subscribers what left; an archive page just holds one item fewer.
      tombstones: page === undefined ? (retractions.tombstones ?? []) : [],
    },
    articles,
    bodies,
  );
}

/** The planned document in `format`, with its articles and their bodies from the store. */
export async function buildFeedDocument(
  config: SiteConfig,
  formats: FormatTable,
  store: ContentStore,
  view: ContentView,
  document: FeedDocumentPlan,
  format: FeedFormat,
): Promise<FeedDocumentText> {
  const [{ articles, retracted }, tombstones] = await Promise.all([
    feedDocumentPlaces(store, view, document),
    document.page === undefined ? store.tombstones(view, document.feed.ref) : [],
  ]);
  const bodies = new Map(
    await Promise.all(
      articles.map(
        async (article) => [article.slug, await store.getArticleHtml(view, article.slug)] as const,
      ),
    ),
  );
  const model = feedDocumentModel(config, formats, document, articles, bodies, {
    inPlaces: retracted,
    tombstones,
  });
  return { text: renderFeed(format, model), updated: model.updated };
}
