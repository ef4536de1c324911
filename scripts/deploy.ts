/**
 * `npm run deploy [-- --env NAME]`: checks that the environment (production by default) has its own
 * origin and database, then runs `wrangler deploy --env NAME`. See README "Deploying".
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { unstable_readConfig } from "wrangler";
import { siteSettings } from "../src/config/site";
import { deployProblems } from "./lib/deploy-check";
import { root } from "./lib/local-d1";

const { values, positionals } = parseArgs({
  options: { env: { type: "string", default: "production" } },
  allowPositionals: true,
  strict: false,
});
const environment = String(values.env);
const config = unstable_readConfig({ config: path.join(root, "wrangler.toml"), env: environment });
const vars = config.vars as Record<string, unknown>;
const problems = deployProblems({
  environment,
  origin: typeof vars.SITE_ORIGIN === "string" ? vars.SITE_ORIGIN : undefined,
  databaseIds: config.d1_databases
    .filter((db: { binding: string }) => db.binding === "DB")
    .map((db: { database_id?: string }) => db.database_id ?? ""),
  language: siteSettings.language,
  mediaBuckets: config.r2_buckets
    .filter((bucket: { binding: string }) => bucket.binding === "MEDIA")
    .map((bucket: { bucket_name?: string }) => bucket.bucket_name ?? ""),
});
if (problems.length > 0) {
  console.error(
    `Not deploying: ${problems.length} setting${problems.length === 1 ? "" : "s"} to change first.\n${problems.join("\n")}`,
  );
  process.exit(1);
}
const result = spawnSync("npx", ["wrangler", "deploy", "--env", environment, ...positionals], {
  cwd: root,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
