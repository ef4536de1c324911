/**
 * Calls `onChange` whenever anything in a folder tree changes. One non-recursive `fs.watch` per
 * folder, because Node 20's recursive watch on Linux loses track of a file once it has been
 * replaced: a file deleted and written again (as `git checkout` restores it) goes unseen
 * (tests/unit/watch-tree.test.ts), and so did a second `sed -i` of the same file, tried by hand.
 * A folder's own watch sees every rename, creation and deletion in it. Folders made later are
 * watched from the next change on.
 */
import { type FSWatcher, watch } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";

export interface TreeWatcher {
  close(): void;
}

/** Every folder under `root`, itself included; none when `root` does not exist. */
async function foldersUnder(root: string): Promise<string[]> {
  const folders = [root];
  for (let index = 0; index < folders.length; index++) {
    const folder = folders[index] as string;
    try {
      const entries = await readdir(folder, { withFileTypes: true });
      for (const entry of entries) if (entry.isDirectory()) folders.push(path.join(folder, entry.name));
    } catch {
      // Gone since it was listed (or never there): nothing to watch in it.
      if (folder === root) return [];
    }
  }
  return folders;
}

export async function watchTree(root: string, onChange: () => void): Promise<TreeWatcher> {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;

  async function refresh(): Promise<void> {
    const folders = new Set(await foldersUnder(root));
    if (closed) return;
    for (const [folder, watcher] of watchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      watchers.delete(folder);
    }
    for (const folder of folders) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, () => {
          onChange();
          void refresh();
        });
        // A folder removed while watched ends its watch; the next refresh forgets it.
        watcher.on("error", () => watcher.close());
        watchers.set(folder, watcher);
      } catch {
        // Removed between the listing and the watch.
      }
    }
  }

  await refresh();
  return {
    close() {
      closed = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
