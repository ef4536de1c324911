import { describe, expect, it } from "vitest";
import {
  archivePageArticles,
  archivePageExists,
  archivePageSize,
  planArchive,
} from "../../src/feeds/archive-plan";

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
      pageSize: 10,
      fullPages: Math.floor(total / 10),
      subscriptionCount: total,
      subscriptionPrev: undefined,
      complete: true,
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
        pageSize: 10,
        fullPages,
        subscriptionCount: count,
        subscriptionPrev: prev,
        complete: false,
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

describe("archivePageArticles", () => {
  // Newest first: article 25 is the newest, article 1 the oldest.
  const newestFirst = Array.from({ length: 25 }, (_, index) => 25 - index);

  it("counts pages from the oldest article and lists each newest first", () => {
    expect(archivePageArticles(newestFirst, 1, 10)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(archivePageArticles(newestFirst, 2, 10)).toEqual([20, 19, 18, 17, 16, 15, 14, 13, 12, 11]);
  });

  it("has no page that is not full, and none before the first", () => {
    expect(archivePageArticles(newestFirst, 3, 10)).toBeUndefined();
    expect(archivePageArticles(newestFirst, 0, 10)).toBeUndefined();
    expect(archivePageArticles([], 1, 10)).toBeUndefined();
  });

  it("keeps a page's articles when newer ones are published", () => {
    const later = [27, 26, ...newestFirst];
    expect(archivePageArticles(later, 1, 10)).toEqual(archivePageArticles(newestFirst, 1, 10));
    expect(archivePageArticles(later, 2, 10)).toEqual(archivePageArticles(newestFirst, 2, 10));
  });

  it("works with pages of one article", () => {
    expect(archivePageArticles(["c", "b", "a"], 1, 1)).toEqual(["a"]);
    expect(archivePageArticles(["c", "b", "a"], 3, 1)).toEqual(["c"]);
    expect(archivePageArticles(["c", "b", "a"], 4, 1)).toBeUndefined();
  });
});
