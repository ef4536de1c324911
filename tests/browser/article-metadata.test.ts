/**
 * Chromium reads what article pages say about themselves, hostile text included: the JSON-LD block
 * must parse to exactly the article's values and start no script, the Open Graph attributes must
 * decode to exactly the source's text, and an Arabic article must lay out right to left where an
 * English one does not. The pages are the worker app's, rendered here over articles built from
 * Markdown with this server's origin, and served to Chromium at that origin with the app's own
 * headers (its Content-Security-Policy included).
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import { buildContent } from "../../src/content/load-content";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";
import { markdownArticle } from "../unit/helpers/feeds";
import { hasChromium } from "./support/chromium";
import { useBrowser } from "./support/suite";

const HOSTILE = `</script><script>alert(1)</script> <!-- <script>alert(2)</script> "q" & 'a' &amp; \u2028 \u2029 -->`;
const TITLE = `Headline ${HOSTILE}`;
const CAPTION = `Caption ${HOSTILE}`;
const ALT = `Alt ${HOSTILE}`;
const ARABIC_TITLE = "محادثات في القدس بشأن المسجد الأقصى";

const sources = {
  "hostile.md": markdownArticle(
    {
      id: "tag:news.example.com,2025-05-01:hostile",
      title: TITLE,
      published: "2025-05-01T08:00:00Z",
      section: "World",
      tags: ["</script><script>alert(3)</script>"],
      image: {
        url: "https://images.example.net/hostile.jpg",
        alt: ALT,
        caption: CAPTION,
        credit: `Credit ${HOSTILE}`,
        width: 1600,
        height: 900,
      },
    },
    "Body.",
  ),
  "arabic.md": markdownArticle(
    {
      id: "tag:news.example.com,2025-05-02:arabic",
      title: ARABIC_TITLE,
      published: "2025-05-02T08:00:00Z",
      section: "World",
      lang: "ar",
    },
    "التقى المفاوضون في القدس.",
  ),
};

interface Seen {
  jsonLd: unknown[];
  properties: [string, string][];
  scripts: string[];
}

async function seen(page: Page): Promise<Seen> {
  return (await page.evaluate(`({
    jsonLd: [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) =>
      JSON.parse(script.textContent)),
    properties: [...document.querySelectorAll("meta[property]")].map((meta) =>
      [meta.getAttribute("property"), meta.getAttribute("content")]),
    scripts: [...document.scripts].map((script) => script.type || script.getAttribute("src") || "inline"),
  })`)) as Seen;
}

/** For each selector: the element's computed direction and the nearest lang on it or above it. */
async function directions(page: Page, selectors: string[]): Promise<[string, string, string][]> {
  return (await page.evaluate(`${JSON.stringify(selectors)}.map((selector) => {
    const element = document.querySelector(selector);
    return [selector, getComputedStyle(element).direction, element.closest("[lang]").getAttribute("lang")];
  })`)) as [string, string, string][];
}

describe.skipIf(!hasChromium)("article metadata in Chromium", () => {
  const suite = useBrowser();
  let content: BuiltContent;
  const dialogs: string[] = [];

  /** Opens `path` as the app renders it for this origin, with the app's status and headers. */
  async function open(path: string): Promise<Page> {
    const app = createApp({ storeFor: () => createMemoryStore(content) });
    const response = await app.request(path, {}, { SITE_ORIGIN: suite.origin });
    expect(response.status).toBe(200);
    const body = await response.text();
    const page = suite.page;
    const url = `${suite.origin}/preview${path}`;
    await page.unrouteAll();
    // The lead images are remote (sized in front matter): answered here, never fetched.
    await page.route("https://images.example.net/**", (route) => route.fulfill({ status: 404, body: "" }));
    await page.route(url, (route) =>
      route.fulfill({ status: 200, headers: Object.fromEntries(response.headers), body }),
    );
    await page.goto(url);
    return page;
  }

  beforeAll(() => {
    content = buildContent(sources);
    suite.page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  it("a hostile headline, caption, alt text and tag come out of the JSON-LD and Open Graph exactly", async () => {
    const page = await open("/articles/hostile");
    const { jsonLd, properties, scripts } = await seen(page);
    expect(jsonLd).toHaveLength(1);
    const data = jsonLd[0] as Record<string, unknown>;
    expect(data.headline).toBe(TITLE);
    expect(data.keywords).toEqual(["</script><script>alert(3)</script>"]);
    expect(data.image).toEqual([
      {
        "@type": "ImageObject",
        url: "https://images.example.net/hostile.jpg",
        width: 1600,
        height: 900,
        caption: CAPTION,
        creditText: `Credit ${HOSTILE}`,
      },
    ]);
    expect(properties).toContainEqual(["og:title", TITLE]);
    expect(properties).toContainEqual(["og:image:alt", ALT]);
    expect(properties).toContainEqual(["article:tag", "</script><script>alert(3)</script>"]);
    expect(await page.title()).toBe(`${TITLE} · The Meridian Dispatch`);
    // No script but the page's own, and none ran.
    expect(scripts).toEqual(["application/ld+json", "/assets/site.js"]);
    expect(dialogs).toEqual([]);
  });

  it("an Arabic article's headline and body are laid out right to left, the site's labels left to right", async () => {
    const page = await open("/articles/arabic");
    expect(await directions(page, ["h1", ".body", ".short-url"])).toEqual([
      ["h1", "rtl", "ar"],
      [".body", "rtl", "ar"],
      [".short-url", "ltr", "en"],
    ]);
    const { jsonLd } = await seen(page);
    expect((jsonLd[0] as { inLanguage: string }).inLanguage).toBe("ar");
  });

  it("in a listing, the Arabic headline is right to left and the English one is not", async () => {
    const page = await open("/");
    const headlines = (await page.evaluate(
      `[...document.querySelectorAll(".article-list h2")].map((heading) =>
        [heading.textContent, getComputedStyle(heading).direction])`,
    )) as [string, string][];
    expect(headlines).toEqual([
      [ARABIC_TITLE, "rtl"],
      [TITLE, "ltr"],
    ]);
    expect(dialogs).toEqual([]);
  });
});
