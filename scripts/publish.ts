/**
 * `npm run publish [-- --remote] [--env NAME] [--dir DIR]`: validates content/ (every problem in every
 * file at once, as the build always has), then writes only what changed into D1 and switches
 * readers to it last (see src/store/d1-publish.ts). Without --remote it publishes into the local
 * database that `npm run dev` serves; with --remote, into the database of wrangler.toml's
 * environment (production by default) through wrangler, which must be logged in.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { siteSettings } from "../src/config/site";
import type { BuiltContent } from "../src/content/built-content";
import { ContentError } from "../src/content/load-content";
import { type ArticleHashes, publishContent } from "../src/store/d1-publish";
import { buildDirectory } from "./lib/fast-build";
import { applyMigrations, openLocalD1, proxyD1Target, root } from "./lib/local-d1";
import { describeReport } from "./lib/publish-report";
import { applyMigrationsWithWrangler, wranglerTarget } from "./lib/wrangler-d1";

const { values } = parseArgs({
  options: {
    remote: { type: "boolean", default: false },
    env: { type: "string" },
    dir: { type: "string", default: "content" },
    persist: { type: "string" },
  },
});

let content: BuiltContent;
let hashes: ArticleHashes;
try {
  ({ content, hashes } = await buildDirectory(path.resolve(root, values.dir)));
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

if (values.remote) {
  const options = { location: "--remote" as const, environment: values.env ?? "production" };
  applyMigrationsWithWrangler(options);
  console.log(
    describeReport(await publishContent(wranglerTarget(options), content, { ...siteSettings, hashes })),
  );
} else {
  const local = await openLocalD1(values.persist ?? true);
  try {
    await applyMigrations(local.db);
    console.log(
      describeReport(await publishContent(proxyD1Target(local.db), content, { ...siteSettings, hashes })),
    );
  } finally {
    await local.dispose();
  }
}
