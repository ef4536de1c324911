import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { articleSlug, createArticle, scaffoldArticle } from "../../scripts/new-article";
import { buildContent, loadContentFiles } from "../../src/content/load-content";
import { parseArticle } from "../../src/content/parse-article";
import { slugPattern } from "../../src/content/schema";

const root = path.resolve(import.meta.dirname, "../..");
const UUID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const NOW = new Date("2026-11-28T11:30:00.789Z");

function parsedDraft(headline: string, uuid = UUID) {
  const { fileName, source } = scaffoldArticle(headline, NOW, uuid);
  const result = parseArticle(fileName, source);
  if (!result.ok)
    throw new Error(`scaffold of ${JSON.stringify(headline)} failed:\n${result.problems.join("\n")}`);
  return result;
}

describe("scaffoldArticle", () => {
  it("writes a draft with a fresh id, the time to the second, the title, a section and no tags", () => {
    expect(scaffoldArticle("Iran and Russia sign a cooperation pact", NOW, UUID)).toEqual({
      fileName: "iran-and-russia-sign-a-cooperation-pact.md",
      slug: "iran-and-russia-sign-a-cooperation-pact",
      source: [
        "---",
        "id: urn:uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        'title: "Iran and Russia sign a cooperation pact"',
        "# The time this file was created: set it to the time of publication before publishing.",
        "published: 2026-11-28T11:30:00Z",
        "section: News",
        "tags: []",
        "# A draft is checked by every build but published nowhere: delete the next line to publish.",
        "draft: true",
        "---",
        "",
        "Write the article here, in Markdown, then delete the `draft: true` line above.",
        "",
      ].join("\n"),
    });
  });

  it("passes parseArticle as a draft", () => {
    const result = parsedDraft("Iran and Russia sign a cooperation pact");
    expect(result.draft).toBe(true);
    expect(result.article).toMatchObject({
      id: `urn:uuid:${UUID}`,
      slug: "iran-and-russia-sign-a-cooperation-pact",
      title: "Iran and Russia sign a cooperation pact",
      published: "2026-11-28T11:30:00Z",
      updated: "2026-11-28T11:30:00Z",
      section: "News",
      tags: [],
    });
  });

  it("appears nowhere until the draft line is deleted", () => {
    const { fileName, source } = scaffoldArticle("Talks resume", NOW, UUID);
    expect(buildContent({ [fileName]: source }).articles).toEqual([]);
    const published = buildContent({ [fileName]: source.replace("draft: true\n", "") });
    expect(published.articles.map((article) => article.slug)).toEqual(["talks-resume"]);
  });

  it("builds alongside the real content without changing what is published", async () => {
    const files = await loadContentFiles(path.join(root, "content"));
    const { fileName, source } = scaffoldArticle("Talks resume", NOW, UUID);
    expect(buildContent({ ...files, [fileName]: source })).toEqual(buildContent(files));
  });

  it.each([
    ['Breaking: "quoted", #hashed, back\\slash & more'],
    ["It's 'single-quoted' — with an em dash…"],
    ["- starts like a list item"],
    ["[starts like a list] {and a map}"],
    ["yes"],
    ["null"],
    ["42"],
    ["2026-11-28"],
    ["*bold* and `code` are kept as typed"],
    ["Emoji 😀 and Arabic رئيس إيران"],
    ["Line\u2028separator and tab\tin it"],
  ])("keeps the title %j exactly", (headline) => {
    expect(parsedDraft(headline).article.title).toBe(headline.replace(/\s+/g, " "));
  });

  it("collapses white space and removes characters XML cannot carry", () => {
    expect(parsedDraft("  Talks\n  resume\u0001\uFFFE  ").article.title).toBe("Talks resume");
  });

  it.each([
    ["Iran and Russia sign a cooperation pact", "iran-and-russia-sign-a-cooperation-pact"],
    ["Café talks: what's next?", "cafe-talks-whats-next"],
    ["Talks’ end", "talks-end"],
    ["2026 in review", "2026-in-review"],
    ["Gaza غزة ceasefire", "gaza-ceasefire"],
    ["--- Hello, world! ---", "hello-world"],
    ["رئيس إيران يدعو إلى توسيع العلاقات مع روسيا", "article-3f2504e0"],
    ["😀 🎉", "article-3f2504e0"],
    // Case folding makes "ß" "ss" (src/lib/slug.ts), so the slug keeps the word.
    ["Straße", "strasse"],
  ])("slug of %j is %s", (headline, slug) => {
    expect(articleSlug(headline, UUID)).toBe(slug);
    expect(scaffoldArticle(headline, NOW, UUID).fileName).toBe(`${slug}.md`);
  });

  it("takes the fallback slug from the uuid given", () => {
    expect(articleSlug("عاجل", "abcdef01-2345-4678-9abc-def012345678")).toBe("article-abcdef01");
  });

  it("cuts a long slug at a hyphen, at most 80 characters", () => {
    const headline =
      "Iranian president, in talks with Putin ally, calls for expanded ties with Russia and a new regional order";
    const slug = articleSlug(headline, UUID);
    expect(slug).toBe("iranian-president-in-talks-with-putin-ally-calls-for-expanded-ties-with-russia");
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(articleSlug("x".repeat(200), UUID)).toBe("x".repeat(80));
  });

  it("always gives a slug the schema accepts", () => {
    for (const headline of ["a", "A-B", "a--b", "  x  ", "ÀÉÎÕÜ", "1-2-3", "Ünïcödé -- ß", "_under_score_"]) {
      expect(articleSlug(headline, UUID)).toMatch(slugPattern);
    }
  });

  it("refuses an empty headline and a uuid that would not make a valid id", () => {
    expect(() => scaffoldArticle("  \n ", NOW, UUID)).toThrow("expected a headline, found none");
    expect(() => scaffoldArticle("Talks", NOW, UUID.toUpperCase())).toThrow(
      `expected a lower-case uuid, found "${UUID.toUpperCase()}"`,
    );
  });
});

/** Each run of the command starts tsx, about a second. */
const commandTimeout = 30_000;

describe("createArticle and the command", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "new-article-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the scaffold into the directory and returns its path", async () => {
    const file = await createArticle("Talks resume", dir, NOW, UUID);
    expect(file).toBe(path.join(dir, "talks-resume.md"));
    expect(await readFile(file, "utf8")).toBe(scaffoldArticle("Talks resume", NOW, UUID).source);
  });

  it("mints a different id each time", async () => {
    await createArticle("First", dir);
    await createArticle("Second", dir);
    const files = await loadContentFiles(dir);
    const ids = Object.values(files).map((source) => /^id: (.*)$/m.exec(source)?.[1]);
    expect(ids).toHaveLength(2);
    for (const id of ids)
      expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("refuses to overwrite an existing file", async () => {
    const existing = path.join(dir, "talks-resume.md");
    await writeFile(existing, "the author's work");
    await expect(createArticle("Talks resume", dir, NOW, UUID)).rejects.toThrow(
      `${existing} already exists: nothing was written. Choose another headline, or rename or edit the existing file.`,
    );
    expect(await readFile(existing, "utf8")).toBe("the author's work");
  });

  it("reports a missing directory", async () => {
    const missing = path.join(dir, "nope");
    await expect(createArticle("Talks", missing, NOW, UUID)).rejects.toThrow(
      `${missing}: no such directory: nothing was written.`,
    );
  });

  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/new-article.ts", ...args],
      {
        cwd: root,
        encoding: "utf8",
      },
    );

  it(
    "as a command: creates the file, then refuses to create it again",
    async () => {
      const first = run("--dir", dir, "Talks resume in Cairo");
      expect(first.stderr).toBe("");
      expect(first.status).toBe(0);
      const file = path.join(dir, "talks-resume-in-cairo.md");
      expect(first.stdout).toBe(
        `Created ${file} as a draft. Write the article, then delete its "draft: true" line to publish.\n`,
      );
      const written = await readFile(file, "utf8");
      const parsed = parseArticle("talks-resume-in-cairo.md", written);
      expect(parsed.ok && parsed.draft).toBe(true);

      const second = run("--dir", dir, "Talks resume in Cairo");
      expect(second.status).toBe(1);
      expect(second.stdout).toBe("");
      expect(second.stderr).toBe(
        `new article: ${file} already exists: nothing was written. Choose another headline, or rename or edit the existing file.\n`,
      );
      expect(await readFile(file, "utf8")).toBe(written);
      expect(await readdir(dir)).toEqual(["talks-resume-in-cairo.md"]);
    },
    commandTimeout,
  );

  it(
    "as a command: joins unquoted words and accepts --dir=<path>",
    async () => {
      const result = run(`--dir=${dir}`, "Talks", "resume");
      expect(result.status).toBe(0);
      expect(await readdir(dir)).toEqual(["talks-resume.md"]);
    },
    commandTimeout,
  );

  it(
    "as a command: explains its usage when the headline or the directory is missing",
    () => {
      const usage = 'usage: npm run new -- [--dir <content directory>] "Headline"';
      const noHeadline = run("--dir", dir);
      expect(noHeadline.status).toBe(1);
      expect(noHeadline.stderr).toBe(`new article: expected a headline\n${usage}\n`);
      const noDir = run("Talks", "--dir");
      expect(noDir.status).toBe(1);
      expect(noDir.stderr).toBe(`new article: --dir: expected a directory\n${usage}\n`);
      const unknown = run("--force", "Talks");
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toBe(`new article: unknown option "--force"\n${usage}\n`);
    },
    commandTimeout,
  );
});
