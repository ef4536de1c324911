/**
 * Publishing from Node: the development build that never fails, and the path `npm run publish --
 * --remote` takes through wrangler's command line, run here against a local database of its own.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLocalD1, proxyD1Target } from "../../scripts/lib/local-d1";
import { inlineParameters, sqlLineLiteral, sqlLiteral } from "../../scripts/lib/sql-literals";
import { applyMigrationsWithWrangler, wranglerTarget } from "../../scripts/lib/wrangler-d1";
import { siteSettings } from "../../src/config/site";
import { buildContent, buildContentLenient } from "../../src/content/load-content";
import { publishContent } from "../../src/store/d1-publish";
import { markdownArticle } from "./helpers/feeds";

const good = (n: number, extra: Record<string, string | boolean> = {}) =>
  markdownArticle(
    {
      id: `tag:news.example.com,2025:p${n}`,
      title: `Story ${n}`,
      published: `2025-01-0${n}T00:00:00Z`,
      section: "Desk",
      ...extra,
    },
    `Body ${n}.`,
  );

describe("the development build", () => {
  it("keeps the last good version of a broken file and reports its problems", () => {
    const first = buildContentLenient({ "a.md": good(1), "b.md": good(2) });
    expect(first.problems).toEqual([]);
    expect(first.content.articles.map((article) => article.title)).toEqual(["Story 2", "Story 1"]);
    const broken = buildContentLenient(
      {
        "a.md": good(1).replace("Story 1", "Story one"),
        "b.md": good(2).replace(/^published: .*$/m, "published: soon"),
      },
      first.lastGood,
    );
    expect(broken.content.articles.map((article) => article.title)).toEqual(["Story 2", "Story one"]);
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatch(/^content\/b\.md: .*found string "soon" \(published\)$/);
    expect(broken.content).not.toEqual(first.content);
  });

  it("leaves out a broken file it never saw good, and only warns about a broken draft", () => {
    const build = buildContentLenient({
      "a.md": good(1),
      "new.md": "---\ntitle: no id\n---\n\nText.\n",
      "draft.md": "---\ndraft: true\ntitle: half written\n---\n\nText.\n",
    });
    expect(build.content.articles.map((article) => article.slug)).toEqual(["a"]);
    expect(build.problems.every((problem) => problem.startsWith("content/new.md: "))).toBe(true);
    expect(build.warnings.length).toBeGreaterThan(0);
    expect(build.warnings.every((warning) => warning.startsWith("content/draft.md: "))).toBe(true);
  });

  it("leaves out the later of two files that claim one id", () => {
    const build = buildContentLenient({ "a.md": good(1), "b.md": good(1) });
    expect(build.content.articles.map((article) => article.slug)).toEqual(["a"]);
    expect(build.problems).toEqual([expect.stringMatching(/^content\/b\.md: id: /)]);
  });
});

describe("SQL literals for wrangler's command line", () => {
  it("quotes strings, keeps numbers and NULL, and refuses what SQLite cannot read back", () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral("a\nb ?1 ✓")).toBe("'a\nb ?1 ✓'");
    expect(sqlLiteral(42)).toBe("42");
    expect(sqlLiteral(null)).toBe("NULL");
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(inlineParameters("SELECT ?2, ?1, ?10", ["a", 2, null, 4, 5, 6, 7, 8, 9, "ten"])).toBe(
      "SELECT 2, 'a', 'ten'",
    );
    expect(() => inlineParameters("SELECT ?3", ["a"])).toThrow(/\?3/);
    // One line per statement for D1's exec(): line breaks become char(10) and char(13).
    expect(sqlLineLiteral("a\r\nb")).toBe("'a' || char(13) || '' || char(10) || 'b'");
    expect(sqlLineLiteral(3)).toBe("3");
  });
});

describe("publishing through wrangler's command line", { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "publish-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the articles, then nothing the second time", async () => {
    const options = { location: "--local" as const, persistTo: dir };
    applyMigrationsWithWrangler(options);
    const content = buildContent({ "a.md": good(1, { title: "It's a quote" }), "b.md": good(2) });
    const first = await publishContent(wranglerTarget(options), content, siteSettings);
    expect([...first.added].sort()).toEqual(["a", "b"]);
    expect(first.rowsWritten).toBeGreaterThan(0);
    const second = await publishContent(wranglerTarget(options), content, siteSettings);
    expect(second).toMatchObject({ added: [], changed: [], removed: [], rowsWritten: 0, generation: 1 });
    // Read back through a D1 binding on the same state: the text survived the literals. Then the
    // same database through getPlatformProxy and exec(): an edit with a line break in its body.
    const local = await openLocalD1(dir);
    try {
      const row = await local.db
        .prepare("SELECT meta FROM articles WHERE slug = 'a'")
        .first<{ meta: string }>();
      expect(JSON.parse(row?.meta ?? "{}").title).toBe("It's a quote");
      const edited = buildContent({
        "a.md": good(1, { title: "It's a quote" }).replace("Body 1.", "Body 1,\n\nnow in two paragraphs."),
        "b.md": good(2),
      });
      const third = await publishContent(proxyD1Target(local.db), edited, siteSettings);
      expect(third).toMatchObject({ changed: ["a"], generation: 2 });
      expect(third.rowsWritten).toBeGreaterThan(0);
      const body = await local.db
        .prepare(
          "SELECT b.html FROM articles a JOIN bodies b ON b.hash = a.body_hash WHERE a.slug = 'a' AND a.gen_to IS NULL",
        )
        .first<{ html: string }>();
      expect(body?.html).toBe(edited.articles.find((article) => article.slug === "a")?.html);
      expect(body?.html).toContain("\n");
      expect((await publishContent(proxyD1Target(local.db), edited, siteSettings)).rowsWritten).toBe(0);
    } finally {
      await local.dispose();
    }
  });
});
