/**
 * One test per known defect of the `feed` package (6.0.0), proving it does not reach our output.
 * Each defect has a canary showing that feed itself still has it (so the workaround is still
 * needed; package.json pins feed exactly), then the check of our own documents, read back with
 * fast-xml-parser, JSON.parse and (when installed) xmllint and Python's feedparser.
 */
import { Feed } from "feed";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildContent } from "../../src/content/load-content";
import type { ArticleMeta } from "../../src/content/schema";
import { buildFeedModel } from "../../src/feeds/build-feed-model";
import type { FeedModel } from "../../src/feeds/feed-model";
import { standardFormats } from "../../src/feeds/formats";
import { feedLinks } from "../../src/urls/url-map";
import { fixtureContent, fixtureMedia } from "./helpers/articles";
import { announceSkip, feedparser, feedparserTool, xmllint, xmllintTool } from "./helpers/external-parsers";
import {
  attributeProblems,
  type FeedDocuments,
  fetchFeeds,
  htmlToText,
  markdownArticle,
  NS,
  ORIGIN,
  parseXml,
  renderAll,
  siteConfig,
  siteFeedModel,
  textOf,
  texts,
  type XmlNode,
  xmlProblem,
} from "./helpers/feeds";

announceSkip(feedparserTool, "feed-defect checks with Python feedparser");
announceSkip(xmllintTool, "feed-defect checks with xmllint");

/** Characters XML 1.0 forbids, plus the ones it discourages and our build strips (not U+0085). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

const canaryBase = {
  title: "Canary",
  id: "https://canary.example/",
  link: "https://canary.example/",
  copyright: "none",
  updated: new Date("2025-01-01T00:00:00Z"),
  generator: false,
} as const;

function canaryItem(overrides: Record<string, unknown> = {}) {
  return {
    title: "Item",
    link: "https://canary.example/item",
    date: new Date("2025-01-01T00:00:00Z"),
    ...overrides,
  };
}

function rssItems(rss: string): XmlNode[] {
  return parseXml(rss).rss.channel.item;
}

function atomEntries(atom: string): XmlNode[] {
  return parseXml(atom).feed.entry;
}

function jsonItems(json: string): Record<string, unknown>[] {
  return (JSON.parse(json) as { items: Record<string, unknown>[] }).items;
}

function expectWellFormed(documents: FeedDocuments): void {
  expect(xmlProblem(documents.rss)).toBeUndefined();
  expect(xmlProblem(documents.atom)).toBeUndefined();
  expect(attributeProblems(documents.rss)).toEqual([]);
  expect(attributeProblems(documents.atom)).toEqual([]);
  expect(() => JSON.parse(documents.json)).not.toThrow();
  if (xmllintTool.available) {
    expect(xmllint(documents.rss)).toEqual({ ok: true, errors: "" });
    expect(xmllint(documents.atom)).toEqual({ ok: true, errors: "" });
  }
}

function article(overrides: Partial<ArticleMeta>): ArticleMeta {
  return {
    id: "tag:news.example.com,2025-01-01:defect",
    slug: "defect",
    title: "Defect",
    summary: "Summary.",
    published: "2025-01-01T09:00:00Z",
    updated: "2025-01-02T09:00:00Z",
    authors: ["Jane Doe"],
    section: "World",
    tags: ["Tag"],
    highlights: [],
    formerSlugs: [],
    shortCode: "defect01",
    ...overrides,
  };
}

/** A model made straight from article metadata, as a store other than the bundled one could give it. */
function modelOf(meta: ArticleMeta, bodyHtml: string): FeedModel {
  const config = siteConfig();
  return buildFeedModel(
    config,
    {
      id: `${config.origin}/atom.xml`,
      links: feedLinks(config.origin, "", standardFormats),
      hubs: [],
      title: config.title,
      description: config.description,
      homePath: "/",
      paging: { kind: "complete" },
    },
    [meta],
    new Map([[meta.slug, bodyHtml]]),
  );
}

async function pipelineFeeds(files: Record<string, string>): Promise<FeedDocuments> {
  return texts(await fetchFeeds(buildContent(files, fixtureMedia)));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("defect: feed writes JSON Feed 1.0 with a singular `author`", () => {
  it("canary: feed 6.0.0 still does", () => {
    const feed = new Feed({ ...canaryBase, author: { name: "Publisher" } });
    feed.addItem(canaryItem({ author: [{ name: "Jane Doe" }] }));
    const json = JSON.parse(feed.json1());
    expect(json.version).toBe("https://jsonfeed.org/version/1");
    expect(json.author).toEqual({ name: "Publisher" });
    expect(json.items[0].author).toEqual({ name: "Jane Doe" });
  });

  it("ours is JSON Feed 1.1 with `authors` arrays and no `author` anywhere", () => {
    const json = renderAll(siteFeedModel(fixtureContent())).json;
    const feed = JSON.parse(json);
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.authors).toEqual([{ name: siteConfig().publisher }]);
    expect(feed.items[0].authors).toEqual([{ name: "Jane Doe" }, { name: "Omar Haddad" }]);
    expect(json).not.toMatch(/"author"\s*:/);
  });
});

describe("defect: feed writes a name-only RSS <author>", () => {
  it("canary: feed 6.0.0 still does", () => {
    const feed = new Feed(canaryBase);
    feed.addItem(canaryItem({ author: [{ name: "Jane Doe" }] }));
    expect(textOf(rssItems(feed.rss2())[0].author[0])).toBe("Jane Doe");
  });

  it("ours names authors in dc:creator only", () => {
    const rss = renderAll(siteFeedModel(fixtureContent())).rss;
    const items = rssItems(rss);
    expect(parseXml(rss).rss["@_xmlns:dc"]).toBe(NS.dc);
    expect(items[0]["dc:creator"].map(textOf)).toEqual(["Jane Doe", "Omar Haddad"]);
    for (const item of items) expect(item.author).toBeUndefined();
    expect(rss).not.toMatch(/<author[\s>]/);
  });
});

describe("defect: feed passes control characters and U+FFFE through", () => {
  // U+0001 is left out of bodies: in stored HTML it marks the site origin (see site-urls.ts).
  const dirtyBody = (text: string) => `${text}\u0000\u0008\u000b\u000c\u001f\u007f\u0080\u009f\ufffe\uffff!`;
  const dirty = (text: string) =>
    `${text}\u0000\u0001\u0008\u000b\u000c\u001f\u007f\u0080\u009f\ufffe\uffff!`;

  it("canary: feed 6.0.0 still does", () => {
    const feed = new Feed({ ...canaryBase, title: dirty("Title") });
    feed.addItem(canaryItem({ title: dirty("Item"), content: dirty("<p>Body</p>") }));
    const rss = feed.rss2();
    expect(rss).toMatch(FORBIDDEN);
    if (xmllintTool.available) expect(xmllint(rss).ok).toBe(false);
  });

  it("ours strips them from every text, even when the store hands them over", () => {
    const meta = article({
      id: dirty("tag:news.example.com,2025-01-01:dirty"),
      title: dirty("Title"),
      summary: dirty("Summary"),
      authors: [dirty("Jane Doe")],
      section: dirty("World"),
      tags: [dirty("Tag")],
      highlights: [dirty("Bullet")],
      dateline: dirty("GAZA"),
      image: { url: "/images/a.jpg", alt: dirty("Alt"), caption: dirty("Caption"), credit: dirty("Credit") },
    });
    const documents = renderAll(
      modelOf(meta, `<p>${dirtyBody("Body")} <a href="\u0001/articles/x">x</a></p>`),
    );
    for (const document of Object.values(documents)) expect(document).not.toMatch(FORBIDDEN);
    expectWellFormed(documents);
    const rss = rssItems(documents.rss)[0];
    const atom = atomEntries(documents.atom)[0];
    const json = jsonItems(documents.json)[0] as Record<string, unknown>;
    expect(textOf(rss.title)).toBe("Title!");
    expect(textOf(atom.title)).toBe("Title!");
    expect(json.title).toBe("Title!");
    expect(textOf(rss.guid)).toBe("tag:news.example.com,2025-01-01:dirty!");
    expect(textOf(atom.id)).toBe("tag:news.example.com,2025-01-01:dirty!");
    expect(rss.category.map(textOf)).toEqual(["World!", "Tag!"]);
    expect(textOf(rss["dc:creator"][0])).toBe("Jane Doe!");
    expect(textOf(rss["content:encoded"])).toContain(`<p>Body! <a href="${ORIGIN}/articles/x">x</a></p>`);
    expect(json._news).toMatchObject({ dateline: "GAZA!", highlights: ["Bullet!"] });
  });

  it("ours strips them when they come from a Markdown source, YAML escapes or HTML character references", async () => {
    const source = markdownArticle(
      {
        id: "urn:uuid:9b2c1e0a-0000-4000-8000-00000000c0de",
        title: "Raw\u0001 and escaped\u0002\ufffe title",
        published: "2025-01-01T09:00:00Z",
        section: "World",
        tags: ["Tag\u0007"],
      },
      "Raw \u0003control\ufffe text.\n\n<p>Character references &#2;&#x1F;&#xFFFE;end.</p>",
      "escaped",
    );
    const documents = await pipelineFeeds({ "control-characters.md": source });
    for (const document of Object.values(documents)) expect(document).not.toMatch(FORBIDDEN);
    expectWellFormed(documents);
    expect(textOf(rssItems(documents.rss)[0].title)).toBe("Raw and escaped title");
    expect(htmlToText(textOf(atomEntries(documents.atom)[0].content))).toContain("Character references end.");
  });
});

describe('defect: feed ends CDATA at the second "]]>"', () => {
  const twice = "a ]]> b ]]> c";

  it("canary: feed 6.0.0 still does", () => {
    const feed = new Feed(canaryBase);
    feed.addItem(canaryItem({ title: twice, description: twice, content: `<p>${twice}</p>` }));
    const rss = feed.rss2();
    expect(xmlProblem(rss)).toBeDefined();
    if (xmllintTool.available) expect(xmllint(rss).errors).toContain("Sequence ']]>' not allowed");
  });

  it('ours keeps "]]>" twice intact in title, summary, tags, authors, caption and body', () => {
    const meta = article({
      title: `Title ${twice}`,
      summary: `Summary ${twice}`,
      authors: [`Author ${twice}`],
      tags: [`Tag ${twice}`],
      highlights: [`Bullet ${twice}`],
      image: { caption: `Caption ${twice}`, credit: `Credit ${twice}` },
    });
    const documents = renderAll(modelOf(meta, `<p>Body ${twice.replaceAll(">", "&gt;")}</p>`));
    expectWellFormed(documents);
    const rss = rssItems(documents.rss)[0];
    const atom = atomEntries(documents.atom)[0];
    const json = jsonItems(documents.json)[0] as Record<string, unknown>;
    for (const title of [textOf(rss.title), textOf(atom.title), json.title])
      expect(title).toBe(`Title ${twice}`);
    expect(htmlToText(textOf(rss.description))).toBe(`Summary ${twice}`);
    expect(textOf(atom.summary)).toBe(`Summary ${twice}`);
    expect(json.summary).toBe(`Summary ${twice}`);
    expect(textOf(rss.category[1])).toBe(`Tag ${twice}`);
    expect(atom.category[1]["@_term"]).toBe(`Tag ${twice}`);
    expect(json.tags).toEqual(["World", `Tag ${twice}`]);
    expect(textOf(rss["dc:creator"][0])).toBe(`Author ${twice}`);
    for (const html of [textOf(rss["content:encoded"]), textOf(atom.content), json.content_html as string]) {
      const text = htmlToText(html);
      expect(text).toContain(`Body ${twice}`);
      expect(text).toContain(`Bullet ${twice}`);
      expect(text).toContain(`Caption ${twice} (Credit ${twice})`);
    }
    if (feedparserTool.available) {
      for (const document of [documents.rss, documents.atom]) {
        const parsed = feedparser(document);
        expect(parsed.bozo).toBe(0);
        expect(parsed.entries[0]?.title).toBe(`Title ${twice}`);
        expect(parsed.entries[0]?.tags.map((tag) => tag.term)).toEqual(["World", `Tag ${twice}`]);
      }
    }
  });
});

describe("defect: feed leaves < and & unescaped in attribute values", () => {
  const scheme = `${ORIGIN}/tags/?q=a&b=<c>&quote="d"`;

  it("canary: feed 6.0.0 still does (category domain, enclosure title)", () => {
    const withDomain = new Feed(canaryBase);
    withDomain.addItem(canaryItem({ category: [{ name: "Tag", domain: scheme }] }));
    expect(attributeProblems(withDomain.rss2())).toEqual([
      `domain="${scheme.replace('"d"', "&quot;d&quot;")}"`,
    ]);
    const withEnclosure = new Feed(canaryBase);
    withEnclosure.addItem(
      canaryItem({ enclosure: { url: "https://canary.example/a.jpg", title: "Tom & <Jerry>" } }),
    );
    expect(attributeProblems(withEnclosure.rss2())).toEqual(['title="Tom & <Jerry>"']);
    expect(attributeProblems(withEnclosure.atom1())).toEqual(['title="Tom & <Jerry>"']);
    if (xmllintTool.available) {
      expect(xmllint(withDomain.rss2()).errors).toContain("Unescaped '<' not allowed in attributes values");
      expect(xmllint(withEnclosure.rss2()).ok).toBe(false);
    }
  });

  it("ours escapes them: category domain and term, media URL and texts read back exactly", () => {
    const model = modelOf(
      article({
        tags: ["R&D <lab> \"quoted\" 'single'"],
        image: {
          url: "https://cdn.example.com/photo.jpg?w=1&h=2&c=<x>",
          alt: 'Alt & <alt> "q"',
          caption: "Caption & <caption>",
          credit: "Credit & <credit>",
          width: 1200,
          height: 800,
          type: "image/jpeg",
          bytes: 5000,
        },
      }),
      "<p>Body</p>",
    );
    model.items = model.items.map((item) => ({
      ...item,
      tags: item.tags.map((tag) => ({ ...tag, scheme })),
    }));
    const documents = renderAll(model);
    expectWellFormed(documents);
    const rss = rssItems(documents.rss)[0];
    expect(rss.category[1]["@_domain"]).toBe(scheme);
    expect(textOf(rss.category[1])).toBe("R&D <lab> \"quoted\" 'single'");
    const media = rss["media:content"][0];
    expect(media["@_url"]).toBe("https://cdn.example.com/photo.jpg?w=1&h=2&c=<x>");
    // Typed html (a "<" in a plain description is a validator warning), so it reads back as HTML.
    expect(media["media:description"]["@_type"]).toBe("html");
    expect(htmlToText(textOf(media["media:description"]))).toBe("Caption & <caption>");
    expect(textOf(media["media:credit"])).toBe("Credit & <credit>");
    expect(media["media:thumbnail"][0]["@_url"]).toBe("https://cdn.example.com/photo.jpg?w=1&h=2&c=<x>");
    expect(rss.enclosure[0]["@_url"]).toBe("https://cdn.example.com/photo.jpg?w=1&h=2&c=<x>");
    const atom = atomEntries(documents.atom)[0];
    expect(atom.category[1]["@_term"]).toBe("R&D <lab> \"quoted\" 'single'");
    expect(atom.category[1]["@_scheme"]).toBe(scheme);
    expect(atom["media:content"][0]["@_url"]).toBe("https://cdn.example.com/photo.jpg?w=1&h=2&c=<x>");
    expect(atom["media:content"][0]["media:thumbnail"][0]["@_url"]).toBe(
      "https://cdn.example.com/photo.jpg?w=1&h=2&c=<x>",
    );
    const enclosure = atom.link.find((link: Record<string, string>) => link["@_rel"] === "enclosure");
    expect(enclosure["@_href"]).toBe("https://cdn.example.com/photo.jpg?w=1&h=2&c=<x>");
    const json = jsonItems(documents.json)[0] as Record<string, unknown>;
    expect(json.image).toBe("https://cdn.example.com/photo.jpg?w=1&h=2&c=<x>");
    expect(json.tags).toEqual(["World", "R&D <lab> \"quoted\" 'single'"]);
  });
});

describe("defect: feed types Atom titles and summaries as html", () => {
  it("canary: feed 6.0.0 still does", () => {
    const feed = new Feed(canaryBase);
    feed.addItem(canaryItem({ title: "<Friends>", description: "<Friends> & co" }));
    const entry = atomEntries(feed.atom1())[0];
    expect(entry.title["@_type"]).toBe("html");
    expect(entry.summary["@_type"]).toBe("html");
  });

  it('ours types every plain text as type="text", so "<Friends>" stays text', () => {
    const documents = renderAll(
      modelOf(article({ title: "<Friends> & co", summary: "<b>not bold</b> & <Friends>" }), "<p>x</p>"),
    );
    const feed = parseXml(documents.atom).feed;
    for (const node of [feed.title, feed.subtitle, feed.rights]) expect(node["@_type"]).toBe("text");
    const entry = feed.entry[0];
    expect(entry.title["@_type"]).toBe("text");
    expect(textOf(entry.title)).toBe("<Friends> & co");
    expect(entry.summary["@_type"]).toBe("text");
    expect(textOf(entry.summary)).toBe("<b>not bold</b> & <Friends>");
    expect(entry.content["@_type"]).toBe("html");
    if (feedparserTool.available) {
      const parsed = feedparser(documents.atom).entries[0];
      expect(parsed?.title).toBe("<Friends> & co");
      expect(parsed?.title_detail?.type).toBe("text/plain");
      expect(parsed?.summary).toBe("<b>not bold</b> & <Friends>");
    }
  });
});

describe('defect: feed dates the document "now" when it is given no date', () => {
  it("canary: feed 6.0.0 still does", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2031-07-04T12:34:56Z"));
    const { updated: _updated, ...options } = canaryBase;
    const feed = new Feed(options);
    expect(textOf(parseXml(feed.rss2()).rss.channel.lastBuildDate)).toBe("Fri, 04 Jul 2031 12:34:56 GMT");
  });

  it("ours gives byte-identical documents at different times, dated by the content", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const first = renderAll(siteFeedModel(fixtureContent()));
    const firstServed = texts(await fetchFeeds(fixtureContent(), Date.now()));
    vi.setSystemTime(new Date("2035-06-15T18:45:00Z"));
    const second = renderAll(siteFeedModel(fixtureContent()));
    const secondServed = texts(await fetchFeeds(fixtureContent(), Date.now()));
    expect(second).toEqual(first);
    expect(secondServed).toEqual(firstServed);
    expect(secondServed).toEqual(first);
    expect(textOf(parseXml(first.rss).rss.channel.lastBuildDate)).toBe("Sun, 02 Mar 2025 08:30:00 GMT");
    expect(textOf(parseXml(first.atom).feed.updated)).toBe("2025-03-02T08:30:00Z");
  });

  it("ours dates an empty feed with a fixed date, not the clock", () => {
    const empty = (): FeedModel => ({ ...siteFeedModel({ version: "empty", articles: [] }) });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const first = renderAll(empty());
    vi.setSystemTime(new Date("2040-01-01T00:00:00Z"));
    expect(renderAll(empty())).toEqual(first);
    expectWellFormed(first);
    expect(first.rss).not.toMatch(/20[34]0/);
    expect(first.atom).not.toMatch(/20[34]0/);
  });
});

describe("defect: feed throws on relative URLs", () => {
  it("canary: feed 6.0.0 still does", () => {
    expect(() => new Feed({ ...canaryBase, link: "/" }).rss2()).toThrow(/Invalid URL/);
    const feed = new Feed(canaryBase);
    feed.addItem(canaryItem({ link: "/articles/x" }));
    expect(() => feed.rss2()).toThrow(/Invalid URL/);
  });

  it("ours makes every site-relative link, image and lead image absolute in every format", async () => {
    const source = markdownArticle(
      {
        id: "urn:uuid:3f0e8a52-7c1d-4b8e-9a55-0d2b6c4e1f00",
        title: "Relative links",
        published: "2025-01-01T09:00:00Z",
        section: "World",
        image: { url: "/media/harbour-1600x900.jpg", alt: "Lead", caption: "Lead image" },
      },
      [
        "Links: [root](/articles/other), [sibling](sibling-article), [parent](../tags/iran),",
        "[query](?page=2#top), and [elsewhere](https://elsewhere.example/x).",
        "",
        '![Chart](../images/chart.png) <img src="/images/raw.png" alt="Raw">',
      ].join("\n"),
    );
    const documents = await pipelineFeeds({ "relative-links.md": source });
    expectWellFormed(documents);
    const rss = rssItems(documents.rss)[0];
    const atom = atomEntries(documents.atom)[0];
    const json = jsonItems(documents.json)[0] as Record<string, unknown>;
    const lead = fixtureMedia("harbour-1600x900.jpg");
    const leadUrl = `${ORIGIN}/media/${lead && "key" in lead ? lead.key : "?"}`;
    const expectedUrls = [
      `${ORIGIN}/articles/other`,
      `${ORIGIN}/articles/sibling-article`,
      `${ORIGIN}/tags/iran`,
      `${ORIGIN}/articles/relative-links?page=2#top`,
      "https://elsewhere.example/x",
      `${ORIGIN}/images/chart.png`,
      `${ORIGIN}/images/raw.png`,
      leadUrl,
    ];
    for (const html of [textOf(rss["content:encoded"]), textOf(atom.content), json.content_html as string]) {
      const urls = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((match) => match[1]);
      expect(urls.sort()).toEqual([...expectedUrls].sort());
    }
    expect(rss["media:content"][0]["@_url"]).toBe(leadUrl);
    expect(atom["media:content"][0]["@_url"]).toBe(leadUrl);
    expect(json.image).toBe(leadUrl);
  });
});

describe('defect: xml-js turns a literal "&amp;" in text into "&"', () => {
  it("canary: feed 6.0.0 (through xml-js) still does", () => {
    const feed = new Feed({ ...canaryBase, title: "Fish &amp; Chips" });
    feed.addItem(canaryItem({ category: [{ name: "R&amp;D" }], id: "tag:canary.example,2025:a&amp;b" }));
    const doc = parseXml(feed.rss2());
    expect(textOf(doc.rss.channel.title)).toBe("Fish & Chips");
    expect(textOf(doc.rss.channel.item[0].category[0])).toBe("R&D");
  });

  it('ours keeps "&amp;" as the text "&amp;" in titles, ids, tags, authors and summaries', async () => {
    const source = markdownArticle(
      {
        id: "tag:news.example.com,2025-01-01:fish&amp;chips",
        title: "Fish &amp; Chips &lt;3",
        published: "2025-01-01T09:00:00Z",
        authors: ["Smith &amp; Jones"],
        section: "Food &amp; Drink",
        tags: ["R&amp;D", "A & B"],
        summary: "The text &amp; is an entity, & is not.",
        highlights: ["Bullet &amp;"],
        image: { caption: "Caption &amp;", credit: "Credit &amp;" },
      },
      "Body text.",
    );
    const documents = await pipelineFeeds({ "literal-entities.md": source });
    expectWellFormed(documents);
    const rss = rssItems(documents.rss)[0];
    const atom = atomEntries(documents.atom)[0];
    const json = jsonItems(documents.json)[0] as Record<string, unknown>;
    const title = "Fish &amp; Chips &lt;3";
    expect(textOf(rss.title)).toBe(title);
    expect(textOf(atom.title)).toBe(title);
    expect(json.title).toBe(title);
    const id = "tag:news.example.com,2025-01-01:fish&amp;chips";
    expect(textOf(rss.guid)).toBe(id);
    expect(textOf(atom.id)).toBe(id);
    expect(json.id).toBe(id);
    expect(rss.category.map(textOf)).toEqual(["Food &amp; Drink", "R&amp;D", "A & B"]);
    expect(atom.category.map((category: XmlNode) => category["@_term"])).toEqual([
      "Food &amp; Drink",
      "R&amp;D",
      "A & B",
    ]);
    expect(json.tags).toEqual(["Food &amp; Drink", "R&amp;D", "A & B"]);
    expect(rss["dc:creator"].map(textOf)).toEqual(["Smith &amp; Jones"]);
    expect(atom.author.map((author: XmlNode) => textOf(author.name))).toEqual(["Smith &amp; Jones"]);
    const summary = "The text &amp; is an entity, & is not.";
    expect(htmlToText(textOf(rss.description))).toBe(summary);
    expect(textOf(atom.summary)).toBe(summary);
    expect(json.summary).toBe(summary);
    for (const html of [textOf(rss["content:encoded"]), textOf(atom.content), json.content_html as string]) {
      expect(htmlToText(html)).toContain("Bullet &amp;");
      expect(htmlToText(html)).toContain("Caption &amp; (Credit &amp;)");
    }
    if (feedparserTool.available) {
      // Atom says type="text", so feedparser need not guess: the text comes back as written.
      const entry = feedparser(documents.atom).entries[0];
      expect(entry?.title).toBe(title);
      expect(entry?.id).toBe(id);
      expect(feedparser(documents.rss).entries[0]?.id).toBe(id);
    }
  });
});

describe("defect: feed declares xmlns:dc only when some item has content", () => {
  it("canary: feed 6.0.0 still does", () => {
    const feed = new Feed(canaryBase);
    feed.addItem(canaryItem({ extensions: [{ name: "dc:creator", objects: { _text: "Jane Doe" } }] }));
    const rss = feed.rss2();
    expect(parseXml(rss).rss["@_xmlns:dc"]).toBeUndefined();
    if (xmllintTool.available)
      expect(xmllint(rss).errors).toContain("Namespace prefix dc on creator is not defined");
  });

  it("ours declares it for dc:creator even when the only item's body sanitises to nothing", async () => {
    const source = markdownArticle(
      {
        id: "urn:uuid:6a1d2c3b-4e5f-4a7b-8c9d-0e1f2a3b4c5d",
        title: "Nothing left",
        published: "2025-01-01T09:00:00Z",
        section: "World",
      },
      "<script>alert(1)</script>",
    );
    const documents = await pipelineFeeds({ "nothing-left.md": source });
    expectWellFormed(documents);
    const doc = parseXml(documents.rss);
    const creator = doc.rss.channel.item[0]["dc:creator"][0];
    expect(doc.rss["@_xmlns:dc"] ?? creator["@_xmlns:dc"]).toBe(NS.dc);
    if (feedparserTool.available) {
      const parsed = feedparser(documents.rss);
      expect(parsed.bozo_exception).toBeNull();
      expect(parsed.entries[0]?.authors).toEqual([siteConfig().defaultAuthor]);
    }
  });
});
