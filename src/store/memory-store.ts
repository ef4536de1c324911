import { siteSettings } from "../config/site";
import { type BuiltContent, newestUpdate } from "../content/built-content";
import type { ArticleMeta } from "../content/schema";
import { slugify } from "../lib/slug";
import type { FamilyKind } from "../urls/url-map";
import {
  type ArticleLookup,
  type ContentStore,
  type ContentView,
  type FamilySummary,
  type FamilyUpdate,
  type FeedRef,
  filedUnder,
  MissingBodyError,
} from "./content-store";

interface Member {
  article: ArticleMeta;
  /** The spelling this article uses for the family. */
  name: string;
}

export interface MemoryStoreOptions {
  /** Credited on articles that name no author; the site setting by default. */
  defaultAuthor?: string;
  /** Slugs of articles taken down: their addresses answer 410. */
  removed?: readonly string[];
}

/**
 * Content held in memory: the store for tests, the benchmark and tools that build content in
 * process, and the reference the D1 store is checked against. Indexes are built on first use, so a
 * request for one feed does not pay for grouping every tag.
 */
export function createMemoryStore(content: BuiltContent, options: MemoryStoreOptions = {}): ContentStore {
  const defaultAuthor = options.defaultAuthor ?? siteSettings.defaultAuthor;
  const removed = new Set(options.removed ?? []);
  const metas: readonly ArticleMeta[] = content.articles.map(({ html: _html, ...meta }) => meta);
  const bodies = new Map(content.articles.map((article) => [article.slug, article.html]));
  let indexes:
    | {
        bySlug: Map<string, ArticleMeta>;
        renamed: Map<string, string>;
        byShortCode: Map<string, ArticleMeta>;
      }
    | undefined;
  const families = new Map<FamilyKind, Map<string, Member[]>>();

  function indexed() {
    if (!indexes) {
      indexes = { bySlug: new Map(), renamed: new Map(), byShortCode: new Map() };
      for (const article of metas) {
        indexes.bySlug.set(article.slug, article);
        indexes.byShortCode.set(article.shortCode, article);
        for (const former of article.formerSlugs) indexes.renamed.set(former, article.slug);
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
      for (const article of metas) {
        for (const { slug, name } of filedUnder(kind, article, defaultAuthor, slugOf)) {
          let members = bySlug.get(slug);
          if (!members) {
            members = [];
            bySlug.set(slug, members);
          }
          members.push({ article, name });
        }
      }
      grouped = new Map([...bySlug].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      families.set(kind, grouped);
    }
    return grouped;
  }

  const isVisible = (view: ContentView, article: ArticleMeta) =>
    view.before === undefined || article.published < view.before;

  /** A newest-first list without its not-yet-visible head (scheduled articles are the newest). */
  function visible<T>(
    view: ContentView,
    list: readonly T[],
    articleOf: (item: T) => ArticleMeta,
  ): readonly T[] {
    let start = 0;
    while (start < list.length && !isVisible(view, articleOf(list[start] as T))) start++;
    return start === 0 ? list : list.slice(start);
  }

  function feedArticles(view: ContentView, feed: FeedRef): readonly ArticleMeta[] {
    if (feed.kind === "site") return visible(view, metas, (article) => article);
    const members = familiesOf(feed.kind).get(feed.slug) ?? [];
    return visible(view, members, (member) => member.article).map((member) => member.article);
  }

  /** `limit` articles of a newest-first list from its `offset`-th oldest on, still newest first. */
  function fromOldestOf<T>(list: readonly T[], offset: number, limit: number): T[] {
    const end = list.length - offset;
    return end <= 0 ? [] : list.slice(Math.max(0, end - limit), end);
  }

  function summary(kind: FamilyKind, slug: string, members: readonly Member[]): FamilySummary | undefined {
    const newest = members[0];
    return newest ? { kind, slug, name: newest.name, count: members.length } : undefined;
  }

  return {
    async snapshot(nowMs) {
      const upcoming: string[] = [];
      for (const article of metas) {
        if (Date.parse(article.published) <= nowMs) break;
        upcoming.unshift(article.published);
      }
      return { version: content.version, generation: 1, upcoming };
    },
    async count(view, feed) {
      return feedArticles(view, feed).length;
    },
    async newest(view, feed, limit) {
      return feedArticles(view, feed).slice(0, limit);
    },
    async fromOldest(view, feed, offset, limit) {
      return fromOldestOf(feedArticles(view, feed), offset, limit);
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
      for (const [slug, members] of familiesOf(kind)) {
        const updated = newestUpdate(
          visible(view, members, (member) => member.article).map(({ article }) => article),
        );
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
      return (
        members &&
        summary(
          kind,
          slug,
          visible(view, members, (member) => member.article),
        )
      );
    },
    async families(view, kind) {
      const found: FamilySummary[] = [];
      for (const [slug, members] of familiesOf(kind)) {
        const family = summary(
          kind,
          slug,
          visible(view, members, (member) => member.article),
        );
        if (family) found.push(family);
      }
      return found;
    },
    async article(view, slug): Promise<ArticleLookup> {
      const { bySlug, renamed } = indexed();
      const article = bySlug.get(slug);
      if (article && isVisible(view, article)) return { kind: "article", article };
      const renamedTo = renamed.get(slug);
      const target = renamedTo === undefined ? undefined : bySlug.get(renamedTo);
      if (target && isVisible(view, target)) return { kind: "renamed", slug: target.slug };
      if (!article && removed.has(slug)) return { kind: "removed" };
      return { kind: "none" };
    },
    async byShortCode(view, code) {
      const article = indexed().byShortCode.get(code);
      return article && isVisible(view, article) ? article : undefined;
    },
    async getArticleHtml(_view, slug) {
      const html = bodies.get(slug);
      if (html === undefined) throw new MissingBodyError(slug);
      return html;
    },
  };
}
