/**
 * One file parsed as the cached build keeps it: the whole article, and what the index keeps of it
 * (its outline and the hashes computed from the whole). Runs in the build's worker threads, so that
 * hashing is spread over every core with the parsing.
 */
import { createHash } from "node:crypto";
import { isMediaFile, type MediaEntry } from "../../src/content/lead-image";
import { articleDigest } from "../../src/content/load-content";
import { parseArticle } from "../../src/content/parse-article";
import { retractedOf } from "../../src/content/retracted";
import { type Article, type ArticleOutline, outlineOf } from "../../src/content/schema";
import { articleHashInput, retractedHashInput } from "../../src/store/d1-publish";

/** An article as the index keeps it: its outline, with the hashes computed from the whole. */
export interface Kept {
  article: ArticleOutline;
  draft: boolean;
  bodyHash: string;
  /** The publish hash (see articleHashInput). */
  hash: string;
  /** articleDigest of the whole article, body included: where its shard keeps it. */
  digest: string;
  /** What parsing warned of, without the file's name. */
  warnings: string[];
  /** The stored key of its lead image, when that is a file of content/media/. */
  mediaKey?: string;
}

/**
 * The file of content/media/ a parse read, and what the build knew of it then (mediaState): a
 * parse is only reused while that file is still the same.
 */
export interface MediaUse {
  name: string;
  state: string;
}

export type ParsedFile = ({ ok: false; problems: string[] } | { ok: true; article: Article; kept: Kept }) & {
  media?: MediaUse;
};

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Everything about a file of content/media/ that a parse reads, as one comparable string. */
export function mediaState(entry: MediaEntry | undefined): string {
  return entry === undefined ? "missing" : JSON.stringify(entry);
}

export function parseAndKeep(
  file: string,
  source: string,
  defaultAuthor: string,
  media: ReadonlyMap<string, MediaEntry>,
): ParsedFile {
  let used: string | undefined;
  const result = parseArticle(file, source, (name) => {
    used = name;
    return media.get(name);
  });
  const entry = used === undefined ? undefined : media.get(used);
  const use = used === undefined ? {} : { media: { name: used, state: mediaState(entry) } };
  if (!result.ok) return { ...result, ...use };
  const { html, ...meta } = result.article;
  // A retracted article is published without its text: its hash covers what is kept of it.
  const { retraction } = meta;
  const bodyHash = retraction ? "" : sha256(html);
  const hashInput = retraction
    ? retractedHashInput(retractedOf(meta, retraction), defaultAuthor)
    : articleHashInput(meta, bodyHash, defaultAuthor);
  return {
    ok: true,
    article: result.article,
    kept: {
      article: outlineOf(meta),
      draft: result.draft,
      bodyHash,
      hash: sha256(hashInput),
      digest: articleDigest(result.article),
      warnings: result.warnings,
      ...(entry && isMediaFile(entry) ? { mediaKey: entry.key } : {}),
    },
    ...use,
  };
}
