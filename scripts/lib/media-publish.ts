/**
 * Storing the images the published articles show in the R2 bucket the worker serves them from
 * (binding MEDIA), under their content-hashed keys. `npm run publish` and `npm run dev` do it before
 * they write any article, so no published article ever names an image that is not stored yet. A key
 * names its bytes, so an object stored once is never uploaded again, and never needs replacing.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { mediaHashLength } from "../../src/urls/url-map";
import { root } from "./root";
import { readSerialized, writeSerialized } from "./serialized-file";

/** A file of content/media/ to store: its key, where it is, its media type. */
export interface MediaUpload {
  key: string;
  file: string;
  type: string;
}

/** Where images are stored. */
export interface MediaBucket {
  /** Whether an object is stored under `key` already. */
  has(key: string): Promise<boolean>;
  /** Stores `bytes` (already checked against the key) under the upload's key. */
  put(upload: MediaUpload, bytes: Uint8Array, sha256: string): Promise<void>;
}

export interface MediaReport {
  /** Keys stored by this publish. */
  uploaded: string[];
  /** Images the bucket held already. */
  stored: number;
}

/**
 * The bytes of an upload's file, checked against its key: a file replaced between the build and
 * the upload would otherwise be stored under the hash of other bytes.
 */
async function readChecked(upload: MediaUpload): Promise<{ bytes: Uint8Array; sha256: string }> {
  const bytes = await readFile(upload.file);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (!upload.key.startsWith(`${sha256.slice(0, mediaHashLength)}.`)) {
    throw new Error(
      `${path.relative(root, upload.file)} changed while it was being published: publish again`,
    );
  }
  return { bytes, sha256 };
}

/** Stores every upload the bucket does not hold yet, one by one, in key order. */
export async function publishMedia(
  bucket: MediaBucket,
  uploads: Iterable<MediaUpload>,
): Promise<MediaReport> {
  const report: MediaReport = { uploaded: [], stored: 0 };
  for (const upload of [...uploads].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    if (await bucket.has(upload.key)) {
      report.stored++;
      continue;
    }
    const { bytes, sha256 } = await readChecked(upload);
    await bucket.put(upload, bytes, sha256);
    report.uploaded.push(upload.key);
  }
  return report;
}

/**
 * A bucket through an R2 binding: Miniflare's for the local bucket `wrangler dev` serves, or
 * a worker's own. R2 checks the bytes it receives against their SHA-256.
 */
export function bindingBucket(bucket: R2Bucket): MediaBucket {
  return {
    has: async (key) => (await bucket.head(key)) !== null,
    async put(upload, bytes, sha256) {
      // A plain Uint8Array: the binding proxy's serialiser refuses Node's Buffer subclass.
      const body = Buffer.isBuffer(bytes) ? new Uint8Array(bytes) : bytes;
      await bucket.put(upload.key, body, { httpMetadata: { contentType: upload.type }, sha256 });
    },
  };
}

export interface WranglerBucketOptions {
  location: "--local" | "--remote";
  /** The bucket's name (wrangler.toml's bucket_name, not the binding). */
  bucket: string;
  /** A wrangler.toml environment ("production"), or none for the top level. */
  environment?: string;
  /** With --local: the state directory (`wrangler dev --persist-to`). */
  persistTo?: string;
  /** Where the keys this checkout stored in that bucket are kept between publishes. */
  stateFile: string;
}

/**
 * A bucket through wrangler's command line (`wrangler r2 object put`), for the production bucket.
 * The command line cannot ask whether an object exists without downloading it, so the keys stored
 * from this checkout are kept in `stateFile`; remove it to store every image again. `--local`
 * reaches the same local bucket as `wrangler dev`, which is how this path is tested.
 */
export function wranglerBucket(options: WranglerBucketOptions): MediaBucket {
  let known: Promise<Set<string>> | undefined;
  const keys = () => {
    known ??= readSerialized<Set<string>>(options.stateFile).then((saved) => saved ?? new Set());
    return known;
  };
  return {
    has: async (key) => (await keys()).has(key),
    async put(upload, bytes) {
      const result = spawnSync(
        "npx",
        [
          "wrangler",
          "r2",
          "object",
          "put",
          `${options.bucket}/${upload.key}`,
          "--pipe",
          "--content-type",
          upload.type,
          options.location,
          ...(options.environment ? ["--env", options.environment] : []),
          ...(options.persistTo ? ["--persist-to", options.persistTo] : []),
        ],
        {
          cwd: root,
          input: bytes,
          encoding: "utf8",
          env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
        },
      );
      if (result.status !== 0) {
        throw new Error(`wrangler r2 object put ${upload.key} failed:\n${result.stderr || result.stdout}`);
      }
      const stored = await keys();
      stored.add(upload.key);
      await writeSerialized(options.stateFile, stored);
    },
  };
}

export function describeMediaReport(report: MediaReport): string {
  return `media: ${report.uploaded.length} uploaded, ${report.stored} already stored`;
}
