/**
 * Request costs where readers meet them: the bundle in workerd (scripts/lib/workerd-harness.ts), driven
 * by autocannon on 127.0.0.1 with fixed connections, each scenario for a fixed time, in rounds that
 * interleave the scenarios so that machine noise falls on all of them alike. CPU per request is the
 * workerd process's CPU time over the requests it answered; the floor is a 3-byte reply from the same
 * isolate, outside the app.
 */
import autocannon from "autocannon";
import { benchPaths, cpuMicros, type HarnessWorker } from "./workerd-harness";

export interface Scenario {
  name: string;
  path: string;
  headers?: Record<string, string>;
  status: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  /** Medians over the rounds. */
  cpuMicrosPerRequest: number;
  /** The lowest and highest CPU per request of a round: how far one round can be from another. */
  cpuRange: [number, number];
  requestsPerSecond: number;
  p99Ms: number;
  /** Of one response, as sent: its Content-Encoding and length. */
  contentEncoding: string | null;
  bytes: number;
  problems: string[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function once(
  origin: string,
  scenario: Scenario,
): Promise<{ encoding: string | null; bytes: number; etag: string }> {
  const { request } = await import("node:http");
  // node:http, not fetch: fetch would decompress, and say nothing of the bytes on the wire.
  return new Promise((resolve, reject) => {
    const req = request(origin + scenario.path, { headers: scenario.headers ?? {} }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.byteLength;
      });
      response.on("end", () =>
        resolve({
          encoding: response.headers["content-encoding"] ?? null,
          bytes,
          etag: String(response.headers.etag ?? ""),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** The scenarios of the hot-path issue, at the sizes this corpus gives. */
export async function hotPathScenarios(
  origin: string,
  tagFeed: string,
  article: string,
): Promise<Scenario[]> {
  const rss = await once(origin, { name: "", path: "/feed.xml", status: 200 });
  const gzipTag = (
    await once(origin, { name: "", path: "/feed.xml", headers: { "Accept-Encoding": "gzip" }, status: 200 })
  ).etag;
  const gzip = { "Accept-Encoding": "gzip, deflate" };
  return [
    { name: "floor: 3-byte reply", path: benchPaths.floor, status: 200 },
    {
      name: `constant ${rss.bytes}-byte Uint8Array`,
      path: `${benchPaths.constant}/${rss.bytes}`,
      status: 200,
    },
    // The same bytes held as the app holds its documents: what the runtime alone costs to send them.
    { name: `constant ${rss.bytes}-byte Blob`, path: `${benchPaths.blobConstant}/${rss.bytes}`, status: 200 },
    // The same answers as the app gives them, sent again by the bench entry without the app: what
    // the runtime alone costs for these exact bytes and headers.
    {
      name: "replica of /feed.xml gzip",
      path: `${benchPaths.replica}?path=/feed.xml&coding=${encodeURIComponent(gzip["Accept-Encoding"])}`,
      status: 200,
    },
    { name: "replica of /feed.xml identity", path: `${benchPaths.replica}?path=/feed.xml`, status: 200 },
    { name: "replica of the 404", path: `${benchPaths.replica}?path=/no/such/address`, status: 404 },
    { name: "/feed.xml identity", path: "/feed.xml", status: 200 },
    { name: "/atom.xml identity", path: "/atom.xml", status: 200 },
    { name: "/feed.json identity", path: "/feed.json", status: 200 },
    { name: "/feed.xml gzip", path: "/feed.xml", headers: gzip, status: 200 },
    { name: "/atom.xml gzip", path: "/atom.xml", headers: gzip, status: 200 },
    { name: "/feed.json gzip", path: "/feed.json", headers: gzip, status: 200 },
    {
      name: "/feed.xml br",
      path: "/feed.xml",
      headers: { "Accept-Encoding": "gzip, deflate, br" },
      status: 200,
    },
    { name: "/feed.xml 304", path: "/feed.xml", headers: { ...gzip, "If-None-Match": gzipTag }, status: 304 },
    { name: "article page gzip", path: article, headers: gzip, status: 200 },
    { name: "tag feed gzip", path: tagFeed, headers: gzip, status: 200 },
    { name: "404", path: "/no/such/address", status: 404 },
  ];
}

export async function measureRequests(
  worker: HarnessWorker,
  scenarios: readonly Scenario[],
  options: { rounds: number; seconds: number; connections: number },
): Promise<ScenarioResult[]> {
  const samples = new Map(
    scenarios.map((scenario) => [
      scenario,
      { cpu: [] as number[], rps: [] as number[], p99: [] as number[] },
    ]),
  );
  const problems = new Map(scenarios.map((scenario) => [scenario, [] as string[]]));
  for (let round = 0; round < options.rounds; round++) {
    for (const scenario of scenarios) {
      const cpuBefore = await cpuMicros(worker.pid);
      const result = await autocannon({
        url: worker.origin + scenario.path,
        headers: scenario.headers ?? {},
        connections: options.connections,
        duration: options.seconds,
      });
      const cpu = (await cpuMicros(worker.pid)) - cpuBefore;
      const answered = result.requests.total;
      const wrong = Object.entries(result.statusCodeStats ?? {})
        .filter(([status]) => Number(status) !== scenario.status)
        .reduce((sum, [, stats]) => sum + (stats as { count: number }).count, 0);
      if (result.errors + result.timeouts + wrong > 0) {
        problems
          .get(scenario)
          ?.push(
            `round ${round + 1}: ${result.errors} errors, ${result.timeouts} timeouts, ${wrong} answers other than ${scenario.status}`,
          );
      }
      const sample = samples.get(scenario);
      sample?.cpu.push(cpu / Math.max(1, answered));
      sample?.rps.push(result.requests.average);
      sample?.p99.push(result.latency.p99);
    }
  }
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const sample = samples.get(scenario) ?? { cpu: [], rps: [], p99: [] };
    const wire = await once(worker.origin, scenario);
    results.push({
      scenario,
      cpuMicrosPerRequest: median(sample.cpu),
      cpuRange: [Math.min(...sample.cpu), Math.max(...sample.cpu)],
      requestsPerSecond: median(sample.rps),
      p99Ms: median(sample.p99),
      contentEncoding: wire.encoding,
      bytes: wire.bytes,
      problems: problems.get(scenario) ?? [],
    });
  }
  return results;
}

/** The table and the hot-path issue's verdicts. */
export function printRequests(results: readonly ScenarioResult[]): void {
  const floor = results[0]?.cpuMicrosPerRequest ?? Number.NaN;
  const byName = (prefix: string) => results.filter((result) => result.scenario.name.startsWith(prefix));
  console.log();
  console.log("Requests in workerd (the user worker's own socket; medians of the rounds):");
  console.log(
    "  scenario                               CPU/request   × floor  rounds (× floor)   req/s     p99      sent",
  );
  for (const result of results) {
    const [low, high] = result.cpuRange.map((cpu) => (cpu / floor).toFixed(2));
    console.log(
      `  ${result.scenario.name.padEnd(38)} ${result.cpuMicrosPerRequest.toFixed(0).padStart(6)} µs ${(result.cpuMicrosPerRequest / floor).toFixed(2).padStart(8)}× ${`${low}–${high}`.padStart(14)}  ${result.requestsPerSecond.toFixed(0).padStart(7)} ${result.p99Ms.toFixed(1).padStart(6)} ms  ${String(result.bytes).padStart(6)} B ${result.contentEncoding ?? "identity"}`,
    );
    for (const problem of result.problems) console.log(`    PROBLEM ${problem}`);
  }
  const mark = (ok: boolean) => (ok ? "MET    " : "NOT MET");
  // The issue's constant is a Uint8Array (its first table); the Blob one is reported beside it.
  const constant = byName("constant")[0]?.cpuMicrosPerRequest ?? Number.NaN;
  const blobConstant = byName("constant").find((result) => result.scenario.name.endsWith(" Blob"));
  const gzip = byName("/").filter((result) => result.scenario.name.endsWith(" gzip"));
  const identity = byName("/").filter((result) => result.scenario.name.endsWith(" identity"));
  const notModified = byName("/feed.xml 304")[0];
  const notFound = byName("404")[0];
  console.log("Verdict (hot path):");
  for (const result of gzip) {
    const ratio = result.cpuMicrosPerRequest / floor;
    console.log(`  ${mark(ratio <= 1.2)} ${result.scenario.name} 200 ≤ 1.2× the floor: ${ratio.toFixed(2)}×`);
  }
  for (const result of identity) {
    const ratio = result.cpuMicrosPerRequest / constant;
    console.log(
      `  ${mark(ratio <= 1)} ${result.scenario.name} 200 ≤ a constant of the same size: ${ratio.toFixed(2)}× the constant`,
    );
  }
  if (notModified) {
    const ratio = notModified.cpuMicrosPerRequest / floor;
    console.log(`  ${mark(ratio <= 1.1)} 304 ≤ 1.1× the floor: ${ratio.toFixed(2)}×`);
  }
  if (notFound) {
    const ratio = notFound.cpuMicrosPerRequest / floor;
    console.log(`  ${mark(ratio <= 1.2)} 404 ≤ 1.2× the floor: ${ratio.toFixed(2)}×`);
  }
  const compressed = gzip.every((result) => result.contentEncoding === "gzip");
  console.log(`  ${mark(compressed)} every format travels compressed to a client that accepts gzip`);
  const clean = results.every((result) => result.problems.length === 0);
  console.log(`  ${mark(clean)} no error, timeout or unexpected status`);
  console.log("The runtime's share (the app's answer ÷ the same answer sent without the app):");
  for (const [app, replica] of [
    [byName("/feed.xml gzip")[0], byName("replica of /feed.xml gzip")[0]],
    [byName("/feed.xml identity")[0], byName("replica of /feed.xml identity")[0]],
    [notFound, byName("replica of the 404")[0]],
  ]) {
    if (!app || !replica) continue;
    console.log(
      `  ${app.scenario.name}: ${(app.cpuMicrosPerRequest / replica.cpuMicrosPerRequest).toFixed(2)}× its replica, which alone costs ${(replica.cpuMicrosPerRequest / floor).toFixed(2)}× the floor`,
    );
  }
  if (blobConstant) {
    for (const result of identity) {
      console.log(
        `  ${result.scenario.name}: ${(result.cpuMicrosPerRequest / blobConstant.cpuMicrosPerRequest).toFixed(2)}× ${blobConstant.scenario.name}`,
      );
    }
  }
}
