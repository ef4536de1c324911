import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { resolveSiteConfig } from "../config/site";
import type { RetractedArticle } from "../content/schema";
import { type CachePolicy, cacheControlFor } from "../documents/cache-policy";
import { isKeptOnNotModified } from "../documents/conditional";
import { DocumentCache } from "../documents/document-cache";
import type { SharedDocumentCache } from "../documents/shared-cache";
import { type FormatTable, standardFormats } from "../feeds/formats";
import { Lru } from "../lib/lru";
import { NotFoundPage } from "../pages/not-found-page";
import { RetractedPage, retractionText } from "../pages/retracted-page";
import { createSite } from "../site/published";
import { SITEMAP_PAGE_SIZE } from "../sitemaps/sitemap-plan";
import type { StoreFactory } from "../store/content-store";
import { feedLinks, feedPath, sitePaths } from "../urls/url-map";
import { type ReplayEdge, rememberAnswers, replayKnownAnswer, wantsErrorPage } from "./answer-replay";
import { registerAssetRoutes } from "./asset-routes";
import { registerFeedRoutes } from "./feed-routes";
import { registerMediaRoutes } from "./media-routes";
import { registerPageRoutes } from "./page-routes";
import { registerFeedRedirects } from "./redirects";
import { GoneException } from "./resolution";
import { securityHeaders } from "./security-headers";
import { registerSitemapRoutes } from "./sitemap-routes";
import type { AppEnv } from "./types";

export interface AppOptions {
  /** The content store of an environment (its bindings). */
  storeFor: StoreFactory<AppEnv["Bindings"]>;
  /** The feed formats served; the standard three unless a test registers others. */
  formats?: FormatTable;
  /** Milliseconds since the epoch; tests pass a fixed clock to see scheduled articles appear. */
  now?: () => number;
  /**
   * How long an isolate trusts its snapshot of the store's version and schedule, in milliseconds of
   * `now`: the bound between a publish and this isolate serving it. The CONTENT_CHECK_SECONDS
   * variable of an environment overrides it.
   */
  snapshotMaxAgeMs?: number;
  /** Documents kept per isolate. */
  cacheCapacity?: number;
  /** A cache shared between isolates (Cloudflare's Cache API in the worker), by namespace. */
  sharedCache?: (namespace: string) => SharedDocumentCache;
  /** URLs per sitemap page; SITEMAP_PAGE_SIZE unless a test needs several pages of a small corpus. */
  sitemapPageSize?: number;
}

const ALLOWED_METHODS = "GET, HEAD, OPTIONS";

/** Answers remembered per environment for replay: every distinct URL polled, up to this many. */
const ANSWERS_KEPT = 1024;

export function createApp({
  storeFor,
  formats = standardFormats,
  now = Date.now,
  cacheCapacity = 512,
  snapshotMaxAgeMs = 5_000,
  sharedCache,
  sitemapPageSize = SITEMAP_PAGE_SIZE,
}: AppOptions) {
  const edges = new Map<string, ReplayEdge>();

  /** One site, document cache and replay memory per environment, made on its first request. */
  function edgeFor(env: AppEnv["Bindings"]): ReplayEdge {
    const key = edgeKey(env);
    let edge = edges.get(key);
    if (!edge) {
      const config = resolveSiteConfig(env);
      const store = storeFor(env);
      // Document keys carry the content version, so one namespace per origin.
      const shared = sharedCache?.(config.origin);
      const seconds = Number(env.CONTENT_CHECK_SECONDS);
      const maxAgeMs = env.CONTENT_CHECK_SECONDS && seconds >= 0 ? seconds * 1000 : snapshotMaxAgeMs;
      edge = {
        site: createSite(config, formats, store, { snapshotMaxAgeMs: maxAgeMs }),
        documents: new DocumentCache(cacheCapacity, shared),
        answers: new Lru(ANSWERS_KEPT),
      };
      edges.set(key, edge);
    }
    return edge;
  }

  const app = new Hono<AppEnv>();

  // The same 304 whether replayed or answered by the routes: only the headers it keeps.
  app.use(async function trimNotModified(c, next) {
    await next();
    if (c.res.status !== 304) return;
    for (const name of [...c.res.headers.keys()]) if (!isKeptOnNotModified(name)) c.res.headers.delete(name);
  });

  // Next, so that it records the headers every other middleware adds (see answer-replay).
  app.use(rememberAnswers((c) => edgeFor(c.env ?? {})));

  // OPTIONS says which methods there are, whether CORS answered it as a preflight or not.
  app.use(async function allowOnOptions(c, next) {
    await next();
    if (c.req.method === "OPTIONS") c.res.headers.set("Allow", ALLOWED_METHODS);
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

  app.use(securityHeaders());

  // After CORS and the security headers, so that a 405 carries them too.
  app.use(async function onlyReadMethods(c, next) {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
      return c.text(`Method ${method} is not allowed: this site is read-only.\n`, 405, {
        Allow: ALLOWED_METHODS,
      });
    }
    await next();
  });

  // Before the published state is attached: an image's answer depends on nothing published.
  registerMediaRoutes(app);

  app.use(async function attachSite(c, next) {
    const { site, documents } = edgeFor(c.env ?? {});
    c.set("site", site);
    c.set("documents", documents);
    c.set("moment", await site.momentAt(now()));
    await next();
  });

  registerFeedRedirects(app, formats);
  registerFeedRoutes(app, formats);
  registerAssetRoutes(app);
  registerPageRoutes(app);
  registerSitemapRoutes(app, sitemapPageSize);

  app.notFound(function notFound(c) {
    return answerError(c, 404, "Nothing at this address.");
  });

  app.onError(function handleError(error, c) {
    if (error instanceof GoneException) return answerError(c, 410, error.message, error.retracted);
    if (error instanceof HTTPException && error.status < 500) {
      return answerError(c, error.status, error.message || "Request error.");
    }
    console.error(error);
    return c.text(
      `Internal error. The feeds are at ${inProse(formats.map((format) => feedPath("", format)))}.\n`,
      500,
    );
  });

  // A request this isolate has answered before is answered again before hono routes it. Only an
  // environment that has served a request has an edge, and so answers to replay.
  const dispatch = app.fetch;
  app.fetch = function fetchOrReplay(request, env, executionCtx) {
    const edge = edges.get(edgeKey((env as AppEnv["Bindings"] | undefined) ?? {}));
    return (edge && replayKnownAnswer(request, edge, now)) ?? dispatch(request, env, executionCtx);
  };

  return app;
}

/** What tells environments apart: the variables their documents' bytes depend on. */
function edgeKey(env: AppEnv["Bindings"]): string {
  return `${env.SITE_ORIGIN ?? ""} ${env.WEBSUB_HUBS ?? ""} ${env.WEBSUB_OWN_HUB ?? ""}`;
}

/**
 * Errors that say something lasting about an address are cached as the pages are: a 410 for an
 * article taken down is the article page's answer now, and changes when a publish (or the article
 * coming back) does. Other errors set no Cache-Control.
 */
function errorPolicy(status: number): CachePolicy | undefined {
  return status === 410 ? "live" : undefined;
}

/**
 * An error a browser navigated to gets a page of the site, with its links; feed readers and other
 * programs get the short text. Browsers say so with Sec-Fetch-Mode: navigate, or (older ones) by
 * asking for HTML first. An article taken down answers with its notice: its headline, when and why.
 */
async function answerError(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  reason: string,
  retracted?: RetractedArticle,
): Promise<Response> {
  c.header("Vary", "Accept, Sec-Fetch-Mode");
  const site = c.get("site");
  const moment = c.get("moment");
  const policy = errorPolicy(status);
  if (policy && site && moment) c.header("Cache-Control", cacheControlFor(policy, site.config, moment));
  if (!wantsErrorPage(c.req) || !site) {
    const formats = site?.formats ?? standardFormats;
    const text = retracted
      ? describeFeeds(formats, retractionText(retracted))
      : notFoundText(formats, reason);
    c.set("answered", { kind: "error", status, text, ...(policy ? { policy } : {}) });
    return c.text(text, status);
  }
  const feeds = { title: site.config.title, links: feedLinks(site.config.origin, "", site.formats) };
  const page = await (retracted ? (
    <RetractedPage site={site.config} feeds={feeds} retracted={retracted} />
  ) : (
    <NotFoundPage site={site.config} feeds={feeds} status={status} reason={reason} />
  ));
  return c.html(`<!doctype html>${page}`, status);
}

/** "a", "a and b", "a, b and c". */
function inProse(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** The reason, then the site's feeds, one a line, for readers and people who typed a wrong address. */
/** An unknown address costs what a constant reply does: each table's text is made once. */
const notFoundTexts = new WeakMap<FormatTable, Map<string, string>>();

function notFoundText(formats: FormatTable, reason: string): string {
  let texts = notFoundTexts.get(formats);
  if (!texts) {
    texts = new Map();
    notFoundTexts.set(formats, texts);
  }
  let text = texts.get(reason);
  if (text === undefined) {
    text = describeFeeds(formats, reason);
    // Reasons are a handful of fixed sentences; a bound keeps a surprise from growing the map.
    if (texts.size < 64) texts.set(reason, text);
  }
  return text;
}

function describeFeeds(formats: FormatTable, reason: string): string {
  const paths = formats.map((format) => feedPath("", format));
  const width = Math.max(...paths.map((path) => path.length)) + 2;
  const lines = formats.map((format, index) => `  ${(paths[index] ?? "").padEnd(width)}${format.fullName}`);
  return `${reason}\n\nThis site's feeds:\n${lines.join("\n")}\nand the latest articles at ${sitePaths.home}.\n`;
}
