import type { Context } from "hono";
import { newestUpdate } from "../content/store";
import { archiveBase, feedDocumentArticles } from "../feeds/build-feed-document";
import type { FeedDefinition } from "../feeds/feed-catalog";
import { type FeedFormat, feedLinks } from "../feeds/render-feed";
import { FeedViewPage } from "../pages/feed-view-page";
import { documentFor } from "./document-helpers";
import { feedLinkTargets, linkHeader, sendDocument } from "./respond";
import type { AppEnv } from "./types";

/**
 * A feed URL opened in a browser gets a readable HTML page instead of raw XML or JSON, without XSLT
 * (which Chromium is removing). Only a top-level browser navigation qualifies: browsers send
 * Sec-Fetch-Mode: navigate and Sec-Fetch-Dest: document for it, and nothing else does: feed
 * readers, validators, curl and fetch() from web apps (Sec-Fetch-Dest: empty) all get the feed's
 * exact bytes with the feed's caching.
 *
 * Both representations say Vary: Sec-Fetch-Dest, and the HTML view is `private`, so a shared cache
 * (Cloudflare's included, which does not key on Vary) never stores it and so can never hand it to
 * a feed reader. The feed itself stays public and cacheable.
 */
export const FEED_VARY = "Accept-Encoding, Sec-Fetch-Dest";

const VIEW_CACHE_CONTROL = "private, max-age=0, must-revalidate";

export function isBrowserNavigation(c: Context<AppEnv>): boolean {
  return c.req.header("Sec-Fetch-Dest") === "document" && c.req.header("Sec-Fetch-Mode") === "navigate";
}

export async function serveFeedView(
  c: Context<AppEnv>,
  feed: FeedDefinition,
  format: FeedFormat,
  page: number | undefined,
): Promise<Response> {
  const { site, moment } = c.var;
  const origin = site.config.origin;
  const current = feedLinks(origin, feed.base);
  const links = page === undefined ? current : feedLinks(origin, archiveBase(feed.base, page));
  const key = `view:${feed.base}:${page ?? "sub"}:${format}:${page === undefined ? moment.view.scheduled : ""}`;
  const document = await documentFor(c, key, async () => {
    const articles = feedDocumentArticles(site.config, feed, page) ?? [];
    return {
      text: `<!doctype html>${await (
        <FeedViewPage
          site={site.config}
          feeds={{ title: feed.title, ...links }}
          format={format}
          description={feed.description}
          homePath={feed.homePath}
          articles={articles}
          {...(page === undefined ? {} : { archive: { page, currentUrl: current[format] } })}
        />
      )}`,
      contentType: "text/html; charset=utf-8",
      updated: newestUpdate(articles),
      link: linkHeader(feedLinkTargets(links, format, origin + feed.homePath)),
    };
  });
  return sendDocument(c, document, { cacheControl: VIEW_CACHE_CONTROL, vary: FEED_VARY });
}
