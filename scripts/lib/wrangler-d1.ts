/**
 * A SqlTarget on wrangler's command line, for the production database (`npm run publish --
 * --remote`): reads with `wrangler d1 execute --json --command`, writes by running a file of
 * statements with `wrangler d1 execute --file`. Parameters are written into the SQL as literals,
 * since the command line takes none. `--local` reaches the same local database as `wrangler dev`,
 * which is how this path is tested.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { SqlTarget, Statement } from "../../src/store/d1-publish";
import { root } from "./root";
import { inlineParameters, type Value } from "./sql-literals";

export interface WranglerTargetOptions {
  location: "--local" | "--remote";
  /** A wrangler.toml environment ("production"), or none for the top level. */
  environment?: string;
  database?: string;
  /** With --local: the state directory (`wrangler dev --persist-to`); .wrangler/state by default. */
  persistTo?: string;
}

function wrangler(args: string[]): string {
  const result = spawnSync("npx", ["wrangler", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.slice(0, 3).join(" ")} failed:\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

function where(options: WranglerTargetOptions): string[] {
  return [
    options.database ?? "DB",
    options.location,
    ...(options.environment ? ["--env", options.environment] : []),
    ...(options.persistTo ? ["--persist-to", options.persistTo] : []),
  ];
}

export function wranglerTarget(options: WranglerTargetOptions): SqlTarget {
  const base = ["d1", "execute", ...where(options)];
  return {
    async query<Row>(sql: string, params: readonly Value[] = []) {
      const output = wrangler([...base, "--json", "--command", inlineParameters(sql, params)]);
      const parsed = JSON.parse(output) as { results: Row[] }[];
      return parsed.flatMap((result) => result.results);
    },
    async execute(statements: readonly Statement[]) {
      if (statements.length === 0) return 0;
      const dir = await mkdtemp(path.join(os.tmpdir(), "publish-"));
      const file = path.join(dir, "statements.sql");
      try {
        // A local run reports no rows_written: the file ends by asking SQLite how many rows it changed.
        const sql = statements.map((s) => `${inlineParameters(s.sql, s.params)};`);
        await writeFile(file, `${[...sql, "SELECT total_changes() AS changed;"].join("\n")}\n`);
        const output = wrangler([...base, "--json", "--yes", "--file", file]);
        const parsed = JSON.parse(output) as {
          results?: { changed?: number }[];
          meta?: { rows_written?: number };
        }[];
        const reported = parsed.reduce((sum, result) => sum + (result.meta?.rows_written ?? 0), 0);
        return Math.max(reported, parsed.at(-1)?.results?.[0]?.changed ?? 0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** `wrangler d1 migrations apply` for the target's database. */
export function applyMigrationsWithWrangler(options: WranglerTargetOptions): void {
  wrangler(["d1", "migrations", "apply", ...where(options)]);
}
