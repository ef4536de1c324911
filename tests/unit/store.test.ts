import { describe, expect, it } from "vitest";
import type { Article } from "../../src/content/schema";
import {
  compareNewestFirst,
  countScheduled,
  createBundledStore,
  newestUpdate,
} from "../../src/content/store";

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

describe("createBundledStore", () => {
  const content = {
    version: "0123456789abcdef",
    articles: [article("newer", "2025-03-02T00:00:00Z"), article("older", "2025-03-01T00:00:00Z")],
  };

  it("carries the content version", () => {
    expect(createBundledStore(content).version).toBe("0123456789abcdef");
  });

  it("lists every article's metadata, in order, without the body", () => {
    const list = createBundledStore(content).listArticles();
    expect(list.map((meta) => meta.slug)).toEqual(["newer", "older"]);
    const { html: _html, ...meta } = article("newer", "2025-03-02T00:00:00Z");
    expect(list[0]).toStrictEqual(meta);
    for (const item of list) expect("html" in item).toBe(false);
  });

  it("fetches a body by slug, and nothing for an unknown slug", async () => {
    const store = createBundledStore(content);
    expect(await store.getArticleHtml("older")).toBe("<p>Body of older</p>");
    expect(await store.getArticleHtml("newer")).toBe("<p>Body of newer</p>");
    expect(await store.getArticleHtml("missing")).toBeUndefined();
  });

  it("is empty for empty content", async () => {
    const store = createBundledStore({ version: "v", articles: [] });
    expect(store.listArticles()).toEqual([]);
    expect(await store.getArticleHtml("anything")).toBeUndefined();
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

describe("countScheduled", () => {
  const now = Date.parse("2025-03-01T12:00:00Z");
  const articles = [
    article("in-two-hours", "2025-03-01T14:00:00Z"),
    article("in-a-second", "2025-03-01T12:00:01Z"),
    article("now", "2025-03-01T12:00:00Z"),
    article("an-hour-ago", "2025-03-01T11:00:00Z"),
  ];

  it("counts the articles whose publication is still in the future", () => {
    expect(countScheduled(articles, now)).toBe(2);
  });

  it("treats an article due exactly now as published", () => {
    expect(countScheduled(articles.slice(2), now)).toBe(0);
    expect(countScheduled(articles, Date.parse("2025-03-01T12:00:01Z"))).toBe(1);
  });

  it("is zero when everything is published, and every article when nothing is", () => {
    expect(countScheduled(articles, Date.parse("2025-03-02T00:00:00Z"))).toBe(0);
    expect(countScheduled(articles, Date.parse("2025-03-01T00:00:00Z"))).toBe(4);
    expect(countScheduled([], now)).toBe(0);
  });

  it("compares instants, not text, for times written with an offset", () => {
    // 13:30+02:00 is 11:30Z: published at 12:00Z, though "13:30" sorts after "12:00".
    const offset = [article("offset", "2025-03-01T13:30:00+02:00")];
    expect(countScheduled(offset, now)).toBe(0);
    expect(countScheduled(offset, Date.parse("2025-03-01T11:00:00Z"))).toBe(1);
  });
});
