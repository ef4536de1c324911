/**
 * Small corpora with exact shapes, for tests that need boundaries the seed content never reaches:
 * an exact number of articles in one section, tag and author; scheduled articles at known times.
 * Each corpus goes through the real build step (buildContent).
 */

import type { BuiltContent } from "../../../src/content/built-content";
import { buildContent } from "../../../src/content/load-content";
import type { createApp } from "../../../src/http/app";
import { markdownArticle, ORIGIN } from "./feeds";

export const env = { SITE_ORIGIN: ORIGIN };
export const navigation = { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" };

export interface CorpusArticle {
  slug: string;
  title: string;
  published: string;
}

/** `count` articles an hour apart from `start`, all in section Desk, tag Boundary, author Ann Lee. */
export function evenCorpus(count: number, start = "2025-01-01T00:00:00Z"): CorpusArticle[] {
  const startMs = Date.parse(start);
  return Array.from({ length: count }, (_, index) => ({
    slug: `story-${String(index + 1).padStart(4, "0")}`,
    title: `Story number ${index + 1}`,
    published: new Date(startMs + index * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  }));
}

export function buildCorpus(
  articles: readonly CorpusArticle[],
  extra: Record<string, Record<string, string | string[]>> = {},
): BuiltContent {
  const files: Record<string, string> = {};
  for (const article of articles) {
    files[`${article.slug}.md`] = markdownArticle(
      {
        id: `tag:news.example.com,2025:${article.slug}`,
        title: article.title,
        published: article.published,
        section: "Desk",
        tags: ["Boundary"],
        authors: ["Ann Lee"],
        ...extra[article.slug],
      },
      `The body of ${article.title.toLowerCase()}.`,
    );
  }
  return buildContent(files);
}

export type App = ReturnType<typeof createApp>;

export async function fetchText(
  app: App,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await app.request(path, { headers }, env);
  return { status: response.status, text: await response.text(), headers: response.headers };
}
