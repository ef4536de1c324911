import type { SharedDocumentCache } from "./shared-cache";

/**
 * Rendered responses kept per isolate: each document is built, encoded and hashed once per content
 * version, then every poll is answered from the same bytes. In workerd a cached Uint8Array costs
 * about as much to return as a 3-byte reply, while a string would be re-encoded on every request.
 */
export interface RenderedDocument {
  body: Uint8Array;
  /** Strong validator derived from the bytes, identical in every isolate and after every deploy. */
  etag: string;
  contentType: string;
  /** HTTP-date of the newest update among the document's items, when it has any. */
  lastModified: string | undefined;
  /** The Link header value, computed with the document rather than on every request. */
  link?: string;
}

export interface DocumentSource {
  /** The document: text (encoded as UTF-8) or, for images, bytes. */
  text: string | Uint8Array;
  contentType: string;
  /** ISO date-time of the newest change the document shows. */
  updated: string | undefined;
  link?: string;
}

const encoder = new TextEncoder();

export async function renderDocument(source: DocumentSource): Promise<RenderedDocument> {
  const body = typeof source.text === "string" ? encoder.encode(source.text) : source.text;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const hash = Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, "0")).join("");
  return {
    body,
    etag: `"${hash}"`,
    contentType: source.contentType,
    lastModified: source.updated === undefined ? undefined : new Date(source.updated).toUTCString(),
    ...(source.link ? { link: source.link } : {}),
  };
}

/**
 * A bounded map of documents under construction or built. Concurrent requests for the same key
 * share one build; the oldest entries go first once `capacity` is reached (a site with thousands of
 * tags must not hold every tag feed forever).
 */
export class DocumentCache {
  readonly #entries = new Map<string, Promise<RenderedDocument>>();

  constructor(
    readonly capacity: number,
    readonly shared?: SharedDocumentCache,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The document for `key`, built at most once per isolate. `defer` keeps background work (writing
   * to the shared cache) alive after the response, as ExecutionContext.waitUntil does.
   */
  getOrBuild(
    key: string,
    build: () => Promise<DocumentSource>,
    defer: (work: Promise<unknown>) => void = noDefer,
  ): Promise<RenderedDocument> {
    const cached = this.#entries.get(key);
    if (cached) {
      // Refresh its place, so that popular documents survive eviction.
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const pending = this.#load(key, build, defer);
    pending.catch(() => this.#entries.delete(key));
    this.#entries.set(key, pending);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return pending;
  }

  async #load(key: string, build: () => Promise<DocumentSource>, defer: (work: Promise<unknown>) => void) {
    const shared = this.shared;
    // The shared cache is an optimisation: when it fails, build as if it were empty.
    const found = shared ? await shared.get(key).catch(() => undefined) : undefined;
    if (found) return found;
    const document = await renderDocument(await build());
    if (shared) defer(shared.put(key, document).catch(() => undefined));
    return document;
  }
}

// Stryker disable next-line BlockStatement: `void work` has no effect at run time; it only marks the promise as deliberately not awaited
function noDefer(work: Promise<unknown>): void {
  void work;
}
