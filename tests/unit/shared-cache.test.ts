import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { RenderedDocument } from "../../src/documents/rendered-document";
import { createCacheApiStore } from "../../src/documents/shared-cache";
import { withBytes } from "./helpers/representation-bytes";

/**
 * The part of the Cache API the store uses, in memory: entries keyed by URL, as Cloudflare's cache
 * keys GET requests. Responses are cloned on the way in and out, as the real one stores bytes.
 */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  readonly requests: Request[] = [];

  async match(request: RequestInfo | URL): Promise<Response | undefined> {
    const key = request instanceof Request ? request.url : String(request);
    if (request instanceof Request) this.requests.push(request);
    return this.entries.get(key)?.clone();
  }

  async put(request: RequestInfo | URL, response: Response): Promise<void> {
    const key = request instanceof Request ? request.url : String(request);
    if (request instanceof Request) this.requests.push(request);
    this.entries.set(key, response.clone());
  }

  async delete(): Promise<boolean> {
    throw new Error("not used");
  }

  asCache(): Cache {
    return this as unknown as Cache;
  }
}

const encoder = new TextEncoder();
const LAYOUT = '[["identity",3,"\\"abc\\""]]';

/** A document with an identity body (`body`, `etag`) and, unless `gzip` is false, a gzip one. */
function documentOf(
  overrides: Partial<Omit<RenderedDocument, "representations">> & {
    body?: Uint8Array;
    etag?: string;
    gzip?: boolean;
  } = {},
): RenderedDocument {
  const {
    body = encoder.encode("<rss>Café ☕</rss>"),
    etag = '"0123456789abcdef0123456789abcdef"',
    gzip = true,
    ...rest
  } = overrides;
  return {
    representations: [
      { coding: "identity", body: new Blob([body]), etag },
      ...(gzip
        ? [
            {
              coding: "gzip" as const,
              body: new Blob([gzipSync(body)]),
              etag: `${etag.slice(0, -1)}-gzip"`,
            },
          ]
        : []),
    ],
    contentType: "application/rss+xml; charset=utf-8",
    lastModified: "Sat, 01 Mar 2025 08:00:00 GMT",
    link: '<https://news.example.com/feed.xml>; rel="self"',
    ...rest,
  };
}

const etagOf = (document: RenderedDocument | undefined) => document?.representations[0]?.etag;

describe("createCacheApiStore", () => {
  it("gets back every field it put, every representation with its validator", async () => {
    const cache = new MemoryCache();
    const store = createCacheApiStore(cache.asCache(), "v1");
    const document = documentOf();
    await store.put("/feed.xml", document);
    const found = await store.get("/feed.xml");
    expect(await withBytes(found)).toStrictEqual(await withBytes(document));
    expect(found?.representations.map(({ coding }) => coding)).toEqual(["identity", "gzip"]);
    expect(found?.representations[1]?.body).toBeInstanceOf(Blob);
  });

  it("round-trips binary bodies byte for byte", async () => {
    const cache = new MemoryCache();
    const store = createCacheApiStore(cache.asCache(), "v1");
    const body = new Uint8Array(256).map((_, index) => 255 - index);
    await store.put("/image.png", documentOf({ body, contentType: "image/png", gzip: false }));
    expect((await withBytes(await store.get("/image.png")))?.representations).toStrictEqual([
      { coding: "identity", body, etag: '"0123456789abcdef0123456789abcdef"' },
    ]);
  });

  it("leaves lastModified undefined and link out when the document has neither", async () => {
    const cache = new MemoryCache();
    const store = createCacheApiStore(cache.asCache(), "v1");
    await store.put("/feeds", documentOf({ lastModified: undefined, link: undefined }));
    const found = await store.get("/feeds");
    expect(found).toBeDefined();
    expect(found?.lastModified).toBeUndefined();
    expect(found !== undefined && "link" in found).toBe(false);
    const stored = cache.entries.values().next().value;
    expect(stored?.headers.has("Last-Modified")).toBe(false);
    expect(stored?.headers.has("Link")).toBe(false);
  });

  it("stores the layout of the representations and a day's lifetime as response headers", async () => {
    const cache = new MemoryCache();
    const store = createCacheApiStore(cache.asCache(), "v1");
    const document = documentOf();
    await store.put("/feed.xml", document);
    const stored = cache.entries.values().next().value;
    const [identity, gzip] = document.representations;
    expect(stored && Object.fromEntries(stored.headers)).toEqual({
      "cache-control": "public, max-age=86400",
      "content-type": document.contentType,
      "x-representations": JSON.stringify([
        ["identity", identity?.body.size, identity?.etag],
        ["gzip", gzip?.body.size, gzip?.etag],
      ]),
      "last-modified": document.lastModified,
      link: document.link,
    });
    expect((await stored?.arrayBuffer())?.byteLength).toBe(
      (identity?.body.size ?? 0) + (gzip?.body.size ?? 0),
    );
  });

  it("misses a key it never stored", async () => {
    const store = createCacheApiStore(new MemoryCache().asCache(), "v1");
    expect(await store.get("/feed.xml")).toBeUndefined();
  });

  it("keys entries by namespace and key, both URL-encoded under one internal origin", async () => {
    const cache = new MemoryCache();
    await createCacheApiStore(cache.asCache(), "v1 2/3").put("/tags/café/feed.xml?x=1#y", documentOf());
    expect([...cache.entries.keys()]).toEqual([
      "https://documents.feed-publisher.internal/v1%202%2F3/%2Ftags%2Fcaf%C3%A9%2Ffeed.xml%3Fx%3D1%23y",
    ]);
    expect(cache.requests[0]?.method).toBe("GET");
  });

  it("never answers one namespace or key from another's entry", async () => {
    const cache = new MemoryCache();
    const first = createCacheApiStore(cache.asCache(), "v1");
    const second = createCacheApiStore(cache.asCache(), "v2");
    await first.put("/feed.xml", documentOf({ etag: '"first"' }));
    await second.put("/feed.xml", documentOf({ etag: '"second"' }));
    expect(etagOf(await first.get("/feed.xml"))).toBe('"first"');
    expect(etagOf(await second.get("/feed.xml"))).toBe('"second"');
    expect(await first.get("/atom.xml")).toBeUndefined();
    // "a/b" in namespace "v1" and "b" in namespace "v1/a" are different entries.
    await createCacheApiStore(cache.asCache(), "v1").put("a/b", documentOf({ etag: '"ab"' }));
    expect(await createCacheApiStore(cache.asCache(), "v1/a").get("b")).toBeUndefined();
  });

  it.each([
    ["without a layout", { "Content-Type": "application/rss+xml" }, "abc"],
    ["without Content-Type", { "X-Representations": LAYOUT }, "abc"],
    ["whose layout is not JSON", { "Content-Type": "text/plain", "X-Representations": "[[" }, "abc"],
    ["whose layout is empty", { "Content-Type": "text/plain", "X-Representations": "[]" }, ""],
    [
      "whose layout is longer than its bytes",
      { "Content-Type": "text/plain", "X-Representations": LAYOUT },
      "ab",
    ],
    [
      "whose layout is shorter than its bytes",
      { "Content-Type": "text/plain", "X-Representations": LAYOUT },
      "abcd",
    ],
    [
      "that does not start with identity",
      { "Content-Type": "text/plain", "X-Representations": '[["gzip",3,"\\"abc\\""]]' },
      "abc",
    ],
    [
      "that names a coding it does not know",
      {
        "Content-Type": "text/plain",
        "X-Representations": '[["identity",1,"\\"a\\""],["zstd",2,"\\"b\\""]]',
      },
      "abc",
    ],
    [
      "whose parts are not lists",
      { "Content-Type": "text/plain", "X-Representations": '["identity"]' },
      "abc",
    ],
    [
      "whose validator is not text",
      { "Content-Type": "text/plain", "X-Representations": '[["identity",3,3]]' },
      "abc",
    ],
  ])("treats an entry %s as a miss", async (_what, headers, text) => {
    const cache = new MemoryCache();
    const store = createCacheApiStore(cache.asCache(), "v1");
    await store.put("/feed.xml", documentOf());
    const [url] = cache.entries.keys();
    if (url === undefined) throw new Error("nothing stored");
    cache.entries.set(url, new Response(encoder.encode(text), { headers }));
    expect(await store.get("/feed.xml")).toBeUndefined();
  });

  it("reads an entry stored with an empty Link header as having an empty link", async () => {
    const cache = new MemoryCache();
    const store = createCacheApiStore(cache.asCache(), "v1");
    await store.put("/feed.xml", documentOf());
    const [url] = cache.entries.keys();
    if (url === undefined) throw new Error("nothing stored");
    cache.entries.set(
      url,
      new Response(encoder.encode("abc"), {
        headers: { "X-Representations": LAYOUT, "Content-Type": "application/rss+xml", Link: "" },
      }),
    );
    expect(await withBytes(await store.get("/feed.xml"))).toStrictEqual({
      representations: [{ coding: "identity", body: encoder.encode("abc"), etag: '"abc"' }],
      contentType: "application/rss+xml",
      lastModified: undefined,
      link: "",
    });
  });

  it("does not store an empty link", async () => {
    const cache = new MemoryCache();
    const store = createCacheApiStore(cache.asCache(), "v1");
    await store.put("/feed.xml", documentOf({ link: "", lastModified: "" }));
    const stored = cache.entries.values().next().value;
    expect(stored?.headers.has("Link")).toBe(false);
    expect(stored?.headers.has("Last-Modified")).toBe(false);
  });
});
