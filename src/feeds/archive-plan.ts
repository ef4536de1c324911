/**
 * RFC 5005 archives. A feed's history is cut into fixed pages of `pageSize` articles counted from the
 * OLDEST article, so that a page's boundaries never move when articles are published: page 1 holds
 * the first `pageSize` articles ever published, page 2 the next, and a page is only published once
 * it is full, after which it never changes.
 *
 * The subscription document holds everything newer than the archives it links to: the newest full
 * page plus the articles not yet in a full page, so between pageSize and 2·pageSize − 1 items
 * (pageSize = ceil(itemsPerFeed / 2) keeps that within the configured maximum). Its prev-archive
 * link leads to the page before that, so walking prev-archive from the subscription document visits
 * every article exactly once. While a feed fits in the subscription document it is complete
 * (fh:complete) and links no archives.
 */

export interface ArchivePlan {
  pageSize: number;
  /** Number of full pages, each published at /archive/<n>/. */
  fullPages: number;
  /** How many of the newest articles the subscription document holds. */
  subscriptionCount: number;
  /** The page the subscription document's prev-archive link leads to, if any. */
  subscriptionPrev: number | undefined;
  complete: boolean;
}

export function archivePageSize(itemsPerFeed: number): number {
  return Math.max(1, Math.ceil(itemsPerFeed / 2));
}

export function planArchive(total: number, pageSize: number): ArchivePlan {
  const fullPages = Math.floor(total / pageSize);
  if (fullPages <= 1) {
    return { pageSize, fullPages, subscriptionCount: total, subscriptionPrev: undefined, complete: true };
  }
  return {
    pageSize,
    fullPages,
    subscriptionCount: total - (fullPages - 1) * pageSize,
    subscriptionPrev: fullPages - 1,
    complete: false,
  };
}

/** Whether archive page `page` (1-based) of a feed with `total` articles is full, so published. */
export function archivePageExists(total: number, page: number, pageSize: number): boolean {
  return Number.isInteger(page) && page >= 1 && page * pageSize <= total;
}

/**
 * The articles of archive page `page` (1-based, from the oldest), newest first, from the feed's
 * articles sorted newest first; undefined when that page is not full (not published).
 */
export function archivePageArticles<T>(
  newestFirst: readonly T[],
  page: number,
  pageSize: number,
): T[] | undefined {
  if (!archivePageExists(newestFirst.length, page, pageSize)) return undefined;
  const end = newestFirst.length - (page - 1) * pageSize;
  return newestFirst.slice(end - pageSize, end);
}
