/**
 * The benchmark's newsroom-scale part: the synthetic corpus on disk, built cold with the parallel
 * cached build, then once more after editing one article; published into a fresh local D1
 * database, then again after the edit; the worker started on it in workerd (as `wrangler dev`
 * runs it) and its process memory read while it serves feeds, family feeds, archive pages and
 * article pages, and an RFC 5005 walk of the whole site feed; and Hugo's cold build of the same
 * files when Hugo is installed (`apt-get install hugo`).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import type { ArticleMeta } from "../../src/content/schema";
import type { PublishReport } from "../../src/store/d1-publish";
import { hotPathScenarios, measureRequests, type ScenarioResult } from "./bench-workerd";
import { type BuildStats, buildDirectory, type DirectoryBuild } from "./fast-build";
import { applyMigrations, openLocalD1, proxyD1Target } from "./local-d1";
import { publishBuild, publishedStateFile } from "./publish-build";
import { mulberry32 } from "./synthetic-corpus";
import { startHarness } from "./workerd-harness";

export interface ScaleReport {
  articles: number;
  coldBuild: BuildStats;
  editBuild: BuildStats;
  firstPublish: { ms: number; report: PublishReport };
  editPublish: { ms: number; report: PublishReport };
  samePublish: { ms: number; report: PublishReport };
  hugo: { ms: number; version: string } | { skipped: string };
  workerd: {
    /** The workerd process's resident memory, and the user isolate's heap (see IsolateHeap), in MiB. */
    memory: { label: string; rssMiB: number; heapMiB: number; retainedMiB: number }[];
    /** `complete`: the walk reached the oldest archive page (false when --walk-documents stopped it). */
    walk: { documents: number; ids: number; unique: number; ms: number; complete: boolean };
    checked: { path: string; status: number }[];
    failures: string[];
  };
  requests?: ScenarioResult[];
}

/** Resident memory of a process, in MiB. */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** Hugo's cold build of the same Markdown files: every page, section and tag, with their feeds. */
async function hugoBuild(corpusDir: string): Promise<ScaleReport["hugo"]> {
  const version = spawnSync("hugo", ["version"], { encoding: "utf8" });
  if (version.status !== 0) return { skipped: "hugo is not installed (apt-get install hugo)" };
  const site = await mkdtemp(path.join(os.tmpdir(), "bench-hugo-"));
  try {
    await writeFile(
      path.join(site, "hugo.toml"),
      'baseURL = "https://news.example.com/"\ntitle = "Bench"\n[taxonomies]\ntag = "tags"\nauthor = "authors"\n',
    );
    await mkdir(path.join(site, "layouts", "_default"), { recursive: true });
    const layouts: Record<string, string> = {
      "baseof.html": '<!doctype html><html><body>{{ block "main" . }}{{ end }}</body></html>',
      "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}',
      "list.html":
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}',
    };
    for (const [name, text] of Object.entries(layouts))
      await writeFile(path.join(site, "layouts", "_default", name), text);
    await mkdir(path.join(site, "content"), { recursive: true });
    await symlink(corpusDir, path.join(site, "content", "articles"));
    const started = performance.now();
    const result = spawnSync(
      "hugo",
      ["--quiet", "--buildFuture", "-s", site, "-d", path.join(site, "public")],
      {
        encoding: "utf8",
        maxBuffer: 1 << 28,
      },
    );
    const ms = performance.now() - started;
    if (result.status !== 0)
      return { skipped: `hugo failed: ${(result.stderr || result.stdout).slice(0, 500)}` };
    return { ms, version: version.stdout.trim().split(" ").slice(0, 2).join(" ") };
  } finally {
    await rm(site, { recursive: true, force: true });
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Edits one article in place (a sentence added to its body), as an editor would. */
async function editOneArticle(corpusDir: string): Promise<string> {
  const names = (await readdir(corpusDir)).filter((name) => name.endsWith(".md")).sort();
  const name = names[Math.floor(names.length / 2)] ?? "";
  const file = path.join(corpusDir, name);
  await writeFile(file, `${await readFile(file, "utf8")}\nThis article was corrected after publication.\n`);
  return name;
}

export async function measureScale(
  corpusDir: string,
  log: (message: string) => void,
  options: {
    bundle: string;
    /** Archive documents the walk reads at most (every one when undefined). */
    walkDocuments?: number;
    requests?: { rounds: number; seconds: number; connections: number };
  },
): Promise<{ report: ScaleReport; content: BuiltContent }> {
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), "bench-cache-"));
  const persist = await mkdtemp(path.join(os.tmpdir(), "bench-d1-"));
  try {
    log("scale: cold build (parallel, empty cache)…");
    const cold = await buildDirectory(corpusDir, { cacheDir });
    log(`scale: cold build ${cold.stats.ms.toFixed(0)} ms; Hugo…`);
    const hugo = await hugoBuild(corpusDir);
    log("scale: first publish into a fresh local D1…");
    const local = await openLocalD1(persist);
    let firstPublish: ScaleReport["firstPublish"];
    let editPublish: ScaleReport["editPublish"];
    let samePublish: ScaleReport["samePublish"];
    let editBuild: BuildStats;
    let build: DirectoryBuild = cold;
    // Kept beside the database, as `npm run publish` keeps it for its own.
    const stateFile = publishedStateFile("bench", persist);
    const publish = (from: DirectoryBuild) => publishBuild(proxyD1Target(local.db), from, { stateFile });
    try {
      await applyMigrations(local.db);
      const first = await timed(() => publish(cold));
      firstPublish = { ms: first.ms, report: first.value };
      const edited = await editOneArticle(corpusDir);
      log(`scale: edited ${edited}; build and publish again…`);
      const again = await timed(async () => {
        const edit = await buildDirectory(corpusDir, { cacheDir });
        return { edit, report: await publish(edit) };
      });
      build = again.value.edit;
      editBuild = build.stats;
      editPublish = { ms: again.ms, report: again.value.report };
      const same = await timed(() => publish(build));
      samePublish = { ms: same.ms, report: same.value };
    } finally {
      await local.dispose();
    }
    log("scale: the worker in workerd on that database…");
    const content = await build.load();
    const workerd = await serveAndCheck(
      persist,
      options.bundle,
      content.articles,
      log,
      options.walkDocuments,
    );
    let requests: ScenarioResult[] | undefined;
    if (options.requests) {
      log("scale: request costs in workerd…");
      requests = await measureHotPath(persist, options.bundle, content.articles, options.requests);
    }
    return {
      report: {
        articles: build.index.articles.length,
        coldBuild: cold.stats,
        editBuild,
        firstPublish,
        editPublish,
        samePublish,
        hugo,
        workerd,
        ...(requests ? { requests } : {}),
      },
      content,
    };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
    await rm(persist, { recursive: true, force: true });
  }
}

/** Equal for every corpus size, so that memory is compared after the same requests. */
const EQUAL_ARCHIVE_PAGES = 100;

async function serveAndCheck(
  persist: string,
  bundle: string,
  articles: readonly ArticleMeta[],
  log: (message: string) => void,
  walkDocuments = Number.POSITIVE_INFINITY,
): Promise<ScaleReport["workerd"]> {
  const worker = await startHarness(bundle, persist, { inspector: true });
  const { origin } = worker;
  const failures: string[] = [];
  const checked: { path: string; status: number }[] = [];
  const memory: ScaleReport["workerd"]["memory"] = [];
  const measure = async (label: string) => {
    const heap = await worker.heap();
    memory.push({
      label,
      rssMiB: rssMiB(worker.pid),
      heapMiB: heap.beforeGc / 2 ** 20,
      retainedMiB: heap.retained / 2 ** 20,
    });
  };
  try {
    const get = async (pathname: string) => {
      const response = await fetch(origin + pathname);
      return { status: response.status, text: await response.text() };
    };
    await get("/feed.xml");
    await measure("after the first request");
    // Every kind of document, from a sample of families and articles.
    const random = mulberry32(7);
    const pick = <T>(list: readonly T[], count: number) =>
      Array.from(
        { length: Math.min(count, list.length) },
        () => list[Math.floor(random() * list.length)] as T,
      );
    const opml = await get("/feeds.opml");
    const folders = [
      ...opml.text.matchAll(/xmlUrl="[^"]*?(\/(?:sections|tags|authors)\/[^/"]+)\/feed\.xml"/g),
    ].map((match) => match[1] ?? "");
    const paths = ["/", "/feeds", "/feed.xml", "/atom.xml", "/feed.json"];
    for (const folder of pick(folders, 60))
      paths.push(`${folder}/`, `${folder}/feed.xml`, `${folder}/atom.xml`, `${folder}/archive/1/feed.json`);
    for (const article of pick(articles, 100))
      paths.push(`/articles/${article.slug}`, `/s/${article.shortCode}`);
    const pageCount = Math.floor(articles.length / Math.ceil(siteSettings.itemsPerFeed / 2));
    for (let i = 0; i < 20; i++)
      paths.push(`/archive/${1 + Math.floor(random() * Math.max(1, pageCount))}/atom.xml`);
    for (const pathname of paths) {
      const response = await fetch(origin + pathname, { redirect: "manual" });
      await response.arrayBuffer();
      checked.push({ path: pathname, status: response.status });
      const expected = pathname.startsWith("/s/") ? 301 : 200;
      if (response.status !== expected && !(pathname.includes("/archive/1/") && response.status === 404)) {
        failures.push(`${pathname}: ${response.status}`);
      }
    }
    const titles = await Promise.all(
      pick(articles, 20).map(async (article) => ({ article, page: await get(`/articles/${article.slug}`) })),
    );
    for (const { article, page } of titles) {
      if (!page.text.includes(article.title.replaceAll("&", "&amp;").replaceAll("<", "&lt;"))) {
        failures.push(`/articles/${article.slug}: title missing`);
      }
    }
    log(`scale: ${checked.length} documents checked; archive walk of the site feed…`);
    const walkStart = performance.now();
    const ids: string[] = [];
    let documents = 0;
    let next: string | undefined = `${origin}/feed.json`;
    while (next && documents < walkDocuments) {
      const response = await fetch(next);
      const json = (await response.json()) as { items: { id: string }[]; next_url?: string };
      ids.push(...json.items.map((item) => item.id));
      next = json.next_url;
      documents++;
      if (documents === EQUAL_ARCHIVE_PAGES) {
        await measure(`after the sample and ${EQUAL_ARCHIVE_PAGES} documents of the walk`);
      }
      if (documents % 2000 === 0) log(`scale: walk at ${documents} documents, ${ids.length} items`);
    }
    const complete = next === undefined;
    const walk = {
      documents,
      ids: ids.length,
      unique: new Set(ids).size,
      ms: performance.now() - walkStart,
      complete,
    };
    await measure(
      `after the ${complete ? "whole walk" : "walk, stopped by --walk-documents"} (${documents} documents)`,
    );
    if (walk.unique !== walk.ids || (complete && walk.ids !== articles.length)) {
      failures.push(
        `archive walk: ${walk.ids} items (${walk.unique} distinct) for ${articles.length} articles`,
      );
    }
    return { memory, walk, checked, failures };
  } finally {
    await worker.dispose();
  }
}

/** The hot-path scenarios, on a worker of their own (no inspector attached). */
async function measureHotPath(
  persist: string,
  bundle: string,
  articles: readonly ArticleMeta[],
  options: { rounds: number; seconds: number; connections: number },
): Promise<ScenarioResult[]> {
  const worker = await startHarness(bundle, persist);
  try {
    const opml = await (await fetch(`${worker.origin}/feeds.opml`)).text();
    const tag = /xmlUrl="[^"]*?(\/tags\/[^/"]+\/feed\.xml)"/.exec(opml)?.[1] ?? "/feed.xml";
    const scenarios = await hotPathScenarios(worker.origin, tag, `/articles/${articles[0]?.slug ?? ""}`);
    return await measureRequests(worker, scenarios, options);
  } finally {
    await worker.dispose();
  }
}

/** The scale report as the benchmark prints it, with its verdicts. */
export function printScale(report: ScaleReport, bundle: { raw: number; gzip: number } | undefined): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mark = (ok: boolean) => (ok ? "MET    " : "NOT MET");
  const { coldBuild, editBuild, firstPublish, editPublish, samePublish, hugo, workerd } = report;
  console.log();
  console.log(
    `Newsroom scale: ${report.articles} articles (Node ${process.version}, ${os.cpus().length} CPUs)`,
  );
  console.log(`  cold build (parse every file, ${coldBuild.workers} workers): ${s(coldBuild.ms)}`);
  if ("ms" in hugo) console.log(`  Hugo cold build of the same files (${hugo.version}): ${s(hugo.ms)}`);
  else console.log(`  Hugo: ${hugo.skipped}`);
  console.log(
    `  first publish into D1: ${s(firstPublish.ms)} (${firstPublish.report.added.length} added, ${firstPublish.report.rowsWritten} rows written)`,
  );
  console.log(
    `  build + publish after editing one article: ${s(editPublish.ms)} (${editBuild.parsed} parsed, ${editBuild.cached} from the cache; ` +
      `${editPublish.report.changed.length} changed, ${editPublish.report.rowsWritten} rows written)`,
  );
  console.log(
    `  publish of the same content again: ${s(samePublish.ms)}, ${samePublish.report.rowsWritten} rows written`,
  );
  if (bundle)
    console.log(
      `  worker bundle: ${(bundle.raw / 1024).toFixed(0)} KiB, ${(bundle.gzip / 1024).toFixed(0)} KiB gzip`,
    );
  for (const { label, rssMiB: rss, heapMiB, retainedMiB } of workerd.memory) {
    console.log(
      `  workerd ${label}: process ${rss.toFixed(0)} MiB; the isolate's heap and buffers ${heapMiB.toFixed(1)} MiB, ${retainedMiB.toFixed(1)} MiB retained after a full GC`,
    );
  }
  console.log(
    `  archive walk of /feed.json: ${workerd.walk.documents} documents, ${workerd.walk.ids} items, ${workerd.walk.unique} distinct, ${s(workerd.walk.ms)}${workerd.walk.complete ? "" : " (stopped by --walk-documents)"}`,
  );
  for (const failure of workerd.failures) console.log(`  FAILURE ${failure}`);
  console.log("Verdict (scale):");
  if ("ms" in hugo) {
    console.log(
      `  ${mark(coldBuild.ms <= hugo.ms)} cold build no slower than Hugo's: ${(coldBuild.ms / hugo.ms).toFixed(2)}× Hugo`,
    );
    console.log(
      `  ${mark(editPublish.ms <= 0.1 * hugo.ms)} build + publish after one edit within 0.1× Hugo's cold build: ${(editPublish.ms / hugo.ms).toFixed(3)}×`,
    );
  }
  if (bundle) console.log(`  ${mark(bundle.gzip <= 1024 * 1024)} bundle at most 1 MiB gzip`);
  console.log(
    `  ${mark(samePublish.report.rowsWritten === 0)} publishing the same content again writes 0 rows`,
  );
  if (workerd.walk.complete) {
    console.log(
      `  ${mark(workerd.walk.unique === report.articles && workerd.walk.ids === report.articles)} the archive walk reaches every article exactly once`,
    );
  } else {
    console.log(
      `  ${mark(workerd.walk.unique === workerd.walk.ids)} the part of the archive walked (--walk-documents) names each article once; the whole walk was not run`,
    );
  }
  console.log(`  ${mark(workerd.failures.length === 0)} every document checked answers correctly`);
  const retained = workerd.memory.map((entry) => entry.retainedMiB);
  console.log(
    `  ${mark(Math.max(...retained) <= 64)} the isolate retains at most 64 MiB of its 128 MB at every step: ${Math.max(...retained).toFixed(1)} MiB`,
  );
  console.log(
    `  (memory against size: compare "after the sample and ${EQUAL_ARCHIVE_PAGES} documents" with a run at --articles 1000; the target is within 15%)`,
  );
  console.log();
}
