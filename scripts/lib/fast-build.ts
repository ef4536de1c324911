/**
 * The build as `npm run publish`, `npm run content` and the benchmark run it: every file is parsed
 * at most once per version of the pipeline, in parallel on every core, and its result kept in a
 * cache (one file per content folder) keyed by the hash of the file's name and text, for the
 * pipeline's own source. After an
 * edit to one article among thousands, only that one is parsed again; the checks between files
 * (duplicate ids, slugs, short codes) still run over all of them.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { Worker } from "node:worker_threads";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import { buildFromParsed, readContentDirectory } from "../../src/content/load-content";
import type { ParseResult } from "../../src/content/parse-article";
import { type ArticleHashes, articleHashInput } from "../../src/store/d1-publish";
import { root } from "./root";

/** One cache folder per content folder, so that pruning one never empties another's. */
function cacheDirFor(dir: string): string {
  const name = createHash("sha256").update(path.resolve(dir)).digest("hex").slice(0, 12);
  return path.join(root, ".wrangler", "build", "articles", name);
}

/** Everything a parse result depends on besides the file: the pipeline's code and dependencies. */
async function pipelineHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const dir of ["src/content", "src/lib", "src/urls", "src/config"]) {
    for (const name of (await readdir(path.join(root, dir))).sort()) {
      hash.update(name).update(await readFile(path.join(root, dir, name)));
    }
  }
  hash.update(await readFile(path.join(root, "package-lock.json")));
  return hash.digest("hex");
}

export interface BuildStats {
  files: number;
  parsed: number;
  cached: number;
  workers: number;
  ms: number;
}

/** Parses `files` on `workers` threads (in this thread when there are few). */
async function parseInParallel(
  files: [string, string][],
  workers: number,
): Promise<Map<string, ParseResult>> {
  const results = new Map<string, ParseResult>();
  if (files.length === 0) return results;
  if (workers <= 1 || files.length < 64) {
    const { parseArticle } = await import("../../src/content/parse-article");
    for (const [file, source] of files) results.set(file, parseArticle(file, source));
    return results;
  }
  const chunks: [string, string][][] = Array.from({ length: workers }, () => []);
  files.forEach((entry, index) => {
    chunks[index % workers]?.push(entry);
  });
  await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL("./parse-worker.mjs", import.meta.url));
          worker.once("message", (answer: [string, ParseResult][]) => {
            for (const [file, result] of answer) results.set(file, result);
            void worker.terminate().then(() => resolve());
          });
          worker.once("error", reject);
          worker.postMessage(chunk);
        }),
    ),
  );
  return results;
}

interface CacheEntry {
  result: ParseResult;
  /** The publish hashes of the article, when the file parsed (see articleHashInput). */
  hashes?: { hash: string; bodyHash: string };
}

interface CacheFile {
  pipeline: string;
  entries: Map<string, CacheEntry>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The cache of one content folder: one file, read and written whole (v8 serialisation is fast). */
async function readCache(file: string, pipeline: string): Promise<Map<string, CacheEntry>> {
  try {
    const cache = v8.deserialize(await readFile(file)) as CacheFile;
    return cache.pipeline === pipeline ? cache.entries : new Map();
  } catch {
    return new Map();
  }
}

/**
 * The content of `dir`, built with the cache in `cacheDir` and `workers` threads, and each
 * article's publish hashes (so that publishing does not hash unchanged articles again). Throws
 * ContentError with every problem, as buildContent does.
 */
export async function buildDirectory(
  dir: string,
  options: { cacheDir?: string; workers?: number; defaultAuthor?: string } = {},
): Promise<{ content: BuiltContent; hashes: ArticleHashes; stats: BuildStats }> {
  const started = performance.now();
  const cacheDir = options.cacheDir ?? cacheDirFor(dir);
  const cacheFile = path.join(cacheDir, "articles.v8");
  const defaultAuthor = options.defaultAuthor ?? siteSettings.defaultAuthor;
  const workers = options.workers ?? Math.max(1, os.availableParallelism());
  const pipeline = `${await pipelineHash()}:${defaultAuthor}`;
  const [{ files, problems: unreadable }, cached] = await Promise.all([
    readContentDirectory(dir),
    readCache(cacheFile, pipeline),
  ]);
  const entries = new Map<string, CacheEntry>();
  const keys = new Map<string, string>();
  const misses: [string, string][] = [];
  for (const [file, source] of Object.entries(files)) {
    const key = sha256(`${file}\0${source}`);
    keys.set(file, key);
    const hit = cached.get(key);
    if (hit) entries.set(key, hit);
    else misses.push([file, source]);
  }
  for (const [file, result] of await parseInParallel(misses, workers)) {
    const entry: CacheEntry = { result };
    if (result.ok) {
      const { html, ...meta } = result.article;
      const bodyHash = sha256(html);
      entry.hashes = { bodyHash, hash: sha256(articleHashInput(meta, bodyHash, defaultAuthor)) };
    }
    entries.set(keys.get(file) ?? "", entry);
  }
  // Only the entries of the files as they are now are kept: the cache never grows past the folder.
  if (misses.length > 0 || entries.size !== cached.size) {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cacheFile, v8.serialize({ pipeline, entries } satisfies CacheFile));
  }
  const results = new Map<string, ParseResult>();
  const hashes = new Map<string, { hash: string; bodyHash: string }>();
  for (const [file, key] of keys) {
    const entry = entries.get(key);
    if (!entry) continue;
    results.set(file, entry.result);
    if (entry.result.ok && entry.hashes) hashes.set(entry.result.article.slug, entry.hashes);
  }
  const content = buildFromParsed(results, unreadable);
  return {
    content,
    hashes,
    stats: {
      files: results.size,
      parsed: misses.length,
      cached: results.size - misses.length,
      workers,
      ms: performance.now() - started,
    },
  };
}
