/**
 * In workerd, with archives: the seed content has two articles, so without this file the runtime
 * that serves readers never sees an RFC 5005 archive page, a document taken from the real Cache API
 * by a second isolate, or a 304 of an archive page.
 */
import { describe, expect, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { createCacheApiStore } from "../../src/documents/shared-cache";
import { archivePageSize } from "../../src/feeds/archive-plan";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";

const origin = "http://localhost:8787";
const env = { SITE_ORIGIN: origin };
const pageSize = archivePageSize(siteSettings.itemsPerFeed);
// Exactly three full pages: the boundary where an off-by-one in page arithmetic shows.
const total = 3 * pageSize;

function article(index: number): Article {
  const stamp = new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    id: `tag:news.example.com,2025:w${index}`,
    slug: `w-${index}`,
    title: `Workerd story ${index}`,
    summary: `Summary ${index}.`,
    published: stamp,
    updated: stamp,
    authors: ["Ann Lee"],
    section: "Desk",
    tags: ["Boundary"],
    highlights: [],
    formerSlugs: [],
    shortCode: `w${String(index).padStart(7, "0")}`,
    html: `<p>Body ${index}, see <a href="\u0001/articles/w-1">the first</a>.</p>`,
  };
}

const content: BuiltContent = {
  version: `workerd-archives-${total}`,
  articles: Array.from({ length: total }, (_, i) => article(total - i)),
};

const ctx = () => {
  const pending: Promise<unknown>[] = [];
  return {
    pending,
    ctx: {
      waitUntil: (work: Promise<unknown>) => pending.push(work),
      passThroughOnException() {},
      props: {},
    } as unknown as ExecutionContext,
  };
};

function idsOf(json: { items: { id: string }[] }): string[] {
  return json.items.map((item) => item.id);
}

describe("archives in workerd", () => {
  it("a walk of prev-archive links reaches every article exactly once", async () => {
    const app = createApp({ storeFor: () => createMemoryStore(content) });
    for (const folder of ["", "/tags/boundary"]) {
      const seen: string[] = [];
      let url: string | undefined = `${origin}${folder}/feed.json`;
      let documents = 0;
      while (url) {
        const response = await app.request(new URL(url).pathname, {}, env);
        expect(response.status, url).toBe(200);
        const json = (await response.json()) as { items: { id: string }[]; next_url?: string };
        seen.push(...idsOf(json));
        url = json.next_url;
        documents++;
      }
      expect(seen).toEqual(content.articles.map((item) => item.id));
      expect(documents).toBe(3);
      // Page 3, the newest full one, is also published on its own; page 4 is not full.
      expect((await app.request(`${folder}/archive/3/feed.json`, {}, env)).status).toBe(200);
      expect((await app.request(`${folder}/archive/4/feed.json`, {}, env)).status).toBe(404);
    }
  });

  it("a second isolate takes archive and subscription documents from the Cache API, headers included", async () => {
    const namespace = `regression-${crypto.randomUUID()}`;
    const sharedCache = () => createCacheApiStore(caches.default, namespace);
    const paths = ["/feed.xml", "/atom.xml", "/archive/1/atom.xml", "/archive/2/feed.xml", "/tags/boundary/"];
    const first = createApp({ storeFor: () => createMemoryStore(content), sharedCache });
    const { pending, ctx: context } = ctx();
    const built = new Map<string, { body: string; headers: [string, string][] }>();
    for (const path of paths) {
      const response = await first.request(path, {}, env, context);
      built.set(path, { body: await response.text(), headers: [...response.headers] });
    }
    await Promise.all(pending);
    let reads = 0;
    const store = createMemoryStore(content);
    const second = createApp({
      storeFor: () => ({
        ...store,
        getArticleHtml(view, slug) {
          reads++;
          return store.getArticleHtml(view, slug);
        },
      }),
      sharedCache,
    });
    for (const path of paths) {
      const response = await second.request(path, {}, env);
      expect([...response.headers], path).toEqual(built.get(path)?.headers);
      expect(await response.text(), path).toBe(built.get(path)?.body);
    }
    expect(reads).toBe(0);
    expect(built.get("/archive/1/atom.xml")?.headers.find(([name]) => name === "link")?.[1]).toContain(
      `<${origin}/archive/1/atom.xml>; rel="self"`,
    );
  });

  it("an archive page's 304 keeps its week-long caching, Last-Modified and Link", async () => {
    const app = createApp({ storeFor: () => createMemoryStore(content) });
    const full = await app.request("/archive/2/feed.xml", {}, env);
    await full.arrayBuffer();
    expect(full.headers.get("cache-control")).toBe("public, max-age=604800, stale-while-revalidate=86400");
    const response = await app.request(
      "/archive/2/feed.xml",
      { headers: { "If-None-Match": full.headers.get("etag") ?? "" } },
      env,
    );
    expect(response.status).toBe(304);
    for (const name of ["etag", "cache-control", "vary", "last-modified", "link"]) {
      expect(response.headers.get(name), name).toBe(full.headers.get(name));
      expect(full.headers.get(name), name).not.toBeNull();
    }
  });
});
