/**
 * An article's own language (front matter `lang`): validated and canonicalised by the build, then
 * carried as Atom's xml:lang per entry, JSON Feed's item language, the article page's lang and dir,
 * its JSON-LD and Open Graph locale, and the lang and dir of its headline in every listing. Pages
 * are read with htmlparser2, feeds with fast-xml-parser and Python's feedparser.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { resolveSiteConfig, siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import { buildContent } from "../../src/content/load-content";
import type { ArticleMeta } from "../../src/content/schema";
import { createApp } from "../../src/http/app";
import { ListingPage } from "../../src/pages/listing-page";
import { createMemoryStore } from "../../src/store/memory-store";
import { announceSkip, feedparser, feedparserTool } from "./helpers/external-parsers";
import { FIXED_NOW, markdownArticle, ORIGIN, parseXml, textOf, type XmlNode } from "./helpers/feeds";
import {
  attribute,
  byTag,
  elements,
  type HtmlDocument,
  type HtmlElement,
  inside,
  jsonLdTexts,
  languageOf,
  metaContents,
  parseHtml,
} from "./helpers/html";

announceSkip(feedparserTool, "per-entry language checks with Python feedparser");

const env = { SITE_ORIGIN: ORIGIN };
const navigation = { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" };

const ARABIC = {
  slug: "al-quds-talks",
  id: "tag:news.example.com,2025-04-02:al-quds",
  title: "محادثات في القدس بشأن المسجد الأقصى",
  summary: "التقى المفاوضون في القدس يوم السبت.",
};
const BRITISH = {
  slug: "london-talks",
  id: "tag:news.example.com,2025-04-01:london",
  title: "Talks in London",
};
const PLAIN = { slug: "plain-report", id: "tag:news.example.com,2025-03-31:plain", title: "A plain report" };

const sources: Record<string, string> = {
  [`${ARABIC.slug}.md`]: markdownArticle(
    {
      id: ARABIC.id,
      title: ARABIC.title,
      published: "2025-04-02T08:00:00Z",
      section: "Middle East",
      tags: ["Jerusalem"],
      authors: ["Rana Haddad"],
      summary: ARABIC.summary,
      highlights: ["نقطة أولى"],
      // Written in another case: the build keeps the canonical form.
      lang: "AR",
      image: {
        url: "https://images.example.net/quds.jpg",
        alt: "المسجد الأقصى",
        caption: "القدس",
        width: 1600,
        height: 900,
      },
    },
    "التقى المفاوضون في القدس.",
  ),
  [`${BRITISH.slug}.md`]: markdownArticle(
    {
      id: BRITISH.id,
      title: BRITISH.title,
      published: "2025-04-01T08:00:00Z",
      section: "Middle East",
      tags: ["Jerusalem"],
      lang: "en-gb",
    },
    "Negotiators met in London.",
  ),
  [`${PLAIN.slug}.md`]: markdownArticle(
    {
      id: PLAIN.id,
      title: PLAIN.title,
      published: "2025-03-31T08:00:00Z",
      section: "Middle East",
      tags: ["Jerusalem"],
      authors: ["Rana Haddad"],
    },
    "No language of its own.",
  ),
};

let content: BuiltContent;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  content = buildContent(sources);
  app = createApp({ storeFor: () => createMemoryStore(content), now: () => FIXED_NOW });
});

async function fetchText(path: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await app.request(path, { headers }, env);
  expect(response.status, path).toBe(200);
  return response.text();
}

async function htmlPage(path: string, headers: Record<string, string> = {}): Promise<HtmlDocument> {
  return parseHtml(await fetchText(path, headers));
}

describe("the lang field", () => {
  it("is kept in canonical form, and absent when the front matter has none", () => {
    const bySlug = new Map(content.articles.map((article) => [article.slug, article]));
    expect(bySlug.get(ARABIC.slug)?.lang).toBe("ar");
    expect(bySlug.get(BRITISH.slug)?.lang).toBe("en-GB");
    expect(bySlug.get(PLAIN.slug)).not.toHaveProperty("lang");
    // How a tag is validated and canonicalised: content-validation.test.ts.
  });
});

describe("the site's language", () => {
  it("is canonicalised, to compare equal to the articles' tags", () => {
    expect(resolveSiteConfig(env, { ...siteSettings, language: "EN-gb" }).language).toBe("en-GB");
    expect(resolveSiteConfig(env).language).toBe(siteSettings.language);
  });

  it("fails loudly when it is not a tag, naming the file and the field", () => {
    expect(() => resolveSiteConfig(env, { ...siteSettings, language: "English" })).toThrow(
      'src/config/site.ts: language: expected a BCP 47 language tag such as "en" or "pt-BR", found "English"',
    );
  });
});

describe("the article page", () => {
  /** The page's elements that hold the article's own words. */
  function articleText(document: HtmlDocument): HtmlElement[] {
    return elements(
      document,
      (element) =>
        element.name === "h1" ||
        (element.name === "ul" && attribute(element, "class") === "highlights") ||
        element.name === "figure" ||
        (element.name === "div" && attribute(element, "class") === "body"),
    );
  }

  it("marks an Arabic article's words Arabic and right to left, and leaves the site's labels in English", async () => {
    const document = await htmlPage(`/articles/${ARABIC.slug}`);
    const [html] = byTag(document, "html");
    expect(html && [attribute(html, "lang"), attribute(html, "dir")]).toEqual(["en", "ltr"]);
    const words = articleText(document);
    expect(words.map((element) => element.name)).toEqual(["h1", "ul", "figure", "div"]);
    for (const element of words) expect(languageOf(element)).toEqual({ lang: "ar", dir: "rtl" });
    const labels = elements(document, (element) => attribute(element, "class") === "short-url");
    expect(labels.map(languageOf)).toEqual([{ lang: "en", dir: "ltr" }]);
  });

  it("says the language in its JSON-LD and Open Graph locale", async () => {
    const document = await htmlPage(`/articles/${ARABIC.slug}`);
    expect(JSON.parse(jsonLdTexts(document)[0] ?? "{}").inLanguage).toBe("ar");
    expect(metaContents(document, "property", "og:locale")).toEqual(["ar_EG"]);
  });

  it("marks a British English article en-GB, left to right", async () => {
    const document = await htmlPage(`/articles/${BRITISH.slug}`);
    for (const element of articleText(document))
      expect(languageOf(element)).toEqual({ lang: "en-GB", dir: "ltr" });
    expect(JSON.parse(jsonLdTexts(document)[0] ?? "{}").inLanguage).toBe("en-GB");
    expect(metaContents(document, "property", "og:locale")).toEqual(["en_GB"]);
  });

  it("gives an article without lang the site's language, without marking anything", async () => {
    const document = await htmlPage(`/articles/${PLAIN.slug}`);
    for (const element of articleText(document)) {
      expect(attribute(element, "lang")).toBeUndefined();
      expect(languageOf(element)).toEqual({ lang: "en", dir: "ltr" });
    }
    expect(JSON.parse(jsonLdTexts(document)[0] ?? "{}").inLanguage).toBe("en");
    expect(metaContents(document, "property", "og:locale")).toEqual(["en_US"]);
  });
});

describe("listings", () => {
  /** Each listed article's headline link and summary, with the language each is in. */
  function listed(document: HtmlDocument) {
    return elements(document, (element) => element.name === "article").map((article) => {
      const [link] = inside(article, "a");
      const paragraphs = inside(article, "p");
      const summary = paragraphs[paragraphs.length - 1];
      if (!link || !summary) throw new Error("a listed article without a link or summary");
      return { href: attribute(link, "href"), headline: languageOf(link), summary: languageOf(summary) };
    });
  }

  const expected = [
    {
      href: `/articles/${ARABIC.slug}`,
      headline: { lang: "ar", dir: "rtl" },
      summary: { lang: "ar", dir: "rtl" },
    },
    {
      href: `/articles/${BRITISH.slug}`,
      headline: { lang: "en-GB", dir: "ltr" },
      summary: { lang: "en-GB", dir: "ltr" },
    },
    {
      href: `/articles/${PLAIN.slug}`,
      headline: { lang: "en", dir: "ltr" },
      summary: { lang: "en", dir: "ltr" },
    },
  ];

  it.each(["/", "/sections/middle-east/", "/tags/jerusalem/"])(
    "%s marks each headline and summary",
    async (path) => {
      expect(listed(await htmlPage(path))).toEqual(expected);
    },
  );

  it("an author's page too", async () => {
    expect(listed(await htmlPage("/authors/rana-haddad/"))).toEqual([expected[0], expected[2]]);
  });

  it.each(["/feed.xml", "/atom.xml", "/feed.json", "/tags/jerusalem/atom.xml"])(
    "the browser view of %s too",
    async (path) => {
      expect(listed(await htmlPage(path, navigation))).toEqual(expected);
    },
  );

  it("on a site in a right-to-left language, the page is right to left and an English article is marked", async () => {
    const config = resolveSiteConfig(env, { ...siteSettings, language: "ar" });
    const articles: ArticleMeta[] = content.articles.map(({ html: _html, ...meta }) => meta);
    const html = String(
      await (
        <ListingPage
          site={config}
          heading="آخر الأخبار"
          intro="مقدمة"
          canonicalPath="/"
          articles={articles}
          total={articles.length}
          feeds={{ title: config.title, links: [] }}
        />
      ),
    );
    const document = parseHtml(html);
    const [root] = byTag(document, "html");
    expect(root && [attribute(root, "lang"), attribute(root, "dir")]).toEqual(["ar", "rtl"]);
    expect(listed(document).map((entry) => entry.headline)).toEqual([
      { lang: "ar", dir: "rtl" },
      { lang: "en-GB", dir: "ltr" },
      // No lang of its own: the site's.
      { lang: "ar", dir: "rtl" },
    ]);
    // The Arabic articles are in the page's language: nothing on them repeats that.
    const [first] = elements(
      document,
      (element) => element.name === "h2" && attribute(element, "lang") !== undefined,
    );
    expect(first && attribute(first, "lang")).toBe("en-GB");
  });
});

describe("feeds", () => {
  const languages = { [ARABIC.id]: "ar", [BRITISH.id]: "en-GB", [PLAIN.id]: "en" };

  it("Atom: every entry has its own xml:lang, the feed the site's (fast-xml-parser)", async () => {
    const feed = parseXml(await fetchText("/atom.xml")).feed;
    expect(feed["@_xml:lang"]).toBe("en");
    const entries = feed.entry.map((entry: XmlNode) => [textOf(entry.id), entry["@_xml:lang"]]);
    expect(Object.fromEntries(entries)).toEqual(languages);
  });

  it.skipIf(!feedparserTool.available)("Atom: feedparser reads each entry's language", async () => {
    const parsed = feedparser(await fetchText("/atom.xml"));
    expect(parsed.bozo).toBe(0);
    expect(parsed.feed.language).toBe("en");
    const entries = parsed.entries.map((entry) => [entry.id, entry.title_detail?.language]);
    expect(Object.fromEntries(entries)).toEqual(languages);
    const arabic = parsed.entries.find((entry) => entry.id === ARABIC.id);
    expect(arabic?.title).toBe(ARABIC.title);
  });

  it("JSON Feed: every item has its language, the feed the site's", async () => {
    const feed = JSON.parse(await fetchText("/feed.json")) as {
      language: string;
      items: { id: string; language: string }[];
    };
    expect(feed.language).toBe("en");
    expect(Object.fromEntries(feed.items.map((item) => [item.id, item.language]))).toEqual(languages);
  });

  it("RSS: only the channel has a language, since RSS 2.0 has none per item", async () => {
    const channel = parseXml(await fetchText("/feed.xml")).rss.channel;
    expect(textOf(channel.language)).toBe("en");
    for (const item of channel.item) {
      expect(Object.keys(item).filter((key) => /language|lang/i.test(key))).toEqual([]);
    }
  });
});
