/**
 * JSON Feed 1.1 as the worker serves it, read back with JSON.parse and checked field by field
 * against the built content.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import { fixtureContent, fixtureMediaDir } from "./helpers/articles";
import {
  type ExpectedItem,
  expectedItems,
  expectFullContent,
  newestUpdate,
  seedNewsFields,
} from "./helpers/expectations";
import {
  datelineIn,
  type FetchedFeed,
  fetchFeeds,
  figcaptionIn,
  loadSeedContent,
  ORIGIN,
  RFC3339,
  siteConfig,
} from "./helpers/feeds";

interface JsonItem {
  id: string;
  url: string;
  title: string;
  summary: string;
  content_html: string;
  image?: string;
  banner_image?: string;
  date_published: string;
  date_modified: string;
  authors: { name: string }[];
  tags: string[];
  language: string;
  _news: {
    section: string;
    dateline?: string;
    highlights: string[];
    image?: { url?: string; alt?: string; caption?: string; credit?: string };
  };
}

interface JsonFeedDocument {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: string;
  authors: { name: string }[];
  items: JsonItem[];
  _news: { updated: string; history: string };
  [key: string]: unknown;
}

interface Loaded {
  expected: ExpectedItem[];
  fetched: FetchedFeed;
  feed: JsonFeedDocument;
}

async function load(source: () => Promise<BuiltContent> | BuiltContent): Promise<Loaded> {
  const content = await source();
  const fetched = (await fetchFeeds(content)).json;
  return { expected: expectedItems(content), fetched, feed: JSON.parse(fetched.text) as JsonFeedDocument };
}

function itemFor(loaded: Loaded, expected: ExpectedItem): JsonItem {
  const item = loaded.feed.items.find((candidate) => candidate.id === expected.id);
  expect(item, `an item with id ${expected.id}`).toBeDefined();
  return item as JsonItem;
}

/** Every key path in a JSON value, e.g. "items.0.authors.0.name". */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((entry, index) => keyPaths(entry, `${prefix}${index}.`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, entry]) => [
      `${prefix}${key}`,
      ...keyPaths(entry, `${prefix}${key}.`),
    ]);
  }
  return [];
}

function describeJsonFeed(name: string, source: () => Promise<BuiltContent> | BuiltContent): void {
  describe(name, () => {
    let loaded: Loaded;
    beforeAll(async () => {
      loaded = await load(source);
    });

    it("is served as application/feed+json with a charset", () => {
      expect(loaded.fetched.status).toBe(200);
      expect(loaded.fetched.contentType).toBe("application/feed+json; charset=utf-8");
    });

    it("is JSON Feed 1.1", () => {
      expect(loaded.feed.version).toBe("https://jsonfeed.org/version/1.1");
    });

    it("has title, description, language, home_page_url and feed_url", () => {
      const config = siteConfig();
      expect(loaded.feed.title).toBe(config.title);
      expect(loaded.feed.description).toBe(config.description);
      expect(loaded.feed.language).toBe("en");
      expect(loaded.feed.home_page_url).toBe(`${ORIGIN}/`);
      expect(loaded.feed.feed_url).toBe(`${ORIGIN}/feed.json`);
    });

    it("credits authors with the 1.1 `authors` array, never the 1.0 singular `author`", () => {
      expect(loaded.feed.authors).toEqual([{ name: siteConfig().publisher }]);
      const singular = keyPaths(loaded.feed).filter((path) => /(^|\.)author$/.test(path));
      expect(singular).toEqual([]);
    });

    it("keeps custom fields under keys that start with an underscore", () => {
      const known = new Set([
        "version",
        "title",
        "home_page_url",
        "feed_url",
        "description",
        "user_comment",
        "next_url",
        "icon",
        "favicon",
        "authors",
        "language",
        "expired",
        "hubs",
        "items",
      ]);
      for (const key of Object.keys(loaded.feed)) if (!known.has(key)) expect(key).toMatch(/^_/);
      expect(loaded.feed._news.updated).toBe(newestUpdate(loaded.expected));
    });

    it("has one item per article, newest first, each with its stable string id", () => {
      expect(loaded.feed.items.map((item) => item.id)).toEqual(loaded.expected.map((item) => item.id));
      for (const item of loaded.feed.items) expect(typeof item.id).toBe("string");
    });

    it("gives every item its url, title, plain-text summary, language and dates (RFC 3339)", () => {
      for (const expected of loaded.expected) {
        const item = itemFor(loaded, expected);
        expect(item.url).toBe(`${ORIGIN}/articles/${expected.slug}`);
        expect(item.title).toBe(expected.title);
        expect(item.summary).toBe(expected.summary);
        expect(item.language).toBe("en");
        expect(item.date_published).toMatch(RFC3339);
        expect(item.date_modified).toMatch(RFC3339);
        expect(item.date_published).toBe(expected.published);
        expect(item.date_modified).toBe(expected.updated);
      }
    });

    it("gives every item its authors", () => {
      for (const expected of loaded.expected) {
        expect(itemFor(loaded, expected).authors).toEqual(expected.authors.map((name) => ({ name })));
      }
    });

    it("tags every item with its section, then its tags", () => {
      for (const expected of loaded.expected) {
        expect(itemFor(loaded, expected).tags).toEqual([...new Set([expected.section, ...expected.tags])]);
      }
    });

    it("carries the whole article as content_html, news fields included", () => {
      for (const expected of loaded.expected) {
        const html = itemFor(loaded, expected).content_html;
        expectFullContent(html, expected);
      }
    });

    it("repeats the news fields for programs in `_news`", () => {
      for (const expected of loaded.expected) {
        const news = itemFor(loaded, expected)._news;
        expect(news.section).toBe(expected.section);
        expect(news.dateline).toBe(expected.dateline);
        expect(news.highlights).toEqual(expected.highlights);
        expect(news.image).toEqual(expected.image);
      }
    });
  });
}

describeJsonFeed("JSON Feed 1.1 of the seed content (content/*.md)", loadSeedContent);
describeJsonFeed(
  "JSON Feed 1.1 of fixture articles (update, several authors, image, relative links)",
  fixtureContent,
);

describe("JSON Feed 1.1 of the seed content: the newsroom's own fields", () => {
  let loaded: Loaded;
  beforeAll(async () => {
    loaded = await load(loadSeedContent);
  });

  it("holds both seed articles with their datelines, highlights, sections, tags and image credit", () => {
    for (const [slug, fields] of Object.entries(seedNewsFields)) {
      const item = loaded.feed.items.find((candidate) => candidate.url.endsWith(`/${slug}`));
      expect(item, slug).toBeDefined();
      if (!item) continue;
      expect(item.id).toBe(fields.id);
      expect(item._news.dateline).toBe(fields.dateline);
      expect(item._news.highlights).toHaveLength(fields.highlightCount);
      expect(item._news.section).toBe(fields.section);
      expect(item.tags).toEqual([fields.section, ...fields.tags]);
      expect(item._news.image?.caption).toBe(fields.caption);
      expect(item._news.image?.credit).toBe(fields.credit);
      expect(datelineIn(item.content_html)).toBe(fields.dateline);
      expect(figcaptionIn(item.content_html)?.credit).toBe(fields.credit);
    }
  });
});

describe("JSON Feed 1.1 of fixture articles: updates, authors and images", () => {
  let loaded: Loaded;
  beforeAll(async () => {
    loaded = await load(fixtureContent);
  });

  it("keeps date_published and date_modified apart, normalised to UTC", () => {
    const item = loaded.feed.items[0] as JsonItem;
    expect(item.date_published).toBe("2025-03-01T08:00:00Z");
    expect(item.date_modified).toBe("2025-03-02T08:30:00Z");
  });

  it("lists several authors", () => {
    expect(loaded.feed.items[0]?.authors).toEqual([{ name: "Jane Doe" }, { name: "Omar Haddad" }]);
  });

  it("gives the lead image as an absolute `image` and `banner_image`, and in `_news.image` with alt, caption, credit and sizes", () => {
    const item = loaded.feed.items[0] as JsonItem;
    expect(item.image).toMatch(new RegExp(`^${ORIGIN}/media/[0-9a-f]{32}\\.jpg$`));
    expect(item.banner_image).toBe(item.image);
    expect(item._news.image).toEqual({
      url: item.image,
      alt: "Delegates around a table",
      caption: "Delegates meet in Cairo, March 1, 2025.",
      credit: "AP Photo/Jane Roe",
      width: 1600,
      height: 900,
      type: "image/jpeg",
      bytes: statSync(path.join(fixtureMediaDir, "harbour-1600x900.jpg")).size,
    });
    expect(loaded.feed.items[1]?.image).toBeUndefined();
    expect(loaded.feed.items[1]?.banner_image).toBeUndefined();
  });

  it("makes site-relative links and images in content_html absolute", () => {
    const html = loaded.feed.items[0]?.content_html ?? "";
    expect(html).toContain(`href="${ORIGIN}/articles/earlier-report"`);
    expect(html).toContain(`src="${ORIGIN}/images/map.png"`);
  });
});
