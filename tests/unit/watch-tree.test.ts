/**
 * `npm run dev`'s watch of content/ (scripts/lib/watch-tree.ts): every save is seen, however it is
 * written. With Node 20's recursive fs.watch on Linux, a file deleted and written again (as
 * `git checkout` restores it) went unseen, and so was never published again.
 */
import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type TreeWatcher, watchTree } from "../../scripts/lib/watch-tree";

let dir: string;
let watcher: TreeWatcher | undefined;
let events = 0;

async function start(): Promise<void> {
  dir = await mkdtemp(path.join(os.tmpdir(), "watch-tree-"));
  await mkdir(path.join(dir, "media"));
  await writeFile(path.join(dir, "story.md"), "first");
  events = 0;
  watcher = await watchTree(dir, () => {
    events++;
  });
}

/** Waits until a change is reported (or 2 s pass), and says whether one was. */
async function seen(): Promise<boolean> {
  const deadline = Date.now() + 2_000;
  while (events === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const was = events > 0;
  // Let the rest of this change's events arrive before the next step counts again.
  await new Promise((resolve) => setTimeout(resolve, 100));
  events = 0;
  return was;
}

/** Saves as editors and `sed -i` do: a new file, renamed over the old one. */
async function saveByRename(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${Math.random().toString(36).slice(2)}`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

afterEach(async () => {
  watcher?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("watchTree", () => {
  it("sees every save by rename of the same file, not only the first", async () => {
    await start();
    for (const text of ["second", "third", "fourth"]) {
      await saveByRename(path.join(dir, "story.md"), text);
      expect(await seen(), text).toBe(true);
    }
  });

  it("sees a file deleted and written again (git checkout), and writes in place", async () => {
    await start();
    await unlink(path.join(dir, "story.md"));
    await writeFile(path.join(dir, "story.md"), "restored");
    expect(await seen()).toBe(true);
    await writeFile(path.join(dir, "story.md"), "in place");
    expect(await seen()).toBe(true);
  });

  it("sees changes in subfolders, and in a subfolder made after it started", async () => {
    await start();
    await writeFile(path.join(dir, "media", "photo.png"), "png");
    expect(await seen()).toBe(true);
    await mkdir(path.join(dir, "media", "2026"));
    expect(await seen()).toBe(true);
    await saveByRename(path.join(dir, "media", "2026", "photo.png"), "png");
    expect(await seen()).toBe(true);
    await saveByRename(path.join(dir, "media", "2026", "photo.png"), "png again");
    expect(await seen()).toBe(true);
  });

  it("reports nothing when nothing changes, and nothing after close", async () => {
    await start();
    expect(await seen()).toBe(false);
    watcher?.close();
    await saveByRename(path.join(dir, "story.md"), "after close");
    expect(await seen()).toBe(false);
  });
});
