import { describe, expect, it } from "vitest";
import { resolveSiteConfig, type SiteConfig } from "../../src/config/site";
import type { Article } from "../../src/content/schema";
import {
  buildFeedDocument,
  documentBase,
  type FeedDocumentPlan,
  feedDocumentModel,
  feedDocumentPlaces,
  planFeedDocument,
} from "../../src/feeds/build-feed-document";
import { type FeedDefinition, familyFeed, siteFeed } from "../../src/feeds/feed-catalog";
import type { FeedFormat, FeedModel } from "../../src/feeds/feed-model";
import { atomFormat, type FormatTable } from "../../src/feeds/formats";
import type { ContentView } from "../../src/store/content-store";
import { createMemoryStore } from "../../src/store/memory-store";

/**
 * One feed document from plan to text: which articles the subscription document and each archive
 * page hold (pages of ceil(itemsPerFeed / 2) counted from the oldest), how each is titled and
 * linked, and what it is built from. Formats here are tiny stand-ins, so that the test reads the
 * model rather than a renderer's markup.
 */

const ORIGIN = "https://news.example.com";
// Pages of three articles.
const config: SiteConfig = { ...resolveSiteConfig({ SITE_ORIGIN: ORIGIN }), itemsPerFeed: 6 };
const view: ContentView = { generation: 1, before: undefined };

/** Renders a model as one line per item: its title and body. */
const listFormat: FeedFormat = {
  id: "list",
  fileName: "feed.txt",
  mediaType: "text/plain",
  label: "List",
  fullName: "Plain list",
  opmlVersion: "LIST1",
  render: (model) => model.items.map((item) => `${item.title} | ${item.contentHtml}`).join("\n"),
};
const formats: FormatTable = [listFormat, atomFormat];

/** `count` articles a day apart, article-1 the oldest; every one tagged Gaza. */
function corpus(count: number): Article[] {
  return Array.from({ length: count }, (_, index) => {
    const n = count - index;
    const published = new Date(Date.UTC(2025, 0, n)).toISOString().replace(/\.\d{3}Z$/, "Z");
    return {
      id: `tag:news.example.com,2025:article-${n}`,
      slug: `article-${n}`,
      title: `Article ${n}`,
      summary: `Summary ${n}`,
      published,
      updated: n === 2 ? "2025-06-01T00:00:00Z" : published,
      authors: ["Ann Lee"],
      section: "World",
      tags: ["Gaza"],
      highlights: [],
      formerSlugs: [],
      shortCode: `art${String(n).padStart(5, "0")}`,
      html: `<p>Body ${n}</p>`,
    };
  });
}

function plan(feed: FeedDefinition, page: number | undefined): FeedDocumentPlan {
  const planned = planFeedDocument(config, feed, page);
  if (!planned) throw new Error(`no document ${page} for ${feed.base || "the site"}`);
  return planned;
}

const links = (base: string) => [
  { format: listFormat, href: `${ORIGIN}${base}/feed.txt` },
  { format: atomFormat, href: `${ORIGIN}${base}/atom.xml` },
];

describe("planFeedDocument", () => {
  it("plans a feed that fits in one document as complete, holding every article", () => {
    for (const count of [0, 1, 3, 5]) {
      const feed = siteFeed(config, count);
      expect(planFeedDocument(config, feed, undefined)).toEqual({
        feed,
        page: undefined,
        archive: { fullPages: Math.floor(count / 3), subscriptionCount: count, subscriptionPrev: undefined },
        range: { offset: 0, limit: count, fromOldest: false },
      });
    }
  });

  it("plans the subscription document of a longer feed: the newest full page and the rest", () => {
    const feed = siteFeed(config, 8);
    expect(planFeedDocument(config, feed, undefined)).toEqual({
      feed,
      page: undefined,
      archive: { fullPages: 2, subscriptionCount: 5, subscriptionPrev: 1 },
      range: { offset: 0, limit: 5, fromOldest: false },
    });
  });

  it("plans each full archive page from the oldest article", () => {
    const feed = siteFeed(config, 8);
    const archive = { fullPages: 2, subscriptionCount: 5, subscriptionPrev: 1 };
    expect(planFeedDocument(config, feed, 1)).toEqual({
      feed,
      page: 1,
      archive,
      range: { offset: 0, limit: 3, fromOldest: true },
    });
    expect(planFeedDocument(config, feed, 2)).toEqual({
      feed,
      page: 2,
      archive,
      range: { offset: 3, limit: 3, fromOldest: true },
    });
    expect(plan(siteFeed(config, 12), 4).range).toEqual({ offset: 9, limit: 3, fromOldest: true });
  });

  it("has no archive page that is not full, and none before the first", () => {
    const feed = siteFeed(config, 8);
    expect(planFeedDocument(config, feed, 3)).toBeUndefined();
    expect(planFeedDocument(config, feed, 0)).toBeUndefined();
    expect(planFeedDocument(config, feed, -1)).toBeUndefined();
    expect(planFeedDocument(config, siteFeed(config, 2), 1)).toBeUndefined();
  });

  it("sizes pages from the configuration", () => {
    const wide = { ...config, itemsPerFeed: 20 };
    expect(planFeedDocument(wide, siteFeed(wide, 25), 2)?.range).toEqual({
      offset: 10,
      limit: 10,
      fromOldest: true,
    });
    expect(planFeedDocument(wide, siteFeed(wide, 25), undefined)?.range.limit).toBe(15);
  });
});

describe("documentBase", () => {
  it("is the feed's folder for the subscription document, and the page's folder for an archive page", () => {
    const tag = familyFeed(config, { kind: "tag", slug: "gaza", name: "Gaza", count: 8, places: 8 });
    if (!tag) throw new Error("tag feed");
    expect(documentBase(plan(tag, undefined))).toBe("/tags/gaza");
    expect(documentBase(plan(tag, 2))).toBe("/tags/gaza/archive/2");
    expect(documentBase(plan(siteFeed(config, 8), undefined))).toBe("");
    expect(documentBase(plan(siteFeed(config, 8), 1))).toBe("/archive/1");
  });
});

describe("feedDocumentPlaces", () => {
  const store = createMemoryStore({ version: "v", articles: corpus(8) });
  const titles = async (document: FeedDocumentPlan) =>
    (await feedDocumentPlaces(store, view, document)).articles.map((article) => article.slug);

  it("gives the subscription document the newest articles, newest first", async () => {
    expect(await titles(plan(siteFeed(config, 8), undefined))).toEqual([
      "article-8",
      "article-7",
      "article-6",
      "article-5",
      "article-4",
    ]);
  });

  it("gives an archive page its window from the oldest, newest first", async () => {
    expect(await titles(plan(siteFeed(config, 8), 1))).toEqual(["article-3", "article-2", "article-1"]);
    expect(await titles(plan(siteFeed(config, 8), 2))).toEqual(["article-6", "article-5", "article-4"]);
  });

  it("reads the feed the plan names", async () => {
    const tag = familyFeed(config, { kind: "tag", slug: "gaza", name: "Gaza", count: 8, places: 8 });
    const none = familyFeed(config, { kind: "tag", slug: "nowhere", name: "Nowhere", count: 8, places: 8 });
    if (!tag || !none) throw new Error("tag feeds");
    expect(await titles(plan(tag, 1))).toEqual(["article-3", "article-2", "article-1"]);
    expect(await titles(plan(none, 1))).toEqual([]);
    expect(await titles(plan(none, undefined))).toEqual([]);
  });
});

describe("feedDocumentModel", () => {
  const articles = corpus(8);
  const metas = articles.map(({ html: _html, ...meta }) => meta);
  const bodies = new Map(articles.map((article) => [article.slug, article.html]));
  const modelOf = (document: FeedDocumentPlan): FeedModel =>
    feedDocumentModel(config, formats, document, metas.slice(0, 2), bodies);

  it("describes a complete feed: its own links and title, and no archives", () => {
    const feed = siteFeed(config, 3);
    const model = modelOf(plan(feed, undefined));
    expect(model.id).toBe(`${ORIGIN}/atom.xml`);
    expect(model.title).toBe(config.title);
    expect(model.description).toBe(config.description);
    expect(model.homeUrl).toBe(`${ORIGIN}/`);
    expect(model.links).toEqual(links(""));
    expect(model.paging).toEqual({ kind: "complete" });
    expect(model.items.map((item) => item.title)).toEqual(["Article 8", "Article 7"]);
  });

  it("links the subscription document of a longer feed to the archive page before its own", () => {
    const model = modelOf(plan(siteFeed(config, 11), undefined));
    expect(model.links).toEqual(links(""));
    expect(model.paging).toEqual({ kind: "subscription", prevArchive: links("/archive/2") });
  });

  it("describes an archive page: its own links, its number in the title, the current feed and the page before", () => {
    const feed = siteFeed(config, 11);
    const second = modelOf(plan(feed, 2));
    expect(second.id).toBe(`${ORIGIN}/atom.xml`);
    expect(second.title).toBe(`${config.title} (archive 2)`);
    expect(second.links).toEqual(links("/archive/2"));
    expect(second.paging).toEqual({ kind: "archive", current: links(""), prevArchive: links("/archive/1") });
    expect(modelOf(plan(feed, 3)).paging).toEqual({
      kind: "archive",
      current: links(""),
      prevArchive: links("/archive/2"),
    });
  });

  it("gives the first archive page no page before it", () => {
    expect(modelOf(plan(siteFeed(config, 11), 1)).paging).toEqual({
      kind: "archive",
      current: links(""),
      prevArchive: undefined,
    });
  });

  it("gives every document of a family feed the family's id, folder and page", () => {
    const tag = familyFeed(config, { kind: "tag", slug: "gaza", name: "Gaza", count: 11, places: 11 });
    if (!tag) throw new Error("tag feed");
    const subscription = modelOf(plan(tag, undefined));
    const page = modelOf(plan(tag, 1));
    for (const model of [subscription, page]) {
      expect(model.id).toBe(`${ORIGIN}/tags/gaza/atom.xml`);
      expect(model.homeUrl).toBe(`${ORIGIN}/tags/gaza/`);
      expect(model.description).toBe(tag.description);
    }
    expect(subscription.title).toBe(tag.title);
    expect(page.title).toBe(`${tag.title} (archive 1)`);
    expect(subscription.links).toEqual(links("/tags/gaza"));
    expect(subscription.paging).toEqual({ kind: "subscription", prevArchive: links("/tags/gaza/archive/2") });
    expect(page.links).toEqual(links("/tags/gaza/archive/1"));
    expect(page.paging).toEqual({ kind: "archive", current: links("/tags/gaza"), prevArchive: undefined });
  });
});

describe("buildFeedDocument", () => {
  const store = createMemoryStore({ version: "v", articles: corpus(8) });

  it("renders the planned articles with their bodies from the store, and dates the document by their newest update", async () => {
    const built = await buildFeedDocument(
      config,
      formats,
      store,
      view,
      plan(siteFeed(config, 8), 1),
      listFormat,
    );
    expect(built).toEqual({
      text: ["Article 3 | <p>Body 3</p>", "Article 2 | <p>Body 2</p>", "Article 1 | <p>Body 1</p>"].join(
        "\n",
      ),
      updated: "2025-06-01T00:00:00Z",
    });
  });

  it("renders in the format asked for", async () => {
    const built = await buildFeedDocument(
      config,
      formats,
      store,
      view,
      plan(siteFeed(config, 8), undefined),
      atomFormat,
    );
    expect(built.text).toMatch(/^<\?xml/);
    expect(built.text).toContain(`<id>${ORIGIN}/atom.xml</id>`);
    expect(built.text).toContain("Article 8");
    // Article 2, updated in June, is in an archive page, not in this document.
    expect(built.updated).toBe("2025-01-08T00:00:00Z");
  });

  it("has no date for an empty feed", async () => {
    const empty = createMemoryStore({ version: "v", articles: [] });
    const built = await buildFeedDocument(
      config,
      formats,
      empty,
      view,
      plan(siteFeed(config, 0), undefined),
      listFormat,
    );
    expect(built).toEqual({ text: "", updated: undefined });
  });
});
