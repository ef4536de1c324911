import { type DocumentSource, type RenderedDocument, renderDocument } from "./rendered-document";
import type { SharedDocumentCache } from "./shared-cache";

/**
 * Rendered documents kept per isolate: a bounded map of documents under construction or built.
 * Concurrent requests for the same key share one build; the least recently used entries go first
 * once `capacity` is reached (a site with thousands of tags must not hold every tag feed forever).
 * Below it, an optional cache shared between isolates (the Cache API).
 */
export class DocumentCache {
  readonly #entries = new Map<string, Promise<RenderedDocument>>();

  constructor(
    readonly capacity: number,
    readonly shared?: SharedDocumentCache,
  ) {}

  /** How many documents are held (never more than `capacity`). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The document for `key`, built at most once per isolate. `defer` keeps background work (writing
   * to the shared cache) alive after the response, as ExecutionContext.waitUntil does. A build that
   * fails is not kept: the next request tries again.
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
    // Forget a failed build, unless the entry was evicted meanwhile and holds a newer build.
    pending.catch(() => {
      if (this.#entries.get(key) === pending) this.#entries.delete(key);
    });
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
