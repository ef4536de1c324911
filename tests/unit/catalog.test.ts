import { describe, expect, it } from "vitest";
import { resolveSiteConfig } from "../../src/config/site";
import type { Article } from "../../src/content/schema";
import { createCatalog } from "../../src/site/catalog";
import type { ContentStore, ContentView, FamilySummary } from "../../src/store/content-store";
import { createMemoryStore } from "../../src/store/memory-store";

/**
 * The catalog answers routes' questions about one published state, asking the store once per
 * question and keeping the answer. Each kind of question must be kept apart from the others and
 * from the same question about another name.
 */

const config = resolveSiteConfig({ SITE_ORIGIN: "https://news.example.com" });
const view: ContentView = { generation: 1, before: undefined };

function article(slug: string, published: string, extra: Partial<Article> = {}): Article {
  return {
    id: `tag:news.example.com,2025:${slug}`,
    slug,
    title: `Title of ${slug}`,
    summary: "",
    published,
    updated: published,
    authors: [],
    section: "World",
    tags: [],
    highlights: [],
    formerSlugs: [],
    shortCode: `${slug}00000000`.slice(0, 8),
    html: `<p>${slug}</p>`,
    ...extra,
  };
}

const content = {
  version: "v",
  articles: [
    article("gamma", "2025-01-03T00:00:00Z", {
      section: "Arts",
      tags: ["Gaza"],
      updated: "2025-01-03T00:00:00Z",
    }),
    article("beta", "2025-01-02T00:00:00Z", {
      tags: ["Egypt", "Gaza"],
      updated: "2025-01-08T00:00:00Z",
      formerSlugs: ["old-beta"],
    }),
    article("alpha", "2025-01-01T00:00:00Z", { tags: ["Egypt"], updated: "2025-01-05T00:00:00Z" }),
  ],
};

/** The memory store, recording each call as "method arg, arg" (views left out). */
function recorded(store: ContentStore) {
  const calls: string[] = [];
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(`${String(property)} ${JSON.stringify(args.slice(1))}`);
        return value.apply(target, args);
      };
    },
  });
  return { store: wrapped, calls };
}

describe("createCatalog", () => {
  it("keeps the view it was made for", () => {
    const before: ContentView = { generation: 7, before: "2025-02-01T00:00:00Z" };
    expect(createCatalog(config, createMemoryStore(content), before).view).toBe(before);
  });

  it("describes the site feed with the site's count", async () => {
    const catalog = createCatalog(config, createMemoryStore(content), view);
    const site = await catalog.site();
    expect(site).toMatchObject({
      kind: "site",
      base: "",
      title: config.title,
      count: 3,
      ref: { kind: "site" },
    });
  });

  it("describes a family's feed, and has none for an unknown slug", async () => {
    const catalog = createCatalog(config, createMemoryStore(content), view);
    expect(await catalog.family("tag", "gaza")).toEqual({
      kind: "tag",
      name: "Gaza",
      slug: "gaza",
      base: "/tags/gaza",
      title: `Gaza · ${config.title}`,
      description: `${config.title}: every article tagged “Gaza”.`,
      homePath: "/tags/gaza/",
      count: 2,
      places: 2,
      ref: { kind: "tag", slug: "gaza" },
    });
    expect((await catalog.family("tag", "egypt"))?.count).toBe(2);
    expect((await catalog.family("section", "arts"))?.count).toBe(1);
    expect(await catalog.family("tag", "nowhere")).toBeUndefined();
  });

  it("lists every family of a kind as feeds", async () => {
    const catalog = createCatalog(config, createMemoryStore(content), view);
    const tags = await catalog.families("tag");
    expect(tags.map((family) => [family.base, family.count])).toEqual([
      ["/tags/egypt", 2],
      ["/tags/gaza", 2],
    ]);
    const sections = await catalog.families("section");
    expect(sections.map((family) => family.base)).toEqual(["/sections/arts", "/sections/world"]);
  });

  it("lists every feed: the site's, then each kind of family", async () => {
    const catalog = createCatalog(config, createMemoryStore(content), view);
    const list = await catalog.feedList();
    expect(list.site).toEqual(await catalog.site());
    expect(list.sections.map((family) => family.base)).toEqual(["/sections/arts", "/sections/world"]);
    expect(list.tags.map((family) => family.base)).toEqual(["/tags/egypt", "/tags/gaza"]);
    expect(list.authors).toEqual(await catalog.families("author"));
    expect(list.authors.map((family) => family.kind)).toEqual(list.authors.map(() => "author"));
  });

  it("leaves out a family whose slug makes no address", async () => {
    const store = createMemoryStore(content);
    const withEmpty: ContentStore = {
      ...store,
      families: async (): Promise<FamilySummary[]> => [
        { kind: "tag", slug: "", name: "!!!", count: 1, places: 1 },
        { kind: "tag", slug: "gaza", name: "Gaza", count: 2, places: 2 },
      ],
    };
    const catalog = createCatalog(config, withEmpty, view);
    expect((await catalog.families("tag")).map((family) => family.slug)).toEqual(["gaza"]);
  });

  it("looks up articles, moves and short codes", async () => {
    const catalog = createCatalog(config, createMemoryStore(content), view);
    const found = await catalog.article("beta");
    expect(found.kind === "article" && found.article.slug).toBe("beta");
    const other = await catalog.article("alpha");
    expect(other.kind === "article" && other.article.slug).toBe("alpha");
    expect(await catalog.article("old-beta")).toEqual({ kind: "renamed", slug: "beta" });
    expect(await catalog.article("missing")).toEqual({ kind: "none" });
    expect(await catalog.byShortCode("gamma000")).toMatchObject({
      kind: "article",
      article: { slug: "gamma" },
    });
    expect(await catalog.byShortCode("alpha000")).toMatchObject({
      kind: "article",
      article: { slug: "alpha" },
    });
    expect(await catalog.byShortCode("zzzzzzzz")).toEqual({ kind: "none" });
  });

  it("gives each feed's newest update", async () => {
    const catalog = createCatalog(config, createMemoryStore(content), view);
    expect(await catalog.latestUpdate({ kind: "site" })).toBe("2025-01-08T00:00:00Z");
    expect(await catalog.latestUpdate({ kind: "tag", slug: "gaza" })).toBe("2025-01-08T00:00:00Z");
    expect(await catalog.latestUpdate({ kind: "tag", slug: "egypt" })).toBe("2025-01-08T00:00:00Z");
    expect(await catalog.latestUpdate({ kind: "section", slug: "arts" })).toBe("2025-01-03T00:00:00Z");
    expect(await catalog.latestUpdate({ kind: "author", slug: "arts" })).toBeUndefined();
    expect(await catalog.latestUpdate({ kind: "section", slug: "world" })).toBe("2025-01-08T00:00:00Z");
  });

  it("asks the store with its own view", async () => {
    const scheduled: ContentView = { generation: 1, before: "2025-01-03T00:00:00Z" };
    const catalog = createCatalog(config, createMemoryStore(content), scheduled);
    expect((await catalog.site()).count).toBe(2);
    expect((await catalog.family("tag", "gaza"))?.count).toBe(1);
    expect(await catalog.family("section", "arts")).toBeUndefined();
    expect(await catalog.article("gamma")).toEqual({ kind: "none" });
    expect(await catalog.latestUpdate({ kind: "section", slug: "arts" })).toBeUndefined();
  });

  it("asks the store each question once, and keeps different questions apart", async () => {
    const { store, calls } = recorded(createMemoryStore(content));
    const catalog = createCatalog(config, store, view);
    for (let round = 0; round < 2; round++) {
      await catalog.site();
      await catalog.family("tag", "gaza");
      await catalog.family("section", "gaza");
      await catalog.families("tag");
      await catalog.families("section");
      await catalog.article("alpha");
      await catalog.article("beta");
      await catalog.byShortCode("alpha000");
      await catalog.byShortCode("beta0000");
      await catalog.latestUpdate({ kind: "site" });
      await catalog.latestUpdate({ kind: "tag", slug: "gaza" });
      await catalog.latestUpdate({ kind: "tag", slug: "egypt" });
    }
    expect(calls).toEqual([
      'count [{"kind":"site"}]',
      'places [{"kind":"site"}]',
      'family ["tag","gaza"]',
      'family ["section","gaza"]',
      'families ["tag"]',
      'families ["section"]',
      'article ["alpha"]',
      'article ["beta"]',
      'byShortCode ["alpha000"]',
      'byShortCode ["beta0000"]',
      'latestUpdate [{"kind":"site"}]',
      'latestUpdate [{"kind":"tag","slug":"gaza"}]',
      'latestUpdate [{"kind":"tag","slug":"egypt"}]',
    ]);
  });

  it("shares one pending question between concurrent callers", async () => {
    const { store, calls } = recorded(createMemoryStore(content));
    const catalog = createCatalog(config, store, view);
    const [first, second] = [catalog.article("beta"), catalog.article("beta")];
    expect(second).toBe(first);
    await first;
    expect(calls).toEqual(['article ["beta"]']);
  });

  it("asks again after a failed question", async () => {
    const store = createMemoryStore(content);
    let failures = 1;
    const flaky: ContentStore = {
      ...store,
      count: (...args) => (failures-- > 0 ? Promise.reject(new Error("store down")) : store.count(...args)),
    };
    const catalog = createCatalog(config, flaky, view);
    await expect(catalog.site()).rejects.toThrow("store down");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await catalog.site()).count).toBe(3);
  });
});
