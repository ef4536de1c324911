import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { createApp } from "../../src/http/app";
import type { ContentView } from "../../src/store/content-store";
import { createMemoryStore } from "../../src/store/memory-store";
import { sharedIsolates } from "./support/shared-cache";

const origin = "http://localhost:8787";
const feeds = ["/feed.xml", "/atom.xml", "/feed.json"] as const;

function get(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(origin + path, init));
}

async function drain(response: Response): Promise<Response> {
  await response.arrayBuffer();
  return response;
}

const built = JSON.parse(env.SEED_CONTENT) as BuiltContent;
const newest = built.articles[0] as Article;

describe.each(feeds)("conditional requests on %s", (path) => {
  it("has a strong ETag and Last-Modified from the newest update", async () => {
    const response = await drain(await get(path));
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get("last-modified")).toBe(new Date(newest.updated).toUTCString());
  });

  it.each([
    ["the ETag itself", (etag: string) => etag],
    ["a list containing it", (etag: string) => `"nope", ${etag}, "other"`],
    ["its weak form", (etag: string) => `W/${etag}`],
    ["*", () => "*"],
  ])(
    "If-None-Match with %s answers 304 with no body, the same ETag and Cache-Control",
    async (_name, condition) => {
      const first = await drain(await get(path));
      const etag = first.headers.get("etag") ?? "";
      const response = await get(path, { headers: { "If-None-Match": condition(etag) } });
      expect(response.status).toBe(304);
      expect(await response.text()).toBe("");
      expect(response.headers.get("etag")).toBe(etag);
      expect(response.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=600");
      expect(response.headers.get("vary")).toBe("Accept-Encoding, Sec-Fetch-Dest, Sec-Fetch-Mode");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    },
  );

  it("If-None-Match with other tags answers 200", async () => {
    const response = await drain(await get(path, { headers: { "If-None-Match": '"abc", W/"def"' } }));
    expect(response.status).toBe(200);
  });

  it("If-Modified-Since at or after Last-Modified answers 304; before it, 200", async () => {
    const first = await drain(await get(path));
    const lastModified = first.headers.get("last-modified") ?? "";
    const notModified = await get(path, { headers: { "If-Modified-Since": lastModified } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    expect(notModified.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(notModified.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
    const later = new Date(Date.parse(lastModified) + 86_400_000).toUTCString();
    expect((await drain(await get(path, { headers: { "If-Modified-Since": later } }))).status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await drain(await get(path, { headers: { "If-Modified-Since": earlier } }))).status).toBe(200);
  });

  it("If-Modified-Since is ignored when If-None-Match is present", async () => {
    const first = await drain(await get(path));
    const response = await drain(
      await get(path, {
        headers: {
          "If-None-Match": '"something-else"',
          "If-Modified-Since": first.headers.get("last-modified") ?? "",
        },
      }),
    );
    expect(response.status).toBe(200);
  });

  it.each(["yesterday", "2024-08-06", "Mon, 32 Foo 2024 99:99:99 GMT", ""])(
    "a malformed If-Modified-Since (%j) is ignored",
    async (value) => {
      const response = await drain(await get(path, { headers: { "If-Modified-Since": value } }));
      expect(response.status).toBe(200);
    },
  );

  it("HEAD answers with the same headers as GET and no body", async () => {
    const getResponse = await drain(await get(path));
    const head = await get(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    for (const name of [
      "content-type",
      "content-length",
      "etag",
      "last-modified",
      "cache-control",
      "vary",
      "link",
    ]) {
      expect(head.headers.get(name), name).toBe(getResponse.headers.get(name));
    }
  });

  it("query strings change neither the bytes nor the validators", async () => {
    const plain = await get(path);
    const queried = await get(`${path}?utm_source=reader&limit=abc&%ZZ=1`);
    expect(queried.headers.get("etag")).toBe(plain.headers.get("etag"));
    expect(await queried.text()).toBe(await plain.text());
  });
});

describe("headers", () => {
  it("feeds carry exact caching, CORS, nosniff and Link headers", async () => {
    const response = await drain(await get("/atom.xml"));
    expect(response.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=600");
    expect(response.headers.get("vary")).toBe("Accept-Encoding, Sec-Fetch-Dest, Sec-Fetch-Mode");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("link")).toBe(
      // The local environment runs the site's own WebSub hub (WEBSUB_OWN_HUB in wrangler.toml).
      `<${origin}/atom.xml>; rel="self"; type="application/atom+xml", <${origin}/websub>; rel="hub", ` +
        `<${origin}/>; rel="alternate"; type="text/html", ` +
        `<${origin}/feed.xml>; rel="alternate"; type="application/rss+xml", <${origin}/feed.json>; rel="alternate"; type="application/feed+json"`,
    );
  });

  it("HTML pages carry security headers", async () => {
    const response = await drain(await get("/"));
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("strict-transport-security")).toBe("max-age=15552000; includeSubDomains");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("a feed's HTML view is a page, with the pages' headers", async () => {
    const response = await drain(
      await get("/feed.xml", { headers: { "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document" } }),
    );
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it.each([...feeds, "/feeds.opml", "/robots.txt", "/sitemap.xml", "/no-such-page"])(
    "%s, read by a program, carries exactly these headers: a document's security headers, not a page's",
    async (path) => {
      const response = await drain(await get(path, { headers: { "Accept-Encoding": "gzip" } }));
      expect(response.headers.get("content-security-policy")).toBe(
        "default-src 'none'; frame-ancestors 'none'; sandbox",
      );
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
      const names = [...response.headers.keys()];
      for (const pageOnly of [
        "x-frame-options",
        "referrer-policy",
        "cross-origin-opener-policy",
        "x-xss-protection",
      ]) {
        expect(names).not.toContain(pageOnly);
      }
      if ((feeds as readonly string[]).includes(path)) {
        expect(names.sort()).toEqual([
          "access-control-allow-origin",
          "access-control-expose-headers",
          "cache-control",
          "content-encoding",
          "content-length",
          "content-security-policy",
          "content-type",
          "cross-origin-resource-policy",
          "etag",
          "last-modified",
          "link",
          "vary",
          "x-content-type-options",
        ]);
      }
    },
  );

  it("answers a CORS preflight", async () => {
    const response = await drain(
      await get("/feed.json", {
        method: "OPTIONS",
        headers: { Origin: "https://reader.example", "Access-Control-Request-Method": "GET" },
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,HEAD,OPTIONS");
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it.each(["POST", "PUT", "DELETE", "PATCH"])("%s answers 405 with Allow", async (method) => {
    const response = await drain(await get("/feed.xml", { method }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});

describe("redirects and odd paths", () => {
  it.each([
    ["/rss", "/feed.xml"],
    ["/rss.xml", "/feed.xml"],
    ["/feed", "/feed.xml"],
    ["/feed/", "/feed.xml"],
    ["/index.xml", "/feed.xml"],
    ["/feed/rss2/", "/feed.xml"],
    ["/atom", "/atom.xml"],
    ["/feed/atom/", "/atom.xml"],
    ["/json", "/feed.json"],
  ])("%s → 301 %s", async (from, to) => {
    const response = await drain(await get(from, { redirect: "manual" }));
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(origin + to);
    expect(response.headers.get("cache-control")).toBe("public, max-age=86400");
  });

  it.each([
    "/%",
    "/%ZZ/feed.xml",
    "/articles/%C0%AF",
    "/..%2f..%2fetc%2fpasswd",
    "/articles/a/../../feed.xml/x",
    "/%00",
    "/articles/%00",
  ])("%s answers 4xx, never 5xx", async (path) => {
    const response = await drain(await get(path));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it("an unknown path gets a 404 that points to the feeds", async () => {
    const response = await get("/no/such/page");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("/feed.xml   RSS 2.0");
  });
});

describe("caching across polls", () => {
  it("identical content gives identical ETags in separately created apps (isolates)", async () => {
    const one = createApp({ storeFor: () => createMemoryStore(built) });
    const two = createApp({ storeFor: () => createMemoryStore(structuredClone(built)) });
    for (const path of feeds) {
      const a = await one.request(path, {}, env);
      const b = await two.request(path, {}, env);
      expect(a.headers.get("etag")).toBe(b.headers.get("etag"));
      expect(await a.text()).toBe(await b.text());
    }
  });

  it("repeated polls do not rebuild a document", async () => {
    const store = createMemoryStore(built);
    let bodyReads = 0;
    const counting = {
      ...store,
      getArticleHtml: (view: ContentView, slug: string) => {
        bodyReads++;
        return store.getArticleHtml(view, slug);
      },
    };
    const app = createApp({ storeFor: () => counting });
    await (await app.request("/feed.xml", {}, env)).text();
    const afterFirst = bodyReads;
    expect(afterFirst).toBe(built.articles.length);
    for (let i = 0; i < 5; i++) await (await app.request("/feed.xml", {}, env)).text();
    expect(bodyReads).toBe(afterFirst);
  });
});

describe("the shared (Cache API) level", () => {
  function countingStore() {
    const store = createMemoryStore(built);
    const counter = { reads: 0 };
    return {
      counter,
      store: {
        ...store,
        getArticleHtml: (view: ContentView, slug: string) => {
          counter.reads++;
          return store.getArticleHtml(view, slug);
        },
      },
    };
  }

  it("a fresh isolate takes a document another isolate built instead of rebuilding it", async () => {
    const { sharedCache, ctx, pending } = sharedIsolates("test");
    const first = countingStore();
    const one = createApp({ storeFor: () => first.store, sharedCache });
    const a = await one.request("/atom.xml", {}, env, ctx);
    await Promise.all(pending);
    expect(first.counter.reads).toBe(built.articles.length);
    const second = countingStore();
    const two = createApp({ storeFor: () => second.store, sharedCache });
    const b = await two.request("/atom.xml", {}, env, ctx);
    expect(second.counter.reads).toBe(0);
    expect(b.headers.get("etag")).toBe(a.headers.get("etag"));
    expect(b.headers.get("last-modified")).toBe(a.headers.get("last-modified"));
    expect(await b.text()).toBe(await a.text());
  });

  it("a failing shared cache does not fail the request", async () => {
    const broken = {
      get: () => Promise.reject(new Error("cache down")),
      put: () => Promise.reject(new Error("cache down")),
    };
    const app = createApp({ storeFor: () => createMemoryStore(built), sharedCache: () => broken });
    const response = await app.request("/feed.json", {}, env);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(built.articles.length);
  });
});

describe("scheduled articles", () => {
  const scheduledAt = "2030-01-01T12:00:00Z";
  const scheduled: Article = {
    ...newest,
    id: "urn:uuid:00000000-0000-4000-8000-000000000001",
    slug: "scheduled-story",
    title: "A story that is not out yet",
    published: scheduledAt,
    updated: scheduledAt,
  };
  const withScheduled: BuiltContent = {
    version: `${built.version}-s`,
    articles: [scheduled, ...built.articles],
  };

  it("stays out of feeds and pages until its time, then appears without a rebuild", async () => {
    let now = Date.parse(scheduledAt) - 60_000;
    const app = createApp({ storeFor: () => createMemoryStore(withScheduled), now: () => now });
    const before = await app.request("/feed.json", {}, env);
    expect(((await before.json()) as { items: { id: string }[] }).items.map((item) => item.id)).not.toContain(
      scheduled.id,
    );
    expect((await app.request("/articles/scheduled-story", {}, env)).status).toBe(404);
    now = Date.parse(scheduledAt);
    const after = await app.request("/feed.json", {}, env);
    expect(((await after.json()) as { items: { id: string }[] }).items[0]?.id).toBe(scheduled.id);
    expect((await app.request("/articles/scheduled-story", {}, env)).status).toBe(200);
  });

  it("shortens max-age so that no cache serves the old feed past the publication time", async () => {
    const now = Date.parse(scheduledAt) - 90_000;
    const app = createApp({ storeFor: () => createMemoryStore(withScheduled), now: () => now });
    const response = await app.request("/feed.xml", {}, env);
    expect(response.headers.get("cache-control")).toBe("public, max-age=90");
    const far = createApp({
      storeFor: () => createMemoryStore(withScheduled),
      now: () => Date.parse(scheduledAt) - 600_000,
    });
    expect((await far.request("/feed.xml", {}, env)).headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=300",
    );
    const due304 = await app.request(
      "/feed.xml",
      { headers: { "If-None-Match": response.headers.get("etag") ?? "" } },
      env,
    );
    expect(due304.status).toBe(304);
    expect(due304.headers.get("cache-control")).toBe("public, max-age=90");
  });
});
