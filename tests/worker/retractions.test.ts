/**
 * Corrections and retractions in workerd, on D1 as `wrangler d1 migrations apply` leaves it
 * (migration 0007): the D1 store answers every address exactly as the memory store does, with
 * retracted articles and removed files, before and after a tombstone expires; publishing a
 * correction, a retraction or a removal writes what it must and nothing the second time; a
 * retracted address answers 410 for GET and HEAD with the pages' caching, also when replayed.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import { retractedOf } from "../../src/content/retracted";
import type { Article, RetractedArticle } from "../../src/content/schema";
import { createApp } from "../../src/http/app";
import { d1Target, publishContent } from "../../src/store/d1-publish";
import { createD1Store } from "../../src/store/d1-store";
import { createMemoryStore } from "../../src/store/memory-store";

const origin = "http://localhost:8787";
const T = Date.UTC(2025, 5, 1, 12, 0, 0);
const hour = 3_600_000;
const day = 24 * hour;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function article(index: number, overrides: Partial<Article> = {}): Article {
  const stamp = iso(T - (30 - index) * hour);
  return {
    id: `tag:news.example.com,2025:r${index}`,
    slug: `r-${index}`,
    title: `Story ${index}`,
    summary: `Summary ${index}.`,
    published: stamp,
    updated: stamp,
    authors: index % 3 === 0 ? [] : ["Ann Lee"],
    section: index % 2 === 0 ? "World" : "Middle East",
    tags: index === 4 ? ["Talks", "Only four"] : ["Talks"],
    highlights: [],
    formerSlugs: index === 4 ? ["old-r-4"] : [],
    shortCode: `r${String(index).padStart(7, "0")}`,
    html: `<p>Text of story ${index}.</p>`,
    ...overrides,
  };
}

const newestFirst = <T extends { published: string; id: string }>(list: T[]) =>
  [...list].sort((a, b) =>
    a.published !== b.published ? (a.published < b.published ? 1 : -1) : a.id < b.id ? -1 : 1,
  );

function content(version: string, articles: Article[], retracted: RetractedArticle[] = []): BuiltContent {
  return {
    version,
    articles: newestFirst(articles),
    ...(retracted.length > 0 ? { retracted: newestFirst(retracted) } : {}),
  };
}

/** 25 stories an hour apart: two full archive pages of 10, and a subscription document of 15. */
const stories = Array.from({ length: 25 }, (_, i) => article(i + 1));
// After every story's publication (the newest is 5 hours before T).
const RETRACTED_AT = iso(T - 2 * hour);
const REASON = "The main claim was not true.";
const retracted = (index: number) => retractedOf(article(index), { date: RETRACTED_AT, reason: REASON });
/** What D1 keeps of an article whose file a publish at RETRACTED_AT found removed. */
const removed = (index: number) => retractedOf(article(index), { date: RETRACTED_AT });
const without = (...indexes: number[]) => stories.filter((_, i) => !indexes.includes(i + 1));

const bindings = { SITE_ORIGIN: origin, DB: env.DB, CONTENT_CHECK_SECONDS: "0" };

function d1App(now: () => number) {
  return createApp({
    storeFor: (b) => {
      if (!b.DB) throw new Error("no DB");
      return createD1Store(b.DB);
    },
    now,
  });
}
type App = ReturnType<typeof d1App>;

async function answer(app: App, path: string, init: RequestInit = {}) {
  const response = await app.request(path, init, bindings);
  return { status: response.status, headers: [...response.headers], body: await response.text() };
}

const navigation = { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", Accept: "text/html" };

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

/** Every document a reader can reach, and the addresses of what was taken down. */
function addresses(): string[] {
  const paths = [
    "/",
    "/feeds",
    "/feeds.opml",
    "/tags/only-four/",
    "/articles/old-r-4",
    "/articles/never-was",
  ];
  for (const folder of [
    "",
    "/sections/world",
    "/sections/middle-east",
    "/tags/talks",
    "/tags/only-four",
    "/authors/ann-lee",
  ]) {
    if (folder) paths.push(`${folder}/`);
    for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
      paths.push(`${folder}/${file}`);
      for (const page of [1, 2]) paths.push(`${folder}/archive/${page}/${file}`);
    }
  }
  for (const item of stories) paths.push(`/articles/${item.slug}`, `/s/${item.shortCode}`);
  paths.push("/sitemap.xml", "/sitemap-articles-1.xml", "/sitemap-listings-1.xml", "/news-sitemap.xml");
  return paths;
}

describe("the D1 store answers as the memory store does, with retracted and removed articles", () => {
  it.each([
    ["while the tombstones last", T],
    ["a second before the first expires", Date.parse(RETRACTED_AT) + 30 * day - 1000],
    ["once they have expired", Date.parse(RETRACTED_AT) + 30 * day],
  ])("%s", { timeout: 120_000 }, async (_label, now) => {
    // Story 4 is retracted by its front matter; story 9's file is removed by the second publish.
    const first = content("c-1", without(4), [retracted(4)]);
    await publishContent(d1Target(env.DB), first, { ...siteSettings, now: new Date(T - 3 * hour) });
    const second = content("c-2", without(4, 9), [retracted(4)]);
    const report = await publishContent(d1Target(env.DB), second, {
      ...siteSettings,
      now: new Date(RETRACTED_AT),
    });
    expect(report.removed).toEqual(["r-9"]);
    const memoryContent = content("c-2", without(4, 9), [retracted(4), removed(9)]);
    const fromD1 = d1App(() => now);
    const fromMemory = createApp({ storeFor: () => createMemoryStore(memoryContent), now: () => now });
    for (const path of addresses()) {
      for (const init of [{}, { headers: navigation }, { method: "HEAD" }]) {
        expect(await answer(fromD1, path, init), path).toEqual(await answer(fromMemory, path, init));
      }
    }
    const atom = (await answer(fromD1, "/atom.xml")).body;
    expect(atom.includes("<at:deleted-entry"), "tombstones").toBe(now < Date.parse(RETRACTED_AT) + 30 * day);
  });
});

describe("publishing corrections, retractions and removals into D1", () => {
  const all = content("all", stories);

  it("a retraction: reported with its feeds, 410 for GET and HEAD at each address, then nothing to write", async () => {
    await publishContent(d1Target(env.DB), all, siteSettings);
    const app = d1App(() => T);
    const report = await publishContent(
      d1Target(env.DB),
      content("r", without(4), [retracted(4)]),
      siteSettings,
    );
    expect(report).toMatchObject({ added: [], changed: [], removed: [], unchanged: 24 });
    expect(report.retracted).toEqual([
      {
        slug: "r-4",
        id: "tag:news.example.com,2025:r4",
        feeds: [
          { kind: "site" },
          { kind: "section", slug: "world" },
          { kind: "tag", slug: "talks" },
          { kind: "tag", slug: "only-four" },
          { kind: "author", slug: "ann-lee" },
        ],
      },
    ]);
    for (const path of ["/articles/r-4", "/articles/old-r-4", "/s/r0000004"]) {
      for (const method of ["GET", "HEAD"]) {
        const response = await answer(app, path, { method });
        expect(response.status, `${method} ${path}`).toBe(410);
        expect(new Map(response.headers).get("cache-control")).toBe(
          "public, max-age=300, stale-while-revalidate=600",
        );
        if (method === "HEAD") expect(response.body).toBe("");
        else
          expect(response.body).toMatch(/^Retracted: Story 4\n.*\nReason: The main claim was not true\.\n/);
      }
    }
    expect((await answer(app, "/feed.json")).body).not.toContain("/articles/r-4");
    expect((await answer(app, "/atom.xml")).body).toContain(
      '<at:deleted-entry ref="tag:news.example.com,2025:r4"',
    );
    const again = await publishContent(
      d1Target(env.DB),
      content("r", without(4), [retracted(4)]),
      siteSettings,
    );
    expect(again).toMatchObject({
      added: [],
      changed: [],
      removed: [],
      retracted: [],
      unchanged: 25,
      rowsWritten: 0,
    });
  });

  it("a correction moves updated in every format and is in the content; the same content again writes nothing", async () => {
    await publishContent(d1Target(env.DB), all, siteSettings);
    const app = d1App(() => T);
    const corrected = {
      ...article(25),
      updated: iso(T - hour / 2),
      corrections: [{ date: iso(T - hour / 2), text: "The venue was Doha." }],
      html: `<p>Text of story 25.</p>\n<hr>\n<p class="correction"><strong>Correction</strong> The venue was Doha.</p>`,
    };
    const edited = content("corrected", [...without(25), corrected]);
    expect((await publishContent(d1Target(env.DB), edited, siteSettings)).changed).toEqual(["r-25"]);
    const rss = (await answer(app, "/feed.xml")).body;
    expect(rss).toContain(`<atom:updated>${iso(T - hour / 2)}</atom:updated>`);
    const atom = (await answer(app, "/atom.xml")).body;
    expect(atom).toContain(`<updated>${iso(T - hour / 2)}</updated>`);
    const json = JSON.parse((await answer(app, "/feed.json")).body);
    expect(json.items[0].date_modified).toBe(iso(T - hour / 2));
    expect(json.items[0].content_html).toContain("The venue was Doha.");
    expect(json.items[0]._news.corrections).toEqual(corrected.corrections);
    expect((await answer(app, "/articles/r-25")).body).toContain("The venue was Doha.");
    expect((await publishContent(d1Target(env.DB), edited, siteSettings)).rowsWritten).toBe(0);
  });

  it("a published file removed: 410 with no reason; a scheduled one removed before it was due, and a draft: 404", async () => {
    const scheduled = article(30, { published: iso(T + day), updated: iso(T + day) });
    await publishContent(d1Target(env.DB), content("s", [...stories, scheduled]), {
      ...siteSettings,
      now: new Date(T),
    });
    const app = d1App(() => T);
    const report = await publishContent(d1Target(env.DB), content("gone", without(7)), {
      ...siteSettings,
      now: new Date(T),
    });
    expect([...report.removed].sort()).toEqual(["r-30", "r-7"]);
    expect(report.retracted.map((entry) => entry.slug)).toEqual(["r-7"]);
    const gone = await answer(app, "/articles/r-7");
    expect(gone.status).toBe(410);
    expect(gone.body).toMatch(
      /^Removed: Story 7\nThis article was removed on .* \(2025-06-01T12:00:00Z\)\.\n\n/,
    );
    expect((await answer(app, "/atom.xml")).body).toContain(
      '<at:deleted-entry ref="tag:news.example.com,2025:r7" when="2025-06-01T12:00:00Z"/>',
    );
    // Never seen by a reader: it simply goes.
    expect((await answer(app, "/articles/r-30")).status).toBe(404);
    expect((await answer(app, "/s/r0000030")).status).toBe(404);
    // A draft is never published, so there is nothing to remove.
    expect((await answer(app, "/articles/a-draft")).status).toBe(404);
    expect(
      (await publishContent(d1Target(env.DB), content("gone", without(7)), siteSettings)).rowsWritten,
    ).toBe(0);
  });

  it("a retracted article whose file is then removed stays retracted, reason and all; one published again comes back", async () => {
    await publishContent(d1Target(env.DB), content("r", without(4), [retracted(4)]), siteSettings);
    const app = d1App(() => T);
    const report = await publishContent(d1Target(env.DB), content("r2", without(4)), siteSettings);
    expect(report).toMatchObject({ removed: [], retracted: [], rowsWritten: 0 });
    expect((await answer(app, "/articles/r-4")).body).toContain(`Reason: ${REASON}`);
    const back = await publishContent(d1Target(env.DB), all, siteSettings);
    expect(back.changed).toEqual(["r-4"]);
    expect((await answer(app, "/articles/r-4")).status).toBe(200);
    expect((await answer(app, "/tags/only-four/")).status).toBe(200);
    expect((await answer(app, "/atom.xml")).body).not.toContain("deleted-entry");
  });

  it("the archive rule: a retraction changes the one archive page that held the article", async () => {
    await publishContent(d1Target(env.DB), all, siteSettings);
    const app = d1App(() => T);
    const pages = [1, 2].flatMap((page) =>
      ["feed.xml", "atom.xml", "feed.json"].map((file) => `/archive/${page}/${file}`),
    );
    const etags = async () =>
      new Map(
        await Promise.all(
          pages.map(async (path) => [path, new Map((await answer(app, path)).headers).get("etag")] as const),
        ),
      );
    const before = await etags();
    await publishContent(d1Target(env.DB), content("r", without(4), [retracted(4)]), siteSettings);
    const after = await etags();
    for (const path of pages)
      expect(after.get(path) !== before.get(path), path).toBe(path.startsWith("/archive/1/"));
    const page = JSON.parse((await answer(app, "/archive/1/feed.json")).body);
    expect(
      page.items.map((item: { id: string }) => item.id.replace("tag:news.example.com,2025:", "")),
    ).toEqual(["r10", "r9", "r8", "r7", "r6", "r5", "r3", "r2", "r1"]);
  });
});

describe("a 410 replayed", () => {
  it("is the routes' answer, its Cache-Control counting down to the next scheduled change", async () => {
    const scheduled = article(30, { published: iso(T + 100_000), updated: iso(T + 100_000) });
    const built = content("replay", [...without(4), scheduled], [retracted(4)]);
    const clock = { now: T, calls: 0 };
    const app = createApp({
      storeFor: () => createMemoryStore(built),
      now: () => {
        clock.calls += 1;
        return clock.now;
      },
    });
    // Isolates trust their snapshot for 5 s, as in production, so that answers are replayed.
    const replaying = { ...bindings, CONTENT_CHECK_SECONDS: "5" };
    const send = async (init: RequestInit = {}) => {
      const before = clock.calls;
      const response = await app.request(`${origin}/articles/r-4`, init, replaying);
      const body = await response.text();
      return {
        status: response.status,
        headers: [...response.headers].sort(),
        body,
        replayed: clock.calls - before === 1,
      };
    };
    // The environment's first request, elsewhere: from then on the replay is tried.
    await app.request(`${origin}/priming-request`, {}, replaying);
    const first = await send();
    expect(first.replayed).toBe(false);
    expect(new Map(first.headers).get("cache-control")).toBe("public, max-age=100");
    clock.now += 2000;
    const second = await send();
    expect(second.replayed).toBe(true);
    expect(new Map(second.headers).get("cache-control")).toBe("public, max-age=98");
    const head = await send({ method: "HEAD" });
    expect(head).toMatchObject({ status: 410, body: "", replayed: true });
    // A browser always takes the long way, to its page.
    const page = await send({ headers: navigation });
    expect(page.replayed).toBe(false);
    expect(page.body).toContain("<h1>Story 4</h1>");
  });
});
