import type { Context } from "hono";
import { cacheControlFor } from "./cache-control";
import type { DocumentSource, RenderedDocument } from "./documents";
import type { AppEnv } from "./types";

/** The site's cached document for `key`, built by `build` on a miss. */
export function documentFor(
  c: Context<AppEnv>,
  key: string,
  build: () => Promise<DocumentSource>,
): Promise<RenderedDocument> {
  let defer: ((work: Promise<unknown>) => void) | undefined;
  try {
    const context = c.executionCtx;
    defer = (work) => context.waitUntil(work);
  } catch {
    // No ExecutionContext (app.request in tests and the benchmark): background work just runs.
  }
  return c.var.site.documents.getOrBuild(key, build, defer);
}

/** Cache-Control for documents that change as articles are published. */
export function liveCacheControl(c: Context<AppEnv>): string {
  const { site, moment } = c.var;
  return cacheControlFor(site.config, moment.nowMs, moment.nextPublication);
}

/** Full archive pages never change (only an edit to one of their articles would change them). */
export const ARCHIVE_CACHE_CONTROL = "public, max-age=604800, stale-while-revalidate=86400";

export const REDIRECT_CACHE_CONTROL = "public, max-age=86400";

export function permanentRedirect(c: Context<AppEnv>, path: string): Response {
  c.header("Cache-Control", REDIRECT_CACHE_CONTROL);
  return c.redirect(new URL(path, c.req.url).href, 301);
}
