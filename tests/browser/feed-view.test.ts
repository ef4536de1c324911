import { describe, expect, it } from "vitest";
import { hasChromium } from "./support/chromium";
import { headersSentFor, SEED_HEADLINES, SITE_TITLE, useBrowser } from "./support/suite";

// A feed URL opened in a browser is a page people can read; fetched by anything else, it is the feed.
const feeds = [
  { path: "/feed.xml", type: "application/rss+xml", title: SITE_TITLE, items: SEED_HEADLINES },
  { path: "/atom.xml", type: "application/atom+xml", title: SITE_TITLE, items: SEED_HEADLINES },
  { path: "/feed.json", type: "application/feed+json", title: SITE_TITLE, items: SEED_HEADLINES },
  {
    path: "/tags/iran/atom.xml",
    type: "application/atom+xml",
    title: `Iran · ${SITE_TITLE}`,
    items: [SEED_HEADLINES[1] as string],
  },
  {
    path: "/sections/middle-east/feed.xml",
    type: "application/rss+xml",
    title: `Middle East · ${SITE_TITLE}`,
    items: [SEED_HEADLINES[0] as string],
  },
  {
    path: "/sections/world/feed.json",
    type: "application/feed+json",
    title: `World · ${SITE_TITLE}`,
    items: [SEED_HEADLINES[1] as string],
  },
];

const READER_HEADERS = {
  "User-Agent": "NetNewsWire (RSS Reader; https://netnewswire.com/)",
  Accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8",
};

async function bytesOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

describe.skipIf(!hasChromium)("feed URLs in a browser and in a feed reader", () => {
  const suite = useBrowser();

  describe.each(feeds)("$path", ({ path, type, title, items }) => {
    it("opened in the browser, is an HTML page with the feed's title and items", async () => {
      const page = suite.page;
      const { sent, result: response } = await headersSentFor(page, suite.origin + path, () =>
        page.goto(suite.origin + path),
      );
      expect([sent["sec-fetch-dest"], sent["sec-fetch-mode"]]).toEqual(["document", "navigate"]);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-type"]).toBe("text/html; charset=utf-8");
      expect(response?.headers().vary).toContain("Sec-Fetch-Dest");
      expect(await page.evaluate("document.contentType")).toBe("text/html");
      expect(await page.locator("h1").textContent()).toBe(title);
      const shown = await page.locator("main .article-list h3").allInnerTexts();
      expect(shown).toEqual(items);
      const text = await page.locator("body").textContent();
      // Chromium's raw-XML viewer and the JSON viewer show neither of these as page text.
      expect(text).not.toContain("does not appear to have any style information");
      expect(text).not.toMatch(/<\?xml|<rss|<feed|"version":\s*"https:\/\/jsonfeed/);
      expect(await page.locator("#feed-view-url").inputValue()).toBe(suite.origin + path);
    });

    it("fetched as a feed reader would, is the feed itself, byte for byte", async () => {
      const url = suite.origin + path;
      const first = await fetch(url);
      const second = await fetch(url);
      const reader = await fetch(url, { headers: READER_HEADERS });
      for (const response of [first, second, reader]) {
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
      }
      const bytes = await bytesOf(first);
      expect(bytes.subarray(0, 1)).not.toEqual(Buffer.from("<!doctype"));
      if (type.endsWith("+json")) expect(JSON.parse(bytes.toString("utf8")).title).toBe(title);
      else expect(bytes.toString("utf8")).toMatch(/^<\?xml /);
      expect(await bytesOf(second)).toEqual(bytes);
      expect(await bytesOf(reader)).toEqual(bytes);

      // Playwright's request API sends no Sec-Fetch headers, like any program.
      const viaApi = await suite.context.request.get(url, { headers: READER_HEADERS });
      expect(viaApi.status()).toBe(200);
      expect(viaApi.headers()["content-type"]).toBe(`${type}; charset=utf-8`);
      expect(await viaApi.body()).toEqual(bytes);
    });

    it("fetched by a script in a page (Sec-Fetch-Dest: empty), is the feed", async () => {
      const expected = await bytesOf(await fetch(suite.origin + path));
      const page = suite.page;
      await page.goto(`${suite.origin}/`);
      const { sent, result: fetched } = await headersSentFor(
        page,
        suite.origin + path,
        () =>
          page.evaluate(`fetch(${JSON.stringify(path)}).then(async (r) => ({
            type: r.headers.get("content-type"),
            bytes: Array.from(new Uint8Array(await r.arrayBuffer())),
          }))`) as Promise<{ type: string; bytes: number[] }>,
      );
      expect(sent["sec-fetch-dest"]).toBe("empty");
      expect(sent["sec-fetch-mode"]).toBe("cors");
      expect(fetched.type).toBe(`${type}; charset=utf-8`);
      expect(Buffer.from(fetched.bytes)).toEqual(expected);
    });
  });

  it("a page from another origin can fetch a feed (CORS), and gets the feed", async () => {
    const expected = await bytesOf(await fetch(`${suite.origin}/atom.xml`));
    const page = suite.page; // about:blank: an opaque origin, so the fetch is cross-origin
    const fetched =
      (await page.evaluate(`fetch(${JSON.stringify(`${suite.origin}/atom.xml`)}).then(async (r) => ({
      type: r.headers.get("content-type"),
      text: await r.text(),
    }))`)) as { type: string; text: string };
    expect(fetched.type).toBe("application/atom+xml; charset=utf-8");
    expect(fetched.text).toBe(expected.toString("utf8"));
  });
});
