import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { resolveSiteConfig } from "../config/site";
import { type ContentStore, countScheduled } from "../content/store";
import { registerAssetRoutes } from "./asset-routes";
import { DocumentCache } from "./documents";
import { registerFeedRoutes } from "./feed-routes";
import { registerPageRoutes } from "./page-routes";
import { registerFeedRedirects } from "./redirects";
import type { SharedDocumentCache } from "./shared-cache";
import { createSite, type Site } from "./site";
import type { AppEnv } from "./types";

export interface AppOptions {
  store: ContentStore;
  /** Milliseconds since the epoch; tests pass a fixed clock to see scheduled articles appear. */
  now?: () => number;
  /** Documents kept per isolate. */
  cacheCapacity?: number;
  /** A cache shared between isolates (Cloudflare's Cache API in the worker), by namespace. */
  sharedCache?: (namespace: string) => SharedDocumentCache;
}

const ALLOWED_METHODS = "GET, HEAD, OPTIONS";

export function createApp({ store, now = Date.now, cacheCapacity = 512, sharedCache }: AppOptions) {
  const sites = new Map<string, Site>();

  function siteFor(env: AppEnv["Bindings"]): Site {
    const key = env.SITE_ORIGIN ?? "";
    let site = sites.get(key);
    if (!site) {
      const config = resolveSiteConfig(env);
      const shared = sharedCache?.(`${store.version}:${config.origin}`);
      site = createSite(config, store, new DocumentCache(cacheCapacity, shared));
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
    const scheduled = countScheduled(articles, nowMs);
    c.set("site", site);
    c.set("moment", {
      nowMs,
      nextPublication: articles[scheduled - 1]?.published,
      view: site.view(scheduled),
    });
    await next();
  });

  registerFeedRedirects(app);
  registerFeedRoutes(app);
  registerAssetRoutes(app);
  registerPageRoutes(app);

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
