import type { Context, Hono } from "hono";
import { combineRanges, parse as parseRange } from "range-parser";
import { fixedCacheControl } from "../documents/cache-policy";
import { isNotModified, notModifiedHeaders } from "../documents/conditional";
import { formatOfKey } from "../lib/image-formats";
import { pageRoutes } from "../urls/url-map";
import type { AppEnv } from "./types";

/**
 * The stored images, /media/<hash>.<ext> (published by `npm run publish`, see
 * scripts/lib/media-publish.ts), streamed from the R2 bucket of binding MEDIA. Not through the
 * document cache: images are large and gain nothing from being kept per isolate, and a key names
 * its bytes, so every answer about it is known from the URL alone:
 *  - Content-Type from the extension, which the build checked against the bytes;
 *  - a strong ETag, the hash of the bytes, and Cache-Control immutable for a year;
 *  - If-None-Match answered 304 (for an image that is stored: never a 304 for a 404);
 *  - one byte range answered 206 (read by R2, never sliced here); an unsatisfiable one 416; several
 *    ranges, or a malformed Range, are ignored and the whole image is sent, which RFC 9110 allows.
 *    If-Range is honoured with the strong ETag; a date, or any other tag, sends the whole image.
 * An unknown key answers 404, like any other unknown address.
 */

function bucketOf(c: Context<AppEnv>): R2Bucket {
  const bucket = c.env?.MEDIA;
  if (!bucket) throw new Error('wrangler.toml: expected an R2 bucket with binding = "MEDIA", found none');
  return bucket;
}

/** Whether a Range may be answered: no If-Range, or one naming this very representation. */
function ifRangeAllows(ifRange: string | undefined, etag: string): boolean {
  return ifRange === undefined || ifRange.trim() === etag;
}

/** The one byte range to send of an image of `size` bytes, "unsatisfiable", or undefined for all of it. */
function byteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined {
  if (header === undefined) return undefined;
  const parsed = parseRange(size, header);
  // A malformed range set, or another unit, is ignored (RFC 9110 §14.2).
  if (parsed.type !== "bytes" || (parsed.code & 1) !== 0) return undefined;
  if (parsed.ranges.length === 0) return "unsatisfiable";
  const ranges = combineRanges(parsed.ranges);
  return ranges.length === 1 ? ranges[0] : undefined;
}

export function registerMediaRoutes(app: Hono<AppEnv>): void {
  app.get(pageRoutes.media, async function media(c) {
    const key = c.req.param("key");
    const bucket = bucketOf(c);
    const etag = `"${key.slice(0, key.indexOf("."))}"`;
    const headers = new Headers({
      // The route admits only the table's extensions.
      "Content-Type": formatOfKey(key)?.mediaType ?? "application/octet-stream",
      ETag: etag,
      "Cache-Control": fixedCacheControl("immutable"),
      "Accept-Ranges": "bytes",
    });
    if (isNotModified(c.req, { etag, lastModified: undefined })) {
      if ((await bucket.head(key)) === null) return c.notFound();
      return new Response(null, { status: 304, headers: [...notModifiedHeaders([...headers])] });
    }
    const rangeHeader = c.req.header("Range");
    // Range is defined for GET only (RFC 9110 §14.2).
    if (
      c.req.method === "HEAD" ||
      (rangeHeader !== undefined && ifRangeAllows(c.req.header("If-Range"), etag))
    ) {
      const stored = await bucket.head(key);
      if (stored === null) return c.notFound();
      if (c.req.method === "HEAD") {
        headers.set("Content-Length", String(stored.size));
        return new Response(null, { status: 200, headers });
      }
      const range = byteRange(rangeHeader, stored.size);
      if (range === "unsatisfiable") {
        return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${stored.size}` } });
      }
      if (range !== undefined) {
        const length = range.end - range.start + 1;
        const part = await bucket.get(key, { range: { offset: range.start, length } });
        if (part === null) return c.notFound();
        headers.set("Content-Range", `bytes ${range.start}-${range.end}/${stored.size}`);
        headers.set("Content-Length", String(length));
        return new Response(part.body, { status: 206, headers });
      }
    }
    const object = await bucket.get(key);
    if (object === null) return c.notFound();
    headers.set("Content-Length", String(object.size));
    return new Response(object.body, { status: 200, headers });
  });
}
