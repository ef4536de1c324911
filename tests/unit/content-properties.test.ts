/**
 * Properties over the whole content pipeline: Markdown files with arbitrary Unicode (controls, lone
 * surrogates, bidi controls, "]]>", "</script>", decomposed letters) in every front matter field,
 * arbitrary field names, and arbitrary Markdown bodies. Each build either gives feeds that
 * independent parsers accept (fast-xml-parser, JSON.parse) and that keep every text as the author
 * wrote it, less what XML forbids; or fails with a ContentError whose every problem is one line
 * naming the file and the field. Never another exception, never more than a few seconds a file.
 *
 * The properties run with a fixed seed in `npm test` (about 5 s in all); FC_RUNS=5000 (and FC_SEED)
 * run them longer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildContent, ContentError } from "../../src/content/load-content";
import { parseArticle } from "../../src/content/parse-article";
import { maxBodyNesting } from "../../src/content/render-markdown";
import { stripUnwantedXmlChars } from "../../src/content/xml-text";
import { nameKey, slugify } from "../../src/lib/slug";
import {
  attributeProblems,
  fetchFeeds,
  htmlToText,
  parseXml,
  RFC822,
  textOf,
  type XmlNode,
  xmlProblem,
  yamlString,
} from "./helpers/feeds";

const seed = Number(process.env.FC_SEED ?? 20261202);
/** Each property's own number of cases, or FC_RUNS for all of them. */
const runs = (cases: number) => ({ numRuns: Number(process.env.FC_RUNS ?? cases), seed });

/** Slow machines and a busy CI: the bound is generous, the files are small. */
const SECONDS_PER_FILE = 3;

const hostile = [
  "]]>",
  "</script>",
  "<script>alert(1)</script>",
  "<![CDATA[",
  "<!--",
  "&amp;",
  "&",
  "<",
  ">",
  '"',
  "'",
  "\\",
  "\\u0001",
  "\u202e",
  "\u202d",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200f",
  "\u200e",
  "\u061c",
  "\u200b",
  "\u200d",
  "\ud800",
  "\udc00",
  "\udbff\udfff",
  "\u0000",
  "\u0001",
  "\u0008",
  "\u000b",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u0090",
  "\u009f",
  "\ufffe",
  "\uffff",
  "\ufdd0",
  "\ufeff",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\t",
  "\n",
  "\r",
  "\r\n",
  " ",
  "---",
  "- ",
  ": ",
  "# ",
  "*",
  "&a ",
  "*a",
  "!!js/function ",
  "{",
  "}",
  "[",
  "]",
  "%",
  "@",
  "`",
  "|",
  ">-",
  "é",
  "e\u0301",
  "ガ",
  "カ\u3099",
  "한",
  "\u1112\u1161\u11ab",
  "👨‍👩‍👧‍👦",
  "🏳️‍🌈",
  "İ",
  "ß",
  "ﬁ",
  "١٢٣",
  "القدس",
  "C++",
  "+++",
];

/** One piece of text: something hostile, any code point, any UTF-16 code unit, or plain letters. */
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostile) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/) },
);
const anyText = fc.array(piece, { maxLength: 10 }).map((pieces) => pieces.join(""));

/** How a value is written in the YAML: JSON-quoted (escapes), or double-quoted as it is (raw). */
type Mode = "json" | "raw";
const mode = fc.constantFrom<Mode>("json", "raw");

function quote(text: string, how: Mode): string {
  // Line breaks inside a double-quoted YAML scalar are folded into spaces: raw only without them.
  return how === "raw" && !/[\r\n]/.test(text) ? yamlString(text, "raw") : JSON.stringify(text);
}

/**
 * The text as the pipeline must keep it: less what XML forbids, carriage returns read as line feeds
 * (as XML reads them), trimmed as the schema trims.
 */
function kept(text: string): string {
  return stripUnwantedXmlChars(text).replace(/\r\n?/g, "\n").trim();
}

/** A name (section, tag, author) as the pipeline keeps it: also in NFC, white space as one space. */
function keptName(text: string): string {
  return kept(text).normalize("NFC").replace(/\s+/gu, " ");
}

/**
 * A text of a front matter field: mostly a word of its own then anything (so that most builds pass
 * and the text checks run), now and then anything at all (empty, blank, only what XML forbids).
 */
interface Tail {
  bare: boolean;
  text: string;
}
const tail: fc.Arbitrary<Tail> = fc.record({
  bare: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  text: anyText,
});

interface Front {
  title: Tail;
  section: Tail;
  tags: Tail[];
  authors: Tail[];
  summary: Tail | undefined;
  highlights: Tail[];
  dateline: Tail | undefined;
  caption: Tail | undefined;
  credit: Tail | undefined;
  url: string | undefined;
  alt: Tail | undefined;
  published: string;
  how: Mode;
}

const urlArbitrary = fc.oneof(
  fc.constantFrom(
    "https://cdn.example.com/x.jpg",
    "/images/x.jpg",
    'https://a"><script>alert(1)</script>',
    'https://a"',
    "http://cdn.example.com/x.jpg",
    'https://a.example/"><script>alert(1)</script>',
    "https://bücher.example/ü.jpg",
    "//evil.example/x.jpg",
    "/\\evil.example/x.jpg",
    "javascript:alert(1)",
    "data:image/png;base64,AAAA",
    "https://u:p@a.example/x.jpg",
    "HTTPS://CDN.EXAMPLE.COM/X.JPG",
    "https://[::1]/x.jpg",
    "https://1.2.3.4/x.jpg",
    "https:cdn.example.com/x.jpg",
  ),
  anyText.map((text) => `https://cdn.example.com/${text}`),
  anyText.map((text) => `/images/${text}`),
  anyText,
);

const dateArbitrary = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("2025-03-01T08:00:00Z", "2024-02-29T23:59:59+05:30") },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.date({
          min: new Date("1000-01-01T00:00:00Z"),
          max: new Date("2026-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
      )
      .map(([date, minutes]) => {
        const local = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 19);
        const sign = minutes < 0 ? "-" : "+";
        const abs = Math.abs(minutes);
        return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "2024-08-06T00:00:00+24:00",
      "2024-08-06T00:00:00-99:99",
      "0000-01-01T00:00:00+01:00",
      "9999-12-31T23:59:59-00:01",
      "2024-02-30T00:00:00Z",
      "2024-12-31T23:59:60Z",
    ),
  },
  { weight: 1, arbitrary: anyText },
);

const frontArbitrary: fc.Arbitrary<Front> = fc.record({
  title: tail,
  section: tail,
  tags: fc.array(tail, { maxLength: 3 }),
  authors: fc.array(tail, { maxLength: 2 }),
  summary: fc.option(tail, { nil: undefined }),
  highlights: fc.array(tail, { maxLength: 2 }),
  dateline: fc.option(tail, { nil: undefined }),
  caption: fc.option(tail, { nil: undefined }),
  credit: fc.option(tail, { nil: undefined }),
  url: fc.option(urlArbitrary, { nil: undefined }),
  alt: fc.option(tail, { nil: undefined }),
  published: dateArbitrary,
  how: mode,
});

/** A field's text: its own word first (with the file's number in names, so files' names differ). */
function written(field: Tail, word: string): string {
  return field.bare ? field.text : `${word} ${field.text}`;
}

/** The texts of one file's fields, as written. */
interface Texts {
  title: string;
  section: string;
  tags: string[];
  authors: string[];
  summary: string | undefined;
  highlights: string[];
  dateline: string | undefined;
  caption: string | undefined;
  credit: string | undefined;
  url: string | undefined;
  alt: string | undefined;
}

function textsOf(front: Front, file: number): Texts {
  const optional = (field: Tail | undefined, word: string) =>
    field === undefined ? undefined : written(field, word);
  return {
    title: written(front.title, "Title"),
    section: written(front.section, `Desk${file}`),
    tags: front.tags.map((tag, index) => written(tag, `Tag${file}x${index}`)),
    authors: front.authors.map((author, index) => written(author, `Author${file}x${index}`)),
    summary: optional(front.summary, "Summary"),
    highlights: front.highlights.map((highlight) => written(highlight, "Bullet")),
    dateline: optional(front.dateline, "CITY"),
    caption: optional(front.caption, "Caption"),
    credit: optional(front.credit, "Credit"),
    url: front.url,
    alt: optional(front.alt, "Alt"),
  };
}

function sourceOf(texts: Texts, published: string, how: Mode, id: string, body: string): string {
  const q = (text: string) => quote(text, how);
  const lines = ["---", `id: ${id}`, `title: ${q(texts.title)}`, `published: ${q(published)}`];
  lines.push(`section: ${q(texts.section)}`);
  if (texts.tags.length > 0) lines.push(`tags: [${texts.tags.map(q).join(", ")}]`);
  if (texts.authors.length > 0) lines.push("authors:", ...texts.authors.map((author) => `  - ${q(author)}`));
  if (texts.summary !== undefined) lines.push(`summary: ${q(texts.summary)}`);
  if (texts.highlights.length > 0) lines.push(`highlights: [${texts.highlights.map(q).join(", ")}]`);
  if (texts.dateline !== undefined) lines.push(`dateline: ${q(texts.dateline)}`);
  if (texts.caption !== undefined || texts.credit !== undefined || texts.url !== undefined) {
    lines.push("image:");
    lines.push(`  caption: ${q(texts.caption ?? "A caption")}`);
    if (texts.credit !== undefined) lines.push(`  credit: ${q(texts.credit)}`);
    if (texts.url !== undefined) lines.push(`  url: ${q(texts.url)}`);
    if (texts.alt !== undefined) lines.push(`  alt: ${q(texts.alt)}`);
  }
  lines.push("---", "", body, "");
  return lines.join("\n");
}

/** Problems as authors read them: one line each, naming the file, with what was expected and found. */
function expectWellFormedProblems(problems: readonly string[], files: readonly string[]): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) {
    expect(problem).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(problem).not.toMatch(/internal error/);
    const file = /^content\/([^:]+): /.exec(problem)?.[1];
    expect(files, problem).toContain(file);
    expect(problem, problem).toMatch(/expected .*found .*\(.+\)$|expected .*\(.+\)$/);
  }
}

/** Builds the files, timing each file's parse; the ContentError's problems, or the content. */
function build(files: Record<string, string>) {
  for (const [file, source] of Object.entries(files)) {
    const started = performance.now();
    parseArticle(file, source);
    expect((performance.now() - started) / 1000, file).toBeLessThan(SECONDS_PER_FILE);
  }
  try {
    return { ok: true as const, content: buildContent(files) };
  } catch (error) {
    if (error instanceof ContentError) return { ok: false as const, problems: error.problems };
    throw error;
  }
}

const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Distinct names as the pipeline files them: the first spelling of each name key. */
function distinct(names: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const entry of names) if (!seen.has(nameKey(entry))) seen.set(nameKey(entry), entry);
  return [...seen.values()];
}

describe("properties of names and slugs", () => {
  it("a slug is its own slug, the same for every normal form, and shared by names with one key", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const slug = slugify(text);
        expect(slugify(slug)).toBe(slug);
        expect(slugify(text.normalize("NFD"))).toBe(slug);
        expect(slugify(text.normalize("NFC"))).toBe(slug);
        expect(slugify(text.toUpperCase())).toBe(slugify(text.toLowerCase()));
        expect(slug).not.toMatch(/^-|-$|--|\s/);
        expect(nameKey(text.normalize("NFD"))).toBe(nameKey(text));
      }),
      runs(400),
    );
  });
});

describe("properties of single files", () => {
  it("any text at all is an article or a list of problems, quickly", () => {
    const source = fc.oneof(
      fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join("")),
      fc.array(piece, { maxLength: 40 }).map((pieces) => `---\n${pieces.join("")}\n---\n\nBody.\n`),
    );
    fc.assert(
      fc.property(source, (text) => {
        const started = performance.now();
        const result = parseArticle("any.md", text);
        expect((performance.now() - started) / 1000).toBeLessThan(SECONDS_PER_FILE);
        if (!result.ok)
          expectWellFormedProblems(
            result.problems.map((problem) => `content/any.md: ${problem}`),
            ["any.md"],
          );
      }),
      runs(300),
    );
  });

  it("a field of any name with any value never publishes a draft, and is reported by name", () => {
    // Names of real fields with something hostile put inside them (often what cleaning removes, which
    // once made "dr\u0001aft" a second "draft"), and anything at all.
    const removable = fc.constantFrom(
      "\u0001",
      "\u0000",
      "\u001b",
      "\u007f",
      "\u0090",
      "\ufffe",
      "\ufdd0",
      "\ud800",
      "\udc00",
    );
    const key = fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            fc.constantFrom("draft", "draft", "title", "published", "section", "tags", "image"),
            fc.oneof(removable, piece),
            fc.nat({ max: 8 }),
          )
          .map(([field, inserted, at]) => field.slice(0, at) + inserted + field.slice(at)),
      },
      { weight: 1, arbitrary: anyText },
    );
    const value = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom("false", "false", "true", "null", "[]", "{}", "0") },
      { weight: 1, arbitrary: fc.tuple(anyText, mode).map(([text, how]) => quote(text, how)) },
    );
    fc.assert(
      fc.property(key, value, mode, (name, written, how) => {
        const source = [
          "---",
          "id: urn:uuid:5c5d1441-25c1-46e1-9144-ffad54f4a397",
          "title: Talks",
          "published: 2025-03-01T08:00:00Z",
          "section: World",
          "draft: true",
          `${quote(name, how)}: ${written}`,
          "---",
          "",
          "Body.",
        ].join("\n");
        const result = parseArticle("talks.md", source);
        if (result.ok) expect(result.draft).toBe(true);
        else
          expectWellFormedProblems(
            result.problems.map((problem) => `content/talks.md: ${problem}`),
            ["talks.md"],
          );
      }),
      runs(400),
    );
  });

  it("a date is published in the range every format can write, or refused by field", () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
    const date = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((year) => String(year).padStart(4, "0")),
        two(13),
        two(32),
        two(25),
        two(61),
        two(61),
        fc.oneof(
          fc.constant("Z"),
          fc
            .tuple(fc.constantFrom("+", "-"), two(99), two(99))
            .map((parts) => `${parts[0]}${parts[1]}:${parts[2]}`),
        ),
      )
      .map(
        ([year, month, day, hour, minute, second, zone]) =>
          `${year}-${month}-${day}T${hour}:${minute}:${second}${zone}`,
      );
    const edges = fc.constantFrom(
      "0999-12-31T23:59:59Z",
      "1000-01-01T00:00:00Z",
      "9999-12-31T23:59:59Z",
      "9999-12-31T23:59:59-00:01",
      "1000-01-01T00:00:00+00:01",
    );
    fc.assert(
      fc.property(fc.oneof(date, edges), fc.oneof(date, edges), (published, updated) => {
        const source = `---\nid: urn:uuid:5c5d1441-25c1-46e1-9144-ffad54f4a397\ntitle: T\npublished: ${published}\nupdated: ${updated}\nsection: World\n---\n\nBody.\n`;
        const result = parseArticle("dated.md", source);
        if (!result.ok) {
          expectWellFormedProblems(
            result.problems.map((problem) => `content/dated.md: ${problem}`),
            ["dated.md"],
          );
          for (const problem of result.problems) expect(problem).toMatch(/\((?:published|updated)\)$/);
          return;
        }
        for (const value of [result.article.published, result.article.updated]) {
          expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
          expect(value >= "1000-01-01T00:00:00Z" && value <= "9999-12-31T23:59:59Z").toBe(true);
          expect(new Date(value).toUTCString()).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
        }
        expect(Date.parse(result.article.published)).toBe(Math.floor(Date.parse(published) / 1000) * 1000);
      }),
      runs(400),
    );
  });
});

/** Plain words in lists and quotes nested up to `maxBodyNesting` deep: every word must come out. */
const nestedBody = fc
  .array(
    fc.record({
      depth: fc.integer({ min: 0, max: maxBodyNesting }),
      kind: fc.constantFrom("-", "1.", ">"),
      word: fc.stringMatching(/^[a-z]{3,8}$/),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((entries) =>
    entries.map(({ depth, kind, word }, index) => {
      const marker = kind === ">" ? "> " : `${kind} `;
      return { text: `${marker.repeat(depth)}w${index}${word}`, word: `w${index}${word}` };
    }),
  );

describe("properties of bodies", () => {
  it("content never vanishes: every word of a body nested up to the limit is published", () => {
    fc.assert(
      fc.property(nestedBody, fc.boolean(), (lines, blankLines) => {
        const body = lines.map((line) => line.text).join(blankLines ? "\n\n" : "\n");
        const source = `---\nid: urn:uuid:5c5d1441-25c1-46e1-9144-ffad54f4a397\ntitle: T\npublished: 2025-03-01T08:00:00Z\nsection: World\n---\n\n${body}\n`;
        const result = parseArticle("nested.md", source);
        if (!result.ok) throw new Error(result.problems.join("\n"));
        const text = htmlToText(result.article.html);
        for (const { word } of lines) expect(text).toContain(word);
      }),
      runs(150),
    );
  });
});

describe("properties of the whole pipeline", () => {
  const markdownPiece = fc.oneof(
    { weight: 3, arbitrary: piece },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "\n\n",
        "\n- ",
        "\n1. ",
        "\n> ",
        "\n    ",
        "\n```\n",
        "\n# ",
        "**",
        "_",
        "[link](https://example.org/a?b=1&c=2)",
        "[site](/articles/x)",
        "![img](/images/x.png)",
        "<div>",
        "</div>",
        "<b>",
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "<style>p{}</style>",
        "<iframe src=//evil>",
        "&#1;",
        "&#xFFFE;",
        "&#x202E;",
        "&#0;",
        "<![CDATA[x]]>",
        "[ref]: https://example.org\n",
        "\\",
        "`code`",
      ),
    },
  );
  const bodyArbitrary = fc
    .array(markdownPiece, { minLength: 1, maxLength: 40 })
    .map((pieces) => `Lead ${pieces.join("")}`);

  it("builds well-formed feeds that keep every text, or reports every problem by file and field", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(frontArbitrary, bodyArbitrary), { minLength: 1, maxLength: 3 }),
        async (articles) => {
          const files: Record<string, string> = {};
          const texts = articles.map(([front], index) => textsOf(front, index));
          articles.forEach(([front, body], index) => {
            const id = `urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
            files[`article-${index}.md`] = sourceOf(
              texts[index] as Texts,
              front.published,
              front.how,
              id,
              body,
            );
          });
          const built = build(files);
          if (!built.ok) {
            expectWellFormedProblems(built.problems, Object.keys(files));
            return;
          }
          const fetched = await fetchFeeds(built.content, Date.parse("9999-12-31T23:59:59Z"));
          const rss = fetched.rss.text;
          const atom = fetched.atom.text;
          const json = fetched.json.text;
          for (const feed of Object.values(fetched)) expect(feed.status).toBe(200);
          expect(xmlProblem(rss)).toBeUndefined();
          expect(xmlProblem(atom)).toBeUndefined();
          expect(attributeProblems(rss)).toEqual([]);
          expect(attributeProblems(atom)).toEqual([]);
          for (const document of [rss, atom, json]) expect(document).not.toMatch(FORBIDDEN);
          const items = (JSON.parse(json) as { items: Record<string, unknown>[] }).items;
          for (const item of items)
            expect(item.date_published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
          for (const pubDate of rss.matchAll(/<pubDate>([^<]*)<\/pubDate>/g))
            expect(pubDate[1]).toMatch(RFC822);
          const rssItems: XmlNode[] = parseXml(rss).rss.channel.item;
          const atomEntries: XmlNode[] = parseXml(atom).feed.entry;
          expect(items).toHaveLength(articles.length);
          for (const [index, front] of texts.entries()) {
            const id = `urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
            const at = items.findIndex((item) => item.id === id);
            const item = items[at] as Record<string, unknown>;
            const title = kept(front.title);
            expect(item.title).toBe(title);
            expect(textOf(rssItems[at].title)).toBe(title);
            expect(textOf(atomEntries[at].title)).toBe(title);
            const section = keptName(front.section);
            const tags = distinct(front.tags.map(keptName));
            expect(item.tags).toEqual([...new Set([section, ...tags])]);
            expect(rssItems[at].category.map(textOf)).toEqual([section, ...tags]);
            expect(atomEntries[at].category.map((category: XmlNode) => category["@_term"])).toEqual([
              section,
              ...tags,
            ]);
            const authors = distinct(front.authors.map(keptName));
            if (authors.length > 0) expect(item.authors).toEqual(authors.map((author) => ({ name: author })));
            const news = item._news as Record<string, unknown>;
            expect(news.section).toBe(section);
            expect(news.highlights).toEqual(front.highlights.map(kept));
            if (front.dateline !== undefined) expect(news.dateline).toBe(kept(front.dateline));
            if (front.summary !== undefined) {
              expect(item.summary).toBe(kept(front.summary));
              expect(textOf(atomEntries[at].summary)).toBe(kept(front.summary));
            }
            if (front.caption !== undefined || front.credit !== undefined || front.url !== undefined) {
              const image = news.image as Record<string, string>;
              expect(image.caption).toBe(kept(front.caption ?? "A caption"));
              if (front.credit !== undefined) expect(image.credit).toBe(kept(front.credit));
            }
            if (front.url !== undefined) {
              // What is published is a URL as the WHATWG parser writes it, on https or on this site.
              const published = item.image as string;
              expect(new URL(published).href).toBe(published);
              expect(published).toMatch(/^(?:https:\/\/|https:\/\/news\.example\.com\/)[^\s"<>]*$/);
              const cleaned = stripUnwantedXmlChars(front.url).replace(/\r\n?/g, "\n");
              if (/^https:\/\//i.test(cleaned)) expect(published).toBe(new URL(cleaned).href);
              expect(front.alt).toBeDefined();
            }
            expect(item.content_html as string).not.toMatch(
              /<(?:script|style|iframe)\b|<[^>]*\son\w+\s*=|<[^>]*(?:href|src)\s*=\s*"?\s*javascript:/i,
            );
            expect(htmlToText(item.content_html as string)).toContain("Lead");
          }
        },
      ),
      runs(150),
    );
  }, 60_000);
});
