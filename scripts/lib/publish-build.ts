/**
 * Publishing a build (scripts/lib/fast-build.ts) the way `npm run publish` and the benchmark do:
 * with what the last publish from this checkout left in that database kept beside the build cache,
 * so that a publish after one edit among thousands reads no article's row (see PublishedState).
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { siteSettings } from "../../src/config/site";
import {
  type PublishedState,
  type PublishReport,
  publishIndex,
  type SqlTarget,
} from "../../src/store/d1-publish";
import type { DirectoryBuild } from "./fast-build";
import { root } from "./root";
import { readSerialized, writeSerialized } from "./serialized-file";
import { type PublishPingSettings, type PublishPings, pingAfterPublish } from "./websub-publish";

/** Where the state of the database named `database` is kept ("local:<dir>", "remote:production"). */
export function publishedStateFile(
  database: string,
  dir = path.join(root, ".wrangler", "build", "published"),
): string {
  return path.join(dir, `${createHash("sha256").update(database).digest("hex").slice(0, 16)}.v8`);
}

/** Publishes `build` to `target`, and keeps what the database holds afterwards in `stateFile`. */
export async function publishBuild(
  target: SqlTarget,
  build: DirectoryBuild,
  options: { stateFile: string; now?: Date },
): Promise<PublishReport> {
  const known = await readSerialized<PublishedState>(options.stateFile);
  const report = await publishIndex(target, build.index, {
    ...siteSettings,
    hashes: build.hashes,
    article: build.article,
    retracted: build.retracted,
    ...(known ? { known } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  await writeSerialized(options.stateFile, report.state);
  return report;
}

/**
 * What `npm run publish` does: publishes `build`, then tells the environment's WebSub hubs which
 * feeds changed. The publish is done before any hub is asked, and a hub's failure is only reported.
 */
export async function publishAndPing(
  target: SqlTarget,
  build: DirectoryBuild,
  options: { stateFile: string; now?: Date; websub: PublishPingSettings },
): Promise<{ report: PublishReport; pings: PublishPings }> {
  const report = await publishBuild(target, build, options);
  return { report, pings: await pingAfterPublish(target, report, options.websub) };
}
