import type { ArticleMeta } from "../content/schema";
import { filedUnder } from "../store/content-store";
import { familyBase, familyKinds, feedLinks } from "../urls/url-map";

/**
 * WebSub topics: the subscribable feeds (the subscription documents of the site and of every
 * section, tag and author, in every format; never archive pages, which do not change) as the
 * absolute URLs a subscriber uses, each a feed's rel="self". The one owner of "which feeds does an
 * article appear in", for the ping after a publish and the ping when a scheduled article comes due.
 */

/** What a feed format is to a topic: its file name in a feed's folder. */
interface NamedFile {
  fileName: string;
}

/** The site's own feeds, in every format. */
export function siteTopics(origin: string, formats: readonly NamedFile[]): string[] {
  return feedLinks(origin, "", formats).map((link) => link.href);
}

/**
 * Every feed `article` appears in: the site's, then each family's it is filed under (the rule the
 * stores file it by), in every format.
 */
export function articleTopics(
  origin: string,
  formats: readonly NamedFile[],
  article: Pick<ArticleMeta, "section" | "tags" | "authors">,
  defaultAuthor: string,
): string[] {
  const topics = siteTopics(origin, formats);
  for (const kind of familyKinds) {
    for (const { slug } of filedUnder(kind, article, defaultAuthor)) {
      const base = familyBase(kind, slug);
      if (base !== undefined) topics.push(...feedLinks(origin, base, formats).map((link) => link.href));
    }
  }
  return topics;
}

/**
 * The feeds any of `articles` appears in, each once, sorted by code unit: the same articles always
 * give the same list, whatever order they come in.
 */
export function topicsOf(
  origin: string,
  formats: readonly NamedFile[],
  articles: Iterable<Pick<ArticleMeta, "section" | "tags" | "authors">>,
  defaultAuthor: string,
): string[] {
  const topics = new Set<string>();
  for (const article of articles) {
    for (const topic of articleTopics(origin, formats, article, defaultAuthor)) topics.add(topic);
  }
  return [...topics].sort(byCodeUnit);
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
