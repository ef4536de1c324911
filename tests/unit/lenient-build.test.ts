import { describe, expect, it } from "vitest";
import { buildContent, buildContentLenient, buildFromParsed } from "../../src/content/load-content";
import { type ParseResult, parseArticle } from "../../src/content/parse-article";

/**
 * The development build (`npm run dev`) never fails: a broken file keeps its last good version,
 * a broken draft is only a warning, and of two files in conflict the later one by name is left out.
 */

/** A valid article source; `front` adds or replaces front matter lines. */
function source(n: number, front: string[] = [], body = `Body ${n}.`): string {
  const lines = [
    `id: tag:news.example.com,2025:story-${n}`,
    `title: Story ${n}`,
    `published: 2025-01-0${n}T00:00:00Z`,
    "section: Desk",
  ];
  const replaced = lines.filter((line) => !front.some((extra) => extra.split(":")[0] === line.split(":")[0]));
  return `---\n${[...replaced, ...front].join("\n")}\n---\n\n${body}\n`;
}

/** A source with a problem: its date is not a date. */
const broken = (n: number, front: string[] = []) => source(n, ["published: soon", ...front]);

const titles = (build: { content: { articles: { title: string }[] } }) =>
  build.content.articles.map((article) => article.title);

describe("buildContentLenient", () => {
  it("publishes every good file, newest first, with nothing to report", () => {
    const build = buildContentLenient({ "b.md": source(2), "a.md": source(1), "c.md": source(3) });
    expect(titles(build)).toEqual(["Story 3", "Story 2", "Story 1"]);
    expect(build.problems).toEqual([]);
    expect(build.warnings).toEqual([]);
    expect(build.content).toEqual(buildContent({ "a.md": source(1), "b.md": source(2), "c.md": source(3) }));
  });

  it("hands back each good file's parsed version, drafts included, for the next build", () => {
    const files = { "a.md": source(1), "b.md": source(2, ["draft: true"]) };
    const build = buildContentLenient(files);
    expect([...build.lastGood.keys()]).toEqual(["a.md", "b.md"]);
    const a = build.lastGood.get("a.md");
    expect(a?.file).toBe("a.md");
    expect(a?.draft).toBe(false);
    expect(a?.article).toEqual((parseArticle("a.md", source(1)) as ParseResult & { ok: true }).article);
    expect(build.lastGood.get("b.md")?.draft).toBe(true);
    expect(titles(build)).toEqual(["Story 1"]);
  });

  it("reports a broken file's problems, each line naming the file, and leaves it out when it was never good", () => {
    const build = buildContentLenient({ "a.md": source(1), "b.md": broken(2) });
    expect(titles(build)).toEqual(["Story 1"]);
    expect(build.problems).toEqual([
      'content/b.md: expected an RFC 3339 date-time with a time zone, such as 2024-08-06T09:30:00Z or 2024-08-06T12:30:00+03:00, found string "soon" (published)',
    ]);
    expect(build.warnings).toEqual([]);
    expect([...build.lastGood.keys()]).toEqual(["a.md"]);
  });

  it("publishes a broken file's last good version, and passes it on", () => {
    const first = buildContentLenient({ "a.md": source(1), "b.md": source(2) });
    const second = buildContentLenient(
      { "a.md": source(1, ["title: Story one"]), "b.md": broken(2) },
      first.lastGood,
    );
    expect(titles(second)).toEqual(["Story 2", "Story one"]);
    expect(second.problems).toHaveLength(1);
    expect(second.lastGood.get("b.md")).toBe(first.lastGood.get("b.md"));
    expect(second.lastGood.get("a.md")?.article.title).toBe("Story one");
    // Still broken next time: the same good version again.
    const third = buildContentLenient({ "a.md": source(1), "b.md": broken(2) }, second.lastGood);
    expect(titles(third)).toEqual(["Story 2", "Story 1"]);
  });

  it("forgets a file that is gone, whatever its last good version", () => {
    const first = buildContentLenient({ "a.md": source(1), "b.md": source(2) });
    const second = buildContentLenient({ "a.md": source(1) }, first.lastGood);
    expect(titles(second)).toEqual(["Story 1"]);
    expect([...second.lastGood.keys()]).toEqual(["a.md"]);
  });

  it("only warns about a broken draft, and publishes nothing of it", () => {
    const first = buildContentLenient({ "a.md": source(1), "d.md": source(4) });
    const build = buildContentLenient(
      { "a.md": source(1), "d.md": broken(4, ["draft: true"]) },
      first.lastGood,
    );
    expect(build.problems).toEqual([]);
    expect(build.warnings).toEqual([
      'content/d.md: expected an RFC 3339 date-time with a time zone, such as 2024-08-06T09:30:00Z or 2024-08-06T12:30:00+03:00, found string "soon" (published)',
    ]);
    expect(titles(build)).toEqual(["Story 1"]);
    expect([...build.lastGood.keys()]).toEqual(["a.md"]);
  });

  it.each([
    ["draft: true"],
    ["draft:true"],
    ["draft:   true"],
    ["draft:\ttrue"],
    ["draft: true  "],
    ["draft: true # still writing"],
  ])("reads %j as a draft even when the rest of the front matter is broken", (line) => {
    const build = buildContentLenient({ "d.md": broken(4, [line]) });
    expect(build.problems).toEqual([]);
    expect(build.warnings.length).toBeGreaterThan(0);
    expect(build.warnings.every((warning) => warning.startsWith("content/d.md: "))).toBe(true);
  });

  it.each([
    ["draft: false"],
    ["draft: truely"],
    ["draft: true, I think"],
    ["draft: 'true'"],
    ["notdraft: true"],
    ["image:\n  draft: true"],
    ["# draft: true"],
  ])("does not read %j as a draft", (line) => {
    const build = buildContentLenient({ "d.md": broken(4, [line]) });
    expect(build.warnings).toEqual([]);
    expect(build.problems.length).toBeGreaterThan(0);
    expect(build.problems.every((problem) => problem.startsWith("content/d.md: "))).toBe(true);
  });

  it("leaves out the later file by name of two that claim one id, whatever the order given", () => {
    const same = source(2).replace("story-2", "story-1");
    const build = buildContentLenient({ "b.md": same, "a.md": source(1) });
    expect(build.content.articles.map((article) => article.slug)).toEqual(["a"]);
    expect(build.problems).toEqual([
      "content/b.md: id: expected an id no other article has, found tag:news.example.com,2025:story-1, which content/a.md has too (id)",
    ]);
    // The left-out file's parsed version is still handed on.
    expect([...build.lastGood.keys()]).toEqual(["a.md", "b.md"]);
  });

  it("leaves out a file whose former slug is another's slug, and keeps the others", () => {
    const build = buildContentLenient({
      "a.md": source(1),
      "b.md": source(2, ["former_slugs: [a]"]),
      "c.md": source(3),
    });
    expect(build.content.articles.map((article) => article.slug)).toEqual(["c", "a"]);
    expect(build.problems).toEqual([
      'content/b.md: former_slugs: expected a slug no other article uses, found "a", which content/a.md uses too (former_slugs)',
    ]);
  });

  it("reports a file's own problems before the conflicts between files", () => {
    const build = buildContentLenient({
      "a.md": source(1),
      "b.md": source(2).replace("story-2", "story-1"),
      "c.md": broken(3),
    });
    expect(build.problems.map((problem) => problem.slice(0, 14))).toEqual([
      "content/c.md: ",
      "content/b.md: ",
    ]);
  });

  it("gives the same version as the strict build for the same published files", () => {
    const files = { "a.md": source(1), "b.md": source(2) };
    expect(buildContentLenient(files).content.version).toBe(buildContent(files).version);
    expect(buildContentLenient({ ...files, "c.md": broken(3) }).content.version).toBe(
      buildContent(files).version,
    );
  });
});

describe("buildFromParsed", () => {
  it("builds what buildContent builds from the same files, whatever order they were parsed in", () => {
    const files = { "a.md": source(1), "b.md": source(2) };
    const parsed = new Map<string, ParseResult>([
      ["b.md", parseArticle("b.md", files["b.md"])],
      ["a.md", parseArticle("a.md", files["a.md"])],
    ]);
    expect(buildFromParsed(parsed)).toEqual(buildContent(files));
  });
});
