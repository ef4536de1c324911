import type { Context } from "hono";
import { Hono } from "hono";
import { etag } from "hono/etag";
import { HTTPException } from "hono/http-exception";
import { resolveSiteConfig, type SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { resolveSiteUrls } from "../content/site-urls";
import { type ContentStore, countScheduled } from "../content/store";
import { buildFeedModel } from "../feeds/build-feed-model";
import { type FeedFormat, feedContentTypes, feedLinks, renderFeed } from "../feeds/render-feed";
import { toUtcIso } from "../lib/dates";
import { ArticlePage } from "../pages/article-page";
import { HomePage } from "../pages/home-page";
import type { FeedAlternate } from "../pages/layout";
import { cacheControlFor } from "./cache-control";
import { DocumentCache, type DocumentSource, type RenderedDocument } from "./documents";

export interface AppOptions {
  store: ContentStore;
  /** Milliseconds since the epoch; tests pass a fixed clock to see scheduled articles appear. */
  now?: () => number;
  /** Documents kept per isolate. */
  cacheCapacity?: number;
}

/** Everything derived from one store and one origin, computed once per isolate. */
interface Site {
  config: SiteConfig;
  store: ContentStore;
  documents: DocumentCache;
}

/** The articles visible at the request's time, and when the next scheduled one appears. */
interface Moment {
  visible: readonly ArticleMeta[];
  /** Number of scheduled articles; part of cache keys, since it decides what is visible. */
  scheduled: number;
  nextPublication: string | undefined;
  nowMs: number;
}

type AppEnv = { Bindings: { SITE_ORIGIN?: string }; Variables: { site: Site; moment: Moment } };

const HTML_TYPE = "text/html; charset=utf-8";

export function createApp({ store, now = Date.now, cacheCapacity = 512 }: AppOptions) {
  const sites = new Map<string, Site>();

  function siteFor(env: AppEnv["Bindings"]): Site {
    const key = env.SITE_ORIGIN ?? "";
    let site = sites.get(key);
    if (!site) {
      site = { config: resolveSiteConfig(env), store, documents: new DocumentCache(cacheCapacity) };
      sites.set(key, site);
    }
    return site;
  }

  const app = new Hono<AppEnv>();

  app.use(async function attachSite(c, next) {
    const site = siteFor(c.env ?? {});
    const nowMs = now();
    const articles = store.listArticles();
    const scheduled = countScheduled(articles, toUtcIso(nowMs));
    c.set("site", site);
    c.set("moment", {
      visible: articles.slice(scheduled),
      scheduled,
      nextPublication: articles[scheduled - 1]?.published,
      nowMs,
    });
    await next();
  });

  // Validators are computed from the bytes when a document is built; this answers If-None-Match.
  app.use(
    etag({
      retainedHeaders: [
        "cache-control",
        "content-location",
        "date",
        "etag",
        "expires",
        "vary",
        "last-modified",
      ],
    }),
  );

  app.get("/", async function homePage(c) {
    const { site, moment } = c.var;
    const document = await site.documents.getOrBuild(`page:/:${moment.scheduled}`, async () => ({
      text: `<!doctype html>${await (<HomePage site={site.config} articles={moment.visible} feeds={siteFeeds(site.config)} />)}`,
      contentType: HTML_TYPE,
      updated: newestUpdate(moment.visible),
    }));
    return respond(c, document);
  });

  app.get("/articles/:slug", async function articlePage(c) {
    const { site, moment } = c.var;
    const slug = c.req.param("slug");
    const article = moment.visible.find((candidate) => candidate.slug === slug);
    if (!article) throw new HTTPException(404, { message: "No article at this address." });
    const document = await site.documents.getOrBuild(`page:${slug}`, async () => {
      const html = resolveSiteUrls((await site.store.getArticleHtml(slug)) ?? "", site.config.origin);
      const shown = article.image?.url
        ? {
            ...article,
            image: { ...article.image, url: resolveSiteUrls(article.image.url, site.config.origin) },
          }
        : article;
      return {
        text: `<!doctype html>${await (<ArticlePage site={site.config} article={shown} bodyHtml={html} feeds={siteFeeds(site.config)} />)}`,
        contentType: HTML_TYPE,
        updated: article.updated,
      };
    });
    return respond(c, document);
  });

  for (const [path, format] of [
    ["/feed.xml", "rss"],
    ["/atom.xml", "atom"],
    ["/feed.json", "json"],
  ] as const) {
    app.get(path, async function siteFeed(c) {
      const { site, moment } = c.var;
      const document = await site.documents.getOrBuild(`feed::${format}:${moment.scheduled}`, () =>
        buildSiteFeed(site, moment, format),
      );
      return respond(c, document);
    });
  }

  app.notFound(function notFound(c) {
    return c.text(
      "Not found. The feeds are at /feed.xml (RSS), /atom.xml (Atom) and /feed.json (JSON Feed).\n",
      404,
    );
  });

  app.onError(function handleError(error, c) {
    if (error instanceof HTTPException) {
      return c.text(
        `${error.message || "Request error"}\nThe feeds are at /feed.xml, /atom.xml and /feed.json.\n`,
        error.status,
      );
    }
    console.error(error);
    return c.text("Internal error\n", 500);
  });

  /** Sends a built document with its validators and caching headers. */
  function respond(c: Context<AppEnv>, document: RenderedDocument): Response {
    const { site, moment } = c.var;
    const headers = new Headers({
      "Content-Type": document.contentType,
      "Content-Length": String(document.body.byteLength),
      ETag: document.etag,
      "Cache-Control": cacheControlFor(site.config, moment.nowMs, moment.nextPublication),
    });
    if (document.lastModified) headers.set("Last-Modified", document.lastModified);
    return new Response(c.req.method === "HEAD" ? null : document.body, { status: 200, headers });
  }

  return app;
}

function newestUpdate(articles: readonly ArticleMeta[]): string | undefined {
  let newest: string | undefined;
  for (const article of articles)
    if (newest === undefined || article.updated > newest) newest = article.updated;
  return newest;
}

function siteFeeds(config: SiteConfig): FeedAlternate {
  return { title: config.title, ...feedLinks(config.origin, "") };
}

async function buildSiteFeed(site: Site, moment: Moment, format: FeedFormat): Promise<DocumentSource> {
  const { config, store } = site;
  const items = moment.visible.slice(0, config.itemsPerFeed);
  const bodies = new Map<string, string>();
  await Promise.all(
    items.map(async (article) => bodies.set(article.slug, (await store.getArticleHtml(article.slug)) ?? "")),
  );
  const model = buildFeedModel(
    config,
    {
      links: feedLinks(config.origin, ""),
      title: config.title,
      description: config.description,
      homePath: "/",
      history: moment.visible.length <= config.itemsPerFeed ? "complete" : "subscription",
      archive: {},
    },
    items,
    bodies,
  );
  return { text: renderFeed(format, model), contentType: feedContentTypes[format], updated: model.updated };
}
