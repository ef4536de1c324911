/**
 * Caching over time and across isolates: faults that a fault-injection run showed the suite did not
 * catch. Each test here was checked once against the fault it guards (see the issue on mutation
 * testing): listing pages cached without the schedule state, the Link header lost on a Cache API
 * round trip, a per-isolate cache that never evicts, and a 304 that drops Last-Modified or Link.
 */
import { describe, expect, it } from "vitest";
import { shortCodeFor } from "../../src/content/short-code";
import { createCacheApiStore, type SharedDocumentCache } from "../../src/documents/shared-cache";
import { createApp } from "../../src/http/app";
import type { ContentStore } from "../../src/store/content-store";
import { createMemoryStore } from "../../src/store/memory-store";
import { buildCorpus, env, evenCorpus, fetchText, navigation } from "./helpers/corpus";

const T = Date.parse("2026-03-01T12:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

// Three articles scheduled at T+100 s, T+200 s and T+400 s after 12 published ones; each scheduled
// one also brings a tag of its own, so the family lists (OPML, /feeds) change with the schedule too.
const scheduledAt = [100, 200, 400].map((seconds) => T + seconds * 1000);
const published = evenCorpus(12);
const scheduled = scheduledAt.map((ms, index) => ({
  slug: `scheduled-${index + 1}`,
  title: `Scheduled headline ${index + 1}`,
  published: iso(ms),
}));
const content = buildCorpus([...published, ...scheduled], {
  "scheduled-1": { tags: ["Boundary", "Eclipse one"] },
  "scheduled-2": { tags: ["Boundary", "Eclipse two"] },
  "scheduled-3": { tags: ["Boundary", "Eclipse three"] },
});
const familyTags = ["eclipse-one", "eclipse-two", "eclipse-three"];

const feedFiles = ["feed.xml", "atom.xml", "feed.json"];
const familyFolders = ["", "/sections/desk", "/tags/boundary", "/authors/ann-lee"];
/** Every document that shows the newest articles: listing pages and subscription feeds. */
const titlePaths = familyFolders.flatMap((folder) => [
  `${folder}/`,
  ...feedFiles.map((file) => `${folder}/${file}`),
]);
/** Documents that list families rather than articles. */
const familyListPaths = ["/feeds", "/feeds.opml"];

function countingStore(): { store: ContentStore; reads: () => number } {
  const inner = createMemoryStore(content);
  let reads = 0;
  return {
    reads: () => reads,
    store: {
      ...inner,
      getArticleHtml(view, slug) {
        reads++;
        return inner.getArticleHtml(view, slug);
      },
    },
  };
}

describe("scheduled articles appear in every live document at their time, in a warm isolate", () => {
  it("listing pages, family pages, feeds, feed views, OPML and /feeds follow the schedule", async () => {
    let now = T;
    const app = createApp({ storeFor: () => createMemoryStore(content), now: () => now });
    for (const [step, at] of [T, ...scheduledAt].entries()) {
      now = at;
      for (const path of titlePaths) {
        for (const headers of [{}, navigation]) {
          if (path.endsWith("/") && headers === navigation) continue;
          const { status, text } = await fetchText(app, path, headers);
          expect(status, path).toBe(200);
          scheduled.forEach((article, index) => {
            expect(text.includes(article.title), `${path} at step ${step}: ${article.title}`).toBe(
              index < step,
            );
          });
        }
      }
      for (const path of familyListPaths) {
        const { text } = await fetchText(app, path);
        familyTags.forEach((tag, index) => {
          expect(text.includes(`/tags/${tag}/`), `${path} at step ${step}: ${tag}`).toBe(index < step);
        });
      }
      for (const [index, article] of scheduled.entries()) {
        const page = await app.request(`/articles/${article.slug}`, {}, env);
        expect(page.status, `${article.slug} at step ${step}`).toBe(index < step ? 200 : 404);
        const code = shortCodeFor(`tag:news.example.com,2025:${article.slug}`);
        expect((await app.request(`/s/${code}`, {}, env)).status).toBe(index < step ? 301 : 404);
      }
    }
  });

  it("max-age never outlives the next publication, on every live document and its 304", async () => {
    const expected = [
      [T, "public, max-age=100"],
      [scheduledAt[0], "public, max-age=100"],
      [scheduledAt[1], "public, max-age=200"],
      [scheduledAt[2], "public, max-age=300, stale-while-revalidate=600"],
      [T + 50_000, "public, max-age=50"],
      [T + 399_500, "public, max-age=1"],
    ] as const;
    let now = T;
    const app = createApp({ storeFor: () => createMemoryStore(content), now: () => now });
    for (const [at, cacheControl] of expected) {
      now = at ?? T;
      for (const path of [...titlePaths, ...familyListPaths, "/articles/story-0001"]) {
        const response = await app.request(path, {}, env);
        expect(response.headers.get("cache-control"), `${path} at ${iso(now)}`).toBe(cacheControl);
        const etag = response.headers.get("etag") ?? "";
        const again = await app.request(path, { headers: { "If-None-Match": etag } }, env);
        expect(again.status).toBe(304);
        expect(again.headers.get("cache-control")).toBe(cacheControl);
      }
    }
  });

  it("a fresh isolate sharing the Cache API level sees the new schedule state, not the old one", async () => {
    const entries = new Map<string, Awaited<ReturnType<SharedDocumentCache["get"]>>>();
    const shared: SharedDocumentCache = {
      get: async (key) => entries.get(key),
      put: async (key, document) => void entries.set(key, document),
    };
    const before = createApp({
      storeFor: () => createMemoryStore(content),
      now: () => T,
      sharedCache: () => shared,
    });
    for (const path of [...titlePaths, ...familyListPaths]) await fetchText(before, path);
    const after = createApp({
      storeFor: () => createMemoryStore(content),
      now: () => scheduledAt[0] ?? T,
      sharedCache: () => shared,
    });
    for (const path of titlePaths) {
      expect((await fetchText(after, path)).text, path).toContain("Scheduled headline 1");
    }
    for (const path of familyListPaths) {
      expect((await fetchText(after, path)).text, path).toContain("/tags/eclipse-one/");
    }
  });
});

/**
 * An in-memory stand-in for Cloudflare's Cache API (match/put by URL), so that documents make the
 * same round trip through Response headers in Node as in workerd.
 */
function memoryCache(): Cache {
  const stored = new Map<string, { body: ArrayBuffer; headers: [string, string][] }>();
  return {
    async match(request: RequestInfo | URL) {
      const entry = stored.get(new Request(request).url);
      return entry ? new Response(entry.body.slice(0), { headers: entry.headers }) : undefined;
    },
    async put(request: RequestInfo | URL, response: Response) {
      stored.set(new Request(request).url, {
        body: await response.arrayBuffer(),
        headers: [...response.headers],
      });
    },
  } as Cache;
}

describe("a document taken from the Cache API level is the document another isolate built", () => {
  const archiveContent = buildCorpus(evenCorpus(31));
  const paths = [
    ...titlePaths,
    ...familyListPaths,
    "/archive/1/feed.xml",
    "/archive/2/atom.xml",
    "/tags/boundary/archive/3/feed.json",
    "/articles/story-0031",
    "/assets/site.js",
    "/icon-64.png",
  ];

  it("every header and every byte survive the round trip", async () => {
    const cache = memoryCache();
    const pending: Promise<unknown>[] = [];
    const ctx = { waitUntil: (work: Promise<unknown>) => pending.push(work), passThroughOnException() {} };
    const sharedCache = (namespace: string) => createCacheApiStore(cache, namespace);
    const first = createApp({ storeFor: () => createMemoryStore(archiveContent), sharedCache });
    const built = new Map<string, { body: string; headers: [string, string][] }>();
    for (const path of paths) {
      const response = await first.request(path, {}, env, ctx as unknown as ExecutionContext);
      expect(response.status, path).toBe(200);
      built.set(path, { body: await response.text(), headers: [...response.headers] });
    }
    await Promise.all(pending);
    let reads = 0;
    const inner = createMemoryStore(archiveContent);
    const second = createApp({
      storeFor: () => ({
        ...inner,
        getArticleHtml: (view, slug) => {
          reads++;
          return inner.getArticleHtml(view, slug);
        },
      }),
      sharedCache,
    });
    for (const path of paths) {
      const response = await second.request(path, {}, env);
      const original = built.get(path);
      expect([...response.headers], path).toEqual(original?.headers);
      expect(await response.text(), path).toBe(original?.body);
    }
    // Every document came from the shared level: no body was read again.
    expect(reads).toBe(0);
    expect(built.get("/feed.xml")?.headers.some(([name]) => name === "link")).toBe(true);
  });
});

describe("the per-isolate document cache is bounded", () => {
  it("evicts the least recently used document once full, and keeps the ones in use", async () => {
    const { store, reads } = countingStore();
    const app = createApp({ storeFor: () => store, cacheCapacity: 2, now: () => scheduledAt[2] ?? T });
    const open = async (slug: string) => (await app.request(`/articles/${slug}`, {}, env)).text();
    await open("story-0001");
    await open("story-0002");
    expect(reads()).toBe(2);
    await open("story-0001"); // a hit, and now the most recently used
    expect(reads()).toBe(2);
    await open("story-0003"); // evicts story-0002, the least recently used
    expect(reads()).toBe(3);
    await open("story-0001");
    expect(reads()).toBe(3);
    await open("story-0002"); // was evicted: built again
    expect(reads()).toBe(4);
    await open("story-0003"); // evicted by story-0002's return
    expect(reads()).toBe(5);
  });

  it("cycling through more documents than it holds rebuilds each one: nothing is kept beyond capacity", async () => {
    const { store, reads } = countingStore();
    const app = createApp({ storeFor: () => store, cacheCapacity: 3, now: () => scheduledAt[2] ?? T });
    const slugs = content.articles.map((article) => article.slug);
    for (let round = 0; round < 3; round++) {
      for (const slug of slugs) await (await app.request(`/articles/${slug}`, {}, env)).text();
    }
    // Cycling through more documents than fit means every request is a miss.
    expect(reads()).toBe(slugs.length * 3);
  });
});

describe("a 304 repeats the 200's validators and metadata", () => {
  const archiveContent = buildCorpus(evenCorpus(31));
  const app = createApp({ storeFor: () => createMemoryStore(archiveContent) });
  const kept = ["etag", "cache-control", "vary", "last-modified", "link", "content-location", "expires"];
  const cases: [string, Record<string, string>][] = [
    ...titlePaths.map((path) => [path, {}] as [string, Record<string, string>]),
    ...familyListPaths.map((path) => [path, {}] as [string, Record<string, string>]),
    ["/archive/2/atom.xml", {}],
    ["/tags/boundary/archive/1/feed.json", {}],
    ["/articles/story-0005", {}],
    ["/assets/site.js", {}],
    ["/feed.xml", navigation],
    ["/archive/1/feed.json", navigation],
  ];

  it.each(cases)("%s %o", async (path, headers) => {
    const full = await app.request(path, { headers }, env);
    expect(full.status).toBe(200);
    await full.arrayBuffer();
    const etag = full.headers.get("etag") ?? "";
    const lastModified = full.headers.get("last-modified");
    const conditions: Record<string, string>[] = [{ "If-None-Match": etag }];
    if (lastModified) conditions.push({ "If-Modified-Since": lastModified });
    for (const condition of conditions) {
      for (const method of ["GET", "HEAD"]) {
        const response = await app.request(path, { method, headers: { ...headers, ...condition } }, env);
        expect(response.status).toBe(304);
        expect(await response.text()).toBe("");
        for (const name of kept) expect(response.headers.get(name), name).toBe(full.headers.get(name));
      }
    }
    // The comparison above is not vacuous: documents with items have Last-Modified, feeds have Link.
    if (!path.startsWith("/assets/") && path !== "/feeds") expect(lastModified).not.toBeNull();
    if (path.endsWith(".xml") || path.endsWith(".json")) expect(full.headers.get("link")).not.toBeNull();
  });
});
