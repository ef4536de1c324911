import type { Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { newestUpdate } from "../content/store";
import { archivePageExists, archivePageSize } from "../feeds/archive-plan";
import { archiveBase, buildFeedDocument } from "../feeds/build-feed-document";
import type { FeedDefinition, FeedKind } from "../feeds/feed-catalog";
import { feedContentType, feedLinks, formatOfFile } from "../feeds/render-feed";
import { renderOpml } from "../feeds/render-opml";
import { slugify } from "../lib/slug";
import { ARCHIVE_CACHE_CONTROL, documentFor, liveCacheControl, permanentRedirect } from "./document-helpers";
import { FEED_VARY, isBrowserNavigation, serveFeedView } from "./feed-view";
import { feedLinkTargets, linkHeader, sendDocument } from "./respond";
import type { AppEnv } from "./types";

const kindsByFolder: Record<string, Exclude<FeedKind, "site">> = {
  sections: "section",
  tags: "tag",
  authors: "author",
};

const FILE = ":file{(?:feed\\.xml|atom\\.xml|feed\\.json)}";
const FAMILY = ":kind{(?:sections|tags|authors)}/:slug";
// Page numbers without leading zeros, so that each archive page has exactly one URL.
const PAGE = ":page{[1-9][0-9]{0,8}}";

/**
 * The feed family a request names, or a redirect to its canonical slug (a tag typed "Iran" leads to
 * /tags/iran/…), or 404.
 */
export function findFamily(c: Context<AppEnv>): FeedDefinition | Response {
  const kind = kindsByFolder[c.req.param("kind") ?? ""];
  const slug = c.req.param("slug") ?? "";
  if (!kind) throw new HTTPException(404, { message: "No such feed." });
  const catalog = c.var.moment.view.catalog;
  const family = catalog.find(kind, slug);
  if (family) return family;
  const canonical = slugify(slug);
  if (canonical !== slug && catalog.find(kind, canonical)) {
    const segments = c.req.path.split("/"); // ["", folder, slug, …rest]
    segments[2] = encodeURIComponent(canonical);
    return permanentRedirect(c, segments.join("/"));
  }
  throw new HTTPException(404, { message: `No ${kind} “${slug}” on this site.` });
}

async function serveFeed(
  c: Context<AppEnv>,
  feed: FeedDefinition,
  pageParam: string | undefined,
): Promise<Response> {
  const { site, moment } = c.var;
  const format = formatOfFile(c.req.param("file") ?? "");
  if (!format) throw new HTTPException(404);
  const page = pageParam === undefined ? undefined : Number(pageParam);
  if (
    page !== undefined &&
    !archivePageExists(feed.articles.length, page, archivePageSize(site.config.itemsPerFeed))
  ) {
    throw new HTTPException(404, {
      message: "This archive page does not exist (yet): pages are published once full.",
    });
  }
  if (isBrowserNavigation(c)) return serveFeedView(c, feed, format, page);
  const key =
    page === undefined
      ? `feed:${feed.base}:${format}:${moment.view.scheduled}`
      : `archive:${feed.base}:${page}:${format}`;
  const document = await documentFor(c, key, async () => {
    const built = await buildFeedDocument(site.config, site.store, feed, format, page);
    if (!built) throw new HTTPException(404);
    const base = page === undefined ? feed.base : archiveBase(feed.base, page);
    const links = feedLinkTargets(
      feedLinks(site.config.origin, base),
      format,
      site.config.origin + feed.homePath,
    );
    return {
      text: built.text,
      contentType: feedContentType(format),
      updated: built.updated,
      link: linkHeader(links),
    };
  });
  return sendDocument(c, document, {
    cacheControl: page === undefined ? liveCacheControl(c) : ARCHIVE_CACHE_CONTROL,
    vary: FEED_VARY,
  });
}

/**
 * Feed URLs: every family keeps its three formats in one folder, and its archive pages below it.
 *   /feed.xml  /atom.xml  /feed.json                  the site
 *   /archive/<n>/feed.xml …                           the site's archive page n (n = 1 is the oldest)
 *   /tags/<slug>/feed.xml …, /sections/…, /authors/…  a family
 *   /tags/<slug>/archive/<n>/feed.xml …               its archive pages
 *   /feeds.opml                                       every feed, for feed readers
 */
export function registerFeedRoutes(app: Hono<AppEnv>): void {
  app.get(`/${FILE}`, function siteFeed(c) {
    return serveFeed(c, c.var.moment.view.catalog.site, undefined);
  });
  app.get(`/archive/${PAGE}/${FILE}`, function siteArchive(c) {
    return serveFeed(c, c.var.moment.view.catalog.site, c.req.param("page"));
  });
  app.get(`/${FAMILY}/${FILE}`, function familyFeed(c) {
    const family = findFamily(c);
    return family instanceof Response ? family : serveFeed(c, family, undefined);
  });
  app.get(`/${FAMILY}/archive/${PAGE}/${FILE}`, function familyArchive(c) {
    const family = findFamily(c);
    return family instanceof Response ? family : serveFeed(c, family, c.req.param("page"));
  });
  app.get("/feeds.opml", async function opml(c) {
    const { site, moment } = c.var;
    const catalog = moment.view.catalog;
    const updated = newestUpdate(catalog.site.articles);
    const document = await documentFor(c, `opml:${moment.view.scheduled}`, async () => ({
      text: renderOpml(site.config.origin, catalog, updated),
      contentType: "text/x-opml; charset=utf-8",
      updated,
    }));
    return sendDocument(c, document, { cacheControl: liveCacheControl(c) });
  });
}
