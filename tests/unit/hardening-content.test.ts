/**
 * What an outside review found in the content pipeline, one class per block: each test failed on
 * the code before the fix. Every content problem is a content error naming the file, the field,
 * what was expected and what was found; every problem of every file is reported at once; nothing
 * else is ever thrown. content-properties.test.ts checks the same over arbitrary input.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildDirectory } from "../../scripts/lib/fast-build";
import { siteSettings } from "../../src/config/site";
import type { MediaLookup } from "../../src/content/lead-image";
import { buildContent, ContentError, readContentDirectory } from "../../src/content/load-content";
import { parseArticle } from "../../src/content/parse-article";
import { maxBodyNesting, maxBodyTags, renderMarkdown } from "../../src/content/render-markdown";
import { SITE_ORIGIN_MARKER } from "../../src/content/site-urls";
import { createApp } from "../../src/http/app";
import { nameKey, slugify } from "../../src/lib/slug";
import { publishContent, type SqlTarget, type Statement } from "../../src/store/d1-publish";
import { createMemoryStore } from "../../src/store/memory-store";
import { env, fetchText } from "./helpers/corpus";
import { fetchFeeds, parseXml, RFC822, textOf } from "./helpers/feeds";

const ID = "urn:uuid:5c5d1441-25c1-46e1-9144-ffad54f4a397";
const DATE_EXPECTED =
  "expected an RFC 3339 date-time with a time zone, such as 2024-08-06T09:30:00Z or 2024-08-06T12:30:00+03:00";
const RANGE_EXPECTED =
  "expected a date-time from 1000-01-01T00:00:00Z to 9999-12-31T23:59:59Z once converted to UTC";
const OFFSET_EXPECTED = "expected a time zone offset from -23:59 to +23:59 (RFC 3339), such as +03:00";
const URL_EXPECTED = "expected an https:// URL or a path /media/<file> naming a file in content/media/";

/** An article's source: the required fields (each replaceable, null drops it), then `extra` lines. */
function article(
  overrides: Record<string, string | null> = {},
  extra: string[] = [],
  body = "Negotiators returned to Cairo on Saturday.\n",
): string {
  const fields: Record<string, string | null> = {
    id: ID,
    title: "Talks resume in Cairo",
    published: "2025-03-01T08:00:00Z",
    section: "World",
    ...overrides,
  };
  const lines = Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => `${key}: ${value}`);
  return `---\n${[...lines, ...extra].join("\n")}\n---\n\n${body}`;
}

/** Another valid article, with an id of its own. */
const other = (n: number, overrides: Record<string, string | null> = {}, extra: string[] = []) =>
  article({ id: `tag:news.example.com,2025:story-${n}`, ...overrides }, extra);

function problemsOf(source: string, fileName = "talks.md"): string[] {
  const result = parseArticle(fileName, source);
  if (result.ok) throw new Error(`expected ${fileName} to fail validation, but it passed`);
  return result.problems;
}

function parsed(source: string, fileName = "talks.md") {
  const result = parseArticle(fileName, source);
  if (!result.ok) throw new Error(`expected ${fileName} to pass:\n${result.problems.join("\n")}`);
  return result;
}

function contentError(files: Record<string, string>): ContentError {
  try {
    buildContent(files);
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error("expected buildContent to throw a ContentError");
}

function timed<T>(run: () => T): { value: T; seconds: number } {
  const started = performance.now();
  const value = run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

describe("1. YAML anchors and aliases", () => {
  /** The review's file: nine levels of lists, each of nine aliases to the one before (9^9 strings). */
  const billionLaughs = [
    "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ...Array.from(
      { length: 8 },
      (_, level) => `l${level + 1}: &l${level + 1} [${Array(9).fill(`*l${level}`).join(",")}]`,
    ),
  ];

  it("refuses the review's 641-byte file at once, naming the first anchor and its line", () => {
    const source = article({}, billionLaughs);
    expect(billionLaughs.join("\n").length).toBeLessThan(700);
    const { value, seconds } = timed(() => problemsOf(source));
    expect(seconds).toBeLessThan(1);
    expect(value).toEqual([
      'front matter: expected no YAML anchors (&name) or aliases (*name): write each value out in full, found the anchor "&l0" on line 6 (front matter)',
    ]);
  });

  it("reports it with every other file's problems", () => {
    const error = contentError({
      "laughs.md": article({}, billionLaughs),
      "other.md": other(2, { title: null }),
    });
    expect(error.problems).toEqual([
      'content/laughs.md: front matter: expected no YAML anchors (&name) or aliases (*name): write each value out in full, found the anchor "&l0" on line 6 (front matter)',
      "content/other.md: expected text, found nothing (title)",
    ]);
  });

  it.each([
    ["a scalar", ["dateline: &place CAIRO", "summary: *place"], "&place", 6],
    ["a block list", ["tags: &t", "  - Egypt", "highlights: *t"], "&t", 8],
    ["a block map", ["image: &i", "  caption: Delegates.", "extra: *i"], "&i", 8],
    ["a list holding its own alias (a cycle)", ["tags: &loop [*loop]"], "&loop", 6],
    ["a key", ["&k dateline: CAIRO"], "&k", 6],
  ])("refuses an anchor on %s", (_what, lines, anchor, line) => {
    expect(problemsOf(article({}, lines))).toEqual([
      `front matter: expected no YAML anchors (&name) or aliases (*name): write each value out in full, found the anchor "${anchor}" on line ${line} (front matter)`,
    ]);
  });

  it("calls an alias without an anchor a syntax error", () => {
    expect(problemsOf(article({}, ["dateline: *nowhere"]))).toEqual([
      'front matter: expected valid YAML, found a syntax error: unidentified alias "nowhere" (6:19) (front matter)',
    ]);
  });

  it("stays linear: 200,000 blank lines in the front matter take well under a second", () => {
    // gray-matter, which used to split the file, removed comment lines with a regular expression
    // that takes time quadratic in the number of blank lines (80,000 took 8.7 s).
    const source = article({}, Array(200_000).fill(" "));
    const { value, seconds } = timed(() => parseArticle("talks.md", source));
    expect(value.ok).toBe(true);
    expect(seconds).toBeLessThan(1);
  });

  it("refuses deep nesting with a content error, not a stack overflow", () => {
    for (const open of ["[", "{a: ", "- "]) {
      const lines = open === "- " ? ["tags:", `${"- ".repeat(5000)}x`] : [`tags: ${open.repeat(100_000)}`];
      const [problem] = problemsOf(article({}, lines));
      expect(problem).toMatch(
        /^front matter: expected lists and maps nested at most 32 deep, found deeper nesting on line \d+ \(front matter\)$/,
      );
    }
  });

  it("keeps YAML's JSON schema: dates and yes, no, on stay text", () => {
    const result = parsed(article({}, ["tags: [no, on, yes, 2025-03-01]"]));
    expect(result.article.tags).toEqual(["no", "on", "yes", "2025-03-01"]);
    expect(problemsOf(article({ published: "2025-03-01" }))).toEqual([
      `${DATE_EXPECTED}, found string "2025-03-01" (published)`,
    ]);
  });
});

describe("2. deep nesting in the body", () => {
  const nestedList = (depth: number) =>
    `${Array.from({ length: depth }, (_, level) => `${"  ".repeat(level)}- level ${level + 1}`).join("\n")}\n\nAfter the list.\n`;

  it("publishes everything after a list nested ten deep (markdown-it's commonmark preset dropped it)", () => {
    const html = parsed(article({}, [], nestedList(10))).article.html;
    expect(html).toContain("level 10");
    expect(html).toContain("<p>After the list.</p>");
  });

  it("publishes the text of twenty nested block quotes, and what follows them", () => {
    const html = parsed(article({}, [], `${"> ".repeat(20)}Deep quote.\n\nAfter the quote.\n`)).article.html;
    expect(html.match(/<blockquote>/g)).toHaveLength(20);
    expect(html).toContain("Deep quote.");
    expect(html).toContain("After the quote.");
  });

  it("publishes lists and quotes mixed, at the limit", () => {
    const lines = Array.from(
      { length: maxBodyNesting },
      (_, level) => `${"> ".repeat(level)}- item ${level}`,
    );
    const html = renderMarkdown(`${lines.join("\n")}\n\nTail.\n`, "/articles/x");
    for (let level = 0; level < maxBodyNesting; level++) expect(html).toContain(`item ${level}`);
    expect(html).toContain("Tail.");
  });

  it("refuses deeper nesting, naming the line in the file", () => {
    // The front matter takes lines 1 to 6 and the body starts on line 8: the 21st list is on line 28.
    expect(problemsOf(article({}, [], nestedList(25)))).toEqual([
      "body: expected block quotes and lists nested at most 20 deep, found a list nested 21 deep on line 28 (body)",
    ]);
    expect(problemsOf(article({}, [], `Lead.\n\n${"> ".repeat(30)}Deep.\n`))).toEqual([
      "body: expected block quotes and lists nested at most 20 deep, found a block quote nested 21 deep on line 10 (body)",
    ]);
  });

  it("keeps the text of deeply nested inline markup", () => {
    const html = renderMarkdown(`${"[".repeat(500)}words${"]".repeat(500)} *${"*".repeat(200)}strong*`, "/a");
    expect(html).toContain("words");
    expect(html).toContain("strong");
  });
});

describe("3. dates", () => {
  it("reports an offset out of range as a content error, with every other file's problems", () => {
    const error = contentError({
      "a.md": article({ published: "2024-08-06T00:00:00+24:00" }),
      "b.md": other(2, { section: null }),
    });
    expect(error.problems).toEqual([
      `content/a.md: ${OFFSET_EXPECTED}, found string "2024-08-06T00:00:00+24:00" (published)`,
      "content/b.md: expected text, found nothing (section)",
    ]);
  });

  it.each([
    ["2024-08-06T00:00:00+24:00", OFFSET_EXPECTED],
    ["2024-08-06T00:00:00-24:00", OFFSET_EXPECTED],
    ["2024-08-06T00:00:00+00:60", OFFSET_EXPECTED],
    ["2024-08-06T00:00:00+99:99", OFFSET_EXPECTED],
    ["0000-01-01T00:00:00+01:00", RANGE_EXPECTED],
    ["0001-01-01T00:00:00+01:00", RANGE_EXPECTED],
    ["0999-12-31T23:59:59Z", RANGE_EXPECTED],
    ["1000-01-01T00:30:00+01:00", RANGE_EXPECTED],
    ["9999-12-31T23:59:59-00:01", RANGE_EXPECTED],
    ["2024-12-31T23:59:60Z", DATE_EXPECTED],
  ])("refuses %s as published and as updated", (value, expected) => {
    expect(problemsOf(article({ published: value }))).toEqual([
      `${expected}, found string "${value}" (published)`,
    ]);
    expect(problemsOf(article({}, [`updated: ${value}`]))).toEqual([
      `${expected}, found string "${value}" (updated)`,
    ]);
  });

  it("accepts the first and last instants of the range, in any offset", () => {
    for (const [value, utc] of [
      ["1000-01-01T00:00:00Z", "1000-01-01T00:00:00Z"],
      ["1000-01-01T01:00:00+01:00", "1000-01-01T00:00:00Z"],
      ["9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"],
      ["9999-12-31T23:59:59+23:59", "9999-12-31T00:00:59Z"],
    ] as const) {
      expect(parsed(article({ published: value })).article.published).toBe(utc);
    }
  });

  it("publishes both ends in forms every feed format and HTTP can express", async () => {
    const content = buildContent({
      "first.md": article({ published: "1000-01-01T00:00:00Z" }),
      "last.md": other(2, { published: "9999-12-31T23:59:59Z" }),
    });
    const fetched = await fetchFeeds(content, Date.parse("9999-12-31T23:59:59Z") + 1000);
    const dates = parseXml(fetched.rss.text).rss.channel.item.map((item: unknown) =>
      textOf((item as { pubDate: unknown }).pubDate),
    );
    expect(dates).toEqual(["Fri, 31 Dec 9999 23:59:59 GMT", "Wed, 01 Jan 1000 00:00:00 GMT"]);
    for (const date of dates) expect(date).toMatch(RFC822);
    const items = (JSON.parse(fetched.json.text) as { items: { date_published: string }[] }).items;
    expect(items.map((item) => item.date_published)).toEqual([
      "9999-12-31T23:59:59Z",
      "1000-01-01T00:00:00Z",
    ]);
    expect(fetched.atom.text).not.toMatch(/-0000|\+0{2,}\d{4}-/);
    expect(fetched.rss.lastModified).toBe("Fri, 31 Dec 9999 23:59:59 GMT");
  });

  it("compares updated with published only when both are valid", () => {
    expect(
      problemsOf(article({ published: "2024-08-06T00:00:00+24:00" }, ["updated: 2020-01-01T00:00:00Z"])),
    ).toEqual([`${OFFSET_EXPECTED}, found string "2024-08-06T00:00:00+24:00" (published)`]);
  });
});

describe("4. names and their slugs", () => {
  it("keeps letters with their marks, in NFC, and folds only case and Latin accents", () => {
    expect(slugify("ガス")).toBe("ガス");
    expect(slugify("カス")).toBe("カス");
    expect(slugify("한국".normalize("NFD"))).toBe("한국");
    expect(slugify("한국".normalize("NFD")).normalize("NFC")).toBe(slugify("한국".normalize("NFD")));
    expect(slugify("हिन्दी")).toBe("हिन्दी");
    expect(slugify("Край")).toBe("край");
    expect(slugify("Café")).toBe("cafe");
    expect(slugify("Cafe\u0301")).toBe("cafe");
    expect(slugify("Middle East")).toBe("middle-east");
    expect(slugify("Straße")).toBe(slugify("STRASSE"));
    expect(slugify("+++")).toBe("");
    expect(nameKey("Iran")).toBe(nameKey("iran"));
    expect(nameKey("Café")).toBe(nameKey("Cafe"));
    expect(nameKey("Middle  East")).toBe(nameKey("middle east"));
    expect(nameKey("C++")).not.toBe(nameKey("C"));
    expect(nameKey("Middle-East")).not.toBe(nameKey("Middle East"));
  });

  it.each([
    [
      "tags: [+++]",
      'expected a tag with at least one letter or digit (its URL is made of them), found string "+++" (tags[0])',
    ],
    [
      "tags: [Egypt, 🇵🇸]",
      'expected a tag with at least one letter or digit (its URL is made of them), found string "🇵🇸" (tags[1])',
    ],
    [
      "authors: [...]",
      'expected an author name with at least one letter or digit (its URL is made of them), found string "..." (authors[0])',
    ],
  ])("refuses a name without a letter or digit: %s", (line, message) => {
    expect(problemsOf(article({}, [line]))).toEqual([message]);
  });

  it("refuses a section without a letter or digit", () => {
    expect(problemsOf(article({ section: '"!!!"' }))).toEqual([
      'expected a section name with at least one letter or digit (its URL is made of them), found string "!!!" (section)',
    ]);
  });

  it("refuses two names that would share a URL, naming both names and both files", () => {
    const error = contentError({
      "a.md": article({}, ["tags: [C, Iran]"]),
      "b.md": other(2, { section: "World 🌍" }, ["tags: [C++, iran]"]),
      "c.md": other(3, { section: "Middle East" }, ["tags: [Middle-East]"]),
    });
    expect(error.problems).toEqual([
      'content/b.md: section: expected a section whose URL no other has, found "World 🌍", which would share /sections/world/ with "World" in content/a.md. Spell the two alike, or tell them apart with a letter or digit (section)',
      'content/b.md: tags: expected a tag whose URL no other has, found "C++", which would share /tags/c/ with "C" in content/a.md. Spell the two alike, or tell them apart with a letter or digit (tags)',
    ]);
  });

  it("refuses two such names in one article, with the article's other problems", () => {
    expect(problemsOf(article({ title: null }, ["tags: [ガス, カス, C, C++, +++]"]))).toEqual([
      "expected text, found nothing (title)",
      'expected a tag with at least one letter or digit (its URL is made of them), found string "+++" (tags[4])',
      'tags[3]: expected a tag whose URL no other has, found "C++", which would share /tags/c/ with "C" in tags[2]. Spell the two alike, or tell them apart with a letter or digit (tags[3])',
    ]);
  });

  it("counts the site's default author as a name in use", () => {
    const error = contentError({
      "a.md": article(),
      "b.md": other(2, {}, [`authors: ["${siteSettings.defaultAuthor.replace(" ", "-")}"]`]),
    });
    expect(error.problems).toEqual([
      `content/b.md: authors: expected an author whose URL no other has, found "${siteSettings.defaultAuthor.replace(" ", "-")}", which would share /authors/meridian-dispatch-staff/ with the site's default author "${siteSettings.defaultAuthor}" (no author is named) in content/a.md. Spell the two alike, or tell them apart with a letter or digit (authors)`,
    ]);
  });

  it("files names that differ in case or Latin accents in one family, in the store and in D1 alike", async () => {
    const content = buildContent({
      "a.md": article({ section: "Middle East" }, ["tags: [Iran, Café]", "authors: [José Díaz]"]),
      "b.md": other(2, { section: "middle east", published: "2025-03-02T08:00:00Z" }, [
        "tags: [iran, Cafe, café]",
        "authors: [Jose Diaz]",
      ]),
    });
    // One spelling per name and article: "Cafe" and "café" are one tag.
    expect(content.articles.find((entry) => entry.slug === "b")?.tags).toEqual(["iran", "Cafe"]);
    const store = createMemoryStore(content);
    const view = { generation: 1, before: undefined };
    const families = async (kind: "section" | "tag" | "author") =>
      (await store.families(view, kind)).map((family) => [family.slug, family.count]);
    expect(await families("section")).toEqual([["middle-east", 2]]);
    expect(await families("tag")).toEqual([
      ["cafe", 2],
      ["iran", 2],
    ]);
    expect(await families("author")).toEqual([["jose-diaz", 2]]);

    const statements: Statement[] = [];
    const target: SqlTarget = {
      async query() {
        return [];
      },
      async execute(batch) {
        statements.push(...batch);
        return batch.length;
      },
    };
    await publishContent(target, content, { defaultAuthor: siteSettings.defaultAuthor });
    // Rows are written several to a statement, nine values each (kind, slug, …).
    const memberships = statements
      .filter((statement) => statement.sql.startsWith("INSERT INTO memberships"))
      .flatMap((statement) =>
        Array.from(
          { length: statement.params.length / 9 },
          (_, row) => `${statement.params[row * 9]}/${statement.params[row * 9 + 1]}`,
        ),
      );
    expect(new Set(memberships)).toEqual(
      new Set(["section/middle-east", "tag/iran", "tag/cafe", "author/jose-diaz"]),
    );
  });

  it("publishes a Korean tag typed in decomposed form under its composed name and URL", async () => {
    const decomposed = "한국".normalize("NFD");
    const content = buildContent({ "a.md": article({}, [`tags: ["${decomposed}"]`]) });
    expect(content.articles[0]?.tags).toEqual(["한국"]);
    const app = createApp({ storeFor: () => createMemoryStore(content) });
    const composedPath = `/tags/${encodeURIComponent("한국")}/`;
    expect((await fetchText(app, composedPath)).status).toBe(200);
    const response = await app.request(`/tags/${encodeURIComponent(decomposed)}/`, {}, env);
    expect(response.status).toBe(301);
    expect(new URL(response.headers.get("location") ?? "").pathname).toBe(composedPath);
  });
});

describe("5. control characters in field names", () => {
  it.each([
    ['"dr\\u0001aft": false', '"dr\\u0001aft"', "dr\\u0001aft"],
    ['"dr\\x01aft": false', '"dr\\u0001aft"', "dr\\u0001aft"],
    ['"draft\\uFFFE": false', '"draft\\ufffe"', "draft\\ufffe"],
    ['"\\ud800draft": false', '"\\ud800draft"', "\\ud800draft"],
    ['"dr\\u007faft": false', '"dr\\u007faft"', "dr\\u007faft"],
  ])("refuses %s after draft: true, and publishes nothing", (line, found, at) => {
    const source = article({}, ["draft: true", line]);
    expect(problemsOf(source)).toEqual([
      `field name: expected a name without control characters or non-characters, found ${found} (${at})`,
    ]);
    expect(contentError({ "talks.md": source }).problems).toHaveLength(1);
  });

  it("refuses them in the image's fields too", () => {
    expect(
      problemsOf(article({}, ["image:", "  caption: Delegates.", '  "cap\\u0001tion": Other.'])),
    ).toEqual([
      'field name: expected a name without control characters or non-characters, found "cap\\u0001tion" (image.cap\\u0001tion)',
    ]);
  });

  it("writes an unknown field's name on one line", () => {
    const [problem] = problemsOf(article({}, ['"line\\nbreak": x']));
    expect(problem).toBe(
      'unknown field "line\\nbreak": expected no such field, found string "x". Known fields: id, title, published, updated, authors, section, tags, summary, highlights, dateline, lang, image, draft, former_slugs, corrections, retracted. (line\\nbreak)',
    );
  });
});

describe("6. image URLs", () => {
  const image = (url: string, alt = "A photograph") =>
    article({}, [
      "image:",
      `  url: ${JSON.stringify(url)}`,
      `  alt: ${alt}`,
      "  width: 1200",
      "  height: 800",
    ]);
  const local = (url: string) =>
    article({}, ["image:", `  url: ${JSON.stringify(url)}`, "  alt: A photograph"]);
  /** content/media/ holding one file, ü.jpg. */
  const media: MediaLookup = (name) =>
    name === "ü.jpg"
      ? { key: `${"0".repeat(32)}.jpg`, type: "image/jpeg", width: 1600, height: 900, bytes: 9 }
      : undefined;

  it.each([
    ['https://a"><script>alert(1)</script>'],
    ['https://a"/x.jpg'],
    ["http://cdn.example.com/x.jpg"],
    ["HTTP://cdn.example.com/x.jpg"],
    ["https://user:secret@cdn.example.com/x.jpg"],
    ["https://[::1]/x.jpg"],
    ["https://127.0.0.1/x.jpg"],
    ["https://cdn/x.jpg"],
    ["/\\evil.example/x.jpg"],
    ["//evil.example/x.jpg"],
    ["https:cdn.example.com/x.jpg"],
    ["https://cdn.example.com/a b.jpg"],
    ["javascript:alert(1)"],
    ["/"],
    // Site paths name files of content/media/ only; ".." is resolved before the folder is checked.
    ["/images/x.jpg"],
    ["/media/../x.jpg"],
    ["/media/"],
    ["/media/a.jpg?v=2"],
    ["/media/a.jpg#top"],
    ["/media/a//b.jpg"],
    ["/media/%2E%2E%2Fx.jpg"],
    ["/media/a/..%2F..%2Fx.jpg"],
    ["/media/%E0%A4%A.jpg"],
  ])("refuses %s", (url) => {
    expect(problemsOf(image(url))).toEqual([
      `${URL_EXPECTED}, found string ${JSON.stringify(url)} (image.url)`,
    ]);
  });

  it.each([
    [
      'https://cdn.example.com/"><script>alert(1)</script>',
      "https://cdn.example.com/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    ],
    ["HTTPS://CDN.Example.COM/a.jpg", "https://cdn.example.com/a.jpg"],
    ["https://bücher.example/ü.jpg", "https://xn--bcher-kva.example/%C3%BC.jpg"],
    ['https://cdn.example.com/x.jpg?w=1&h=<2>#"f', "https://cdn.example.com/x.jpg?w=1&h=%3C2%3E#%22f"],
  ])("publishes %s as the URL parser writes it", (url, published) => {
    expect(parsed(image(url)).article.image?.url).toBe(published);
  });

  it.each([["/media/ü.jpg"], ["/media/%C3%BC.jpg"], ["/media/./ü.jpg"], ["/media/x/../ü.jpg"]])(
    "reads %s as the file content/media/ü.jpg, published under its key",
    (url) => {
      const result = parseArticle("talks.md", local(url), media);
      if (!result.ok) throw new Error(result.problems.join("\n"));
      expect(result.article.image?.url).toBe(`${SITE_ORIGIN_MARKER}/media/${"0".repeat(32)}.jpg`);
    },
  );

  it("puts the parsed URL in every feed", async () => {
    const url = 'https://cdn.example.com/"><script>alert(1)</script>';
    const fetched = await fetchFeeds(buildContent({ "talks.md": image(url) }));
    const item = (JSON.parse(fetched.json.text) as { items: { image: string }[] }).items[0];
    expect(item?.image).toBe("https://cdn.example.com/%22%3E%3Cscript%3Ealert(1)%3C/script%3E");
    for (const text of [fetched.rss.text, fetched.atom.text, fetched.json.text]) {
      expect(text).not.toContain("<script>");
      expect(text).not.toContain('"><script');
    }
  });
});

describe("7. files in content/", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("skips directories (and links to them) and hidden files, reads other Markdown names to report them, and reports unreadable entries", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "content-names-"));
    await writeFile(path.join(dir, "a.md"), article());
    await mkdir(path.join(dir, "x.md"));
    await mkdir(path.join(dir, "folder.markdown"));
    await writeFile(path.join(dir, "b.MD"), other(2));
    await writeFile(path.join(dir, "c.markdown"), other(3));
    await writeFile(path.join(dir, "_template.md"), "template");
    await writeFile(path.join(dir, "notes.txt"), "notes");
    await symlink(path.join(dir, "gone"), path.join(dir, ".#a.md"));
    await symlink(path.join(dir, "gone"), path.join(dir, "d.md"));
    await symlink(path.join(dir, "x.md"), path.join(dir, "e.md"));
    // A named pipe would block a read for ever.
    execFileSync("mkfifo", [path.join(dir, "f.md")]);
    const { files, problems } = await readContentDirectory(dir);
    expect(Object.keys(files)).toEqual(["a.md", "b.MD", "c.markdown"]);
    expect(problems).toEqual([
      "content/d.md: file: expected a file the build can read, found a link to nothing (file)",
      "content/f.md: file: expected a file the build can read, found something that is not a file (file)",
    ]);
    expect(contentError(files).problems).toEqual([
      'content/b.MD: file name: expected the extension .md (the build reads no other), found "b.MD". Rename the file to b.md (file name)',
      'content/c.markdown: file name: expected the extension .md (the build reads no other), found "c.markdown". Rename the file to c.md (file name)',
    ]);
  });

  it("reports all of it at once in the build `npm run content` runs, with no EISDIR", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "content-build-"));
    await writeFile(path.join(dir, "a.md"), article());
    await mkdir(path.join(dir, "x.md"));
    await writeFile(path.join(dir, "b.Markdown"), other(2));
    await symlink(path.join(dir, "gone"), path.join(dir, "d.md"));
    const error = await buildDirectory(dir, { cacheDir: path.join(dir, "_cache"), workers: 1 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems).toEqual([
      "content/d.md: file: expected a file the build can read, found a link to nothing (file)",
      'content/b.Markdown: file name: expected the extension .md (the build reads no other), found "b.Markdown". Rename the file to b.md (file name)',
    ]);
  });
});

describe("8. the sanitiser's time", () => {
  it("refuses 100,000 <div> at once (they took 3 s to sanitise, 200,000 took 10 s)", () => {
    const { value, seconds } = timed(() => problemsOf(article({}, [], "<div>".repeat(100_000))));
    expect(value).toEqual([
      "body: expected at most 20,000 HTML tags once the Markdown is rendered (split the article, or simplify its markup), found 100,000 (body)",
    ]);
    expect(seconds).toBeLessThan(1.5);
  });

  it("renders the most tags it allows, nested as deep as they go, within a bounded time", () => {
    // "<p>" and "</p>" around the paragraph, and maxBodyTags - 2 unclosed <b>.
    const body = "x<b>".repeat(maxBodyTags - 2);
    const { value, seconds } = timed(() => renderMarkdown(body, "/a"));
    expect(value.match(/<b>/g)).toHaveLength(maxBodyTags - 2);
    expect(seconds).toBeLessThan(3);
    expect(() => renderMarkdown(`${body}x<b>`, "/a")).toThrow(/found 20,001/);
  });

  it("stays within the bound for nested emphasis, which the sanitiser also nests", () => {
    const stars = "*".repeat(maxBodyTags / 2 - 2);
    const { seconds } = timed(() => parseArticle("a.md", article({}, [], `${stars}a${stars}`)));
    expect(seconds).toBeLessThan(3);
  });
});

describe("9. every problem at once", () => {
  it("reports a missing title, a missing image.alt and a remote image's missing sizes together", () => {
    expect(problemsOf(article({ title: null }, ["image:", "  url: https://cdn.example.com/x.jpg"]))).toEqual([
      "expected text, found nothing (title)",
      "image.alt: expected a text alternative for the image, found nothing (image.alt)",
      "image.width: expected the image's width in pixels, which an https:// image must declare (the build does not fetch it), found nothing (image.width)",
      "image.height: expected the image's height in pixels, which an https:// image must declare (the build does not fetch it), found nothing (image.height)",
    ]);
  });

  it("reports an update before publication, an image with neither url nor caption, and the body", () => {
    expect(
      problemsOf(
        article(
          { section: null },
          ["updated: 2025-02-01T00:00:00Z", "image:", "  credit: Reuters"],
          `${"> ".repeat(21)}x\n`,
        ),
      ),
    ).toEqual([
      "expected text, found nothing (section)",
      'updated: expected a time no earlier than published (2025-03-01T08:00:00Z), found "2025-02-01T00:00:00Z" (updated)',
      "image: expected a url or a caption, found neither (image)",
      "body: expected block quotes and lists nested at most 20 deep, found a block quote nested 21 deep on line 10 (body)",
    ]);
  });

  it("reports a field name with control characters with the schema's problems", () => {
    expect(problemsOf(article({ title: "42" }, ['"dr\\u0001aft": false']))).toEqual([
      'field name: expected a name without control characters or non-characters, found "dr\\u0001aft" (dr\\u0001aft)',
      "expected text, found number 42 (title)",
    ]);
  });
});
