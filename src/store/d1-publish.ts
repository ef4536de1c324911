import type { BuiltContent } from "../content/built-content";
import { retractedOf } from "../content/retracted";
import type { Article, ArticleOutline, RetractedArticle } from "../content/schema";
import { toUtcIso } from "../lib/dates";
import { slugify } from "../lib/slug";
import { familyKinds } from "../urls/url-map";
import { type FeedRef, filedUnder } from "./content-store";

/**
 * Publishing into the D1 store: writes only what changed since the last publish, and switches
 * readers to it in one final statement (see migrations/0001_content.sql). Runs wherever a D1
 * database is reachable: `npm run publish` (local or remote), `npm run dev`, and the workerd tests.
 */

type Value = string | number | null;

/** D1's limits per statement: bound parameters, and the statement's length when they are written out. */
const MAX_PARAMETERS = 100;
const MAX_VALUE_CHARACTERS = 80_000;

/**
 * Multi-row INSERTs of `rows` (each a row's values in column order): as many rows per statement as
 * D1's limits allow, so that a publish of thousands of articles is hundreds of statements, not
 * tens of thousands.
 */
function insertRows(prefix: string, rows: readonly Value[][]): Statement[] {
  const statements: Statement[] = [];
  let chunk: Value[][] = [];
  let characters = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    let index = 0;
    const tuples = chunk.map((row) => `(${row.map(() => `?${++index}`).join(", ")})`);
    statements.push({ sql: `${prefix} VALUES ${tuples.join(", ")}`, params: chunk.flat() });
    chunk = [];
    characters = 0;
  };
  for (const row of rows) {
    const size = row.reduce<number>((sum, value) => sum + (typeof value === "string" ? value.length : 8), 0);
    const parameters = (chunk.length + 1) * row.length;
    if (chunk.length > 0 && (parameters > MAX_PARAMETERS || characters + size > MAX_VALUE_CHARACTERS))
      flush();
    chunk.push(row);
    characters += size;
  }
  flush();
  return statements;
}

export interface Statement {
  sql: string;
  params: readonly (string | number | null)[];
}

/** Where statements run: a D1 binding, or wrangler's command line for a remote database. */
export interface SqlTarget {
  query<Row>(sql: string, params?: readonly (string | number | null)[]): Promise<Row[]>;
  /** Runs the statements in order; returns how many rows they wrote. */
  execute(statements: readonly Statement[]): Promise<number>;
}

/**
 * What the database held after a publish, as far as the next publish needs to know: a publisher
 * that keeps it (scripts/lib/publish-state.ts) diffs its next publish against it instead of reading
 * every article's row, as long as the database is still at that very publish.
 */
export interface PublishedState {
  generation: number;
  /** When that generation was published (the publication row's published_at). */
  publishedAt: string;
  version: string;
  /** Publish hash by slug, of every article published or retracted. */
  hashes: Map<string, string>;
  /** Size of every feed, by "kind/slug" (the site's feed is "site/"). */
  counts: Map<string, FeedCount>;
  /** The retracted articles (by their front matter, or by the removal of their file), by slug. */
  retracted: Map<string, RetractedArticle>;
  /** Slugs removed before retractions were kept (migration 0007): they answer 410 Gone. */
  removed: Set<string>;
}

/** How many articles a feed holds, and how many retracted articles hold a place in it. */
export interface FeedCount {
  articles: number;
  retracted: number;
}

/** An article a publish retracted, with every feed it was in: the feeds whose readers must hear of it. */
export interface RetractedFeeds {
  slug: string;
  /** Its entry id (the ref of its Atom tombstones). */
  id: string;
  /** The site's feed and each family's it was filed under. */
  feeds: FeedRef[];
}

export interface PublishReport {
  generation: number;
  /** What the database holds now. */
  state: PublishedState;
  added: string[];
  /** Articles rewritten: edited, published again after a retraction, or a retraction reworded. */
  changed: string[];
  /**
   * Articles whose file is gone (or became a draft): retracted with no reason when they had been
   * published, dropped when they were not yet due (they never appeared).
   */
  removed: string[];
  /** Articles this publish retracted, by their front matter or by the removal of their file. */
  retracted: RetractedFeeds[];
  unchanged: number;
  /** Rows written, as the database counts them (0 when nothing changed). */
  rowsWritten: number;
}

const TABLES = ["articles", "memberships", "feed_counts", "former_slugs", "removed"] as const;

/**
 * What an article's publish hash is taken over: everything published about it (its metadata, its
 * body's hash) and the default author it is filed under when it names none. The build can compute
 * it beforehand (see ArticleHashes) so that a publish of thousands of unchanged articles hashes none.
 */
export function articleHashInput(meta: object, bodyHash: string, defaultAuthor: string): string {
  return JSON.stringify({ meta, bodyHash, defaultAuthor });
}

/**
 * What a retracted article's publish hash is taken over: what is kept of it, with no body (it is
 * published without its text, so an edit of its body writes nothing).
 */
export function retractedHashInput(record: RetractedArticle, defaultAuthor: string): string {
  return articleHashInput(record, "", defaultAuthor);
}

/** Hashes the build computed, by slug; each must be what publishContent would compute. */
export type ArticleHashes = ReadonlyMap<string, { hash: string; bodyHash: string }>;

export async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Every feed an article counts in: the site's ("site", "") and one per family slug. */
function feedsOf(
  article: Pick<ArticleOutline, "section" | "tags" | "authors">,
  defaultAuthor: string,
  slugOf: (name: string) => string,
): { kind: string; slug: string; name: string }[] {
  const feeds = [{ kind: "site", slug: "", name: "" }];
  for (const kind of familyKinds) {
    for (const { slug, name } of filedUnder(kind, article, defaultAuthor, slugOf)) {
      feeds.push({ kind, slug, name });
    }
  }
  return feeds;
}

/** slugify, each name once: thousands of articles share a few hundred names. */
function memoisedSlugify(): (name: string) => string {
  const slugs = new Map<string, string>();
  return (name) => {
    let slug = slugs.get(name);
    if (slug === undefined) {
      slug = slugify(name);
      slugs.set(name, slug);
    }
    return slug;
  };
}

/** Statements that undo what an interrupted publish left beyond the current generation. */
function cleanup(generation: number): Statement[] {
  return [
    ...TABLES.flatMap((table) => [
      { sql: `DELETE FROM ${table} WHERE gen_from > ?1`, params: [generation] },
      { sql: `UPDATE ${table} SET gen_to = NULL WHERE gen_to > ?1`, params: [generation] },
    ]),
    // Bodies the interrupted publish wrote for rows that are gone now.
    { sql: "DELETE FROM bodies WHERE hash NOT IN (SELECT body_hash FROM articles)", params: [] },
    { sql: "DELETE FROM publishing", params: [] },
  ];
}

/**
 * Statements `${prefix} (SELECT value FROM json_each(?1))`, ?1 a JSON list of slugs, with as many
 * slugs each as D1's statement length allows: one statement for thousands of slugs, not one each.
 */
function forSlugs(prefix: string, slugs: readonly string[]): Statement[] {
  const chunks: string[][] = [];
  let characters = Number.POSITIVE_INFINITY;
  for (const slug of slugs) {
    // A slug takes its length and three more characters (quotes and comma) in the list.
    if (characters + slug.length + 3 > MAX_VALUE_CHARACTERS) {
      chunks.push([]);
      characters = 0;
    }
    chunks.at(-1)?.push(slug);
    characters += slug.length + 3;
  }
  return chunks.map((chunk) => ({
    sql: `${prefix} (SELECT value FROM json_each(?1))`,
    params: [JSON.stringify(chunk)],
  }));
}

/**
 * The WebSub rows of what this publish wrote (migration 0006): an article it edited or removed
 * loses its row, and one it wrote with a publication time still to come gets one, so the
 * scheduled handler tells the hubs when it comes due. The publish tells them about the rest itself.
 */
function duePings(edited: readonly string[], scheduled: readonly Value[][]): Statement[] {
  return [
    ...forSlugs("DELETE FROM websub_due WHERE slug IN", edited),
    ...insertRows("INSERT OR REPLACE INTO websub_due (slug, due)", scheduled),
  ];
}

/** Statements that drop rows no reader can see any more (older than the previous generation). */
function collectGarbage(generation: number): Statement[] {
  return [
    // First the bodies only the rows about to go use (the indexes of migration 0003 keep it quick).
    {
      sql: `DELETE FROM bodies WHERE hash IN (SELECT body_hash FROM articles WHERE gen_to IS NOT NULL AND gen_to < ?1)
            AND NOT EXISTS (SELECT 1 FROM articles WHERE articles.body_hash = bodies.hash AND (articles.gen_to IS NULL OR articles.gen_to >= ?1))`,
      params: [generation],
    },
    ...TABLES.map((table) => ({
      sql: `DELETE FROM ${table} WHERE gen_to IS NOT NULL AND gen_to < ?1`,
      params: [generation],
    })),
  ];
}

const LIVE_ROWS = "gen_from <= ?1 AND (gen_to IS NULL OR gen_to > ?1)";

/** What generation `generation` of the database holds, read row by row. */
async function readState(
  target: SqlTarget,
  generation: number,
): Promise<Pick<PublishedState, "hashes" | "counts" | "retracted" | "removed">> {
  const [articleRows, countRows, retractedRows, removedRows] = await Promise.all([
    target.query<{ slug: string; hash: string }>(`SELECT slug, hash FROM articles WHERE ${LIVE_ROWS}`, [
      generation,
    ]),
    target.query<{ kind: string; slug: string; count: number; retracted: number }>(
      `SELECT kind, slug, count, retracted FROM feed_counts WHERE ${LIVE_ROWS}`,
      [generation],
    ),
    target.query<{ slug: string; meta: string }>(
      `SELECT slug, meta FROM articles WHERE retracted IS NOT NULL AND ${LIVE_ROWS}`,
      [generation],
    ),
    target.query<{ slug: string }>(`SELECT slug FROM removed WHERE ${LIVE_ROWS}`, [generation]),
  ]);
  return {
    hashes: new Map(articleRows.map((row) => [row.slug, row.hash])),
    counts: new Map(
      countRows.map((row) => [`${row.kind}/${row.slug}`, { articles: row.count, retracted: row.retracted }]),
    ),
    retracted: new Map(retractedRows.map((row) => [row.slug, JSON.parse(row.meta) as RetractedArticle])),
    removed: new Set(removedRows.map((row) => row.slug)),
  };
}

/**
 * The metadata of the articles with these slugs in generation `generation`: what an article whose
 * file is gone is retracted with. Few at a time (files removed since the last publish), in
 * statements of at most MAX_PARAMETERS parameters.
 */
async function readMetas(
  target: SqlTarget,
  generation: number,
  slugs: readonly string[],
): Promise<Map<string, Article>> {
  const metas = new Map<string, Article>();
  for (let start = 0; start < slugs.length; start += MAX_PARAMETERS - 1) {
    const chunk = slugs.slice(start, start + MAX_PARAMETERS - 1);
    const rows = await target.query<{ slug: string; meta: string }>(
      `SELECT slug, meta FROM articles WHERE retracted IS NULL AND ${LIVE_ROWS}
       AND slug IN (${chunk.map((_, index) => `?${index + 2}`).join(", ")})`,
      [generation, ...chunk],
    );
    for (const row of rows) metas.set(row.slug, JSON.parse(row.meta) as Article);
  }
  return metas;
}

/**
 * Publishes `content` to `target` (see publishIndex): the articles with their bodies, as the
 * development loop and the tests hold them.
 */
export async function publishContent(
  target: SqlTarget,
  content: BuiltContent,
  settings: { defaultAuthor: string; now?: Date; batchSize?: number; hashes?: ArticleHashes },
): Promise<PublishReport> {
  const whole = new Map<string, Article>();
  const hashes = new Map(settings.hashes ?? []);
  for (const article of content.articles) {
    whole.set(article.slug, article);
    if (hashes.has(article.slug)) continue;
    const { html, ...meta } = article;
    const bodyHash = await sha256(html);
    hashes.set(meta.slug, {
      bodyHash,
      hash: await sha256(articleHashInput(meta, bodyHash, settings.defaultAuthor)),
    });
  }
  const retracted = new Map<string, RetractedArticle>();
  for (const record of content.retracted ?? []) {
    retracted.set(record.slug, record);
    if (hashes.has(record.slug)) continue;
    hashes.set(record.slug, {
      bodyHash: "",
      hash: await sha256(retractedHashInput(record, settings.defaultAuthor)),
    });
  }
  const outlines = (content.retracted ?? []).map((record) => ({
    ...record,
    updated: record.retraction.date,
  }));
  return publishIndex(
    target,
    { version: content.version, articles: content.articles, retracted: outlines },
    {
      ...settings,
      hashes,
      article: async (slug) => {
        const article = whole.get(slug);
        if (!article) throw new Error(`publishContent: no article ${slug}`);
        return article;
      },
      retracted: async (slug) => {
        const record = retracted.get(slug);
        if (!record) throw new Error(`publishContent: no retracted article ${slug}`);
        return record;
      },
    },
  );
}

/**
 * Publishes the articles of `index` to `target`: validates nothing (the build did), diffs by the
 * publish hashes in `settings.hashes` (one per article, see articleHashInput and
 * retractedHashInput), writes new and edited articles as `settings.article` reads them whole (asked
 * only for those) and retracted ones as `settings.retracted` gives them, retracts the published
 * articles whose file is gone (their addresses then answer 410), and switches the publication row
 * last.
 */
export async function publishIndex(
  target: SqlTarget,
  index: { version: string; articles: readonly ArticleOutline[]; retracted?: readonly ArticleOutline[] },
  settings: {
    defaultAuthor: string;
    now?: Date;
    batchSize?: number;
    hashes: ArticleHashes;
    article(slug: string): Promise<Article>;
    /** What is kept of a retracted article of `index` (asked only for those it writes). */
    retracted?(slug: string): Promise<RetractedArticle>;
    /** The state the last publish from here left; used only if the database is still in it. */
    known?: PublishedState;
  },
): Promise<PublishReport> {
  const batchSize = settings.batchSize ?? 200;
  const now = settings.now ?? new Date();
  // The current generation, and whether an interrupted publish left rows beyond it: one round trip.
  const [state] = await target.query<{
    generation: number;
    version: string | null;
    published_at: string | null;
    pending: number | null;
  }>(
    `SELECT COALESCE(publication.generation, 0) AS generation, publication.version, publication.published_at,
            publishing.generation AS pending
     FROM (SELECT 1 AS id) AS one
     LEFT JOIN publication ON publication.id = one.id LEFT JOIN publishing ON publishing.id = one.id`,
  );
  const current = state?.generation ?? 0;
  // What an interrupted publish left behind is cleared first (and nothing is written when it left nothing).
  let rowsWritten = (state?.pending ?? 0) > current ? await target.execute(cleanup(current)) : 0;
  const { known } = settings;
  const {
    hashes,
    counts,
    retracted: retractedNow,
    removed: removedNow,
  } = known &&
  // A state kept before retractions were (it has no `retracted`) is read again.
  known.retracted instanceof Map &&
  known.generation === current &&
  known.version === state?.version &&
  known.publishedAt === state?.published_at
    ? known
    : await readState(target, current);

  const next = current + 1;
  // Retiring rows comes first: it marks the rows still current, which the new rows must not yet be.
  const statements: Statement[] = [];
  const rows = {
    bodies: [] as Value[][],
    articles: [] as Value[][],
    memberships: [] as Value[][],
    formerSlugs: [] as Value[][],
    counts: [] as Value[][],
    scheduled: [] as Value[][],
  };
  const publishedAt = now.toISOString();
  const publishedMs = Date.parse(publishedAt);
  const report: Omit<PublishReport, "state"> = {
    generation: current,
    added: [],
    changed: [],
    removed: [],
    retracted: [],
    unchanged: 0,
    rowsWritten: 0,
  };
  const retire = (slug: string) => {
    statements.push(
      { sql: "UPDATE articles SET gen_to = ?1 WHERE slug = ?2 AND gen_to IS NULL", params: [next, slug] },
      {
        sql: "UPDATE memberships SET gen_to = ?1 WHERE article = ?2 AND gen_to IS NULL",
        params: [next, slug],
      },
      { sql: "UPDATE former_slugs SET gen_to = ?1 WHERE slug = ?2 AND gen_to IS NULL", params: [next, slug] },
    );
  };
  /** An article coming back at a slug removed before migration 0007 lifts that slug's 410. */
  const reclaim = (slug: string) => {
    if (!removedNow.has(slug)) return;
    statements.push({
      sql: "UPDATE removed SET gen_to = ?1 WHERE slug = ?2 AND gen_to IS NULL",
      params: [next, slug],
    });
  };

  const slugOf = memoisedSlugify();
  const newCounts = new Map<string, FeedCount>();
  const countIn = (feeds: readonly { kind: string; slug: string }[], field: keyof FeedCount) => {
    for (const feed of feeds) {
      const key = `${feed.kind}/${feed.slug}`;
      const counted = newCounts.get(key) ?? { articles: 0, retracted: 0 };
      counted[field]++;
      newCounts.set(key, counted);
    }
  };
  const nextHashes = new Map<string, string>();
  const nextRetracted = new Map<string, RetractedArticle>();
  /**
   * An article's rows: itself, one per family it is filed under (the site feed is counted, not
   * stored), and one per former slug. `retracted` is its retraction's date, null while published.
   */
  const writeRows = (
    row: {
      slug: string;
      id: string;
      published: string;
      updated: string;
      shortCode: string;
      hash: string;
      bodyHash: string;
      meta: string;
      retracted: string | null;
    },
    feeds: readonly { kind: string; slug: string; name: string }[],
    formerSlugs: readonly string[],
  ) => {
    const { slug, id, published, updated, retracted } = row;
    rows.articles.push([
      slug,
      next,
      id,
      published,
      updated,
      row.shortCode,
      row.hash,
      row.bodyHash,
      row.meta,
      retracted,
    ]);
    for (const feed of feeds) {
      if (feed.kind === "site") continue;
      rows.memberships.push([feed.kind, feed.slug, feed.name, slug, published, id, updated, next, retracted]);
    }
    for (const former of formerSlugs) rows.formerSlugs.push([former, slug, next]);
  };
  /** The rows of a retracted article: its place in time and in its families, its slugs, no body. */
  const writeRetracted = (
    record: RetractedArticle,
    hash: string,
    feeds: readonly { kind: string; slug: string; name: string }[],
  ) => {
    const { date } = record.retraction;
    const { slug, id, published, shortCode } = record;
    const meta = JSON.stringify(record);
    writeRows(
      { slug, id, published, updated: date, shortCode, hash, bodyHash: "", meta, retracted: date },
      feeds,
      record.formerSlugs,
    );
  };
  const feedRefs = (feeds: readonly { kind: string; slug: string }[]): FeedRef[] =>
    feeds.map((feed) =>
      feed.kind === "site" ? { kind: "site" } : ({ kind: feed.kind, slug: feed.slug } as FeedRef),
    );
  const hashOf = (slug: string) => {
    const known = settings.hashes.get(slug);
    if (!known) throw new Error(`publishIndex: no publish hash for ${slug}`);
    return known;
  };

  const present = new Set<string>();
  for (const outline of index.articles) {
    present.add(outline.slug);
    const feeds = feedsOf(outline, settings.defaultAuthor, slugOf);
    countIn(feeds, "articles");
    const { hash, bodyHash } = hashOf(outline.slug);
    nextHashes.set(outline.slug, hash);
    const before = hashes.get(outline.slug);
    if (before === hash) {
      report.unchanged++;
      continue;
    }
    if (before === undefined) report.added.push(outline.slug);
    else {
      report.changed.push(outline.slug);
      retire(outline.slug);
    }
    reclaim(outline.slug);
    const { html, ...meta } = await settings.article(outline.slug);
    rows.bodies.push([bodyHash, html]);
    const { slug, id, published, updated, shortCode } = outline;
    writeRows(
      {
        slug,
        id,
        published,
        updated,
        shortCode,
        hash,
        bodyHash,
        meta: JSON.stringify(meta),
        retracted: null,
      },
      feeds,
      outline.formerSlugs,
    );
    if (Date.parse(outline.published) > publishedMs) rows.scheduled.push([outline.slug, outline.published]);
  }
  for (const outline of index.retracted ?? []) {
    present.add(outline.slug);
    const feeds = feedsOf(outline, settings.defaultAuthor, slugOf);
    countIn(feeds, "retracted");
    const { hash } = hashOf(outline.slug);
    nextHashes.set(outline.slug, hash);
    const before = hashes.get(outline.slug);
    const kept = retractedNow.get(outline.slug);
    if (before === hash && kept) {
      nextRetracted.set(outline.slug, kept);
      report.unchanged++;
      continue;
    }
    if (!settings.retracted) throw new Error(`publishIndex: no record of retracted ${outline.slug}`);
    const record = await settings.retracted(outline.slug);
    nextRetracted.set(outline.slug, record);
    if (before !== undefined) retire(outline.slug);
    reclaim(outline.slug);
    writeRetracted(record, hash, feeds);
    // Rewording a retraction is a change; anything else retracts the article now.
    if (kept) report.changed.push(outline.slug);
    else report.retracted.push({ slug: outline.slug, id: outline.id, feeds: feedRefs(feeds) });
  }
  const vanished: string[] = [];
  for (const slug of hashes.keys()) {
    if (present.has(slug)) continue;
    const kept = retractedNow.get(slug);
    if (kept) {
      // Retracted already, and its file is gone since: it stays retracted, reason and all.
      countIn(feedsOf(kept, settings.defaultAuthor, slugOf), "retracted");
      nextHashes.set(slug, hashes.get(slug) as string);
      nextRetracted.set(slug, kept);
    } else vanished.push(slug);
  }
  // A published article whose file is gone is retracted with no reason, from this publish on; one
  // not yet due never appeared, and simply goes.
  const retractedAt = toUtcIso(now);
  const vanishedMetas = vanished.length > 0 ? await readMetas(target, current, vanished) : new Map();
  for (const slug of vanished) {
    report.removed.push(slug);
    retire(slug);
    const meta = vanishedMetas.get(slug);
    if (!meta || meta.published > retractedAt) continue;
    const record = retractedOf(meta, { date: retractedAt });
    const hash = await sha256(retractedHashInput(record, settings.defaultAuthor));
    const feeds = feedsOf(record, settings.defaultAuthor, slugOf);
    countIn(feeds, "retracted");
    writeRetracted(record, hash, feeds);
    nextHashes.set(slug, hash);
    nextRetracted.set(slug, record);
    report.retracted.push({ slug, id: record.id, feeds: feedRefs(feeds) });
  }
  for (const key of new Set([...counts.keys(), ...newCounts.keys()])) {
    const was = counts.get(key);
    const will = newCounts.get(key);
    if (was?.articles === will?.articles && was?.retracted === will?.retracted) continue;
    const [kind = "", ...rest] = key.split("/");
    const slug = rest.join("/");
    if (was !== undefined) {
      statements.push({
        sql: "UPDATE feed_counts SET gen_to = ?1 WHERE kind = ?2 AND slug = ?3 AND gen_to IS NULL",
        params: [next, kind, slug],
      });
    }
    if (will !== undefined) rows.counts.push([kind, slug, will.articles, will.retracted, next]);
  }
  statements.push(
    ...insertRows("INSERT OR IGNORE INTO bodies (hash, html)", rows.bodies),
    ...insertRows(
      "INSERT INTO articles (slug, gen_from, id, published, updated, short_code, hash, body_hash, meta, retracted)",
      rows.articles,
    ),
    ...insertRows(
      "INSERT INTO memberships (kind, slug, name, article, published, id, updated, gen_from, retracted)",
      rows.memberships,
    ),
    ...insertRows("INSERT INTO former_slugs (former, slug, gen_from)", rows.formerSlugs),
    ...insertRows("INSERT INTO feed_counts (kind, slug, count, retracted, gen_from)", rows.counts),
  );
  const after = (generation: number, stamp: string, version: string): PublishedState => ({
    generation,
    publishedAt: stamp,
    version,
    hashes: nextHashes,
    counts: newCounts,
    retracted: nextRetracted,
    removed: new Set([...removedNow].filter((slug) => !present.has(slug))),
  });
  if (statements.length === 0) {
    return {
      ...report,
      rowsWritten,
      state: after(current, state?.published_at ?? "", state?.version ?? ""),
    };
  }

  // Marked before any row is written, so that a publish that stops half-way is noticed (migration 0003).
  statements.unshift({
    sql: "INSERT INTO publishing (id, generation) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET generation = excluded.generation",
    params: [next],
  });
  for (let start = 0; start < statements.length; start += batchSize) {
    rowsWritten += await target.execute(statements.slice(start, start + batchSize));
  }
  // The switch: readers move to the new generation here, all at once.
  rowsWritten += await target.execute([
    {
      sql: `INSERT INTO publication (id, generation, version, published_at) VALUES (1, ?1, ?2, ?3)
            ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, version = excluded.version, published_at = excluded.published_at`,
      params: [next, index.version, publishedAt],
    },
    { sql: "DELETE FROM publishing", params: [] },
    // In the switch's batch: a publish that stops before it leaves the pending pings as they were.
    ...duePings([...report.changed, ...report.removed], rows.scheduled),
  ]);
  rowsWritten += await target.execute(collectGarbage(next));
  return { ...report, generation: next, rowsWritten, state: after(next, publishedAt, index.version) };
}

/** A SqlTarget on a D1 binding (workerd, or getPlatformProxy in Node). */
export function d1Target(db: D1Database): SqlTarget {
  return {
    async query<Row>(sql: string, params: readonly (string | number | null)[] = []) {
      return (
        await db
          .prepare(sql)
          .bind(...params)
          .all<Row>()
      ).results;
    },
    async execute(statements) {
      if (statements.length === 0) return 0;
      const results = await db.batch(
        statements.map((statement) => db.prepare(statement.sql).bind(...statement.params)),
      );
      return results.reduce((sum, result) => sum + (result.meta.rows_written ?? 0), 0);
    },
  };
}
