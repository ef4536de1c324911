import { createCacheApiStore, type SharedDocumentCache } from "../../../src/documents/shared-cache";

/**
 * What two "isolates" of one test share: a fresh namespace of workerd's Cache API, and an
 * ExecutionContext whose waitUntil work the test can wait for (the shared cache is written there).
 */
export function sharedIsolates(prefix: string): {
  sharedCache: (origin: string) => SharedDocumentCache;
  ctx: ExecutionContext;
  pending: Promise<unknown>[];
} {
  const namespace = `${prefix}-${crypto.randomUUID()}`;
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (work: Promise<unknown>) => pending.push(work),
    passThroughOnException() {},
    props: {},
  } as unknown as ExecutionContext;
  return { sharedCache: () => createCacheApiStore(caches.default, namespace), ctx, pending };
}
