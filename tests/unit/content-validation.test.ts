import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MediaLookup } from "../../src/content/lead-image";
import { buildContent, ContentError, loadContentFiles } from "../../src/content/load-content";
import { parseArticle } from "../../src/content/parse-article";
import { shortCodeFor } from "../../src/content/short-code";
import { SITE_ORIGIN_MARKER } from "../../src/content/site-urls";

/**
 * The messages asserted here are the product an author sees when a build fails, so they are
 * asserted word for word.
 */

const ID = "urn:uuid:5c5d1441-25c1-46e1-9144-ffad54f4a397";
const OTHER_ID = "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e";
const KNOWN_FIELDS =
  "Known fields: id, title, published, updated, authors, section, tags, summary, highlights, dateline, lang, image, draft, former_slugs, corrections, retracted.";
const DATE_EXPECTED =
  "expected an RFC 3339 date-time with a time zone, such as 2024-08-06T09:30:00Z or 2024-08-06T12:30:00+03:00";
const URL_EXPECTED = "expected an https:// URL or a path /media/<file> naming a file in content/media/";
const ID_EXPECTED =
  "expected a permanent id: urn:uuid:<lower-case uuid> or tag:<domain>,<yyyy-mm-dd>:<name> (run `npm run new` to mint one)";

/** Front matter lines of a valid article, keyed by field so that a test can replace or drop one. */
function fields(overrides: Record<string, string | null> = {}): string[] {
  const base: Record<string, string | null> = {
    id: ID,
    title: "Talks resume in Cairo",
    published: "2025-03-01T08:00:00Z",
    section: "World",
    ...overrides,
  };
  return Object.entries(base)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => (value.startsWith("\n") ? `${key}:${value}` : `${key}: ${value}`));
}

function markdown(frontMatter: string[], body = "Negotiators returned to Cairo on Saturday.\n"): string {
  return `---\n${frontMatter.join("\n")}\n---\n\n${body}`;
}

function problemsOf(source: string, fileName = "talks-resume.md"): string[] {
  const result = parseArticle(fileName, source);
  if (result.ok) throw new Error(`expected ${fileName} to fail validation, but it passed`);
  return result.problems;
}

function parsed(source: string, fileName = "talks-resume.md") {
  const result = parseArticle(fileName, source);
  if (!result.ok) throw new Error(`expected ${fileName} to pass validation:\n${result.problems.join("\n")}`);
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

describe("parseArticle: a valid article", () => {
  it("passes and is normalised: UTC dates, updated defaults to published, defaults for lists", () => {
    const result = parsed(markdown(fields({ published: "2025-03-01T10:00:00+02:00" })));
    expect(result.draft).toBe(false);
    expect(result.article).toEqual({
      id: ID,
      slug: "talks-resume",
      title: "Talks resume in Cairo",
      summary: "Negotiators returned to Cairo on Saturday.",
      published: "2025-03-01T08:00:00Z",
      updated: "2025-03-01T08:00:00Z",
      authors: [],
      section: "World",
      tags: [],
      highlights: [],
      formerSlugs: [],
      shortCode: shortCodeFor(ID),
      html: "<p>Negotiators returned to Cairo on Saturday.</p>",
    });
    expect(result.article.shortCode).toMatch(/^[0-9a-hjkmnp-tv-z]{8}$/);
  });

  it("accepts a tag: id, fractional seconds and an update at the same instant in another offset", () => {
    const result = parsed(
      markdown(
        fields({
          id: "tag:news.example.com,2025-03-01:talks-resume",
          published: "2025-03-01T08:00:00.250Z",
          updated: "2025-03-01T11:00:00+03:00",
        }),
      ),
    );
    expect(result.article.id).toBe("tag:news.example.com,2025-03-01:talks-resume");
    expect(result.article.published).toBe("2025-03-01T08:00:00Z");
    expect(result.article.updated).toBe("2025-03-01T08:00:00Z");
  });

  it("accepts a byte order mark and CRLF line ends", () => {
    const source = `\uFEFF${markdown(fields())}`.replace(/\n/g, "\r\n");
    expect(parsed(source).article.title).toBe("Talks resume in Cairo");
  });

  it("keeps YAML words such as no and on as text (JSON schema)", () => {
    const result = parsed(markdown(fields({ tags: "[no, on, yes, null-island]" })));
    expect(result.article.tags).toEqual(["no", "on", "yes", "null-island"]);
  });

  it("removes duplicate tags", () => {
    expect(parsed(markdown(fields({ tags: "[Egypt, Gaza, Egypt]" }))).article.tags).toEqual([
      "Egypt",
      "Gaza",
    ]);
  });

  it("takes the summary from `summary`, else the highlights as sentences, else the first paragraph", () => {
    const highlights = "\n  - Mediators from Egypt and Qatar attend\n  - Is a text expected next week?";
    expect(parsed(markdown(fields({ highlights }))).article.summary).toBe(
      "Mediators from Egypt and Qatar attend. Is a text expected next week?",
    );
    expect(parsed(markdown(fields({ highlights, summary: "Talks resume." }))).article.summary).toBe(
      "Talks resume.",
    );
    expect(
      parsed(markdown(fields(), "## Heading\n\nFirst *paragraph*\nwraps.\n\nSecond.\n")).article.summary,
    ).toBe("First paragraph wraps.");
  });

  it("publishes a file of content/media/ under its key, a marked site URL, with what the build read of it", () => {
    const image = "\n  url: /media/cairo.jpg\n  alt: Delegates around a table";
    const key = `${"ab".repeat(16)}.jpg`;
    const media: MediaLookup = (name) =>
      name === "cairo.jpg" ? { key, type: "image/jpeg", width: 1600, height: 900, bytes: 123456 } : undefined;
    const result = parseArticle("talks-resume.md", markdown(fields({ image })), media);
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.article.image).toStrictEqual({
      url: `${SITE_ORIGIN_MARKER}/media/${key}`,
      alt: "Delegates around a table",
      width: 1600,
      height: 900,
      type: "image/jpeg",
      bytes: 123456,
    });
    expect(result.warnings).toEqual([]);
  });

  it("removes characters XML forbids even when written as YAML escapes", () => {
    const result = parsed(
      markdown(fields({ title: '"Talks\\x01 resume\\uFFFE in\\ud800 Cairo"', dateline: '"CAIRO\\u0001"' })),
    );
    expect(result.article.title).toBe("Talks resume in Cairo");
    expect(result.article.dateline).toBe("CAIRO");
    expect(result.article.html).not.toContain(SITE_ORIGIN_MARKER);
  });
});

describe("parseArticle: missing fields", () => {
  it.each([
    ["id", "expected a tag: URI or urn:uuid: id, found nothing (id)"],
    ["title", "expected text, found nothing (title)"],
    ["published", `${DATE_EXPECTED}, found nothing (published)`],
    ["section", "expected text, found nothing (section)"],
  ])("reports a missing %s", (field, message) => {
    expect(problemsOf(markdown(fields({ [field]: null })))).toEqual([message]);
  });

  it("reports every required field of an empty front matter block", () => {
    expect(problemsOf("---\n# only a comment\n---\n\nBody.\n")).toEqual([
      "expected a tag: URI or urn:uuid: id, found nothing (id)",
      "expected text, found nothing (title)",
      `${DATE_EXPECTED}, found nothing (published)`,
      "expected text, found nothing (section)",
    ]);
  });

  it("treats an empty value as null", () => {
    expect(problemsOf(markdown(fields({ title: "" })))).toEqual(["expected text, found null (title)"]);
  });
});

describe("parseArticle: wrong types", () => {
  it.each([
    ["title", "42", "expected text, found number 42 (title)"],
    ["title", "[a, b]", "expected text, found a list (title)"],
    ["section", "{ name: World }", "expected text, found a map (section)"],
    ["id", "42", "expected a tag: URI or urn:uuid: id, found number 42 (id)"],
    ["published", "20250301", `${DATE_EXPECTED}, found number 20250301 (published)`],
    ["tags", "Egypt", 'expected a list of tags, found string "Egypt" (tags)'],
    ["tags", "[Egypt, 7]", "expected text, found number 7 (tags[1])"],
    ["authors", "Jane Doe", 'expected a list of author names, found string "Jane Doe" (authors)'],
    ["authors", "[Jane Doe, true]", "expected text, found boolean true (authors[1])"],
    ["highlights", "{ first: 1 }", "expected a list of summary bullets, found a map (highlights)"],
    ["draft", "yes", 'expected true or false, found string "yes" (draft)'],
    ["draft", "1", "expected true or false, found number 1 (draft)"],
    [
      "image",
      "cairo.jpg",
      'expected a map with url, alt, caption and credit, found string "cairo.jpg" (image)',
    ],
    ["image", "", "expected a map with url, alt, caption and credit, found null (image)"],
    ["image", "\n  caption: 42", "expected text, found number 42 (image.caption)"],
    ["former_slugs", "old-slug", 'expected a list of slugs, found string "old-slug" (former_slugs)'],
    [
      "former_slugs",
      "[Old Slug]",
      'expected a lower-case slug of letters, digits and single hyphens, such as iran-russia-ties, found string "Old Slug" (former_slugs[0])',
    ],
  ])("%s: %s", (field, value, message) => {
    expect(problemsOf(markdown(fields({ [field]: value })))).toEqual([message]);
  });

  it("reports blank text as empty", () => {
    const [problem] = problemsOf(markdown(fields({ section: '"   "' })));
    expect(problem).toMatch(/^expected non-empty text, found string "\s*" \(section\)$/);
  });

  it("shortens a long value it quotes", () => {
    const [problem = ""] = problemsOf(markdown(fields({ published: `"${"x".repeat(200)}"` })));
    expect(problem.startsWith(`${DATE_EXPECTED}, found string "${"x".repeat(56)}...`)).toBe(true);
    expect(problem.endsWith("(published)")).toBe(true);
    expect(problem).not.toContain("x".repeat(60));
  });

  it("reports a front matter block that is not a map", () => {
    expect(problemsOf("---\n- id\n- title\n---\n\nBody.\n")).toEqual([
      expect.stringMatching(/found a list \(front matter\)$/),
    ]);
  });
});

describe("parseArticle: dates", () => {
  it.each([
    ["2025-03-01"],
    ["2025-03-01T08:00Z"],
    ["2025-03-01T08:00:00"],
    ["2025-03-01T08:00:00+0200"],
    ["2025-03-01 08:00:00Z"],
    ["1 March 2025 08:00 GMT"],
    ["2025-02-30T08:00:00Z"],
  ])("rejects %s as published and as updated", (value) => {
    expect(problemsOf(markdown(fields({ published: value })))).toEqual([
      `${DATE_EXPECTED}, found string ${JSON.stringify(value)} (published)`,
    ]);
    expect(problemsOf(markdown(fields({ updated: value })))).toEqual([
      `${DATE_EXPECTED}, found string ${JSON.stringify(value)} (updated)`,
    ]);
  });

  it("rejects an update before the publication, comparing instants rather than text", () => {
    const source = markdown(
      fields({ published: "2025-03-01T10:00:00+02:00", updated: "2025-03-01T07:59:59Z" }),
    );
    expect(problemsOf(source)).toEqual([
      'updated: expected a time no earlier than published (2025-03-01T10:00:00+02:00), found "2025-03-01T07:59:59Z" (updated)',
    ]);
  });

  it("accepts an update after the publication written in an earlier-looking local time", () => {
    const result = parsed(
      markdown(fields({ published: "2025-03-01T08:00:00Z", updated: "2025-03-01T06:30:00-02:00" })),
    );
    expect(result.article.updated).toBe("2025-03-01T08:30:00Z");
  });
});

describe("parseArticle: unknown fields", () => {
  it.each([
    [
      "draf",
      "true",
      'unknown field "draf": expected no such field, found boolean true. Did you mean "draft"? (draf)',
    ],
    [
      "tag",
      "[Egypt]",
      'unknown field "tag": expected no such field, found a list. Did you mean "tags"? (tag)',
    ],
    [
      "author",
      "Jane Doe",
      'unknown field "author": expected no such field, found string "Jane Doe". Did you mean "authors"? (author)',
    ],
    [
      "formerSlugs",
      "[old]",
      'unknown field "formerSlugs": expected no such field, found a list. Did you mean "former_slugs"? (formerSlugs)',
    ],
    [
      "Title",
      "Talks",
      'unknown field "Title": expected no such field, found string "Talks". Did you mean "title"? (Title)',
    ],
    [
      "category",
      "Diplomacy",
      `unknown field "category": expected no such field, found string "Diplomacy". ${KNOWN_FIELDS} (category)`,
    ],
  ])("%s", (key, value, message) => {
    expect(problemsOf(markdown([...fields(), `${key}: ${value}`]))).toEqual([message]);
  });

  it("names the path of an unknown field inside image", () => {
    const image = "\n  caption: Delegates meet in Cairo.\n  cap: Delegates";
    expect(problemsOf(markdown(fields({ image })))).toEqual([
      'unknown field "cap": expected no such field, found string "Delegates". Known image fields: url, alt, caption, credit, width, height, type, bytes. (image.cap)',
    ]);
  });

  it("reports image fields that lost their indentation (how Biome once broke the seed content)", () => {
    const source = markdown([...fields(), "image:", "caption: Delegates meet in Cairo.", "credit: Reuters"]);
    expect(problemsOf(source)).toEqual([
      "expected a map with url, alt, caption and credit, found null (image)",
      'unknown field "caption": expected no such field, found string "Delegates meet in Cairo.". "caption" belongs to the image: indent it by two spaces under "image:". (caption)',
      'unknown field "credit": expected no such field, found string "Reuters". "credit" belongs to the image: indent it by two spaces under "image:". (credit)',
    ]);
  });
});

describe("parseArticle: ids and file names", () => {
  it.each([
    ["urn:uuid:5C5D1441-25C1-46E1-9144-FFAD54F4A397"],
    ["5c5d1441-25c1-46e1-9144-ffad54f4a397"],
    ["urn:uuid:5c5d1441-25c1-46e1-9144"],
    ["tag:news.example.com:talks"],
    ["https://news.example.com/articles/talks-resume"],
    ["talks-resume"],
  ])("rejects the id %s", (id) => {
    expect(problemsOf(markdown(fields({ id })))).toEqual([
      `${ID_EXPECTED}, found string ${JSON.stringify(id)} (id)`,
    ]);
  });

  it.each([
    ["Talks-Resume.md"],
    ["talks_resume.md"],
    ["talks--resume.md"],
    ["-talks.md"],
    ["talks-.md"],
    ["مفاوضات.md"],
    ["talks resume.md"],
  ])("rejects the file name %s", (fileName) => {
    expect(problemsOf(markdown(fields()), fileName)).toEqual([
      `file name: expected a lower-case slug of letters, digits and single hyphens followed by .md, found ${JSON.stringify(fileName)}. Rename the file (file name)`,
    ]);
  });

  it("reports a bad file name together with the problems inside the file", () => {
    expect(problemsOf(markdown(fields({ title: "42" })), "Talks.md")).toEqual([
      'file name: expected a lower-case slug of letters, digits and single hyphens followed by .md, found "Talks.md". Rename the file (file name)',
      "expected text, found number 42 (title)",
    ]);
  });
});

describe("parseArticle: the front matter block and the body", () => {
  it("reports a YAML syntax error with the line and column in the file", () => {
    const source = markdown(fields({ title: "Talks: resume: in Cairo" }));
    expect(source.split("\n")[2]).toBe("title: Talks: resume: in Cairo");
    expect(problemsOf(source)).toEqual([
      "front matter: expected valid YAML, found a syntax error: bad indentation of a mapping entry (3:13) (front matter)",
    ]);
  });

  it("reports an unclosed flow list", () => {
    expect(problemsOf(markdown(fields({ tags: "[Egypt, Gaza" })))).toEqual([
      expect.stringMatching(
        /^front matter: expected valid YAML, found a syntax error: .*flow collection.* \(\d+:\d+\) \(front matter\)$/,
      ),
    ]);
  });

  it("reports a file without front matter", () => {
    expect(problemsOf("Negotiators returned to Cairo on Saturday.\n")).toEqual([
      "front matter: expected a YAML block between --- lines at the top of the file, found none (front matter)",
    ]);
  });

  it("reports front matter that does not start on the first line", () => {
    expect(problemsOf(`\n${markdown(fields())}`)).toEqual([
      "front matter: expected a line of just --- as the first line of the file, found a blank line (front matter)",
    ]);
  });

  it("reports front matter that is never closed", () => {
    expect(problemsOf(`---\n${fields().join("\n")}\n\nNegotiators returned to Cairo.\n`)).toEqual([
      "front matter: expected a --- line closing the front matter, found none (front matter)",
    ]);
  });

  it("never runs a ---js front matter block (gray-matter would eval it)", () => {
    const flag = "__contentValidationTestRan";
    const source = `---js\n({ id: (globalThis.${flag} = true, "${ID}"), title: "t", published: "2025-03-01T08:00:00Z", section: "s" })\n---\n\nBody.\n`;
    expect(problemsOf(source)).toEqual([
      'front matter: expected a line of just --- as the first line of the file, found "---js" (front matter)',
    ]);
    expect((globalThis as Record<string, unknown>)[flag]).toBeUndefined();
  });

  it.each([[""], ["\n\n   \n"]])("reports an empty body %j", (body) => {
    expect(problemsOf(markdown(fields(), body))).toEqual([
      "body: expected Markdown text after the front matter, found none (body)",
    ]);
  });

  it("reports an empty body together with front matter problems", () => {
    expect(problemsOf(markdown(fields({ section: null, colour: "red" }), ""))).toEqual([
      "expected text, found nothing (section)",
      `unknown field "colour": expected no such field, found string "red". ${KNOWN_FIELDS} (colour)`,
      "body: expected Markdown text after the front matter, found none (body)",
    ]);
  });
});

describe("parseArticle: lang", () => {
  const LANG_EXPECTED =
    "expected a BCP 47 language tag: a 2- or 3-letter ISO 639 language code, then a script or region if needed, such as en, fr-CA, pt-BR, ar or zh-Hant";

  it("is absent when the front matter has none: the site's language applies", () => {
    expect(parsed(markdown(fields())).article).not.toHaveProperty("lang");
  });

  it.each([
    ["ar", "ar"],
    ["AR", "ar"],
    ["en-gb", "en-GB"],
    ['" fa-ir "', "fa-IR"],
    ["iw", "he"],
    ["pt-br", "pt-BR"],
    ["zh-hant", "zh-Hant"],
    ["sr-latn-rs", "sr-Latn-RS"],
    ["no", "no"],
  ])("%s is published in canonical form, %s", (written, canonical) => {
    expect(parsed(markdown(fields({ lang: written }))).article.lang).toBe(canonical);
  });

  it.each([
    ["english", 'string "english"'],
    ["arabic", 'string "arabic"'],
    ["en_US", 'string "en_US"'],
    ["ar-", 'string "ar-"'],
    ["e", 'string "e"'],
    ["zh-yue", 'string "zh-yue"'],
    ["x-private", 'string "x-private"'],
    ["'ar, en'", 'string "ar, en"'],
  ])("refuses %s, naming the field, what was expected and what was found", (written, found) => {
    expect(problemsOf(markdown(fields({ lang: written })))).toEqual([
      `${LANG_EXPECTED}, found ${found} (lang)`,
    ]);
  });

  it.each([
    ['""', 'expected non-empty text, found string "" (lang)'],
    ["12", "expected text, found number 12 (lang)"],
    ["[ar, en]", "expected text, found a list (lang)"],
  ])("refuses %s as no text", (written, problem) => {
    expect(problemsOf(markdown(fields({ lang: written })))).toEqual([problem]);
  });

  it("suggests lang for a field called language", () => {
    expect(problemsOf(markdown(fields({ language: "ar" })))).toEqual([
      'unknown field "language": expected no such field, found string "ar". Did you mean "lang"? (language)',
    ]);
  });

  it("a bad tag stops the build, naming the file", () => {
    expect(contentError({ "talks-resume.md": markdown(fields({ lang: "english" })) }).problems).toEqual([
      `content/talks-resume.md: ${LANG_EXPECTED}, found string "english" (lang)`,
    ]);
  });
});

describe("parseArticle: image", () => {
  it("requires alt text with a url", () => {
    expect(
      problemsOf(
        markdown(
          fields({
            image:
              "\n  url: https://cdn.example.com/cairo.jpg\n  width: 1200\n  height: 800\n  caption: Delegates.",
          }),
        ),
      ),
    ).toEqual(["image.alt: expected a text alternative for the image, found nothing (image.alt)"]);
  });

  it("requires a url or a caption", () => {
    expect(problemsOf(markdown(fields({ image: "\n  credit: Reuters" })))).toEqual([
      "image: expected a url or a caption, found neither (image)",
    ]);
  });

  it.each([
    ["javascript:alert(1)"],
    ["data:image/png;base64,AAAA"],
    ["//cdn.example.com/x.jpg"],
    ["images/x.jpg"],
  ])("rejects the url %s", (url) => {
    expect(problemsOf(markdown(fields({ image: `\n  url: "${url}"\n  alt: A photograph` })))).toEqual([
      `${URL_EXPECTED}, found string ${JSON.stringify(url)} (image.url)`,
    ]);
  });

  it("keeps an https url absolute and takes a caption without a url", () => {
    const remote = parsed(
      markdown(
        fields({
          image: "\n  url: https://cdn.example.com/x.jpg\n  alt: A photograph\n  width: 1200\n  height: 800",
        }),
      ),
    );
    expect(remote.article.image).toStrictEqual({
      url: "https://cdn.example.com/x.jpg",
      alt: "A photograph",
      width: 1200,
      height: 800,
    });
    const captionOnly = parsed(markdown(fields({ image: "\n  caption: Delegates.\n  credit: Reuters" })));
    expect(captionOnly.article.image).toEqual({ caption: "Delegates.", credit: "Reuters" });
  });
});

describe("buildContent", () => {
  const good = (id: string, published: string, extra: string[] = []) =>
    markdown([`id: ${id}`, "title: A title", `published: ${published}`, "section: World", ...extra]);

  it("reports all problems of all files at once, each line naming the file and the field", () => {
    const files = {
      "zeta.md": good(OTHER_ID, "2025-03-01T08:00:00Z"),
      "beta.md": markdown(fields({ title: "42", published: "2025-03-01", drafty: "true" })),
      "Alpha.md": "No front matter here.\n",
      "gamma.md": markdown(fields({ image: "\n  url: /media/x.jpg" }), ""),
    };
    const error = contentError(files);
    expect(error.problems).toEqual([
      'content/Alpha.md: file name: expected a lower-case slug of letters, digits and single hyphens followed by .md, found "Alpha.md". Rename the file (file name)',
      "content/Alpha.md: front matter: expected a YAML block between --- lines at the top of the file, found none (front matter)",
      "content/beta.md: expected text, found number 42 (title)",
      `content/beta.md: ${DATE_EXPECTED}, found string "2025-03-01" (published)`,
      'content/beta.md: unknown field "drafty": expected no such field, found boolean true. Did you mean "draft"? (drafty)',
      "content/gamma.md: image.alt: expected a text alternative for the image, found nothing (image.alt)",
      "content/gamma.md: image.url: expected a file content/media/x.jpg, found no such file (image.url)",
      "content/gamma.md: body: expected Markdown text after the front matter, found none (body)",
    ]);
    for (const line of error.problems) {
      expect(line).toMatch(
        /^content\/[^/:]+\.md: .* \((?:[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+)*|front matter|file name|body)\)$/i,
      );
    }
    expect(error.message).toBe(`8 problems in content; nothing was published.\n${error.problems.join("\n")}`);
    expect(error.name).toBe("ContentError");
  });

  it("says problem, not problems, for one", () => {
    expect(contentError({ "a.md": markdown(fields({ title: "42" })) }).message).toBe(
      "1 problem in content; nothing was published.\ncontent/a.md: expected text, found number 42 (title)",
    );
  });

  it("reports duplicate ids, drafts included", () => {
    const error = contentError({
      "first.md": good(ID, "2025-03-01T08:00:00Z"),
      "second.md": good(ID, "2025-03-02T08:00:00Z", ["draft: true"]),
      "third.md": good(ID, "2025-03-03T08:00:00Z"),
    });
    expect(error.problems).toEqual([
      `content/second.md: id: expected an id no other article has, found ${ID}, which content/first.md has too (id)`,
      `content/third.md: id: expected an id no other article has, found ${ID}, which content/first.md has too (id)`,
    ]);
  });

  it("reports a file whose slug another article lists in former_slugs", () => {
    const error = contentError({
      "cairo-talks.md": good(ID, "2025-03-01T08:00:00Z", ["former_slugs: [talks]"]),
      "talks.md": good(OTHER_ID, "2025-03-02T08:00:00Z"),
    });
    expect(error.problems).toEqual([
      'content/talks.md: file name: expected a slug no other article uses, found "talks", which content/cairo-talks.md uses too (file name)',
    ]);
  });

  it("reports a former slug that another article already uses", () => {
    const error = contentError({
      "cairo-talks.md": good(ID, "2025-03-01T08:00:00Z", ["former_slugs: [talks]"]),
      "doha-talks.md": good(OTHER_ID, "2025-03-02T08:00:00Z", ["former_slugs: [talks, doha]"]),
      "doha.md": good("urn:uuid:11111111-2222-4333-8444-555555555555", "2025-03-03T08:00:00Z"),
    });
    expect(error.problems).toEqual([
      'content/doha-talks.md: former_slugs: expected a slug no other article uses, found "talks", which content/cairo-talks.md uses too (former_slugs)',
      'content/doha.md: file name: expected a slug no other article uses, found "doha", which content/doha-talks.md uses too (file name)',
    ]);
  });

  it("leaves drafts out of the output but still validates them", () => {
    const content = buildContent({
      "published.md": good(ID, "2025-03-01T08:00:00Z"),
      "unfinished.md": good(OTHER_ID, "2025-03-02T08:00:00Z", ["draft: true"]),
    });
    expect(content.articles.map((article) => article.slug)).toEqual(["published"]);
    expect(
      contentError({
        "published.md": good(ID, "2025-03-01T08:00:00Z"),
        "unfinished.md": good(OTHER_ID, "2025-03-02", ["draft: true"]),
      }).problems,
    ).toEqual([`content/unfinished.md: ${DATE_EXPECTED}, found string "2025-03-02" (published)`]);
  });

  it("sorts articles newest first by instant, ties broken by id", () => {
    const content = buildContent({
      "a.md": good("urn:uuid:cccccccc-0000-4000-8000-000000000000", "2025-03-01T08:00:00Z"),
      "b.md": good("urn:uuid:bbbbbbbb-0000-4000-8000-000000000000", "2025-03-01T10:30:00+02:00"),
      "c.md": good("urn:uuid:aaaaaaaa-0000-4000-8000-000000000000", "2025-03-01T08:30:00Z"),
      "d.md": good("urn:uuid:dddddddd-0000-4000-8000-000000000000", "2024-12-31T23:59:59Z"),
      "e.md": good("tag:news.example.com,2025:e", "2025-03-01T08:00:00Z"),
    });
    expect(content.articles.map((article) => article.slug)).toEqual(["c", "b", "e", "a", "d"]);
  });

  describe("version", () => {
    const files = {
      "cairo-talks.md": good(ID, "2025-03-01T08:00:00Z", ["tags: [Egypt]"]),
      "doha-talks.md": good(OTHER_ID, "2025-03-02T08:00:00Z"),
    };

    it("is 16 hex digits and the same for the same input, whatever the order of the files", () => {
      const first = buildContent(files).version;
      expect(first).toMatch(/^[0-9a-f]{16}$/);
      expect(buildContent({ ...files }).version).toBe(first);
      const reversed = Object.fromEntries(Object.entries(files).reverse());
      expect(buildContent(reversed).version).toBe(first);
    });

    it("changes when any published byte changes", () => {
      const base = buildContent(files).version;
      const source = files["cairo-talks.md"];
      const variants: Record<string, string>[] = [
        { ...files, "cairo-talks.md": source.replace("A title", "A titlE") },
        { ...files, "cairo-talks.md": source.replace("returned", "returneD") },
        { ...files, "cairo-talks.md": source.replace("Saturday.", "Saturday!") },
        { ...files, "cairo-talks.md": source.replace("[Egypt]", "[Egypt, Qatar]") },
        { ...files, "cairo-talks.md": source.replace("08:00:00Z", "08:00:01Z") },
        { ...files, "cairo-talks.md": source.replace("section: World", "section: Worlds") },
        { "doha-talks.md": files["doha-talks.md"], "cairo-talk.md": source },
        { "doha-talks.md": files["doha-talks.md"] },
      ];
      const versions = variants.map((variant) => buildContent(variant).version);
      for (const version of versions) expect(version).not.toBe(base);
      expect(new Set(versions).size).toBe(versions.length);
    });

    it("does not change for what is never published: drafts and YAML comments", () => {
      const base = buildContent(files).version;
      const withDraft = {
        ...files,
        "later.md": good(ID.replace("5c5d", "9c5d"), "2025-04-01T08:00:00Z", ["draft: true"]),
      };
      expect(buildContent(withDraft).version).toBe(base);
      const commented = {
        ...files,
        "cairo-talks.md": files["cairo-talks.md"].replace("section:", "# desk\nsection:"),
      };
      expect(buildContent(commented).version).toBe(base);
    });
  });
});

describe("loadContentFiles", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("reads the .md files of a directory, skipping names that start with _ and other files", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "content-"));
    await writeFile(path.join(dir, "b.md"), "B");
    await writeFile(path.join(dir, "a.md"), "A");
    await writeFile(path.join(dir, "_template.md"), "T");
    await writeFile(path.join(dir, "notes.txt"), "N");
    expect(await loadContentFiles(dir)).toEqual({ "a.md": "A", "b.md": "B" });
  });
});

describe("parseArticle: edges that mutation testing found untested", () => {
  it("quotes a value of up to 60 characters whole, and shortens a longer one", () => {
    const whole = `x${"y".repeat(57)}`; // 60 characters once JSON quotes it
    expect(problemsOf(markdown(fields({ id: whole })))).toEqual([
      `${ID_EXPECTED}, found string "${whole}" (id)`,
    ]);
    const long = `${whole}z`;
    expect(problemsOf(markdown(fields({ id: long })))).toEqual([
      `${ID_EXPECTED}, found string "${whole.slice(0, 56)}... (id)`,
    ]);
  });

  it.each([
    ["ids", "[a]", 'unknown field "ids": expected no such field, found a list. Did you mean "id"? (ids)'],
    [
      "Former-Slugs",
      "[old]",
      'unknown field "Former-Slugs": expected no such field, found a list. Did you mean "former_slugs"? (Former-Slugs)',
    ],
    [
      "FormerSlugs",
      "[old]",
      'unknown field "FormerSlugs": expected no such field, found a list. Did you mean "former_slugs"? (FormerSlugs)',
    ],
    // "image" ends with "age", which is no reason to suggest it.
    [
      "agenda",
      "Talks",
      `unknown field "agenda": expected no such field, found string "Talks". ${KNOWN_FIELDS} (agenda)`,
    ],
  ])("suggests a field for %s only when its name is close", (key, value, message) => {
    expect(problemsOf(markdown([...fields(), `${key}: ${value}`]))).toEqual([message]);
  });

  it("adds no url to an image that has none", () => {
    const image = parsed(markdown(fields({ image: "\n  caption: Delegates.\n  credit: Reuters" }))).article
      .image;
    expect(image).toStrictEqual({ caption: "Delegates.", credit: "Reuters" });
  });

  it("ends a highlight with a full stop unless it already ends with punctuation", () => {
    const highlights =
      '\n  - U.S. envoy arrives\n  - Envoy says "talks resume"\n  - Agreement (draft)\n  - Who attends?';
    expect(parsed(markdown(fields({ highlights }))).article.summary).toBe(
      'U.S. envoy arrives. Envoy says "talks resume" Agreement (draft) Who attends?',
    );
  });

  it("calls a first line of spaces a blank line", () => {
    expect(problemsOf(`  \t\n${markdown(fields())}`)).toEqual([
      "front matter: expected a line of just --- as the first line of the file, found a blank line (front matter)",
    ]);
  });

  it("reads a front matter block closed on the very next line as empty, not unclosed", () => {
    expect(problemsOf("---\n---\n\nBody.\n")).toEqual([
      "expected a tag: URI or urn:uuid: id, found nothing (id)",
      "expected text, found nothing (title)",
      `${DATE_EXPECTED}, found nothing (published)`,
      "expected text, found nothing (section)",
    ]);
  });

  it("takes the slug from a name ending in .md only", () => {
    expect(problemsOf(markdown(fields()), "talks.mdx")).toEqual([
      'file name: expected a lower-case slug of letters, digits and single hyphens followed by .md, found "talks.mdx". Rename the file (file name)',
    ]);
  });

  it("removes a byte order mark at the start only", () => {
    const body = "Zero\uFEFFwidth no-break space.\n";
    expect(parsed(markdown(fields(), body)).article.html).toBe("<p>Zero\uFEFFwidth no-break space.</p>");
    expect(parsed(`\uFEFF${markdown(fields(), body)}`).article.html).toBe(
      "<p>Zero\uFEFFwidth no-break space.</p>",
    );
  });
});

describe("front matter schema: ids, slugs and image urls", () => {
  it.each([
    [`x${ID}`],
    [`${ID}0`],
    [`${ID} `],
    ["tag:news.example.com,2025:talks resume"],
    [" tag:news.example.com,2025:talks"],
  ])("rejects the id %j", (id) => {
    expect(problemsOf(markdown(fields({ id: JSON.stringify(id) })))).toEqual([
      `${ID_EXPECTED}, found string ${JSON.stringify(id)} (id)`,
    ]);
  });

  it.each([
    ["tag:news.example.com,2025:talks"],
    ["tag:news.example.com,2025-03:talks"],
    ["tag:news.example.com,2025-03-01:talks"],
  ])("accepts the id %s", (id) => {
    expect(parsed(markdown(fields({ id }))).article.id).toBe(id);
  });

  it("says a former slug must be a slug when it is not text", () => {
    expect(problemsOf(markdown(fields({ former_slugs: "[7]" })))).toEqual([
      "expected a slug, found number 7 (former_slugs[0])",
    ]);
  });

  it("says an image url must be a URL when it is not text", () => {
    expect(problemsOf(markdown(fields({ image: "\n  url: 7\n  alt: A photograph" })))).toEqual([
      "expected a URL, found number 7 (image.url)",
    ]);
  });

  it("rejects an image url with white space in it", () => {
    const url = "https://cdn.example.com/a b.jpg";
    expect(problemsOf(markdown(fields({ image: `\n  url: "${url}"\n  alt: A photograph` })))).toEqual([
      `${URL_EXPECTED}, found string ${JSON.stringify(url)} (image.url)`,
    ]);
  });
});

describe("buildContent: short codes and former slugs", () => {
  // Two ids whose SHA-256 share their first 40 bits, so the two articles would share /s/0zxj0kfk.
  const first = "tag:news.example.com,2025:story-332489";
  const second = "tag:news.example.com,2025:story-788315";
  const article = (id: string, extra: string[] = []) =>
    markdown([`id: ${id}`, "title: A title", "published: 2025-03-01T08:00:00Z", "section: World", ...extra]);

  it("reports two ids with the same short code", () => {
    expect(shortCodeFor(first)).toBe(shortCodeFor(second));
    expect(contentError({ "a.md": article(first), "b.md": article(second) }).problems).toEqual([
      `content/b.md: id: expected an id whose short code differs from every other article's, found short code ${shortCodeFor(first)}, which content/a.md has too. Mint a new id for the newer, unpublished one with \`npm run new\` (id)`,
    ]);
  });

  it("lets an article list its own slug, or a former slug twice", () => {
    const content = buildContent({
      "talks.md": article(ID, ["former_slugs: [talks, cairo-talks, cairo-talks]"]),
    });
    expect(content.articles.map((entry) => entry.slug)).toEqual(["talks"]);
  });
});

describe("loadContentFiles: order", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("lists the files in JavaScript string order, whatever order the directory gives", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "content-order-"));
    // Node's readdir returns names in byte (code point) order on Linux; JavaScript sorts by UTF-16
    // code unit, which puts an emoji (a surrogate pair, D83D…) before a full-width letter (FF5A).
    const names = ["\uFF5A-wide.md", "m-story.md", "\u{1F600}-emoji.md", "a-story.md", "Z-story.md"];
    for (const name of names) await writeFile(path.join(dir, name), name);
    const files = await loadContentFiles(dir);
    const expected = ["Z-story.md", "a-story.md", "m-story.md", "\u{1F600}-emoji.md", "\uFF5A-wide.md"];
    expect(Object.keys(files)).toEqual(expected);
    expect(Object.values(files)).toEqual(expected);
  });
});
