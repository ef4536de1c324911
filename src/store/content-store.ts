import { familyNames } from "../content/family-names";
import type { ArticleMeta, RetractedArticle } from "../content/schema";
import { slugify } from "../lib/slug";
import type { FamilyKind } from "../urls/url-map";

/**
 * Everything the worker knows about content goes through this interface. No call loads every
 * article: each answers one indexed question (the newest N of a feed, one archive page, one
 * family, one article), so a store can hold a newsroom's whole history in a database (D1) while an
 * isolate holds only what it serves. Every call is asynchronous, and every query reads one
 * published state (a `ContentView`), so a publish that lands between two queries of one request
 * cannot mix two versions in one document.
 *
 * A store is made per environment by a StoreFactory (src/index.ts), since bindings differ.
 */
export interface ContentStore {
  /**
   * The published state now: its version (changes whenever any published byte changes) and the
   * publication times of the articles scheduled after `nowMs`. Cheap to call; the site layer calls
   * it at most once every few seconds per isolate.
   */
  snapshot(nowMs: number): Promise<ContentSnapshot>;
  /** How many articles a feed holds (a retracted article no longer counts). */
  count(view: ContentView, feed: FeedRef): Promise<number>;
  /**
   * How many places a feed's history has: one per article and one per retracted article, which
   * keeps its place so that the archive pages cut from the oldest (feeds/archive-plan.ts) never shift.
   */
  places(view: ContentView, feed: FeedRef): Promise<number>;
  /** The newest `limit` articles of a feed, newest first. */
  newest(view: ContentView, feed: FeedRef, limit: number): Promise<ArticleMeta[]>;
  /** What the newest `limit` places of a feed hold (its subscription document), newest first. */
  newestPlaces(view: ContentView, feed: FeedRef, limit: number): Promise<FeedPlaces>;
  /** What `limit` places of a feed from the `offset`-th oldest on hold, newest first (RFC 5005 archive pages). */
  fromOldest(view: ContentView, feed: FeedRef, offset: number, limit: number): Promise<FeedPlaces>;
  /**
   * The feed's articles retracted recently enough that its subscription document still carries
   * their tombstones (see tombstoneCutoff), newest retraction first.
   */
  tombstones(view: ContentView, feed: FeedRef): Promise<RetractedArticle[]>;
  /** The newest `updated` among a feed's articles; undefined when it has none. */
  latestUpdate(view: ContentView, feed: FeedRef): Promise<string | undefined>;
  /**
   * `limit` articles of the site from the `offset`-th oldest on, OLDEST first, each as its slug and
   * last update only: the entries of a sitemap page (tens of thousands), without the rest of each article.
   */
  updatesFromOldest(view: ContentView, offset: number, limit: number): Promise<ArticleUpdate[]>;
  /**
   * The newest `updated` of each run of `size` articles of the site counted from the oldest (run 1
   * holds the oldest `size`; the last may be shorter), in that order: the lastmod of every sitemap page,
   * aggregated by the store instead of handed over article by article.
   */
  newestUpdatePerPage(view: ContentView, size: number): Promise<string[]>;
  /** The newest `updated` among each family's articles, for every family of a kind that has one, by slug. */
  newestUpdatePerFamily(view: ContentView, kind: FamilyKind): Promise<FamilyUpdate[]>;
  /** The site's articles published strictly after `after` (UTC ISO), newest first, at most `limit`. */
  publishedAfter(view: ContentView, after: string, limit: number): Promise<ArticleMeta[]>;
  /** One family, if it has any place: an article, or one retracted (its count is 0 then). */
  family(view: ContentView, kind: FamilyKind, slug: string): Promise<FamilySummary | undefined>;
  /** Every family of a kind that has an article, by slug. */
  families(view: ContentView, kind: FamilyKind): Promise<FamilySummary[]>;
  /**
   * What is at /articles/<slug>: the article, a move from a former slug, or a removed article (a
   * retracted one's slugs, current and former, name it).
   */
  article(view: ContentView, slug: string): Promise<ArticleLookup>;
  /** The article a short code names, or the retracted one that had it (never "renamed"). */
  byShortCode(view: ContentView, code: string): Promise<ArticleLookup>;
  /**
   * Body HTML with site URLs still marked (see resolveSiteUrls). Rejects with MissingBodyError when
   * the store has no body for a listed article: a document built without it would be wrong, and
   * would be cached (an archive page for a week).
   */
  getArticleHtml(view: ContentView, slug: string): Promise<string>;
}

export interface ContentSnapshot {
  /** Names the published state: part of every cache key. */
  version: string;
  /** The store's own handle on that state (a D1 generation); opaque to everything else. */
  generation: number;
  /**
   * The times (UTC ISO) after the snapshot's time at which what is published changes, ascending:
   * each scheduled article's publication, and each tombstone's expiry (see tombstoneExpiry).
   */
  upcoming: readonly string[];
}

/**
 * One published state, seen before a moment: only articles published strictly before `before`,
 * and the tombstones that last until `before` or longer.
 */
export interface ContentView {
  generation: number;
  /** The next change of the published state (UTC ISO, see ContentSnapshot.upcoming); undefined when none is due. */
  before: string | undefined;
}

/** What some places of a feed hold: the articles, and the retracted articles that keep their places. */
export interface FeedPlaces {
  /** Newest first. */
  articles: ArticleMeta[];
  /** Newest publication first. */
  retracted: RetractedArticle[];
}

/** How long a feed's subscription document carries the tombstone of a retracted article (RFC 6721). */
export const TOMBSTONE_DAYS = 30;
const TOMBSTONE_MS = TOMBSTONE_DAYS * 86_400_000;

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * When the tombstone of an article retracted at `retracted` (UTC ISO) leaves the feeds: a change of
 * the published state like a scheduled publication, so a store lists it among the upcoming ones.
 */
export function tombstoneExpiry(retracted: string): string {
  return isoSeconds(Date.parse(retracted) + TOMBSTONE_MS);
}

/**
 * The earliest retraction whose tombstone `view` shows. A view's moment lies before its next change
 * (`before`), and every expiry is such a change, so a tombstone is shown exactly when it expires at
 * or after `before`: when it was retracted no earlier than TOMBSTONE_DAYS before it. With no change
 * to come, every tombstone has expired: undefined.
 */
export function tombstoneCutoff(view: ContentView): string | undefined {
  return view.before === undefined ? undefined : isoSeconds(Date.parse(view.before) - TOMBSTONE_MS);
}

/** The site's feed, or one section's, tag's or author's. */
export type FeedRef = { kind: "site" } | { kind: FamilyKind; slug: string };

export interface FamilySummary {
  kind: FamilyKind;
  slug: string;
  /** Shown under the spelling of its newest article (of its newest retracted one when it has none left). */
  name: string;
  /** Its articles. */
  count: number;
  /** Its places: its articles and its retracted articles (see ContentStore.places). */
  places: number;
}

export interface ArticleUpdate {
  slug: string;
  updated: string;
}

export interface FamilyUpdate {
  slug: string;
  /** The newest `updated` among the family's articles. */
  updated: string;
}

export type ArticleLookup =
  | { kind: "article"; article: ArticleMeta }
  | { kind: "renamed"; slug: string }
  /** Taken down: retracted (by its front matter, or by the removal of its file once published), or removed before retractions were kept. */
  | { kind: "removed"; retracted?: RetractedArticle }
  | { kind: "none" };

/** The store for one environment's bindings. */
export type StoreFactory<Bindings = object> = (env: Bindings) => ContentStore;

export class MissingBodyError extends Error {
  constructor(readonly slug: string) {
    super(`content store: no body for article "${slug}"`);
    this.name = "MissingBodyError";
  }
}

/**
 * The families of `kind` an article is filed under, each once, with the spelling it uses: the one
 * rule the memory store and the D1 publisher share. A name of punctuation only has no slug, so it
 * files nowhere. `slugOf` lets a caller that files thousands of articles slugify each name once.
 */
export function filedUnder(
  kind: FamilyKind,
  article: Pick<ArticleMeta, "section" | "tags" | "authors">,
  defaultAuthor: string,
  slugOf: (name: string) => string = slugify,
): { slug: string; name: string }[] {
  const filed: { slug: string; name: string }[] = [];
  const seen = new Set<string>();
  for (const name of familyNames(kind, article, defaultAuthor)) {
    const slug = slugOf(name);
    if (slug === "" || seen.has(slug)) continue;
    seen.add(slug);
    filed.push({ slug, name });
  }
  return filed;
}
