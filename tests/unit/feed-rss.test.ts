/**
 * RSS 2.0 as the worker serves it, read back with parsers that share no code with ours:
 * fast-xml-parser here, Python's feedparser and libxml2's xmllint through child_process.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import { fixtureContent } from "./helpers/articles";
import {
  type ExpectedItem,
  expectedItems,
  expectFullContent,
  newestUpdate,
  seedNewsFields,
} from "./helpers/expectations";
import {
  announceSkip,
  type FpResult,
  feedparser,
  feedparserTool,
  xmllint,
  xmllintTool,
} from "./helpers/external-parsers";
import {
  datelineIn,
  type FetchedFeed,
  fetchFeeds,
  figcaptionIn,
  highlightsIn,
  htmlToText,
  loadSeedContent,
  NS,
  ORIGIN,
  parseXml,
  RFC822,
  siteConfig,
  textOf,
  type XmlNode,
  xmlProblem,
} from "./helpers/feeds";

announceSkip(feedparserTool, "RSS checks with Python feedparser");
announceSkip(xmllintTool, "RSS checks with xmllint");

interface Loaded {
  content: BuiltContent;
  expected: ExpectedItem[];
  fetched: FetchedFeed;
  rss: string;
  doc: XmlNode;
  channel: XmlNode;
  items: XmlNode[];
}

async function load(source: () => Promise<BuiltContent> | BuiltContent): Promise<Loaded> {
  const content = await source();
  const fetched = (await fetchFeeds(content)).rss;
  const doc = parseXml(fetched.text);
  return {
    content,
    expected: expectedItems(content),
    fetched,
    rss: fetched.text,
    doc,
    channel: doc.rss?.channel,
    items: doc.rss?.channel?.item ?? [],
  };
}

function itemFor(loaded: Loaded, expected: ExpectedItem): XmlNode {
  const item = loaded.items.find((candidate: XmlNode) => textOf(candidate.guid) === expected.id);
  expect(item, `an item with guid ${expected.id}`).toBeDefined();
  return item;
}

/** The checks every RSS document must pass, whatever the content. */
function describeRssDocument(name: string, source: () => Promise<BuiltContent> | BuiltContent): void {
  describe(name, () => {
    let loaded: Loaded;
    beforeAll(async () => {
      loaded = await load(source);
    });

    it("is served as RSS with a charset", () => {
      expect(loaded.fetched.status).toBe(200);
      expect(loaded.fetched.contentType).toBe("application/rss+xml; charset=utf-8");
    });

    it("is well-formed XML (fast-xml-parser)", () => {
      expect(xmlProblem(loaded.rss)).toBeUndefined();
      expect(loaded.rss.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    });

    it("is RSS 2.0 and declares every namespace prefix it uses", () => {
      const rss = loaded.doc.rss;
      expect(rss["@_version"]).toBe("2.0");
      expect(rss["@_xmlns:atom"]).toBe(NS.atom);
      expect(rss["@_xmlns:dc"]).toBe(NS.dc);
      expect(rss["@_xmlns:content"]).toBe(NS.content);
    });

    it("has the channel's title, home link, description, language and ttl", () => {
      const config = siteConfig();
      const channel = loaded.channel;
      expect(textOf(channel.title)).toBe(config.title);
      expect(textOf(channel.link)).toBe(`${ORIGIN}/`);
      expect(textOf(channel.description)).toBe(config.description);
      expect(textOf(channel.language)).toBe("en");
      expect(textOf(channel.copyright)).toBe(config.copyright);
      expect(Number(textOf(channel.ttl))).toBeGreaterThan(0);
    });

    it('links to itself with atom:link rel="self"', () => {
      const links: XmlNode[] = loaded.channel["atom:link"] ?? [];
      const self = links.filter((link) => link["@_rel"] === "self");
      expect(self).toHaveLength(1);
      expect(self[0]["@_href"]).toBe(`${ORIGIN}/feed.xml`);
      expect(self[0]["@_type"]).toBe("application/rss+xml");
    });

    it("dates the channel by its newest item update (RFC 822, GMT), not the build time", () => {
      const lastBuildDate = textOf(loaded.channel.lastBuildDate);
      expect(lastBuildDate).toMatch(RFC822);
      expect(new Date(lastBuildDate).toISOString()).toBe(
        new Date(newestUpdate(loaded.expected) ?? "").toISOString(),
      );
    });

    it("does not leak the feed package as generator", () => {
      expect(loaded.channel.generator).toBeUndefined();
      expect(loaded.rss).not.toMatch(/jpmonette|<generator/i);
    });

    it("has one item per article, newest first", () => {
      expect(loaded.items.map((item: XmlNode) => textOf(item.guid))).toEqual(
        loaded.expected.map((item) => item.id),
      );
    });

    it('gives every item its stable id as guid isPermaLink="false"', () => {
      for (const expected of loaded.expected) {
        const item = itemFor(loaded, expected);
        expect(item.guid["@_isPermaLink"]).toBe("false");
        expect(textOf(item.guid)).toBe(expected.id);
      }
    });

    it("gives every item its title and a link to /articles/<slug>", () => {
      for (const expected of loaded.expected) {
        const item = itemFor(loaded, expected);
        expect(textOf(item.title)).toBe(expected.title);
        expect(textOf(item.link)).toBe(`${ORIGIN}/articles/${expected.slug}`);
      }
    });

    it("dates every item with its publication time as an RFC 822 pubDate (RSS has no update date)", () => {
      for (const expected of loaded.expected) {
        const pubDate = textOf(itemFor(loaded, expected).pubDate);
        expect(pubDate).toMatch(RFC822);
        expect(new Date(pubDate).toISOString()).toBe(new Date(expected.published).toISOString());
      }
    });

    it("names the authors in dc:creator and never writes a name-only <author>", () => {
      for (const expected of loaded.expected) {
        const item = itemFor(loaded, expected);
        expect((item["dc:creator"] ?? []).map(textOf)).toEqual(expected.authors);
        expect(item.author).toBeUndefined();
      }
      expect(loaded.rss).not.toMatch(/<author[\s>]/);
    });

    it("categorises every item by section, then tags, each with its scheme as domain", () => {
      for (const expected of loaded.expected) {
        const categories: XmlNode[] = itemFor(loaded, expected).category ?? [];
        expect(categories.map((category) => [textOf(category), category["@_domain"]])).toEqual([
          [expected.section, `${ORIGIN}/sections/`],
          ...expected.tags.map((tag) => [tag, `${ORIGIN}/tags/`]),
        ]);
      }
    });

    it("describes every item with its plain-text summary (entity-escaped for HTML readers)", () => {
      for (const expected of loaded.expected) {
        const description = textOf(itemFor(loaded, expected).description);
        // description is HTML to readers: the plain text, escaped once.
        expect(htmlToText(description)).toBe(expected.summary);
        expect(description).not.toMatch(/<[a-z/]/i);
      }
    });

    it("carries the whole article as HTML in content:encoded, news fields included", () => {
      for (const expected of loaded.expected) {
        const html = textOf(itemFor(loaded, expected)["content:encoded"]);
        expectFullContent(html, expected);
      }
    });

    describe.skipIf(!xmllintTool.available)("xmllint", () => {
      it("finds the document well-formed and namespace-correct", () => {
        expect(xmllint(loaded.rss)).toEqual({ ok: true, errors: "" });
      });
    });

    describe.skipIf(!feedparserTool.available)("Python feedparser", () => {
      // Parsed once, on first use (a second beforeAll here would shadow the suite's).
      let cached: FpResult | undefined;
      const parsedFeed = (): FpResult => {
        cached ??= feedparser(loaded.rss);
        return cached;
      };

      it("reads it as RSS 2.0 without complaint (bozo 0)", () => {
        const parsed = parsedFeed();
        expect(parsed.bozo_exception).toBeNull();
        expect(parsed.bozo).toBe(0);
        expect(parsed.version).toBe("rss20");
      });

      it("reads the channel's title, link, language, self link and date", () => {
        const parsed = parsedFeed();
        expect(parsed.feed.title).toBe(siteConfig().title);
        expect(parsed.feed.link).toBe(`${ORIGIN}/`);
        expect(parsed.feed.language).toBe("en");
        expect(parsed.feed.links).toContainEqual({
          rel: "self",
          href: `${ORIGIN}/feed.xml`,
          type: "application/rss+xml",
        });
        expect(parsed.feed.updated_iso).toBe(newestUpdate(loaded.expected));
      });

      it("reads the same ids, titles, links, dates, authors and categories", () => {
        const parsed = parsedFeed();
        expect(parsed.entries.map((entry) => entry.id)).toEqual(loaded.expected.map((item) => item.id));
        parsed.entries.forEach((entry, index) => {
          const expected = loaded.expected[index] as ExpectedItem;
          expect(entry.guidislink).toBe(false);
          expect(entry.title).toBe(expected.title);
          expect(entry.link).toBe(expected.url);
          expect(entry.published_iso).toBe(expected.published);
          expect(entry.authors).toEqual(expected.authors);
          expect(entry.tags.map((tag) => tag.term)).toEqual([expected.section, ...expected.tags]);
          expect(entry.summary).toBe(expected.summary);
          expect(entry.content).toHaveLength(1);
        });
      });
    });
  });
}

describeRssDocument("RSS 2.0 of the seed content (content/*.md)", loadSeedContent);
describeRssDocument(
  "RSS 2.0 of fixture articles (update, several authors, image, relative links)",
  fixtureContent,
);

describe("RSS 2.0 of the seed content: the newsroom's own fields", () => {
  let loaded: Loaded;
  beforeAll(async () => {
    loaded = await load(loadSeedContent);
  });

  it("holds both seed articles with their datelines, highlights, sections, tags and image credit", () => {
    for (const [slug, fields] of Object.entries(seedNewsFields)) {
      const item = loaded.items.find((candidate: XmlNode) => textOf(candidate.link).endsWith(`/${slug}`));
      expect(item, slug).toBeDefined();
      expect(textOf(item.guid)).toBe(fields.id);
      const html = textOf(item["content:encoded"]);
      expect(datelineIn(html)).toBe(fields.dateline);
      expect(highlightsIn(html)).toHaveLength(fields.highlightCount);
      expect(item.category.map(textOf)).toEqual([fields.section, ...fields.tags]);
      expect(figcaptionIn(html)?.caption).toBe(fields.caption);
      expect(figcaptionIn(html)?.credit).toBe(fields.credit);
    }
  });
});

describe("RSS 2.0 of fixture articles: media and several authors", () => {
  let loaded: Loaded;
  beforeAll(async () => {
    loaded = await load(fixtureContent);
  });

  it("lists every author as its own dc:creator", () => {
    const item = loaded.items[0];
    expect(item["dc:creator"].map(textOf)).toEqual(["Jane Doe", "Omar Haddad"]);
  });

  it("describes the lead image with media:content (absolute URL, type, size), caption and credit", () => {
    const media = loaded.items[0]["media:content"];
    expect(media).toHaveLength(1);
    expect(media[0]["@_xmlns:media"]).toBe(NS.media);
    expect(media[0]["@_url"]).toMatch(new RegExp(`^${ORIGIN}/media/[0-9a-f]{32}\\.jpg$`));
    expect(media[0]["@_medium"]).toBe("image");
    expect(media[0]["@_type"]).toBe("image/jpeg");
    expect([media[0]["@_width"], media[0]["@_height"]]).toEqual(["1600", "900"]);
    expect(textOf(media[0]["media:description"])).toBe("Delegates meet in Cairo, March 1, 2025.");
    expect(textOf(media[0]["media:credit"])).toBe("AP Photo/Jane Roe");
    expect(loaded.items[1]["media:content"]).toBeUndefined();
  });

  it("makes site-relative links and images in the body absolute", () => {
    const html = textOf(loaded.items[0]["content:encoded"]);
    expect(html).toContain(`href="${ORIGIN}/articles/earlier-report"`);
    expect(html).toContain(`src="${ORIGIN}/images/map.png"`);
    expect(html).toContain(`src="${loaded.items[0]["media:content"][0]["@_url"]}"`);
    expect(html).toContain('width="1600" height="900"');
    expect(html).toContain('href="https://un.example.org/statement?id=1&amp;lang=en"');
  });
});
