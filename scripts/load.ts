/**
 * `npm run load [-- --seconds 10] [--connections 16]`: a bounded load run against the worker in
 * workerd on 127.0.0.1 (wrangler's programmatic dev server on a database of its own holding the seed
 * content): feeds, a 304, an article, a 404 and a redirect, one after another, each for the same
 * number of seconds with autocannon. Fails on any error, timeout, 5xx or unexpected status, and prints
 * throughput and latency percentiles.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { unstable_startWorker } from "wrangler";
import { siteSettings } from "../src/config/site";
import { publishContent } from "../src/store/d1-publish";
import { buildDirectory } from "./lib/fast-build";
import { applyMigrations, openLocalD1, proxyD1Target, root } from "./lib/local-d1";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "8" }, connections: { type: "string", default: "16" } },
});
const seconds = Math.min(60, Math.max(1, Number(values.seconds)));
const connections = Math.min(64, Math.max(1, Number(values.connections)));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const persist = await mkdtemp(path.join(os.tmpdir(), "load-d1-"));
const local = await openLocalD1(persist);
const { content } = await buildDirectory(path.join(root, "content"));
try {
  await applyMigrations(local.db);
  await publishContent(proxyD1Target(local.db), content, siteSettings);
} finally {
  await local.dispose();
}
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const worker = await unstable_startWorker({
  config: path.join(root, "wrangler.toml"),
  bindings: { SITE_ORIGIN: { type: "plain_text", value: origin } },
  dev: {
    server: { hostname: "127.0.0.1", port },
    inspector: false,
    remote: false,
    watch: false,
    liveReload: false,
    persist,
    logLevel: "warn",
  },
});

let failed = false;
try {
  await worker.ready;
  const etag = (await fetch(`${origin}/feed.xml`)).headers.get("etag") ?? "";
  const article = content.articles[0]?.slug ?? "";
  const scenarios = [
    { name: "GET /feed.xml", path: "/feed.xml", status: 200 },
    { name: "GET /atom.xml", path: "/atom.xml", status: 200 },
    { name: "GET /feed.json", path: "/feed.json", status: 200 },
    { name: "GET /feed.xml → 304", path: "/feed.xml", status: 304, headers: { "If-None-Match": etag } },
    { name: `GET /articles/${article}`, path: `/articles/${article}`, status: 200 },
    { name: "GET /nowhere → 404", path: "/nowhere", status: 404 },
    { name: "GET /rss → 301", path: "/rss", status: 301 },
  ];
  console.log(`load: ${connections} connections, ${seconds} s per scenario, ${origin}`);
  console.log("scenario                              req/s    p50 ms   p99 ms  errors  non-expected");
  for (const scenario of scenarios) {
    let unexpected = 0;
    const result = await autocannon({
      url: origin + scenario.path,
      connections,
      duration: seconds,
      headers: scenario.headers ?? {},
      timeout: 10,
      setupClient(client) {
        client.on("response", (status: number) => {
          if (status !== scenario.status) unexpected++;
        });
      },
    });
    const problems = result.errors + result.timeouts + result["5xx"] + unexpected;
    if (problems > 0) failed = true;
    console.log(
      `${scenario.name.padEnd(36)} ${result.requests.average.toFixed(0).padStart(7)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p99).padStart(8)} ${String(result.errors + result.timeouts).padStart(7)} ${String(unexpected + result["5xx"]).padStart(13)}`,
    );
  }
} finally {
  await worker.dispose();
  await rm(persist, { recursive: true, force: true });
}
if (failed) {
  console.error("load: FAILED (errors, timeouts, 5xx or unexpected statuses above)");
  process.exit(1);
}
console.log("load: no errors, timeouts or unexpected statuses");
