import type { MiddlewareHandler } from "hono";

type HeaderList = readonly (readonly [string, string])[];

/**
 * What a browser renders: the article pages, the home and family pages, a feed's HTML view and
 * error pages. A strict Content-Security-Policy (the pages' own script and styles, images from here
 * or https:, nothing else), no framing, no referrer, isolation from other browsing contexts, HSTS.
 */
const PAGE_HEADERS: HeaderList = [
  [
    "Content-Security-Policy",
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; script-src 'self'; " +
      "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  ],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Cross-Origin-Resource-Policy", "cross-origin"],
  ["Origin-Agent-Cluster", "?1"],
  ["Referrer-Policy", "no-referrer"],
  ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-DNS-Prefetch-Control", "off"],
  ["X-Download-Options", "noopen"],
  // Agrees with frame-ancestors 'none', for browsers that know only this header.
  ["X-Frame-Options", "DENY"],
  ["X-Permitted-Cross-Domain-Policies", "none"],
  ["X-XSS-Protection", "0"],
];

/**
 * Everything else: feeds, OPML, sitemaps, robots.txt, icons, images, redirects and plain-text
 * errors. Programs read these; a browser never renders one as a page, since its navigation to a
 * feed gets the HTML view. Most of the pages' headers only mean something in a rendered HTML
 * document (opener, agent cluster, referrer, framing by old browsers, DNS prefetch) or in
 * long-gone software (IE8 downloads, Flash cross-domain policies, the XSS auditor); HSTS is the
 * host's, and the pages carry it. What stays: no sniffing, a policy that runs nothing and loads
 * nothing should anything render the bytes anyway, and an explicit yes to cross-origin embedding.
 * Each header costs the runtime time on every reply (README, Performance): a feed's 200 carries 13
 * headers instead of 22.
 */
const DOCUMENT_HEADERS: HeaderList = [
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox"],
  ["Cross-Origin-Resource-Policy", "cross-origin"],
  ["X-Content-Type-Options", "nosniff"],
];

/** The security headers of a reply of this Content-Type. */
export function securityHeadersFor(contentType: string | null): HeaderList {
  return contentType?.startsWith("text/html") ? PAGE_HEADERS : DOCUMENT_HEADERS;
}

/** `response` with the security headers of its Content-Type (its headers must be its own). */
export function withSecurityHeaders(response: Response): Response {
  for (const [name, value] of securityHeadersFor(response.headers.get("content-type"))) {
    response.headers.set(name, value);
  }
  return response;
}

/** Adds the security headers to every reply of the app, pages' or documents' by its Content-Type. */
export function securityHeaders(): MiddlewareHandler {
  return async function addSecurityHeaders(c, next) {
    await next();
    withSecurityHeaders(c.res);
  };
}
