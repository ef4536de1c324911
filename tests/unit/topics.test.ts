/**
 * The WebSub topics of an article (src/feeds/topics.ts): the subscribable feeds it appears in, in
 * every format of the table, each exactly the self URL its feed declares, so that a hub told about
 * a topic reaches the subscribers who found the feed at that URL.
 */
import { describe, expect, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import { buildContent } from "../../src/content/load-content";
import type { FeedFormat } from "../../src/feeds/feed-model";
import { standardFormats } from "../../src/feeds/formats";
import { articleTopics, topicsOf } from "../../src/feeds/topics";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";
import { FIXED_NOW, markdownArticle, ORIGIN } from "./helpers/feeds";

const names = { section: "Middle East", tags: ["Café", "ガス", "cafe", "+++"], authors: ["José Díaz"] };

describe("articleTopics", () => {
  it("is the site's feeds and each family's, once per family, in every format", () => {
    expect(articleTopics(ORIGIN, standardFormats, names, siteSettings.defaultAuthor)).toEqual([
      `${ORIGIN}/feed.xml`,
      `${ORIGIN}/atom.xml`,
      `${ORIGIN}/feed.json`,
      `${ORIGIN}/sections/middle-east/feed.xml`,
      `${ORIGIN}/sections/middle-east/atom.xml`,
      `${ORIGIN}/sections/middle-east/feed.json`,
      `${ORIGIN}/tags/cafe/feed.xml`,
      `${ORIGIN}/tags/cafe/atom.xml`,
      `${ORIGIN}/tags/cafe/feed.json`,
      `${ORIGIN}/tags/%E3%82%AC%E3%82%B9/feed.xml`,
      `${ORIGIN}/tags/%E3%82%AC%E3%82%B9/atom.xml`,
      `${ORIGIN}/tags/%E3%82%AC%E3%82%B9/feed.json`,
      `${ORIGIN}/authors/jose-diaz/feed.xml`,
      `${ORIGIN}/authors/jose-diaz/atom.xml`,
      `${ORIGIN}/authors/jose-diaz/feed.json`,
    ]);
  });

  it("credits the default author when the article names none, and follows the format table", () => {
    const text = { id: "text", fileName: "feed.txt" } as FeedFormat;
    expect(
      articleTopics(ORIGIN, [text], { section: "World", tags: [], authors: [] }, siteSettings.defaultAuthor),
    ).toEqual([
      `${ORIGIN}/feed.txt`,
      `${ORIGIN}/sections/world/feed.txt`,
      `${ORIGIN}/authors/meridian-dispatch-staff/feed.txt`,
    ]);
  });
});

describe("topicsOf", () => {
  it("lists each feed once, sorted by code unit, whatever the order of the articles", () => {
    const a = { section: "World", tags: ["Iran"], authors: ["Ann Lee"] };
    const b = { section: "World", tags: ["Oil"], authors: ["Ann Lee"] };
    const forward = topicsOf(ORIGIN, standardFormats, [a, b], siteSettings.defaultAuthor);
    expect(topicsOf(ORIGIN, standardFormats, [b, a], siteSettings.defaultAuthor)).toEqual(forward);
    expect(new Set(forward).size).toBe(forward.length);
    expect(forward).toEqual([...forward].sort((x, y) => (x < y ? -1 : 1)));
    expect(forward).toHaveLength(3 * 5);
  });

  it("gives exactly the self URL each feed declares", async () => {
    const content = buildContent({
      "story.md": markdownArticle(
        {
          id: "tag:news.example.com,2025:story",
          title: "Story",
          published: "2025-01-01T08:00:00Z",
          section: names.section,
          tags: names.tags.filter((tag) => tag !== "+++"),
          authors: names.authors,
        },
        "Body.",
      ),
    });
    const app = createApp({ storeFor: () => createMemoryStore(content), now: () => FIXED_NOW });
    const topics = topicsOf(ORIGIN, standardFormats, content.articles, siteSettings.defaultAuthor);
    expect(topics).toHaveLength(3 * 5);
    for (const topic of topics) {
      const response = await app.request(topic, {}, { SITE_ORIGIN: ORIGIN });
      await response.arrayBuffer();
      expect(response.status, topic).toBe(200);
      const self = (response.headers.get("link") ?? "").split(", ")[0] ?? "";
      expect(self.slice(0, self.indexOf(";")), topic).toBe(`<${topic}>`);
      expect(self, topic).toContain('; rel="self";');
    }
  });
});
