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
  /** Number of full pages, each published at /archive/<n>/. */
  fullPages: number;
  /** How many of the newest articles the subscription document holds. */
  subscriptionCount: number;
  /** The page the subscription document's prev-archive link leads to; undefined while the feed is complete. */
  subscriptionPrev: number | undefined;
}

export function archivePageSize(itemsPerFeed: number): number {
  return Math.max(1, Math.ceil(itemsPerFeed / 2));
}

export function planArchive(total: number, pageSize: number): ArchivePlan {
  const fullPages = Math.floor(total / pageSize);
  if (fullPages <= 1) {
    return { fullPages, subscriptionCount: total, subscriptionPrev: undefined };
  }
  return {
    fullPages,
    subscriptionCount: total - (fullPages - 1) * pageSize,
    subscriptionPrev: fullPages - 1,
  };
}

/** Whether archive page `page` (1-based) of a feed with `total` articles is full, so published. */
export function archivePageExists(total: number, page: number, pageSize: number): boolean {
  return Number.isInteger(page) && page >= 1 && page * pageSize <= total;
}
