import { beforeEach, describe, expect, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import type { Article } from "../../src/content/schema";
import type { ArticleLookup, ContentStore, ContentView, FeedRef } from "../../src/store/content-store";
import { createMemoryStore } from "../../src/store/memory-store";

/**
 * The bundled store's queries, each against what it must show: families grouped by slug and shown
 * under their newest spelling, archive windows counted from the oldest article, and scheduled
 * articles (published at or after the view's `before`) hidden from every answer.
 */

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
    shortCode: `code${slug}`.slice(0, 8).padEnd(8, "0"),
    html: `<p>Body of ${slug}</p>`,
    ...extra,
  };
}

// Newest first, as the build step orders them. "five" is the one a view before FIVE hides.
const FIVE = "2025-01-05T00:00:00Z";
const articles: Article[] = [
  article("five", FIVE, {
    section: "Middle East",
    tags: ["Gaza", "gaza", "!!!", "Breaking"],
    authors: ["Ann Lee"],
    formerSlugs: ["cinq"],
  }),
  article("four", "2025-01-04T00:00:00Z", {
    section: "World",
    tags: ["Égypt"],
    updated: "2025-01-09T00:00:00Z",
  }),
  article("three", "2025-01-03T00:00:00Z", {
    section: "middle east",
    tags: ["gaza", "Egypt"],
    authors: ["Ann Lee", "Bo Chan"],
  }),
  article("two", "2025-01-02T00:00:00Z", {
    section: "World",
    authors: ["bo chan"],
    formerSlugs: ["deux", "old-two"],
  }),
  article("one", "2025-01-01T00:00:00Z", { section: "Arts", tags: ["Zebra"] }),
];
const content = { version: "v1", articles };

const all: ContentView = { generation: 1, before: undefined };
const beforeFive: ContentView = { generation: 1, before: FIVE };
/** A view before any article: everything is scheduled. */
const beforeAll: ContentView = { generation: 1, before: "2024-01-01T00:00:00Z" };
const site: FeedRef = { kind: "site" };
const tag = (slug: string): FeedRef => ({ kind: "tag", slug });

/**
 * A fresh store for every test: its indexes are built on first use, so that each test builds them
 * again (and mutation testing counts every test that reads them as covering the code that builds them).
 */
let store: ContentStore;
beforeEach(() => {
  store = createMemoryStore(content, { defaultAuthor: "Desk Staff", removed: ["gone", "five", "old-two"] });
});
const slugs = (list: readonly { slug: string }[]) => list.map((item) => item.slug);

describe("memory store: feeds", () => {
  it("counts and lists the site's articles newest first, up to the limit", async () => {
    expect(await store.count(all, site)).toBe(5);
    expect(slugs(await store.newest(all, site, 10))).toEqual(["five", "four", "three", "two", "one"]);
    expect(slugs(await store.newest(all, site, 2))).toEqual(["five", "four"]);
    expect(await store.newest(all, site, 0)).toEqual([]);
  });

  it("lists a family's articles only, newest first", async () => {
    expect(slugs(await store.newest(all, tag("gaza"), 10))).toEqual(["five", "three"]);
    expect(slugs(await store.newest(all, tag("egypt"), 1))).toEqual(["four"]);
    expect(slugs(await store.newest(all, { kind: "section", slug: "middle-east" }, 10))).toEqual([
      "five",
      "three",
    ]);
    expect(slugs(await store.newest(all, { kind: "author", slug: "bo-chan" }, 10))).toEqual(["three", "two"]);
    expect(await store.count(all, tag("zebra"))).toBe(1);
  });

  it("has an empty feed for a family no article names", async () => {
    expect(await store.count(all, tag("nowhere"))).toBe(0);
    expect(await store.newest(all, tag("nowhere"), 10)).toEqual([]);
    expect(await store.fromOldest(all, tag("nowhere"), 0, 10)).toEqual({ articles: [], retracted: [] });
    expect(await store.latestUpdate(all, tag("nowhere"))).toBeUndefined();
  });

  it("files an article once under a family it names twice in different spellings", async () => {
    expect(await store.count(all, tag("gaza"))).toBe(2);
  });

  it("files no article under a name of punctuation only", async () => {
    expect(await store.count(all, tag(""))).toBe(0);
    expect((await store.families(all, "tag")).map((family) => family.slug)).not.toContain("");
  });

  it("credits articles that name no author to the default author given, else the site's", async () => {
    expect(slugs(await store.newest(all, { kind: "author", slug: "desk-staff" }, 10))).toEqual([
      "four",
      "one",
    ]);
    const plain = createMemoryStore(content);
    const siteDefault = { kind: "author", slug: "meridian-dispatch-staff" } as const;
    expect(siteSettings.defaultAuthor).toBe("Meridian Dispatch staff");
    expect(slugs(await plain.newest(all, siteDefault, 10))).toEqual(["four", "one"]);
    expect(await plain.count(all, { kind: "author", slug: "desk-staff" })).toBe(0);
  });

  it("gives the newest update among a feed's articles, which need not be the newest article's", async () => {
    expect(await store.latestUpdate(all, site)).toBe("2025-01-09T00:00:00Z");
    expect(await store.latestUpdate(all, tag("gaza"))).toBe(FIVE);
    expect(await store.latestUpdate(beforeFive, tag("gaza"))).toBe("2025-01-03T00:00:00Z");
    expect(await store.latestUpdate(beforeAll, site)).toBeUndefined();
  });
});

describe("memory store: archive windows (fromOldest)", () => {
  it("counts from the oldest article and lists each window newest first", async () => {
    expect(slugs((await store.fromOldest(all, site, 0, 2)).articles)).toEqual(["two", "one"]);
    expect(slugs((await store.fromOldest(all, site, 2, 2)).articles)).toEqual(["four", "three"]);
    expect(slugs((await store.fromOldest(all, site, 1, 3)).articles)).toEqual(["four", "three", "two"]);
  });

  it("stops at the newest article", async () => {
    expect(slugs((await store.fromOldest(all, site, 4, 2)).articles)).toEqual(["five"]);
    expect(slugs((await store.fromOldest(all, site, 3, 10)).articles)).toEqual(["five", "four"]);
  });

  it("is empty from the count on and beyond it", async () => {
    for (const offset of [5, 6, 7, 20]) {
      expect(await store.fromOldest(all, site, offset, 2)).toEqual({ articles: [], retracted: [] });
    }
  });

  it("keeps its windows when a scheduled article appears", async () => {
    expect(slugs((await store.fromOldest(beforeFive, site, 0, 2)).articles)).toEqual(["two", "one"]);
    expect(slugs((await store.fromOldest(beforeFive, site, 2, 2)).articles)).toEqual(["four", "three"]);
    expect(await store.fromOldest(beforeFive, site, 4, 2)).toEqual({ articles: [], retracted: [] });
  });

  it("works on a family's articles", async () => {
    expect(slugs((await store.fromOldest(all, tag("gaza"), 0, 1)).articles)).toEqual(["three"]);
    expect(slugs((await store.fromOldest(all, tag("gaza"), 1, 1)).articles)).toEqual(["five"]);
  });
});

describe("memory store: families", () => {
  it("lists every family of a kind by slug, each under its newest article's spelling, with its count", async () => {
    expect(await store.families(all, "tag")).toEqual([
      { kind: "tag", slug: "breaking", name: "Breaking", count: 1, places: 1 },
      { kind: "tag", slug: "egypt", name: "Égypt", count: 2, places: 2 },
      { kind: "tag", slug: "gaza", name: "Gaza", count: 2, places: 2 },
      { kind: "tag", slug: "zebra", name: "Zebra", count: 1, places: 1 },
    ]);
    expect(await store.families(all, "section")).toEqual([
      { kind: "section", slug: "arts", name: "Arts", count: 1, places: 1 },
      { kind: "section", slug: "middle-east", name: "Middle East", count: 2, places: 2 },
      { kind: "section", slug: "world", name: "World", count: 2, places: 2 },
    ]);
    expect(await store.families(all, "author")).toEqual([
      { kind: "author", slug: "ann-lee", name: "Ann Lee", count: 2, places: 2 },
      { kind: "author", slug: "bo-chan", name: "Bo Chan", count: 2, places: 2 },
      { kind: "author", slug: "desk-staff", name: "Desk Staff", count: 2, places: 2 },
    ]);
  });

  it("answers one family the same way", async () => {
    expect(await store.family(all, "tag", "gaza")).toEqual({
      kind: "tag",
      slug: "gaza",
      name: "Gaza",
      count: 2,
      places: 2,
    });
    expect(await store.family(all, "section", "arts")).toEqual({
      kind: "section",
      slug: "arts",
      name: "Arts",
      count: 1,
      places: 1,
    });
  });

  it("has no family for a slug no article names", async () => {
    expect(await store.family(all, "tag", "nowhere")).toBeUndefined();
    expect(await store.family(all, "tag", "")).toBeUndefined();
  });

  it("counts only visible articles, and names a family after its newest visible one", async () => {
    expect(await store.family(beforeFive, "tag", "gaza")).toEqual({
      kind: "tag",
      slug: "gaza",
      name: "gaza",
      count: 1,
      places: 1,
    });
    expect(await store.family(beforeFive, "section", "middle-east")).toEqual({
      kind: "section",
      slug: "middle-east",
      name: "middle east",
      count: 1,
      places: 1,
    });
  });

  it("hides a family whose every article is scheduled", async () => {
    expect(await store.family(beforeFive, "tag", "breaking")).toBeUndefined();
    expect((await store.families(beforeFive, "tag")).map((family) => family.slug)).toEqual([
      "egypt",
      "gaza",
      "zebra",
    ]);
    expect(await store.families(beforeAll, "tag")).toEqual([]);
  });
});

describe("memory store: scheduled articles", () => {
  it("hides articles published at or after the view's moment from every feed query", async () => {
    expect(await store.count(beforeFive, site)).toBe(4);
    expect(slugs(await store.newest(beforeFive, site, 2))).toEqual(["four", "three"]);
    expect(slugs(await store.newest(beforeFive, tag("gaza"), 10))).toEqual(["three"]);
    expect(await store.latestUpdate(beforeFive, site)).toBe("2025-01-09T00:00:00Z");
  });

  it("shows an article published just before the view's moment", async () => {
    const justAfterFive: ContentView = { generation: 1, before: "2025-01-05T00:00:01Z" };
    expect(await store.count(justAfterFive, site)).toBe(5);
    expect((await store.article(justAfterFive, "five")).kind).toBe("article");
  });

  it("shows nothing when every article is scheduled", async () => {
    expect(await store.count(beforeAll, site)).toBe(0);
    expect(await store.newest(beforeAll, site, 10)).toEqual([]);
    expect(await store.fromOldest(beforeAll, site, 0, 10)).toEqual({ articles: [], retracted: [] });
    expect(await store.count(beforeAll, tag("gaza"))).toBe(0);
    expect(await store.newest(beforeAll, tag("gaza"), 10)).toEqual([]);
  });
});

describe("memory store: articles", () => {
  it("finds a visible article by slug, without its body", async () => {
    const found = await store.article(all, "three");
    expect(found.kind).toBe("article");
    expect(found.kind === "article" && found.article.slug).toBe("three");
    expect(found.kind === "article" && "html" in found.article).toBe(false);
  });

  it("moves a former slug to the article's current one", async () => {
    expect(await store.article(all, "deux")).toEqual({ kind: "renamed", slug: "two" });
    expect(await store.article(all, "cinq")).toEqual({ kind: "renamed", slug: "five" });
  });

  it("prefers a move to a removal when a former slug was also taken down", async () => {
    expect(await store.article(all, "old-two")).toEqual({ kind: "renamed", slug: "two" });
  });

  it("does not reveal a scheduled article, by its slug or a former one", async () => {
    expect(await store.article(beforeFive, "five")).toEqual({ kind: "none" });
    expect(await store.article(beforeFive, "cinq")).toEqual({ kind: "none" });
  });

  it("answers removed for a slug taken down that no article holds, and none for an unknown slug", async () => {
    expect(await store.article(all, "gone")).toEqual({ kind: "removed" });
    expect(await store.article(all, "never-was")).toEqual({ kind: "none" });
    expect(await createMemoryStore(content).article(all, "gone")).toEqual({ kind: "none" });
  });

  it("answers a short code with its visible article", async () => {
    const five = articles[0] as Article;
    const slugOf = (lookup: ArticleLookup) => (lookup.kind === "article" ? lookup.article.slug : lookup.kind);
    expect(slugOf(await store.byShortCode(all, five.shortCode))).toBe("five");
    expect(slugOf(await store.byShortCode(all, "codethre"))).toBe("three");
    expect(await store.byShortCode(beforeFive, five.shortCode)).toEqual({ kind: "none" });
    expect(await store.byShortCode(all, "nocode00")).toEqual({ kind: "none" });
  });

  it("serves a body whatever the view, and refuses one it does not have", async () => {
    expect(await store.getArticleHtml(beforeFive, "five")).toBe("<p>Body of five</p>");
    await expect(store.getArticleHtml(all, "gone")).rejects.toThrow('no body for article "gone"');
  });

  it("gives the same answers when asked again (its indexes are built once)", async () => {
    const fresh = createMemoryStore(content, { removed: ["gone"] });
    for (let round = 0; round < 2; round++) {
      expect(await fresh.article(all, "deux")).toEqual({ kind: "renamed", slug: "two" });
      expect(await fresh.article(all, "gone")).toEqual({ kind: "removed" });
      expect(slugs(await fresh.newest(all, tag("egypt"), 10))).toEqual(["four", "three"]);
    }
  });
});
