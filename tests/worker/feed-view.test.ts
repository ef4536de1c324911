import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const origin = "http://localhost:8787";
const navigation = {
  "Sec-Fetch-Dest": "document",
  "Sec-Fetch-Mode": "navigate",
  "Sec-Fetch-Site": "none",
  Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
};

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(new Request(origin + path, { headers }));
}

describe.each(["/feed.xml", "/atom.xml", "/feed.json", "/tags/iran/atom.xml", "/sections/world/feed.json"])(
  "%s",
  (path) => {
    it("opened in a browser, is a readable page with the feed's title and items", async () => {
      const response = await get(path, navigation);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("private, max-age=0, must-revalidate");
      expect(response.headers.get("vary")).toBe("Accept-Encoding, Sec-Fetch-Dest, Sec-Fetch-Mode");
      const html = await response.text();
      expect(html).toContain("This is a web feed");
      expect(html).toContain(`value="${origin}${path}"`);
      expect(html).not.toContain("xml-stylesheet");
      if (!path.startsWith("/tags/") && !path.startsWith("/sections/")) {
        expect(html).toContain("<h1>The Meridian Dispatch</h1>");
        expect(html).toContain(
          "Iranian president, in talks with Putin ally, calls for expanded ties with Russia",
        );
        expect(html).toContain("Some 4,397 Israeli settlers stormed Jerusalem’s Al-Aqsa Mosque");
      }
    });

    it("fetched by a feed reader, a validator or a web app, is the feed's exact bytes with the feed's caching", async () => {
      const plain = await get(path);
      const bytes = await plain.text();
      expect(plain.headers.get("content-type")).not.toContain("text/html");
      expect(plain.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
      expect(plain.headers.get("vary")).toBe("Accept-Encoding, Sec-Fetch-Dest, Sec-Fetch-Mode");
      for (const headers of <Record<string, string>[]>[
        {
          "User-Agent": "NetNewsWire (RSS Reader; https://netnewswire.com/)",
          Accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8",
        },
        { "User-Agent": "W3C_Validator/1.3", Accept: "text/html,application/xhtml+xml,*/*" },
        { "Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors", Origin: "https://app.example" },
        { "Sec-Fetch-Dest": "iframe", "Sec-Fetch-Mode": "navigate" },
      ]) {
        const response = await get(path, headers);
        expect(await response.text()).toBe(bytes);
        expect(response.headers.get("etag")).toBe(plain.headers.get("etag"));
      }
    });
  },
);

describe("the HTML view", () => {
  it("of an archive page says it is an archive and points to the current feed", async () => {
    // The seed site fits in one document, so it has no archive pages.
    expect((await get("/archive/1/feed.xml", navigation)).status).toBe(404);
  });

  it("answers conditional requests with its own validator", async () => {
    const first = await get("/atom.xml", navigation);
    await first.text();
    const etag = first.headers.get("etag") ?? "";
    const feed = await get("/atom.xml");
    await feed.text();
    expect(feed.headers.get("etag")).not.toBe(etag);
    const again = await get("/atom.xml", { ...navigation, "If-None-Match": etag });
    expect(again.status).toBe(304);
  });
});

describe("the Follow control", () => {
  it.each(["/", "/articles/iran-president-calls-for-expanded-ties-with-russia", "/tags/iran/", "/feeds"])(
    "is on %s with the three feed addresses, a copy button each and the OPML",
    async (path) => {
      const html = await (await get(path)).text();
      expect(html).toContain("<summary>Follow</summary>");
      for (const format of ["rss", "atom", "json"]) expect(html).toContain(`data-copy="follow-${format}"`);
      expect(html).toContain('href="/feeds.opml"');
      expect(html).toContain('<script src="/assets/site.js" defer=""></script>');
    },
  );

  it("on a tag page follows that tag's feeds", async () => {
    const html = await (await get("/tags/iran/")).text();
    expect(html).toContain(`id="follow-rss" type="url" readonly="" value="${origin}/tags/iran/feed.xml"`);
  });

  it("its script is served with validators", async () => {
    const response = await get("/assets/site.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await response.text()).toContain("data-copy");
  });
});
