import type { SiteConfig } from "../config/site";

/**
 * Cache-Control for feeds and pages: public, the configured max-age and stale-while-revalidate, both
 * cut short when a scheduled article is due sooner, so that no cache (browser, reader or
 * Cloudflare's) keeps serving a document past the moment a new article appears in it.
 */
export function cacheControlFor(
  config: SiteConfig,
  nowMs: number,
  nextPublication: string | undefined,
): string {
  let maxAge = config.maxAgeSeconds;
  let stale = config.staleWhileRevalidateSeconds;
  if (nextPublication !== undefined) {
    const untilDue = Math.max(0, Math.ceil((Date.parse(nextPublication) - nowMs) / 1000));
    maxAge = Math.min(maxAge, untilDue);
    stale = Math.min(stale, untilDue - maxAge);
  }
  return stale > 0
    ? `public, max-age=${maxAge}, stale-while-revalidate=${stale}`
    : `public, max-age=${maxAge}`;
}
