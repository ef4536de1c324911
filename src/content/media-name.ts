import { mediaFolder } from "../urls/url-map";
import { imageUrl } from "./render-markdown";
import { SITE_ORIGIN_MARKER } from "./site-urls";

/**
 * The file of content/media/ that an image url names ("/media/2024/lead.jpg" → "2024/lead.jpg"),
 * or undefined when it names none: another site path, a query or fragment, an empty segment.
 * Percent-escapes are decoded, so "/media/caf%C3%A9.jpg" and "/media/café.jpg" name one file.
 */
export function mediaName(text: string): string | undefined {
  const resolved = imageUrl(text);
  const prefix = SITE_ORIGIN_MARKER + mediaFolder;
  if (resolved === undefined || !resolved.startsWith(prefix)) return undefined;
  const path = resolved.slice(prefix.length);
  if (/[?#]/.test(path)) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  // The URL parser already removed "." and ".." segments; an escaped slash could bring one back.
  const badSegment = (segment: string) =>
    segment === "" || segment === "." || segment === ".." || /[\\\p{Cc}]/u.test(segment);
  return name.split("/").some(badSegment) ? undefined : name;
}
