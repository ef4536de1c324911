/**
 * The local D1 database that `wrangler dev` serves, opened from Node in Miniflare on the same files
 * (wrangler.toml's database and bucket, .wrangler/state), with the migrations applied the way
 * `wrangler d1 migrations apply --local` records them; and the local R2 bucket of images beside it.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Miniflare } from "miniflare";
import { unstable_getVarsForDev, unstable_readConfig } from "wrangler";
import { d1Target, type SqlTarget } from "../../src/store/d1-publish";
import { inlineParameters, sqlLineLiteral } from "./sql-literals";

export { root } from "./root";

import { root } from "./root";

const migrationsDir = path.join(root, "migrations");

export interface LocalD1 {
  db: D1Database;
  /** The bucket of binding MEDIA, when wrangler.toml has one. */
  media: R2Bucket | undefined;
  /** The variables `wrangler dev` gives the worker: wrangler.toml's [vars], with .dev.vars over them. */
  vars: Record<string, unknown>;
  dispose(): Promise<void>;
}

/**
 * `persist`: true for .wrangler/state (what `wrangler dev` uses), or a directory as `wrangler dev
 * --persist-to` takes it (wrangler keeps its state in a v3 folder inside).
 */
export async function openLocalD1(persist: true | string = true): Promise<LocalD1> {
  // Miniflare with the two bindings these scripts use, rather than wrangler's getPlatformProxy: the
  // proxy starts every binding of wrangler.toml, and warns that the own hub's Durable Objects "will
  // not work in local development" (they do, in `wrangler dev`; the proxy just cannot run them).
  const configPath = path.join(root, "wrangler.toml");
  const config = unstable_readConfig({ config: configPath });
  const database = config.d1_databases.find((entry: { binding: string }) => entry.binding === "DB");
  if (!database?.database_id) throw new Error("wrangler.toml: expected a D1 binding named DB, found none");
  const bucket = config.r2_buckets.find((entry: { binding: string }) => entry.binding === "MEDIA");
  // Where `wrangler dev` keeps its state (`--persist-to` puts it in a v3 folder inside).
  const state = persist === true ? path.join(root, ".wrangler", "state", "v3") : path.join(persist, "v3");
  const miniflare = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null, { status: 404 }); } };",
    compatibilityDate: config.compatibility_date ?? "2026-04-01",
    d1Databases: { DB: database.database_id },
    d1Persist: path.join(state, "d1"),
    ...(bucket ? { r2Buckets: { MEDIA: bucket.bucket_name }, r2Persist: path.join(state, "r2") } : {}),
  });
  const db = await miniflare.getD1Database("DB");
  const media = bucket ? ((await miniflare.getR2Bucket("MEDIA")) as unknown as R2Bucket) : undefined;
  // [vars], with .dev.vars over them, as `wrangler dev` gives them to the worker.
  const bindings = unstable_getVarsForDev(configPath, undefined, config.vars, undefined, true);
  const vars = Object.fromEntries(
    Object.entries(bindings).map(([name, binding]) => [name, (binding as { value?: unknown }).value]),
  );
  return { db, media, vars, dispose: () => miniflare.dispose() };
}

/** The statements of a migration file: split at semicolons that end a line, comments dropped. */
export function migrationStatements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== "");
}

/** Applies every migration not yet applied, in name order; returns the names applied. */
export async function applyMigrations(db: D1Database): Promise<string[]> {
  // The table wrangler keeps, so that `wrangler d1 migrations apply` and this agree.
  await db
    .prepare(
      "CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)",
    )
    .run();
  const applied = new Set(
    (await db.prepare("SELECT name FROM d1_migrations").all<{ name: string }>()).results.map(
      (row) => row.name,
    ),
  );
  const names = (await readdir(migrationsDir)).filter((name) => name.endsWith(".sql")).sort();
  const done: string[] = [];
  for (const name of names) {
    if (applied.has(name)) continue;
    const statements = migrationStatements(await readFile(path.join(migrationsDir, name), "utf8"));
    await db.batch([
      ...statements.map((statement) => db.prepare(statement)),
      db.prepare("INSERT INTO d1_migrations (name) VALUES (?1)").bind(name),
    ]);
    done.push(name);
  }
  return done;
}

/**
 * A SqlTarget on a D1 binding reached from Node (Miniflare's binding proxy). Every call on the binding crosses
 * to workerd and back (a few milliseconds), so statements are not prepared one by one: they are
 * sent together through exec(), one per line with their parameters as literals, and the rows they
 * changed are read from SQLite's total_changes() before and after.
 */
export function proxyD1Target(db: D1Database): SqlTarget {
  const changes = async () =>
    (await db.prepare("SELECT total_changes() AS changed").first<{ changed: number }>())?.changed ?? 0;
  return {
    // A read is one call either way.
    query: d1Target(db).query,
    async execute(statements) {
      if (statements.length === 0) return 0;
      const before = await changes();
      const lines = statements.map(
        (statement) =>
          `${inlineParameters(statement.sql.replace(/\s+/g, " "), statement.params, sqlLineLiteral)};`,
      );
      await db.exec(lines.join("\n"));
      return (await changes()) - before;
    },
  };
}
