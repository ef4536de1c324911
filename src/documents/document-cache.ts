import { type DocumentSource, type RenderedDocument, renderDocument, sizeOf } from "./rendered-document";
import type { SharedDocumentCache } from "./shared-cache";

/**
 * Rendered documents kept per isolate: a bounded map of documents under construction or built.
 * Concurrent requests for the same key share one build; the least recently used entries go first
 * once `capacity` documents or `maxBytes` of them (all representations counted) are held: a site
 * with thousands of tags must not hold every tag feed forever, and an isolate has 128 MB in all.
 * Below it, an optional cache shared between isolates (the Cache API).
 */
export class DocumentCache {
  readonly #entries = new Map<string, Promise<RenderedDocument>>();
  /** Each built document held, for `peek` and for counting bytes (one under construction counts once built). */
  readonly #built = new Map<string, RenderedDocument>();
  #bytes = 0;

  constructor(
    readonly capacity: number,
    readonly shared?: SharedDocumentCache,
    readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  /** How many documents are held (never more than `capacity`). */
  get size(): number {
    return this.#entries.size;
  }

  /** Bytes the built documents held take (never more than `maxBytes`, but for a single larger one). */
  get bytes(): number {
    return this.#bytes;
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
    pending.then(
      (document) => {
        if (this.#entries.get(key) !== pending) return;
        this.#built.set(key, document);
        this.#bytes += sizeOf(document);
        this.#evict(key);
      },
      () => {
        if (this.#entries.get(key) === pending) this.#entries.delete(key);
      },
    );
    this.#entries.set(key, pending);
    this.#evict(key);
    return pending;
  }

  /**
   * The document for `key` if this isolate has it built, without waiting and without building:
   * the replay of a known answer uses it, and falls back to getOrBuild when it is not there.
   */
  peek(key: string): RenderedDocument | undefined {
    const built = this.#built.get(key);
    if (built) {
      const entry = this.#entries.get(key);
      if (entry) {
        this.#entries.delete(key);
        this.#entries.set(key, entry);
      }
    }
    return built;
  }

  /** Drops the least recently used documents while too many are held, never the one just used. */
  #evict(keep: string): void {
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.capacity && this.#bytes <= this.maxBytes) return;
      if (key === keep) continue;
      this.#entries.delete(key);
      const built = this.#built.get(key);
      if (built) this.#bytes -= sizeOf(built);
      this.#built.delete(key);
    }
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
