/**
 * The build as `npm run publish`, `npm run content` and the benchmark run it: every file is parsed
 * at most once per version of the pipeline, in parallel on every core, and its result kept in a
 * cache keyed by the hash of the file's name and text and of the pipeline's own source. After an
 * edit to one article among thousands, only that one is parsed again; the checks between files
 * (duplicate ids, slugs, short codes) still run over all of them.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { BuiltContent } from "../../src/content/built-content";
import { buildFromParsed, readContentDirectory } from "../../src/content/load-content";
import type { ParseResult } from "../../src/content/parse-article";
import { root } from "./local-d1";

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

/**
 * The content of `dir`, built with the cache in `cacheDir` and `workers` threads. Throws
 * ContentError with every problem, as buildContent does.
 */
export async function buildDirectory(
  dir: string,
  options: { cacheDir?: string; workers?: number } = {},
): Promise<{ content: BuiltContent; stats: BuildStats }> {
  const started = performance.now();
  const cacheDir = options.cacheDir ?? cacheDirFor(dir);
  const workers = options.workers ?? Math.max(1, os.availableParallelism());
  const pipeline = await pipelineHash();
  const { files, problems: unreadable } = await readContentDirectory(dir);
  await mkdir(cacheDir, { recursive: true });
  const results = new Map<string, ParseResult>();
  const misses: [string, string][] = [];
  const keys = new Map<string, string>();
  await Promise.all(
    Object.entries(files).map(async ([file, source]) => {
      const key = createHash("sha256")
        .update(pipeline)
        .update("\0")
        .update(file)
        .update("\0")
        .update(source)
        .digest("hex");
      keys.set(file, key);
      try {
        results.set(
          file,
          JSON.parse(await readFile(path.join(cacheDir, `${key}.json`), "utf8")) as ParseResult,
        );
      } catch {
        misses.push([file, source]);
      }
    }),
  );
  const parsed = await parseInParallel(misses, workers);
  await Promise.all(
    [...parsed].map(async ([file, result]) => {
      results.set(file, result);
      await writeFile(path.join(cacheDir, `${keys.get(file)}.json`), JSON.stringify(result));
    }),
  );
  // Entries of files that changed or went away are never read again: drop them.
  const current = new Set([...keys.values()].map((key) => `${key}.json`));
  await Promise.all(
    (await readdir(cacheDir))
      .filter((name) => !current.has(name))
      .map((name) => rm(path.join(cacheDir, name), { force: true })),
  );
  const content = buildFromParsed(results, unreadable);
  return {
    content,
    stats: {
      files: results.size,
      parsed: misses.length,
      cached: results.size - misses.length,
      workers,
      ms: performance.now() - started,
    },
  };
}
