/**
 * Sitemaps and robots.txt over HTTP in workerd, on D1: the same validators, 304s, HEAD, codings and
 * Cache-Control as every document; several sitemap pages from a lowered page size, answered as the
 * memory store answers them; the news sitemap's clock-bound caching; the worker's own entry.
 */
import { env, exports } from "cloudflare:workers";
import { brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { createApp } from "../../src/http/app";
import { newsLanguage } from "../../src/sitemaps/news-language";
import { d1Target, publishContent } from "../../src/store/d1-publish";
import { createD1Store } from "../../src/store/d1-store";
import { createMemoryStore } from "../../src/store/memory-store";

const origin = "http://localhost:8787";
const bindings = { SITE_ORIGIN: origin, DB: env.DB, CONTENT_CHECK_SECONDS: "0" };
const XML_TYPE = "application/xml; charset=utf-8";
const hour = 3_600_000;
/** 12:02:30 UTC: the clock step 12:00–12:05; one article is scheduled at 12:03:30. */
const T = Date.UTC(2025, 5, 10, 12, 2, 30);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const DUE = Date.UTC(2025, 5, 10, 12, 3, 30);
/** 12:03:40: the scheduled article is out; the clock step ends in 80 s. */
const AFTER = Date.UTC(2025, 5, 10, 12, 3, 40);

function article(index: number, publishedMs: number, overrides: Partial<Article> = {}): Article {
  return {
    id: `tag:news.example.com,2025:s${index}`,
    slug: `s-${index}`,
    title: `Story ${index} & <more>`,
    summary: `Summary ${index}.`,
    published: iso(publishedMs),
    updated: iso(publishedMs),
    authors: index % 2 === 0 ? ["Ann Lee"] : [],
    section: index % 3 === 0 ? "World" : "Middle East",
    tags: index % 4 === 0 ? ["Iran"] : ["Talks"],
    highlights: [],
    formerSlugs: [],
    shortCode: `s${String(index).padStart(7, "0")}`,
    html: `<p>Body ${index}.</p>`,
    ...overrides,
  };
}

// 25 articles three hours apart up to T (the newest 16 within two days), then one scheduled.
const articles = [
  ...Array.from({ length: 25 }, (_, i) => article(i + 1, T - (25 - i) * 3 * hour)),
  article(26, DUE),
];
const corpus: BuiltContent = {
  version: "sitemaps-1",
  articles: [...articles].sort((a, b) => (a.published < b.published ? 1 : -1)),
};

function d1App(now: () => number, sitemapPageSize = 10) {
  return createApp({
    storeFor: (env) => {
      if (!env.DB) throw new Error("no DB");
      return createD1Store(env.DB);
    },
    now,
    sitemapPageSize,
  });
}

type App = ReturnType<typeof d1App>;

async function get(app: App, path: string, headers: Record<string, string> = {}, method = "GET") {
  const response = await app.request(origin + path, { method, headers }, bindings);
  return { response, body: new Uint8Array(await response.arrayBuffer()) };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const live = "public, max-age=300, stale-while-revalidate=600";
const documents = [
  ["/sitemap.xml", XML_TYPE, live],
  ["/sitemap-articles-1.xml", XML_TYPE, live],
  ["/sitemap-articles-3.xml", XML_TYPE, live],
  ["/sitemap-listings-1.xml", XML_TYPE, live],
  // A copy of the news sitemap lasts until its step of the clock ends, 80 s after 12:03:40.
  ["/news-sitemap.xml", XML_TYPE, "public, max-age=80"],
  ["/robots.txt", "text/plain; charset=utf-8", "public, max-age=86400"],
] as const;

describe.each(documents)("%s over HTTP", (path, contentType, cacheControl) => {
  it("has its type, a strong ETag, Cache-Control and Vary, and answers 304 to its ETag", async () => {
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    const app = d1App(() => AFTER);
    const { response, body } = await get(app, path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(contentType);
    expect(response.headers.get("cache-control")).toBe(cacheControl);
    expect(response.headers.get("vary")).toBe("Accept-Encoding");
    expect(response.headers.get("content-length")).toBe(String(body.byteLength));
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const etag = response.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    for (const condition of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const again = await get(app, path, { "If-None-Match": condition });
      expect(again.response.status, condition).toBe(304);
      expect(again.body).toHaveLength(0);
      expect(again.response.headers.get("etag")).toBe(etag);
      expect(again.response.headers.get("cache-control")).toBe(cacheControl);
    }
    expect((await get(app, path, { "If-None-Match": '"other"' })).response.status).toBe(200);
  });

  it("answers HEAD with GET's headers and no body", async () => {
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    const app = d1App(() => AFTER);
    const full = await get(app, path);
    const head = await get(app, path, {}, "HEAD");
    expect(head.response.status).toBe(200);
    expect(head.body).toHaveLength(0);
    expect(Object.fromEntries(head.response.headers)).toEqual(Object.fromEntries(full.response.headers));
  });
});

describe("compression and Last-Modified", () => {
  it("sends the sitemaps compressed, decompressing to the identity bytes, each coding its own ETag", async () => {
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    const app = d1App(() => T);
    for (const path of ["/sitemap-articles-1.xml", "/news-sitemap.xml"]) {
      const identity = await get(app, path);
      const gzip = await get(app, path, { "Accept-Encoding": "gzip" });
      expect(gzip.response.headers.get("content-encoding"), path).toBe("gzip");
      expect(await gunzip(gzip.body)).toStrictEqual(identity.body);
      const br = await get(app, path, { "Accept-Encoding": "br" });
      expect(br.response.headers.get("content-encoding"), path).toBe("br");
      expect(new Uint8Array(brotliDecompressSync(br.body))).toStrictEqual(identity.body);
      const tag = identity.response.headers.get("etag") ?? "";
      expect(gzip.response.headers.get("etag")).toBe(`${tag.slice(0, -1)}-gzip"`);
      const notModified = await get(app, path, {
        "Accept-Encoding": "gzip",
        "If-None-Match": gzip.response.headers.get("etag") ?? "",
      });
      expect(notModified.response.status).toBe(304);
    }
  });

  it("sitemaps carry Last-Modified (the newest lastmod) and honour If-Modified-Since; the news sitemap has none", async () => {
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    const app = d1App(() => AFTER);
    const index = await get(app, "/sitemap.xml");
    // The newest article is the one published at 12:03:30.
    const lastModified = new Date(DUE).toUTCString();
    expect(index.response.headers.get("last-modified")).toBe(lastModified);
    expect((await get(app, "/sitemap.xml", { "If-Modified-Since": lastModified })).response.status).toBe(304);
    const earlier = new Date(DUE - 1000).toUTCString();
    expect((await get(app, "/sitemap.xml", { "If-Modified-Since": earlier })).response.status).toBe(200);
    expect((await get(app, "/news-sitemap.xml")).response.headers.get("last-modified")).toBeNull();
  });
});

describe("sitemaps on D1 answer as on the memory store", () => {
  const paths = [
    "/sitemap.xml",
    "/sitemap-articles-1.xml",
    "/sitemap-articles-2.xml",
    "/sitemap-articles-3.xml",
    "/sitemap-articles-4.xml",
    "/sitemap-listings-1.xml",
    "/sitemap-listings-2.xml",
    "/news-sitemap.xml",
    "/robots.txt",
  ];

  it.each([
    ["before the scheduled article", T],
    ["after it", AFTER],
    ["in the next step of the clock", Date.UTC(2025, 5, 10, 12, 5, 0)],
    ["a day later", T + 24 * hour],
  ])("%s, with three articles pages and two listings pages", { timeout: 60_000 }, async (_label, now) => {
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    for (const pageSize of [10, 4]) {
      const fromD1 = d1App(() => now, pageSize);
      const fromMemory = createApp({
        storeFor: () => createMemoryStore(corpus),
        now: () => now,
        sitemapPageSize: pageSize,
      });
      for (const path of paths) {
        const [d1, memory] = [await get(fromD1, path), await get(fromMemory, path)];
        expect(d1.response.status, path).toBe(memory.response.status);
        expect([...d1.response.headers], path).toEqual([...memory.response.headers]);
        expect(text(d1.body), path).toBe(text(memory.body));
      }
    }
    // With 10 a page, 25 or 26 articles fill three pages; the listings (home, 2 sections, 2 tags, 2 authors) one.
    const app = d1App(() => now);
    expect((await get(app, "/sitemap-articles-3.xml")).response.status).toBe(200);
    expect((await get(app, "/sitemap-articles-4.xml")).response.status).toBe(404);
    expect((await get(app, "/sitemap-listings-2.xml")).response.status).toBe(404);
  });

  it("the news sitemap follows the clock: the scheduled article appears when due, old ones leave", async () => {
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    const clock = { now: T };
    const app = d1App(() => clock.now);
    const locs = async () =>
      [...text((await get(app, "/news-sitemap.xml")).body).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    // Article k was published at T − (26 − k) × 3 h: 11 to 25 are less than two days old when the
    // step ends at 12:05; article 10, published at T − 48 h, is not.
    expect(await locs()).toEqual(Array.from({ length: 15 }, (_, i) => `${origin}/articles/s-${25 - i}`));
    clock.now = DUE;
    expect((await locs())[0]).toBe(`${origin}/articles/s-26`);
    // Article 11 (T − 45 h) leaves in the step 15:00–15:05, whose end is more than two days after it.
    clock.now = T + 3 * hour;
    expect(await locs()).not.toContain(`${origin}/articles/s-11`);
    expect(await locs()).toContain(`${origin}/articles/s-12`);
  });
});

describe("the worker's own entry", () => {
  it("serves robots.txt and the sitemap index on the configured origin (wrangler.toml)", async () => {
    const robots = await exports.default.fetch(new Request(`${origin}/robots.txt`));
    expect(robots.status).toBe(200);
    expect(await robots.text()).toContain(
      `Sitemap: ${origin}/sitemap.xml\nSitemap: ${origin}/news-sitemap.xml\n`,
    );
    const index = await exports.default.fetch(new Request(`${origin}/sitemap.xml`));
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe(XML_TYPE);
    expect(await index.text()).toContain(`<loc>${origin}/sitemap-articles-1.xml</loc>`);
  });

  it("reads the site's language with workerd's Intl data as Node does", () => {
    expect(newsLanguage("en-GB")).toBe("en");
    expect(newsLanguage("zh-HK")).toBe("zh-tw");
    expect(newsLanguage("zh-SG")).toBe("zh-cn");
  });
});
