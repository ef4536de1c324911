/**
 * The deployed bundle in workerd, as the benchmark measures it: `wrangler deploy --dry-run` builds
 * exactly what would be uploaded, and Miniflare runs it on a state directory of publishedState()
 * with the user worker on a socket of its own (no wrangler proxy, no Miniflare entry worker in the
 * way). A bench-only entry wraps the real one in the same isolate, so that the floor (a 3-byte
 * reply) and constant bodies cost what the runtime costs and nothing of ours. The inspector, when
 * asked for, reads the isolate's heap.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Miniflare } from "miniflare";
import WebSocket from "ws";
import { freePort } from "./loopback";
import { root } from "./root";

/** Paths the bench entry answers itself, before the app sees the request. */
export const benchPaths = {
  floor: "/__bench/floor",
  /** `${constant}/<bytes>`: a Uint8Array of that size, made once. */
  constant: "/__bench/constant",
  /** `${blobConstant}/<bytes>`: the same bytes as a Blob, as the app holds its documents. */
  blobConstant: "/__bench/constant-blob",
  /**
   * `${replica}?path=<path>&coding=<Accept-Encoding>`: the app's answer to that request, asked for
   * once, then sent again as it is (status, headers, bytes) without the app: what the runtime alone
   * costs for exactly that answer.
   */
  replica: "/__bench/replica",
} as const;

const benchEntry = `
import worker from "./worker.js";
/** Constant bodies by path: Uint8Arrays, or Blobs under ${benchPaths.blobConstant}. */
const constants = new Map();
const replicas = new Map();
async function replicaOf(url, env, ctx) {
  const coding = url.searchParams.get("coding");
  const answer = await worker.fetch(
    new Request(new URL(url.searchParams.get("path") ?? "/", url), { headers: coding ? { "Accept-Encoding": coding } : {} }),
    env,
    ctx,
  );
  // The bytes as the app sends them: a Blob (see Representation), already in their coding.
  return { status: answer.status, headers: new Headers(answer.headers), body: await answer.blob() };
}
export default {
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    const { pathname } = url;
    if (pathname === "${benchPaths.floor}") return new Response("ok\\n");
    if (pathname === "${benchPaths.replica}") {
      const send = (replica) =>
        new Response(replica.body, { status: replica.status, headers: replica.headers, encodeBody: "manual" });
      const known = replicas.get(url.search);
      if (known) return send(known);
      return replicaOf(url, env, ctx).then((replica) => {
        replicas.set(url.search, replica);
        return send(replica);
      });
    }
    const blob = pathname.startsWith("${benchPaths.blobConstant}/");
    if (blob || pathname.startsWith("${benchPaths.constant}/")) {
      const size = Number(pathname.slice(pathname.lastIndexOf("/") + 1));
      let body = constants.get(pathname);
      if (!body) {
        const bytes = new Uint8Array(size).fill(120);
        constants.set(pathname, (body = blob ? new Blob([bytes]) : bytes));
      }
      // Sent as the app sends a document: its length given, its bytes as they are.
      return new Response(body, {
        headers: { "Content-Type": "application/octet-stream", "Content-Length": String(size) },
        encodeBody: "manual",
      });
    }
    return worker.fetch(request, env, ctx);
  },
};
`;

/** The worker as `wrangler deploy` would upload it: one module, its size as Cloudflare counts it. */
export async function bundleWorker(): Promise<{ code: string; raw: number }> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), "bench-bundle-"));
  try {
    const result = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outDir], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    });
    if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stderr}`);
    const name = (await readdir(outDir)).find((file) => file.endsWith(".js")) ?? "index.js";
    const code = await readFile(path.join(outDir, name), "utf8");
    return { code, raw: Buffer.byteLength(code) };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export interface HarnessWorker {
  /** http://127.0.0.1:<port>, the user worker's own socket; SITE_ORIGIN too. */
  origin: string;
  /** The workerd process serving it. */
  pid: number;
  /** The isolate's heap, before and after a full garbage collection (needs `inspector`). */
  heap(): Promise<IsolateHeap>;
  dispose(): Promise<void>;
}

export interface IsolateHeap {
  /** JavaScript heap in use plus ArrayBuffer backing stores (document bytes), in bytes. */
  beforeGc: number;
  /** The same after a full collection: what the isolate holds on to. */
  retained: number;
}

/** Pids of workerd processes started under this process. */
function workerdPids(): number[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,comm="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm ?? "" }));
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (mine.has(row.ppid) && !mine.has(row.pid)) {
        mine.add(row.pid);
        grew = true;
      }
    }
  }
  return rows.filter((row) => mine.has(row.pid) && row.comm.startsWith("workerd")).map((row) => row.pid);
}

/** CPU time (user + system) a process has used, in microseconds. */
export async function cpuMicros(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command (which may hold spaces) start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / 100;
}

/** Runs `bundle` in workerd on the D1 state in `persist` (see publishedState). */
export async function startHarness(
  bundle: string,
  persist: string,
  options: { inspector?: boolean } = {},
): Promise<HarnessWorker> {
  const port = await freePort();
  const inspectorPort = options.inspector ? await freePort() : undefined;
  const origin = `http://127.0.0.1:${port}`;
  const before = new Set(workerdPids());
  const mf = new Miniflare({
    modules: [
      { type: "ESModule", path: "entry.js", contents: benchEntry },
      { type: "ESModule", path: "worker.js", contents: bundle },
    ],
    compatibilityDate: "2026-04-01",
    compatibilityFlags: ["nodejs_compat"],
    // As in production: the own hub on, so that every request passes its check (src/index.ts).
    bindings: { SITE_ORIGIN: origin, CONTENT_CHECK_SECONDS: "1", WEBSUB_OWN_HUB: "true" },
    d1Databases: { DB: "00000000-0000-4000-8000-000000000000" },
    d1Persist: path.join(persist, "v3", "d1"),
    cachePersist: path.join(persist, "v3", "cache"),
    unsafeDirectSockets: [{ host: "127.0.0.1", port }],
    ...(inspectorPort ? { inspectorPort } : {}),
  });
  await mf.ready;
  const pid = workerdPids().find((candidate) => !before.has(candidate));
  if (pid === undefined) {
    await mf.dispose();
    throw new Error("workerd did not start");
  }
  return {
    origin,
    pid,
    async heap() {
      if (!inspectorPort) throw new Error("startHarness: the inspector was not asked for");
      return isolateHeap(inspectorPort);
    },
    dispose: () => mf.dispose(),
  };
}

/**
 * Runtime.getHeapUsage on the user isolate, before and after a full collection. workerd does not
 * answer HeapProfiler.collectGarbage; a heap snapshot starts with a full collection, so one is taken
 * (and thrown away) instead.
 */
async function isolateHeap(inspectorPort: number): Promise<IsolateHeap> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    id: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((candidate) => candidate.id.startsWith("core:user:"));
  if (!target) throw new Error("no user worker among the inspector's targets");
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  let next = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  const send = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve) => {
      const id = ++next;
      waiting.set(id, resolve as (result: unknown) => void);
      socket.send(JSON.stringify({ id, method, params }));
    });
  type Usage = { usedSize: number; totalSize: number; backingStorageSize?: number };
  const held = (usage: Usage) => usage.usedSize + (usage.backingStorageSize ?? 0);
  try {
    const before = await send<Usage>("Runtime.getHeapUsage");
    await send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    const after = await send<Usage>("Runtime.getHeapUsage");
    return { beforeGc: held(before), retained: held(after) };
  } finally {
    socket.close();
  }
}
