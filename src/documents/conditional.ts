/**
 * Conditional requests (RFC 9110 §13), evaluated before any response body exists. hono's etag
 * middleware does the If-None-Match part, but only after the handler has built the full 200
 * response, which it then throws away; it leaves out If-Modified-Since. Every document we serve
 * has its validators computed once when it is built, so both conditions are answered here instead
 * and a 304 costs no more than a constant reply.
 */

/**
 * Headers a 304 carries: those RFC 9110 §15.4.5 lists, plus Last-Modified and Link, and CORS's
 * two, so that a script that revalidates by itself may read the 304. Nothing else: a cache keeps
 * the stored response's other headers (RFC 9111 §4.3.4), and every header costs on every poll.
 */
const keptOn304 = new Set([
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
]);

/** Whether a 304 carries this header (any case). */
export function isKeptOnNotModified(name: string): boolean {
  return keptOn304.has(name.toLowerCase());
}

/** A response's headers as a list of name and value, which a Response is made from in one call. */
export type HeaderList = ReadonlyArray<[string, string]>;

/** Entity-tags in an If-None-Match list, weak ones ("W/") compared by their opaque part. */
function matchesAny(ifNoneMatch: string, etag: string): boolean {
  // The usual poll sends back the one tag it was given.
  if (ifNoneMatch === etag) return true;
  if (ifNoneMatch.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  for (const match of ifNoneMatch.matchAll(/(?:W\/)?("[^"]*")/g)) if (match[1] === opaque) return true;
  return false;
}

/**
 * Whether a GET or HEAD with these request headers may be answered 304 for a representation with
 * these validators. If-Modified-Since only counts without If-None-Match (§13.2.2), and a value that
 * is not an HTTP-date is ignored rather than answered with an error.
 */
export function isNotModified(
  request: { method: string; header(name: string): string | undefined },
  validators: { etag: string; lastModified: string | undefined },
): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const ifNoneMatch = request.header("If-None-Match");
  if (ifNoneMatch !== undefined) return matchesAny(ifNoneMatch, validators.etag);
  const since = request.header("If-Modified-Since");
  if (since === undefined || validators.lastModified === undefined) return false;
  const sinceMs = parseHttpDate(since);
  return sinceMs !== undefined && Date.parse(validators.lastModified) <= sinceMs;
}

/** The headers of the 304 for a 200 that would have carried `headers`. */
export function notModifiedHeaders(headers: HeaderList): HeaderList {
  return headers.filter(([name]) => isKeptOnNotModified(name));
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
