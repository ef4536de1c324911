import type { ArticleMeta, RetractedArticle } from "../content/schema";
import type { FamilyDefinition } from "../feeds/feed-catalog";
import { slugify } from "../lib/slug";
import type { ArticleLookup } from "../store/content-store";
import { articlePath, kindOfFolder, withFamilySlug } from "../urls/url-map";
import type { Catalog } from "./catalog";

/**
 * What an address names at one moment, as data: the thing itself, a permanent move to the canonical
 * path, something that was taken down (with the retracted article, whose notice readers are shown,
 * when it is one), or nothing (with the reason a reader is told). http/ turns these into responses.
 */
export type Resolution<T> =
  | { kind: "found"; value: T }
  | { kind: "moved"; path: string }
  | { kind: "gone"; reason: string; retracted?: RetractedArticle }
  | { kind: "missing"; reason: string };

const found = <T>(value: T): Resolution<T> => ({ kind: "found", value });
const moved = (path: string): Resolution<never> => ({ kind: "moved", path });
const missing = (reason: string): Resolution<never> => ({ kind: "missing", reason });

/**
 * The feed family in `folder`/`slug` ("tags", "iran"), or a move to its canonical slug when the
 * slug was typed another way ("Iran" leads to /tags/iran/…, keeping the rest of `path`).
 */
export async function resolveFamily(
  catalog: Catalog,
  folder: string,
  slug: string,
  path: string,
): Promise<Resolution<FamilyDefinition>> {
  const kind = kindOfFolder(folder);
  if (!kind) return missing("No such feed.");
  const family = await catalog.family(kind, slug);
  // Every article it had was retracted: its feeds and page are gone, not unknown.
  if (family && family.count === 0) {
    return { kind: "gone", reason: `Every article of this ${kind} has been retracted or removed.` };
  }
  if (family) return found(family);
  const canonical = slugify(slug);
  if (canonical !== slug && (await catalog.family(kind, canonical))) {
    return moved(withFamilySlug(path, canonical));
  }
  return missing(`No ${kind} “${slug}” on this site.`);
}

/** An article taken down: its retraction when the store kept it (every one since migration 0007). */
function gone(lookup: Extract<ArticleLookup, { kind: "removed" }>): Resolution<never> {
  return {
    kind: "gone",
    reason: "This article has been removed.",
    ...(lookup.retracted ? { retracted: lookup.retracted } : {}),
  };
}

/** The article at /articles/<slug>, a move from one of its former slugs, or one taken down. */
export async function resolveArticle(catalog: Catalog, slug: string): Promise<Resolution<ArticleMeta>> {
  const lookup = await catalog.article(slug);
  switch (lookup.kind) {
    case "article":
      return found(lookup.article);
    case "renamed":
      return moved(articlePath(lookup.slug));
    case "removed":
      return gone(lookup);
    case "none":
      return missing("No article at this address.");
  }
}

/** A short URL's article page (codes are case-insensitive), or the article it named taken down. */
export async function resolveShortCode(catalog: Catalog, code: string): Promise<Resolution<never>> {
  const lookup = await catalog.byShortCode(code.toLowerCase());
  switch (lookup.kind) {
    case "article":
      return moved(articlePath(lookup.article.slug));
    case "removed":
      return gone(lookup);
    default:
      return missing("No article has this short URL.");
  }
}
