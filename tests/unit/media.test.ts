/**
 * Images in content/media/: what the build reads of each file (checked against the size each
 * fixture was made at, which its name says, and against its size on disk), the problems that stop a
 * build and the warning that does not, and the cached build noticing a replaced image.
 */
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildDirectory } from "../../scripts/lib/fast-build";
import { isMediaFile, type MediaFile } from "../../src/content/lead-image";
import { buildContentLenient, ContentError } from "../../src/content/load-content";
import { inspectMedia, lookupIn, readMediaDirectory } from "../../src/content/media-files";
import { SITE_ORIGIN_MARKER } from "../../src/content/site-urls";
import { fixtureMediaDir } from "./helpers/articles";
import { markdownArticle } from "./helpers/feeds";

const fixtures = {
  "harbour-1600x900.jpg": { type: "image/jpeg", width: 1600, height: 900, extension: "jpg" },
  "chart-800x450.png": { type: "image/png", width: 800, height: 450, extension: "png" },
  "meadow-1200x630.webp": { type: "image/webp", width: 1200, height: 630, extension: "webp" },
  "banner-1280x720.gif": { type: "image/gif", width: 1280, height: 720, extension: "gif" },
  "street-1200x800.avif": { type: "image/avif", width: 1200, height: 800, extension: "avif" },
  // Stored 1600 × 1200 with EXIF orientation 6: shown turned a quarter.
  "portrait-1200x1600.jpg": { type: "image/jpeg", width: 1200, height: 1600, extension: "jpg" },
};

async function fixture(name: string): Promise<Buffer> {
  return readFile(path.join(fixtureMediaDir, name));
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

describe("what the build reads of a file of content/media/", () => {
  it.each(Object.entries(fixtures))(
    "%s: type, size as shown, bytes, and a key of the hash of its bytes",
    async (name, made) => {
      const bytes = await fixture(name);
      const entry = inspectMedia(name, bytes);
      expect(entry).toStrictEqual({
        key: `${sha256(bytes).slice(0, 32)}.${made.extension}`,
        type: made.type,
        width: made.width,
        height: made.height,
        bytes: (await stat(path.join(fixtureMediaDir, name))).size,
      });
    },
  );

  it("takes .jpeg and capitals for JPEG, and keys it .jpg", async () => {
    const bytes = await fixture("harbour-1600x900.jpg");
    for (const name of ["a.jpeg", "A.JPG", "b.Jpeg"]) {
      expect(inspectMedia(name, bytes)).toMatchObject({
        key: `${sha256(bytes).slice(0, 32)}.jpg`,
        type: "image/jpeg",
      });
    }
  });

  it.each([
    ["logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "an extension .svg"],
    ["scan.tiff", "II*\0", "an extension .tiff"],
    ["README", "text", "a name without an extension"],
  ])("refuses %s, whose extension names no format it takes", (name, text, found) => {
    expect(inspectMedia(name, Buffer.from(text))).toStrictEqual({
      expected: "a JPEG, PNG, WebP, GIF or AVIF image, named .jpg, .jpeg, .png, .webp, .gif, .avif",
      found: `content/media/${name}, ${found}`,
    });
  });

  it("refuses bytes of another format than the extension says, naming both", async () => {
    expect(inspectMedia("chart.jpg", await fixture("chart-800x450.png"))).toStrictEqual({
      expected: "JPEG bytes, as the extension .jpg says",
      found: "content/media/chart.jpg, whose bytes are a PNG image: rename it to chart.png",
    });
    expect(inspectMedia("2025/photo.webp", await fixture("harbour-1600x900.jpg"))).toStrictEqual({
      expected: "WebP bytes, as the extension .webp says",
      found: "content/media/2025/photo.webp, whose bytes are a JPEG image: rename it to photo.jpg",
    });
  });

  it("refuses bytes that are no image, an image of a format it does not take, and an empty file", () => {
    expect(inspectMedia("notes.jpg", Buffer.from("not an image at all"))).toStrictEqual({
      expected: "JPEG bytes, as the extension .jpg says",
      found: "content/media/notes.jpg, whose bytes are no image the build can read",
    });
    expect(
      inspectMedia("logo.png", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')),
    ).toStrictEqual({
      expected: "PNG bytes, as the extension .png says",
      found: "content/media/logo.png, whose bytes are SVG, not a JPEG, PNG, WebP, GIF or AVIF image",
    });
    expect(inspectMedia("empty.gif", Buffer.alloc(0))).toMatchObject({
      found: "content/media/empty.gif, whose bytes are no image the build can read",
    });
  });
});

describe("building articles with images", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A content folder with `articles` ({ name: image fields }) and `media` ({ name: bytes }). */
  async function folder(
    articles: Record<string, Record<string, string | number>>,
    media: Record<string, Uint8Array> = {},
  ): Promise<string> {
    dir = await mkdtemp(path.join(tmpdir(), "media-build-"));
    await mkdir(path.join(dir, "content", "media"), { recursive: true });
    let n = 0;
    for (const [name, image] of Object.entries(articles)) {
      n++;
      await writeFile(
        path.join(dir, "content", name),
        markdownArticle(
          {
            id: `tag:news.example.com,2025:media-${n}`,
            title: `Story ${n}`,
            published: `2025-01-0${n}T00:00:00Z`,
            section: "Desk",
            image: { alt: "A picture", ...image },
          },
          `Body ${n}.`,
        ),
      );
    }
    for (const [name, bytes] of Object.entries(media)) {
      await mkdir(path.dirname(path.join(dir, "content", "media", name)), { recursive: true });
      await writeFile(path.join(dir, "content", "media", name), bytes);
    }
    return path.join(dir, "content");
  }

  const build = (content: string) =>
    buildDirectory(content, { cacheDir: path.join(path.dirname(content), "cache"), workers: 1 });

  async function problems(content: string): Promise<string[]> {
    try {
      await build(content);
    } catch (error) {
      if (error instanceof ContentError) return error.problems;
      throw error;
    }
    throw new Error("expected the build to fail");
  }

  it("stops the build, naming the article, image.url, what was expected and what was found", async () => {
    const content = await folder(
      {
        "a-missing.md": { url: "/media/lead.jpg" },
        "b-svg.md": { url: "/media/logo.svg" },
        "c-mismatch.md": { url: "/media/chart.jpg" },
        "d-text.md": { url: "/media/notes.jpg" },
        "e-remote.md": { url: "https://cdn.example.com/x.jpg" },
        "f-declared.md": { url: "/media/fine.jpg", width: 1200 },
        "g-elsewhere.md": { url: "/images/x.jpg" },
      },
      {
        "logo.svg": Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
        "chart.jpg": await fixture("chart-800x450.png"),
        "notes.jpg": Buffer.from("notes"),
        "fine.jpg": await fixture("harbour-1600x900.jpg"),
      },
    );
    expect(await problems(content)).toEqual([
      "content/a-missing.md: image.url: expected a file content/media/lead.jpg, found no such file (image.url)",
      "content/b-svg.md: image.url: expected a JPEG, PNG, WebP, GIF or AVIF image, named .jpg, .jpeg, .png, .webp, .gif, .avif, found content/media/logo.svg, an extension .svg (image.url)",
      "content/c-mismatch.md: image.url: expected JPEG bytes, as the extension .jpg says, found content/media/chart.jpg, whose bytes are a PNG image: rename it to chart.png (image.url)",
      "content/d-text.md: image.url: expected JPEG bytes, as the extension .jpg says, found content/media/notes.jpg, whose bytes are no image the build can read (image.url)",
      "content/e-remote.md: image.width: expected the image's width in pixels, which an https:// image must declare (the build does not fetch it), found nothing (image.width)",
      "content/e-remote.md: image.height: expected the image's height in pixels, which an https:// image must declare (the build does not fetch it), found nothing (image.height)",
      "content/f-declared.md: image.width: expected no width for a file of content/media/ (the build reads it from the file), found number 1200 (image.width)",
      'content/g-elsewhere.md: expected an https:// URL or a path /media/<file> naming a file in content/media/, found string "/images/x.jpg" (image.url)',
    ]);
  });

  it("publishes each image under its key with its sizes, warns of one narrower than 1200 px, and lists the uploads", async () => {
    const harbour = await fixture("harbour-1600x900.jpg");
    const chart = await fixture("chart-800x450.png");
    const content = await folder(
      {
        "a.md": { url: "/media/2025/harbour.jpg" },
        "b.md": { url: "/media/chart%20800.png" },
        "c.md": { url: "https://cdn.example.com/wire.jpg", width: 1024, height: 768, type: "image/jpeg" },
      },
      {
        "2025/harbour.jpg": harbour,
        "chart 800.png": chart,
        "unused.gif": await fixture("banner-1280x720.gif"),
      },
    );
    const built = await build(content);
    expect(built.warnings).toEqual([
      "content/b.md: image.url: expected an image at least 1200 pixels wide, as aggregators ask of a lead image, found content/media/chart 800.png, 800 × 450 pixels (image.url)",
      "content/c.md: image.url: expected an image at least 1200 pixels wide, as aggregators ask of a lead image, found a declared size, 1024 × 768 pixels (image.url)",
    ]);
    const a = await built.article("a");
    const harbourKey = `${sha256(harbour).slice(0, 32)}.jpg`;
    expect(a.image).toStrictEqual({
      url: `${SITE_ORIGIN_MARKER}/media/${harbourKey}`,
      alt: "A picture",
      width: 1600,
      height: 900,
      type: "image/jpeg",
      bytes: harbour.byteLength,
    });
    expect((await built.article("c")).image).toStrictEqual({
      url: "https://cdn.example.com/wire.jpg",
      alt: "A picture",
      width: 1024,
      height: 768,
      type: "image/jpeg",
    });
    const chartKey = `${sha256(chart).slice(0, 32)}.png`;
    expect([...built.media.values()].sort((x, y) => (x.key < y.key ? -1 : 1))).toEqual(
      [
        { key: harbourKey, file: path.join(content, "media", "2025", "harbour.jpg"), type: "image/jpeg" },
        { key: chartKey, file: path.join(content, "media", "chart 800.png"), type: "image/png" },
      ].sort((x, y) => (x.key < y.key ? -1 : 1)),
    );
    // The same warnings from the cache, without parsing again.
    const again = await build(content);
    expect(again.warnings).toEqual(built.warnings);
  });

  it("leaves a draft's image out of the uploads", async () => {
    const content = await folder(
      { "a.md": { url: "/media/x.jpg" } },
      { "x.jpg": await fixture("harbour-1600x900.jpg") },
    );
    const source = await readFile(path.join(content, "a.md"), "utf8");
    await writeFile(path.join(content, "a.md"), source.replace(/^section: .*$/m, "$&\ndraft: true"));
    const built = await build(content);
    expect(built.index.articles).toEqual([]);
    expect(built.media.size).toBe(0);
  });

  it("notices an image replaced under the same name, though the article's file is unchanged", async () => {
    const content = await folder(
      { "a.md": { url: "/media/lead.jpg" } },
      { "lead.jpg": await fixture("harbour-1600x900.jpg") },
    );
    const past = new Date(Date.now() - 60_000);
    await utimes(path.join(content, "a.md"), past, past);
    await utimes(path.join(content, "media", "lead.jpg"), past, past);
    const first = await build(content);
    const unchanged = await build(content);
    expect(unchanged.stats).toMatchObject({ parsed: 0, read: 0 });
    expect(unchanged.index.version).toBe(first.index.version);

    const replacement = await fixture("portrait-1200x1600.jpg");
    await writeFile(path.join(content, "media", "lead.jpg"), replacement);
    const earlier = new Date(Date.now() - 30_000);
    await utimes(path.join(content, "media", "lead.jpg"), earlier, earlier);
    const second = await build(content);
    expect(second.stats).toMatchObject({ parsed: 1 });
    expect(second.index.version).not.toBe(first.index.version);
    expect(second.hashes.get("a")?.hash).not.toBe(first.hashes.get("a")?.hash);
    expect((await second.article("a")).image).toMatchObject({
      url: `${SITE_ORIGIN_MARKER}/media/${sha256(replacement).slice(0, 32)}.jpg`,
      width: 1200,
      height: 1600,
      bytes: replacement.byteLength,
    });

    // A file that goes missing fails the build; once it is back, the build passes again.
    await rm(path.join(content, "media", "lead.jpg"));
    expect(await problems(content)).toEqual([
      "content/a.md: image.url: expected a file content/media/lead.jpg, found no such file (image.url)",
    ]);
    await copyFile(
      path.join(fixtureMediaDir, "harbour-1600x900.jpg"),
      path.join(content, "media", "lead.jpg"),
    );
    expect((await build(content)).index.version).toBe(first.index.version);
  });

  it("the development build reads content/media/ too, and prints the narrow image as a warning", async () => {
    const library = new Map([["chart.png", inspectMedia("chart.png", await fixture("chart-800x450.png"))]]);
    const source = markdownArticle(
      {
        id: "tag:news.example.com,2025:dev",
        title: "Dev",
        published: "2025-01-01T00:00:00Z",
        section: "Desk",
        image: { url: "/media/chart.png", alt: "A chart" },
      },
      "Body.",
    );
    const built = buildContentLenient({ "a.md": source }, new Map(), lookupIn(library));
    expect(built.problems).toEqual([]);
    expect(built.notices).toEqual([
      "content/a.md: image.url: expected an image at least 1200 pixels wide, as aggregators ask of a lead image, found content/media/chart.png, 800 × 450 pixels (image.url)",
    ]);
    const entry = library.get("chart.png");
    expect(entry && isMediaFile(entry) ? entry : undefined).toMatchObject({
      width: 800,
    } satisfies Partial<MediaFile>);
  });

  it("reads a whole media folder, subfolders included, skipping hidden files", async () => {
    const content = await folder(
      {},
      {
        "a.png": await fixture("chart-800x450.png"),
        "2025/03/b.webp": await fixture("meadow-1200x630.webp"),
        ".DS_Store": Buffer.from("x"),
      },
    );
    const library = await readMediaDirectory(path.join(content, "media"));
    expect([...library.keys()]).toEqual(["2025/03/b.webp", "a.png"]);
    expect(await readMediaDirectory(path.join(content, "nowhere"))).toEqual(new Map());
  });
});
