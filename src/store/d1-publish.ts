import type { BuiltContent } from "../content/built-content";
import type { Article, ArticleOutline } from "../content/schema";
import { slugify } from "../lib/slug";
import { familyKinds } from "../urls/url-map";
import { filedUnder } from "./content-store";

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
  /** Publish hash by slug, of every article published. */
  hashes: Map<string, string>;
  /** Size of every feed, by "kind/slug" (the site's feed is "site/"). */
  counts: Map<string, number>;
  /** Slugs that answer 410 Gone. */
  removed: Set<string>;
}

export interface PublishReport {
  generation: number;
  /** What the database holds now. */
  state: PublishedState;
  added: string[];
  changed: string[];
  removed: string[];
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

/** Hashes the build computed, by slug; each must be what publishContent would compute. */
export type ArticleHashes = ReadonlyMap<string, { hash: string; bodyHash: string }>;

export async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Every feed an article counts in: the site's ("site", "") and one per family slug. */
function feedsOf(
  article: ArticleOutline,
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

/** What generation `generation` of the database holds, read row by row. */
async function readState(
  target: SqlTarget,
  generation: number,
): Promise<Pick<PublishedState, "hashes" | "counts" | "removed">> {
  const live = "gen_from <= ?1 AND (gen_to IS NULL OR gen_to > ?1)";
  const [articleRows, countRows, removedRows] = await Promise.all([
    target.query<{ slug: string; hash: string }>(`SELECT slug, hash FROM articles WHERE ${live}`, [
      generation,
    ]),
    target.query<{ kind: string; slug: string; count: number }>(
      `SELECT kind, slug, count FROM feed_counts WHERE ${live}`,
      [generation],
    ),
    target.query<{ slug: string }>(`SELECT slug FROM removed WHERE ${live}`, [generation]),
  ]);
  return {
    hashes: new Map(articleRows.map((row) => [row.slug, row.hash])),
    counts: new Map(countRows.map((row) => [`${row.kind}/${row.slug}`, row.count])),
    removed: new Set(removedRows.map((row) => row.slug)),
  };
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
  return publishIndex(target, content, {
    ...settings,
    hashes,
    article: async (slug) => {
      const article = whole.get(slug);
      if (!article) throw new Error(`publishContent: no article ${slug}`);
      return article;
    },
  });
}

/**
 * Publishes the articles of `index` to `target`: validates nothing (the build did), diffs by the
 * publish hashes in `settings.hashes` (one per article, see articleHashInput), writes new and
 * edited articles as `settings.article` reads them whole (asked only for those), retires removed
 * ones (their addresses then answer 410), and switches the publication row last.
 */
export async function publishIndex(
  target: SqlTarget,
  index: { version: string; articles: readonly ArticleOutline[] },
  settings: {
    defaultAuthor: string;
    now?: Date;
    batchSize?: number;
    hashes: ArticleHashes;
    article(slug: string): Promise<Article>;
    /** The state the last publish from here left; used only if the database is still in it. */
    known?: PublishedState;
  },
): Promise<PublishReport> {
  const batchSize = settings.batchSize ?? 200;
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
    removed: removedNow,
  } = known &&
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
    removed: [] as Value[][],
    counts: [] as Value[][],
    scheduled: [] as Value[][],
  };
  const publishedAt = (settings.now ?? new Date()).toISOString();
  const publishedMs = Date.parse(publishedAt);
  const report: Omit<PublishReport, "state"> = {
    generation: current,
    added: [],
    changed: [],
    removed: [],
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

  const slugOf = memoisedSlugify();
  const newCounts = new Map<string, number>();
  const present = new Set<string>();
  for (const outline of index.articles) {
    present.add(outline.slug);
    const feeds = feedsOf(outline, settings.defaultAuthor, slugOf);
    for (const feed of feeds)
      newCounts.set(`${feed.kind}/${feed.slug}`, (newCounts.get(`${feed.kind}/${feed.slug}`) ?? 0) + 1);
    const known = settings.hashes.get(outline.slug);
    if (!known) throw new Error(`publishIndex: no publish hash for ${outline.slug}`);
    const { hash, bodyHash } = known;
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
    if (removedNow.has(outline.slug)) {
      statements.push({
        sql: "UPDATE removed SET gen_to = ?1 WHERE slug = ?2 AND gen_to IS NULL",
        params: [next, outline.slug],
      });
    }
    const { html, ...meta } = await settings.article(outline.slug);
    rows.bodies.push([bodyHash, html]);
    rows.articles.push([
      outline.slug,
      next,
      outline.id,
      outline.published,
      outline.updated,
      outline.shortCode,
      hash,
      bodyHash,
      JSON.stringify(meta),
    ]);
    for (const feed of feeds) {
      if (feed.kind === "site") continue;
      rows.memberships.push([
        feed.kind,
        feed.slug,
        feed.name,
        outline.slug,
        outline.published,
        outline.id,
        outline.updated,
        next,
      ]);
    }
    for (const former of outline.formerSlugs) rows.formerSlugs.push([former, outline.slug, next]);
    if (Date.parse(outline.published) > publishedMs) rows.scheduled.push([outline.slug, outline.published]);
  }
  for (const slug of hashes.keys()) {
    if (present.has(slug)) continue;
    report.removed.push(slug);
    retire(slug);
    rows.removed.push([slug, next]);
  }
  for (const key of new Set([...counts.keys(), ...newCounts.keys()])) {
    const was = counts.get(key);
    const now = newCounts.get(key);
    if (was === now) continue;
    const [kind = "", ...rest] = key.split("/");
    const slug = rest.join("/");
    if (was !== undefined) {
      statements.push({
        sql: "UPDATE feed_counts SET gen_to = ?1 WHERE kind = ?2 AND slug = ?3 AND gen_to IS NULL",
        params: [next, kind, slug],
      });
    }
    if (now !== undefined) rows.counts.push([kind, slug, now, next]);
  }
  statements.push(
    ...insertRows("INSERT OR IGNORE INTO bodies (hash, html)", rows.bodies),
    ...insertRows(
      "INSERT INTO articles (slug, gen_from, id, published, updated, short_code, hash, body_hash, meta)",
      rows.articles,
    ),
    ...insertRows(
      "INSERT INTO memberships (kind, slug, name, article, published, id, updated, gen_from)",
      rows.memberships,
    ),
    ...insertRows("INSERT INTO former_slugs (former, slug, gen_from)", rows.formerSlugs),
    ...insertRows("INSERT INTO removed (slug, gen_from)", rows.removed),
    ...insertRows("INSERT INTO feed_counts (kind, slug, count, gen_from)", rows.counts),
  );
  const after = (generation: number, stamp: string, version: string): PublishedState => ({
    generation,
    publishedAt: stamp,
    version,
    hashes: new Map(
      index.articles.map((article) => [article.slug, settings.hashes.get(article.slug)?.hash ?? ""]),
    ),
    counts: newCounts,
    removed: new Set([...[...removedNow].filter((slug) => !present.has(slug)), ...report.removed]),
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
