import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { Feed } from "feed";
import { siteSettings } from "../src/config/site";
import { resolveSiteUrls } from "../src/content/site-urls";
import { createApp } from "../src/http/app";
import type { ContentStore } from "../src/store/content-store";
import { createMemoryStore } from "../src/store/memory-store";
import { measureScale, printScale } from "./lib/bench-d1";
import { printRequests } from "./lib/bench-workerd";
import { buildDirectory, RECENT_MS } from "./lib/fast-build";
import { generateCorpus, mulberry32 } from "./lib/synthetic-corpus";
import { bundleWorker } from "./lib/workerd-harness";

const root = path.resolve(import.meta.dirname, "..");
const ORIGIN = "https://news.example.com";
const env = { SITE_ORIGIN: ORIGIN };

const { values: args } = parseArgs({
  options: {
    articles: { type: "string", default: "1000" },
    iterations: { type: "string", default: "2000" },
    "cold-rounds": { type: "string", default: "30" },
    seed: { type: "string", default: "1" },
    "skip-scale": { type: "boolean", default: false },
    "skip-requests": { type: "boolean", default: false },
    "walk-documents": { type: "string" },
    "in-process": { type: "boolean", default: false },
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    "without-ctx": { type: "boolean", default: false },
  },
});

function positiveInt(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name}: expected a positive integer, found ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}

const N = positiveInt("articles", args.articles);
const ITERATIONS = positiveInt("iterations", args.iterations);
const WARMUP = Math.min(300, Math.max(20, Math.floor(ITERATIONS / 5)));
const COLD_ROUNDS = positiveInt("cold-rounds", args["cold-rounds"]);
const SEED = positiveInt("seed", args.seed);
const NAIVE_ITERATIONS = Math.min(ITERATIONS, 500);
const REQUESTS = {
  rounds: positiveInt("rounds", args.rounds),
  seconds: positiveInt("seconds", args.seconds),
  connections: positiveInt("connections", args.connections),
};

// A full collection before each fresh "isolate", outside the timings: a new isolate starts with an
// empty heap, not with the garbage of the ones measured before it.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/**
 * The benchmark: `npm run bench [-- --articles N] [--skip-scale] [--skip-requests] [--walk-documents N] [--rounds N]
 * [--seconds N] [--connections N] [--in-process [--iterations N] [--cold-rounds N] [--without-ctx]] [--seed N]`.
 *
 * In one run, on a synthetic corpus of N articles (scripts/lib/synthetic-corpus.ts):
 *  1. newsroom scale (scripts/lib/bench-d1.ts): cold build beside Hugo's, first publish into a local
 *     D1, build and publish after one edit, the same publish again, the bundle `wrangler deploy`
 *     would upload, then that bundle in workerd: the isolate's memory, a sample of every kind of
 *     document, and an RFC 5005 walk of the whole site feed;
 *  2. request costs in workerd (scripts/lib/bench-workerd.ts): CPU per request of the workerd
 *     process, requests per second and p99 for the floor, a constant body, each format identity and
 *     gzip, a 304, an article page, a tag feed and a 404, with the hot-path verdicts;
 *  3. with --in-process, the earlier measurements inside Node, which say what workerd's do not: the
 *     cold start of a fresh app (parse, store, first render) and the naive approach (the RSS feed
 *     built with the `feed` package on every request). Every request goes through
 *     app.request(path, init, env, executionCtx) in this Node process and its body is read in full.
 *     The stub ExecutionContext stands in for workerd's (without one, Hono's c.executionCtx throws,
 *     and building that Error costs ~20 µs per feed request in Node: --without-ctx measures that
 *     way). Warm scenarios are interleaved, one request of each per round in a fresh random order;
 *     the naive approach is measured on its own afterwards. Medians and p90s are reported.
 */
const executionCtx = args["without-ctx"]
  ? undefined
  : {
      waitUntil(promise: Promise<unknown>) {
        promise.catch(() => undefined);
      },
      passThroughOnException() {},
      props: {},
    };

const feeds = [
  { path: "/feed.xml", label: "RSS" },
  { path: "/atom.xml", label: "Atom" },
  { path: "/feed.json", label: "JSON Feed" },
] as const;

// ---------------------------------------------------------------------------------------------------
// Measurement helpers

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function elapsedUs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1000;
}

function quantile(samples: readonly number[], q: number): number {
  const sorted = samples.slice().sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

const median = (samples: readonly number[]) => quantile(samples, 0.5);
const p90 = (samples: readonly number[]) => quantile(samples, 0.9);

type BenchApp = ReturnType<typeof createApp>;

/** One request, body read in full; returns microseconds. Throws on an unexpected status. */
async function timeRequest(
  app: BenchApp,
  url: string,
  init: RequestInit | undefined,
  expectedStatus: number,
): Promise<number> {
  const start = process.hrtime.bigint();
  const response = await app.request(url, init, env, executionCtx);
  await response.arrayBuffer();
  const micros = elapsedUs(start);
  if (response.status !== expectedStatus) {
    throw new Error(`${url}: expected status ${expectedStatus}, got ${response.status}`);
  }
  return micros;
}

function formatUs(value: number): string {
  if (!Number.isFinite(value)) return "-";
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(2)} MiB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${bytes} B`;
}

function table(headings: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join(" | ")
      .trimEnd();
  return [line(headings), widths.map((width) => "-".repeat(width)).join("-+-"), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// The naive approach and the floor

/** RSS built with `feed` on every request from the newest 20 articles, as a first attempt would. */
async function naiveRss(store: ContentStore): Promise<string> {
  const view = { generation: 1, before: undefined };
  const articles = await store.newest(view, { kind: "site" }, siteSettings.itemsPerFeed);
  const newest = articles[0];
  const feed = new Feed({
    title: siteSettings.title,
    description: siteSettings.description,
    id: `${ORIGIN}/`,
    link: `${ORIGIN}/`,
    language: siteSettings.language,
    copyright: siteSettings.copyright,
    updated: newest ? new Date(newest.updated) : new Date(0),
    generator: false,
    feedLinks: { rss: `${ORIGIN}/feed.xml` },
  });
  for (const article of articles) {
    const html = await store.getArticleHtml(view, article.slug);
    feed.addItem({
      title: article.title,
      id: article.id,
      link: `${ORIGIN}/articles/${article.slug}`,
      date: new Date(article.updated),
      published: new Date(article.published),
      description: article.summary,
      content: resolveSiteUrls(html, ORIGIN),
      author: (article.authors.length > 0 ? article.authors : [siteSettings.defaultAuthor]).map((name) => ({
        name,
      })),
      category: [article.section, ...article.tags].map((name) => ({ name })),
    });
  }
  return feed.rss2();
}

interface FloorBody {
  path: string;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/**
 * createApp plus the bench routes, registered before the first request so that they sit behind the
 * same middleware (method check, CORS, secure headers, the site's moment). Each floor route answers
 * constant bytes with a precomputed ETag and no conditional check: what remains is the cost every
 * response pays.
 */
function createBenchApp(store: ContentStore, floors: readonly FloorBody[]): BenchApp {
  const app = createApp({ storeFor: () => store });
  for (const floor of floors) {
    app.get(floor.path, (c) =>
      c.body(floor.body, 200, {
        "Content-Type": "text/plain; charset=utf-8",
        ETag: floor.etag,
        "Cache-Control": "public, max-age=300",
      }),
    );
  }
  app.get("/__bench/naive-rss", async (c) =>
    c.body(await naiveRss(store), 200, { "Content-Type": "application/rss+xml; charset=utf-8" }),
  );
  return app;
}

// ---------------------------------------------------------------------------------------------------
// The run

async function main(): Promise<void> {
  const runStart = process.hrtime.bigint();
  log(`bench: ${N} articles, ${ITERATIONS} warm iterations, ${COLD_ROUNDS} cold rounds, seed ${SEED}`);

  // 1. The corpus on disk; at newsroom scale: build, publish into D1, serve from workerd.
  let start = process.hrtime.bigint();
  // Articles come about three hours apart: start far enough back that the newest is already out,
  // so that every article is published (none scheduled) whatever N is.
  const oldest = new Date(Date.now() - N * 5 * 3_600_000 - 86_400_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  const files = generateCorpus({ count: N, seed: SEED, start: oldest });
  const corpusDir = path.join(root, "bench-corpus", String(N));
  await rm(corpusDir, { recursive: true, force: true });
  await mkdir(corpusDir, { recursive: true });
  for (const [name, source] of Object.entries(files)) await writeFile(path.join(corpusDir, name), source);
  const generateMs = elapsedUs(start) / 1000;
  log(`corpus: ${N} files in ${path.relative(root, corpusDir)} (${generateMs.toFixed(0)} ms)`);
  // As an editor's checkout is: no file written within the last seconds, whose metadata the build
  // could not yet trust (scripts/lib/fast-build.ts reads such files again on every build).
  await new Promise((resolve) => setTimeout(resolve, RECENT_MS + 500));
  const worker = await bundleWorker();
  const bundle = { raw: worker.raw, gzip: gzipSync(worker.code).byteLength };
  const scale = args["skip-scale"]
    ? undefined
    : await measureScale(corpusDir, log, {
        bundle: worker.code,
        ...(args["walk-documents"] === undefined
          ? {}
          : { walkDocuments: positiveInt("walk-documents", args["walk-documents"]) }),
        ...(args["skip-requests"] ? {} : { requests: REQUESTS }),
      });
  if (scale) printScale(scale.report, bundle);
  if (scale?.report.requests) printRequests(scale.report.requests);
  if (!args["in-process"]) {
    console.log(`bench finished in ${(elapsedUs(runStart) / 1e6).toFixed(1)} s`);
    return;
  }
  const built = scale?.content ?? (await (await buildDirectory(corpusDir)).load());

  // 2. Cold: fresh "isolates" (parse + store + app), first request of each feed. Runs first, so that
  // the very first sample is also the first request this process ever makes.
  const startup: number[] = [];
  const cold = new Map<string, number[]>(feeds.map((feed) => [feed.path, []]));
  let firstEver: { path: string; micros: number } | undefined;
  for (let round = 0; round < COLD_ROUNDS; round++) {
    for (let k = 0; k < feeds.length; k++) {
      const feed = feeds[(round + k) % feeds.length] ?? feeds[0];
      collectGarbage();
      start = process.hrtime.bigint();
      const app = createApp({ storeFor: () => createMemoryStore(built) });
      startup.push(elapsedUs(start));
      const micros = await timeRequest(app, feed.path, undefined, 200);
      if (firstEver === undefined) firstEver = { path: feed.path, micros };
      else cold.get(feed.path)?.push(micros);
    }
  }
  log("cold: done");

  // Feed bytes and validators, from a throwaway app, for the size-matched floors and the 304s.
  const probe = createApp({ storeFor: () => createMemoryStore(built) });
  const documents = new Map<string, { body: Uint8Array<ArrayBuffer>; etag: string }>();
  for (const feed of feeds) {
    const response = await probe.request(feed.path, undefined, env, executionCtx);
    documents.set(feed.path, {
      body: new Uint8Array(await response.arrayBuffer()),
      etag: response.headers.get("ETag") ?? "",
    });
  }
  const floorPath = (feedPath: string) => `/__bench/floor${feedPath.replace(/[/.]/g, "-")}`;
  const floors: FloorBody[] = [
    { path: "/__bench/floor", body: new Uint8Array([0x6f, 0x6b, 0x0a]), etag: '"bench-floor"' },
    ...feeds.map((feed) => ({
      path: floorPath(feed.path),
      body: documents.get(feed.path)?.body.slice() ?? new Uint8Array(),
      etag: `"bench-floor-${feed.label}"`,
    })),
  ];

  // 3-4. Warm, 304 and floors, interleaved on one app; then the naive approach on the same app.
  collectGarbage();
  const app = createBenchApp(createMemoryStore(built), floors);
  interface Scenario {
    name: string;
    url: string;
    init?: RequestInit;
    status: number;
    samples: number[];
  }
  const scenarios: Scenario[] = [
    { name: "floor: constant 3 B", url: "/__bench/floor", status: 200, samples: [] },
    ...feeds.map((feed) => ({
      name: `floor: constant ${formatBytes(documents.get(feed.path)?.body.byteLength ?? 0)} (${feed.label} size)`,
      url: floorPath(feed.path),
      status: 200,
      samples: [],
    })),
    ...feeds.map((feed) => ({ name: `warm 200 ${feed.path}`, url: feed.path, status: 200, samples: [] })),
    ...feeds.map((feed) => ({
      name: `warm 304 ${feed.path}`,
      url: feed.path,
      init: { headers: { "If-None-Match": documents.get(feed.path)?.etag ?? "" } },
      status: 304,
      samples: [],
    })),
  ];
  for (const scenario of scenarios) await timeRequest(app, scenario.url, scenario.init, scenario.status);
  const shuffle = mulberry32(SEED);
  const order = scenarios.map((_, index) => index);
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(shuffle() * (k + 1));
      [order[k], order[j]] = [order[j] as number, order[k] as number];
    }
    for (const index of order) {
      const scenario = scenarios[index] as Scenario;
      const micros = await timeRequest(app, scenario.url, scenario.init, scenario.status);
      if (i >= WARMUP) scenario.samples.push(micros);
    }
  }
  log("warm: done");
  const naive: Scenario = {
    name: "naive: feed pkg per request (RSS)",
    url: "/__bench/naive-rss",
    status: 200,
    samples: [],
  };
  for (let i = 0; i < Math.min(WARMUP, 50) + NAIVE_ITERATIONS; i++) {
    const micros = await timeRequest(app, naive.url, undefined, 200);
    if (i >= Math.min(WARMUP, 50)) naive.samples.push(micros);
  }
  scenarios.push(naive);
  log("naive: done");

  // ---- Report
  const byName = new Map(scenarios.map((scenario) => [scenario.name, scenario]));
  const floorMedian = median(scenarios[0]?.samples ?? []);
  const sizedFloor = (feedPath: string) =>
    median(scenarios.find((scenario) => scenario.url === floorPath(feedPath))?.samples ?? []);
  const ratio = (value: number, to: number) =>
    Number.isFinite(to) && to > 0 ? `${(value / to).toFixed(2)}×` : "-";
  const rows: string[][] = [];
  const add = (name: string, samples: readonly number[], sameSize?: number) => {
    const m = median(samples);
    rows.push([
      name,
      String(samples.length),
      formatUs(m),
      formatUs(p90(samples)),
      ratio(m, floorMedian),
      sameSize === undefined ? "" : ratio(m, sameSize),
    ]);
  };
  for (const scenario of scenarios) {
    const feed = feeds.find((candidate) => scenario.url === candidate.path);
    add(scenario.name, scenario.samples, feed ? sizedFloor(feed.path) : undefined);
  }
  add("cold: start-up (store + createApp)", startup);
  for (const feed of feeds)
    add(`cold: first request ${feed.path}`, cold.get(feed.path) ?? [], sizedFloor(feed.path));
  if (firstEver) add(`cold: first request in process ${firstEver.path} (JIT cold)`, [firstEver.micros]);

  console.log();
  console.log(
    `Node ${process.version} (${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs), N = ${N} articles`,
  );
  console.log(
    `warm: ${ITERATIONS} interleaved iterations per scenario after ${WARMUP} warm-up (naive: ${NAIVE_ITERATIONS}, ` +
      `on its own); cold: ${COLD_ROUNDS} fresh apps per feed; ExecutionContext: ${executionCtx ? "stub, as in workerd" : "none (--without-ctx)"}`,
  );
  console.log(
    `feed sizes: ${feeds.map((feed) => `${feed.path} ${formatBytes(documents.get(feed.path)?.body.byteLength ?? 0)}`).join(", ")}`,
  );
  console.log();
  console.log(
    table(
      ["scenario", "n", "median µs", "p90 µs", "× floor", "× same-size floor"],
      rows,
      new Set([1, 2, 3, 4, 5]),
    ),
  );
  console.log();
  // ---- Verdict
  const verdicts: string[] = [];
  const mark = (ok: boolean) => (ok ? "MET    " : "NOT MET");
  for (const feed of feeds) {
    const warm = median(byName.get(`warm 200 ${feed.path}`)?.samples ?? []);
    const sized = sizedFloor(feed.path);
    verdicts.push(
      `${mark(warm <= 1.5 * floorMedian)} warm ${feed.path} within 1.5× the floor: ${formatUs(warm)} µs = ` +
        `${ratio(warm, floorMedian)} the 3 B floor (${ratio(warm, sized)} the same-size floor)`,
    );
  }
  for (const feed of feeds) {
    const warm = median(byName.get(`warm 200 ${feed.path}`)?.samples ?? []);
    const notModified = median(byName.get(`warm 304 ${feed.path}`)?.samples ?? []);
    const difference = ((notModified - warm) / warm) * 100;
    const noise = Math.abs(difference) < 3 ? ", a difference within run-to-run noise" : "";
    verdicts.push(
      `${mark(notModified <= warm)} 304 ${feed.path} no slower than warm 200: ${formatUs(notModified)} µs vs ` +
        `${formatUs(warm)} µs (${difference >= 0 ? "+" : ""}${difference.toFixed(1)}%${noise})`,
    );
  }
  const startupMedian = median(startup);
  for (const feed of feeds) {
    const first = median(cold.get(feed.path) ?? []);
    verdicts.push(
      `${mark(first < 10_000)} cold first ${feed.path} under 10 ms${N === 1000 ? "" : ` (target set for N = 1000; N = ${N})`}: ` +
        `${(first / 1000).toFixed(2)} ms, ${((first + startupMedian) / 1000).toFixed(2)} ms with start-up`,
    );
  }
  console.log("Verdict:");
  for (const line of verdicts) console.log(`  ${line}`);
  console.log();
  console.log(`bench finished in ${(elapsedUs(runStart) / 1e6).toFixed(1)} s`);
}

await main();
