import { describe, expect, it } from "vitest";
import { resolveSiteConfig } from "../../src/config/site";
import { compareNewestFirst, newestUpdate } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { standardFormats } from "../../src/feeds/formats";
import { createSite } from "../../src/site/published";
import { type ContentView, MissingBodyError } from "../../src/store/content-store";
import { createMemoryStore } from "../../src/store/memory-store";

const all = { generation: 1, before: undefined };

function article(slug: string, published: string, extra: Partial<Article> = {}): Article {
  return {
    id: `tag:news.example.com,2025:${slug}`,
    slug,
    title: `Title of ${slug}`,
    summary: `Summary of ${slug}`,
    published,
    updated: published,
    authors: [],
    section: "World",
    tags: [],
    highlights: [],
    formerSlugs: [],
    shortCode: slug.padEnd(8, "0").slice(0, 8),
    html: `<p>Body of ${slug}</p>`,
    ...extra,
  };
}

describe("compareNewestFirst", () => {
  const at = (published: string, id: string) => ({ published, id });

  it("puts the later publication first", () => {
    expect(compareNewestFirst(at("2025-03-02T00:00:00Z", "a"), at("2025-03-01T00:00:00Z", "b"))).toBe(-1);
    expect(compareNewestFirst(at("2025-03-01T00:00:00Z", "a"), at("2025-03-02T00:00:00Z", "b"))).toBe(1);
  });

  it("breaks a tie by id, so that the order is total", () => {
    const same = "2025-03-01T00:00:00Z";
    expect(compareNewestFirst(at(same, "a"), at(same, "b"))).toBe(-1);
    expect(compareNewestFirst(at(same, "b"), at(same, "a"))).toBe(1);
    expect(compareNewestFirst(at(same, "a"), at(same, "a"))).toBe(0);
  });

  it("sorts any input into the same order", () => {
    const items = [
      at("2025-03-01T00:00:00Z", "c"),
      at("2025-03-03T00:00:00Z", "z"),
      at("2025-03-01T00:00:00Z", "a"),
      at("2025-03-02T00:00:00Z", "m"),
      at("2025-03-01T00:00:00Z", "b"),
    ];
    const expected = ["z", "m", "a", "b", "c"];
    expect([...items].sort(compareNewestFirst).map((item) => item.id)).toEqual(expected);
    expect(
      [...items]
        .reverse()
        .sort(compareNewestFirst)
        .map((item) => item.id),
    ).toEqual(expected);
  });
});

describe("createMemoryStore", () => {
  const content = {
    version: "0123456789abcdef",
    articles: [article("newer", "2025-03-02T00:00:00Z"), article("older", "2025-03-01T00:00:00Z")],
  };

  it("carries the content version in its snapshot", async () => {
    const snapshot = await createMemoryStore(content).snapshot(Date.parse("2026-01-01T00:00:00Z"));
    expect(snapshot).toEqual({ version: "0123456789abcdef", generation: 1, upcoming: [] });
  });

  it("lists every article's metadata, in order, without the body", async () => {
    const list = await createMemoryStore(content).newest(all, { kind: "site" }, 10);
    expect(list.map((meta) => meta.slug)).toEqual(["newer", "older"]);
    const { html: _html, ...meta } = article("newer", "2025-03-02T00:00:00Z");
    expect(list[0]).toStrictEqual(meta);
    for (const item of list) expect("html" in item).toBe(false);
  });

  it("fetches a body by slug, and refuses an unknown slug", async () => {
    const store = createMemoryStore(content);
    expect(await store.getArticleHtml(all, "older")).toBe("<p>Body of older</p>");
    expect(await store.getArticleHtml(all, "newer")).toBe("<p>Body of newer</p>");
    await expect(store.getArticleHtml(all, "missing")).rejects.toBeInstanceOf(MissingBodyError);
  });

  it("is empty for empty content", async () => {
    const store = createMemoryStore({ version: "v", articles: [] });
    expect(await store.newest(all, { kind: "site" }, 10)).toEqual([]);
    expect(await store.count(all, { kind: "site" })).toBe(0);
    await expect(store.getArticleHtml(all, "anything")).rejects.toBeInstanceOf(MissingBodyError);
  });
});

describe("newestUpdate", () => {
  it("is undefined without articles", () => {
    expect(newestUpdate([])).toBeUndefined();
  });

  it("is the only update of one article", () => {
    expect(newestUpdate([{ updated: "2025-03-01T00:00:00Z" }])).toBe("2025-03-01T00:00:00Z");
  });

  it("is the newest update wherever it is in the list", () => {
    const newest = "2025-03-05T00:00:00Z";
    for (const dates of [
      [newest, "2025-03-02T00:00:00Z", "2025-03-01T00:00:00Z"],
      ["2025-03-02T00:00:00Z", newest, "2025-03-01T00:00:00Z"],
      ["2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", newest],
    ]) {
      expect(newestUpdate(dates.map((updated) => ({ updated })))).toBe(newest);
    }
  });
});

describe("scheduling: the snapshot's upcoming publications and the moment's next one", () => {
  const now = Date.parse("2025-03-01T12:00:00Z");
  const articles = [
    article("in-two-hours", "2025-03-01T14:00:00Z"),
    article("in-a-second", "2025-03-01T12:00:01Z"),
    article("now", "2025-03-01T12:00:00Z"),
    article("an-hour-ago", "2025-03-01T11:00:00Z"),
  ];
  const content = { version: "v", articles };
  const upcoming = async (list: ReturnType<typeof article>[], at: number) =>
    (await createMemoryStore({ version: "v", articles: list }).snapshot(at)).upcoming;

  it("lists the publications still in the future, soonest first", async () => {
    expect(await upcoming(articles, now)).toEqual(["2025-03-01T12:00:01Z", "2025-03-01T14:00:00Z"]);
  });

  it("treats an article due exactly now as published", async () => {
    expect(await upcoming(articles.slice(2), now)).toEqual([]);
    expect(await upcoming(articles, Date.parse("2025-03-01T12:00:01Z"))).toEqual(["2025-03-01T14:00:00Z"]);
  });

  it("is empty when everything is published, and every article when nothing is", async () => {
    expect(await upcoming(articles, Date.parse("2025-03-02T00:00:00Z"))).toEqual([]);
    expect(await upcoming(articles, Date.parse("2025-03-01T00:00:00Z"))).toHaveLength(4);
    expect(await upcoming([], now)).toEqual([]);
  });

  it("hides what is not yet due from every query, and shows it at its time", async () => {
    const site = createSite(
      resolveSiteConfig({ SITE_ORIGIN: "https://news.example.com" }),
      standardFormats,
      createMemoryStore(content),
      {
        snapshotMaxAgeMs: 60_000,
      },
    );
    const before = await site.momentAt(now);
    expect(before.nextPublication).toBe("2025-03-01T12:00:01Z");
    expect((await site.store.newest(before.view, { kind: "site" }, 10)).map((a) => a.slug)).toEqual([
      "now",
      "an-hour-ago",
    ]);
    expect((await before.catalog.article("in-a-second")).kind).toBe("none");
    // The snapshot is kept for a minute, yet the schedule moves on with the clock.
    const later = await site.momentAt(Date.parse("2025-03-01T12:00:01Z"));
    expect(later.nextPublication).toBe("2025-03-01T14:00:00Z");
    expect(later.state).not.toBe(before.state);
    expect((await later.catalog.article("in-a-second")).kind).toBe("article");
    expect((await site.momentAt(Date.parse("2025-03-01T15:00:00Z"))).nextPublication).toBeUndefined();
  });
});

describe("the sitemap queries of the memory store", () => {
  // Six articles an hour apart, the fifth edited later, the newest two scheduled (visible only in `all`).
  const articles = [
    article("f", "2025-03-01T15:00:00Z", { tags: ["Later"] }),
    article("e", "2025-03-01T14:00:00Z"),
    article("d", "2025-03-01T13:00:00Z", { updated: "2025-03-09T00:00:00Z", tags: ["Iran"] }),
    article("c", "2025-03-01T12:00:00Z", { tags: ["Iran", "iran"] }),
    article("b", "2025-03-01T11:00:00Z"),
    article("a", "2025-03-01T10:00:00Z", { section: "Sport" }),
  ];
  const store = createMemoryStore({ version: "v", articles });
  const untilD = { generation: 1, before: "2025-03-01T14:00:00Z" };

  it("updatesFromOldest: positions from the oldest, oldest first, slug and update only", async () => {
    expect(await store.updatesFromOldest(all, 0, 2)).toEqual([
      { slug: "a", updated: "2025-03-01T10:00:00Z" },
      { slug: "b", updated: "2025-03-01T11:00:00Z" },
    ]);
    expect((await store.updatesFromOldest(all, 2, 3)).map((entry) => entry.slug)).toEqual(["c", "d", "e"]);
    expect((await store.updatesFromOldest(untilD, 2, 3)).map((entry) => entry.slug)).toEqual(["c", "d"]);
    expect(await store.updatesFromOldest(all, 6, 3)).toEqual([]);
    expect(await store.updatesFromOldest(all, 99, 3)).toEqual([]);
  });

  it("newestUpdatePerPage: the newest update of each run counted from the oldest", async () => {
    expect(await store.newestUpdatePerPage(all, 2)).toEqual([
      "2025-03-01T11:00:00Z",
      "2025-03-09T00:00:00Z",
      "2025-03-01T15:00:00Z",
    ]);
    expect(await store.newestUpdatePerPage(all, 4)).toEqual(["2025-03-09T00:00:00Z", "2025-03-01T15:00:00Z"]);
    expect(await store.newestUpdatePerPage(untilD, 3)).toEqual([
      "2025-03-01T12:00:00Z",
      "2025-03-09T00:00:00Z",
    ]);
    expect(await store.newestUpdatePerPage(all, 6)).toEqual(["2025-03-09T00:00:00Z"]);
    expect(await createMemoryStore({ version: "v", articles: [] }).newestUpdatePerPage(all, 2)).toEqual([]);
  });

  it("newestUpdatePerFamily: every family with an article visible, by slug", async () => {
    expect(await store.newestUpdatePerFamily(all, "tag")).toEqual([
      { slug: "iran", updated: "2025-03-09T00:00:00Z" },
      { slug: "later", updated: "2025-03-01T15:00:00Z" },
    ]);
    expect(await store.newestUpdatePerFamily(untilD, "tag")).toEqual([
      { slug: "iran", updated: "2025-03-09T00:00:00Z" },
    ]);
    expect(await store.newestUpdatePerFamily(untilD, "section")).toEqual([
      { slug: "sport", updated: "2025-03-01T10:00:00Z" },
      { slug: "world", updated: "2025-03-09T00:00:00Z" },
    ]);
  });

  it("publishedAfter: strictly after the moment, newest first, at most `limit`", async () => {
    const slugs = async (view: ContentView, after: string, limit: number) =>
      (await store.publishedAfter(view, after, limit)).map((meta) => meta.slug);
    expect(await slugs(all, "2025-03-01T12:00:00Z", 10)).toEqual(["f", "e", "d"]);
    expect(await slugs(all, "2025-03-01T11:59:59Z", 10)).toEqual(["f", "e", "d", "c"]);
    expect(await slugs(all, "2025-03-01T00:00:00Z", 2)).toEqual(["f", "e"]);
    expect(await slugs(untilD, "2025-03-01T10:00:00Z", 10)).toEqual(["d", "c", "b"]);
    expect(await slugs(all, "2025-03-01T15:00:00Z", 10)).toEqual([]);
    const [newest] = await store.publishedAfter(all, "2025-03-01T00:00:00Z", 1);
    const { html: _html, ...meta } = articles[0] as Article;
    expect(newest).toStrictEqual(meta);
  });
});
