/**
 * Atom 1.0 (RFC 4287) as the worker serves it, read back with parsers that share no code with ours:
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
  loadSeedContent,
  NS,
  ORIGIN,
  parseXml,
  RFC3339,
  siteConfig,
  textOf,
  type XmlNode,
  xmlProblem,
} from "./helpers/feeds";

announceSkip(feedparserTool, "Atom checks with Python feedparser");
announceSkip(xmllintTool, "Atom checks with xmllint");

interface Loaded {
  content: BuiltContent;
  expected: ExpectedItem[];
  fetched: FetchedFeed;
  atom: string;
  feed: XmlNode;
  entries: XmlNode[];
}

async function load(source: () => Promise<BuiltContent> | BuiltContent): Promise<Loaded> {
  const content = await source();
  const fetched = (await fetchFeeds(content)).atom;
  const doc = parseXml(fetched.text);
  return {
    content,
    expected: expectedItems(content),
    fetched,
    atom: fetched.text,
    feed: doc.feed,
    entries: doc.feed?.entry ?? [],
  };
}

function entryFor(loaded: Loaded, expected: ExpectedItem): XmlNode {
  const entry = loaded.entries.find((candidate: XmlNode) => textOf(candidate.id) === expected.id);
  expect(entry, `an entry with id ${expected.id}`).toBeDefined();
  return entry;
}

function linksOf(node: XmlNode): { rel: string; href: string; type: string }[] {
  return (node.link ?? []).map((link: XmlNode) => ({
    rel: link["@_rel"],
    href: link["@_href"],
    type: link["@_type"],
  }));
}

function describeAtomDocument(name: string, source: () => Promise<BuiltContent> | BuiltContent): void {
  describe(name, () => {
    let loaded: Loaded;
    beforeAll(async () => {
      loaded = await load(source);
    });

    it("is served as Atom with a charset", () => {
      expect(loaded.fetched.status).toBe(200);
      expect(loaded.fetched.contentType).toBe("application/atom+xml; charset=utf-8");
    });

    it("is well-formed XML in the Atom namespace (fast-xml-parser)", () => {
      expect(xmlProblem(loaded.atom)).toBeUndefined();
      expect(loaded.feed["@_xmlns"]).toBe(NS.atom);
    });

    it("says its language with xml:lang", () => {
      expect(loaded.feed["@_xml:lang"]).toBe("en");
    });

    it("has a permanent id, text-typed title and subtitle, and an author", () => {
      const config = siteConfig();
      expect(textOf(loaded.feed.id)).toBe(`${ORIGIN}/atom.xml`);
      expect(loaded.feed.title["@_type"]).toBe("text");
      expect(textOf(loaded.feed.title)).toBe(config.title);
      expect(loaded.feed.subtitle["@_type"]).toBe("text");
      expect(textOf(loaded.feed.subtitle)).toBe(config.description);
      expect(loaded.feed.author.map((author: XmlNode) => textOf(author.name))).toEqual([config.publisher]);
      expect(loaded.feed.rights["@_type"]).toBe("text");
    });

    it("links to itself (rel=self) and to the home page (rel=alternate, text/html)", () => {
      const links = linksOf(loaded.feed);
      expect(links.filter((link) => link.rel === "self")).toEqual([
        { rel: "self", href: `${ORIGIN}/atom.xml`, type: "application/atom+xml" },
      ]);
      expect(links).toContainEqual({ rel: "alternate", href: `${ORIGIN}/`, type: "text/html" });
      // No two alternate links share a type (RFC 4287 4.1.1).
      const alternateTypes = links.filter((link) => link.rel === "alternate").map((link) => link.type);
      expect(new Set(alternateTypes).size).toBe(alternateTypes.length);
    });

    it("is updated when its newest entry was, not at build time", () => {
      expect(textOf(loaded.feed.updated)).toMatch(RFC3339);
      expect(textOf(loaded.feed.updated)).toBe(newestUpdate(loaded.expected));
    });

    it("does not name a generator", () => {
      expect(loaded.feed.generator).toBeUndefined();
      expect(loaded.atom).not.toMatch(/jpmonette/);
    });

    it("has one entry per article, newest first, each with its stable id", () => {
      expect(loaded.entries.map((entry: XmlNode) => textOf(entry.id))).toEqual(
        loaded.expected.map((item) => item.id),
      );
    });

    it("gives every entry a text-typed title, an alternate link to /articles/<slug> and its image's enclosure", () => {
      for (const expected of loaded.expected) {
        const entry = entryFor(loaded, expected);
        expect(entry.title["@_type"]).toBe("text");
        expect(textOf(entry.title)).toBe(expected.title);
        const image = expected.image;
        expect(linksOf(entry)).toEqual([
          { rel: "alternate", href: `${ORIGIN}/articles/${expected.slug}`, type: "text/html" },
          ...(image?.url && image.type && image.bytes
            ? [{ rel: "enclosure", href: image.url, type: image.type }]
            : []),
        ]);
      }
    });

    it("dates every entry with published and updated (RFC 3339)", () => {
      for (const expected of loaded.expected) {
        const entry = entryFor(loaded, expected);
        expect(textOf(entry.published)).toMatch(RFC3339);
        expect(textOf(entry.updated)).toMatch(RFC3339);
        expect(textOf(entry.published)).toBe(expected.published);
        expect(textOf(entry.updated)).toBe(expected.updated);
      }
    });

    it("names every entry's authors", () => {
      for (const expected of loaded.expected) {
        const authors: XmlNode[] = entryFor(loaded, expected).author ?? [];
        expect(authors.map((author) => textOf(author.name))).toEqual(expected.authors);
      }
    });

    it("categorises every entry by section, then tags, with term and scheme", () => {
      for (const expected of loaded.expected) {
        const categories: XmlNode[] = entryFor(loaded, expected).category ?? [];
        expect(categories.map((category) => [category["@_term"], category["@_scheme"]])).toEqual([
          [expected.section, `${ORIGIN}/sections/`],
          ...expected.tags.map((tag) => [tag, `${ORIGIN}/tags/`]),
        ]);
      }
    });

    it('gives every entry its plain-text summary as type="text"', () => {
      for (const expected of loaded.expected) {
        const summary = entryFor(loaded, expected).summary;
        expect(summary["@_type"]).toBe("text");
        expect(textOf(summary)).toBe(expected.summary);
      }
    });

    it('carries the whole article as type="html" content, news fields included', () => {
      for (const expected of loaded.expected) {
        const content = entryFor(loaded, expected).content;
        expect(content["@_type"]).toBe("html");
        const html = textOf(content);
        expectFullContent(html, expected);
      }
    });

    describe.skipIf(!xmllintTool.available)("xmllint", () => {
      it("finds the document well-formed and namespace-correct", () => {
        expect(xmllint(loaded.atom)).toEqual({ ok: true, errors: "" });
      });
    });

    describe.skipIf(!feedparserTool.available)("Python feedparser", () => {
      // Parsed once, on first use (a second beforeAll here would shadow the suite's).
      let cached: FpResult | undefined;
      const parsedFeed = (): FpResult => {
        cached ??= feedparser(loaded.atom);
        return cached;
      };

      it("reads it as Atom 1.0 without complaint (bozo 0)", () => {
        const parsed = parsedFeed();
        expect(parsed.bozo_exception).toBeNull();
        expect(parsed.bozo).toBe(0);
        expect(parsed.version).toBe("atom10");
      });

      it("reads the feed's id, title, language, links, date and author", () => {
        const parsed = parsedFeed();
        expect(parsed.feed.id).toBe(`${ORIGIN}/atom.xml`);
        expect(parsed.feed.title).toBe(siteConfig().title);
        expect(parsed.feed.title_detail?.type).toBe("text/plain");
        expect(parsed.feed.language).toBe("en");
        expect(parsed.feed.link).toBe(`${ORIGIN}/`);
        expect(parsed.feed.links).toContainEqual({
          rel: "self",
          href: `${ORIGIN}/atom.xml`,
          type: "application/atom+xml",
        });
        expect(parsed.feed.updated_iso).toBe(newestUpdate(loaded.expected));
        expect(parsed.feed.authors).toEqual([siteConfig().publisher]);
      });

      it("reads the same ids, titles, links, dates, authors, categories and summaries", () => {
        const parsed = parsedFeed();
        expect(parsed.entries.map((entry) => entry.id)).toEqual(loaded.expected.map((item) => item.id));
        parsed.entries.forEach((entry, index) => {
          const expected = loaded.expected[index] as ExpectedItem;
          expect(entry.title).toBe(expected.title);
          expect(entry.title_detail?.type).toBe("text/plain");
          expect(entry.link).toBe(expected.url);
          expect(entry.published_iso).toBe(expected.published);
          expect(entry.updated_iso).toBe(expected.updated);
          expect(entry.authors).toEqual(expected.authors);
          expect(entry.tags.map((tag) => [tag.term, tag.scheme])).toEqual([
            [expected.section, `${ORIGIN}/sections/`],
            ...expected.tags.map((tag) => [tag, `${ORIGIN}/tags/`]),
          ]);
          expect(entry.summary).toBe(expected.summary);
          expect(entry.content.map((content) => content.type)).toEqual(["text/html"]);
        });
      });
    });
  });
}

describeAtomDocument("Atom 1.0 of the seed content (content/*.md)", loadSeedContent);
describeAtomDocument(
  "Atom 1.0 of fixture articles (update, several authors, image, relative links)",
  fixtureContent,
);

describe("Atom 1.0 of the seed content: the newsroom's own fields", () => {
  let loaded: Loaded;
  beforeAll(async () => {
    loaded = await load(loadSeedContent);
  });

  it("holds both seed articles with their datelines, highlights, sections, tags and image credit", () => {
    for (const [slug, fields] of Object.entries(seedNewsFields)) {
      const entry = loaded.entries.find((candidate: XmlNode) =>
        linksOf(candidate).some((link) => link.href.endsWith(`/${slug}`)),
      );
      expect(entry, slug).toBeDefined();
      expect(textOf(entry.id)).toBe(fields.id);
      const html = textOf(entry.content);
      expect(datelineIn(html)).toBe(fields.dateline);
      expect(highlightsIn(html)).toHaveLength(fields.highlightCount);
      expect(entry.category.map((category: XmlNode) => category["@_term"])).toEqual([
        fields.section,
        ...fields.tags,
      ]);
      expect(figcaptionIn(html)?.caption).toBe(fields.caption);
      expect(figcaptionIn(html)?.credit).toBe(fields.credit);
    }
  });
});

describe("Atom 1.0 of fixture articles: updates, authors and media", () => {
  let loaded: Loaded;
  beforeAll(async () => {
    loaded = await load(fixtureContent);
  });

  it("keeps published and updated apart, normalised to UTC", () => {
    const entry = loaded.entries[0];
    expect(textOf(entry.published)).toBe("2025-03-01T08:00:00Z");
    // Written as 2025-03-02T10:30:00+02:00 in the front matter.
    expect(textOf(entry.updated)).toBe("2025-03-02T08:30:00Z");
    expect(textOf(loaded.feed.updated)).toBe("2025-03-02T08:30:00Z");
  });

  it("gives each author an <author> of its own", () => {
    expect(loaded.entries[0].author.map((author: XmlNode) => textOf(author.name))).toEqual([
      "Jane Doe",
      "Omar Haddad",
    ]);
  });

  it("describes the lead image with media:content (absolute URL, type, size), caption and credit", () => {
    const media = loaded.entries[0]["media:content"];
    expect(media).toHaveLength(1);
    expect(media[0]["@_xmlns:media"]).toBe(NS.media);
    expect(media[0]["@_url"]).toMatch(new RegExp(`^${ORIGIN}/media/[0-9a-f]{32}\\.jpg$`));
    expect(media[0]["@_type"]).toBe("image/jpeg");
    expect([media[0]["@_width"], media[0]["@_height"]]).toEqual(["1600", "900"]);
    expect(textOf(media[0]["media:description"])).toBe("Delegates meet in Cairo, March 1, 2025.");
    expect(textOf(media[0]["media:credit"])).toBe("AP Photo/Jane Roe");
  });

  it("makes site-relative links and images in the content absolute", () => {
    const html = textOf(loaded.entries[0].content);
    expect(html).toContain(`href="${ORIGIN}/articles/earlier-report"`);
    expect(html).toContain(`src="${ORIGIN}/images/map.png"`);
    expect(html).toContain('href="https://un.example.org/statement?id=1&amp;lang=en"');
  });
});
