/**
 * `npm run dev [-- --port N] [-- other wrangler dev options]`: the worker in `wrangler dev`, with
 * content/ kept published in the local D1 database it serves, and the images of content/media/ the
 * articles show in its local R2 bucket. Every change in content/ is published within a moment (the
 * worker sees it within its snapshot age, 5 s at most); a file with problems never stops the
 * server: its last good version stays published and its problems are printed once. After each
 * publish that changed something, the WebSub hubs of the local environment are told which feeds
 * changed, the site's own hub among them (WEBSUB_OWN_HUB, on locally), so that an edit reaches a
 * subscriber on this machine (`npm run subscribe -- http://localhost:8787/feed.xml`).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { siteSettings } from "../src/config/site";
import { isMediaFile } from "../src/content/lead-image";
import { buildContentLenient, type LenientBuild, readContentDirectory } from "../src/content/load-content";
import { lookupIn, mediaFilePath, readMediaDirectory } from "../src/content/media-files";
import { SITE_ORIGIN_MARKER } from "../src/content/site-urls";
import { publishContent } from "../src/store/d1-publish";
import { mediaPath } from "../src/urls/url-map";
import { applyMigrations, openLocalD1, proxyD1Target, root } from "./lib/local-d1";
import { bindingBucket, describeMediaReport, type MediaUpload, publishMedia } from "./lib/media-publish";
import { describeReport } from "./lib/publish-report";
import { watchTree } from "./lib/watch-tree";
import { describePings, pingAfterPublish, publishPingSettings } from "./lib/websub-publish";

const contentDir = path.join(root, "content");
const mediaDir = path.join(contentDir, "media");
const args = process.argv.slice(2);
const portIndex = args.findIndex((arg) => arg === "--port" || arg.startsWith("--port="));
const port =
  portIndex === -1
    ? "8787"
    : ((args[portIndex]?.includes("=") ? args[portIndex]?.split("=")[1] : args[portIndex + 1]) ?? "8787");

const local = await openLocalD1(true);
await applyMigrations(local.db);
const target = proxyD1Target(local.db);
// The worker below runs on this port, so the feeds (the hubs' topics) and the own hub are on it too.
const websub = publishPingSettings({ ...local.vars, SITE_ORIGIN: `http://localhost:${port}` });
// The first publish comes before the worker is up: its ping waits longer for the own hub to answer.
const firstPing = { attempts: 6, firstDelayMs: 1_000 };
let pinged = false;

let lastGood: LenientBuild["lastGood"] = new Map();
let shown = new Set<string>();
let hadProblems = false;
let running: Promise<void> | undefined;
let again = false;

/**
 * Prints each problem and warning once, while it lasts, and says when every problem is fixed (the
 * warnings of what is published, such as a narrow image, may remain).
 */
function report(build: LenientBuild): void {
  const problems = [
    ...build.problems,
    ...build.warnings.map((warning) => `warning (draft, skipped): ${warning}`),
  ];
  const now = new Set([...problems, ...build.notices.map((notice) => `warning: ${notice}`)]);
  for (const line of now) if (!shown.has(line)) console.error(`content: ${line}`);
  if (hadProblems && problems.length === 0) console.error("content: every problem is fixed");
  shown = now;
  hadProblems = problems.length > 0;
}

/** The files of content/media/ that the articles of `build` show, by stored key. */
function uploadsOf(
  build: LenientBuild,
  media: Awaited<ReturnType<typeof readMediaDirectory>>,
): MediaUpload[] {
  const shown = new Set(build.content.articles.map((article) => article.image?.url));
  const uploads: MediaUpload[] = [];
  for (const [name, entry] of media) {
    if (!isMediaFile(entry) || !shown.has(SITE_ORIGIN_MARKER + mediaPath(entry.key))) continue;
    uploads.push({ key: entry.key, file: mediaFilePath(mediaDir, name), type: entry.type });
  }
  return uploads;
}

async function syncOnce(): Promise<void> {
  const [{ files, problems: unreadable }, media] = await Promise.all([
    readContentDirectory(contentDir),
    readMediaDirectory(mediaDir),
  ]);
  const build = buildContentLenient(files, lastGood, lookupIn(media));
  build.problems.unshift(...unreadable);
  lastGood = build.lastGood;
  report(build);
  const uploads = uploadsOf(build, media);
  if (uploads.length > 0) {
    if (!local.media)
      throw new Error('wrangler.toml: expected an R2 bucket with binding = "MEDIA", found none');
    const stored = await publishMedia(bindingBucket(local.media), uploads);
    if (stored.uploaded.length > 0) console.log(describeMediaReport(stored));
  }
  const published = await publishContent(target, build.content, siteSettings);
  const { added, changed, removed, retracted } = published;
  if (added.length + changed.length + removed.length + retracted.length > 0) {
    console.log(describeReport(published));
    tellHubs(published);
  }
}

/**
 * Tells the hubs about a publish in the background (so the next edit is not held up), once the
 * worker serves it; what they answered is printed when they have.
 */
function tellHubs(published: Awaited<ReturnType<typeof publishContent>>): void {
  if (websub.hubs.length === 0) return;
  const settings = pinged ? websub : { ...websub, ping: firstPing };
  pinged = true;
  pingAfterPublish(target, published, settings)
    .then((pings) => {
      for (const line of describePings(pings, websub)) console.log(line);
    })
    .catch((error: unknown) => console.error(`websub: telling the hubs failed: ${String(error)}`));
}

/** One sync at a time; changes during a sync lead to one more. */
function sync(): void {
  if (running) {
    again = true;
    return;
  }
  running = syncOnce()
    .catch((error: unknown) => console.error(`content: publishing failed: ${String(error)}`))
    .finally(() => {
      running = undefined;
      if (again) {
        again = false;
        sync();
      }
    });
}

sync();
await running;

let timer: NodeJS.Timeout | undefined;
// The whole tree, so that an image replaced in content/media/ is published too.
const watcher = await watchTree(contentDir, () => {
  clearTimeout(timer);
  // Editors write a file in several steps: publish once they are done.
  timer = setTimeout(sync, 150);
});

const worker = spawn(
  "npx",
  [
    "wrangler",
    "dev",
    // The Cron Trigger is run from here (runCronEachMinute): wrangler dev does not run it itself.
    "--test-scheduled",
    "--var",
    `SITE_ORIGIN:http://localhost:${port}`,
    ...(portIndex === -1 ? ["--port", port] : []),
    ...args,
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  },
);

/**
 * wrangler dev runs no Cron Trigger, so the worker's every-minute work (telling the hubs, the
 * site's own among them, about scheduled articles whose time has come) is asked for here, at the
 * start of each minute, as Cloudflare does. A minute when the worker is not up yet is skipped.
 */
function runCronEachMinute(): () => void {
  const url = `http://localhost:${port}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`;
  const run = () => {
    fetch(url)
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(
    () => {
      run();
      interval = setInterval(run, 60_000);
    },
    60_000 - (Date.now() % 60_000),
  );
  return () => {
    clearTimeout(first);
    clearInterval(interval);
  };
}

const stopCron = runCronEachMinute();

async function stop(code: number): Promise<never> {
  stopCron();
  watcher.close();
  await local.dispose();
  process.exit(code);
}

worker.on("exit", (code) => void stop(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    worker.kill(signal);
  });
}
