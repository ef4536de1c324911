import { toUtcIso } from "../lib/dates";

/**
 * How the sitemaps cut the site into files.
 *
 * Article pages are fixed by position counted from the OLDEST article, as the RFC 5005 archives are
 * (feeds/archive-plan.ts): page 1 lists the first SITEMAP_PAGE_SIZE articles ever published, page 2
 * the next, and only the last page grows, so a full page's bytes (and ETag) stay the same when
 * articles are published; only an edit to one of its articles (its lastmod) or a removal changes it.
 *
 * The protocol allows 50,000 URLs a file. A page of 10,000 is about 1.3 MB of XML: the page that
 * grows is rebuilt after every publish, and a smaller one costs less to build, compress and hold in
 * an isolate's document cache (32 MiB for every document), for a few more entries in the index.
 */
export const SITEMAP_PAGE_SIZE = 10_000;

/** Google News lists articles published in the last two days, at most 1,000 a sitemap. */
export const NEWS_WINDOW_MS = 2 * 24 * 3_600_000;
export const NEWS_MAX_ARTICLES = 1_000;

/** Pages needed for `total` URLs. */
export function sitemapPageCount(total: number, pageSize: number): number {
  return Math.ceil(total / pageSize);
}

/** Whether page `page` (1-based) of a series of `total` URLs exists. */
export function sitemapPageExists(total: number, page: number, pageSize: number): boolean {
  return Number.isInteger(page) && page >= 1 && page <= sitemapPageCount(total, pageSize);
}

/** How many of the oldest URLs come before page `page`. */
export function sitemapPageOffset(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}

/**
 * The news sitemap built for a step of the clock ending at `stepEndMs` lists the articles published
 * strictly after this moment (UTC ISO, the form stored dates have): two days before the step ENDS, so
 * that every article it lists is less than two days old at any moment the document is served or
 * kept (no cache keeps it past the step's end). An article leaves up to one step before its two days
 * are over, never after.
 */
export function newsWindowStart(stepEndMs: number): string {
  return toUtcIso(stepEndMs - NEWS_WINDOW_MS);
}

/** The newest of some W3C date-times (all UTC, whole seconds, so they compare as strings). */
export function newestOf(dates: readonly (string | undefined)[]): string | undefined {
  let newest: string | undefined;
  for (const date of dates) if (date !== undefined && (newest === undefined || date > newest)) newest = date;
  return newest;
}
