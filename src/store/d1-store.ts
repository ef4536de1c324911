import type { ArticleMeta, RetractedArticle } from "../content/schema";
import type { FamilyKind } from "../urls/url-map";
import {
  type ArticleLookup,
  type ArticleUpdate,
  type ContentStore,
  type ContentView,
  type FamilySummary,
  type FamilyUpdate,
  type FeedPlaces,
  type FeedRef,
  MissingBodyError,
  TOMBSTONE_DAYS,
  tombstoneCutoff,
  tombstoneExpiry,
} from "./content-store";

/**
 * The content store on Cloudflare D1 (schema: migrations/). Every query reads one generation (see
 * migrations/0001_content.sql) and, for what is visible, only articles published before the view's
 * next scheduled publication; each is an index range or a single-row lookup, never a scan of every
 * article. Parameters are numbered (?1, ?2…) and reused, far below D1's 100 bound parameters.
 *
 * A retracted article keeps its rows (migrations/0007_retractions.sql): `retracted` holds its date,
 * its `meta` what is kept of it (RetractedArticle), and it has no body. It holds its place in the
 * order of its feeds (archive pages never shift), answers 410 at its addresses, and is left out of
 * everything that lists articles.
 */

/** Rows of generation ?1 (alias `t`). */
const visible = (t: string) => `${t}.gen_from <= ?1 AND (${t}.gen_to IS NULL OR ${t}.gen_to > ?1)`;
/** …published before ?2, when ?2 is not NULL (the next scheduled publication). */
const before = (t: string) => `(?2 IS NULL OR ${t}.published < ?2)`;
/** …and not retracted. */
const live = (t: string) => `${t}.retracted IS NULL`;

const EMPTY_VERSION = "empty";
const TOMBSTONE_MS = TOMBSTONE_DAYS * 86_400_000;

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** An article row as the queries that may meet retracted ones read it. */
interface PlaceRow {
  meta: string;
  retracted: string | null;
}

function metasOf(rows: { meta: string }[]): ArticleMeta[] {
  return rows.map((row) => JSON.parse(row.meta) as ArticleMeta);
}

/** What rows of places hold: the articles, and the retracted ones. */
function placesOf(rows: readonly PlaceRow[]): FeedPlaces {
  const held: FeedPlaces = { articles: [], retracted: [] };
  for (const row of rows) {
    if (row.retracted === null) held.articles.push(JSON.parse(row.meta) as ArticleMeta);
    else held.retracted.push(JSON.parse(row.meta) as RetractedArticle);
  }
  return held;
}

/** What an address that names this row answers: the article, or its retraction; undefined for no row. */
function lookupOf(row: PlaceRow | null): ArticleLookup | undefined {
  if (!row) return undefined;
  return row.retracted === null
    ? { kind: "article", article: JSON.parse(row.meta) as ArticleMeta }
    : { kind: "removed", retracted: JSON.parse(row.meta) as RetractedArticle };
}

export function createD1Store(db: D1Database): ContentStore {
  const bind = (sql: string, view: ContentView, ...more: unknown[]) =>
    db.prepare(sql).bind(view.generation, view.before ?? null, ...more);

  /** Places of the feed scheduled at or after the view's `before`, not yet visible: all, and articles. */
  async function notYetVisible(
    view: ContentView,
    feed: FeedRef,
  ): Promise<{ places: number; articles: number }> {
    if (view.before === undefined) return { places: 0, articles: 0 };
    const counted = "COUNT(*) AS places, COALESCE(SUM(retracted IS NULL), 0) AS articles";
    const row =
      feed.kind === "site"
        ? await bind(
            `SELECT ${counted} FROM articles a WHERE ${visible("a")} AND a.published >= ?2`,
            view,
          ).first<{ places: number; articles: number }>()
        : await bind(
            `SELECT ${counted} FROM memberships m WHERE m.kind = ?3 AND m.slug = ?4 AND ${visible("m")} AND m.published >= ?2`,
            view,
            feed.kind,
            feed.slug,
          ).first<{ places: number; articles: number }>();
    return { places: row?.places ?? 0, articles: row?.articles ?? 0 };
  }

  /** How many articles and places a feed has: its stored counts, less what is not yet visible. */
  async function sizes(view: ContentView, feed: FeedRef): Promise<{ count: number; places: number }> {
    const [stored, later] = await Promise.all([
      bind(
        `SELECT c.count, c.retracted FROM feed_counts c WHERE c.kind = ?3 AND c.slug = ?4 AND ${visible("c")}`,
        view,
        feed.kind,
        feed.kind === "site" ? "" : feed.slug,
      ).first<{ count: number; retracted: number }>(),
      notYetVisible(view, feed),
    ]);
    const count = stored?.count ?? 0;
    return { count: count - later.articles, places: count + (stored?.retracted ?? 0) - later.places };
  }

  /**
   * A feed's visible places in one order (or only its articles, `onlyArticles`), as a statement with
   * LIMIT ?3 OFFSET ?4.
   */
  function ordered(
    view: ContentView,
    feed: FeedRef,
    options: { newestFirst: boolean; onlyArticles: boolean; limit: number; offset: number },
  ) {
    const order = options.newestFirst ? "published DESC, id ASC" : "published ASC, id DESC";
    const { limit, offset } = options;
    if (feed.kind === "site") {
      const articles = options.onlyArticles ? ` AND ${live("a")}` : "";
      return bind(
        `SELECT a.meta, a.retracted FROM articles a WHERE ${visible("a")} AND ${before("a")}${articles}
         ORDER BY a.${order.replace(", ", ", a.")} LIMIT ?3 OFFSET ?4`,
        view,
        limit,
        offset,
      );
    }
    const articles = options.onlyArticles ? ` AND ${live("m")}` : "";
    return bind(
      `SELECT a.meta, a.retracted FROM memberships m JOIN articles a ON a.slug = m.article AND ${visible("a")}
       WHERE m.kind = ?5 AND m.slug = ?6 AND ${visible("m")} AND ${before("m")}${articles}
       ORDER BY m.${order.replace(", ", ", m.")} LIMIT ?3 OFFSET ?4`,
      view,
      limit,
      offset,
      feed.kind,
      feed.slug,
    );
  }

  /** The newest spelling of a family among its visible memberships (`condition` narrows them). */
  async function newestName(
    view: ContentView,
    kind: FamilyKind,
    slug: string,
    condition: string,
  ): Promise<string | undefined> {
    const row = await bind(
      `SELECT m.name FROM memberships m WHERE m.kind = ?3 AND m.slug = ?4 AND ${visible("m")} AND ${before("m")}${condition}
       ORDER BY m.published DESC, m.id ASC LIMIT 1`,
      view,
      kind,
      slug,
    ).first<{ name: string }>();
    return row?.name;
  }

  return {
    async snapshot(nowMs) {
      const now = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, "Z");
      const publication = await db
        .prepare("SELECT generation, version FROM publication WHERE id = 1")
        .first<{ generation: number; version: string }>();
      if (!publication) return { version: EMPTY_VERSION, generation: 0, upcoming: [] };
      // Scheduled publications, and the expiries of tombstones (retracted after ?3 expire after ?2).
      const changes = await db
        .prepare(
          `SELECT a.published AS at, 0 AS expires FROM articles a WHERE ${visible("a")} AND a.published > ?2
           UNION ALL
           SELECT a.retracted AS at, 1 AS expires FROM articles a
           WHERE a.retracted IS NOT NULL AND a.retracted > ?3 AND ${visible("a")}`,
        )
        .bind(publication.generation, now, isoSeconds(Date.parse(now) - TOMBSTONE_MS))
        .all<{ at: string; expires: number }>();
      return {
        version: `${publication.version}.${publication.generation}`,
        generation: publication.generation,
        upcoming: changes.results.map((row) => (row.expires ? tombstoneExpiry(row.at) : row.at)).sort(),
      };
    },
    async count(view, feed) {
      return (await sizes(view, feed)).count;
    },
    async places(view, feed) {
      return (await sizes(view, feed)).places;
    },
    async newest(view, feed, limit) {
      const statement = ordered(view, feed, { newestFirst: true, onlyArticles: true, limit, offset: 0 });
      return metasOf((await statement.all<PlaceRow>()).results);
    },
    async newestPlaces(view, feed, limit) {
      const statement = ordered(view, feed, { newestFirst: true, onlyArticles: false, limit, offset: 0 });
      return placesOf((await statement.all<PlaceRow>()).results);
    },
    async fromOldest(view, feed, offset, limit) {
      const statement = ordered(view, feed, { newestFirst: false, onlyArticles: false, limit, offset });
      return placesOf((await statement.all<PlaceRow>()).results.reverse());
    },
    async tombstones(view, feed) {
      const cutoff = tombstoneCutoff(view);
      if (cutoff === undefined) return [];
      // Few rows: the partial indexes of migration 0007 hold the retracted ones only.
      const rows =
        feed.kind === "site"
          ? await bind(
              `SELECT a.meta FROM articles a
               WHERE a.retracted IS NOT NULL AND a.retracted >= ?3 AND ${visible("a")} AND ${before("a")}
               ORDER BY a.retracted DESC, a.published DESC, a.id ASC`,
              view,
              cutoff,
            ).all<{ meta: string }>()
          : await bind(
              `SELECT a.meta FROM memberships m JOIN articles a ON a.slug = m.article AND ${visible("a")}
               WHERE m.kind = ?4 AND m.slug = ?5 AND m.retracted IS NOT NULL AND m.retracted >= ?3
                 AND ${visible("m")} AND ${before("m")}
               ORDER BY m.retracted DESC, m.published DESC, m.id ASC`,
              view,
              cutoff,
              feed.kind,
              feed.slug,
            ).all<{ meta: string }>();
      return rows.results.map((row) => JSON.parse(row.meta) as RetractedArticle);
    },
    async latestUpdate(view, feed) {
      const row =
        feed.kind === "site"
          ? await bind(
              `SELECT MAX(a.updated) AS latest FROM articles a WHERE ${visible("a")} AND ${before("a")} AND ${live("a")}`,
              view,
            ).first<{
              latest: string | null;
            }>()
          : await bind(
              `SELECT MAX(m.updated) AS latest FROM memberships m
               WHERE m.kind = ?3 AND m.slug = ?4 AND ${visible("m")} AND ${before("m")} AND ${live("m")}`,
              view,
              feed.kind,
              feed.slug,
            ).first<{ latest: string | null }>();
      return row?.latest ?? undefined;
    },
    async updatesFromOldest(view, offset, limit) {
      const rows = await bind(
        `SELECT a.slug, a.updated FROM articles a WHERE ${visible("a")} AND ${before("a")} AND ${live("a")}
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
           FROM articles a WHERE ${visible("a")} AND ${before("a")} AND ${live("a")})
         GROUP BY page ORDER BY page`,
        view,
        size,
      ).all<{ latest: string }>();
      return rows.results.map((row) => row.latest);
    },
    async newestUpdatePerFamily(view, kind) {
      const rows = await bind(
        `SELECT m.slug, MAX(m.updated) AS updated FROM memberships m
         WHERE m.kind = ?3 AND ${visible("m")} AND ${before("m")} AND ${live("m")} GROUP BY m.slug`,
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
        `SELECT a.meta FROM articles a WHERE ${visible("a")} AND ${before("a")} AND ${live("a")} AND a.published > ?3
         ORDER BY a.published DESC, a.id ASC LIMIT ?4`,
        view,
        after,
        limit,
      ).all<{ meta: string }>();
      return metasOf(rows.results);
    },
    async family(view, kind, slug) {
      const name =
        (await newestName(view, kind, slug, ` AND ${live("m")}`)) ?? (await newestName(view, kind, slug, ""));
      if (name === undefined) return undefined;
      return { kind, slug, name, ...(await sizes(view, { kind, slug })) };
    },
    async families(view, kind) {
      // Shown under the newest article's spelling: articles rank before retracted ones.
      const rows = await bind(
        `SELECT slug, name, n, places FROM (
           SELECT m.slug, m.name, COUNT(*) OVER (PARTITION BY m.slug) AS places,
                  SUM(m.retracted IS NULL) OVER (PARTITION BY m.slug) AS n,
                  ROW_NUMBER() OVER (PARTITION BY m.slug ORDER BY m.retracted IS NOT NULL, m.published DESC, m.id ASC) AS rank
           FROM memberships m WHERE m.kind = ?3 AND ${visible("m")} AND ${before("m")})
         WHERE rank = 1 AND n > 0`,
        view,
        kind,
      ).all<{ slug: string; name: string; n: number; places: number }>();
      // Sorted here, by UTF-16 code units as everywhere else, not by SQLite's byte order.
      return rows.results
        .map(
          (row): FamilySummary => ({
            kind: kind as FamilyKind,
            slug: row.slug,
            name: row.name,
            count: row.n,
            places: row.places,
          }),
        )
        .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    },
    async article(view, slug): Promise<ArticleLookup> {
      const found = lookupOf(
        await bind(
          `SELECT a.meta, a.retracted FROM articles a WHERE a.slug = ?3 AND ${visible("a")} AND ${before("a")}`,
          view,
          slug,
        ).first<PlaceRow>(),
      );
      if (found) return found;
      const renamed = lookupOf(
        await bind(
          `SELECT a.meta, a.retracted FROM former_slugs f JOIN articles a ON a.slug = f.slug AND ${visible("a")} AND ${before("a")}
           WHERE f.former = ?3 AND ${visible("f")}`,
          view,
          slug,
        ).first<PlaceRow>(),
      );
      if (renamed)
        return renamed.kind === "article" ? { kind: "renamed", slug: renamed.article.slug } : renamed;
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
      const row = await bind(
        `SELECT a.meta, a.retracted FROM articles a WHERE a.short_code = ?3 AND ${visible("a")} AND ${before("a")}`,
        view,
        code,
      ).first<PlaceRow>();
      return lookupOf(row) ?? { kind: "none" };
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
