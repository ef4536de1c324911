import type { Context, MiddlewareHandler } from "hono";
import { cacheControlFor, varyFor } from "../documents/cache-policy";
import type { HeaderList } from "../documents/conditional";
import type { DocumentCache } from "../documents/document-cache";
import type { Lru } from "../lib/lru";
import type { Site } from "../site/published";
import { isBrowserNavigation } from "./feed-view";
import { documentHeaderNames, respondWithDocument } from "./serve-document";
import type { AppEnv, RouteAnswer } from "./types";

/** A request's answer, kept to give it again to the same request while the published state holds. */
type KnownAnswer =
  | (Extract<RouteAnswer, { kind: "document" }> & { state: string; common: HeaderList })
  | { kind: "error"; state: string; status: number; body: Uint8Array; headers: HeaderList };

/** What the replay needs of an environment: its site, its documents, and the answers it gave. */
export interface ReplayEdge {
  site: Site;
  documents: DocumentCache;
  answers: Lru<string, KnownAnswer>;
}

/** Whether an error answer for this request is the HTML page rather than the short text. */
export function wantsErrorPage(c: Context<AppEnv>): boolean {
  const mode = c.req.header("Sec-Fetch-Mode");
  return (
    mode === "navigate" || (mode === undefined && (c.req.header("Accept") ?? "").startsWith("text/html"))
  );
}

const encoder = new TextEncoder();

/**
 * Polls repeat: a feed reader asks for the same URL, with the same headers, every few minutes, and
 * most answers are 304s. The router, the context variables and four middlewares that each set
 * headers one by one cost more than the answer itself (workerd, measured by `npm run bench`), so an
 * answer already given is given again from here, before any of them runs: the same URL, in the same
 * published state (version and schedule), whose document this isolate still holds. What the
 * document's answer depends on (Accept-Encoding and the conditional headers) is evaluated again as
 * the route would; the headers the middlewares add were recorded when the route answered; a request
 * the route would answer differently (a browser's navigation to a feed or an error) goes the long way.
 */
export function replayAnswers(
  edgeFor: (c: Context<AppEnv>) => ReplayEdge,
  now: () => number,
): MiddlewareHandler<AppEnv> {
  return async function replayKnownAnswer(c, next) {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const edge = edgeFor(c);
    const moment = edge.site.momentIfFresh(now());
    const url = c.req.url;
    const known = moment && edge.answers.get(url);
    if (known && moment && known.state === moment.state) {
      if (known.kind === "document") {
        const document = edge.documents.peek(known.key);
        if (document && !(known.negotiatesView && isBrowserNavigation(c))) {
          return respondWithDocument(
            c.req,
            document,
            {
              cacheControl: cacheControlFor(known.policy, edge.site.config, moment),
              vary: varyFor(known.negotiatesView),
            },
            known.common,
          );
        }
      } else if (!wantsErrorPage(c)) {
        return new Response(c.req.method === "HEAD" ? null : known.body, {
          status: known.status,
          headers: known.headers,
        });
      }
    }
    await next();
    remember(c, edge.answers, url);
  };
}

/** Keeps the answer the routes just gave, when the same request may be answered the same way again. */
function remember(c: Context<AppEnv>, answers: Lru<string, KnownAnswer>, url: string): void {
  const answered = c.var.answered;
  const state = c.var.moment?.state;
  if (!answered || state === undefined) return;
  const headers = [...c.res.headers];
  if (answered.kind === "document") {
    if (c.res.status !== 200 && c.res.status !== 304) return;
    if (answered.negotiatesView && isBrowserNavigation(c)) return;
    const common = headers.filter(([name]) => !documentHeaderNames.has(name));
    answers.set(url, { ...answered, state, common });
  } else {
    if (wantsErrorPage(c) || c.res.status !== answered.status) return;
    answers.set(url, {
      kind: "error",
      state,
      status: answered.status,
      body: encoder.encode(answered.text),
      headers,
    });
  }
}
