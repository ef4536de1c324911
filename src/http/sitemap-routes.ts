import type { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { clockStep } from "../documents/cache-policy";
import { renderRobots } from "../sitemaps/render-sitemap";
import {
  articleSitemap,
  listingCount,
  listingSitemap,
  newsSitemap,
  type SitemapContext,
  sitemapIndex,
} from "../sitemaps/sitemap-documents";
import { sitemapPageExists } from "../sitemaps/sitemap-plan";
import { pageRoutes, sitemapPageOf, sitePaths } from "../urls/url-map";
import { serveDocument } from "./serve-document";
import type { AppEnv } from "./types";

/** Sitemaps are XML documents read by crawlers; application/xml is the protocol's own example type. */
const XML_TYPE = "application/xml; charset=utf-8";

/**
 * What crawlers read: robots.txt, the sitemap index and its pages, and the Google News sitemap.
 * `pageSize` is the number of URLs per sitemap page (SITEMAP_PAGE_SIZE, lowered by tests).
 */
export function registerSitemapRoutes(app: Hono<AppEnv>, pageSize: number): void {
  const contextOf = (c: { var: AppEnv["Variables"] }): SitemapContext => ({
    config: c.var.site.config,
    store: c.var.site.store,
    view: c.var.moment.view,
    pageSize,
  });

  app.get(sitePaths.robots, function robots(c) {
    const origin = c.var.site.config.origin;
    return serveDocument(c, {
      key: "robots",
      followsSchedule: false,
      policy: "asset",
      build: async () => ({
        text: renderRobots([origin + sitePaths.sitemapIndex, origin + sitePaths.newsSitemap]),
        contentType: "text/plain; charset=utf-8",
        updated: undefined,
      }),
    });
  });

  app.get(sitePaths.sitemapIndex, function sitemapIndexRoute(c) {
    const context = contextOf(c);
    return serveDocument(c, {
      key: "sitemap index",
      followsSchedule: true,
      policy: "live",
      async build() {
        const built = await sitemapIndex(context, await c.var.moment.catalog.feedList());
        return { ...built, contentType: XML_TYPE };
      },
    });
  });

  app.get(pageRoutes.sitemapPage, async function sitemapPage(c) {
    const { catalog } = c.var.moment;
    const { series, page } = sitemapPageOf(c.req.param("file"));
    const total =
      series === "articles" ? (await catalog.site()).count : listingCount(await catalog.feedList());
    if (!sitemapPageExists(total, page, pageSize)) {
      throw new HTTPException(404, { message: "This sitemap page does not exist: see /sitemap.xml." });
    }
    const context = contextOf(c);
    return serveDocument(c, {
      key: `sitemap ${series} ${page}`,
      followsSchedule: true,
      policy: "live",
      async build() {
        const built =
          series === "articles"
            ? await articleSitemap(context, page)
            : await listingSitemap(context, await catalog.feedList(), page);
        return { ...built, contentType: XML_TYPE };
      },
    });
  });

  app.get(sitePaths.newsSitemap, function newsSitemapRoute(c) {
    const context = contextOf(c);
    const { endMs } = clockStep(c.var.moment.nowMs);
    return serveDocument(c, {
      key: "sitemap news",
      followsSchedule: true,
      // Its list depends on the clock: kept per step of the clock, and cached until the step ends.
      policy: "clock",
      async build() {
        return { ...(await newsSitemap(context, endMs)), contentType: XML_TYPE };
      },
    });
  });
}
