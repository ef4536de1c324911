import { describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { archivePageExists, archivePageSize, planArchive } from "../../src/feeds/archive-plan";
import { createMemoryStore } from "../../src/store/memory-store";

/** Archive page `page` of a site of articles named by the numbers in `newestFirst` (the store's query). */
async function archivePageArticles<T extends string | number>(
  newestFirst: readonly T[],
  page: number,
  pageSize: number,
): Promise<T[] | undefined> {
  if (!archivePageExists(newestFirst.length, page, pageSize)) return undefined;
  const articles = newestFirst.map(
    (name, index): Article => ({
      id: `tag:x,2025:${name}`,
      slug: String(name),
      title: String(name),
      summary: "",
      published: new Date(Date.UTC(2025, 0, 1) + (newestFirst.length - index) * 60_000)
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z"),
      updated: "2025-01-01T00:00:00Z",
      authors: [],
      section: "Desk",
      tags: [],
      highlights: [],
      formerSlugs: [],
      shortCode: String(index).padStart(8, "0"),
      html: "",
    }),
  );
  const content: BuiltContent = { version: "v", articles };
  const store = createMemoryStore(content);
  const found = await store.fromOldest(
    { generation: 1, before: undefined },
    { kind: "site" },
    (page - 1) * pageSize,
    pageSize,
  );
  return found.articles.map((article) => newestFirst.find((name) => String(name) === article.slug) as T);
}

describe("archivePageSize", () => {
  it.each([
    [20, 10],
    [19, 10],
    [3, 2],
    [2, 1],
    [1, 1],
    [0, 1],
    [-4, 1],
  ])("itemsPerFeed %i → pages of %i", (itemsPerFeed, size) => {
    expect(archivePageSize(itemsPerFeed)).toBe(size);
  });
});

describe("planArchive", () => {
  it.each([0, 1, 9, 10, 19])("%i articles with pages of 10 fit the subscription feed: complete", (total) => {
    expect(planArchive(total, 10)).toEqual({
      fullPages: Math.floor(total / 10),
      subscriptionCount: total,
      subscriptionPrev: undefined,
    });
  });

  it.each([
    // total, full pages, subscription count, prev-archive
    [20, 2, 10, 1],
    [21, 2, 11, 1],
    [29, 2, 19, 1],
    [30, 3, 10, 2],
    [45, 4, 15, 3],
  ])(
    "%i articles with pages of 10: %i full pages, %i in the subscription feed, prev %i",
    (total, fullPages, count, prev) => {
      expect(planArchive(total, 10)).toEqual({
        fullPages,
        subscriptionCount: count,
        subscriptionPrev: prev,
      });
    },
  );

  it("keeps the subscription feed between one and two pages, and walking prev-archive meets every article once", () => {
    for (const pageSize of [1, 2, 3, 10]) {
      for (let total = 2 * pageSize; total < 6 * pageSize; total++) {
        const plan = planArchive(total, pageSize);
        expect(plan.subscriptionCount).toBeGreaterThanOrEqual(pageSize);
        expect(plan.subscriptionCount).toBeLessThan(2 * pageSize);
        expect(plan.subscriptionCount + (plan.subscriptionPrev ?? 0) * pageSize).toBe(total);
      }
    }
  });
});

describe("archivePageExists", () => {
  it("publishes a page once it is full, and only then", () => {
    expect(archivePageExists(10, 1, 10)).toBe(true);
    expect(archivePageExists(9, 1, 10)).toBe(false);
    expect(archivePageExists(29, 2, 10)).toBe(true);
    expect(archivePageExists(29, 3, 10)).toBe(false);
    expect(archivePageExists(30, 3, 10)).toBe(true);
  });

  it.each([0, -1, 1.5, Number.NaN])("has no page %s", (page) => {
    expect(archivePageExists(100, page, 10)).toBe(false);
  });
});

describe("archive pages from the store (fromOldest)", async () => {
  // Newest first: article 25 is the newest, article 1 the oldest.
  const newestFirst = Array.from({ length: 25 }, (_, index) => 25 - index);

  it("counts pages from the oldest article and lists each newest first", async () => {
    expect(await archivePageArticles(newestFirst, 1, 10)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await archivePageArticles(newestFirst, 2, 10)).toEqual([20, 19, 18, 17, 16, 15, 14, 13, 12, 11]);
  });

  it("has no page that is not full, and none before the first", async () => {
    expect(await archivePageArticles(newestFirst, 3, 10)).toBeUndefined();
    expect(await archivePageArticles(newestFirst, 0, 10)).toBeUndefined();
    expect(await archivePageArticles([], 1, 10)).toBeUndefined();
  });

  it("keeps a page's articles when newer ones are published", async () => {
    const later = [27, 26, ...newestFirst];
    expect(await archivePageArticles(later, 1, 10)).toEqual(await archivePageArticles(newestFirst, 1, 10));
    expect(await archivePageArticles(later, 2, 10)).toEqual(await archivePageArticles(newestFirst, 2, 10));
  });

  it("works with pages of one article", async () => {
    expect(await archivePageArticles(["c", "b", "a"], 1, 1)).toEqual(["a"]);
    expect(await archivePageArticles(["c", "b", "a"], 3, 1)).toEqual(["c"]);
    expect(await archivePageArticles(["c", "b", "a"], 4, 1)).toBeUndefined();
  });
});
