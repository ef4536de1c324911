/**
 * Stored images in workerd, through the worker wrangler.toml deploys: its D1 database holds the
 * articles of tests/fixtures/media-site.ts, its R2 bucket (binding MEDIA, Miniflare's R2 here) the
 * fixture images. What each feed says of an image (size in pixels, bytes, type) is compared with
 * what /media/ serves and with the size each file was made at (its name says it); then /media/
 * itself: validators, HEAD, 304, byte ranges.
 */
import { env, exports } from "cloudflare:workers";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import { d1Target, publishContent } from "../../src/store/d1-publish";
import type { MediaSite } from "../fixtures/media-site";

const origin = "http://localhost:8787";
const site = JSON.parse(env.MEDIA_SITE) as MediaSite;
const remoteImages = site.remote;

function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Response> {
  return exports.default.fetch(new Request(origin + path, { method, headers }));
}

function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

/** The size each fixture was made at, as shown: "harbour-1600x900.jpg" → 1600 × 900. */
function madeAt(name: string): { width: number; height: number } {
  const match = /-(\d+)x(\d+)\.[a-z]+$/.exec(name);
  if (!match) throw new Error(`fixture ${name} does not say its size`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  isArray: (name) =>
    ["item", "entry", "link", "media:content", "media:thumbnail", "enclosure"].includes(name),
});

// biome-ignore lint/suspicious/noExplicitAny: parsed XML is untyped
type Node = any;

/** The media:content of an RSS item or Atom entry (each has at most one). */
function mediaOf(node: Node): Node {
  return node["media:content"]?.[0];
}

/** The item or entry whose media:content names `url`. */
function showing(list: Node[], url: string): Node {
  const found = list.find((candidate) => mediaOf(candidate)?.url === url);
  if (!found) throw new Error(`no item shows ${url}`);
  return found;
}

const rssItems = async (): Promise<Node[]> =>
  xml.parse(await (await get("/feed.xml")).text()).rss.channel.item;
const atomEntries = async (): Promise<Node[]> => xml.parse(await (await get("/atom.xml")).text()).feed.entry;

beforeAll(async () => {
  for (const image of site.images) {
    await env.MEDIA.put(image.key, bytesOf(image.base64), { httpMetadata: { contentType: image.type } });
  }
  await publishContent(d1Target(env.DB), site.content, siteSettings);
});

describe("every feed format describes each stored image as /media/ serves it", () => {
  it("RSS: media:content, media:thumbnail and enclosure carry the real size, type and bytes", async () => {
    const items = await rssItems();
    for (const image of site.images) {
      const url = `${origin}/media/${image.key}`;
      const item = showing(items, url);
      const served = await get(`/media/${image.key}`);
      const body = new Uint8Array(await served.arrayBuffer());
      expect(body).toEqual(bytesOf(image.base64));
      const { width, height } = madeAt(image.name);
      expect(mediaOf(item), image.name).toMatchObject({
        type: image.type,
        medium: "image",
        width: String(width),
        height: String(height),
        fileSize: String(body.byteLength),
      });
      expect(mediaOf(item)["media:thumbnail"]).toEqual([
        { url, width: String(width), height: String(height) },
      ]);
      expect(item.enclosure).toEqual([{ url, length: String(body.byteLength), type: image.type }]);
      expect(served.headers.get("content-type")).toBe(image.type);
      expect(served.headers.get("content-length")).toBe(String(body.byteLength));
    }
  });

  it("Atom: the same Media RSS, and an enclosure link with the real length and type", async () => {
    const entries = await atomEntries();
    for (const image of site.images) {
      const url = `${origin}/media/${image.key}`;
      const entry = showing(entries, url);
      const length = (await (await get(`/media/${image.key}`)).arrayBuffer()).byteLength;
      const { width, height } = madeAt(image.name);
      expect(mediaOf(entry), image.name).toMatchObject({
        type: image.type,
        width: String(width),
        height: String(height),
        fileSize: String(length),
      });
      expect(mediaOf(entry)["media:thumbnail"]).toEqual([
        { url, width: String(width), height: String(height) },
      ]);
      const enclosures = entry.link.filter((link: Node) => link.rel === "enclosure");
      expect(enclosures).toEqual([{ rel: "enclosure", type: image.type, length: String(length), href: url }]);
    }
  });

  it("JSON Feed: image and banner_image name the stored image, and _news.image its real size and bytes", async () => {
    const feed = (await (await get("/feed.json")).json()) as {
      items: { image?: string; banner_image?: string; _news: { image?: Record<string, unknown> } }[];
    };
    for (const image of site.images) {
      const url = `${origin}/media/${image.key}`;
      const item = feed.items.find((candidate) => candidate.image === url);
      expect(item, image.name).toBeDefined();
      expect(item?.banner_image).toBe(url);
      const length = (await (await get(`/media/${image.key}`)).arrayBuffer()).byteLength;
      expect(item?._news.image).toMatchObject({ ...madeAt(image.name), type: image.type, bytes: length });
    }
  });

  it("a remote image keeps its declared size; without a byte size it has no enclosure", async () => {
    const items = await rssItems();
    const entries = await atomEntries();
    const declared = remoteImages.declared.url;
    expect(mediaOf(showing(items, declared))).toMatchObject({
      width: "2048",
      height: "1365",
      type: "image/jpeg",
      fileSize: "402113",
    });
    expect(showing(items, declared).enclosure).toEqual([
      { url: declared, length: "402113", type: "image/jpeg" },
    ]);
    const bare = remoteImages.bare.url;
    expect(mediaOf(showing(items, bare))).toMatchObject({ width: "1600", height: "1067" });
    expect(mediaOf(showing(items, bare))).not.toHaveProperty("fileSize");
    expect(showing(items, bare).enclosure).toBeUndefined();
    expect(showing(entries, bare).link.map((link: Node) => link.rel)).toEqual(["alternate"]);
  });
});

describe("/media/<hash>.<ext>", () => {
  const image = site.images.find((candidate) => candidate.name.endsWith(".jpg")) ?? site.images[0];
  if (!image) throw new Error("no fixture image");
  const path = `/media/${image.key}`;
  const bytes = bytesOf(image.base64);
  const etag = `"${image.key.split(".")[0]}"`;

  it("answers 200 with the bytes, their type, a strong ETag (the hash) and a year of immutable caching", async () => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": image.type,
      "content-length": String(bytes.byteLength),
      etag,
      "cache-control": "public, max-age=31536000, immutable",
      "accept-ranges": "bytes",
      "x-content-type-options": "nosniff",
      "access-control-allow-origin": "*",
    });
    expect(response.headers.get("content-encoding")).toBeNull();
  });

  it("answers HEAD with the same headers and no body", async () => {
    const head = await get(path, {}, "HEAD");
    const full = await get(path);
    await full.arrayBuffer();
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    for (const name of ["content-type", "content-length", "etag", "cache-control", "accept-ranges"]) {
      expect(head.headers.get(name), name).toBe(full.headers.get(name));
    }
  });

  it("answers 304 to If-None-Match with its tag (weak comparison, lists and *), with ETag and Cache-Control", async () => {
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      for (const method of ["GET", "HEAD"]) {
        const response = await get(path, { "If-None-Match": ifNoneMatch }, method);
        expect(response.status, `${method} ${ifNoneMatch}`).toBe(304);
        expect(response.headers.get("etag")).toBe(etag);
        expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
        expect(await response.text()).toBe("");
      }
    }
    const other = await get(path, { "If-None-Match": '"0123456789abcdef0123456789abcdef"' });
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });

  it("answers one byte range 206 with Content-Range and exactly those bytes", async () => {
    const size = bytes.byteLength;
    for (const [range, start, end] of [
      ["bytes=0-99", 0, 99],
      ["bytes=100-", 100, size - 1],
      ["bytes=-10", size - 10, size - 1],
      [`bytes=${size - 5}-${size + 1000}`, size - 5, size - 1],
      ["bytes=0-9, 5-20", 0, 20],
    ] as const) {
      const response = await get(path, { Range: range });
      expect(response.status, range).toBe(206);
      expect(response.headers.get("content-range")).toBe(`bytes ${start}-${end}/${size}`);
      expect(response.headers.get("content-length")).toBe(String(end - start + 1));
      expect(response.headers.get("etag")).toBe(etag);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes.slice(start, end + 1));
    }
  });

  it("answers 416 with the length to a range past the end", async () => {
    const response = await get(path, { Range: `bytes=${bytes.byteLength}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe(`bytes */${bytes.byteLength}`);
    await response.arrayBuffer();
  });

  it("sends the whole image for several ranges, a malformed Range, another unit, HEAD, or an If-Range that does not match", async () => {
    for (const [headers, method] of [
      [{ Range: "bytes=0-9, 100-109" }, "GET"],
      [{ Range: "bytes=abc" }, "GET"],
      [{ Range: "bytes=20-10" }, "GET"],
      [{ Range: "items=0-1" }, "GET"],
      [{ Range: "bytes=0-9" }, "HEAD"],
      [{ Range: "bytes=0-9", "If-Range": '"0123456789abcdef0123456789abcdef"' }, "GET"],
      [{ Range: "bytes=0-9", "If-Range": `W/${etag}` }, "GET"],
      [{ Range: "bytes=0-9", "If-Range": "Tue, 06 Aug 2024 09:30:00 GMT" }, "GET"],
    ] as const) {
      const response = await get(path, headers, method);
      expect(response.status, JSON.stringify(headers)).toBe(200);
      expect(response.headers.get("content-length")).toBe(String(bytes.byteLength));
      expect(response.headers.get("content-range")).toBeNull();
      if (method === "GET") expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
    }
    const matching = await get(path, { Range: "bytes=0-9", "If-Range": etag });
    expect(matching.status).toBe(206);
    expect(new Uint8Array(await matching.arrayBuffer())).toEqual(bytes.slice(0, 10));
  });

  it("answers 404, never 5xx, for a key nothing is stored under, whatever the request asks", async () => {
    const unknown = `/media/${"0".repeat(32)}.jpg`;
    const conditions: Record<string, string>[] = [
      {},
      { "If-None-Match": `"${"0".repeat(32)}"` },
      { Range: "bytes=0-9" },
    ];
    for (const headers of conditions) {
      for (const method of ["GET", "HEAD"]) {
        const response = await get(unknown, headers, method);
        expect(response.status, `${method} ${JSON.stringify(headers)}`).toBe(404);
        await response.arrayBuffer();
      }
    }
    for (const other of [
      "/media/lead.jpg",
      `/media/${"0".repeat(32)}.bmp`,
      `/media/${"A".repeat(32)}.jpg`,
      "/media/",
    ]) {
      const response = await get(other);
      expect(response.status, other).toBe(404);
      await response.arrayBuffer();
    }
    const post = await get(path, {}, "POST");
    expect(post.status).toBe(405);
    await post.arrayBuffer();
  });
});
