import type { Context } from "hono";
import { type CachePolicy, cacheControlFor, clockStep, varyFor } from "../documents/cache-policy";
import { type HeaderList, isNotModified, notModifiedHeaders } from "../documents/conditional";
import { chooseCoding } from "../documents/content-coding";
import {
  type DocumentSource,
  type RenderedDocument,
  type Representation,
  representationOf,
} from "../documents/rendered-document";
import type { Moment } from "../site/published";
import type { AppEnv } from "./types";

/** What a route serves: the one place keys, validators, conditions and caching are decided. */
export interface DeclaredDocument {
  /** Names the document among all the site serves (the content version is added by the cache). */
  key: string;
  /**
   * Whether its bytes depend on which scheduled articles are out (listings, subscription feeds,
   * family lists): such a document is kept once per schedule state, so a scheduled article appears
   * in it the moment it is due.
   */
  followsSchedule: boolean;
  /** How caches keep it; a "clock" document is also kept once per step of the clock (clockStep). */
  policy: CachePolicy;
  /** Whether the same URL answers a browser's navigation with an HTML view (feeds and their views). */
  negotiatesView?: boolean;
  build(): Promise<DocumentSource>;
}

/** Background work that must outlive the response (ExecutionContext.waitUntil when there is one). */
function deferrer(c: Context<AppEnv>): ((work: Promise<unknown>) => void) | undefined {
  try {
    const context = c.executionCtx;
    return (work) => context.waitUntil(work);
  } catch {
    // No ExecutionContext (app.request in tests and the benchmark): background work just runs.
    return undefined;
  }
}

/**
 * The declared document, from the isolate's cache or the shared cache or built, answered with its
 * validators and caching headers, or 304 when the request's conditions say the client has it.
 */
export async function serveDocument(c: Context<AppEnv>, declared: DeclaredDocument): Promise<Response> {
  const { site, moment, documents } = c.var;
  const document = await documents.getOrBuild(cacheKeyOf(declared, moment), declared.build, deferrer(c));
  const negotiatesView = declared.negotiatesView ?? false;
  const { key, followsSchedule, policy } = declared;
  c.set("answered", { kind: "document", key, followsSchedule, policy, negotiatesView });
  return respondWithDocument(c.req, clientAcceptEncoding(c.req.raw), document, {
    cacheControl: cacheControlFor(declared.policy, site.config, moment),
    vary: varyFor(negotiatesView),
  });
}

/**
 * A document's key in the caches: every key names the published state (its version, and the
 * schedule when the document follows it) and the step of the clock when its bytes depend on the
 * time itself.
 */
export function cacheKeyOf(
  declared: Pick<DeclaredDocument, "key" | "followsSchedule" | "policy">,
  moment: Pick<Moment, "state" | "version" | "nowMs">,
): string {
  const state = declared.followsSchedule ? moment.state : moment.version;
  const step = declared.policy === "clock" ? `~${clockStep(moment.nowMs).startMs}` : "";
  return `${state}${step} ${declared.key}`;
}

/** Response options workerd reads besides the standard ones. */
interface WorkerdResponseInit extends ResponseInit {
  /** "manual": the body is already in the coding Content-Encoding names; send it as it is. */
  encodeBody?: "automatic" | "manual";
}

/** The parts of a request a document's answer depends on. */
export interface DocumentRequest {
  method: string;
  header(name: string): string | undefined;
}

/** Names of the headers a document's answer sets itself (lower case, as Headers gives them). */
export const documentHeaderNames: ReadonlySet<string> = new Set([
  "content-type",
  "content-length",
  "etag",
  "cache-control",
  "vary",
  "content-encoding",
  "last-modified",
  "link",
]);

/** The representation a request gets, and whether its conditions say it has it already (304). */
export interface Selection {
  representation: Representation;
  notModified: boolean;
}

/**
 * The Accept-Encoding the client sent. Cloudflare's front line hands every request to a worker
 * with `Accept-Encoding: br, gzip` and keeps the client's own field in `cf.clientAcceptEncoding`
 * (wrangler dev does the same, with "" for a client that sent none). It re-encodes a response for
 * the client only for the media types it compresses itself, which do not include Atom or JSON
 * Feed: negotiating on the replaced field sent those feeds in Brotli to readers that asked for
 * gzip, as `npm run dev` showed.
 */
export function clientAcceptEncoding(request: Request): string | undefined {
  const field = request.headers.get("Accept-Encoding");
  // Any other value is the client's own; `request.cf` is parsed on first read, so it is read only
  // when the field may have been replaced.
  if (field !== FRONT_LINE_ACCEPT_ENCODING) return field ?? undefined;
  const original = request.cf?.clientAcceptEncoding;
  return typeof original === "string" ? original : field;
}

/** The Accept-Encoding Cloudflare's front line gives every request it hands to a worker. */
const FRONT_LINE_ACCEPT_ENCODING = "br, gzip";

/**
 * The representation the client accepts best (`acceptEncoding`: clientAcceptEncoding), sent as it
 * was compressed when the document was built; a 304 compares the validator of that same
 * representation.
 */
export function selectRepresentation(
  request: DocumentRequest,
  acceptEncoding: string | undefined,
  document: RenderedDocument,
): Selection {
  const available = document.representations.map((representation) => representation.coding);
  const representation = representationOf(document, chooseCoding(acceptEncoding, available));
  const notModified = isNotModified(request, {
    etag: representation.etag,
    lastModified: document.lastModified,
  });
  return { representation, notModified };
}

/** The document's own headers for that selection (the middleware adds the site's common ones). */
export function documentHeaders(
  document: RenderedDocument,
  { representation, notModified }: Selection,
  options: { cacheControl: string; vary: string },
): HeaderList {
  const headers: [string, string][] = [
    ["Content-Type", document.contentType],
    ["Content-Length", String(representation.body.size)],
    ["ETag", representation.etag],
    ["Cache-Control", options.cacheControl],
    ["Vary", options.vary],
  ];
  if (representation.coding !== "identity") headers.push(["Content-Encoding", representation.coding]);
  if (document.lastModified) headers.push(["Last-Modified", document.lastModified]);
  if (document.link) headers.push(["Link", document.link]);
  return notModified ? notModifiedHeaders(headers) : headers;
}

/**
 * The response for a selection: HEAD gets the same headers as GET, the same Content-Length
 * included, and no body; the body is sent as it is (`encodeBody: "manual"`).
 */
export function documentResponse(
  method: string,
  { representation, notModified }: Selection,
  headers: HeadersInit,
): Response {
  if (notModified) return new Response(null, { status: 304, headers });
  const init: WorkerdResponseInit = { status: 200, headers, encodeBody: "manual" };
  return new Response(method === "HEAD" ? null : representation.body, init);
}

function respondWithDocument(
  request: DocumentRequest,
  acceptEncoding: string | undefined,
  document: RenderedDocument,
  options: { cacheControl: string; vary: string },
): Response {
  const selection = selectRepresentation(request, acceptEncoding, document);
  return documentResponse(request.method, selection, [...documentHeaders(document, selection, options)]);
}
