import type { Context, MiddlewareHandler } from "hono";
import { type CachePolicy, cacheControlFor, varyFor } from "../documents/cache-policy";
import { type HeaderList, notModifiedHeaders } from "../documents/conditional";
import type { DocumentCache } from "../documents/document-cache";
import type { Lru } from "../lib/lru";
import type { Site } from "../site/published";
import { isBrowserNavigation } from "./feed-view";
import {
  cacheKeyOf,
  clientAcceptEncoding,
  type DocumentRequest,
  documentHeaderNames,
  documentHeaders,
  documentResponse,
  selectRepresentation,
} from "./serve-document";
import type { AppEnv, RouteAnswer } from "./types";

/** A document's answer kept for replay, with the headers the middleware added to it. */
interface KnownDocument extends Extract<RouteAnswer, { kind: "document" }> {
  state: string;
  common: HeaderList;
  /** Complete response headers already made, by coding, status and Cache-Control (a handful). */
  prepared: Map<string, Headers>;
}

/** A short error text kept for replay, exactly as it was sent (its Cache-Control made again). */
interface KnownError {
  kind: "error";
  state: string;
  status: number;
  /** A Blob, shared by every Response made from it (see Representation). */
  body: Blob;
  headers: Headers;
  policy?: CachePolicy;
}

export type KnownAnswer = KnownDocument | KnownError;

/** What the replay needs of an environment: its site, its documents, and the answers it gave. */
export interface ReplayEdge {
  site: Site;
  documents: DocumentCache;
  answers: Lru<string, KnownAnswer>;
}

/** A request's headers by name: hono's request, or the runtime's through RuntimeRequest. */
export interface HeaderReader {
  header(name: string): string | undefined;
}

/** Whether an error answer for this request is the HTML page rather than the short text. */
export function wantsErrorPage(request: HeaderReader): boolean {
  const mode = request.header("Sec-Fetch-Mode");
  return (
    mode === "navigate" || (mode === undefined && (request.header("Accept") ?? "").startsWith("text/html"))
  );
}

/**
 * The runtime's request as the document answer reads it. A class rather than a closure made per
 * request: the bundle names every function a request makes (esbuild's keepNames, which wrangler
 * turns on), and that defineProperty cost more than the header reads themselves (measured).
 */
class RuntimeRequest implements DocumentRequest {
  readonly method: string;
  readonly #headers: Headers;
  constructor(request: Request) {
    this.method = request.method;
    this.#headers = request.headers;
  }
  header(name: string): string | undefined {
    return this.#headers.get(name) ?? undefined;
  }
}

/** Prepared header sets kept per document answer: codings × 200/304 × a Cache-Control or two. */
const PREPARED_KEPT = 16;

/**
 * Polls repeat: a feed reader asks for the same URL, with the same headers, every few minutes, and
 * most answers are 304s. The router, the context and the middleware that set headers one by one
 * cost more than the answer itself (workerd, measured by `npm run bench`), and so does making a
 * Response from a list of twenty headers. So an answer already given is given again from here,
 * before hono sees the request: the same URL, in the same published state (version and schedule),
 * whose document this isolate still holds, with its complete headers made once. What the answer
 * depends on (Accept-Encoding and the conditional headers) is evaluated again exactly as the route
 * does; the headers the middleware adds were recorded when the route answered. A request the route
 * would answer differently (a browser's navigation to a feed, or an error a browser gets as a page)
 * is not replayed: undefined sends it the long way.
 */
export function replayKnownAnswer(
  request: Request,
  edge: ReplayEdge,
  now: () => number,
): Response | undefined {
  const method = request.method;
  if (method !== "GET" && method !== "HEAD") return undefined;
  const nowMs = now();
  const known = edge.answers.get(request.url);
  if (!known) return undefined;
  const moment = edge.site.momentIfFresh(nowMs);
  if (!moment || known.state !== moment.state) return undefined;
  const runtimeRequest = new RuntimeRequest(request);
  if (known.kind === "error") {
    if (wantsErrorPage(runtimeRequest)) return undefined;
    let headers = known.headers;
    if (known.policy !== undefined) {
      // Its max-age counts down to the next scheduled change, as the route's would.
      const cacheControl = cacheControlFor(known.policy, edge.site.config, moment);
      if (headers.get("Cache-Control") !== cacheControl) {
        headers = new Headers(headers);
        headers.set("Cache-Control", cacheControl);
        known.headers = headers;
      }
    }
    return new Response(method === "HEAD" ? null : known.body, { status: known.status, headers });
  }
  if (known.negotiatesView && isBrowserNavigation(runtimeRequest)) return undefined;
  const document = edge.documents.peek(cacheKeyOf(known, moment));
  if (!document) return undefined;
  const selection = selectRepresentation(runtimeRequest, clientAcceptEncoding(request), document);
  const cacheControl = cacheControlFor(known.policy, edge.site.config, moment);
  const preparedKey = `${selection.representation.coding} ${selection.notModified} ${cacheControl}`;
  let headers = known.prepared.get(preparedKey);
  if (!headers) {
    const own = documentHeaders(document, selection, { cacheControl, vary: varyFor(known.negotiatesView) });
    const common = selection.notModified ? notModifiedHeaders(known.common) : known.common;
    headers = new Headers([...own, ...common]);
    if (known.prepared.size >= PREPARED_KEPT) known.prepared.clear();
    known.prepared.set(preparedKey, headers);
  }
  return documentResponse(method, selection, headers);
}

/**
 * Keeps the answer the routes just gave, when the same request may be answered the same way again:
 * the first middleware, so that what it records has every other middleware's headers.
 */
export function rememberAnswers(edgeFor: (c: Context<AppEnv>) => ReplayEdge): MiddlewareHandler<AppEnv> {
  return async function rememberAnswer(c, next) {
    await next();
    const answered = c.var.answered;
    const state = c.var.moment?.state;
    const method = c.req.method;
    if (!answered || state === undefined || (method !== "GET" && method !== "HEAD")) return;
    const { answers } = edgeFor(c);
    const url = c.req.url;
    if (answered.kind === "document") {
      if (c.res.status !== 200 && c.res.status !== 304) return;
      if (answered.negotiatesView && isBrowserNavigation(c.req)) return;
      const common = [...c.res.headers].filter(([name]) => !documentHeaderNames.has(name));
      answers.set(url, { ...answered, state, common, prepared: new Map() });
    } else {
      if (wantsErrorPage(c.req) || c.res.status !== answered.status) return;
      answers.set(url, {
        kind: "error",
        state,
        status: answered.status,
        body: new Blob([answered.text]),
        headers: new Headers([...c.res.headers]),
        ...(answered.policy ? { policy: answered.policy } : {}),
      });
    }
  };
}
