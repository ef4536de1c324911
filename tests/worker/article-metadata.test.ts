/**
 * An article's language and its page's metadata in workerd, where the worker runs: the article
 * travels through D1 (its metadata stored as JSON), the page is read with workerd's own HTML parser
 * (HTMLRewriter), and Intl's likely-subtags data gives the same directions and locales as in Node,
 * where the unit tests check them.
 */
import { env } from "cloudflare:workers";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { SITE_ORIGIN_MARKER } from "../../src/content/site-urls";
import { createApp } from "../../src/http/app";
import { openGraphLocale, textDirection } from "../../src/lib/language";
import { d1Target, publishContent } from "../../src/store/d1-publish";
import { createD1Store } from "../../src/store/d1-store";

const origin = "https://news.example.com";
const bindings = { SITE_ORIGIN: origin, DB: env.DB, CONTENT_CHECK_SECONDS: "0" };
const HOSTILE = `محادثات </script><script>alert(1)</script> <!-- "q" & 'a' \u2028 -->`;

function article(slug: string, published: string, overrides: Partial<Article>): Article {
  return {
    id: `tag:news.example.com,2025:${slug}`,
    slug,
    title: slug,
    summary: `Summary of ${slug}.`,
    published,
    updated: published,
    authors: ["Rana Haddad"],
    section: "Middle East",
    tags: ["Jerusalem"],
    highlights: [],
    formerSlugs: [],
    shortCode: `${slug.slice(0, 4)}0000`,
    html: "<p>Body.</p>",
    ...overrides,
  };
}

const content: BuiltContent = {
  version: "language-1",
  articles: [
    article("arabic", "2025-04-02T08:00:00Z", {
      title: HOSTILE,
      lang: "ar",
      image: { url: `${SITE_ORIGIN_MARKER}/images/quds.jpg`, alt: "القدس" },
    }),
    article("plain", "2025-04-01T08:00:00Z", {}),
  ],
};

const app = createApp({
  storeFor: (given) => {
    if (!given.DB) throw new Error("no DB");
    return createD1Store(given.DB);
  },
  now: () => Date.parse("2026-01-01T00:00:00Z"),
});

async function get(path: string): Promise<Response> {
  const response = await app.request(path, {}, bindings);
  expect(response.status, path).toBe(200);
  return response;
}

interface PageFacts {
  html: { lang: string | null; dir: string | null };
  h1: { lang: string | null; dir: string | null };
  jsonLd: string[];
  properties: [string, string][];
}

/** What workerd's HTML parser finds in an article page. */
async function read(response: Response): Promise<PageFacts> {
  const facts: PageFacts = {
    html: { lang: null, dir: null },
    h1: { lang: null, dir: null },
    jsonLd: [],
    properties: [],
  };
  const attributes = (element: Element) => ({
    lang: element.getAttribute("lang"),
    dir: element.getAttribute("dir"),
  });
  await new HTMLRewriter()
    .on("html", {
      element(element) {
        facts.html = attributes(element);
      },
    })
    .on("h1", {
      element(element) {
        facts.h1 = attributes(element);
      },
    })
    .on('script[type="application/ld+json"]', {
      element: () => void facts.jsonLd.push(""),
      text: (chunk) => {
        facts.jsonLd[facts.jsonLd.length - 1] += chunk.text;
      },
    })
    .on("meta[property]", {
      element: (element) =>
        void facts.properties.push([
          element.getAttribute("property") ?? "",
          element.getAttribute("content") ?? "",
        ]),
    })
    .transform(response)
    .arrayBuffer();
  return facts;
}

describe("in workerd, over D1", () => {
  it("an Arabic article's page is marked Arabic, right to left, with its JSON-LD intact", async () => {
    await publishContent(d1Target(env.DB), content, siteSettings);
    const facts = await read(await get("/articles/arabic"));
    expect(facts.html).toEqual({ lang: "en", dir: "ltr" });
    expect(facts.h1).toEqual({ lang: "ar", dir: "rtl" });
    expect(facts.jsonLd).toHaveLength(1);
    const data = JSON.parse(facts.jsonLd[0] ?? "") as Record<string, unknown>;
    expect(data.headline).toBe(HOSTILE);
    expect(data.inLanguage).toBe("ar");
    expect(data.image).toEqual([{ "@type": "ImageObject", url: `${origin}/images/quds.jpg` }]);
    expect(facts.properties).toContainEqual(["og:locale", "ar_EG"]);
    expect(facts.properties).toContainEqual(["og:image", `${origin}/images/quds.jpg`]);
  });

  it("an article without lang takes the site's, marking nothing", async () => {
    await publishContent(d1Target(env.DB), content, siteSettings);
    const facts = await read(await get("/articles/plain"));
    expect(facts.h1).toEqual({ lang: null, dir: null });
    expect((JSON.parse(facts.jsonLd[0] ?? "") as { inLanguage: string }).inLanguage).toBe("en");
  });

  it("Atom entries and JSON Feed items carry each article's language", async () => {
    await publishContent(d1Target(env.DB), content, siteSettings);
    const atom = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(
      await (await get("/atom.xml")).text(),
    );
    expect(atom.feed.entry.map((entry: Record<string, string>) => entry["@xml:lang"])).toEqual(["ar", "en"]);
    const json = (await (await get("/feed.json")).json()) as { items: { language: string }[] };
    expect(json.items.map((item) => item.language)).toEqual(["ar", "en"]);
  });
});

describe("Intl in workerd agrees with Node", () => {
  it.each([
    ["ar", "rtl", "ar_EG"],
    ["he", "rtl", "he_IL"],
    ["fa", "rtl", "fa_IR"],
    ["ur", "rtl", "ur_PK"],
    ["yi", "rtl", "yi_UA"],
    ["ckb", "rtl", "ckb_IQ"],
    ["dv", "rtl", "dv_MV"],
    ["az-IR", "rtl", "az_IR"],
    ["ku-Arab", "rtl", "ku_IQ"],
    ["sd-Deva", "ltr", "sd_IN"],
    ["en", "ltr", "en_US"],
    ["zh-Hant", "ltr", "zh_TW"],
  ])("%s: %s, %s", (tag, direction, locale) => {
    expect(textDirection(tag)).toBe(direction);
    expect(openGraphLocale(tag)).toBe(locale);
  });
});
