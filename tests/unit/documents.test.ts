import { createHash } from "node:crypto";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chooseCoding } from "../../src/documents/content-coding";
import { DocumentCache } from "../../src/documents/document-cache";
import {
  type DocumentSource,
  type RenderedDocument,
  renderDocument,
  representationOf,
  sizeOf,
} from "../../src/documents/rendered-document";
import type { SharedDocumentCache } from "../../src/documents/shared-cache";
import { bytesOf, withBytes } from "./helpers/representation-bytes";

/** The identity representation, which every document has. */
const identity = (document: RenderedDocument) => representationOf(document, "identity");

const encoder = new TextEncoder();

/** The first 128 bits of the SHA-256 of `bytes`, as the quoted hex entity-tag the code should give. */
function expectedEtag(bytes: Uint8Array): string {
  return `"${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}"`;
}

function source(text: string | Uint8Array, extra: Partial<DocumentSource> = {}): DocumentSource {
  return { text, contentType: "application/rss+xml; charset=utf-8", updated: undefined, ...extra };
}

/** A promise with its resolve and reject functions, to control when a build finishes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Builds that count their calls. */
function counter() {
  const calls: string[] = [];
  return {
    calls,
    build: (key: string, text = `document ${key}`) => {
      return async () => {
        calls.push(key);
        return source(text);
      };
    },
  };
}

/** A SharedDocumentCache in memory, recording what is asked of it. */
function memoryShared(entries = new Map<string, RenderedDocument>()) {
  const gets: string[] = [];
  const puts: [string, RenderedDocument][] = [];
  const shared: SharedDocumentCache = {
    async get(key) {
      gets.push(key);
      return entries.get(key);
    },
    async put(key, document) {
      puts.push([key, document]);
      entries.set(key, document);
    },
  };
  return { shared, gets, puts, entries };
}

describe("renderDocument", () => {
  it("encodes text as UTF-8 and keeps the content type", async () => {
    const rendered = await renderDocument(source("Café ☕ — «ok»"));
    expect(identity(rendered).body).toBeInstanceOf(Blob);
    expect(await bytesOf(identity(rendered).body)).toStrictEqual(encoder.encode("Café ☕ — «ok»"));
    expect(await identity(rendered).body.text()).toBe("Café ☕ — «ok»");
    expect(rendered.contentType).toBe("application/rss+xml; charset=utf-8");
  });

  it("serves bytes as they are", async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    const rendered = await renderDocument(source(bytes, { contentType: "image/png" }));
    expect(await bytesOf(identity(rendered).body)).toStrictEqual(bytes);
    expect(rendered.contentType).toBe("image/png");
  });

  it("derives a strong entity-tag from the bytes: 32 hex digits of their SHA-256, quoted", async () => {
    for (const text of ["", "a", "<rss/>", "Café ☕", "x".repeat(10_000)]) {
      const rendered = await renderDocument(source(text));
      expect(identity(rendered).etag).toBe(expectedEtag(encoder.encode(text)));
      expect(identity(rendered).etag).toMatch(/^"[0-9a-f]{32}"$/);
    }
    // The SHA-256 of "Café ☕" starts with the byte 0x0c, which keeps its leading zero.
    expect(identity(await renderDocument(source("Café ☕"))).etag).toBe('"0c3eecb944c2e450fd5306f55518b2c6"');
    expect(identity(await renderDocument(source(""))).etag).toBe('"e3b0c44298fc1c149afbf4c8996fb924"');
  });

  it("gives different bytes a different entity-tag, down to the last byte", async () => {
    const one = await renderDocument(source(new Uint8Array([1, 2, 3, 4])));
    const other = await renderDocument(source(new Uint8Array([1, 2, 3, 5])));
    expect(identity(one).etag).not.toBe(identity(other).etag);
    expect(identity(await renderDocument(source("<rss>a</rss>"))).etag).not.toBe(
      identity(await renderDocument(source("<rss>a</rss "))).etag,
    );
  });

  it("gives the same bytes the same entity-tag, whether text or bytes", async () => {
    const fromText = await renderDocument(source("<rss/>"));
    const fromBytes = await renderDocument(source(encoder.encode("<rss/>")));
    expect(identity(fromBytes).etag).toBe(identity(fromText).etag);
  });

  it("formats lastModified as an HTTP-date in GMT", async () => {
    const utc = await renderDocument(source("x", { updated: "2025-03-01T08:00:00Z" }));
    expect(utc.lastModified).toBe("Sat, 01 Mar 2025 08:00:00 GMT");
    const offset = await renderDocument(source("x", { updated: "2025-03-01T00:30:00+02:00" }));
    expect(offset.lastModified).toBe("Fri, 28 Feb 2025 22:30:00 GMT");
  });

  it("has no lastModified when the document shows no dated item", async () => {
    const rendered = await renderDocument(source("x", { updated: undefined }));
    expect(rendered.lastModified).toBeUndefined();
    expect("lastModified" in rendered).toBe(true);
  });

  it("carries the Link header value when there is one, and no link property otherwise", async () => {
    const link = '<https://news.example.com/feed.xml>; rel="self"';
    expect((await renderDocument(source("x", { link }))).link).toBe(link);
    const none = await renderDocument(source("x"));
    expect("link" in none).toBe(false);
    const empty = await renderDocument(source("x", { link: "" }));
    expect("link" in empty).toBe(false);
  });

  it("returns exactly the fields of a rendered document", async () => {
    const rendered = await renderDocument(
      source("x", { updated: "2025-03-01T08:00:00Z", link: "<https://news.example.com/>" }),
    );
    expect(await withBytes(rendered)).toStrictEqual({
      representations: [
        { coding: "identity", body: encoder.encode("x"), etag: expectedEtag(encoder.encode("x")) },
      ],
      contentType: "application/rss+xml; charset=utf-8",
      lastModified: "Sat, 01 Mar 2025 08:00:00 GMT",
      link: "<https://news.example.com/>",
    });
  });
});

describe("renderDocument's compressed representations", () => {
  const text = `<rss>${"<item><title>A story of the day</title></item>".repeat(200)}</rss>`;

  it("keeps Brotli and gzip bytes that decompress to the identity bytes, each with its own validator", async () => {
    const rendered = await renderDocument(source(text));
    expect(rendered.representations.map(({ coding }) => coding)).toEqual(["identity", "br", "gzip"]);
    const etag = expectedEtag(encoder.encode(text));
    expect(rendered.representations.map((representation) => representation.etag)).toEqual([
      etag,
      `${etag.slice(0, -1)}-br"`,
      `${etag.slice(0, -1)}-gzip"`,
    ]);
    const br = await bytesOf(representationOf(rendered, "br").body);
    const gzip = await bytesOf(representationOf(rendered, "gzip").body);
    expect(new TextDecoder().decode(brotliDecompressSync(br))).toBe(text);
    expect(new TextDecoder().decode(gunzipSync(gzip))).toBe(text);
    expect(gzip.byteLength).toBeLessThan(text.length / 10);
    expect(representationOf(rendered, "br").body).toBeInstanceOf(Blob);
    expect(sizeOf(rendered)).toBe(encoder.encode(text).byteLength + br.byteLength + gzip.byteLength);
  });

  it("keeps no coding that saves less than 64 bytes: a short or incompressible document is identity only", async () => {
    expect((await renderDocument(source("<rss/>"))).representations.map(({ coding }) => coding)).toEqual([
      "identity",
    ]);
    // Hash output: as incompressible as bytes get, and the same on every run.
    const noise = new Uint8Array(
      Array.from({ length: 64 }, (_, index) => [
        ...createHash("sha512").update(String(index)).digest(),
      ]).flat(),
    );
    const image = await renderDocument({ text: noise, contentType: "image/png", updated: undefined });
    expect(image.representations.map(({ coding }) => coding)).toEqual(["identity"]);
    expect(representationOf(image, "gzip")).toBe(image.representations[0]);
  });
});

describe("chooseCoding (RFC 9110 §12.5.3)", () => {
  const all = ["identity", "br", "gzip"] as const;
  it.each([
    [undefined, "identity"],
    ["", "identity"],
    ["gzip", "gzip"],
    ["GZIP", "gzip"],
    ["x-gzip", "gzip"],
    ["deflate, x-gzip;q=0.5", "gzip"],
    ["gzip, deflate, br", "br"],
    ["br;q=0.5, gzip", "gzip"],
    ["br;q=0, gzip;q=0.1", "gzip"],
    ["*", "br"],
    ["*;q=0.5, gzip", "gzip"],
    ["identity", "identity"],
    ["gzip;q=0, br;q=0", "identity"],
    ["identity;q=0, gzip;q=0.2", "gzip"],
    ["*;q=0", "identity"],
    ["deflate", "identity"],
    ["gzip;q=abc", "identity"],
    ["compress, gzip;q=0.001", "gzip"],
  ])("Accept-Encoding %j gets %s", (field, expected) => {
    expect(chooseCoding(field, all)).toBe(expected);
    // The choice is remembered per field: asking again gives the same.
    expect(chooseCoding(field, all)).toBe(expected);
  });

  it("chooses among what the document has", () => {
    expect(chooseCoding("br, gzip", ["identity", "gzip"])).toBe("gzip");
    expect(chooseCoding("br", ["identity", "gzip"])).toBe("identity");
    expect(chooseCoding("gzip", ["identity"])).toBe("identity");
  });
});

describe("DocumentCache in one isolate", () => {
  it("builds a document once and answers every later request from memory", async () => {
    const cache = new DocumentCache(10);
    const { calls, build } = counter();
    const first = await cache.getOrBuild("/feed.xml", build("/feed.xml"));
    const second = await cache.getOrBuild("/feed.xml", build("/feed.xml"));
    expect(second).toBe(first);
    expect(calls).toEqual(["/feed.xml"]);
    expect(await identity(first).body.text()).toBe("document /feed.xml");
    expect(cache.size).toBe(1);
  });

  it("keeps documents apart by key", async () => {
    const cache = new DocumentCache(10);
    const { calls, build } = counter();
    const feed = await cache.getOrBuild("/feed.xml", build("/feed.xml"));
    const atom = await cache.getOrBuild("/atom.xml", build("/atom.xml"));
    expect(identity(feed).etag).not.toBe(identity(atom).etag);
    expect(calls).toEqual(["/feed.xml", "/atom.xml"]);
    expect(cache.size).toBe(2);
  });

  it("lets concurrent requests for one document share one build", async () => {
    const cache = new DocumentCache(10);
    const gate = deferred<DocumentSource>();
    let builds = 0;
    const build = () => {
      builds++;
      return gate.promise;
    };
    const requests = [
      cache.getOrBuild("k", build),
      cache.getOrBuild("k", build),
      cache.getOrBuild("k", build),
    ];
    expect(requests[1]).toBe(requests[0]);
    expect(requests[2]).toBe(requests[0]);
    gate.resolve(source("shared"));
    const documents = await Promise.all(requests);
    expect(builds).toBe(1);
    expect(new Set(documents).size).toBe(1);
  });

  it("does not keep a failed build: the next request builds again", async () => {
    const cache = new DocumentCache(10);
    let attempts = 0;
    const build = async () => {
      attempts++;
      if (attempts === 1) throw new Error("store unavailable");
      return source("second try");
    };
    await expect(cache.getOrBuild("k", build)).rejects.toThrow("store unavailable");
    expect(cache.size).toBe(0);
    const document = await cache.getOrBuild("k", build);
    expect(await identity(document).body.text()).toBe("second try");
    expect(attempts).toBe(2);
    expect(cache.size).toBe(1);
  });

  it("lets concurrent requests share a failure, and forgets it once it has failed", async () => {
    const cache = new DocumentCache(10);
    const gate = deferred<DocumentSource>();
    const first = cache.getOrBuild("k", () => gate.promise);
    const second = cache.getOrBuild("k", () => Promise.resolve(source("unused")));
    expect(second).toBe(first);
    gate.reject(new Error("boom"));
    await expect(first).rejects.toThrow("boom");
    await expect(second).rejects.toThrow("boom");
    expect(cache.size).toBe(0);
  });

  it("holds at most `maxBytes` of documents, every representation counted, the least recently used going first", async () => {
    // Incompressible 1,000-byte documents are identity only: 1,000 bytes each.
    const bytes = (seed: string) =>
      new Uint8Array(
        Array.from({ length: 16 }, (_, index) => [...createHash("sha512").update(`${seed}${index}`).digest()])
          .flat()
          .slice(0, 1000),
      );
    const built: string[] = [];
    const build = (key: string) => async () => {
      built.push(key);
      return { text: bytes(key), contentType: "application/octet-stream", updated: undefined };
    };
    const cache = new DocumentCache(100, undefined, 2500);
    await cache.getOrBuild("a", build("a"));
    await cache.getOrBuild("b", build("b"));
    expect(cache.bytes).toBe(2000);
    await cache.getOrBuild("a", build("a"));
    await cache.getOrBuild("c", build("c"));
    // "b" was the least recently used: dropped to stay within 2,500 bytes.
    expect([cache.size, cache.bytes]).toEqual([2, 2000]);
    await cache.getOrBuild("a", build("a"));
    await cache.getOrBuild("c", build("c"));
    await cache.getOrBuild("b", build("b"));
    expect(built).toEqual(["a", "b", "c", "b"]);
    // A compressible document counts its gzip and Brotli bytes too.
    const text = "<p>the same words again</p>".repeat(100);
    const compressible = await cache.getOrBuild("d", async () => ({
      text,
      contentType: "text/html",
      updated: undefined,
    }));
    expect(compressible.representations.length).toBe(3);
    expect(cache.bytes).toBe(sizeOf(compressible));
    expect(cache.size).toBe(1);
    // One document larger than the budget is still served and kept, alone.
    const large = new DocumentCache(100, undefined, 10);
    await large.getOrBuild("a", build("a"));
    await large.getOrBuild("b", build("b"));
    expect([large.size, large.bytes]).toEqual([1, 1000]);
  });

  it("holds at most `capacity` documents, dropping the least recently used first", async () => {
    const cache = new DocumentCache(2);
    const { calls, build } = counter();
    await cache.getOrBuild("a", build("a"));
    await cache.getOrBuild("b", build("b"));
    expect(cache.size).toBe(2);
    await cache.getOrBuild("c", build("c"));
    expect(cache.size).toBe(2);
    // "a" was the oldest: it is built again; "b" and "c" are still there.
    await cache.getOrBuild("b", build("b"));
    await cache.getOrBuild("c", build("c"));
    expect(calls).toEqual(["a", "b", "c"]);
    await cache.getOrBuild("a", build("a"));
    expect(calls).toEqual(["a", "b", "c", "a"]);
    expect(cache.size).toBe(2);
  });

  it("refreshes a document's place when it is requested, so a popular document survives", async () => {
    const cache = new DocumentCache(2);
    const { calls, build } = counter();
    await cache.getOrBuild("a", build("a"));
    await cache.getOrBuild("b", build("b"));
    await cache.getOrBuild("a", build("a")); // a is now the most recently used
    await cache.getOrBuild("c", build("c")); // so b goes
    expect(calls).toEqual(["a", "b", "c"]);
    await cache.getOrBuild("a", build("a"));
    expect(calls).toEqual(["a", "b", "c"]);
    await cache.getOrBuild("b", build("b"));
    expect(calls).toEqual(["a", "b", "c", "b"]);
  });

  it("keeps exactly `capacity` documents without dropping any", async () => {
    const cache = new DocumentCache(3);
    const { calls, build } = counter();
    for (const key of ["a", "b", "c", "a", "b", "c"]) await cache.getOrBuild(key, build(key));
    expect(calls).toEqual(["a", "b", "c"]);
    expect(cache.size).toBe(3);
    expect(cache.capacity).toBe(3);
  });

  it("with capacity 1 keeps only the latest document", async () => {
    const cache = new DocumentCache(1);
    const { calls, build } = counter();
    for (const key of ["a", "a", "b", "b", "a"]) await cache.getOrBuild(key, build(key));
    expect(calls).toEqual(["a", "b", "a"]);
    expect(cache.size).toBe(1);
  });

  it("a build that fails after its entry was evicted and rebuilt does not drop the newer entry", async () => {
    const cache = new DocumentCache(1);
    const late = deferred<DocumentSource>();
    const first = cache.getOrBuild("a", () => late.promise);
    await cache.getOrBuild("b", async () => source("b"));
    let rebuilt = 0;
    const again = async () => {
      rebuilt++;
      return source("a, again");
    };
    await cache.getOrBuild("a", again);
    late.reject(new Error("late failure"));
    await expect(first).rejects.toThrow("late failure");
    await cache.getOrBuild("a", again);
    expect(rebuilt).toBe(1);
  });

  it("works without a shared cache and without defer", async () => {
    const cache = new DocumentCache(1);
    expect(cache.shared).toBeUndefined();
    const document = await cache.getOrBuild("k", async () => source("x"));
    expect(identity(document).etag).toBe(expectedEtag(encoder.encode("x")));
  });
});

describe("DocumentCache over a shared cache", () => {
  it("on a miss builds, then stores the document in the shared cache as deferred work", async () => {
    const { shared, gets, puts } = memoryShared();
    const cache = new DocumentCache(10, shared);
    expect(cache.shared).toBe(shared);
    const deferredWork: Promise<unknown>[] = [];
    const document = await cache.getOrBuild(
      "/feed.xml",
      async () => source("<rss/>", { updated: "2025-03-01T08:00:00Z" }),
      (work) => deferredWork.push(work),
    );
    expect(gets).toEqual(["/feed.xml"]);
    expect(deferredWork).toHaveLength(1);
    await Promise.all(deferredWork);
    expect(puts).toEqual([["/feed.xml", document]]);
    expect(document.lastModified).toBe("Sat, 01 Mar 2025 08:00:00 GMT");
  });

  it("stores a miss in the shared cache even when the caller gives no defer", async () => {
    const { shared, puts } = memoryShared();
    const cache = new DocumentCache(10, shared);
    const document = await cache.getOrBuild("/feed.xml", async () => source("<rss/>"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(puts).toEqual([["/feed.xml", document]]);
  });

  it("on a hit copies the shared document and builds nothing", async () => {
    const stored = await renderDocument(source("<rss>built elsewhere</rss>"));
    const { shared, puts } = memoryShared(new Map([["/feed.xml", stored]]));
    const cache = new DocumentCache(10, shared);
    const deferredWork: Promise<unknown>[] = [];
    let builds = 0;
    const document = await cache.getOrBuild(
      "/feed.xml",
      async () => {
        builds++;
        return source("<rss>built here</rss>");
      },
      (work) => deferredWork.push(work),
    );
    expect(document).toBe(stored);
    expect(builds).toBe(0);
    expect(deferredWork).toEqual([]);
    expect(puts).toEqual([]);
  });

  it("asks the shared cache once per key, then answers from memory", async () => {
    const { shared, gets } = memoryShared();
    const cache = new DocumentCache(10, shared);
    await cache.getOrBuild("/feed.xml", async () => source("<rss/>"));
    await cache.getOrBuild("/feed.xml", async () => source("<rss/>"));
    expect(gets).toEqual(["/feed.xml"]);
  });

  it("builds as if the shared cache were empty when reading it fails", async () => {
    const puts: string[] = [];
    const shared: SharedDocumentCache = {
      get: () => Promise.reject(new Error("cache unavailable")),
      put: async (key) => {
        puts.push(key);
      },
    };
    const cache = new DocumentCache(10, shared);
    const deferredWork: Promise<unknown>[] = [];
    const document = await cache.getOrBuild(
      "k",
      async () => source("built"),
      (work) => deferredWork.push(work),
    );
    expect(await identity(document).body.text()).toBe("built");
    await Promise.all(deferredWork);
    expect(puts).toEqual(["k"]);
  });

  it("answers the request when writing to the shared cache fails, and the deferred work does not reject", async () => {
    const shared: SharedDocumentCache = {
      get: async () => undefined,
      put: () => Promise.reject(new Error("quota exceeded")),
    };
    const cache = new DocumentCache(10, shared);
    const deferredWork: Promise<unknown>[] = [];
    const document = await cache.getOrBuild(
      "k",
      async () => source("built"),
      (work) => deferredWork.push(work),
    );
    expect(await identity(document).body.text()).toBe("built");
    expect(deferredWork).toHaveLength(1);
    await expect(deferredWork[0]).resolves.toBeUndefined();
  });

  it("does not store a failed build in the shared cache", async () => {
    const { shared, puts } = memoryShared();
    const cache = new DocumentCache(10, shared);
    const deferredWork: Promise<unknown>[] = [];
    await expect(
      cache.getOrBuild(
        "k",
        () => Promise.reject(new Error("bad content")),
        (work) => deferredWork.push(work),
      ),
    ).rejects.toThrow("bad content");
    expect(deferredWork).toEqual([]);
    expect(puts).toEqual([]);
    expect(cache.size).toBe(0);
  });
});
