/**
 * Stands for the canonical origin inside stored HTML. The build does not know the origin (it differs
 * per environment and the same build may be deployed to several), so site-relative URLs are stored
 * as "\u0001/path" and the worker puts the origin in with resolveSiteUrls(). U+0001 can occur nowhere
 * else: stripUnwantedXmlChars removes it from every input before rendering.
 */
export const SITE_ORIGIN_MARKER = "\u0001";

export function resolveSiteUrls(html: string, origin: string): string {
  return html.includes(SITE_ORIGIN_MARKER) ? html.replaceAll(SITE_ORIGIN_MARKER, origin) : html;
}
