/**
 * `npm run publish [-- --remote] [--env NAME] [--dir DIR]`: validates content/ (every problem in every
 * file at once, as the build always has), then writes only what changed into D1 and switches
 * readers to it last (see src/store/d1-publish.ts). Without --remote it publishes into the local
 * database that `npm run dev` serves; with --remote, into the database of wrangler.toml's
 * environment (production by default) through wrangler, which must be logged in.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { ContentError } from "../src/content/load-content";
import { buildDirectory, type DirectoryBuild } from "./lib/fast-build";
import { applyMigrations, openLocalD1, proxyD1Target, root } from "./lib/local-d1";
import { publishBuild, publishedStateFile } from "./lib/publish-build";
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

let build: DirectoryBuild;
try {
  build = await buildDirectory(path.resolve(root, values.dir));
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
  const stateFile = publishedStateFile(`remote:${options.environment}`);
  console.log(describeReport(await publishBuild(wranglerTarget(options), build, { stateFile })));
} else {
  const persist = values.persist ?? true;
  const local = await openLocalD1(persist);
  const stateFile = publishedStateFile(
    `local:${path.resolve(root, persist === true ? ".wrangler/state" : persist)}`,
  );
  try {
    await applyMigrations(local.db);
    console.log(describeReport(await publishBuild(proxyD1Target(local.db), build, { stateFile })));
  } finally {
    await local.dispose();
  }
}
