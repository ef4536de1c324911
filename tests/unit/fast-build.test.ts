/**
 * The cached build (scripts/lib/fast-build.ts) against the reference build (buildContent): after
 * any sequence of edits, touches, additions, removals and lost cache files it gives exactly what
 * buildContent gives for the files as they are, and it reads and parses only what changed.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, unlink, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildDirectory } from "../../scripts/lib/fast-build";
import { buildContent, ContentError } from "../../src/content/load-content";
import { markdownArticle } from "./helpers/feeds";

const story = (n: number, extra: Record<string, string | string[] | boolean> = {}, body = `Body ${n}.`) =>
  markdownArticle(
    {
      id: `tag:news.example.com,2025:fb${n}`,
      title: `Story ${n}`,
      published: new Date(Date.UTC(2025, 0, n)).toISOString(),
      section: n % 2 === 0 ? "Politics" : "Science",
      tags: [`Tag ${n % 3}`],
      ...extra,
    },
    body,
  );

let dir: string;
let content: string;
let cacheDir: string;

/** Files as they were at least this long ago: the build trusts the metadata of those alone. */
const settle = async (name: string) => {
  const past = new Date(Date.now() - 60_000);
  await utimes(path.join(content, name), past, past);
};

const write = async (name: string, text: string, settled = true) => {
  await writeFile(path.join(content, name), text);
  if (settled) await settle(name);
};

const filesNow = async () => {
  const files: Record<string, string> = {};
  for (const name of (await readdir(content)).sort())
    files[name] = await readFile(path.join(content, name), "utf8");
  return files;
};

const build = () => buildDirectory(content, { cacheDir, workers: 1 });

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "fast-build-"));
  content = path.join(dir, "content");
  cacheDir = path.join(dir, "cache");
  await mkdir(content);
  for (let n = 1; n <= 6; n++) await write(`story-${n}.md`, story(n));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the cached build", () => {
  it("gives what buildContent gives, whole articles and version, cold and warm", async () => {
    const cold = await build();
    expect(cold.stats).toMatchObject({ files: 6, parsed: 6, read: 6, cached: 0 });
    const expected = buildContent(await filesNow());
    expect(await cold.load()).toEqual(expected);
    const warm = await build();
    expect(warm.stats).toMatchObject({ files: 6, parsed: 0, read: 0, cached: 6 });
    expect(await warm.load()).toEqual(expected);
    expect(warm.index.version).toBe(expected.version);
    expect(warm.index.articles.map((article) => article.slug)).toEqual(expected.articles.map((a) => a.slug));
  });

  it("parses and hashes on worker threads exactly as in one thread", async () => {
    for (let n = 10; n < 80; n++) await write(`story-${n}.md`, story(n));
    const parallel = await buildDirectory(content, { cacheDir: path.join(dir, "parallel"), workers: 2 });
    expect(parallel.stats).toMatchObject({ parsed: 76, workers: 2 });
    const single = await build();
    expect(parallel.hashes).toEqual(single.hashes);
    expect(parallel.index).toEqual(single.index);
    expect(await parallel.load()).toEqual(buildContent(await filesNow()));
  });

  it("reads and parses only the edited file, and the next build reads nothing", async () => {
    await build();
    await write("story-3.md", story(3, {}, "Body 3, corrected."));
    const edited = await build();
    expect(edited.stats).toMatchObject({ read: 1, parsed: 1, cached: 5 });
    const expected = buildContent(await filesNow());
    expect(await edited.load()).toEqual(expected);
    expect((await edited.article("story-3")).html).toContain("corrected");
    expect((await build()).stats).toMatchObject({ read: 0, parsed: 0 });
  });

  it("reads a touched file again but does not parse it", async () => {
    await build();
    const future = new Date(Date.now() - 30_000);
    await utimes(path.join(content, "story-2.md"), future, future);
    const touched = await build();
    expect(touched.stats).toMatchObject({ read: 1, parsed: 0 });
    expect(await touched.load()).toEqual(buildContent(await filesNow()));
  });

  it("reads again, every time, a file changed too recently to trust its metadata", async () => {
    await build();
    await write("story-4.md", story(4, { title: "Story four" }), false);
    expect((await build()).stats).toMatchObject({ read: 1, parsed: 1 });
    expect((await build()).stats).toMatchObject({ read: 1, parsed: 0 });
    await settle("story-4.md");
    await build();
    expect((await build()).stats).toMatchObject({ read: 0, parsed: 0 });
  });

  it("follows additions and removals, and keeps no article of a removed file", async () => {
    await build();
    await write("story-7.md", story(7));
    await unlink(path.join(content, "story-1.md"));
    const changed = await build();
    expect(changed.stats).toMatchObject({ files: 6, read: 1, parsed: 1 });
    expect(await changed.load()).toEqual(buildContent(await filesNow()));
    await expect(changed.article("story-1")).rejects.toThrow("no article story-1");
  });

  it("reports every problem, and builds again once the file is fixed", async () => {
    await build();
    await write("story-5.md", story(5).replace(/^published: .*$/m, "published: soon"));
    const error = await build().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems).toEqual(
      (() => {
        try {
          buildContent({ "story-5.md": story(5).replace(/^published: .*$/m, "published: soon") });
        } catch (caught) {
          return (caught as ContentError).problems;
        }
        return [];
      })(),
    );
    // A problem between files (two files, one id) is found though neither file is parsed again.
    await write("story-5.md", story(5));
    await write("copy.md", story(6, { title: "A copy" }));
    const duplicate = await build().catch((caught: unknown) => caught);
    expect((duplicate as ContentError).problems.join("\n")).toContain("content/story-6.md: id");
    await unlink(path.join(content, "copy.md"));
    expect(await (await build()).load()).toEqual(buildContent(await filesNow()));
  });

  it("gives the same after edits kept in the journal, and after many rewrite the index whole", async () => {
    await build();
    const journalSize = async () =>
      (v8.deserialize(await readFile(path.join(cacheDir, "journal.v8"))) as { entries: Map<string, unknown> })
        .entries.size;
    for (let round = 1; round <= 8; round++) {
      const n = 1 + (round % 6);
      await write(`story-${n}.md`, story(n, {}, `Body ${n}, edit ${round}.`));
      expect((await build()).stats.parsed).toBe(1);
    }
    expect(await journalSize()).toBe(6);
    expect(await (await build()).load()).toEqual(buildContent(await filesNow()));
    for (let n = 10; n < 80; n++) await write(`story-${n}.md`, story(n));
    expect((await build()).stats.parsed).toBe(70);
    expect(await journalSize()).toBe(0);
    expect(await (await build()).load()).toEqual(buildContent(await filesNow()));
  });

  it("never applies a journal to an index it was not written for", async () => {
    await build();
    await write("story-1.md", story(1, {}, "Body 1, second."));
    await build();
    const stale = await readFile(path.join(cacheDir, "journal.v8"));
    await write("story-1.md", story(1, {}, "Body 1, third."));
    await rm(cacheDir, { recursive: true });
    await build();
    // The journal of the first index, beside the second: applied, it would bring back "second".
    await writeFile(path.join(cacheDir, "journal.v8"), stale);
    const again = await build();
    expect(again.stats).toMatchObject({ read: 0, parsed: 0 });
    expect(await again.load()).toEqual(buildContent(await filesNow()));
  });

  it("reads an article from its file when its shard was lost", async () => {
    await build();
    await rm(path.join(cacheDir, "articles"), { recursive: true });
    const warm = await build();
    expect(warm.stats.parsed).toBe(0);
    expect(await warm.load()).toEqual(buildContent(await filesNow()));
  });

  it("refuses an article whose file changed after the build and whose shard was lost", async () => {
    await build();
    const built = await build();
    await rm(path.join(cacheDir, "articles"), { recursive: true });
    await write("story-2.md", story(2, {}, "Body 2, changed meanwhile."));
    await expect(built.article("story-2")).rejects.toThrow(
      "content/story-2.md changed while it was being published: publish again",
    );
  });

  it("starts again from nothing when the cache files are damaged", async () => {
    await build();
    await writeFile(path.join(cacheDir, "index.v8"), "not v8");
    const rebuilt = await build();
    expect(rebuilt.stats).toMatchObject({ read: 6, parsed: 6 });
    expect(await rebuilt.load()).toEqual(buildContent(await filesNow()));
  });
});
