import type { Context, Hono } from "hono";
import { newestUpdate } from "../content/built-content";
import { resolveSiteUrls } from "../content/site-urls";
import type { FamilyDefinition, FeedDefinition } from "../feeds/feed-catalog";
import { ArticlePage } from "../pages/article-page";
import type { FeedSet } from "../pages/feed-set";
import { FeedsPage } from "../pages/feeds-page";
import { ListingPage } from "../pages/listing-page";
import { resolveArticle, resolveFamily, resolveShortCode } from "../site/resolve";
import { articlePath, feedLinks, pageRoutes as routes, sitePaths } from "../urls/url-map";
import { feedLinkHeader } from "./link-header";
import { answer, answerMove, permanentRedirect } from "./resolution";
import { serveDocument } from "./serve-document";
import type { AppEnv } from "./types";

const HTML_TYPE = "text/html; charset=utf-8";
/** Articles shown on a listing page; the feeds and their archives hold the rest. */
const LISTING_LENGTH = 50;

function feedSetOf(c: Context<AppEnv>, feed: FeedDefinition): FeedSet {
  const { site } = c.var;
  return { title: feed.title, links: feedLinks(site.config.origin, feed.base, site.formats) };
}

function serveListing(c: Context<AppEnv>, feed: FeedDefinition, heading: string, intro: string) {
  const { site, moment } = c.var;
  const feeds = feedSetOf(c, feed);
  return serveDocument(c, {
    key: `page ${feed.homePath}`,
    followsSchedule: true,
    policy: "live",
    async build() {
      const articles = await site.store.newest(moment.view, feed.ref, LISTING_LENGTH);
      return {
        text: `<!doctype html>${await (
          <ListingPage
            site={site.config}
            heading={heading}
            intro={intro}
            canonicalPath={feed.homePath}
            articles={articles}
            total={feed.count}
            feeds={feeds}
          />
        )}`,
        contentType: HTML_TYPE,
        updated: newestUpdate(articles),
        link: feedLinkHeader(feeds.links, undefined),
      };
    },
  });
}

const familyIntros = {
  section: (name: string) => `The latest articles in the ${name} section.`,
  tag: (name: string) => `The latest articles about ${name}.`,
  author: (name: string) => `The latest articles by ${name}.`,
};

async function familyOf(
  c: Context<AppEnv>,
  then: (family: FamilyDefinition) => Response | Promise<Response>,
  path = c.req.path,
) {
  const resolution = await resolveFamily(
    c.var.moment.catalog,
    c.req.param("kind") ?? "",
    c.req.param("slug") ?? "",
    path,
  );
  return answer(c, resolution, then);
}

export function registerPageRoutes(app: Hono<AppEnv>): void {
  app.get(sitePaths.home, async function homePage(c) {
    const { site, moment } = c.var;
    return serveListing(c, await moment.catalog.site(), "Latest news", site.config.description);
  });

  app.get(sitePaths.feeds, function feedsPage(c) {
    const { site, moment } = c.var;
    const { catalog } = moment;
    return serveDocument(c, {
      key: `page ${sitePaths.feeds}`,
      followsSchedule: true,
      policy: "live",
      async build() {
        const feedList = await catalog.feedList();
        return {
          text: `<!doctype html>${await (
            <FeedsPage
              site={site.config}
              formats={site.formats}
              feedList={feedList}
              feeds={feedSetOf(c, feedList.site)}
            />
          )}`,
          contentType: HTML_TYPE,
          updated: await catalog.latestUpdate({ kind: "site" }),
        };
      },
    });
  });

  app.get(routes.familyPage, function familyPage(c) {
    return familyOf(c, (family) =>
      serveListing(c, family, family.name, familyIntros[family.kind](family.name)),
    );
  });

  app.get(routes.familyPageWithoutSlash, function familyPageWithoutSlash(c) {
    // Resolved as the page it leads to, so that /sections/World goes to /sections/world/ in one move.
    return familyOf(c, (family) => permanentRedirect(c, family.homePath), `${c.req.path}/`);
  });

  app.get(routes.article, async function articlePage(c) {
    const { site, moment } = c.var;
    const siteFeed = await moment.catalog.site();
    return answer(c, await resolveArticle(moment.catalog, c.req.param("slug")), (article) => {
      const feeds = feedSetOf(c, siteFeed);
      return serveDocument(c, {
        key: `page ${articlePath(article.slug)}`,
        followsSchedule: false,
        policy: "live",
        async build() {
          const origin = site.config.origin;
          const html = resolveSiteUrls(await site.store.getArticleHtml(moment.view, article.slug), origin);
          const shown = article.image?.url
            ? { ...article, image: { ...article.image, url: resolveSiteUrls(article.image.url, origin) } }
            : article;
          return {
            text: `<!doctype html>${await (<ArticlePage site={site.config} article={shown} bodyHtml={html} feeds={feeds} />)}`,
            contentType: HTML_TYPE,
            updated: article.updated,
            link: feedLinkHeader(feeds.links, undefined),
          };
        },
      });
    });
  });

  app.get(routes.shortUrl, async function shortUrl(c) {
    return answerMove(c, await resolveShortCode(c.var.moment.catalog, c.req.param("code")));
  });
}
