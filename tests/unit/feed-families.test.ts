import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/lib/synthetic-corpus";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import { buildContent } from "../../src/content/load-content";
import { archivePageSize, planArchive } from "../../src/feeds/archive-plan";
import { createApp } from "../../src/http/app";
import { slugify } from "../../src/lib/slug";
import { createMemoryStore } from "../../src/store/memory-store";

// A synthetic newsroom, generated in the test and built by the real pipeline.
const ORIGIN = "https://news.example.com";
const env = { SITE_ORIGIN: ORIGIN };
const NOW = Date.parse("2030-01-01T00:00:00Z");
const COUNT = 307;

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (name) => ["item", "entry", "link", "atom:link", "outline"].includes(name),
});

type App = ReturnType<typeof createApp>;

function appFor(content: BuiltContent): App {
  return createApp({ storeFor: () => createMemoryStore(content), now: () => NOW });
}

async function fetchText(app: App, url: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await app.request(new URL(url, ORIGIN).pathname, {}, env);
  return { status: response.status, text: await response.text(), headers: response.headers };
}

interface Page {
  ids: string[];
  prev: string | undefined;
}

function readPage(format: "rss" | "atom" | "json", text: string): Page {
  if (format === "json") {
    const json = JSON.parse(text) as { items: { id: string }[]; next_url?: string };
    return { ids: json.items.map((item) => item.id), prev: json.next_url };
  }
  const parsed = xml.parse(text);
  if (format === "rss") {
    const channel = parsed.rss.channel;
    const links = (channel["atom:link"] ?? []) as { "@rel": string; "@href": string }[];
    return {
      ids: (channel.item ?? []).map((item: { guid: { "#text": string } }) => item.guid["#text"]),
      prev: links.find((link) => link["@rel"] === "prev-archive")?.["@href"],
    };
  }
  const links = (parsed.feed.link ?? []) as { "@rel": string; "@href": string }[];
  return {
    ids: (parsed.feed.entry ?? []).map((entry: { id: string }) => entry.id),
    prev: links.find((link) => link["@rel"] === "prev-archive")?.["@href"],
  };
}

const files: Record<string, string> = {};
const fileOf = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" } as const;

/** Every id met walking prev-archive from the subscription document, in order of the walk. */
async function walk(app: App, base: string, format: "rss" | "atom" | "json"): Promise<string[]> {
  const ids: string[] = [];
  let url: string | undefined = `${ORIGIN}${base}/${fileOf[format]}`;
  for (let hops = 0; url && hops < 1000; hops++) {
    const { status, text } = await fetchText(app, url);
    expect(status, url).toBe(200);
    const page = readPage(format, text);
    ids.push(...page.ids);
    url = page.prev;
  }
  return ids;
}

let content: BuiltContent;
let app: App;

beforeAll(() => {
  Object.assign(files, generateCorpus({ count: COUNT, seed: 42 }));
  // One renamed article: its old slug must keep working.
  const [firstName, firstSource] = Object.entries(files)[0] ?? ["", ""];
  files[firstName] = firstSource.replace(/^---\n/, "---\nformer_slugs: [an-old-headline]\n");
  content = buildContent(files);
  app = appFor(content);
});

describe("RFC 5005 archives", () => {
  it.each(["rss", "atom", "json"] as const)(
    "walking prev-archive from the head reaches every article exactly once (%s)",
    async (format) => {
      const ids = await walk(app, "", format);
      expect(ids).toHaveLength(COUNT);
      expect(new Set(ids).size).toBe(COUNT);
      expect(new Set(ids)).toEqual(new Set(content.articles.map((article) => article.id)));
    },
  );

  it("the subscription document holds at most the configured number of items, newest first", async () => {
    const page = readPage("json", (await fetchText(app, "/feed.json")).text);
    expect(page.ids.length).toBeLessThanOrEqual(siteSettings.itemsPerFeed);
    expect(page.ids.length).toBeGreaterThanOrEqual(archivePageSize(siteSettings.itemsPerFeed));
    expect(page.ids).toEqual(content.articles.slice(0, page.ids.length).map((article) => article.id));
  });

  it("archive pages carry fh:archive, current and prev-archive, and long-lived caching", async () => {
    const { status, text, headers } = await fetchText(app, "/archive/2/atom.xml");
    expect(status).toBe(200);
    expect(text).toContain('xmlns:fh="http://purl.org/syndication/history/1.0"');
    expect(text).toContain("<fh:archive/>");
    expect(text).toContain(`<link rel="current" type="application/atom+xml" href="${ORIGIN}/atom.xml"/>`);
    expect(text).toContain(
      `<link rel="prev-archive" type="application/atom+xml" href="${ORIGIN}/archive/1/atom.xml"/>`,
    );
    expect(headers.get("cache-control")).toBe("public, max-age=604800, stale-while-revalidate=86400");
    const first = await fetchText(app, "/archive/1/feed.xml");
    expect(first.text).toContain("<fh:archive");
    expect(first.text).not.toContain("prev-archive");
  });

  it("pages that are not full, page 0 and padded numbers are 404", async () => {
    const pages = planArchive(COUNT, archivePageSize(siteSettings.itemsPerFeed)).fullPages;
    expect((await fetchText(app, `/archive/${pages}/feed.json`)).status).toBe(200);
    for (const path of [
      `/archive/${pages + 1}/feed.json`,
      "/archive/0/feed.xml",
      "/archive/01/feed.xml",
      "/archive/x/feed.xml",
    ]) {
      expect((await fetchText(app, path)).status, path).toBe(404);
    }
  });

  it("a feed that fits in one document says it is complete and links no archive", async () => {
    const small = appFor(buildContent(generateCorpus({ count: 5, seed: 3 })));
    const { text } = await fetchText(small, "/feed.xml");
    expect(text).toContain("<fh:complete");
    expect(text).not.toContain("prev-archive");
  });

  it.each([1, 3])(
    "full archive documents are byte-identical after %i new article(s) are published",
    async (added) => {
      const more = buildContent({ ...files, ...generateCorpus({ count: COUNT + added, seed: 42 }) });
      // generateCorpus is deterministic: the first COUNT files are the same, the rest are newer.
      expect(more.articles.length).toBe(COUNT + added);
      const later = appFor(more);
      const fullPages = planArchive(COUNT, archivePageSize(siteSettings.itemsPerFeed)).fullPages;
      for (let page = 1; page <= fullPages; page++) {
        for (const file of Object.values(fileOf)) {
          const before = await fetchText(app, `/archive/${page}/${file}`);
          const after = await fetchText(later, `/archive/${page}/${file}`);
          expect(after.text, `/archive/${page}/${file}`).toBe(before.text);
          expect(after.headers.get("etag")).toBe(before.headers.get("etag"));
        }
      }
    },
  );
});

function expectedFamilies(kind: "sections" | "tags" | "authors"): Map<string, Set<string>> {
  const families = new Map<string, Set<string>>();
  for (const article of content.articles) {
    const names =
      kind === "sections"
        ? [article.section]
        : kind === "tags"
          ? article.tags
          : article.authors.length > 0
            ? article.authors
            : [siteSettings.defaultAuthor];
    for (const name of names) {
      const slug = slugify(name);
      if (!families.has(slug)) families.set(slug, new Set());
      families.get(slug)?.add(article.id);
    }
  }
  return families;
}

describe("section, tag and author feeds", () => {
  it.each(["sections", "tags", "authors"] as const)(
    "each of the %s feeds holds exactly its articles, in every format",
    async (kind) => {
      const families = expectedFamilies(kind);
      expect(families.size).toBeGreaterThan(kind === "sections" ? 3 : 5);
      for (const [slug, ids] of families) {
        const base = `/${kind}/${encodeURIComponent(slug)}`;
        for (const format of ["rss", "atom", "json"] as const) {
          const walked = await walk(app, base, format);
          expect(walked.length, `${base} ${format}`).toBe(ids.size);
          expect(new Set(walked), `${base} ${format}`).toEqual(ids);
        }
        const page = await fetchText(app, `${base}/`);
        expect(page.status, `${base}/`).toBe(200);
        expect(page.text).toContain(`<link rel="alternate" type="application/atom+xml"`);
        expect(page.text).toContain(`href="${ORIGIN}${base}/atom.xml"`);
      }
    },
  );

  it("each family feed has its own title and self link", async () => {
    const tag = [...expectedFamilies("tags").keys()][0] ?? "";
    const { text } = await fetchText(app, `/tags/${encodeURIComponent(tag)}/atom.xml`);
    const feed = xml.parse(text).feed;
    expect(feed.title["#text"]).toMatch(/ · The Meridian Dispatch$/);
    expect(feed.link.find((link: { "@rel": string }) => link["@rel"] === "self")["@href"]).toBe(
      `${ORIGIN}/tags/${encodeURIComponent(tag)}/atom.xml`,
    );
  });

  it("an Arabic tag has a working URL", async () => {
    const arabic = [...expectedFamilies("tags").keys()].find((slug) => /[\u0600-\u06ff]/.test(slug));
    expect(arabic).toBeDefined();
    const { status, text } = await fetchText(app, `/tags/${encodeURIComponent(arabic ?? "")}/feed.json`);
    expect(status).toBe(200);
    expect(JSON.parse(text).items.length).toBeGreaterThan(0);
  });

  it("unknown families answer 404; a differently cased slug redirects", async () => {
    for (const path of [
      "/tags/no-such-tag/",
      "/tags/no-such-tag/feed.xml",
      "/sections/nope/atom.xml",
      "/authors/nobody/feed.json",
      "/colours/red/feed.xml",
    ]) {
      expect((await fetchText(app, path)).status, path).toBe(404);
    }
    const tag = [...expectedFamilies("tags").keys()].find((slug) => /^[a-z-]+$/.test(slug)) ?? "";
    const response = await app.request(`/tags/${tag.toUpperCase()}/feed.xml`, {}, env);
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/tags/${tag}/feed.xml`);
  });
});

describe("OPML and /feeds", () => {
  it("the OPML lists every feed, and every listed URL answers 200", async () => {
    const { status, text, headers } = await fetchText(app, "/feeds.opml");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/x-opml; charset=utf-8");
    const opml = xml.parse(text).opml;
    expect(opml["@version"]).toBe("2.0");
    const outlines = (
      opml.body.outline as { outline: { "@xmlUrl": string; "@htmlUrl": string; "@type": string }[] }[]
    ).flatMap((group) => group.outline);
    const families =
      1 +
      expectedFamilies("sections").size +
      expectedFamilies("tags").size +
      expectedFamilies("authors").size;
    expect(outlines).toHaveLength(3 * families);
    for (const outline of outlines) {
      expect(outline["@type"]).toBe("rss");
      expect((await fetchText(app, outline["@xmlUrl"])).status, outline["@xmlUrl"]).toBe(200);
    }
    for (const htmlUrl of new Set(outlines.map((outline) => outline["@htmlUrl"]))) {
      expect((await fetchText(app, htmlUrl)).status, htmlUrl).toBe(200);
    }
  });

  it("/feeds lists them for people", async () => {
    const { status, text } = await fetchText(app, "/feeds");
    expect(status).toBe(200);
    expect(text).toContain('<a href="/feeds.opml">');
    expect(text).toContain('href="/tags/');
    expect(text).toContain('href="/authors/');
  });
});

describe("short URLs and renamed articles", () => {
  it("every article's short URL redirects to it, and its page shows the short URL", async () => {
    for (const article of content.articles.slice(0, 40)) {
      const response = await app.request(`/s/${article.shortCode}`, {}, env);
      expect(response.status).toBe(301);
      expect(response.headers.get("location")).toBe(`${ORIGIN}/articles/${article.slug}`);
    }
    const article = content.articles[0];
    const page = await fetchText(app, `/articles/${article?.slug}`);
    expect(page.text).toContain(`${ORIGIN}/s/${article?.shortCode}`);
    expect(new Set(content.articles.map((a) => a.shortCode)).size).toBe(COUNT);
    expect((await app.request("/s/zzzzzzzz", {}, env)).status).toBe(404);
    const json = JSON.parse((await fetchText(app, "/feed.json")).text) as {
      items: { id: string; _news: { short_url: string } }[];
    };
    for (const item of json.items) {
      const code = content.articles.find((a) => a.id === item.id)?.shortCode;
      expect(item._news.short_url).toBe(`${ORIGIN}/s/${code}`);
    }
  });

  it("a former slug redirects permanently to the current page", async () => {
    const renamed = content.articles.find((article) => article.formerSlugs.includes("an-old-headline"));
    expect(renamed).toBeDefined();
    const response = await app.request("/articles/an-old-headline", {}, env);
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/articles/${renamed?.slug}`);
  });
});
