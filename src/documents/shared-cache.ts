import type { RenderedDocument } from "./rendered-document";

/**
 * A second level below the per-isolate DocumentCache: Cloudflare's Cache API, shared by every isolate
 * in a data centre. A fresh isolate (after a deploy, or a new one under load) then copies the bytes
 * of a feed built by another isolate instead of rebuilding it, which is where caching pays: building
 * costs CPU time, and a cache read costs almost none. Keys carry the content version and the
 * schedule state, so an entry can never be stale; it just ages out.
 */
export interface SharedDocumentCache {
  get(key: string): Promise<RenderedDocument | undefined>;
  put(key: string, document: RenderedDocument): Promise<void>;
}

const KEY_ORIGIN = "https://documents.feed-publisher.internal/";

export function createCacheApiStore(cache: Cache, namespace: string): SharedDocumentCache {
  const requestFor = (key: string) =>
    new Request(`${KEY_ORIGIN}${encodeURIComponent(namespace)}/${encodeURIComponent(key)}`);
  return {
    async get(key) {
      const response = await cache.match(requestFor(key));
      if (!response) return undefined;
      const etag = response.headers.get("ETag");
      const contentType = response.headers.get("Content-Type");
      if (etag === null || contentType === null) return undefined;
      return {
        body: new Uint8Array(await response.arrayBuffer()),
        etag,
        contentType,
        lastModified: response.headers.get("Last-Modified") ?? undefined,
        ...(response.headers.has("Link") ? { link: response.headers.get("Link") ?? "" } : {}),
      };
    },
    async put(key, document) {
      const headers = new Headers({
        "Content-Type": document.contentType,
        ETag: document.etag,
        "Cache-Control": "public, max-age=86400",
      });
      if (document.lastModified) headers.set("Last-Modified", document.lastModified);
      if (document.link) headers.set("Link", document.link);
      // Stryker disable next-line MethodExpression: Response copies the bytes of a BufferSource when it is built (Fetch "extract a body"), and a document's bytes are never written to
      await cache.put(requestFor(key), new Response(document.body.slice(), { headers }));
    },
  };
}
