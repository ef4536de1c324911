/**
 * Boundaries the seed content and the 307-article corpus never reach: feeds of exactly k pages of
 * archive (and one article either side), archive documents' Atom ids and their browser view, and
 * names on one article that differ only in case or accents.
 */
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import { archivePageSize } from "../../src/feeds/archive-plan";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";
import { type App, buildCorpus, evenCorpus, fetchText, navigation } from "./helpers/corpus";
import { ORIGIN } from "./helpers/feeds";

const pageSize = archivePageSize(siteSettings.itemsPerFeed);
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (name) => ["item", "entry", "link", "atom:link"].includes(name),
});

type Format = "rss" | "atom" | "json";
const fileOf: Record<Format, string> = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" };

interface Document {
  ids: string[];
  prev: string | undefined;
  atomId: string | undefined;
  complete: boolean;
  archive: boolean;
}

function read(format: Format, text: string): Document {
  if (format === "json") {
    const json = JSON.parse(text) as {
      items: { id: string }[];
      next_url?: string;
      _news: { history: string };
    };
    return {
      ids: json.items.map((item) => item.id),
      prev: json.next_url,
      atomId: undefined,
      complete: json._news.history === "complete",
      archive: json._news.history === "archive",
    };
  }
  const parsed = xml.parse(text);
  if (format === "rss") {
    const channel = parsed.rss.channel;
    const links = (channel["atom:link"] ?? []) as { "@rel": string; "@href": string }[];
    return {
      ids: (channel.item ?? []).map((item: { guid: { "#text": string } }) => item.guid["#text"]),
      prev: links.find((link) => link["@rel"] === "prev-archive")?.["@href"],
      atomId: undefined,
      complete: "fh:complete" in channel,
      archive: "fh:archive" in channel,
    };
  }
  const feed = parsed.feed;
  const links = (feed.link ?? []) as { "@rel": string; "@href": string }[];
  return {
    ids: (feed.entry ?? []).map((entry: { id: string }) => entry.id),
    prev: links.find((link) => link["@rel"] === "prev-archive")?.["@href"],
    atomId: feed.id,
    complete: "fh:complete" in feed,
    archive: "fh:archive" in feed,
  };
}

/** Follows prev-archive from the subscription document to the oldest page; every id on the way. */
async function walk(
  app: App,
  folder: string,
  format: Format,
): Promise<{ ids: string[]; documents: Document[] }> {
  const documents: Document[] = [];
  let path: string | undefined = `${folder}/${fileOf[format]}`;
  while (path !== undefined) {
    const { status, text } = await fetchText(app, path);
    expect(status, path).toBe(200);
    const document = read(format, text);
    documents.push(document);
    path = document.prev === undefined ? undefined : new URL(document.prev).pathname;
    expect(documents.length).toBeLessThan(100);
  }
  return { ids: documents.flatMap((document) => document.ids), documents };
}

const totals = [1, 2, 3, 4].flatMap((k) => [k * pageSize - 1, k * pageSize, k * pageSize + 1]);
const corpus = evenCorpus(Math.max(...totals));
const full = buildCorpus(corpus);

/** The oldest `n` articles of the corpus, as if only they had been published. */
function firstArticles(n: number): BuiltContent {
  return { version: `${full.version}-${n}`, articles: full.articles.slice(full.articles.length - n) };
}

describe.each(totals)("a feed of %i articles (archive pages of %s)", (total) => {
  const content = firstArticles(total);
  const app = createApp({ storeFor: () => createMemoryStore(content) });
  const newestFirst = content.articles.map((article) => article.id);
  const fullPages = Math.floor(total / pageSize);

  it.each(["", "/sections/desk", "/tags/boundary", "/authors/ann-lee"])(
    "walking %s/ back reaches every article exactly once, in order, in all three formats",
    async (folder) => {
      for (const format of ["rss", "atom", "json"] as const) {
        const { ids, documents } = await walk(app, folder, format);
        expect(ids, format).toEqual(newestFirst);
        const [subscription, ...archives] = documents;
        // One document while it fits; otherwise the newest full page and the rest, then full pages.
        expect(subscription?.complete, format).toBe(fullPages <= 1);
        expect(subscription?.ids.length).toBe(fullPages <= 1 ? total : total - (fullPages - 1) * pageSize);
        expect(subscription?.ids.length).toBeLessThanOrEqual(siteSettings.itemsPerFeed);
        expect(archives).toHaveLength(Math.max(0, fullPages - 1));
        for (const archive of archives) {
          expect(archive.ids).toHaveLength(pageSize);
          expect(archive.archive).toBe(true);
        }
      }
    },
  );

  it("archive page n answers exactly when n full pages exist", async () => {
    for (let page = 0; page <= fullPages + 1; page++) {
      for (const format of ["rss", "atom", "json"] as const) {
        const { status } = await fetchText(app, `/archive/${page}/${fileOf[format]}`);
        expect(status, `page ${page} ${format}`).toBe(page >= 1 && page <= fullPages ? 200 : 404);
      }
    }
  });

  it("every archive document has its feed's Atom id, and a browser view of exactly its articles", async () => {
    const subscription = read("atom", (await fetchText(app, "/tags/boundary/atom.xml")).text);
    expect(subscription.atomId).toBe(`${ORIGIN}/tags/boundary/atom.xml`);
    for (let page = 1; page <= fullPages; page++) {
      const archive = read("atom", (await fetchText(app, `/tags/boundary/archive/${page}/atom.xml`)).text);
      expect(archive.atomId, `page ${page}`).toBe(subscription.atomId);
      const view = await fetchText(app, `/tags/boundary/archive/${page}/feed.json`, navigation);
      expect(view.status).toBe(200);
      expect(view.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(view.headers.get("cache-control")).toBe("private, max-age=0, must-revalidate");
      const onPage = new Set(content.articles.slice(total - page * pageSize, total - (page - 1) * pageSize));
      for (const article of content.articles) {
        expect(view.text.includes(`>${article.title}<`), `page ${page}: ${article.title}`).toBe(
          onPage.has(article),
        );
      }
      // The view says which page it is and leads to the subscription feed.
      expect(view.text).toContain(`${ORIGIN}/tags/boundary/feed.json`);
    }
  });
});

describe("names on one article that differ only in case or accents", () => {
  const content = buildCorpus(evenCorpus(3), {
    "story-0002": {
      section: "Desk",
      tags: ["Iran", "iran", "IRAN", "Café", "Cafe", "café"],
      authors: ["José Díaz", "Jose Diaz", "JOSÉ DÍAZ"],
    },
  });
  const app = createApp({ storeFor: () => createMemoryStore(content) });
  const story = content.articles.find((article) => article.slug === "story-0002");

  it.each(["/tags/iran", "/tags/cafe", "/authors/jose-diaz"])(
    "%s/ lists the article once, in every format and on its page",
    async (folder) => {
      for (const format of ["rss", "atom", "json"] as const) {
        const { ids } = await walk(app, folder, format);
        expect(ids, format).toEqual([story?.id]);
      }
      const page = await fetchText(app, `${folder}/`);
      expect(page.text.split(`>${story?.title}<`).length - 1).toBe(1);
    },
  );

  it("each name is one family in OPML and on /feeds", async () => {
    const opml = (await fetchText(app, "/feeds.opml")).text;
    for (const folder of ["/tags/iran/", "/tags/cafe/", "/authors/jose-diaz/"]) {
      // Three formats, each with its htmlUrl: one family is three outlines.
      expect(opml.split(`htmlUrl="${ORIGIN}${folder}"`).length - 1, folder).toBe(3);
    }
    const feeds = (await fetchText(app, "/feeds")).text;
    for (const folder of ["/tags/iran/", "/tags/cafe/", "/authors/jose-diaz/"]) {
      expect(feeds.split(`href="${folder}"`).length - 1, folder).toBe(1);
      expect(feeds.split(`href="${folder}atom.xml"`).length - 1, folder).toBe(1);
    }
  });
});
