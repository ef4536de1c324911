import type { Context } from "hono";
import { newestUpdate } from "../content/built-content";
import { documentBase, type FeedDocumentPlan, feedDocumentPlaces } from "../feeds/build-feed-document";
import { type FeedFormat, hrefOf } from "../feeds/feed-model";
import { FeedViewPage } from "../pages/feed-view-page";
import { feedLinks } from "../urls/url-map";
import { feedLinkHeader } from "./link-header";
import { serveDocument } from "./serve-document";
import type { AppEnv } from "./types";

/**
 * A feed URL opened in a browser gets a readable HTML page instead of raw XML or JSON, without XSLT
 * (which Chromium is removing). Only a top-level browser navigation qualifies: browsers send
 * Sec-Fetch-Mode: navigate and Sec-Fetch-Dest: document for it, and nothing else does: feed
 * readers, validators, curl and fetch() from web apps (Sec-Fetch-Dest: empty) all get the feed's
 * exact bytes with the feed's caching.
 *
 * Both representations say Vary: Sec-Fetch-Dest, Sec-Fetch-Mode, and the HTML view is `private` (the "view" cache
 * policy), so a shared cache (Cloudflare's included, which does not key on Vary) never stores it
 * and so can never hand it to a feed reader. The feed itself stays public and cacheable.
 */
export function isBrowserNavigation(request: { header(name: string): string | undefined }): boolean {
  return request.header("Sec-Fetch-Dest") === "document" && request.header("Sec-Fetch-Mode") === "navigate";
}

export function serveFeedView(
  c: Context<AppEnv>,
  document: FeedDocumentPlan,
  format: FeedFormat,
): Promise<Response> {
  const { site, moment } = c.var;
  const { feed, page } = document;
  const origin = site.config.origin;
  const current = feedLinks(origin, feed.base, site.formats);
  const links = feedLinks(origin, documentBase(document), site.formats);
  return serveDocument(c, {
    key: `view ${documentBase(document)} ${format.id}`,
    followsSchedule: page === undefined,
    policy: "view",
    negotiatesView: true,
    async build() {
      const { articles } = await feedDocumentPlaces(site.store, moment.view, document);
      return {
        text: `<!doctype html>${await (
          <FeedViewPage
            site={site.config}
            name={feed.name}
            feeds={{ title: feed.title, links }}
            format={format}
            description={feed.description}
            homePath={feed.homePath}
            articles={articles}
            {...(page === undefined ? {} : { archive: { page, currentUrl: hrefOf(current, format) } })}
          />
        )}`,
        contentType: "text/html; charset=utf-8",
        updated: newestUpdate(articles),
        link: feedLinkHeader(links, format, origin + feed.homePath),
      };
    },
  });
}
