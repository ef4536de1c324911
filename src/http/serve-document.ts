import type { Context } from "hono";
import { type CachePolicy, cacheControlFor, clockStep, varyFor } from "../documents/cache-policy";
import { isNotModified, notModified } from "../documents/conditional";
import { chooseCoding } from "../documents/content-coding";
import { type DocumentSource, type RenderedDocument, representationOf } from "../documents/rendered-document";
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
  // Every key names the published state: its version, the schedule when the document follows it, and
  // the step of the clock when its bytes depend on the time itself.
  const state = declared.followsSchedule ? moment.state : moment.version;
  const step = declared.policy === "clock" ? `~${clockStep(moment.nowMs).startMs}` : "";
  const key = `${state}${step} ${declared.key}`;
  const document = await documents.getOrBuild(key, declared.build, deferrer(c));
  return sendDocument(c, document, {
    cacheControl: cacheControlFor(declared.policy, site.config, moment),
    vary: varyFor(declared.negotiatesView ?? false),
  });
}

/** Response options workerd reads besides the standard ones. */
interface WorkerdResponseInit extends ResponseInit {
  /** "manual": the body is already in the coding Content-Encoding names; send it as it is. */
  encodeBody?: "automatic" | "manual";
}

/**
 * The representation the request accepts best, sent as it was compressed when the document was
 * built. HEAD gets the same headers as GET, the same Content-Length included, and no body; a 304
 * compares the validator of that same representation.
 */
function sendDocument(
  c: Context<AppEnv>,
  document: RenderedDocument,
  options: { cacheControl: string; vary: string },
): Response {
  const available = document.representations.map((representation) => representation.coding);
  const { coding, body, etag } = representationOf(
    document,
    chooseCoding(c.req.header("Accept-Encoding"), available),
  );
  const headers = new Headers({
    "Content-Type": document.contentType,
    "Content-Length": String(body.byteLength),
    ETag: etag,
    "Cache-Control": options.cacheControl,
    Vary: options.vary,
  });
  if (coding !== "identity") headers.set("Content-Encoding", coding);
  if (document.lastModified) headers.set("Last-Modified", document.lastModified);
  if (document.link) headers.set("Link", document.link);
  if (isNotModified(c.req, { etag, lastModified: document.lastModified })) return notModified(headers);
  const init: WorkerdResponseInit = { status: 200, headers, encodeBody: "manual" };
  return new Response(c.req.method === "HEAD" ? null : body, init);
}
