/**
 * Sitemaps and robots.txt as crawlers read them, through the app on the in-memory store: the index
 * and its pages validate against the sitemaps.org schemas (xmllint), list every article and listing
 * page once with its lastmod, and keep full pages byte for byte as articles are published; the
 * Google News sitemap is checked element by element (fast-xml-parser) against Google's rules;
 * robots.txt is read by Python's urllib.robotparser.
 */
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { createApp } from "../../src/http/app";
import { newsLanguage } from "../../src/sitemaps/news-language";
import { createMemoryStore } from "../../src/store/memory-store";
import { buildCorpus, type CorpusArticle, env, evenCorpus, fetchText } from "./helpers/corpus";
import {
  announceSkip,
  robotParser,
  robotParserTool,
  schemaTool,
  xmllint,
  xmllintSchema,
  xmllintTool,
} from "./helpers/external-parsers";
import { ORIGIN } from "./helpers/feeds";

announceSkip(schemaTool, "sitemap validation against the sitemaps.org schemas");
announceSkip(xmllintTool, "well-formedness of the news sitemap with xmllint");
announceSkip(robotParserTool, "robots.txt read by Python's urllib.robotparser");

const XML_TYPE = "application/xml; charset=utf-8";
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** After every corpus date below, so that nothing is scheduled unless a test says so. */
const LATER = Date.parse("2027-01-01T00:00:00Z");

function appFor(content: BuiltContent, options: { pageSize?: number; now?: number } = {}) {
  return createApp({
    storeFor: () => createMemoryStore(content),
    sitemapPageSize: options.pageSize ?? 10,
    now: () => options.now ?? LATER,
  });
}

// ---- Reading sitemaps with fast-xml-parser, in document order -----------------------------------

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Also decodes character references (&#39;), which XML defines without any DTD.
  htmlEntities: true,
  ignoreDeclaration: true,
});

type Ordered = Record<string, unknown> & { ":@"?: Record<string, string> };

function toElements(nodes: Ordered[]): Element[] {
  const elements: Element[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ":@");
    if (name === undefined || name === "#text") continue;
    const content = node[name] as Ordered[];
    elements.push({
      name,
      attributes: node[":@"] ?? {},
      children: toElements(content),
      text: content.map((child) => (typeof child["#text"] === "string" ? child["#text"] : "")).join(""),
    });
  }
  return elements;
}

/** The document's root element. */
function rootOf(xml: string): Element {
  const [root, ...rest] = toElements(orderedParser.parse(xml) as Ordered[]);
  if (!root || rest.length > 0) throw new Error("expected exactly one root element");
  return root;
}

function child(element: Element, name: string): Element {
  const found = element.children.filter((candidate) => candidate.name === name);
  if (found.length !== 1)
    throw new Error(`expected one <${name}> in <${element.name}>, found ${found.length}`);
  return found[0] as Element;
}

/** Each <url> or <sitemap> as its loc and lastmod, in document order. */
function entriesOf(xml: string): { loc: string; lastmod: string | undefined }[] {
  return rootOf(xml).children.map((entry) => ({
    loc: child(entry, "loc").text,
    lastmod: entry.children.find((candidate) => candidate.name === "lastmod")?.text,
  }));
}

// ---- What the sitemaps should say, computed from the corpus itself ------------------------------

const oldestFirst = (content: BuiltContent) => [...content.articles].reverse();
// UTC date-times with whole seconds sort as strings.
const newest = (dates: string[]) => [...dates].sort().at(-1) as string;
const articleUrl = (article: Article) => `${ORIGIN}/articles/${article.slug}`;

function chunks<T>(list: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, index) =>
    list.slice(index * size, (index + 1) * size),
  );
}

/** The listing pages: home, then sections, tags and authors by slug, each with its newest update. */
function expectedListings(content: BuiltContent, families: Record<string, Record<string, string[]>>) {
  const updatedOf = (slugs: readonly string[]) =>
    newest(content.articles.filter((article) => slugs.includes(article.slug)).map((a) => a.updated));
  const entries = [{ loc: `${ORIGIN}/`, lastmod: updatedOf(content.articles.map((a) => a.slug)) }];
  for (const folder of ["sections", "tags", "authors"]) {
    for (const [slug, members] of Object.entries(families[folder] ?? {}).sort(([a], [b]) =>
      a < b ? -1 : 1,
    )) {
      entries.push({ loc: `${ORIGIN}/${folder}/${slug}/`, lastmod: updatedOf(members) });
    }
  }
  return entries;
}

// ---- The corpus: 25 articles an hour apart, two of them edited later, one in a second tag ------

const corpus: CorpusArticle[] = evenCorpus(25);
const content = buildCorpus(corpus, {
  "story-0003": { updated: "2025-03-05T00:00:00Z" },
  "story-0014": { updated: "2025-02-01T10:00:00+02:00", tags: ["Boundary", "Second"] },
});
const allSlugs = corpus.map((article) => article.slug);
const families = {
  sections: { desk: allSlugs },
  tags: { boundary: allSlugs, second: ["story-0014"] },
  authors: { "ann-lee": allSlugs },
};

describe("the sitemap index and its pages (sitemaps.org)", () => {
  const app = appFor(content, { pageSize: 10 });

  it("is an index of the articles pages, then the listings pages, each with the newest lastmod of its URLs", async () => {
    const index = await fetchText(app, "/sitemap.xml");
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe(XML_TYPE);
    expect(index.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex ')).toBe(true);
    expect(rootOf(index.text).attributes).toEqual({ xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9" });
    const pages = chunks(oldestFirst(content), 10);
    const listings = chunks(expectedListings(content, families), 10);
    expect(entriesOf(index.text)).toEqual([
      ...pages.map((page, n) => ({
        loc: `${ORIGIN}/sitemap-articles-${n + 1}.xml`,
        lastmod: newest(page.map((article) => article.updated)),
      })),
      ...listings.map((page, n) => ({
        loc: `${ORIGIN}/sitemap-listings-${n + 1}.xml`,
        lastmod: newest(page.map((entry) => entry.lastmod)),
      })),
    ]);
    // Page 1 holds the article edited on March 5, after every later article's publication.
    expect(entriesOf(index.text)[0]?.lastmod).toBe("2025-03-05T00:00:00Z");
    for (const { lastmod } of entriesOf(index.text)) expect(lastmod).toMatch(W3C_DATETIME);
    expect(index.headers.get("last-modified")).toBe(new Date("2025-03-05T00:00:00Z").toUTCString());
  });

  it("lists every article once, oldest first, in pages fixed from the oldest, lastmod = updated", async () => {
    const listed: { loc: string; lastmod: string | undefined }[] = [];
    for (const n of [1, 2, 3]) {
      const page = await fetchText(app, `/sitemap-articles-${n}.xml`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe(XML_TYPE);
      expect(entriesOf(page.text)).toHaveLength(n < 3 ? 10 : 5);
      listed.push(...entriesOf(page.text));
    }
    expect(listed).toEqual(
      oldestFirst(content).map((article) => ({ loc: articleUrl(article), lastmod: article.updated })),
    );
    // The offset in story 14's update is written in UTC, as every stored date.
    expect(listed[13]).toEqual({ loc: `${ORIGIN}/articles/story-0014`, lastmod: "2025-02-01T08:00:00Z" });
  });

  it("lists the home page and every section, tag and author page with its newest update", async () => {
    const page = await fetchText(app, "/sitemap-listings-1.xml");
    expect(page.status).toBe(200);
    expect(entriesOf(page.text)).toEqual(expectedListings(content, families));
  });

  it("cuts the listing pages too, with a lowered page size", async () => {
    const small = appFor(content, { pageSize: 3 });
    const expected = expectedListings(content, families);
    expect(expected).toHaveLength(5);
    const first = await fetchText(small, "/sitemap-listings-1.xml");
    const second = await fetchText(small, "/sitemap-listings-2.xml");
    expect([...entriesOf(first.text), ...entriesOf(second.text)]).toEqual(expected);
    expect(entriesOf(second.text)).toHaveLength(2);
    const index = entriesOf((await fetchText(small, "/sitemap.xml")).text).map((entry) => entry.loc);
    expect(index).toHaveLength(9 + 2);
    expect(index.slice(-2)).toEqual([`${ORIGIN}/sitemap-listings-1.xml`, `${ORIGIN}/sitemap-listings-2.xml`]);
  });

  it.each([
    "/sitemap-articles-0.xml",
    "/sitemap-articles-4.xml",
    "/sitemap-articles-01.xml",
    "/sitemap-listings-2.xml",
    "/sitemap-articles-1.XML",
    "/sitemap-pages-1.xml",
  ])("answers 404 for %s", async (path) => {
    expect((await fetchText(app, path)).status).toBe(404);
  });

  describe.skipIf(!schemaTool.available)("validates with xmllint against the sitemaps.org schemas", () => {
    it("the index (siteindex.xsd) and every page (sitemap.xsd)", async () => {
      for (const pageSize of [10, 3]) {
        const sized = appFor(content, { pageSize });
        const index = await fetchText(sized, "/sitemap.xml");
        expect(xmllintSchema(index.text, "siteindex.xsd")).toEqual({ ok: true, errors: "" });
        for (const { loc } of entriesOf(index.text)) {
          const page = await fetchText(sized, loc.slice(ORIGIN.length));
          expect(page.status, loc).toBe(200);
          expect(xmllintSchema(page.text, "sitemap.xsd"), loc).toEqual({ ok: true, errors: "" });
        }
      }
    });

    it("a site with no article: an index of one listings page holding the home page", async () => {
      const empty = appFor({ version: "empty", articles: [] });
      const index = await fetchText(empty, "/sitemap.xml");
      expect(entriesOf(index.text)).toEqual([
        { loc: `${ORIGIN}/sitemap-listings-1.xml`, lastmod: undefined },
      ]);
      expect(xmllintSchema(index.text, "siteindex.xsd")).toEqual({ ok: true, errors: "" });
      const page = await fetchText(empty, "/sitemap-listings-1.xml");
      expect(entriesOf(page.text)).toEqual([{ loc: `${ORIGIN}/`, lastmod: undefined }]);
      expect(xmllintSchema(page.text, "sitemap.xsd")).toEqual({ ok: true, errors: "" });
      expect((await fetchText(empty, "/sitemap-articles-1.xml")).status).toBe(404);
    });

    it("the schemas catch what they should (the check can fail)", () => {
      const urlset = (inner: string) =>
        `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${inner}</urlset>\n`;
      expect(xmllintSchema(urlset(`<url><loc>${ORIGIN}/</loc></url>`), "sitemap.xsd").ok).toBe(true);
      expect(
        xmllintSchema(urlset(`<url><loc>${ORIGIN}/</loc><lastmod>yesterday</lastmod></url>`), "sitemap.xsd")
          .ok,
      ).toBe(false);
      expect(xmllintSchema(urlset(""), "sitemap.xsd").ok).toBe(false);
      expect(xmllintSchema(urlset(`<url><loc>${ORIGIN}/</loc></url>`), "siteindex.xsd").ok).toBe(false);
    });
  });

  it("leaves out a listing URL longer than the protocol's 2,048 characters", async () => {
    const long = "長".repeat(300); // 300 × 9 characters once percent-encoded
    const withLong = buildCorpus(evenCorpus(2), { "story-0002": { tags: ["Boundary", long] } });
    const page = await fetchText(appFor(withLong), "/sitemap-listings-1.xml");
    const locs = entriesOf(page.text).map((entry) => entry.loc);
    expect(locs).toContain(`${ORIGIN}/tags/boundary/`);
    expect(locs.every((loc) => loc.length <= 2048)).toBe(true);
    expect(locs.some((loc) => loc.includes("%E9%95%B7"))).toBe(false);
    if (schemaTool.available) expect(xmllintSchema(page.text, "sitemap.xsd").ok).toBe(true);
  });
});

describe("full sitemap pages do not change when articles are published", () => {
  const grown = buildCorpus(evenCorpus(32));
  const before = buildCorpus(evenCorpus(25));
  const edited = buildCorpus(evenCorpus(25), { "story-0005": { updated: "2025-06-01T00:00:00Z" } });
  const pathsOf = (n: number) =>
    Array.from({ length: n }, (_, index) => `/sitemap-articles-${index + 1}.xml`);

  it("publishing new articles changes only the last page and the index", async () => {
    const old = appFor(before);
    const now = appFor(grown);
    for (const path of pathsOf(2)) {
      const [a, b] = [await fetchText(old, path), await fetchText(now, path)];
      expect(b.text, path).toBe(a.text);
      expect(b.headers.get("etag"), path).toBe(a.headers.get("etag"));
    }
    expect((await fetchText(now, "/sitemap-articles-3.xml")).text).not.toBe(
      (await fetchText(old, "/sitemap-articles-3.xml")).text,
    );
    expect(entriesOf((await fetchText(now, "/sitemap-articles-4.xml")).text)).toHaveLength(2);
    expect((await fetchText(now, "/sitemap.xml")).text).not.toBe((await fetchText(old, "/sitemap.xml")).text);
  });

  it("editing an article changes its page (its lastmod) and no other", async () => {
    const old = appFor(before);
    const now = appFor(edited);
    const [first, second, third] = await Promise.all(
      pathsOf(3).map(async (path) => [await fetchText(old, path), await fetchText(now, path)] as const),
    );
    expect(first?.[1].text).not.toBe(first?.[0].text);
    expect(entriesOf(first?.[1].text ?? "")[4]).toEqual({
      loc: `${ORIGIN}/articles/story-0005`,
      lastmod: "2025-06-01T00:00:00Z",
    });
    expect(second?.[1].text).toBe(second?.[0].text);
    expect(third?.[1].text).toBe(third?.[0].text);
  });
});

// ---- The Google News sitemap --------------------------------------------------------------------

/** 12:02:30 UTC: in the clock step 12:00:00–12:05:00, so the window opens at 12:05:00 two days before. */
const NOW = Date.parse("2025-06-10T12:02:30Z");
const HOSTILE = `Tom & Jerry <b>sign</b> ]]> "a deal" at O'Hare &amp; more`;

function at(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const newsCorpus = buildCorpus(
  [
    { slug: "three-days-ago", title: "Three days ago", published: at("2025-06-07T12:00:00Z") },
    {
      slug: "window-edge",
      title: "Exactly two days before the step ends",
      published: at("2025-06-08T12:05:00Z"),
    },
    { slug: "just-inside", title: "One second inside the window", published: at("2025-06-08T12:05:01Z") },
    { slug: "yesterday", title: HOSTILE, published: at("2025-06-09T18:30:00Z") },
    { slug: "a-minute-ago", title: "Published a minute ago", published: at("2025-06-10T12:01:30Z") },
    { slug: "in-a-minute", title: "Scheduled for a minute from now", published: at("2025-06-10T12:03:30Z") },
  ],
  // An article in another language than the site's belongs to that language's edition.
  { yesterday: { updated: "2025-06-10T09:00:00Z" }, "a-minute-ago": { lang: "fr-CA" } },
);

/** Every <url> of a news sitemap, checked element by element against Google's rules. */
function newsItems(xml: string) {
  const root = rootOf(xml);
  expect(root.name).toBe("urlset");
  expect(root.attributes).toEqual({
    xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xmlns:news": "http://www.google.com/schemas/sitemap-news/0.9",
  });
  // At most 1,000 news:news tags, one per url.
  expect(root.children.length).toBeLessThanOrEqual(1000);
  return root.children.map((url) => {
    expect(url.name).toBe("url");
    // loc, lastmod, then the extension, as sitemap.xsd orders a url's children.
    expect(url.children.map((element) => element.name)).toEqual(["loc", "lastmod", "news:news"]);
    const news = child(url, "news:news");
    expect(news.children.map((element) => element.name)).toEqual([
      "news:publication",
      "news:publication_date",
      "news:title",
    ]);
    const publication = child(news, "news:publication");
    expect(publication.children.map((element) => element.name)).toEqual(["news:name", "news:language"]);
    const date = child(news, "news:publication_date").text;
    expect(date).toMatch(W3C_DATETIME);
    return {
      loc: child(url, "loc").text,
      lastmod: child(url, "lastmod").text,
      name: child(publication, "news:name").text,
      language: child(publication, "news:language").text,
      published: date,
      title: child(news, "news:title").text,
    };
  });
}

describe("the Google News sitemap", () => {
  const app = appFor(newsCorpus, { now: NOW });

  it("lists the articles published in the last two days, newest first, each with its news:news", async () => {
    const answer = await fetchText(app, "/news-sitemap.xml");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe(XML_TYPE);
    const items = newsItems(answer.text);
    const article = (slug: string) =>
      newsCorpus.articles.find((candidate) => candidate.slug === slug) as Article;
    expect(items).toEqual(
      ["a-minute-ago", "yesterday", "just-inside"].map((slug) => ({
        loc: `${ORIGIN}/articles/${slug}`,
        lastmod: article(slug).updated,
        name: "The Meridian Dispatch",
        language: slug === "a-minute-ago" ? "fr" : "en",
        published: article(slug).published,
        title: article(slug).title,
      })),
    );
  });

  it("escapes hostile titles: ampersands, tags and ]]> come back as written", async () => {
    const { text } = await fetchText(app, "/news-sitemap.xml");
    expect(newsItems(text).find((item) => item.loc.endsWith("/yesterday"))?.title).toBe(HOSTILE);
    expect(text).toContain(
      "<news:title>Tom &amp; Jerry &lt;b&gt;sign&lt;/b&gt; ]]&gt; &quot;a deal&quot; at O&#39;Hare &amp;amp; more</news:title>",
    );
    if (xmllintTool.available) expect(xmllint(text)).toEqual({ ok: true, errors: "" });
  });

  it("shows a scheduled article once it is due, within the same step of the clock", async () => {
    const clock = { now: NOW };
    const moving = createApp({ storeFor: () => createMemoryStore(newsCorpus), now: () => clock.now });
    const before = newsItems((await fetchText(moving, "/news-sitemap.xml")).text);
    expect(before.map((item) => item.loc)).not.toContain(`${ORIGIN}/articles/in-a-minute`);
    clock.now = Date.parse("2025-06-10T12:03:30Z");
    const after = newsItems((await fetchText(moving, "/news-sitemap.xml")).text);
    expect(after[0]?.loc).toBe(`${ORIGIN}/articles/in-a-minute`);
  });

  it("drops an article in the step of the clock that ends after its two days", async () => {
    // Nothing scheduled: only the clock's step tells the two documents apart.
    const published = newsCorpus.articles.filter((article) => article.slug !== "in-a-minute");
    const clock = { now: NOW };
    const moving = createApp({
      storeFor: () => createMemoryStore({ ...newsCorpus, articles: published }),
      now: () => clock.now,
    });
    const locs = async () =>
      newsItems((await fetchText(moving, "/news-sitemap.xml")).text).map((item) => item.loc);
    expect(await locs()).toContain(`${ORIGIN}/articles/just-inside`);
    // In the step 12:05–12:10 the window opens at 12:10:00 two days before: the article leaves at
    // 12:05:00, a second before its two days are over, so that no copy of the step lists it later.
    clock.now = Date.parse("2025-06-10T12:05:00Z");
    expect(await locs()).not.toContain(`${ORIGIN}/articles/just-inside`);
    expect(await locs()).toContain(`${ORIGIN}/articles/yesterday`);
  });

  it("never lists an article two days old or more at any moment of its step", async () => {
    const ms = (iso: string) => Date.parse(iso);
    for (let now = ms("2025-06-10T11:50:00Z"); now < ms("2025-06-10T12:20:00Z"); now += 7_000) {
      const clocked = appFor(newsCorpus, { now });
      for (const item of newsItems((await fetchText(clocked, "/news-sitemap.xml")).text)) {
        expect(now - Date.parse(item.published)).toBeLessThan(2 * 86_400_000);
        expect(Date.parse(item.published)).toBeLessThanOrEqual(now);
      }
    }
  });

  it("is empty, and well-formed, when nothing was published in two days", async () => {
    const { text } = await fetchText(
      appFor(newsCorpus, { now: Date.parse("2025-06-20T00:00:00Z") }),
      "/news-sitemap.xml",
    );
    expect(newsItems(text)).toEqual([]);
    if (xmllintTool.available) expect(xmllint(text).ok).toBe(true);
  });

  it("holds at most 1,000 articles: the newest", async () => {
    const start = Date.parse("2025-06-09T00:00:00Z");
    const many = buildCorpus(
      Array.from({ length: 1003 }, (_, index) => ({
        slug: `flash-${String(index).padStart(4, "0")}`,
        title: `Flash ${index}`,
        published: at(new Date(start + index * 60_000).toISOString()),
      })),
    );
    const items = newsItems(
      (await fetchText(appFor(many, { now: Date.parse("2025-06-10T06:00:00Z") }), "/news-sitemap.xml")).text,
    );
    expect(items).toHaveLength(1000);
    expect(items[0]?.loc).toBe(`${ORIGIN}/articles/flash-1002`);
    expect(items.at(-1)?.loc).toBe(`${ORIGIN}/articles/flash-0003`);
  });

  it("has a short Cache-Control that ends with the step, or when the next article is due, and no Last-Modified", async () => {
    const first = await fetchText(app, "/news-sitemap.xml");
    // 12:02:30: the scheduled article is due in 60 s, before the step ends (150 s).
    expect(first.headers.get("cache-control")).toBe("public, max-age=60");
    expect(first.headers.get("last-modified")).toBeNull();
    const later = appFor(newsCorpus, { now: Date.parse("2025-06-10T12:03:40Z") });
    expect((await fetchText(later, "/news-sitemap.xml")).headers.get("cache-control")).toBe(
      "public, max-age=80",
    );
  });
});

describe("newsLanguage: the site's BCP 47 language in the form Google News reads", () => {
  it.each([
    ["en", "en"],
    ["en-GB", "en"],
    ["EN-us", "en"],
    ["pt-BR", "pt"],
    ["fil", "fil"],
    ["iw", "he"],
    ["zh", "zh-cn"],
    ["zh-CN", "zh-cn"],
    ["zh-SG", "zh-cn"],
    ["zh-Hans-HK", "zh-cn"],
    ["zh-Hant", "zh-tw"],
    ["zh-TW", "zh-tw"],
    ["zh-HK", "zh-tw"],
  ])("%s → %s", (tag, expected) => {
    expect(newsLanguage(tag)).toBe(expected);
  });

  it.each(["", "english", "e", "und", "x-private", "en_GB"])("refuses %j, naming the setting", (tag) => {
    expect(() => newsLanguage(tag)).toThrow(`src/config/site.ts: language: expected a BCP 47 tag`);
  });
});

describe("robots.txt", () => {
  const app = appFor(content);

  it("is plain text naming both sitemaps by absolute URL on the configured origin", async () => {
    const robots = await fetchText(app, "/robots.txt");
    expect(robots.status).toBe(200);
    expect(robots.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(robots.headers.get("cache-control")).toBe("public, max-age=86400");
    const sitemapLines = robots.text.split("\n").filter((line) => line.startsWith("Sitemap:"));
    expect(sitemapLines).toEqual([`Sitemap: ${ORIGIN}/sitemap.xml`, `Sitemap: ${ORIGIN}/news-sitemap.xml`]);
  });

  it.skipIf(!robotParserTool.available)(
    "lets every crawler fetch everything (urllib.robotparser)",
    async () => {
      const { text } = await fetchText(app, "/robots.txt");
      const urls = [
        `${ORIGIN}/`,
        `${ORIGIN}/articles/story-0001`,
        `${ORIGIN}/feed.xml`,
        `${ORIGIN}/tags/boundary/`,
      ];
      for (const agent of ["*", "Googlebot", "Googlebot-News", "Bingbot"]) {
        const verdict = robotParser(text, agent, urls);
        expect(verdict.allowed, agent).toEqual(urls.map(() => true));
        expect(verdict.sitemaps).toEqual([`${ORIGIN}/sitemap.xml`, `${ORIGIN}/news-sitemap.xml`]);
      }
      // The parser does refuse what a Disallow names, so the check can fail.
      expect(robotParser(`User-agent: *\nDisallow: /\n`, "*", urls).allowed).toEqual(urls.map(() => false));
    },
  );

  it("builds every URL on the configured origin, never the request's host", async () => {
    const other = createApp({
      storeFor: () => createMemoryStore(content),
      sitemapPageSize: 10,
      now: () => LATER,
    });
    const request = (path: string) =>
      other.request(`https://evil.example.org${path}`, { headers: { Host: "evil.example.org" } }, env);
    for (const path of [
      "/robots.txt",
      "/sitemap.xml",
      "/sitemap-articles-1.xml",
      "/sitemap-listings-1.xml",
    ]) {
      const text = await (await request(path)).text();
      expect(text, path).not.toContain("evil.example.org");
      expect(text, path).toContain(ORIGIN);
    }
  });
});
