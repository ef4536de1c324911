import type { Context } from "hono";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
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
import { headersKeptOn304, ifModifiedSince } from "./conditional";
import { DocumentCache, type DocumentSource, type RenderedDocument } from "./documents";
import { canonicalFeedPath } from "./redirects";
import { feedLinkTargets, sendDocument } from "./respond";
import type { SharedDocumentCache } from "./shared-cache";

export interface AppOptions {
  store: ContentStore;
  /** Milliseconds since the epoch; tests pass a fixed clock to see scheduled articles appear. */
  now?: () => number;
  /** Documents kept per isolate. */
  cacheCapacity?: number;
  /** A cache shared between isolates (Cloudflare's Cache API in the worker), by namespace. */
  sharedCache?: (namespace: string) => SharedDocumentCache;
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
const ALLOWED_METHODS = "GET, HEAD, OPTIONS";

export function createApp({ store, now = Date.now, cacheCapacity = 512, sharedCache }: AppOptions) {
  const sites = new Map<string, Site>();

  function siteFor(env: AppEnv["Bindings"]): Site {
    const key = env.SITE_ORIGIN ?? "";
    let site = sites.get(key);
    if (!site) {
      const config = resolveSiteConfig(env);
      const shared = sharedCache?.(`${store.version}:${config.origin}`);
      site = { config, store, documents: new DocumentCache(cacheCapacity, shared) };
      sites.set(key, site);
    }
    return site;
  }

  const app = new Hono<AppEnv>();

  app.use(async function onlyReadMethods(c, next) {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
      return c.text(`Method ${method} is not allowed: this site is read-only.\n`, 405, {
        Allow: ALLOWED_METHODS,
      });
    }
    await next();
    if (method === "OPTIONS") c.res.headers.set("Allow", ALLOWED_METHODS);
  });

  // Feeds and pages are public documents: any web app may read them (and their validators).
  app.use(
    cors({
      origin: "*",
      allowMethods: ["GET", "HEAD", "OPTIONS"],
      allowHeaders: ["If-None-Match", "If-Modified-Since"],
      exposeHeaders: ["ETag", "Last-Modified", "Link", "Content-Length"],
      maxAge: 86400,
    }),
  );

  app.use(
    secureHeaders({
      // Feeds must stay embeddable and fetchable from other origins.
      crossOriginResourcePolicy: "cross-origin",
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'", "https:", "data:"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
  );

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

  app.use(async function redirectGuesses(c, next) {
    const target = canonicalFeedPath(c.req.path);
    if (target === undefined) return next();
    c.header("Cache-Control", "public, max-age=86400");
    return c.redirect(new URL(target, c.req.url).href, 301);
  });

  // Validators are computed from the bytes when a document is built; these answer conditional requests.
  app.use(etag({ retainedHeaders: headersKeptOn304 }));
  app.use(ifModifiedSince());

  app.get("/", async function homePage(c) {
    const { site, moment } = c.var;
    const feeds = siteFeeds(site.config);
    const document = await documentFor(c, `page:/:${moment.scheduled}`, async () => ({
      text: `<!doctype html>${await (<HomePage site={site.config} articles={moment.visible} feeds={feeds} />)}`,
      contentType: HTML_TYPE,
      updated: newestUpdate(moment.visible),
    }));
    return sendDocument(c, document, {
      cacheControl: cacheControl(c),
      links: feedLinkTargets(feeds, undefined),
    });
  });

  app.get("/articles/:slug", async function articlePage(c) {
    const { site, moment } = c.var;
    const slug = c.req.param("slug");
    const article = moment.visible.find((candidate) => candidate.slug === slug);
    if (!article) throw new HTTPException(404, { message: "No article at this address." });
    const feeds = siteFeeds(site.config);
    const document = await documentFor(c, `page:${slug}`, async () => {
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
      };
    });
    return sendDocument(c, document, {
      cacheControl: cacheControl(c),
      links: feedLinkTargets(feeds, undefined),
    });
  });

  for (const [path, format] of [
    ["/feed.xml", "rss"],
    ["/atom.xml", "atom"],
    ["/feed.json", "json"],
  ] as const) {
    app.get(path, async function siteFeed(c) {
      const { site, moment } = c.var;
      const document = await documentFor(c, `feed::${format}:${moment.scheduled}`, () =>
        buildSiteFeed(site, moment, format),
      );
      const links = feedLinks(site.config.origin, "");
      return sendDocument(c, document, {
        cacheControl: cacheControl(c),
        links: feedLinkTargets(links, format, `${site.config.origin}/`),
      });
    });
  }

  app.notFound(function notFound(c) {
    return c.text(notFoundText("Nothing at this address."), 404);
  });

  app.onError(function handleError(error, c) {
    if (error instanceof HTTPException && error.status < 500) {
      return c.text(notFoundText(error.message || "Request error."), error.status);
    }
    console.error(error);
    return c.text("Internal error. The feeds are at /feed.xml, /atom.xml and /feed.json.\n", 500);
  });

  return app;
}

function notFoundText(reason: string): string {
  return `${reason}\n\nThis site's feeds:\n  /feed.xml   RSS 2.0\n  /atom.xml   Atom 1.0\n  /feed.json  JSON Feed 1.1\nand the latest articles at /.\n`;
}

/** The site's cached document for `key`, built by `build` on a miss. */
function documentFor(
  c: Context<AppEnv>,
  key: string,
  build: () => Promise<DocumentSource>,
): Promise<RenderedDocument> {
  let defer: ((work: Promise<unknown>) => void) | undefined;
  try {
    const context = c.executionCtx;
    defer = (work) => context.waitUntil(work);
  } catch {
    // No ExecutionContext (app.request in tests and the benchmark): background work just runs.
  }
  return c.var.site.documents.getOrBuild(key, build, defer);
}

function cacheControl(c: Context<AppEnv>): string {
  const { site, moment } = c.var;
  return cacheControlFor(site.config, moment.nowMs, moment.nextPublication);
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
