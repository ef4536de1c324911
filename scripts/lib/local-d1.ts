/**
 * The local D1 database that `wrangler dev` serves, opened from Node through wrangler's
 * getPlatformProxy (same wrangler.toml, same .wrangler/state), with the migrations applied the way
 * `wrangler d1 migrations apply --local` records them; and the local R2 bucket of images beside it.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { getPlatformProxy } from "wrangler";
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
  const proxy = await getPlatformProxy<{ DB: D1Database; MEDIA?: R2Bucket } & Record<string, unknown>>({
    configPath: path.join(root, "wrangler.toml"),
    persist: persist === true ? true : { path: path.join(persist, "v3") },
  });
  return { db: proxy.env.DB, media: proxy.env.MEDIA, vars: proxy.env, dispose: () => proxy.dispose() };
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
 * A SqlTarget on a D1 binding reached through getPlatformProxy. Every call on the binding crosses
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
