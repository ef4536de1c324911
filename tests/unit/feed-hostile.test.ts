/**
 * Hostile text through the whole pipeline: Markdown source files → buildContent → bundled store →
 * the worker app → /feed.xml, /atom.xml and /feed.json. Every document must be well-formed
 * (fast-xml-parser, xmllint, JSON.parse) and every text must come out exactly as written, less the
 * characters XML forbids, in every format; Python's feedparser must read the same.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildContent } from "../../src/content/load-content";
import {
  announceSkip,
  type FpResult,
  feedparser,
  feedparserTool,
  xmllint,
  xmllintTool,
} from "./helpers/external-parsers";
import {
  attributeProblems,
  type FeedDocuments,
  type FetchedFeed,
  fetchFeeds,
  htmlToText,
  markdownArticle,
  ORIGIN,
  parseXml,
  textOf,
  type XmlNode,
  xmlProblem,
} from "./helpers/feeds";

announceSkip(feedparserTool, "hostile-text checks with Python feedparser");
announceSkip(xmllintTool, "hostile-text checks with xmllint");

/**
 * Every name below has a letter or digit, and no two of them share a slug unless they are one name:
 * the build refuses a tag of "<&>" or an emoji alone (no URL), and "World 🌍" beside "World" (one URL
 * for two names); hardening-content.test.ts checks those.
 */

/** What XML 1.0 forbids or discourages, as an author's editor might save it into a file. */
const CONTROL_CHARS = "\u0000\u0001\u0002\u0008\u000b\u000c\u001b\u001f\u007f\u0080\u0090\u009f\ufffe\uffff";
const CONTROL = `Con${CONTROL_CHARS}trol chars`;
const CDATA_TWICE = "Ends ]]> once and ]]> twice";
const MARKUP = `Less <&> more "double" 'single' a<b && c>d`;
const ARABIC = "\u200fالقدس: مستوطنون يقتحمون المسجد الأقصى في يناير";
const EMOJI = "Family 👨‍👩‍👧‍👦 rainbow 🏳️‍🌈 thumbs 👍🏽 flags 🇵🇸🇮🇱 keycap 1️⃣ heart ❤️‍🔥";

/** Exactly `length` code points of `unit` repeated, ending in "END". */
function long(unit: string, length: number): string {
  const codePoints = Array.from(unit.repeat(Math.ceil(length / Array.from(unit).length) + 1)).slice(
    0,
    length - 3,
  );
  return `${codePoints.join("")}END`;
}
const LONG = long("Talks in Cairo & Doha <resume> — محادثات 🕊️ ]]> ", 2000);
// In Markdown "<resume>" is an HTML tag (which the sanitiser drops), so the body has none.
const LONG_BODY = long("Talks in Cairo & Doha — محادثات 🕊️ ]]> ", 2000);

/** The text as it must come out: the forbidden characters removed, nothing else changed. */
function clean(text: string): string {
  return [...CONTROL_CHARS].reduce((result, char) => result.replaceAll(char, ""), text);
}

interface HostileArticle {
  file: string;
  id: string;
  title: string;
  section: string;
  tags: string[];
  summary: string;
  highlights: string[];
  dateline: string;
  caption: string;
  credit: string;
  /** Texts each written as a paragraph of the body. */
  paragraphs: string[];
  mode: "raw" | "escaped";
}

const articles: HostileArticle[] = [
  {
    file: "hostile-control-characters-raw.md",
    id: "urn:uuid:10000000-0000-4000-8000-000000000001",
    title: `${CONTROL} | ${CDATA_TWICE}`,
    section: `World${CONTROL_CHARS}`,
    tags: [`Tag ${CONTROL}`, "]]> tag ]]>", "<&> label"],
    summary: `Summary ${CONTROL} ${CDATA_TWICE}`,
    highlights: [`Bullet ${CONTROL}`, `Bullet ${CDATA_TWICE}`],
    dateline: `CAIRO${CONTROL_CHARS}`,
    caption: `Caption ${CONTROL}`,
    credit: `Credit ${CDATA_TWICE}`,
    paragraphs: [`Body ${CONTROL}.`, `Body ${CDATA_TWICE}.`],
    mode: "raw",
  },
  {
    file: "hostile-control-characters-escaped.md",
    id: "urn:uuid:10000000-0000-4000-8000-000000000002",
    title: `Escaped ${CONTROL} | ${CDATA_TWICE}`,
    section: "World",
    tags: [`Escaped ${CONTROL}`, "]]>]]> end"],
    summary: `Escaped summary ${CONTROL}`,
    highlights: [`Escaped bullet ${CONTROL}`],
    dateline: `GAZA${CONTROL_CHARS}`,
    caption: `Escaped caption ${CONTROL}`,
    credit: `Escaped credit ${CONTROL}`,
    paragraphs: [`Escaped body ${CDATA_TWICE}.`],
    mode: "escaped",
  },
  {
    file: "hostile-markup.md",
    id: "urn:uuid:10000000-0000-4000-8000-000000000003",
    title: MARKUP,
    section: "Markup & <Section>",
    tags: ["R&D <lab>", "<&> amp", "\"quoted\" & 'single'"],
    summary: `Summary ${MARKUP}`,
    highlights: [`Bullet ${MARKUP}`],
    dateline: "<&> CITY",
    caption: `Caption ${MARKUP}`,
    credit: "]]> Credit & <Co> ]]>",
    paragraphs: [`Body ${MARKUP}.`, "Body <&>."],
    mode: "raw",
  },
  {
    file: "hostile-arabic.md",
    id: "urn:uuid:10000000-0000-4000-8000-000000000004",
    title: ARABIC,
    section: "الشرق الأوسط",
    tags: ["القدس", "المسجد الأقصى", "Mixed عربي English"],
    summary: "ملخص: اقتحم 4,397 مستوطنا المسجد الأقصى.",
    highlights: ["سجلت محافظة القدس 86 عملية هدم"],
    dateline: "القدس",
    caption: "صورة من القدس",
    credit: "وكالة وفا",
    paragraphs: ["قالت محافظة القدس إن الرقم يشير إلى تصعيد كبير.", `Mixed ${ARABIC} and English.`],
    mode: "raw",
  },
  {
    file: "hostile-emoji.md",
    id: "urn:uuid:10000000-0000-4000-8000-000000000005",
    title: EMOJI,
    section: "Earth 🌍",
    tags: ["Pride 🏳️‍🌈", "👨‍👩‍👧‍👦 family", "Palestine 🇵🇸"],
    summary: `Summary ${EMOJI}`,
    highlights: [`Bullet ${EMOJI}`],
    dateline: "🌍 EVERYWHERE",
    caption: "Caption 📷",
    credit: "Credit ©️ 👩🏾‍💻",
    paragraphs: [`Body ${EMOJI}.`],
    mode: "raw",
  },
  {
    file: "hostile-long-title.md",
    id: "urn:uuid:10000000-0000-4000-8000-000000000006",
    title: LONG,
    section: "World",
    tags: ["Long"],
    summary: "A title of two thousand characters.",
    highlights: ["Long bullet"],
    dateline: "DOHA",
    caption: "Long caption",
    credit: "Long credit",
    paragraphs: [`Body of the long one: ${LONG_BODY}`],
    mode: "raw",
  },
];

function sourceOf(article: HostileArticle, index: number): string {
  return markdownArticle(
    {
      id: article.id,
      title: article.title,
      published: `2025-01-${String(10 + index).padStart(2, "0")}T09:00:00Z`,
      section: article.section,
      tags: article.tags,
      summary: article.summary,
      highlights: article.highlights,
      dateline: article.dateline,
      image: { caption: article.caption, credit: article.credit },
    },
    article.paragraphs.join("\n\n"),
    article.mode,
  );
}

/** Newest first, as the feeds list them. */
const newestFirst = [...articles].reverse();

const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("hostile text through the whole pipeline", () => {
  let fetched: Record<keyof FeedDocuments, FetchedFeed>;
  let documents: FeedDocuments;
  let rssItems: XmlNode[];
  let atomEntries: XmlNode[];
  let jsonItems: Record<string, unknown>[];

  beforeAll(async () => {
    const files = Object.fromEntries(
      articles.map((article, index) => [article.file, sourceOf(article, index)]),
    );
    fetched = await fetchFeeds(buildContent(files));
    documents = { rss: fetched.rss.text, atom: fetched.atom.text, json: fetched.json.text };
    rssItems = parseXml(documents.rss).rss.channel.item;
    atomEntries = parseXml(documents.atom).feed.entry;
    jsonItems = (JSON.parse(documents.json) as { items: Record<string, unknown>[] }).items;
  });

  it("builds the fixtures as intended (a 2,000-character title; control characters in the sources)", () => {
    expect(Array.from(LONG)).toHaveLength(2000);
    expect(Array.from(LONG_BODY)).toHaveLength(2000);
    expect(sourceOf(articles[0] as HostileArticle, 0)).toContain("\u0001");
    expect(sourceOf(articles[1] as HostileArticle, 1)).toContain("\\u0001");
    expect(sourceOf(articles[1] as HostileArticle, 1)).not.toContain("\u0001");
  });

  it("serves all three feeds", () => {
    for (const feed of Object.values(fetched)) expect(feed.status).toBe(200);
  });

  it("keeps every document well-formed (fast-xml-parser, attribute values, JSON.parse)", () => {
    expect(xmlProblem(documents.rss)).toBeUndefined();
    expect(xmlProblem(documents.atom)).toBeUndefined();
    expect(attributeProblems(documents.rss)).toEqual([]);
    expect(attributeProblems(documents.atom)).toEqual([]);
    expect(() => JSON.parse(documents.json)).not.toThrow();
  });

  it("lets no character XML forbids into any format", () => {
    for (const document of Object.values(documents)) expect(document).not.toMatch(FORBIDDEN);
    // JSON escapes would hide them from the check above.
    expect(JSON.stringify(JSON.parse(documents.json))).not.toMatch(/\\u00[01][0-9a-f]|\\u007f/i);
  });

  it("lists every article, newest first, under its id", () => {
    const ids = newestFirst.map((article) => article.id);
    expect(rssItems.map((item) => textOf(item.guid))).toEqual(ids);
    expect(atomEntries.map((entry) => textOf(entry.id))).toEqual(ids);
    expect(jsonItems.map((item) => item.id)).toEqual(ids);
  });

  describe.each(newestFirst.map((article, index) => ({ article, index, name: article.file })))(
    "$name",
    ({ article, index }) => {
      const title = clean(article.title);
      const section = clean(article.section);
      const tags = article.tags.map(clean);

      it("keeps the title exactly in every format", () => {
        expect(textOf(rssItems[index].title)).toBe(title);
        expect(textOf(atomEntries[index].title)).toBe(title);
        expect(jsonItems[index]?.title).toBe(title);
      });

      it("keeps the section and tags exactly in every format", () => {
        expect(rssItems[index].category.map(textOf)).toEqual([section, ...tags]);
        expect(atomEntries[index].category.map((category: XmlNode) => category["@_term"])).toEqual([
          section,
          ...tags,
        ]);
        expect(jsonItems[index]?.tags).toEqual([...new Set([section, ...tags])]);
      });

      it("keeps the summary exactly in every format", () => {
        const summary = clean(article.summary);
        expect(htmlToText(textOf(rssItems[index].description))).toBe(summary);
        expect(textOf(atomEntries[index].summary)).toBe(summary);
        expect(jsonItems[index]?.summary).toBe(summary);
      });

      it("keeps the body, bullets, dateline, caption and credit in every format's content", () => {
        const contents = [
          textOf(rssItems[index]["content:encoded"]),
          textOf(atomEntries[index].content),
          jsonItems[index]?.content_html as string,
        ];
        for (const html of contents) {
          const text = htmlToText(html);
          for (const paragraph of article.paragraphs) expect(text).toContain(clean(paragraph));
          for (const bullet of article.highlights) expect(text).toContain(clean(bullet));
          expect(text).toContain(`${clean(article.dateline)}: `);
          expect(text).toContain(`${clean(article.caption)} (${clean(article.credit)})`);
        }
      });

      it("keeps the news fields exactly in JSON Feed's _news", () => {
        expect(jsonItems[index]?._news).toEqual({
          section,
          dateline: clean(article.dateline),
          highlights: article.highlights.map(clean),
          image: { caption: clean(article.caption), credit: clean(article.credit) },
          short_url: expect.stringMatching(/^https:\/\/news\.example\.com\/s\/[0-9a-z]{8}$/),
        });
      });
    },
  );

  describe.skipIf(!xmllintTool.available)("xmllint", () => {
    it("finds RSS and Atom well-formed and namespace-correct", () => {
      expect(xmllint(documents.rss)).toEqual({ ok: true, errors: "" });
      expect(xmllint(documents.atom)).toEqual({ ok: true, errors: "" });
    });
  });

  describe.skipIf(!feedparserTool.available)("Python feedparser", () => {
    // Parsed once, on first use (a second beforeAll here would shadow the suite's).
    let cached: { rss: FpResult; atom: FpResult } | undefined;
    const parsedFeeds = () => {
      cached ??= { rss: feedparser(documents.rss), atom: feedparser(documents.atom) };
      return cached;
    };

    it("reads both without complaint (bozo 0)", () => {
      const { rss, atom } = parsedFeeds();
      expect(rss.bozo_exception).toBeNull();
      expect(atom.bozo_exception).toBeNull();
      expect([rss.bozo, atom.bozo]).toEqual([0, 0]);
    });

    it("reads the same ids, titles, links and tags", () => {
      const { rss, atom } = parsedFeeds();
      for (const parsed of [rss, atom]) {
        expect(parsed.entries.map((entry) => entry.id)).toEqual(newestFirst.map((article) => article.id));
        parsed.entries.forEach((entry, index) => {
          const article = newestFirst[index] as HostileArticle;
          expect(entry.title).toBe(clean(article.title));
          expect(entry.link).toBe(`${ORIGIN}/articles/${article.file.replace(/\.md$/, "")}`);
          expect(entry.tags.map((tag) => tag.term)).toEqual([
            clean(article.section),
            ...article.tags.map(clean),
          ]);
        });
      }
    });

    it("reads the same body text", () => {
      const { rss, atom } = parsedFeeds();
      for (const parsed of [rss, atom]) {
        parsed.entries.forEach((entry, index) => {
          const article = newestFirst[index] as HostileArticle;
          const text = htmlToText(entry.content[0]?.value ?? "");
          for (const paragraph of article.paragraphs) expect(text).toContain(clean(paragraph));
        });
      }
    });
  });
});
