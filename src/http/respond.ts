import type { Context } from "hono";
import type { FeedLinks } from "../feeds/feed-model";
import { feedFormats, feedMediaTypes } from "../feeds/render-feed";
import { isNotModified, notModified } from "./conditional";
import type { RenderedDocument } from "./documents";

export interface LinkTarget {
  href: string;
  rel: string;
  type: string;
}

/** RFC 8288 Link header value. */
export function linkHeader(targets: readonly LinkTarget[]): string {
  return targets.map((target) => `<${target.href}>; rel="${target.rel}"; type="${target.type}"`).join(", ");
}

/** Self and alternate links of a feed document (or, with self undefined, of an HTML page). */
export function feedLinkTargets(
  links: FeedLinks,
  self: keyof FeedLinks | undefined,
  homeUrl?: string,
): LinkTarget[] {
  const targets: LinkTarget[] = [];
  if (self) targets.push({ href: links[self], rel: "self", type: feedMediaTypes[self] });
  if (homeUrl) targets.push({ href: homeUrl, rel: "alternate", type: "text/html" });
  for (const format of feedFormats) {
    if (format !== self)
      targets.push({ href: links[format], rel: "alternate", type: feedMediaTypes[format] });
  }
  return targets;
}

/**
 * A built document with its validators and caching headers, or 304 when the request's conditions
 * say the client has it. HEAD gets the same headers, the same Content-Length included, and no body.
 */
export function sendDocument(
  c: Context,
  document: RenderedDocument,
  options: { cacheControl: string; vary?: string },
): Response {
  const headers = new Headers({
    "Content-Type": document.contentType,
    "Content-Length": String(document.body.byteLength),
    ETag: document.etag,
    "Cache-Control": options.cacheControl,
    // Cloudflare compresses text bodies per Accept-Encoding.
    Vary: options.vary ?? "Accept-Encoding",
  });
  if (document.lastModified) headers.set("Last-Modified", document.lastModified);
  if (document.link) headers.set("Link", document.link);
  if (isNotModified(c.req, document)) return notModified(headers);
  return new Response(c.req.method === "HEAD" ? null : document.body, { status: 200, headers });
}
