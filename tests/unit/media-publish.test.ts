/**
 * Publishing images into R2: through the local bucket `wrangler dev` serves (getPlatformProxy's
 * binding), through wrangler's command line (the path `npm run publish -- --remote` takes, run here
 * with --local against a state directory of its own), and `npm run publish` itself, which stores
 * the images before it writes any article and stores none twice.
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDirectory } from "../../scripts/lib/fast-build";
import { type LocalD1, openLocalD1 } from "../../scripts/lib/local-d1";
import { bindingBucket, publishMedia, wranglerBucket } from "../../scripts/lib/media-publish";
import { root } from "../../scripts/lib/root";
import { fixtureMediaDir } from "./helpers/articles";
import { markdownArticle } from "./helpers/feeds";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "media-publish-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A content folder of two articles, each showing a fixture image copied into its media/. */
async function contentFolder(name: string): Promise<string> {
  const content = path.join(dir, name);
  await mkdir(path.join(content, "media"), { recursive: true });
  const images = ["harbour-1600x900.jpg", "meadow-1200x630.webp"];
  for (const [index, image] of images.entries()) {
    await writeFile(path.join(content, "media", image), await readFile(path.join(fixtureMediaDir, image)));
    await writeFile(
      path.join(content, `story-${index + 1}.md`),
      markdownArticle(
        {
          id: `tag:news.example.com,2025:publish-media-${index + 1}`,
          title: `Story ${index + 1}`,
          published: `2025-01-0${index + 1}T00:00:00Z`,
          section: "Desk",
          image: { url: `/media/${image}`, alt: "A drawn landscape" },
        },
        `Body ${index + 1}.`,
      ),
    );
  }
  return content;
}

describe("storing images through the local R2 binding", { timeout: 120_000 }, () => {
  let local: LocalD1;
  beforeAll(async () => {
    local = await openLocalD1(path.join(dir, "binding-state"));
  });
  afterAll(async () => {
    await local.dispose();
  });

  it("uploads each image once, under its key, with its type and exact bytes; then nothing", async () => {
    const content = await contentFolder("binding");
    const built = await buildDirectory(content, { cacheDir: path.join(dir, "binding-cache"), workers: 1 });
    if (!local.media) throw new Error("wrangler.toml has no MEDIA binding");
    const bucket = bindingBucket(local.media);
    const keys = [...built.media.keys()].sort();
    expect(keys).toHaveLength(2);
    expect(await publishMedia(bucket, built.media.values())).toEqual({ uploaded: keys, stored: 0 });
    expect(await publishMedia(bucket, built.media.values())).toEqual({ uploaded: [], stored: 2 });
    for (const upload of built.media.values()) {
      const object = await local.media.get(upload.key);
      expect(object?.httpMetadata?.contentType).toBe(upload.type);
      expect(new Uint8Array((await object?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(
        new Uint8Array(await readFile(upload.file)),
      );
    }
  });

  it("refuses a file that changed after the build read it, storing nothing under the old key", async () => {
    const content = await contentFolder("changed");
    const built = await buildDirectory(content, { cacheDir: path.join(dir, "changed-cache"), workers: 1 });
    if (!local.media) throw new Error("wrangler.toml has no MEDIA binding");
    const upload = [...built.media.values()].find((candidate) => candidate.type === "image/jpeg");
    if (!upload) throw new Error("no JPEG upload");
    await writeFile(upload.file, await readFile(path.join(fixtureMediaDir, "portrait-1200x1600.jpg")));
    const fresh = { ...upload, key: `${"f".repeat(32)}.jpg` };
    await expect(publishMedia(bindingBucket(local.media), [fresh])).rejects.toThrow(
      /changed while it was being published: publish again/,
    );
    expect(await local.media.head(fresh.key)).toBeNull();
  });
});

describe("storing images through wrangler's command line", { timeout: 180_000 }, () => {
  it("puts an image with its type, remembers it, and does not put it again", async () => {
    const content = await contentFolder("cli");
    const built = await buildDirectory(content, { cacheDir: path.join(dir, "cli-cache"), workers: 1 });
    const upload = [...built.media.values()].find((candidate) => candidate.type === "image/webp");
    if (!upload) throw new Error("no WebP upload");
    const state = path.join(dir, "cli-state");
    const stateFile = path.join(dir, "cli-media.v8");
    const bucket = () =>
      wranglerBucket({ location: "--local", bucket: "feed-publisher-media", persistTo: state, stateFile });
    expect(await publishMedia(bucket(), [upload])).toEqual({ uploaded: [upload.key], stored: 0 });
    // A new run reads what the last one stored from the state file: no wrangler call at all.
    expect(await publishMedia(bucket(), [upload])).toEqual({ uploaded: [], stored: 1 });
    const local = await openLocalD1(state);
    try {
      const object = await local.media?.get(upload.key);
      expect(object?.httpMetadata?.contentType).toBe("image/webp");
      expect(new Uint8Array((await object?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(
        new Uint8Array(await readFile(upload.file)),
      );
    } finally {
      await local.dispose();
    }
  });
});

describe("npm run publish", { timeout: 180_000 }, () => {
  const publish = (content: string, persist: string) =>
    spawnSync("npx", ["tsx", "scripts/publish.ts", "--dir", content, "--persist", persist], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    });

  it("stores the images before the articles that show them, and stores none again", async () => {
    const content = await contentFolder("script");
    const persist = path.join(dir, "script-state");
    const first = publish(content, persist);
    expect(first.status, first.stderr).toBe(0);
    const lines = first.stdout.trim().split("\n");
    expect(lines.slice(0, 2)).toEqual([
      "media: 2 uploaded, 0 already stored",
      expect.stringMatching(
        /^publish: 2 added, 0 changed, 0 removed, 0 retracted, 0 unchanged; \d+ rows written; generation 1$/,
      ),
    ]);
    // Then what the site's own hub (on in the local environment) made of the ping: it answers
    // only while `npm run dev` runs, so either outcome is fine here.
    expect(lines.slice(2).every((line) => line.startsWith("websub: "))).toBe(true);
    const second = publish(content, persist);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout.trim().split("\n")).toEqual([
      "media: 0 uploaded, 2 already stored",
      "publish: 0 added, 0 changed, 0 removed, 0 retracted, 2 unchanged; 0 rows written; generation 1",
      "websub: no feed changed; no hub told",
    ]);
    const local = await openLocalD1(persist);
    try {
      const rows = await local.db
        .prepare("SELECT meta FROM articles WHERE gen_to IS NULL ORDER BY slug")
        .all<{ meta: string }>();
      for (const row of rows.results) {
        const url = (JSON.parse(row.meta) as { image: { url: string } }).image.url;
        const key = url.slice(url.lastIndexOf("/") + 1);
        expect(await local.media?.head(key), key).not.toBeNull();
      }
      expect(rows.results).toHaveLength(2);
    } finally {
      await local.dispose();
    }
  });
});
