/**
 * Corrections (issue 14): the `corrections` field, how it moves `updated`, and the dated notes every
 * format and the article page show. Feeds are read back with feedparser (Python) and fast-xml-parser,
 * pages with html-validate.
 */
import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import { buildContent, ContentError } from "../../src/content/load-content";
import { parseArticle } from "../../src/content/parse-article";
import type { Article } from "../../src/content/schema";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";
import { announceSkip, feedparser, feedparserTool } from "./helpers/external-parsers";
import { FIXED_NOW, htmlToText, markdownArticle, ORIGIN, parseXml, textOf } from "./helpers/feeds";

/** An article's source with `yaml` lines added to its front matter. */
function source(yaml: string[], front: Record<string, string> = {}): string {
  const text = markdownArticle(
    {
      id: "tag:news.example.com,2025:corrected",
      title: "Talks resume",
      published: "2025-03-01T08:00:00Z",
      section: "World",
      ...front,
    },
    "Negotiators met on Saturday.",
  );
  return text.replace("\n---\n\n", `\n${yaml.join("\n")}\n---\n\n`);
}

function problemsOf(text: string): string[] {
  const result = parseArticle("corrected.md", text);
  return result.ok ? [] : result.problems;
}

function articleOf(text: string): Article {
  const result = parseArticle("corrected.md", text);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.article;
}

const twoCorrections = [
  "corrections:",
  "  - date: 2025-03-03T09:00:00+02:00",
  '    text: "An earlier version gave the wrong <b>venue</b> & date."',
  "  - date: 2025-03-02T10:00:00Z",
  "    text: The delegation was Qatar's, not Egypt's.",
];

describe("the corrections field", () => {
  it("is a list of dated notes, kept oldest first in UTC, whatever order they are written in", () => {
    const article = articleOf(source(twoCorrections));
    expect(article.corrections).toEqual([
      { date: "2025-03-02T10:00:00Z", text: "The delegation was Qatar's, not Egypt's." },
      { date: "2025-03-03T07:00:00Z", text: "An earlier version gave the wrong <b>venue</b> & date." },
    ]);
  });

  it("moves updated to the newest correction", () => {
    expect(articleOf(source(twoCorrections)).updated).toBe("2025-03-03T07:00:00Z");
    // An earlier updated is overtaken by the correction …
    const earlier = articleOf(source(twoCorrections, { updated: "2025-03-02T00:00:00Z" }));
    expect(earlier.updated).toBe("2025-03-03T07:00:00Z");
    // … and a later one is kept.
    const later = articleOf(source(twoCorrections, { updated: "2025-03-05T00:00:00Z" }));
    expect(later.updated).toBe("2025-03-05T00:00:00Z");
  });

  it("is left out of an article that has none, which keeps its updated", () => {
    const article = articleOf(source([]));
    expect(article).not.toHaveProperty("corrections");
    expect(article.updated).toBe(article.published);
  });

  it("refuses a correction dated before publication, naming the correction and the date", () => {
    expect(
      problemsOf(
        source([
          "corrections:",
          "  - date: 2025-03-02T10:00:00Z",
          "    text: Fine.",
          "  - date: 2025-02-28T23:00:00Z",
          "    text: Too early.",
        ]),
      ),
    ).toEqual([
      'corrections[1].date: expected a time no earlier than published (2025-03-01T08:00:00Z), found "2025-02-28T23:00:00Z" (corrections[1].date)',
    ]);
  });

  it.each([
    [
      "a date without a time zone",
      ["corrections:", "  - date: 2025-03-02 10:00", "    text: Fixed."],
      'expected an RFC 3339 date-time with a time zone, such as 2024-08-06T09:30:00Z or 2024-08-06T12:30:00+03:00, found string "2025-03-02 10:00" (corrections[0].date)',
    ],
    [
      "no text",
      ["corrections:", "  - date: 2025-03-02T10:00:00Z"],
      "expected text, found nothing (corrections[0].text)",
    ],
    [
      "no date",
      ["corrections:", "  - text: Fixed."],
      "expected an RFC 3339 date-time with a time zone, such as 2024-08-06T09:30:00Z or 2024-08-06T12:30:00+03:00, found nothing (corrections[0].date)",
    ],
    [
      "a field a correction has not",
      ["corrections:", "  - date: 2025-03-02T10:00:00Z", "    text: Fixed.", "    by: Desk"],
      'unknown field "by": expected no such field, found string "Desk". A correction has a date and a text. (corrections[0].by)',
    ],
    [
      "text instead of a list",
      ["corrections: fixed a typo"],
      'expected a list of corrections, each a map with date and text, found string "fixed a typo" (corrections)',
    ],
    [
      "text instead of a correction",
      ["corrections:", "  - fixed a typo"],
      'expected a correction: a map with date and text, found string "fixed a typo" (corrections[0])',
    ],
  ])("refuses %s", (_name, yaml, problem) => {
    expect(problemsOf(source(yaml))).toEqual([problem]);
  });

  it("stops the build, naming the file and the field", () => {
    const files = {
      "corrected.md": source(["corrections:", "  - date: 2025-02-01T00:00:00Z", "    text: Early."]),
    };
    expect(() => buildContent(files)).toThrow(ContentError);
    expect(() => buildContent(files)).toThrow(
      /^content\/corrected\.md: corrections\[0\]\.date: expected a time no earlier than published/m,
    );
  });
});

describe("corrections in the feeds and on the page", () => {
  const content = buildContent({
    "corrected.md": source(twoCorrections),
    "plain.md": markdownArticle(
      {
        id: "tag:news.example.com,2025:plain",
        title: "Another story",
        published: "2025-02-01T08:00:00Z",
        section: "World",
      },
      "Nothing to correct.",
    ),
  });
  const app = createApp({ storeFor: () => createMemoryStore(content), now: () => FIXED_NOW });
  const get = async (path: string) => (await app.request(path, {}, { SITE_ORIGIN: ORIGIN })).text();
  const notes = [
    "Correction, Sun, 02 Mar 2025 10:00 GMT: The delegation was Qatar's, not Egypt's.",
    "Correction, Mon, 03 Mar 2025 07:00 GMT: An earlier version gave the wrong <b>venue</b> & date.",
  ];

  /** The text of the correction notes at the end of an article's HTML, as a reader shows them. */
  const notesIn = (html: string) =>
    [...html.matchAll(/<p class="correction">([\s\S]*?)<\/p>/g)].map((match) => htmlToText(match[1] ?? ""));

  it("Atom: updated is the newest correction, and the content ends with the notes, as text", async () => {
    const xml = await get("/atom.xml");
    const entries = parseXml(xml).feed.entry;
    expect(textOf(entries[0].updated)).toBe("2025-03-03T07:00:00Z");
    expect(textOf(entries[0].published)).toBe("2025-03-01T08:00:00Z");
    const html = textOf(entries[0].content);
    expect(notesIn(html)).toEqual(notes);
    // After the body: the notes come last.
    expect(html.indexOf("Negotiators met")).toBeLessThan(html.indexOf('class="correction"'));
    expect(textOf(parseXml(xml).feed.updated)).toBe("2025-03-03T07:00:00Z");
  });

  it("RSS: the item's atom:updated is the newest correction, pubDate stays the publication", async () => {
    const rss = parseXml(await get("/feed.xml")).rss.channel;
    const [corrected, plain] = rss.item;
    expect(textOf(corrected["atom:updated"])).toBe("2025-03-03T07:00:00Z");
    expect(textOf(corrected.pubDate)).toBe("Sat, 01 Mar 2025 08:00:00 GMT");
    expect(notesIn(textOf(corrected["content:encoded"]))).toEqual(notes);
    // An item never updated says nothing more than its pubDate.
    expect(plain["atom:updated"]).toBeUndefined();
    expect(textOf(rss.lastBuildDate)).toBe("Mon, 03 Mar 2025 07:00:00 GMT");
  });

  it("JSON Feed: date_modified is the newest correction; the notes end content_html and are data in _news", async () => {
    const feed = JSON.parse(await get("/feed.json"));
    const [corrected, plain] = feed.items;
    expect(corrected.date_modified).toBe("2025-03-03T07:00:00Z");
    expect(corrected.date_published).toBe("2025-03-01T08:00:00Z");
    expect(notesIn(corrected.content_html)).toEqual(notes);
    expect(corrected._news.corrections).toEqual([
      { date: "2025-03-02T10:00:00Z", text: "The delegation was Qatar's, not Egypt's." },
      { date: "2025-03-03T07:00:00Z", text: "An earlier version gave the wrong <b>venue</b> & date." },
    ]);
    expect(plain._news).not.toHaveProperty("corrections");
  });

  announceSkip(feedparserTool, "feedparser reading corrections");
  it.skipIf(!feedparserTool.available)(
    "feedparser reads the correction's date as updated in RSS and Atom",
    async () => {
      for (const path of ["/feed.xml", "/atom.xml"]) {
        const parsed = feedparser(await get(path));
        expect(parsed.bozo, path).toBe(0);
        const [corrected, plain] = parsed.entries;
        expect(corrected?.updated_iso, path).toBe("2025-03-03T07:00:00Z");
        expect(corrected?.published_iso, path).toBe("2025-03-01T08:00:00Z");
        expect(plain?.published_iso, path).toBe("2025-02-01T08:00:00Z");
        // feedparser's own sanitiser keeps the notes, and their text as text.
        const html = corrected?.content[0]?.value ?? "";
        expect(htmlToText(html), path).toContain("An earlier version gave the wrong <b>venue</b> & date.");
      }
    },
  );

  it("the article page shows each correction as a dated note after the body, and stays valid HTML", async () => {
    const page = await get("/articles/corrected");
    const section = /<section class="corrections"[\s\S]*?<\/section>/.exec(page)?.[0] ?? "";
    expect(section).toContain('<h2 id="corrections">Corrections</h2>');
    expect(section).toContain('<time datetime="2025-03-02T10:00:00Z" data-relative="true">');
    expect(
      [...section.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) =>
        htmlToText(match[1] ?? "").replace(/\s+/g, " "),
      ),
    ).toEqual([
      "Corrected Sun, 02 Mar 2025 10:00 GMT: The delegation was Qatar's, not Egypt's.",
      "Corrected Mon, 03 Mar 2025 07:00 GMT: An earlier version gave the wrong <b>venue</b> & date.",
    ]);
    expect(page.indexOf("Negotiators met")).toBeLessThan(page.indexOf('class="corrections"'));
    expect(page).toContain('<time datetime="2025-03-03T07:00:00Z" data-relative="true">');
    const validator = new HtmlValidate({ extends: ["html-validate:standard", "html-validate:a11y"] });
    const report = await validator.validateString(page, "corrected");
    expect(report.results.flatMap((result) => result.messages.map((m) => m.message))).toEqual([]);
    expect(await get("/articles/plain")).not.toContain("Corrections");
  });
});
