/**
 * The D1 store in workerd, against migrations/ as `wrangler d1 migrations apply` sees them: it
 * answers every address exactly as the in-memory reference store does (before, between and after
 * scheduled publications), publishing is all-or-nothing for readers, writes only what changed, and
 * an edit changes only the documents that show the edited article.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import { retractedOf } from "../../src/content/retracted";
import type { Article } from "../../src/content/schema";
import { createApp } from "../../src/http/app";
import type { ContentStore, ContentView } from "../../src/store/content-store";
import { d1Target, publishContent, type SqlTarget } from "../../src/store/d1-publish";
import { createD1Store } from "../../src/store/d1-store";
import { createMemoryStore } from "../../src/store/memory-store";

const origin = "http://localhost:8787";
const T = Date.UTC(2025, 5, 1, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function article(index: number, publishedMs: number, overrides: Partial<Article> = {}): Article {
  const stamp = iso(publishedMs);
  return {
    id: `tag:news.example.com,2025:d${index}`,
    slug: `d-${index}`,
    title: `D1 story ${index}`,
    summary: `Summary ${index}.`,
    published: stamp,
    updated: stamp,
    authors: index % 3 === 0 ? [] : [index % 2 === 0 ? "Ann Lee" : "José Díaz"],
    section: index % 2 === 0 ? "World" : "Middle East",
    tags: index % 4 === 0 ? ["Iran", "iran", "+++"] : ["Talks"],
    highlights: [],
    formerSlugs: index === 2 ? ["old-d-2"] : [],
    shortCode: `d${String(index).padStart(7, "0")}`,
    html: `<p>Body ${index}.</p>`,
    ...overrides,
  };
}

/** Newest first, as the build step orders them. */
function content(version: string, articles: Article[]): BuiltContent {
  return {
    version,
    articles: [...articles].sort((a, b) =>
      a.published !== b.published ? (a.published < b.published ? 1 : -1) : a.id < b.id ? -1 : 1,
    ),
  };
}

const hour = 3_600_000;
// 23 published articles an hour apart, then two scheduled after T.
const base = Array.from({ length: 23 }, (_, i) => article(i + 1, T - (23 - i) * hour));
const scheduled = [
  article(24, T + 100_000, { tags: ["Eclipse"] }),
  article(25, T + 300_000, { tags: ["Iran"] }),
];
const corpus = content("corpus-1", [...base, ...scheduled]);

/**
 * Each test publishes into a database of its own: an article published before and missing from the
 * content now would be retracted (its place kept, its address 410), which the memory store built from
 * that content alone does not know of.
 */
beforeEach(async () => {
  const tables = [
    "publication",
    "publishing",
    "bodies",
    "articles",
    "memberships",
    "feed_counts",
    "former_slugs",
    "removed",
  ];
  await env.DB.batch(tables.map((table) => env.DB.prepare(`DELETE FROM ${table}`)));
});

function d1App(now: () => number) {
  return createApp({
    storeFor: (bindings) => {
      if (!bindings.DB) throw new Error("no DB");
      return createD1Store(bindings.DB);
    },
    now,
  });
}

const bindings = { SITE_ORIGIN: origin, DB: env.DB, CONTENT_CHECK_SECONDS: "0" };
type App = ReturnType<typeof d1App>;

async function answer(app: App, path: string, headers: Record<string, string> = {}) {
  const response = await app.request(path, { headers }, bindings);
  return { status: response.status, headers: [...response.headers], body: await response.text() };
}

async function etagOf(app: App, path: string): Promise<string | null> {
  const response = await app.request(path, {}, bindings);
  await response.arrayBuffer();
  expect(response.status, path).toBe(200);
  return response.headers.get("etag");
}

/** Every address a reader can reach in `built`, plus some that answer 301, 404 or 410. */
function addresses(built: BuiltContent): string[] {
  const paths = ["/", "/feeds", "/feeds.opml", "/tags/IRAN/", "/tags/nowhere/feed.xml", "/articles/old-d-2"];
  const folders = [
    "",
    "/sections/world",
    "/sections/middle-east",
    "/tags/iran",
    "/tags/talks",
    "/tags/eclipse",
  ];
  folders.push("/authors/ann-lee", "/authors/jose-diaz", "/authors/meridian-dispatch-staff");
  for (const folder of folders) {
    if (folder) paths.push(`${folder}/`);
    for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
      paths.push(`${folder}/${file}`);
      for (let page = 1; page <= 3; page++) paths.push(`${folder}/archive/${page}/${file}`);
    }
  }
  for (const item of built.articles) paths.push(`/articles/${item.slug}`, `/s/${item.shortCode}`);
  paths.push("/sitemap.xml", "/sitemap-articles-1.xml", "/sitemap-listings-1.xml", "/news-sitemap.xml");
  return paths;
}

describe("the D1 store answers as the memory store does", () => {
  it.each([
    ["before any scheduled article", T],
    ["after the first", T + 100_000],
    ["after both", T + 300_000],
  ])("%s", { timeout: 60_000 }, async (_label, now) => {
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    const fromD1 = d1App(() => now);
    const fromMemory = createApp({ storeFor: () => createMemoryStore(corpus), now: () => now });
    for (const path of addresses(corpus)) {
      const variants: Record<string, string>[] = [
        {},
        { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" },
      ];
      for (const headers of variants) {
        expect(await answer(fromD1, path, headers), path).toEqual(await answer(fromMemory, path, headers));
      }
    }
  });
});

describe("publishing", () => {
  const edited = content("corpus-2", [
    ...base
      .slice(1)
      .map((item) => (item.slug === "d-10" ? { ...item, title: "D1 story 10, corrected" } : item)),
    ...scheduled,
    article(30, T - 30 * 60_000, { tags: ["New tag"] }),
  ]);
  const watched = [
    "/feed.xml",
    "/atom.xml",
    "/tags/new-tag/feed.json",
    "/articles/d-1",
    "/articles/d-10",
    "/archive/1/feed.json",
  ];

  it("an interrupted publish leaves readers the previous state; finishing it switches at once", async () => {
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    const app = d1App(() => T);
    const before = await Promise.all(watched.map((path) => answer(app, path)));
    let calls = 0;
    const real = d1Target(env.DB);
    const failing: SqlTarget = {
      query: real.query,
      async execute(statements) {
        // The cleanup, then one batch of the new generation's rows; the next batch never lands.
        if (++calls > 2) throw new Error("connection lost");
        return real.execute(statements);
      },
    };
    await expect(publishContent(failing, edited, { ...siteSettings, batchSize: 5 })).rejects.toThrow(
      "connection lost",
    );
    expect(calls).toBe(3);
    expect(await Promise.all(watched.map((path) => answer(app, path)))).toEqual(before);

    const report = await publishContent(real, edited, { ...siteSettings, now: new Date(T) });
    expect(report.added).toEqual(["d-30"]);
    expect(report.changed).toEqual(["d-10"]);
    expect(report.removed).toEqual(["d-1"]);
    expect((await answer(app, "/articles/d-1")).status).toBe(410);
    expect((await answer(app, "/articles/d-10")).body).toContain("D1 story 10, corrected");
    expect((await answer(app, "/tags/new-tag/feed.json")).status).toBe(200);
    // d-1's file is gone: it is retracted, with no reason, at the time of that publish.
    const gone = retractedOf(base[0] as Article, { date: iso(T) });
    const memory = createApp({
      storeFor: () => createMemoryStore({ ...edited, retracted: [gone] }),
      now: () => T,
    });
    for (const path of addresses(edited)) {
      expect(await answer(app, path), path).toEqual(await answer(memory, path));
    }
  });

  it("publishing the same content again writes nothing", async () => {
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    const again = await publishContent(d1Target(env.DB), corpus, siteSettings);
    expect(again).toMatchObject({ added: [], changed: [], removed: [], unchanged: 25, rowsWritten: 0 });
  });

  it("a removed article answers 410 until it comes back", async () => {
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    const app = d1App(() => T);
    const without = content(
      "corpus-3",
      corpus.articles.filter((item) => item.slug !== "d-5"),
    );
    await publishContent(d1Target(env.DB), without, siteSettings);
    expect((await answer(app, "/articles/d-5")).status).toBe(410);
    expect((await answer(app, "/feed.json")).body).not.toContain("D1 story 5<");
    await publishContent(d1Target(env.DB), corpus, siteSettings);
    expect((await answer(app, "/articles/d-5")).status).toBe(200);
  });
});

describe("an edit changes only the documents that show the edited article", () => {
  // 35 articles: full archive pages 1–3 of 10; the subscription document holds page 3 and the 5 newest.
  const many = Array.from({ length: 35 }, (_, i) => article(i + 1, T - (35 - i) * hour, { tags: ["Talks"] }));
  const all = content("many-1", many);
  const edit = (slug: string, version: string) =>
    content(
      version,
      many.map((item) => (item.slug === slug ? { ...item, summary: `${item.summary} Updated.` } : item)),
    );
  const documents = [1, 2, 3].flatMap((page) =>
    ["feed.xml", "atom.xml", "feed.json"].map((file) => `/archive/${page}/${file}`),
  );

  it("editing the newest article leaves every full archive page's ETag unchanged", async () => {
    await publishContent(d1Target(env.DB), all, siteSettings);
    const app = d1App(() => T);
    const before = new Map(
      await Promise.all(documents.map(async (path) => [path, await etagOf(app, path)] as const)),
    );
    const feedBefore = await etagOf(app, "/feed.xml");
    const oldestPage = await etagOf(app, "/articles/d-1");
    await publishContent(d1Target(env.DB), edit("d-35", "many-2"), siteSettings);
    for (const path of documents) expect(await etagOf(app, path), path).toBe(before.get(path));
    expect(await etagOf(app, "/feed.xml")).not.toBe(feedBefore);
    expect(await etagOf(app, "/articles/d-1")).toBe(oldestPage);
  });

  it("editing an article of archive page 1 changes page 1 only", async () => {
    await publishContent(d1Target(env.DB), all, siteSettings);
    const app = d1App(() => T);
    const before = new Map(
      await Promise.all(documents.map(async (path) => [path, await etagOf(app, path)] as const)),
    );
    const feedBefore = await etagOf(app, "/feed.xml");
    await publishContent(d1Target(env.DB), edit("d-3", "many-3"), siteSettings);
    for (const path of documents) {
      const changed = (await etagOf(app, path)) !== before.get(path);
      expect(changed, path).toBe(path.startsWith("/archive/1/"));
    }
    expect(await etagOf(app, "/feed.xml")).toBe(feedBefore);
  });
});

describe("the sitemap queries answer as the memory store's", () => {
  /** The same moment seen through each store: D1 names its generation, the memory store has one. */
  async function views(store: ContentStore, now: number): Promise<ContentView> {
    const { generation, upcoming } = await store.snapshot(now);
    return { generation, before: upcoming.find((published) => Date.parse(published) > now) };
  }

  const edited = content("corpus-4", [
    ...base.map((item) =>
      item.slug === "d-4" ? { ...item, updated: iso(T + 9 * hour), tags: ["Iran", "Later"] } : item,
    ),
    ...scheduled,
  ]);

  it.each([
    ["before any scheduled article", T],
    ["after the first", T + 100_000],
    ["after both", T + 300_000],
  ])("%s", { timeout: 60_000 }, async (_label, now) => {
    await publishContent(d1Target(env.DB), edited, siteSettings);
    const d1 = createD1Store(env.DB);
    const memory = createMemoryStore(edited);
    const [d1View, memoryView] = [await views(d1, now), await views(memory, now)];
    const both = async <T>(ask: (store: ContentStore, view: ContentView) => Promise<T>) => {
      const [fromD1, fromMemory] = [await ask(d1, d1View), await ask(memory, memoryView)];
      expect(fromD1).toEqual(fromMemory);
      return fromD1;
    };
    for (const [offset, limit] of [
      [0, 10],
      [0, 100],
      [10, 10],
      [20, 10],
      [24, 10],
      [25, 10],
      [3, 1],
    ] as const) {
      await both((store, view) => store.updatesFromOldest(view, offset, limit));
    }
    for (const size of [1, 2, 3, 10, 23, 24, 25, 100]) {
      await both((store, view) => store.newestUpdatePerPage(view, size));
    }
    for (const kind of ["section", "tag", "author"] as const) {
      expect((await both((store, view) => store.newestUpdatePerFamily(view, kind))).length).toBeGreaterThan(
        0,
      );
    }
    for (const hoursAgo of [0, 1, 5, 23, 30]) {
      for (const limit of [1, 3, 1000]) {
        await both((store, view) => store.publishedAfter(view, iso(T - hoursAgo * hour), limit));
      }
    }
    // The edit shows: d-4, the fourth oldest, lifts page 1 of 10 to its later update.
    expect((await both((store, view) => store.newestUpdatePerPage(view, 10)))[0]).toBe(iso(T + 9 * hour));
  });
});
