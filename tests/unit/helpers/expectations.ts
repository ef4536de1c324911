/**
 * What every feed item must say about an article, computed from the built content (the source of
 * truth) rather than from our own feed output.
 */
import { expect } from "vitest";
import type { BuiltContent } from "../../../src/content/built-content";
import type { ArticleImage } from "../../../src/content/schema";
import { datelineIn, figcaptionIn, highlightsIn, ORIGIN, siteConfig } from "./feeds";

export interface ExpectedItem {
  id: string;
  slug: string;
  url: string;
  title: string;
  summary: string;
  published: string;
  updated: string;
  authors: string[];
  section: string;
  tags: string[];
  highlights: string[];
  dateline: string | undefined;
  image: ArticleImage | undefined;
  /** Sentences of the body, as text, that the content HTML must contain. */
  bodyHtml: string;
}

export function expectedItems(content: BuiltContent): ExpectedItem[] {
  const config = siteConfig();
  return content.articles.slice(0, config.itemsPerFeed).map((article) => ({
    id: article.id,
    slug: article.slug,
    url: `${ORIGIN}/articles/${article.slug}`,
    title: article.title,
    summary: article.summary,
    published: article.published,
    updated: article.updated,
    authors: article.authors.length > 0 ? article.authors : [config.defaultAuthor],
    section: article.section,
    tags: article.tags,
    highlights: article.highlights,
    dateline: article.dateline,
    image: article.image
      ? {
          ...article.image,
          ...(article.image.url ? { url: article.image.url.replace("\u0001", ORIGIN) } : {}),
        }
      : undefined,
    bodyHtml: article.html.replaceAll("\u0001", ORIGIN),
  }));
}

/** The feed-level update time is the production rule's; tests compare the feeds with it. */
export { newestUpdate } from "../../../src/content/built-content";

/** Paragraph texts of the stored body, for checking that the whole article reached the feed. */
export function paragraphTexts(bodyHtml: string): string[] {
  return [...bodyHtml.matchAll(/<(p|h[2-6]|li)>([\s\S]*?)<\/\1>/g)]
    .map((match) => match[2] ?? "")
    .filter((text) => text.trim() !== "");
}

/** The seed articles' news fields, written out by hand so that a silently dropped field fails. */
export const seedNewsFields = {
  "iran-president-calls-for-expanded-ties-with-russia": {
    id: "urn:uuid:f3e16125-281e-4e48-8efd-d9f54fc2a199",
    dateline: "MOSCOW",
    section: "World",
    tags: ["Iran", "Russia", "Middle East", "Diplomacy"],
    highlightCount: 2,
    caption:
      "Iran's President Masoud Pezeshkian meets with Russian Security Council's Secretary Sergei Shoigu in Tehran, Iran August 5, 2024.",
    credit: "Reuters",
  },
  "settlers-stormed-al-aqsa-mosque-in-january": {
    id: "urn:uuid:5c5d1441-25c1-46e1-9144-ffad54f4a397",
    dateline: "LONDON",
    section: "Middle East",
    tags: ["Jerusalem", "Al-Aqsa Mosque", "Israel", "Palestinian Authority"],
    highlightCount: 2,
    caption: undefined,
    credit: undefined,
  },
} as const;

/**
 * A feed item's full HTML carries the whole article with its news fields (bullets, dateline, image
 * caption and credit), and every link and image in it is absolute.
 */
export function expectFullContent(html: string, expected: ExpectedItem): void {
  for (const paragraph of paragraphTexts(expected.bodyHtml)) expect(html).toContain(paragraph);
  expect(highlightsIn(html)).toEqual(expected.highlights);
  expect(datelineIn(html)).toBe(expected.dateline);
  const figure = figcaptionIn(html);
  if (expected.image?.caption || expected.image?.credit) {
    expect(figure?.caption).toBe(expected.image.caption ?? "");
    expect(figure?.credit).toBe(expected.image.credit);
  } else {
    expect(figure).toBeUndefined();
  }
  expect(html).not.toMatch(/(?:href|src)="(?!https?:|mailto:)/);
}
