/**
 * `npm run publish [-- --remote] [--env NAME] [--dir DIR]`: validates content/ (every problem in every
 * file at once, as the build always has), stores the images the articles show in the R2 bucket
 * (binding MEDIA) that does not hold them yet, then writes only what changed into D1 and switches
 * readers to it last (see src/store/d1-publish.ts), then tells the environment's WebSub hubs
 * (WEBSUB_HUBS) which feeds changed. Without --remote it publishes into the local database and
 * bucket that `npm run dev` serves, with the variables `wrangler dev` reads (wrangler.toml's [vars],
 * .dev.vars over them); with --remote, into those of wrangler.toml's environment (production by
 * default) through wrangler, which must be logged in, with that environment's variables. A hub
 * that fails is reported; the publish stands and the exit code stays 0.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { unstable_readConfig } from "wrangler";
import { ContentError } from "../src/content/load-content";
import { buildDirectory, type DirectoryBuild } from "./lib/fast-build";
import { applyMigrations, openLocalD1, proxyD1Target, root } from "./lib/local-d1";
import { bindingBucket, describeMediaReport, publishMedia, wranglerBucket } from "./lib/media-publish";
import { publishAndPing, publishedStateFile } from "./lib/publish-build";
import { describeReport } from "./lib/publish-report";
import { describePings, type PublishPingSettings, publishPingSettings } from "./lib/websub-publish";
import { applyMigrationsWithWrangler, wranglerTarget } from "./lib/wrangler-d1";

const { values } = parseArgs({
  options: {
    remote: { type: "boolean", default: false },
    env: { type: "string" },
    dir: { type: "string", default: "content" },
    persist: { type: "string" },
  },
});

/** The environment's hub settings, or the configuration error printed and exit 1 before anything is written. */
function settingsOf(vars: Record<string, unknown>): PublishPingSettings {
  try {
    return publishPingSettings(vars);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

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
for (const warning of build.warnings) console.error(`warning: ${warning}`);

function noMediaBucket(environment: string | undefined): Error {
  return new Error(
    `wrangler.toml${environment ? ` [env.${environment}]` : ""}: expected an R2 bucket with binding = "MEDIA" (the articles show images of content/media/), found none`,
  );
}

/** wrangler.toml's name for the bucket of binding MEDIA in `environment`. */
function mediaBucketName(environment: string): string {
  const config = unstable_readConfig({ config: path.join(root, "wrangler.toml"), env: environment });
  const bucket = config.r2_buckets.find((candidate: { binding: string }) => candidate.binding === "MEDIA")
    ?.bucket_name as string | undefined;
  if (!bucket) throw noMediaBucket(environment);
  return bucket;
}

if (values.remote) {
  const options = { location: "--remote" as const, environment: values.env ?? "production" };
  if (build.media.size > 0) {
    const bucket = wranglerBucket({
      ...options,
      bucket: mediaBucketName(options.environment),
      stateFile: publishedStateFile(`remote-media:${options.environment}`),
    });
    console.log(describeMediaReport(await publishMedia(bucket, build.media.values())));
  }
  const config = unstable_readConfig({ config: path.join(root, "wrangler.toml"), env: options.environment });
  const websub = settingsOf(config.vars as Record<string, unknown>);
  applyMigrationsWithWrangler(options);
  const stateFile = publishedStateFile(`remote:${options.environment}`);
  const { report, pings } = await publishAndPing(wranglerTarget(options), build, { stateFile, websub });
  console.log([describeReport(report), ...describePings(pings, websub)].join("\n"));
} else {
  const persist = values.persist ?? true;
  const local = await openLocalD1(persist);
  const stateFile = publishedStateFile(
    `local:${path.resolve(root, persist === true ? ".wrangler/state" : persist)}`,
  );
  try {
    if (build.media.size > 0) {
      if (!local.media) throw noMediaBucket(undefined);
      const bucket = bindingBucket(local.media);
      console.log(describeMediaReport(await publishMedia(bucket, build.media.values())));
    }
    const websub = settingsOf(local.vars);
    await applyMigrations(local.db);
    const { report, pings } = await publishAndPing(proxyD1Target(local.db), build, { stateFile, websub });
    console.log([describeReport(report), ...describePings(pings, websub)].join("\n"));
  } finally {
    await local.dispose();
  }
}
