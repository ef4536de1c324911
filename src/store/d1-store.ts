import type { ArticleMeta } from "../content/schema";
import type { FamilyKind } from "../urls/url-map";
import {
  type ArticleLookup,
  type ArticleUpdate,
  type ContentStore,
  type ContentView,
  type FamilySummary,
  type FamilyUpdate,
  type FeedRef,
  MissingBodyError,
} from "./content-store";

/**
 * The content store on Cloudflare D1 (schema: migrations/). Every query reads one generation (see
 * migrations/0001_content.sql) and, for what is visible, only articles published before the view's
 * next scheduled publication; each is an index range or a single-row lookup, never a scan of every
 * article. Parameters are numbered (?1, ?2…) and reused, far below D1's 100 bound parameters.
 */

/** Rows of generation ?1 (alias `t`). */
const visible = (t: string) => `${t}.gen_from <= ?1 AND (${t}.gen_to IS NULL OR ${t}.gen_to > ?1)`;
/** …published before ?2, when ?2 is not NULL (the next scheduled publication). */
const before = (t: string) => `(?2 IS NULL OR ${t}.published < ?2)`;

const EMPTY_VERSION = "empty";

function metaOf(row: { meta: string } | null): ArticleMeta | undefined {
  return row ? (JSON.parse(row.meta) as ArticleMeta) : undefined;
}

function metasOf(rows: { meta: string }[]): ArticleMeta[] {
  return rows.map((row) => JSON.parse(row.meta) as ArticleMeta);
}

export function createD1Store(db: D1Database): ContentStore {
  const bind = (sql: string, view: ContentView, ...more: unknown[]) =>
    db.prepare(sql).bind(view.generation, view.before ?? null, ...more);

  /** Articles of the feed scheduled at or after the view's `before`: not yet visible. */
  async function notYetVisible(view: ContentView, feed: FeedRef): Promise<number> {
    if (view.before === undefined) return 0;
    const row =
      feed.kind === "site"
        ? await bind(
            `SELECT COUNT(*) AS n FROM articles a WHERE ${visible("a")} AND a.published >= ?2`,
            view,
          ).first<{
            n: number;
          }>()
        : await bind(
            `SELECT COUNT(*) AS n FROM memberships m WHERE m.kind = ?3 AND m.slug = ?4 AND ${visible("m")} AND m.published >= ?2`,
            view,
            feed.kind,
            feed.slug,
          ).first<{ n: number }>();
    return row?.n ?? 0;
  }

  async function storedCount(view: ContentView, kind: string, slug: string): Promise<number> {
    const row = await bind(
      `SELECT c.count FROM feed_counts c WHERE c.kind = ?3 AND c.slug = ?4 AND ${visible("c")}`,
      view,
      kind,
      slug,
    ).first<{ count: number }>();
    return row?.count ?? 0;
  }

  async function count(view: ContentView, feed: FeedRef): Promise<number> {
    const [total, later] = await Promise.all([
      storedCount(view, feed.kind, feed.kind === "site" ? "" : feed.slug),
      notYetVisible(view, feed),
    ]);
    return total - later;
  }

  /** A feed's visible articles in one order, as a statement with LIMIT ?3 OFFSET ?4. */
  function ordered(view: ContentView, feed: FeedRef, newestFirst: boolean, limit: number, offset: number) {
    const order = newestFirst ? "published DESC, id ASC" : "published ASC, id DESC";
    if (feed.kind === "site") {
      return bind(
        `SELECT a.meta FROM articles a WHERE ${visible("a")} AND ${before("a")} ORDER BY a.${order.replace(", ", ", a.")} LIMIT ?3 OFFSET ?4`,
        view,
        limit,
        offset,
      );
    }
    return bind(
      `SELECT a.meta FROM memberships m JOIN articles a ON a.slug = m.article AND ${visible("a")}
       WHERE m.kind = ?5 AND m.slug = ?6 AND ${visible("m")} AND ${before("m")}
       ORDER BY m.${order.replace(", ", ", m.")} LIMIT ?3 OFFSET ?4`,
      view,
      limit,
      offset,
      feed.kind,
      feed.slug,
    );
  }

  return {
    async snapshot(nowMs) {
      const now = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, "Z");
      const publication = await db
        .prepare("SELECT generation, version FROM publication WHERE id = 1")
        .first<{ generation: number; version: string }>();
      if (!publication) return { version: EMPTY_VERSION, generation: 0, upcoming: [] };
      const upcoming = await db
        .prepare(
          `SELECT a.published FROM articles a WHERE ${visible("a")} AND a.published > ?2 ORDER BY a.published`,
        )
        .bind(publication.generation, now)
        .all<{ published: string }>();
      return {
        version: `${publication.version}.${publication.generation}`,
        generation: publication.generation,
        upcoming: upcoming.results.map((row) => row.published),
      };
    },
    count,
    async newest(view, feed, limit) {
      return metasOf((await ordered(view, feed, true, limit, 0).all<{ meta: string }>()).results);
    },
    async fromOldest(view, feed, offset, limit) {
      const rows = (await ordered(view, feed, false, limit, offset).all<{ meta: string }>()).results;
      return metasOf(rows).reverse();
    },
    async latestUpdate(view, feed) {
      const row =
        feed.kind === "site"
          ? await bind(
              `SELECT MAX(a.updated) AS latest FROM articles a WHERE ${visible("a")} AND ${before("a")}`,
              view,
            ).first<{
              latest: string | null;
            }>()
          : await bind(
              `SELECT MAX(m.updated) AS latest FROM memberships m WHERE m.kind = ?3 AND m.slug = ?4 AND ${visible("m")} AND ${before("m")}`,
              view,
              feed.kind,
              feed.slug,
            ).first<{ latest: string | null }>();
      return row?.latest ?? undefined;
    },
    async updatesFromOldest(view, offset, limit) {
      const rows = await bind(
        `SELECT a.slug, a.updated FROM articles a WHERE ${visible("a")} AND ${before("a")}
         ORDER BY a.published ASC, a.id DESC LIMIT ?3 OFFSET ?4`,
        view,
        limit,
        offset,
      ).all<ArticleUpdate>();
      return rows.results.map(({ slug, updated }) => ({ slug, updated }));
    },
    async newestUpdatePerPage(view, size) {
      // Positions numbered from 0 at the oldest; integer division by the page size names the page.
      const rows = await bind(
        `SELECT MAX(updated) AS latest FROM (
           SELECT a.updated, (ROW_NUMBER() OVER (ORDER BY a.published ASC, a.id DESC) - 1) / CAST(?3 AS INTEGER) AS page
           FROM articles a WHERE ${visible("a")} AND ${before("a")})
         GROUP BY page ORDER BY page`,
        view,
        size,
      ).all<{ latest: string }>();
      return rows.results.map((row) => row.latest);
    },
    async newestUpdatePerFamily(view, kind) {
      const rows = await bind(
        `SELECT m.slug, MAX(m.updated) AS updated FROM memberships m
         WHERE m.kind = ?3 AND ${visible("m")} AND ${before("m")} GROUP BY m.slug`,
        view,
        kind,
      ).all<FamilyUpdate>();
      // Sorted here, by UTF-16 code units as everywhere else, not by SQLite's byte order.
      return rows.results
        .map(({ slug, updated }) => ({ slug, updated }))
        .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    },
    async publishedAfter(view, after, limit) {
      const rows = await bind(
        `SELECT a.meta FROM articles a WHERE ${visible("a")} AND ${before("a")} AND a.published > ?3
         ORDER BY a.published DESC, a.id ASC LIMIT ?4`,
        view,
        after,
        limit,
      ).all<{ meta: string }>();
      return metasOf(rows.results);
    },
    async family(view, kind, slug) {
      const newest = await bind(
        `SELECT m.name FROM memberships m WHERE m.kind = ?3 AND m.slug = ?4 AND ${visible("m")} AND ${before("m")}
         ORDER BY m.published DESC, m.id ASC LIMIT 1`,
        view,
        kind,
        slug,
      ).first<{ name: string }>();
      if (!newest) return undefined;
      return { kind, slug, name: newest.name, count: await count(view, { kind, slug }) };
    },
    async families(view, kind) {
      const rows = await bind(
        `SELECT slug, name, n FROM (
           SELECT m.slug, m.name, COUNT(*) OVER (PARTITION BY m.slug) AS n,
                  ROW_NUMBER() OVER (PARTITION BY m.slug ORDER BY m.published DESC, m.id ASC) AS rank
           FROM memberships m WHERE m.kind = ?3 AND ${visible("m")} AND ${before("m")})
         WHERE rank = 1`,
        view,
        kind,
      ).all<{ slug: string; name: string; n: number }>();
      // Sorted here, by UTF-16 code units as everywhere else, not by SQLite's byte order.
      return rows.results
        .map(
          (row): FamilySummary => ({
            kind: kind as FamilyKind,
            slug: row.slug,
            name: row.name,
            count: row.n,
          }),
        )
        .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    },
    async article(view, slug): Promise<ArticleLookup> {
      const article = metaOf(
        await bind(
          `SELECT a.meta FROM articles a WHERE a.slug = ?3 AND ${visible("a")} AND ${before("a")}`,
          view,
          slug,
        ).first(),
      );
      if (article) return { kind: "article", article };
      const renamed = await bind(
        `SELECT a.slug FROM former_slugs f JOIN articles a ON a.slug = f.slug AND ${visible("a")} AND ${before("a")}
         WHERE f.former = ?3 AND ${visible("f")}`,
        view,
        slug,
      ).first<{ slug: string }>();
      if (renamed) return { kind: "renamed", slug: renamed.slug };
      const exists = await bind(
        `SELECT 1 AS yes FROM articles a WHERE a.slug = ?3 AND ${visible("a")}`,
        view,
        slug,
      ).first();
      if (exists) return { kind: "none" };
      const removed = await bind(
        `SELECT 1 AS yes FROM removed r WHERE r.slug = ?3 AND ${visible("r")}`,
        view,
        slug,
      ).first();
      return removed ? { kind: "removed" } : { kind: "none" };
    },
    async byShortCode(view, code) {
      return metaOf(
        await bind(
          `SELECT a.meta FROM articles a WHERE a.short_code = ?3 AND ${visible("a")} AND ${before("a")}`,
          view,
          code,
        ).first(),
      );
    },
    async getArticleHtml(view, slug) {
      const row = await db
        .prepare(
          `SELECT b.html FROM articles a JOIN bodies b ON b.hash = a.body_hash WHERE a.slug = ?2 AND ${visible("a")}`,
        )
        .bind(view.generation, slug)
        .first<{ html: string }>();
      if (!row) throw new MissingBodyError(slug);
      return row.html;
    },
  };
}
