/**
 * The build as `npm run publish`, `npm run content` and the benchmark run it. Every file is parsed
 * at most once per version of the pipeline, in parallel on every core, and what parsing gave is
 * kept in a cache per content folder:
 *
 * - `index.v8` (and `journal.v8`, its latest changes): per file, its metadata as last seen (size,
 *   times, inode), the hash of its name and text, and its article's outline (what the checks
 *   between files need) with the body's hash, the publish hash and the digest of the whole; or its
 *   problems. A file whose metadata is unchanged is not even read again.
 * - `articles/<xx>.v8`: the whole articles (text, rendered body) by digest, in 256 shards, so
 *   that an edit rewrites one shard and a publish reads only the articles it writes.
 *
 * - `media.v8`: per file of content/media/, its metadata as last seen and what inspecting it gave
 *   (media-files.ts): its stored key, type, size in pixels and bytes, or why it cannot be an image.
 *   An index entry names the media file its parse read and what was known of it then; when that
 *   changes (the image was replaced, or appeared), the article is parsed again.
 *
 * After an edit to one article among thousands, only that file is read and parsed, one shard and
 * the journal are written, and no other article is loaded whole; the checks between files (duplicate ids,
 * slugs, short codes, colliding names) still run over every article's metadata.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import { isMediaFile, type MediaEntry } from "../../src/content/lead-image";
import {
  articleDigest,
  buildIndexFromParsed,
  type ContentEntry,
  type ContentIndex,
  listContentDirectory,
  unreadableProblem,
} from "../../src/content/load-content";
import {
  listMediaFiles,
  lookupIn,
  type MediaListing,
  mediaFilePath,
  readMediaEntry,
} from "../../src/content/media-files";
import type { ParseResult } from "../../src/content/parse-article";
import { retractedOf } from "../../src/content/retracted";
import type { Article, ArticleOutline, RetractedArticle } from "../../src/content/schema";
import type { ArticleHashes } from "../../src/store/d1-publish";
import type { MediaUpload } from "./media-publish";
import { type Kept, type MediaUse, mediaState, type ParsedFile, parseAndKeep, sha256 } from "./parse-kept";
import { root } from "./root";
import { readSerialized, writeSerialized } from "./serialized-file";

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
  // What is kept of a parse is computed here (and the publish hash in the publisher).
  for (const file of ["scripts/lib/parse-kept.ts", "src/store/d1-publish.ts", "package-lock.json"]) {
    hash.update(file).update(await readFile(path.join(root, file)));
  }
  return hash.digest("hex");
}

/**
 * A file changed within this long before the build looked at it could change again within the same
 * tick of its modification time (2 s on the coarsest file systems), unseen: its metadata is not
 * kept, so the next build reads it again.
 */
export const RECENT_MS = 2000;

export interface BuildStats {
  files: number;
  /** Files parsed in this build. */
  parsed: number;
  /** Files whose earlier parse was reused. */
  cached: number;
  /** Files read in this build (the others' metadata showed them unchanged). */
  read: number;
  workers: number;
  ms: number;
}

interface IndexEntry {
  /** The file's metadata when it was last read; absent when it could change unseen (see below). */
  seen?: Omit<ContentEntry, "name">;
  /** Hash of the file's name and text. */
  key: string;
  kept: Kept | { problems: string[] };
  /** The file of content/media/ its parse read, if any. */
  media?: MediaUse;
}

interface IndexFile {
  pipeline: string;
  /** Names this version of the index, so that a journal of another one is never applied to it. */
  id: string;
  entries: Map<string, IndexEntry>;
}

/** The entries changed since the index was written whole (null: the file is gone). */
interface JournalFile {
  base: string;
  entries: Map<string, IndexEntry | null>;
}

/** Parses and hashes `files` on `workers` threads (in this thread when there are few). */
async function parseInParallel(
  files: [string, string][],
  workers: number,
  defaultAuthor: string,
  media: ReadonlyMap<string, MediaEntry>,
): Promise<Map<string, ParsedFile>> {
  const results = new Map<string, ParsedFile>();
  if (files.length === 0) return results;
  if (workers <= 1 || files.length < 64) {
    for (const [file, source] of files) results.set(file, parseAndKeep(file, source, defaultAuthor, media));
    return results;
  }
  const mediaList = [...media];
  const chunks: [string, string][][] = Array.from({ length: workers }, () => []);
  files.forEach((entry, index) => {
    chunks[index % workers]?.push(entry);
  });
  await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL("./parse-worker.mjs", import.meta.url));
          worker.once("message", (answer: [string, ParsedFile][]) => {
            for (const [file, result] of answer) results.set(file, result);
            void worker.terminate().then(() => resolve());
          });
          worker.once("error", reject);
          worker.postMessage({ files: chunk, defaultAuthor, media: mediaList });
        }),
    ),
  );
  return results;
}

/** The index as last written, its journal applied; `journal` is what the journal held. */
async function readIndex(
  cacheDir: string,
  pipeline: string,
): Promise<
  { id: string; entries: Map<string, IndexEntry>; journal: Map<string, IndexEntry | null> } | undefined
> {
  const [index, journal] = await Promise.all([
    readSerialized<IndexFile>(path.join(cacheDir, "index.v8")),
    readSerialized<JournalFile>(path.join(cacheDir, "journal.v8")),
  ]);
  if (index?.pipeline !== pipeline) return undefined;
  const applied = journal?.base === index.id ? journal.entries : new Map<string, IndexEntry | null>();
  for (const [name, entry] of applied) {
    if (entry) index.entries.set(name, entry);
    else index.entries.delete(name);
  }
  return { id: index.id, entries: index.entries, journal: applied };
}

/**
 * Writes the index: when few entries changed since it was last written whole, only a journal of
 * them (rewriting ten thousand entries for one edit would be most of an edit's build time); when
 * many did, the whole index, and an empty journal. Every entry is checked against its file when
 * it is read, so even a journal left by an interrupted write makes a build slower, never wrong.
 */
async function writeIndex(
  cacheDir: string,
  pipeline: string,
  base: string | undefined,
  entries: Map<string, IndexEntry>,
  journal: Map<string, IndexEntry | null>,
): Promise<void> {
  if (base !== undefined && journal.size <= Math.max(64, entries.size / 16)) {
    await writeSerialized(path.join(cacheDir, "journal.v8"), {
      base,
      entries: journal,
    } satisfies JournalFile);
    return;
  }
  const id = randomUUID();
  await writeSerialized(path.join(cacheDir, "index.v8"), { pipeline, id, entries } satisfies IndexFile);
  await writeSerialized(path.join(cacheDir, "journal.v8"), {
    base: id,
    entries: new Map(),
  } satisfies JournalFile);
}

/** What media.v8 keeps of a file of content/media/. */
interface MediaCacheEntry {
  /** Its metadata when it was read; absent when it could change unseen (see RECENT_MS). */
  seen?: Omit<MediaListing, "name">;
  entry: MediaEntry;
}

/**
 * Every file of the media folder `mediaDir`, inspected: a file whose metadata is unchanged since the
 * last build is not read again.
 */
async function scanMedia(
  mediaDir: string,
  cacheDir: string,
  pipeline: string,
  lookedAt: number,
): Promise<Map<string, MediaEntry>> {
  const cacheFile = path.join(cacheDir, "media.v8");
  const [listed, saved] = await Promise.all([
    listMediaFiles(mediaDir),
    readSerialized<{ pipeline: string; files: Map<string, MediaCacheEntry> }>(cacheFile),
  ]);
  const before = saved?.pipeline === pipeline ? saved.files : new Map<string, MediaCacheEntry>();
  const files = new Map<string, MediaCacheEntry>();
  const toRead: MediaListing[] = [];
  for (const listing of listed) {
    const { name, ...seen } = listing;
    const known = before.get(name);
    if (known?.seen && sameMetadata(known.seen, seen)) files.set(name, known);
    else toRead.push(listing);
  }
  // A few at a time: images are larger than articles, and each is read whole to be hashed.
  for (let start = 0; start < toRead.length; start += 16) {
    await Promise.all(
      toRead.slice(start, start + 16).map(async ({ name, ...seen }) => {
        const entry = await readMediaEntry(mediaDir, name);
        files.set(name, lookedAt - seen.mtimeMs > RECENT_MS ? { seen, entry } : { entry });
      }),
    );
  }
  if (toRead.length > 0 || before.size !== files.size) await writeSerialized(cacheFile, { pipeline, files });
  // In name order, whatever order the reads finished in.
  return new Map(
    listed.flatMap(({ name }) => {
      const cached = files.get(name);
      return cached ? [[name, cached.entry] as const] : [];
    }),
  );
}

const shardOf = (digest: string) => digest.slice(0, 2);

/**
 * Adds `fresh` articles (by digest) to their shards, and drops from each shard it rewrites the
 * articles no file has any more (`wanted`), so that the cache never grows past the folder.
 */
async function storeArticles(
  shardsDir: string,
  fresh: ReadonlyMap<string, Article>,
  wanted: ReadonlySet<string>,
): Promise<void> {
  const byShard = new Map<string, [string, Article][]>();
  for (const [digest, article] of fresh) {
    const shard = byShard.get(shardOf(digest)) ?? [];
    shard.push([digest, article]);
    byShard.set(shardOf(digest), shard);
  }
  await Promise.all(
    [...byShard].map(async ([shard, added]) => {
      const file = path.join(shardsDir, `${shard}.v8`);
      const articles = (await readSerialized<Map<string, Article>>(file)) ?? new Map<string, Article>();
      for (const digest of articles.keys()) if (!wanted.has(digest)) articles.delete(digest);
      for (const [digest, article] of added) articles.set(digest, article);
      await writeSerialized(file, articles);
    }),
  );
}

/** Reads articles by digest from their shards, each shard at most once. */
function articleReader(shardsDir: string): (digest: string) => Promise<Article | undefined> {
  const shards = new Map<string, Promise<Map<string, Article> | undefined>>();
  return async (digest) => {
    const shard = shardOf(digest);
    let loaded = shards.get(shard);
    if (!loaded) {
      loaded = readSerialized<Map<string, Article>>(path.join(shardsDir, `${shard}.v8`));
      shards.set(shard, loaded);
    }
    return (await loaded)?.get(digest);
  };
}

/** What the build of one content folder gives. */
export interface DirectoryBuild {
  /** The version and every published and retracted article's outline, newest first. */
  index: ContentIndex<ArticleOutline>;
  /** What the files warn of (a lead image narrower than aggregators ask), each naming its file. */
  warnings: string[];
  /** The files of content/media/ the published articles show, by stored key: what a publish uploads. */
  media: ReadonlyMap<string, MediaUpload>;
  /** Each article's publish hashes, by slug, so that publishing hashes nothing again. */
  hashes: ArticleHashes;
  /** The whole article with this slug, read from the cache (or its file) when asked. */
  article(slug: string): Promise<Article>;
  /** What is kept of the retracted article with this slug (see RetractedArticle). */
  retracted(slug: string): Promise<RetractedArticle>;
  /** Every article, whole, newest first: as the in-memory store and content.json hold them. */
  load(): Promise<BuiltContent>;
  stats: BuildStats;
}

/**
 * Builds the content of `dir` with the cache in `cacheDir` and `workers` threads. Throws
 * ContentError with every problem, as buildContent does.
 */
export async function buildDirectory(
  dir: string,
  options: { cacheDir?: string; workers?: number; defaultAuthor?: string } = {},
): Promise<DirectoryBuild> {
  const started = performance.now();
  const lookedAt = Date.now();
  const cacheDir = options.cacheDir ?? cacheDirFor(dir);
  const shardsDir = path.join(cacheDir, "articles");
  const defaultAuthor = options.defaultAuthor ?? siteSettings.defaultAuthor;
  const workers = options.workers ?? Math.max(1, os.availableParallelism());
  const pipeline = `${await pipelineHash()}:${defaultAuthor}`;
  const mediaDir = path.join(dir, "media");
  const [listed, saved, media] = await Promise.all([
    listContentDirectory(dir),
    readIndex(cacheDir, pipeline),
    scanMedia(mediaDir, cacheDir, pipeline, lookedAt),
  ]);
  const before = saved?.entries ?? new Map<string, IndexEntry>();
  // A parse that read a file of content/media/ holds only while that file is what it was.
  const mediaUnchanged = (entry: IndexEntry) =>
    entry.media === undefined || mediaState(media.get(entry.media.name)) === entry.media.state;
  const problems = [...listed.problems];
  const entries = new Map<string, IndexEntry>();
  const toRead: ContentEntry[] = [];
  for (const entry of listed.entries) {
    const known = before.get(entry.name);
    const { name: _, ...seen } = entry;
    if (known?.seen && sameMetadata(known.seen, seen) && mediaUnchanged(known))
      entries.set(entry.name, known);
    else toRead.push(entry);
  }
  const misses: [string, string][] = [];
  for (let start = 0; start < toRead.length; start += 64) {
    await Promise.all(
      toRead.slice(start, start + 64).map(async (listedEntry) => {
        const { name, ...seen } = listedEntry;
        let source: string;
        try {
          source = await readFile(path.join(dir, name), "utf8");
        } catch (error) {
          problems.push(unreadableProblem(name, error));
          return;
        }
        const key = sha256(`${name}\0${source}`);
        const known = before.get(name);
        const reused = known?.key === key && mediaUnchanged(known) ? known : undefined;
        const entry: IndexEntry = reused
          ? { key, kept: reused.kept, ...(reused.media ? { media: reused.media } : {}) }
          : { key, kept: { problems: [] } };
        if (lookedAt - seen.mtimeMs > RECENT_MS) entry.seen = seen;
        if (!reused) misses.push([name, source]);
        entries.set(name, entry);
      }),
    );
  }
  const fresh = new Map<string, Article>();
  for (const [name, result] of await parseInParallel(misses, workers, defaultAuthor, media)) {
    const entry = entries.get(name);
    if (!entry) continue;
    if (result.media) entry.media = result.media;
    if (!result.ok) {
      entry.kept = { problems: result.problems };
      continue;
    }
    fresh.set(result.kept.digest, result.article);
    entry.kept = result.kept;
  }
  if (fresh.size > 0) {
    const wanted = new Set<string>();
    for (const entry of entries.values()) if ("digest" in entry.kept) wanted.add(entry.kept.digest);
    await storeArticles(shardsDir, fresh, wanted);
  }
  // The index last: it never names a body its shard does not hold.
  const journal = new Map(saved?.journal ?? []);
  let changed = saved === undefined;
  for (const [name, entry] of entries) {
    if (before.get(name) === entry) continue;
    journal.set(name, entry);
    changed = true;
  }
  for (const name of before.keys()) {
    if (entries.has(name)) continue;
    journal.set(name, null);
    changed = true;
  }
  if (changed) await writeIndex(cacheDir, pipeline, saved?.id, entries, journal);

  const results = new Map<string, ParseResult<ArticleOutline>>();
  const bySlug = new Map<string, { kept: Kept; file: string }>();
  for (const [name, entry] of entries) {
    if ("problems" in entry.kept) {
      results.set(name, { ok: false, problems: entry.kept.problems });
      continue;
    }
    results.set(name, {
      ok: true,
      article: entry.kept.article,
      draft: entry.kept.draft,
      warnings: entry.kept.warnings,
    });
    bySlug.set(entry.kept.article.slug, { kept: entry.kept, file: name });
  }
  const keptOf = (slug: string) => {
    const found = bySlug.get(slug);
    if (!found) throw new Error(`fast-build: ${slug} has no cache entry`);
    return found;
  };
  // Slugs are one per article once the checks between files have passed, before any digest is asked.
  const { warnings, ...index } = buildIndexFromParsed(
    results,
    problems.sort(),
    (outline) => keptOf(outline.slug).kept.digest,
  );
  const hashes = new Map<string, { hash: string; bodyHash: string }>();
  const uploads = new Map<string, MediaUpload>();
  const fileOfKey = new Map<string, string>();
  for (const [name, entry] of media) if (isMediaFile(entry)) fileOfKey.set(entry.key, name);
  const retractedSlugs = new Set(index.retracted.map(({ slug }) => slug));
  for (const { slug } of [...index.articles, ...index.retracted]) {
    const { hash, bodyHash, mediaKey } = keptOf(slug).kept;
    hashes.set(slug, { hash, bodyHash });
    // A retracted article shows no image: nothing of it is uploaded.
    const shown = retractedSlugs.has(slug) ? undefined : mediaKey;
    const name = shown === undefined ? undefined : fileOfKey.get(shown);
    const entry = name === undefined ? undefined : media.get(name);
    if (name !== undefined && entry !== undefined && isMediaFile(entry)) {
      uploads.set(entry.key, { key: entry.key, file: mediaFilePath(mediaDir, name), type: entry.type });
    }
  }
  const readArticle = articleReader(shardsDir);
  const article = async (slug: string): Promise<Article> => {
    // Only published and retracted articles: a draft has an entry, but no article to publish.
    if (!hashes.has(slug)) throw new Error(`fast-build: no article ${slug}`);
    const { kept, file } = keptOf(slug);
    const found = fresh.get(kept.digest) ?? (await readArticle(kept.digest));
    if (found) return found;
    // A shard lost or damaged since: the file itself, if it still says the same.
    const { parseArticle } = await import("../../src/content/parse-article");
    const again = parseArticle(file, await readFile(path.join(dir, file), "utf8"), lookupIn(media));
    if (again.ok && articleDigest(again.article) === kept.digest) return again.article;
    throw new Error(`content/${file} changed while it was being published: publish again`);
  };
  const retracted = async (slug: string): Promise<RetractedArticle> => {
    const whole = await article(slug);
    if (!whole.retraction) throw new Error(`fast-build: ${slug} is not retracted`);
    return retractedOf(whole, whole.retraction);
  };
  return {
    index,
    warnings,
    media: uploads,
    hashes,
    article,
    retracted,
    async load() {
      const [articles, records] = await Promise.all([
        Promise.all(index.articles.map((outline) => article(outline.slug))),
        Promise.all(index.retracted.map((outline) => retracted(outline.slug))),
      ]);
      return { version: index.version, articles, ...(records.length > 0 ? { retracted: records } : {}) };
    },
    stats: {
      files: entries.size,
      parsed: misses.length,
      cached: entries.size - misses.length,
      read: toRead.length,
      workers,
      ms: performance.now() - started,
    },
  };
}

function sameMetadata(a: Omit<ContentEntry, "name">, b: Omit<ContentEntry, "name">): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}
