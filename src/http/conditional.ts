import type { MiddlewareHandler } from "hono";

/** Headers a 304 repeats (RFC 9110 §15.4.5), plus the ones that keep it usable cross-origin. */
export const headersKeptOn304 = [
  "cache-control",
  "content-location",
  "date",
  "etag",
  "expires",
  "vary",
  "last-modified",
  "link",
  "access-control-allow-origin",
  "access-control-expose-headers",
  "x-content-type-options",
];

const keptOn304 = new Set(headersKeptOn304);

/**
 * If-Modified-Since, which hono's etag middleware leaves out. Per RFC 9110 §13.1.3 and §13.2.2 it is
 * only evaluated for GET and HEAD without If-None-Match, and a date that does not parse as an
 * HTTP-date is ignored rather than answered with an error.
 */
export function ifModifiedSince(): MiddlewareHandler {
  return async function ifModifiedSince(c, next) {
    await next();
    const since = c.req.header("If-Modified-Since");
    if (since === undefined || c.req.header("If-None-Match") !== undefined) return;
    if ((c.req.method !== "GET" && c.req.method !== "HEAD") || c.res.status !== 200) return;
    const lastModified = c.res.headers.get("Last-Modified");
    const sinceMs = parseHttpDate(since);
    if (lastModified === null || sinceMs === undefined) return;
    if (Date.parse(lastModified) > sinceMs) return;
    await c.res.body?.cancel();
    // Hono merges the previous response's headers into a replacement, so prune to the kept list.
    c.res = new Response(null, { status: 304 });
    for (const name of [...c.res.headers.keys()]) if (!keptOn304.has(name)) c.res.headers.delete(name);
  };
}

const httpDate =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const rfc850Date =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const asctimeDate =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * The three date forms RFC 9110 §5.6.7 says a recipient must accept; anything else is "invalid"
 * and the condition is ignored. Date.parse alone accepts far more ("2024", "tomorrow" in some
 * engines), so the shape is checked first.
 */
export function parseHttpDate(value: string): number | undefined {
  const text = value.trim();
  if (!httpDate.test(text) && !rfc850Date.test(text) && !asctimeDate.test(text)) return undefined;
  const parsed = Date.parse(asctimeDate.test(text) ? `${text} GMT` : text);
  return Number.isNaN(parsed) ? undefined : parsed;
}
