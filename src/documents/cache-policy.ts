import type { SiteConfig } from "../config/site";

/**
 * Every Cache-Control the site sends, by name: a route says which policy its document follows and
 * never writes the header itself.
 *  - live: documents that change as articles are published (subscription feeds, listing pages,
 *    article pages, OPML): the configured max-age and stale-while-revalidate, both cut short when a
 *    scheduled article is due sooner, so that no cache (browser, reader or Cloudflare's) keeps
 *    serving a document past the moment a new article appears in it;
 *  - clock: documents that depend on the clock itself, not only on what is published (the news
 *    sitemap lists the last two days, so articles leave it as time passes): built once per step of
 *    the clock (see clockStep) and kept in caches at most until the step ends, or until the next
 *    scheduled article is due if that is sooner, with no stale-while-revalidate, so that no cache
 *    serves a list its step has outlived;
 *  - archive: full RFC 5005 archive pages, which never change (only an edit to one of their
 *    articles would change them);
 *  - asset: the page script and icons;
 *  - immutable: stored images (/media/<hash>.<ext>), whose URL names their bytes, so no cache ever
 *    needs to ask again;
 *  - view: the HTML view of a feed for browsers, which no shared cache may keep (it shares the
 *    feed's URL, and Cloudflare's cache does not key on Vary);
 *  - redirect: permanent moves.
 */
export type CachePolicy = "live" | "clock" | "archive" | "asset" | "immutable" | "view" | "redirect";

/** The part of a request's moment that a policy reads. */
export interface PolicyTime {
  nowMs: number;
  nextPublication: string | undefined;
}

/**
 * The step of the clock that "clock" documents are built for. Steps are aligned on the epoch, so
 * every isolate builds the same document in the same step (and the Cache API shares it).
 */
export const CLOCK_STEP_MS = 300_000;

/** The step of the clock holding `nowMs`: [startMs, endMs). */
export function clockStep(nowMs: number): { startMs: number; endMs: number } {
  const startMs = Math.floor(nowMs / CLOCK_STEP_MS) * CLOCK_STEP_MS;
  return { startMs, endMs: startMs + CLOCK_STEP_MS };
}

/** Whole seconds from `nowMs` until `atMs`, rounded up so that no cache keeps a copy past the moment. */
function secondsUntil(atMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((atMs - nowMs) / 1000));
}

const fixed: Record<Exclude<CachePolicy, "live" | "clock">, string> = {
  archive: "public, max-age=604800, stale-while-revalidate=86400",
  asset: "public, max-age=86400",
  immutable: "public, max-age=31536000, immutable",
  view: "private, max-age=0, must-revalidate",
  redirect: "public, max-age=86400",
};

/** The Cache-Control of a policy that depends on nothing published or on the clock. */
export function fixedCacheControl(policy: Exclude<CachePolicy, "live" | "clock">): string {
  return fixed[policy];
}

export function cacheControlFor(policy: CachePolicy, config: SiteConfig, time: PolicyTime): string {
  if (policy === "clock") return clockCacheControl(config, time);
  if (policy !== "live") return fixedCacheControl(policy);
  let maxAge = config.maxAgeSeconds;
  let stale = config.staleWhileRevalidateSeconds;
  if (time.nextPublication !== undefined) {
    const untilDue = secondsUntil(Date.parse(time.nextPublication), time.nowMs);
    maxAge = Math.min(maxAge, untilDue);
    stale = Math.min(stale, untilDue - maxAge);
  }
  return stale > 0
    ? `public, max-age=${maxAge}, stale-while-revalidate=${stale}`
    : `public, max-age=${maxAge}`;
}

function clockCacheControl(config: SiteConfig, time: PolicyTime): string {
  let maxAge = Math.min(config.maxAgeSeconds, secondsUntil(clockStep(time.nowMs).endMs, time.nowMs));
  if (time.nextPublication !== undefined) {
    maxAge = Math.min(maxAge, secondsUntil(Date.parse(time.nextPublication), time.nowMs));
  }
  return `public, max-age=${maxAge}`;
}

/**
 * Vary of every document: Cloudflare compresses text per Accept-Encoding; a feed URL also answers a
 * browser's top-level navigation with an HTML view (see http/feed-view.tsx), decided on Sec-Fetch-Dest
 * and Sec-Fetch-Mode: both are named, so that no cache keys the view on one of them only.
 */
export function varyFor(negotiatesView: boolean): string {
  return negotiatesView ? "Accept-Encoding, Sec-Fetch-Dest, Sec-Fetch-Mode" : "Accept-Encoding";
}
