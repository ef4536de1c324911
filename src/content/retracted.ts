import type { RetractedArticle, Retraction } from "./schema";

/**
 * The retracted article's record, from the article (whole or its metadata) and its retraction: what
 * is kept of it, and nothing of its text. A module of its own, without the build's dependencies,
 * since the publisher also runs in workerd.
 */
export function retractedOf(
  article: Pick<RetractedArticle, Exclude<keyof RetractedArticle, "retraction">>,
  retraction: Retraction,
): RetractedArticle {
  const { id, slug, title, published, section, tags, authors, formerSlugs, shortCode } = article;
  return { id, slug, title, published, section, tags, authors, formerSlugs, shortCode, retraction };
}
