import type { Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  buildFeedDocument,
  documentBase,
  documentHubs,
  planFeedDocument,
} from "../feeds/build-feed-document";
import type { FamilyDefinition, FeedDefinition } from "../feeds/feed-catalog";
import type { FeedFormat } from "../feeds/feed-model";
import { type FormatTable, feedContentType } from "../feeds/formats";
import { renderOpml } from "../feeds/render-opml";
import { resolveFamily } from "../site/resolve";
import { feedLinks, feedRoutes, sitePaths } from "../urls/url-map";
import { isBrowserNavigation, serveFeedView } from "./feed-view";
import { feedLinkHeader } from "./link-header";
import { answer } from "./resolution";
import { serveDocument } from "./serve-document";
import type { AppEnv } from "./types";

function formatOf(c: Context<AppEnv>): FeedFormat {
  const format = c.var.site.formats.find((candidate) => candidate.fileName === c.req.param("file"));
  // The route pattern only matches the table's file names.
  if (!format) throw new HTTPException(404);
  return format;
}

async function serveFeed(
  c: Context<AppEnv>,
  feed: FeedDefinition,
  pageParam: string | undefined,
): Promise<Response> {
  const { site, moment } = c.var;
  const { view } = moment;
  const format = formatOf(c);
  const page = pageParam === undefined ? undefined : Number(pageParam);
  const document = planFeedDocument(site.config, feed, page);
  if (!document) {
    throw new HTTPException(404, {
      message: "This archive page does not exist (yet): pages are published once full.",
    });
  }
  if (isBrowserNavigation(c.req)) return serveFeedView(c, document, format);
  return serveDocument(c, {
    key: `feed ${documentBase(document)} ${format.id}`,
    followsSchedule: page === undefined,
    policy: page === undefined ? "live" : "archive",
    negotiatesView: true,
    async build() {
      const built = await buildFeedDocument(site.config, site.formats, site.store, view, document, format);
      const links = feedLinks(site.config.origin, documentBase(document), site.formats);
      return {
        text: built.text,
        contentType: feedContentType(format),
        updated: built.updated,
        link: feedLinkHeader(
          links,
          format,
          site.config.origin + feed.homePath,
          documentHubs(site.config, document),
        ),
      };
    },
  });
}

async function familyOf(c: Context<AppEnv>, then: (family: FamilyDefinition) => Promise<Response>) {
  const resolution = await resolveFamily(
    c.var.moment.catalog,
    c.req.param("kind") ?? "",
    c.req.param("slug") ?? "",
    c.req.path,
  );
  return answer(c, resolution, then);
}

/** Every feed document (see urls/url-map.ts for the scheme) and the OPML of them all. */
export function registerFeedRoutes(app: Hono<AppEnv>, formats: FormatTable): void {
  const routes = feedRoutes(formats);
  app.get(routes.siteFeed, async function siteFeed(c) {
    return serveFeed(c, await c.var.moment.catalog.site(), undefined);
  });
  app.get(routes.siteArchive, async function siteArchive(c) {
    return serveFeed(c, await c.var.moment.catalog.site(), c.req.param("page"));
  });
  app.get(routes.familyFeed, function familyFeed(c) {
    return familyOf(c, (family) => serveFeed(c, family, undefined));
  });
  app.get(routes.familyArchive, function familyArchive(c) {
    return familyOf(c, (family) => serveFeed(c, family, c.req.param("page")));
  });
  app.get(sitePaths.opml, function opml(c) {
    const { site, moment } = c.var;
    const { catalog } = moment;
    return serveDocument(c, {
      key: "opml",
      followsSchedule: true,
      policy: "live",
      async build() {
        const updated = await catalog.latestUpdate({ kind: "site" });
        return {
          text: renderOpml(site.config.origin, site.formats, await catalog.feedList(), updated),
          contentType: "text/x-opml; charset=utf-8",
          updated,
        };
      },
    });
  });
}
