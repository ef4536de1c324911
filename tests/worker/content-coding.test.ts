/**
 * Every encoding path in workerd: each document is sent in the coding the request accepts best, as
 * compressed once when it was built; the decompressed bytes are the identity bytes; validators,
 * lengths, HEAD and 304 follow the representation; and no cache, per isolate or shared, ever
 * answers a request with a coding it did not ask for.
 */

import { env, exports } from "cloudflare:workers";
import { brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";
import { sharedIsolates } from "./support/shared-cache";

const origin = "http://localhost:8787";
const built = JSON.parse(env.SEED_CONTENT) as BuiltContent;
const newest = built.articles[0] as Article;

/** One address of every kind of document the site serves, and the headers that select it. */
const documents: [string, Record<string, string>][] = [
  ["/feed.xml", {}],
  ["/atom.xml", {}],
  ["/feed.json", {}],
  [`/sections/${newest.section.toLowerCase().replace(/[^a-z0-9]+/g, "-")}/feed.xml`, {}],
  ["/feed.xml", { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", Accept: "text/html" }],
  ["/", {}],
  [`/articles/${newest.slug}`, {}],
  ["/feeds", {}],
  ["/feeds.opml", {}],
  ["/assets/site.js", {}],
  ["/favicon.svg", {}],
  ["/favicon.ico", {}],
  ["/icon-512.png", {}],
];

// The app itself, as the worker's fetch handler runs it: a response that passes through the
// runtime's HTTP layer (exports.default.fetch, or a socket) arrives with its body already decoded.
const app = createApp({ storeFor: () => createMemoryStore(built) });

async function get(path: string, headers: Record<string, string>, method = "GET"): Promise<Response> {
  return app.request(origin + path, { method, headers }, env);
}

async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const decoders = {
  gzip: gunzip,
  br: async (bytes: Uint8Array) => new Uint8Array(brotliDecompressSync(bytes)),
} as const;

describe.each(documents)("%s %j", (path, select) => {
  it("is sent whole to a client that names no coding, and the same to one that refuses them all", async () => {
    const plain = await get(path, select);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-encoding")).toBeNull();
    const identity = await bytesOf(plain);
    expect(plain.headers.get("content-length")).toBe(String(identity.byteLength));
    expect(plain.headers.get("vary")).toContain("Accept-Encoding");
    for (const refusing of ["", "identity", "gzip;q=0, br;q=0", "deflate", "*;q=0"]) {
      const response = await get(path, { ...select, "Accept-Encoding": refusing });
      expect(response.headers.get("content-encoding"), refusing).toBeNull();
      expect(await bytesOf(response)).toStrictEqual(identity);
      expect(response.headers.get("etag")).toBe(plain.headers.get("etag"));
    }
  });

  it.each(["gzip", "br"] as const)(
    "in %s decompresses to the identity bytes, with its own validator",
    async (coding) => {
      const plain = await get(path, select);
      const identity = await bytesOf(plain);
      const identityTag = plain.headers.get("etag") ?? "";
      const response = await get(path, {
        ...select,
        "Accept-Encoding": coding === "gzip" ? "gzip, deflate" : "br, gzip",
      });
      const body = await bytesOf(response);
      expect(response.headers.get("content-length")).toBe(String(body.byteLength));
      expect(response.headers.get("vary")).toContain("Accept-Encoding");
      if (response.headers.get("content-encoding") === null) {
        // Already compressed (a PNG, an icon holding one): kept identity only.
        expect(body).toStrictEqual(identity);
        expect(response.headers.get("content-type")).toMatch(/^image\/(png|x-icon)$/);
        return;
      }
      expect(response.headers.get("content-encoding")).toBe(coding);
      expect(await decoders[coding](body)).toStrictEqual(identity);
      expect(body.byteLength).toBeLessThan(identity.byteLength);
      const etag = response.headers.get("etag") ?? "";
      expect(etag).toBe(`${identityTag.slice(0, -1)}-${coding}"`);

      const head = await get(path, { ...select, "Accept-Encoding": coding }, "HEAD");
      expect(await bytesOf(head)).toHaveLength(0);
      expect(Object.fromEntries(head.headers)).toEqual(Object.fromEntries(response.headers));

      const notModified = await get(path, { ...select, "Accept-Encoding": coding, "If-None-Match": etag });
      expect(notModified.status).toBe(304);
      expect(await bytesOf(notModified)).toHaveLength(0);
      expect(notModified.headers.get("etag")).toBe(etag);
      expect(notModified.headers.get("content-encoding")).toBeNull();
      // The identity validator does not validate the compressed representation, nor the reverse.
      const other = await get(path, { ...select, "Accept-Encoding": coding, "If-None-Match": identityTag });
      expect(other.status).toBe(200);
      expect(await bytesOf(other)).toStrictEqual(body);
      const reverse = await get(path, { ...select, "If-None-Match": etag });
      expect(reverse.status).toBe(200);
      expect(await bytesOf(reverse)).toStrictEqual(identity);
    },
  );
});

describe("through the runtime", () => {
  it("a gzip response reaches a caller that reads it through workerd decoded, with its headers", async () => {
    const identity = await bytesOf(await get("/feed.json", {}));
    const response = await exports.default.fetch(
      new Request(`${origin}/feed.json`, { headers: { "Accept-Encoding": "gzip" } }),
    );
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(Number(response.headers.get("content-length"))).toBeLessThan(identity.byteLength);
    expect(new TextDecoder().decode(await bytesOf(response))).toBe(new TextDecoder().decode(identity));
  });
});

/**
 * A request as Cloudflare's front line hands it to the worker: `Accept-Encoding: br, gzip` whatever
 * the client sent, the client's own field in `cf.clientAcceptEncoding` ("" when it sent none, as
 * wrangler dev gives it).
 */
function behindFrontLine(path: string, clientAcceptEncoding: string, headers: Record<string, string> = {}) {
  const cf = { clientAcceptEncoding } as unknown as RequestInitCfProperties;
  return new Request(origin + path, { headers: { ...headers, "Accept-Encoding": "br, gzip" }, cf });
}

describe("behind Cloudflare's front line, which replaces Accept-Encoding", () => {
  const cases: [string, "gzip" | "br" | null][] = [
    ["gzip", "gzip"],
    ["gzip, deflate", "gzip"],
    ["x-gzip", "gzip"],
    ["gzip, deflate, br", "br"],
    ["br;q=0.5, gzip", "gzip"],
    ["", null],
    ["identity", null],
    ["deflate", null],
  ];

  it.each(["/feed.xml", "/atom.xml", "/feed.json", `/articles/${newest.slug}`])(
    "%s is sent in the coding the client asked for, by the routes and by the replay",
    async (path) => {
      const identity = await bytesOf(await get(path, {}));
      for (const [client, coding] of cases) {
        const routed = await app.request(behindFrontLine(path, client), undefined, env);
        expect(routed.headers.get("content-encoding"), client).toBe(coding);
        const body = await bytesOf(routed);
        expect(coding === null ? body : await decoders[coding](body), client).toStrictEqual(identity);
        const etag = routed.headers.get("etag") ?? "";
        expect(etag, client).toMatch(
          coding === null ? /^"[0-9a-f]{32}"$/ : new RegExp(`^"[0-9a-f]{32}-${coding}"$`),
        );
        // The worker answers twice: the routes, then the replay of a known answer.
        for (const round of ["routed", "replayed"]) {
          const answer = await exports.default.fetch(behindFrontLine(path, client));
          await answer.arrayBuffer();
          expect(answer.headers.get("etag"), `${client} ${round}`).toBe(etag);
          const notModified = await exports.default.fetch(
            behindFrontLine(path, client, { "If-None-Match": etag }),
          );
          expect(notModified.status, `${client} ${round}`).toBe(304);
        }
      }
    },
  );

  it("keeps to the header when cf does not carry the client's field (a request not through the front line)", async () => {
    const cf = { colo: "LHR" } as unknown as RequestInitCfProperties;
    const request = new Request(`${origin}/atom.xml`, { headers: { "Accept-Encoding": "gzip" }, cf });
    const response = await app.request(request, undefined, env);
    expect(response.headers.get("content-encoding")).toBe("gzip");
    const both = new Request(`${origin}/atom.xml`, { headers: { "Accept-Encoding": "br, gzip" }, cf });
    expect((await app.request(both, undefined, env)).headers.get("content-encoding")).toBe("br");
  });
});

describe("caches and codings", () => {
  it("never answers a client with a coding it did not ask for, from the isolate's cache or the shared one", async () => {
    const { sharedCache, ctx, pending } = sharedIsolates("coding");
    // One isolate serves gzip first, which fills both caches.
    const one = createApp({ storeFor: () => createMemoryStore(built), sharedCache });
    const gzipped = await one.request("/atom.xml", { headers: { "Accept-Encoding": "gzip" } }, env, ctx);
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    const compressed = await bytesOf(gzipped);
    await Promise.all(pending);
    const fromMemory = await one.request("/atom.xml", {}, env, ctx);
    expect(fromMemory.headers.get("content-encoding")).toBeNull();
    const identity = await bytesOf(fromMemory);
    expect(await gunzip(compressed)).toStrictEqual(identity);
    // A fresh isolate finds the document in the shared cache, with every representation.
    const two = createApp({ storeFor: () => createMemoryStore(built), sharedCache });
    const plain = await two.request("/atom.xml", {}, env, ctx);
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await bytesOf(plain)).toStrictEqual(identity);
    const again = await two.request("/atom.xml", { headers: { "Accept-Encoding": "gzip" } }, env, ctx);
    expect(again.headers.get("content-encoding")).toBe("gzip");
    expect(await bytesOf(again)).toStrictEqual(compressed);
    expect(again.headers.get("etag")).toBe(gzipped.headers.get("etag"));
  });
});
