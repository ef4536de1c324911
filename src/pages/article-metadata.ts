import type { SiteConfig } from "../config/site";
import type { ArticleImage, ArticleMeta } from "../content/schema";
import { openGraphLocale } from "../lib/language";
import { articlePath, familyPathOfName, iconPath, iconSizes, sitePaths } from "../urls/url-map";

/**
 * What an article page tells search engines and link previews about the article, as data: a
 * schema.org NewsArticle (rendered as JSON-LD) and Open Graph properties. article-head.tsx writes
 * them into the page's head. Every URL is absolute, on the configured origin (the lead image may be
 * on another https: host).
 */

/** Everything the page says about one article, resolved once for both vocabularies. */
export interface ArticleFacts {
  url: string;
  title: string;
  summary: string;
  /** Canonical BCP 47 tag. */
  language: string;
  published: string;
  updated: string;
  section: string;
  tags: readonly string[];
  /** Names, each with the absolute URL of its author page when the name has one. */
  authors: readonly { name: string; url: string | undefined }[];
  /** The lead image, when it has a URL (absolute); a caption alone is no image. */
  image: (ArticleImage & { url: string }) | undefined;
  /** Dated corrections, oldest first. */
  corrections: readonly { date: string; text: string }[];
}

/** The facts of `article` as its page at `site.origin` presents them. */
export function articleFacts(site: SiteConfig, article: ArticleMeta): ArticleFacts {
  const names = article.authors.length > 0 ? article.authors : [site.defaultAuthor];
  const image: ArticleImage | undefined = article.image;
  const authorPage = (name: string) => {
    const path = familyPathOfName("author", name);
    return path === undefined ? undefined : site.origin + path;
  };
  return {
    url: site.origin + articlePath(article.slug),
    title: article.title,
    summary: article.summary,
    language: article.lang ?? site.language,
    published: article.published,
    updated: article.updated,
    section: article.section,
    tags: article.tags,
    authors: names.map((name) => ({ name, url: authorPage(name) })),
    image: image?.url === undefined ? undefined : { ...image, url: image.url },
    corrections: article.corrections ?? [],
  };
}

/** A pixel size, when both sides are known: half a size describes nothing. */
function sizeOf(image: ArticleImage): { width: number; height: number } | undefined {
  return image.width !== undefined && image.height !== undefined
    ? { width: image.width, height: image.height }
    : undefined;
}

/**
 * The schema.org NewsArticle that Google's article rich results read: headline, image, dates,
 * authors (Person, with their page here), publisher (Organization, with the site icon as logo),
 * the page it is the main entity of, section, keywords and language.
 */
export function newsArticleData(site: SiteConfig, facts: ArticleFacts): Record<string, unknown> {
  const image = facts.image;
  const logoSize = iconSizes.large;
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    mainEntityOfPage: { "@type": "WebPage", "@id": facts.url },
    url: facts.url,
    headline: facts.title,
    description: facts.summary,
    ...(image
      ? {
          image: [
            {
              "@type": "ImageObject",
              url: image.url,
              ...sizeOf(image),
              ...(image.caption !== undefined ? { caption: image.caption } : {}),
              ...(image.credit !== undefined ? { creditText: image.credit } : {}),
            },
          ],
        }
      : {}),
    datePublished: facts.published,
    dateModified: facts.updated,
    author: facts.authors.map((author) => ({
      "@type": "Person",
      name: author.name,
      ...(author.url !== undefined ? { url: author.url } : {}),
    })),
    publisher: {
      "@type": "Organization",
      name: site.publisher,
      url: site.origin + sitePaths.home,
      logo: {
        "@type": "ImageObject",
        url: site.origin + iconPath(logoSize),
        width: logoSize,
        height: logoSize,
      },
    },
    articleSection: facts.section,
    ...(facts.tags.length > 0 ? { keywords: [...facts.tags] } : {}),
    inLanguage: facts.language,
    // Google reads corrections as schema.org CorrectionComment items.
    ...(facts.corrections.length > 0
      ? {
          correction: facts.corrections.map(({ date, text }) => ({
            "@type": "CorrectionComment",
            text,
            datePublished: date,
          })),
        }
      : {}),
  };
}

/**
 * Open Graph properties (ogp.me, with its article type) in order, as [property, content] pairs:
 * one `article:tag` per tag and one `article:author` per author (their page here, as the
 * vocabulary asks for a profile URL). The image's size and text alternative come after its URL,
 * where the protocol reads them as that image's.
 */
export function openGraphProperties(site: SiteConfig, facts: ArticleFacts): [string, string][] {
  const properties: [string, string][] = [
    ["og:type", "article"],
    ["og:title", facts.title],
    ["og:description", facts.summary],
    ["og:url", facts.url],
    ["og:site_name", site.title],
    ["og:locale", openGraphLocale(facts.language)],
  ];
  const image = facts.image;
  if (image) {
    properties.push(["og:image", image.url]);
    const size = sizeOf(image);
    if (size) {
      properties.push(["og:image:width", String(size.width)], ["og:image:height", String(size.height)]);
    }
    if (image.alt !== undefined) properties.push(["og:image:alt", image.alt]);
  }
  properties.push(
    ["article:published_time", facts.published],
    ["article:modified_time", facts.updated],
    ["article:section", facts.section],
    ...facts.tags.map((tag): [string, string] => ["article:tag", tag]),
    ...facts.authors.flatMap((author): [string, string][] =>
      author.url === undefined ? [] : [["article:author", author.url]],
    ),
  );
  return properties;
}

/** The card an X (Twitter) link preview shows: a large image when there is one. */
export function twitterCard(facts: ArticleFacts): "summary_large_image" | "summary" {
  return facts.image ? "summary_large_image" : "summary";
}
