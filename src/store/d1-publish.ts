import type { BuiltContent } from "../content/built-content";
import type { Article } from "../content/schema";
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

export interface PublishReport {
  generation: number;
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
function feedsOf(article: Article, defaultAuthor: string): { kind: string; slug: string; name: string }[] {
  const feeds = [{ kind: "site", slug: "", name: "" }];
  for (const kind of familyKinds) {
    for (const { slug, name } of filedUnder(kind, article, defaultAuthor)) feeds.push({ kind, slug, name });
  }
  return feeds;
}

/** Statements that undo what an interrupted publish left beyond the current generation. */
function cleanup(generation: number): Statement[] {
  return TABLES.flatMap((table) => [
    { sql: `DELETE FROM ${table} WHERE gen_from > ?1`, params: [generation] },
    { sql: `UPDATE ${table} SET gen_to = NULL WHERE gen_to > ?1`, params: [generation] },
  ]);
}

/** Statements that drop rows no reader can see any more (older than the previous generation). */
function collectGarbage(generation: number): Statement[] {
  return [
    ...TABLES.map((table) => ({
      sql: `DELETE FROM ${table} WHERE gen_to IS NOT NULL AND gen_to < ?1`,
      params: [generation],
    })),
    { sql: "DELETE FROM bodies WHERE hash NOT IN (SELECT body_hash FROM articles)", params: [] },
  ];
}

/**
 * Publishes `content` to `target`: validates nothing (the build did), diffs by content hash, writes
 * new and edited articles, retires removed ones (their addresses then answer 410), and switches
 * the publication row last. `settings.defaultAuthor` is part of every article's hash, since an
 * article without authors is filed under it.
 */
export async function publishContent(
  target: SqlTarget,
  content: BuiltContent,
  settings: { defaultAuthor: string; now?: Date; batchSize?: number; hashes?: ArticleHashes },
): Promise<PublishReport> {
  const batchSize = settings.batchSize ?? 200;
  const current =
    (await target.query<{ generation: number }>("SELECT generation FROM publication WHERE id = 1"))[0]
      ?.generation ?? 0;
  // What an interrupted publish left behind is cleared first (and nothing is written when it left nothing).
  const leftovers = TABLES.map(
    (table) => `(SELECT COUNT(*) FROM ${table} WHERE gen_from > ?1 OR gen_to > ?1)`,
  );
  const [left] = await target.query<{ n: number }>(`SELECT ${leftovers.join(" + ")} AS n`, [current]);
  let rowsWritten = (left?.n ?? 0) > 0 ? await target.execute(cleanup(current)) : 0;
  const live = "gen_from <= ?1 AND (gen_to IS NULL OR gen_to > ?1)";
  const [articleRows, countRows, removedRows] = await Promise.all([
    target.query<{ slug: string; hash: string }>(`SELECT slug, hash FROM articles WHERE ${live}`, [current]),
    target.query<{ kind: string; slug: string; count: number }>(
      `SELECT kind, slug, count FROM feed_counts WHERE ${live}`,
      [current],
    ),
    target.query<{ slug: string }>(`SELECT slug FROM removed WHERE ${live}`, [current]),
  ]);
  const hashes = new Map(articleRows.map((row) => [row.slug, row.hash]));
  const counts = new Map(countRows.map((row) => [`${row.kind}/${row.slug}`, row.count]));
  const removedNow = new Set(removedRows.map((row) => row.slug));

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
  };
  const report: PublishReport = {
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

  const newCounts = new Map<string, number>();
  const present = new Set<string>();
  for (const article of content.articles) {
    present.add(article.slug);
    const { html, ...meta } = article;
    const feeds = feedsOf(article, settings.defaultAuthor);
    for (const feed of feeds)
      newCounts.set(`${feed.kind}/${feed.slug}`, (newCounts.get(`${feed.kind}/${feed.slug}`) ?? 0) + 1);
    const known = settings.hashes?.get(article.slug);
    const bodyHash = known?.bodyHash ?? (await sha256(html));
    const hash = known?.hash ?? (await sha256(articleHashInput(meta, bodyHash, settings.defaultAuthor)));
    const before = hashes.get(article.slug);
    if (before === hash) {
      report.unchanged++;
      continue;
    }
    if (before === undefined) report.added.push(article.slug);
    else {
      report.changed.push(article.slug);
      retire(article.slug);
    }
    if (removedNow.has(article.slug)) {
      statements.push({
        sql: "UPDATE removed SET gen_to = ?1 WHERE slug = ?2 AND gen_to IS NULL",
        params: [next, article.slug],
      });
    }
    rows.bodies.push([bodyHash, html]);
    rows.articles.push([
      article.slug,
      next,
      article.id,
      article.published,
      article.updated,
      article.shortCode,
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
        article.slug,
        article.published,
        article.id,
        article.updated,
        next,
      ]);
    }
    for (const former of article.formerSlugs) rows.formerSlugs.push([former, article.slug, next]);
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
  if (statements.length === 0) return { ...report, rowsWritten };

  for (let start = 0; start < statements.length; start += batchSize) {
    rowsWritten += await target.execute(statements.slice(start, start + batchSize));
  }
  // The switch: readers move to the new generation here, all at once.
  rowsWritten += await target.execute([
    {
      sql: `INSERT INTO publication (id, generation, version, published_at) VALUES (1, ?1, ?2, ?3)
            ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, version = excluded.version, published_at = excluded.published_at`,
      params: [next, content.version, (settings.now ?? new Date()).toISOString()],
    },
  ]);
  rowsWritten += await target.execute(collectGarbage(next));
  return { ...report, generation: next, rowsWritten };
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
