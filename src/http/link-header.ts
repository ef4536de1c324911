import type { FeedFormat, FeedLinks } from "../feeds/feed-model";

interface LinkTarget {
  href: string;
  rel: string;
  type?: string;
}

/**
 * RFC 8288 Link header value for a document with these feed links: its own format as `self` (none
 * for an HTML page), the WebSub hubs it names as `hub` (WebSub's discovery by HTTP header, which
 * works for any format), the HTML page it mirrors, then every other format as `alternate`.
 */
export function feedLinkHeader(
  links: FeedLinks,
  self: FeedFormat | undefined,
  homeUrl?: string,
  hubs: readonly string[] = [],
): string {
  const targets: LinkTarget[] = [];
  const own = self && links.find((link) => link.format.id === self.id);
  if (own) targets.push({ href: own.href, rel: "self", type: own.format.mediaType });
  for (const hub of hubs) targets.push({ href: hub, rel: "hub" });
  if (homeUrl) targets.push({ href: homeUrl, rel: "alternate", type: "text/html" });
  for (const link of links) {
    if (link !== own) targets.push({ href: link.href, rel: "alternate", type: link.format.mediaType });
  }
  return targets
    .map((target) => `<${target.href}>; rel="${target.rel}"${target.type ? `; type="${target.type}"` : ""}`)
    .join(", ");
}
