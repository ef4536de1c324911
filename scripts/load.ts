import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { buildDirectory } from "./lib/fast-build";
import { publishedState, startLocalWorker } from "./lib/local-worker";
import { root } from "./lib/root";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "8" }, connections: { type: "string", default: "16" } },
});
const seconds = Math.min(60, Math.max(1, Number(values.seconds)));
const connections = Math.min(64, Math.max(1, Number(values.connections)));

const content = await (await buildDirectory(path.join(root, "content"))).load();
const worker = await startLocalWorker(await publishedState(content));
const origin = worker.origin;

let failed = false;
try {
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
}
if (failed) {
  console.error("load: FAILED (errors, timeouts, 5xx or unexpected statuses above)");
  process.exit(1);
}
console.log("load: no errors, timeouts or unexpected statuses");
