import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { ContentCoding } from "./content-coding";

/** One representation of a document: its bytes in one content coding, and their validator. */
export interface Representation {
  coding: ContentCoding;
  /**
   * The bytes, held as a Blob because a Blob is immutable: a Response can share its bytes, where a
   * BufferSource body is copied for every Response made from it (the Fetch standard's "extract a
   * body"). In workerd (`npm run bench`, CPU per request over a 3-byte reply's) the 8.5 KB gzip RSS
   * feed cost 1.55–1.69× sent from a Uint8Array and 1.0–1.3× from a Blob; a constant 72 KB body
   * 8–10× from a Uint8Array and 1.2× from a Blob.
   */
  body: Blob;
  /**
   * Strong validator of these bytes, identical in every isolate and after every deploy; each
   * coding has its own (RFC 9110 §8.8.3: a strong validator changes with the representation).
   */
  etag: string;
}

/**
 * A document as it is served: built, encoded, compressed and hashed once per content version, then
 * every poll is answered from the same bytes. A string body would be encoded again, and a body the
 * runtime compresses would be compressed again, on every request.
 */
export interface RenderedDocument {
  /** Identity first, then each coding that makes the document smaller (br, gzip). */
  representations: readonly Representation[];
  contentType: string;
  /** HTTP-date of the newest update among the document's items, when it has any. */
  lastModified: string | undefined;
  /** The Link header value, computed with the document rather than on every request. */
  link?: string;
}

/** What a route's build step produces. */
export interface DocumentSource {
  /** The document: text (encoded as UTF-8) or, for images, bytes. */
  text: string | Uint8Array;
  contentType: string;
  /** ISO date-time of the newest change the document shows. */
  updated: string | undefined;
  link?: string;
}

const encoder = new TextEncoder();

/**
 * Compression levels chosen for a build that runs once per document version inside a request's CPU
 * budget: gzip's default level, and Brotli quality 5, which is about as fast and smaller than gzip
 * at its best (quality 11 takes ~20 ms for a 70 KB feed).
 */
const compressors: readonly [Exclude<ContentCoding, "identity">, (body: Uint8Array) => Uint8Array][] = [
  ["br", (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })],
  ["gzip", (body) => gzipSync(body, { level: 6 })],
];

/** A coding is kept only when it saves at least this much: below it, identity is as good. */
const MIN_SAVING_BYTES = 64;

/** The identity representation's ETag, with the coding named for the others. */
function etagFor(hash: string, coding: ContentCoding): string {
  return coding === "identity" ? `"${hash}"` : `"${hash}-${coding}"`;
}

export async function renderDocument(source: DocumentSource): Promise<RenderedDocument> {
  const body = typeof source.text === "string" ? encoder.encode(source.text) : source.text;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const hash = Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, "0")).join("");
  const representations: Representation[] = [
    { coding: "identity", body: new Blob([body]), etag: etagFor(hash, "identity") },
  ];
  for (const [coding, compress] of compressors) {
    const compressed = compress(body);
    if (compressed.byteLength + MIN_SAVING_BYTES > body.byteLength) continue;
    // The Blob copies the bytes out of the Buffer, which may be a view of a larger shared pool.
    representations.push({ coding, body: new Blob([compressed]), etag: etagFor(hash, coding) });
  }
  return {
    representations,
    contentType: source.contentType,
    lastModified: source.updated === undefined ? undefined : new Date(source.updated).toUTCString(),
    ...(source.link ? { link: source.link } : {}),
  };
}

/** The document's bytes in `coding`, or identity's when it has none in that coding. */
export function representationOf(document: RenderedDocument, coding: ContentCoding): Representation {
  const identity = document.representations[0];
  if (!identity) throw new Error("a rendered document always has its identity representation");
  return document.representations.find((representation) => representation.coding === coding) ?? identity;
}

/** Bytes the document holds in memory, all representations together. */
export function sizeOf(document: RenderedDocument): number {
  return document.representations.reduce((sum, representation) => sum + representation.body.size, 0);
}
