/**
 * Publishing from Node: the development build that never fails, and the path `npm run publish --
 * --remote` takes through wrangler's command line, run here against a local database of its own.
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDirectory } from "../../scripts/lib/fast-build";
import { applyMigrations, type LocalD1, openLocalD1, proxyD1Target } from "../../scripts/lib/local-d1";
import { publishBuild } from "../../scripts/lib/publish-build";
import { readSerialized, writeSerialized } from "../../scripts/lib/serialized-file";
import { inlineParameters, sqlLineLiteral, sqlLiteral } from "../../scripts/lib/sql-literals";
import { applyMigrationsWithWrangler, wranglerTarget } from "../../scripts/lib/wrangler-d1";
import { siteSettings } from "../../src/config/site";
import { buildContent, buildContentLenient } from "../../src/content/load-content";
import { publishContent, type SqlTarget } from "../../src/store/d1-publish";
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

describe("publishing a build with the state the last publish left", { timeout: 120_000 }, () => {
  let dir: string;
  let local: LocalD1;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "publish-state-"));
    await mkdir(path.join(dir, "content"));
    local = await openLocalD1(path.join(dir, "d1"));
    await applyMigrations(local.db);
  });
  afterAll(async () => {
    await local.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  /** The proxy target, counting the reads it is asked for. */
  const counted = () => {
    const target = proxyD1Target(local.db);
    const reads: string[] = [];
    return {
      reads,
      target: {
        query: <Row>(sql: string, params?: readonly (string | number | null)[]) => {
          reads.push(sql);
          return target.query<Row>(sql, params);
        },
        execute: target.execute,
      } satisfies SqlTarget,
    };
  };
  /** The current rows: the published articles, or with `retracted` the retracted ones too. */
  const live = async (retracted = false) =>
    (
      await local.db
        .prepare(
          `SELECT slug, hash FROM articles WHERE gen_to IS NULL ${retracted ? "" : "AND retracted IS NULL"} ORDER BY slug`,
        )
        .all<{ slug: string; hash: string }>()
    ).results;
  const write = async (name: string, text: string) => {
    await writeFile(path.join(dir, "content", name), text);
    const past = new Date(Date.now() - 60_000);
    await utimes(path.join(dir, "content", name), past, past);
  };
  const build = () =>
    buildDirectory(path.join(dir, "content"), { cacheDir: path.join(dir, "cache"), workers: 1 });

  it("diffs against the kept state with one read, and finds what publishContent finds", async () => {
    const stateFile = path.join(dir, "state.v8");
    for (let n = 1; n <= 4; n++) await write(`s${n}.md`, good(n));
    const first = await publishBuild(counted().target, await build(), { stateFile });
    expect([...first.added].sort()).toEqual(["s1", "s2", "s3", "s4"]);

    await write("s2.md", good(2, { title: "Story two" }));
    await rm(path.join(dir, "content", "s4.md"));
    const { target, reads } = counted();
    const edit = await publishBuild(target, await build(), { stateFile });
    expect(edit).toMatchObject({ added: [], changed: ["s2"], removed: ["s4"], unchanged: 2 });
    // The state, and the row of the one file removed (it is retracted with what that row says).
    expect(reads).toHaveLength(2);
    expect(edit.retracted).toEqual([
      {
        slug: "s4",
        id: "tag:news.example.com,2025:p4",
        feeds: [
          { kind: "site" },
          { kind: "section", slug: "desk" },
          { kind: "author", slug: "meridian-dispatch-staff" },
        ],
      },
    ]);
    // What the database holds is what a publish of the same files from nothing would hold.
    const expected = buildContent({
      "s1.md": good(1),
      "s2.md": good(2, { title: "Story two" }),
      "s3.md": good(3),
    });
    expect((await live()).map((row) => row.slug)).toEqual(["s1", "s2", "s3"]);
    expect(edit.state.hashes).toEqual(new Map((await live(true)).map((row) => [row.slug, row.hash])));
    expect([...edit.state.retracted.keys()]).toEqual(["s4"]);
    expect(edit.state.removed).toEqual(new Set());
    const again = await publishContent(counted().target, expected, siteSettings);
    expect(again).toMatchObject({ rowsWritten: 0, unchanged: 3 });
  });

  it("reads every row when the database moved on since the state was kept", async () => {
    const stateFile = path.join(dir, "state.v8");
    // Another checkout publishes: the state kept here is now behind the database.
    const elsewhere = buildContent({ "s1.md": good(1, { title: "Story one" }), "s3.md": good(3) });
    await publishContent(proxyD1Target(local.db), elsewhere, siteSettings);
    const { target, reads } = counted();
    const report = await publishBuild(target, await build(), { stateFile });
    expect(reads.length).toBeGreaterThan(1);
    // s2, which that publish retracted (its file was gone there), comes back: its row changes.
    expect(report).toMatchObject({ added: [], changed: ["s2", "s1"], removed: [] });
    expect((await live()).map((row) => row.slug)).toEqual(["s1", "s2", "s3"]);
    expect((await publishBuild(counted().target, await build(), { stateFile })).rowsWritten).toBe(0);
  });

  it("reads every row when the state was kept by a version that knew no retractions", async () => {
    const stateFile = path.join(dir, "state.v8");
    expect((await publishBuild(counted().target, await build(), { stateFile })).rowsWritten).toBe(0);
    const kept = await readSerialized<Record<string, unknown>>(stateFile);
    if (!kept) throw new Error("no state kept");
    // As such a version kept it: counts as numbers, and no retracted articles.
    const { retracted: _retracted, counts, ...older } = kept;
    const numbers = new Map(
      [...(counts as Map<string, { articles: number }>)].map(([key, count]) => [key, count.articles]),
    );
    await writeSerialized(stateFile, { ...older, counts: numbers });
    const { target, reads } = counted();
    const report = await publishBuild(target, await build(), { stateFile });
    expect(reads.length).toBeGreaterThan(1);
    expect(report).toMatchObject({ added: [], changed: [], removed: [], retracted: [], rowsWritten: 0 });
  });

  it("clears what an interrupted publish left before it writes, and says nothing of it to readers", async () => {
    const before = await live();
    const generation = async () =>
      (await local.db.prepare("SELECT generation FROM publication").first<{ generation: number }>())
        ?.generation;
    const was = await generation();
    await write("s5.md", good(5));
    // Stops after its first statements: the marker and some rows are written, the switch is not.
    const failing: SqlTarget = {
      query: proxyD1Target(local.db).query,
      async execute(statements) {
        if (statements.some((statement) => statement.sql.startsWith("INSERT INTO publication"))) {
          throw new Error("interrupted");
        }
        return proxyD1Target(local.db).execute(statements);
      },
    };
    const stateFile = path.join(dir, "state.v8");
    await expect(publishBuild(failing, await build(), { stateFile })).rejects.toThrow("interrupted");
    expect(await generation()).toBe(was);
    expect(await live()).not.toEqual(before);
    const report = await publishBuild(counted().target, await build(), { stateFile });
    expect(report.added).toEqual(["s5"]);
    expect(report.generation).toBe((was ?? 0) + 1);
    const leftovers = await local.db
      .prepare("SELECT COUNT(*) AS n FROM articles WHERE gen_from > ?1")
      .bind(report.generation)
      .first<{ n: number }>();
    expect(leftovers?.n).toBe(0);
    expect(await local.db.prepare("SELECT COUNT(*) AS n FROM publishing").first<{ n: number }>()).toEqual({
      n: 0,
    });
  });

  it("republishes an article whose language changed, with the language in its stored metadata", async () => {
    const stateFile = path.join(dir, "state.v8");
    const storedLang = async () => {
      const row = await local.db
        .prepare("SELECT meta FROM articles WHERE slug = 's3' AND gen_to IS NULL")
        .first<{ meta: string }>();
      return (JSON.parse(row?.meta ?? "{}") as { lang?: string }).lang;
    };
    expect(await storedLang()).toBeUndefined();
    // Tags of different lengths, so that each edit changes the file's size as well as its times.
    for (const lang of ["ar", "fa-IR", undefined]) {
      await write("s3.md", good(3, lang === undefined ? {} : { lang }));
      const report = await publishBuild(counted().target, await build(), { stateFile });
      expect(report, String(lang)).toMatchObject({ added: [], changed: ["s3"], removed: [] });
      expect(await storedLang()).toBe(lang);
    }
  });
});
