import type { Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { resolveSiteUrls } from "../content/site-urls";
import { newestUpdate } from "../content/store";
import type { FeedDefinition } from "../feeds/feed-catalog";
import { feedLinks } from "../feeds/render-feed";
import { articlePath } from "../lib/paths";
import { ArticlePage } from "../pages/article-page";
import { FeedsPage } from "../pages/feeds-page";
import type { FeedAlternate } from "../pages/layout";
import { ListingPage } from "../pages/listing-page";
import { documentFor, liveCacheControl, permanentRedirect } from "./document-helpers";
import { findFamily } from "./feed-routes";
import { feedLinkTargets, linkHeader, sendDocument } from "./respond";
import type { AppEnv } from "./types";

const HTML_TYPE = "text/html; charset=utf-8";
/** Articles shown on a listing page; the feeds and their archives hold the rest. */
const LISTING_LENGTH = 50;

function alternatesOf(c: Context<AppEnv>, feed: FeedDefinition): FeedAlternate {
  return { title: feed.title, ...feedLinks(c.var.site.config.origin, feed.base) };
}

async function serveListing(
  c: Context<AppEnv>,
  feed: FeedDefinition,
  heading: string,
  intro: string,
): Promise<Response> {
  const { site, moment } = c.var;
  const feeds = alternatesOf(c, feed);
  const articles = feed.articles.slice(0, LISTING_LENGTH);
  const document = await documentFor(c, `page:${feed.homePath}:${moment.view.scheduled}`, async () => ({
    text: `<!doctype html>${await (
      <ListingPage
        site={site.config}
        heading={heading}
        intro={intro}
        canonicalPath={feed.homePath}
        articles={articles}
        total={feed.articles.length}
        feeds={feeds}
      />
    )}`,
    contentType: HTML_TYPE,
    updated: newestUpdate(articles),
    link: linkHeader(feedLinkTargets(feeds, undefined)),
  }));
  return sendDocument(c, document, { cacheControl: liveCacheControl(c) });
}

const familyIntros = {
  section: (name: string) => `The latest articles in the ${name} section.`,
  tag: (name: string) => `The latest articles about ${name}.`,
  author: (name: string) => `The latest articles by ${name}.`,
};

export function registerPageRoutes(app: Hono<AppEnv>): void {
  app.get("/", function homePage(c) {
    const { site, moment } = c.var;
    return serveListing(c, moment.view.catalog.site, "Latest news", site.config.description);
  });

  app.get("/feeds", async function feedsPage(c) {
    const { site, moment } = c.var;
    const catalog = moment.view.catalog;
    const document = await documentFor(c, `page:/feeds:${moment.view.scheduled}`, async () => ({
      text: `<!doctype html>${await (<FeedsPage site={site.config} catalog={catalog} feeds={alternatesOf(c, catalog.site)} />)}`,
      contentType: HTML_TYPE,
      updated: newestUpdate(catalog.site.articles),
    }));
    return sendDocument(c, document, { cacheControl: liveCacheControl(c) });
  });

  app.get("/:kind{(?:sections|tags|authors)}/:slug/", function familyPage(c) {
    const family = findFamily(c);
    if (family instanceof Response) return family;
    if (family.kind === "site") throw new HTTPException(404);
    return serveListing(c, family, family.name, familyIntros[family.kind](family.name));
  });

  app.get("/:kind{(?:sections|tags|authors)}/:slug", function familyPageWithoutSlash(c) {
    const family = findFamily(c);
    return family instanceof Response ? family : permanentRedirect(c, family.homePath);
  });

  app.get("/articles/:slug", async function articlePage(c) {
    const { site, moment } = c.var;
    const slug = c.req.param("slug");
    const article = moment.view.bySlug.get(slug);
    if (!article) {
      const renamedTo = moment.view.renamed.get(slug);
      if (renamedTo) return permanentRedirect(c, articlePath(renamedTo));
      throw new HTTPException(404, { message: "No article at this address." });
    }
    const feeds = alternatesOf(c, moment.view.catalog.site);
    const document = await documentFor(c, `page:${articlePath(slug)}`, async () => {
      const html = resolveSiteUrls((await site.store.getArticleHtml(slug)) ?? "", site.config.origin);
      const shown = article.image?.url
        ? {
            ...article,
            image: { ...article.image, url: resolveSiteUrls(article.image.url, site.config.origin) },
          }
        : article;
      return {
        text: `<!doctype html>${await (<ArticlePage site={site.config} article={shown} bodyHtml={html} feeds={feeds} />)}`,
        contentType: HTML_TYPE,
        updated: article.updated,
        link: linkHeader(feedLinkTargets(feeds, undefined)),
      };
    });
    return sendDocument(c, document, { cacheControl: liveCacheControl(c) });
  });

  app.get("/s/:code", function shortUrl(c) {
    const article = c.var.moment.view.byShortCode.get(c.req.param("code").toLowerCase());
    if (!article) throw new HTTPException(404, { message: "No article has this short URL." });
    return permanentRedirect(c, articlePath(article.slug));
  });
}
