import { type ContentCoding, contentCodings } from "./content-coding";
import type { RenderedDocument, Representation } from "./rendered-document";

/**
 * A second level below the per-isolate DocumentCache: Cloudflare's Cache API, shared by every isolate
 * in a data centre. A fresh isolate (after a deploy, or a new one under load) then copies the bytes
 * of a feed built by another isolate instead of rebuilding and compressing it, which is where
 * caching pays: building costs CPU time, and a cache read costs almost none. Keys carry the content
 * version and the schedule state, so an entry can never be stale; it just ages out.
 */
export interface SharedDocumentCache {
  get(key: string): Promise<RenderedDocument | undefined>;
  put(key: string, document: RenderedDocument): Promise<void>;
}

const KEY_ORIGIN = "https://documents.feed-publisher.internal/";

/**
 * Every representation goes into one entry, one after the other, so that one read brings all of
 * them; this header says where each ends: [[coding, length, etag], …].
 */
const LAYOUT = "X-Representations";

function layoutOf(document: RenderedDocument): string {
  return JSON.stringify(document.representations.map(({ coding, body, etag }) => [coding, body.size, etag]));
}

function representationsOf(layout: string | null, bytes: Blob): Representation[] | undefined {
  if (layout === null) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(layout);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts) || parts.length === 0) return undefined;
  const representations: Representation[] = [];
  let offset = 0;
  for (const part of parts) {
    if (!Array.isArray(part)) return undefined;
    const [coding, length, etag] = part as [ContentCoding, number, string];
    if (
      !contentCodings.includes(coding) ||
      !Number.isInteger(length) ||
      length < 0 ||
      typeof etag !== "string"
    )
      return undefined;
    representations.push({ coding, etag, body: bytes.slice(offset, offset + length) });
    offset += length;
  }
  // An entry cut short or padded is not a document.
  return offset === bytes.size && representations[0]?.coding === "identity" ? representations : undefined;
}

export function createCacheApiStore(cache: Cache, namespace: string): SharedDocumentCache {
  const requestFor = (key: string) =>
    new Request(`${KEY_ORIGIN}${encodeURIComponent(namespace)}/${encodeURIComponent(key)}`);
  return {
    async get(key) {
      const response = await cache.match(requestFor(key));
      if (!response) return undefined;
      const contentType = response.headers.get("Content-Type");
      const representations = representationsOf(response.headers.get(LAYOUT), await response.blob());
      if (contentType === null || !representations) return undefined;
      return {
        representations,
        contentType,
        lastModified: response.headers.get("Last-Modified") ?? undefined,
        ...(response.headers.has("Link") ? { link: response.headers.get("Link") ?? "" } : {}),
      };
    },
    async put(key, document) {
      const headers = new Headers({
        "Content-Type": document.contentType,
        [LAYOUT]: layoutOf(document),
        "Cache-Control": "public, max-age=86400",
      });
      if (document.lastModified) headers.set("Last-Modified", document.lastModified);
      if (document.link) headers.set("Link", document.link);
      const bytes = new Blob(document.representations.map(({ body }) => body));
      await cache.put(requestFor(key), new Response(bytes, { headers }));
    },
  };
}
