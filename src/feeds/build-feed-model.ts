import type { SiteConfig } from "../config/site";
import { newestUpdate } from "../content/built-content";
import type { ArticleImage, ArticleMeta, RetractedArticle } from "../content/schema";
import { resolveSiteUrls } from "../content/site-urls";
import { stripUnwantedXmlChars } from "../content/xml-text";
import {
  articlePath,
  familyFolderPath,
  iconPath,
  iconSizes,
  logoSize,
  shortPath,
  sitePaths,
} from "../urls/url-map";
import { composeContentHtml } from "./compose-content";
import type { FeedItem, FeedLinks, FeedModel, FeedPaging, FeedTombstone } from "./feed-model";

/** What a feed document is, apart from its articles. */
export interface FeedSpec {
  /** Atom id of the feed, shared by all its documents. */
  id: string;
  /** This document's absolute URL in every format. */
  links: FeedLinks;
  /** WebSub hubs the document names. */
  hubs: readonly string[];
  title: string;
  description: string;
  homePath: string;
  paging: FeedPaging;
  /**
   * Retracted articles whose places the document holds: not shown, but their retraction changed
   * the document, so their dates count for its `updated` (and its Last-Modified).
   */
  retracted?: readonly RetractedArticle[];
  /** Retracted articles whose tombstones the document carries. */
  tombstones?: readonly RetractedArticle[];
}

function absolute(config: SiteConfig, path: string): string {
  return config.origin + path;
}

/**
 * The model promises text free of characters XML forbids, whatever the store holds: the build strips
 * them from the Markdown source, but YAML escapes ("\u0001" in a double-quoted title) and HTML
 * character references in raw HTML ("&#2;", decoded by the sanitiser) put them back afterwards, and a
 * store other than the bundled one may not run the build at all. One of them makes a whole XML feed
 * unreadable, so every text is cleaned here, after the site-origin marker (itself U+0001) is resolved.
 */
const clean = stripUnwantedXmlChars;

/** A count the store holds, when it is one: a whole number of at least 1. */
function count(value: number | undefined): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

function cleanImage(image: ArticleImage, origin: string): ArticleImage {
  const width = count(image.width);
  const height = count(image.height);
  const bytes = count(image.bytes);
  return {
    ...(image.url !== undefined ? { url: clean(resolveSiteUrls(image.url, origin)) } : {}),
    ...(image.alt !== undefined ? { alt: clean(image.alt) } : {}),
    ...(image.caption !== undefined ? { caption: clean(image.caption) } : {}),
    ...(image.credit !== undefined ? { credit: clean(image.credit) } : {}),
    // Sizes go together: one without the other describes no image.
    ...(width !== undefined && height !== undefined ? { width, height } : {}),
    ...(image.type !== undefined ? { type: clean(image.type) } : {}),
    ...(bytes !== undefined ? { bytes } : {}),
  };
}

function toFeedItem(config: SiteConfig, article: ArticleMeta, bodyHtml: string): FeedItem {
  const image = article.image ? cleanImage(article.image, config.origin) : undefined;
  const authors = article.authors.map(clean).filter((name) => name !== "");
  const item: FeedItem = {
    id: clean(article.id),
    url: absolute(config, articlePath(article.slug)),
    title: clean(article.title),
    summary: clean(article.summary),
    language: article.lang ?? config.language,
    contentHtml: "",
    published: article.published,
    updated: article.updated,
    authors: authors.length > 0 ? authors : [clean(config.defaultAuthor)],
    section: { name: clean(article.section), scheme: absolute(config, familyFolderPath("section")) },
    tags: article.tags.map((name) => ({
      name: clean(name),
      scheme: absolute(config, familyFolderPath("tag")),
    })),
    highlights: article.highlights.map(clean),
    shortUrl: absolute(config, shortPath(article.shortCode)),
    ...(article.dateline ? { dateline: clean(article.dateline) } : {}),
    ...(image ? { image } : {}),
    corrections: (article.corrections ?? []).map(({ date, text }) => ({ date, text: clean(text) })),
  };
  item.contentHtml = composeContentHtml(item, clean(resolveSiteUrls(bodyHtml, config.origin)));
  return item;
}

/**
 * A feed document's model from its articles, newest first. `bodies` holds each article's stored
 * HTML by slug. Dates come from the content only, never from the clock, so the same content always
 * gives the same bytes.
 */
export function buildFeedModel(
  config: SiteConfig,
  spec: FeedSpec,
  articles: readonly ArticleMeta[],
  bodies: ReadonlyMap<string, string>,
): FeedModel {
  const items = articles.map((article) => {
    const body = bodies.get(article.slug);
    if (body === undefined) throw new Error(`buildFeedModel: no body for article "${article.slug}"`);
    return toFeedItem(config, article, body);
  });
  const tombstones = (spec.tombstones ?? []).map(
    ({ id, retraction }): FeedTombstone => ({
      ref: clean(id),
      when: retraction.date,
      ...(retraction.reason === undefined ? {} : { comment: clean(retraction.reason) }),
    }),
  );
  const updated = newestUpdate([
    ...items,
    ...(spec.retracted ?? []).map((record) => ({ updated: record.retraction.date })),
    ...tombstones.map((tombstone) => ({ updated: tombstone.when })),
  ]);
  return {
    id: spec.id,
    title: clean(spec.title),
    description: clean(spec.description),
    language: config.language,
    homeUrl: absolute(config, spec.homePath),
    links: spec.links,
    hubs: spec.hubs,
    updated,
    fallbackUpdated: "2000-01-01T00:00:00Z",
    publisher: clean(config.publisher),
    copyright: clean(config.copyright),
    icons: {
      small: {
        url: absolute(config, iconPath(iconSizes.small)),
        width: iconSizes.small,
        height: iconSizes.small,
      },
      large: {
        url: absolute(config, iconPath(iconSizes.large)),
        width: iconSizes.large,
        height: iconSizes.large,
      },
      favicon: {
        url: absolute(config, iconPath(iconSizes.favicon)),
        width: iconSizes.favicon,
        height: iconSizes.favicon,
      },
      logo: { url: absolute(config, sitePaths.logo), ...logoSize },
    },
    extensionDocs: absolute(config, sitePaths.extensionDocs),
    ttlMinutes: Math.max(1, Math.round(config.maxAgeSeconds / 60)),
    items,
    tombstones,
    paging: spec.paging,
  };
}
