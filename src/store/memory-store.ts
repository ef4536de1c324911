import { siteSettings } from "../config/site";
import { type BuiltContent, compareNewestFirst, newestUpdate } from "../content/built-content";
import type { ArticleMeta, RetractedArticle } from "../content/schema";
import { slugify } from "../lib/slug";
import type { FamilyKind } from "../urls/url-map";
import {
  type ArticleLookup,
  type ContentStore,
  type ContentView,
  type FamilySummary,
  type FamilyUpdate,
  type FeedPlaces,
  type FeedRef,
  filedUnder,
  MissingBodyError,
  tombstoneCutoff,
  tombstoneExpiry,
} from "./content-store";

/** A place in the site's history: an article, or a retracted one (see ContentStore.places). */
interface Place {
  published: string;
  id: string;
  slug: string;
  article?: ArticleMeta;
  retracted?: RetractedArticle;
}

interface Member {
  place: Place;
  /** The spelling this article uses for the family. */
  name: string;
}

/** A feed's places and articles, newest first, whatever the view (the view cuts their heads). */
interface FeedLists {
  places: readonly Place[];
  articles: readonly ArticleMeta[];
}

export interface MemoryStoreOptions {
  /** Credited on articles that name no author; the site setting by default. */
  defaultAuthor?: string;
  /**
   * Slugs of articles taken down before retractions were kept (a D1 database's `removed` rows): their
   * addresses answer 410, with no notice.
   */
  removed?: readonly string[];
}

const NO_FEED: FeedLists = { places: [], articles: [] };

/**
 * Content held in memory: the store for tests, the benchmark and tools that build content in
 * process, and the reference the D1 store is checked against. Indexes are built on first use, so a
 * request for one feed does not pay for grouping every tag.
 */
export function createMemoryStore(content: BuiltContent, options: MemoryStoreOptions = {}): ContentStore {
  const defaultAuthor = options.defaultAuthor ?? siteSettings.defaultAuthor;
  const removed = new Set(options.removed ?? []);
  const metas: readonly ArticleMeta[] = content.articles.map(({ html: _html, ...meta }) => meta);
  const retracted: readonly RetractedArticle[] = content.retracted ?? [];
  const bodies = new Map(content.articles.map((article) => [article.slug, article.html]));
  const site: FeedLists = {
    articles: metas,
    places:
      retracted.length === 0
        ? metas.map((article) => placeOf(article, { article }))
        : [
            ...metas.map((article) => placeOf(article, { article })),
            ...retracted.map((record) => placeOf(record, { retracted: record })),
          ].sort(compareNewestFirst),
  };
  let indexes:
    | {
        bySlug: Map<string, Place>;
        renamed: Map<string, Place>;
        byShortCode: Map<string, Place>;
      }
    | undefined;
  const families = new Map<FamilyKind, Map<string, Member[]>>();
  const familyLists = new Map<string, FeedLists>();

  function indexed() {
    if (!indexes) {
      indexes = { bySlug: new Map(), renamed: new Map(), byShortCode: new Map() };
      for (const place of site.places) {
        const record = place.article ?? place.retracted;
        // Stryker disable next-line ConditionalExpression: every place holds one or the other
        if (!record) continue;
        indexes.bySlug.set(place.slug, place);
        indexes.byShortCode.set(record.shortCode, place);
        for (const former of record.formerSlugs) indexes.renamed.set(former, place);
      }
    }
    return indexes;
  }

  /** Every family of `kind`, by slug (sorted), each with its members newest first. */
  function familiesOf(kind: FamilyKind): Map<string, Member[]> {
    let grouped = families.get(kind);
    if (!grouped) {
      const bySlug = new Map<string, Member[]>();
      // Thousands of articles share a few hundred names: slugify each name once.
      const slugs = new Map<string, string>();
      const slugOf = (name: string) => {
        let slug = slugs.get(name);
        if (slug === undefined) {
          slug = slugify(name);
          slugs.set(name, slug);
        }
        return slug;
      };
      for (const place of site.places) {
        const record = place.article ?? place.retracted;
        // Stryker disable next-line ConditionalExpression: every place holds one or the other
        if (!record) continue;
        for (const { slug, name } of filedUnder(kind, record, defaultAuthor, slugOf)) {
          let members = bySlug.get(slug);
          if (!members) {
            members = [];
            bySlug.set(slug, members);
          }
          members.push({ place, name });
        }
      }
      grouped = new Map([...bySlug].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      families.set(kind, grouped);
    }
    return grouped;
  }

  function listsOf(feed: FeedRef): FeedLists {
    if (feed.kind === "site") return site;
    const key = `${feed.kind}/${feed.slug}`;
    let lists = familyLists.get(key);
    if (!lists) {
      const members = familiesOf(feed.kind).get(feed.slug);
      lists = members
        ? {
            places: members.map((member) => member.place),
            articles: members.flatMap((member) => member.place.article ?? []),
          }
        : NO_FEED;
      familyLists.set(key, lists);
    }
    return lists;
  }

  const isVisible = (view: ContentView, item: { published: string }) =>
    view.before === undefined || item.published < view.before;

  /** A newest-first list without its not-yet-visible head (scheduled articles are the newest). */
  function visible<T>(view: ContentView, list: readonly T[], publishedOf: (item: T) => string): readonly T[] {
    let start = 0;
    while (start < list.length && !isVisible(view, { published: publishedOf(list[start] as T) })) start++;
    return start === 0 ? list : list.slice(start);
  }

  const feedArticles = (view: ContentView, feed: FeedRef) =>
    visible(view, listsOf(feed).articles, (article) => article.published);
  const feedPlaces = (view: ContentView, feed: FeedRef) =>
    visible(view, listsOf(feed).places, (place) => place.published);

  /** `limit` items of a newest-first list from its `offset`-th oldest on, still newest first. */
  function fromOldestOf<T>(list: readonly T[], offset: number, limit: number): T[] {
    const end = list.length - offset;
    return end <= 0 ? [] : list.slice(Math.max(0, end - limit), end);
  }

  function heldBy(places: readonly Place[]): FeedPlaces {
    return {
      articles: places.flatMap((place) => place.article ?? []),
      retracted: places.flatMap((place) => place.retracted ?? []),
    };
  }

  /** A family as its visible members show it; undefined when it has none. */
  function summary(kind: FamilyKind, slug: string, members: readonly Member[]): FamilySummary | undefined {
    const newest = members.find((member) => member.place.article) ?? members[0];
    if (!newest) return undefined;
    const count = members.filter((member) => member.place.article).length;
    return { kind, slug, name: newest.name, count, places: members.length };
  }

  const visibleMembers = (view: ContentView, members: readonly Member[]) =>
    visible(view, members, (member) => member.place.published);

  /** What a slug or short code names: the article, or the retracted one that had it. */
  function lookup(view: ContentView, place: Place | undefined): ArticleLookup | undefined {
    if (!place || !isVisible(view, place)) return undefined;
    return place.article
      ? { kind: "article", article: place.article }
      : { kind: "removed", ...(place.retracted ? { retracted: place.retracted } : {}) };
  }

  return {
    async snapshot(nowMs) {
      const upcoming: string[] = [];
      for (const article of metas) {
        if (Date.parse(article.published) <= nowMs) break;
        upcoming.unshift(article.published);
      }
      for (const record of retracted) {
        const expiry = tombstoneExpiry(record.retraction.date);
        if (Date.parse(expiry) > nowMs) upcoming.push(expiry);
      }
      if (retracted.length > 0) upcoming.sort();
      return { version: content.version, generation: 1, upcoming };
    },
    async count(view, feed) {
      return feedArticles(view, feed).length;
    },
    async places(view, feed) {
      return feedPlaces(view, feed).length;
    },
    async newest(view, feed, limit) {
      return feedArticles(view, feed).slice(0, limit);
    },
    async newestPlaces(view, feed, limit) {
      return heldBy(feedPlaces(view, feed).slice(0, limit));
    },
    async fromOldest(view, feed, offset, limit) {
      return heldBy(fromOldestOf(feedPlaces(view, feed), offset, limit));
    },
    async tombstones(view, feed) {
      const cutoff = tombstoneCutoff(view);
      if (cutoff === undefined) return [];
      return feedPlaces(view, feed)
        .flatMap((place) =>
          place.retracted && place.retracted.retraction.date >= cutoff ? [place.retracted] : [],
        )
        .sort((a, b) =>
          a.retraction.date !== b.retraction.date
            ? a.retraction.date < b.retraction.date
              ? 1
              : -1
            : compareNewestFirst(a, b),
        );
    },
    async latestUpdate(view, feed) {
      return newestUpdate(feedArticles(view, feed));
    },
    async updatesFromOldest(view, offset, limit) {
      const articles = fromOldestOf(feedArticles(view, { kind: "site" }), offset, limit);
      return articles.map(({ slug, updated }) => ({ slug, updated })).reverse();
    },
    async newestUpdatePerPage(view, size) {
      const articles = feedArticles(view, { kind: "site" });
      const pages: string[] = [];
      articles.forEach((article, index) => {
        // Positions count from the oldest, the end of this newest-first list.
        const page = Math.floor((articles.length - 1 - index) / size);
        const newest = pages[page];
        if (newest === undefined || article.updated > newest) pages[page] = article.updated;
      });
      return pages;
    },
    async newestUpdatePerFamily(view, kind) {
      const found: FamilyUpdate[] = [];
      for (const slug of familiesOf(kind).keys()) {
        const updated = newestUpdate(feedArticles(view, { kind, slug }));
        if (updated !== undefined) found.push({ slug, updated });
      }
      return found;
    },
    async publishedAfter(view, after, limit) {
      const articles = feedArticles(view, { kind: "site" });
      let end = 0;
      while (end < limit && end < articles.length && (articles[end] as ArticleMeta).published > after) end++;
      return articles.slice(0, end);
    },
    async family(view, kind, slug) {
      const members = familiesOf(kind).get(slug);
      return members && summary(kind, slug, visibleMembers(view, members));
    },
    async families(view, kind) {
      const found: FamilySummary[] = [];
      for (const [slug, members] of familiesOf(kind)) {
        const family = summary(kind, slug, visibleMembers(view, members));
        if (family && family.count > 0) found.push(family);
      }
      return found;
    },
    async article(view, slug): Promise<ArticleLookup> {
      const { bySlug, renamed } = indexed();
      const place = bySlug.get(slug);
      const found = lookup(view, place);
      if (found) return found;
      const target = lookup(view, renamed.get(slug));
      if (target) return target.kind === "article" ? { kind: "renamed", slug: target.article.slug } : target;
      if (!place && removed.has(slug)) return { kind: "removed" };
      return { kind: "none" };
    },
    async byShortCode(view, code) {
      return lookup(view, indexed().byShortCode.get(code)) ?? { kind: "none" };
    },
    async getArticleHtml(_view, slug) {
      const html = bodies.get(slug);
      if (html === undefined) throw new MissingBodyError(slug);
      return html;
    },
  };
}

function placeOf(
  item: { published: string; id: string; slug: string },
  holds: Pick<Place, "article" | "retracted">,
): Place {
  return { published: item.published, id: item.id, slug: item.slug, ...holds };
}
