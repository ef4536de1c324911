import { exports } from "cloudflare:workers";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";

// Runs in workerd with wrangler.toml's top-level vars, as `wrangler dev` does.
const origin = "http://localhost:8787";

function get(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(origin + path, init));
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

async function itemLinks(): Promise<{ rss: string[]; atom: string[]; json: string[] }> {
  const rss = xml.parse(await (await get("/feed.xml")).text());
  const atom = xml.parse(await (await get("/atom.xml")).text());
  const json = (await (await get("/feed.json")).json()) as { items: { url: string }[] };
  return {
    rss: asArray(rss.rss.channel.item).map((item: { link: string }) => item.link),
    atom: asArray(atom.feed.entry).map(
      (entry: { link: { "@rel": string; "@href": string } | { "@rel": string; "@href": string }[] }) =>
        asArray(entry.link).find((link) => link["@rel"] === "alternate")?.["@href"] ?? "",
    ),
    json: json.items.map((item) => item.url),
  };
}

describe("feed routes", () => {
  it.each([
    ["/feed.xml", "application/rss+xml; charset=utf-8"],
    ["/atom.xml", "application/atom+xml; charset=utf-8"],
    ["/feed.json", "application/feed+json; charset=utf-8"],
  ])("%s answers 200 as %s", async (path, type) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect((await response.arrayBuffer()).byteLength).toBe(Number(response.headers.get("content-length")));
  });

  it("lists both seed articles, newest first, in every format", async () => {
    const links = await itemLinks();
    const expected = [
      `${origin}/articles/settlers-stormed-al-aqsa-mosque-in-january`,
      `${origin}/articles/iran-president-calls-for-expanded-ties-with-russia`,
    ];
    expect(links.rss).toEqual(expected);
    expect(links.atom).toEqual(expected);
    expect(links.json).toEqual(expected);
  });

  it("every item link in every feed answers 200 with an HTML page", async () => {
    const links = await itemLinks();
    for (const link of new Set([...links.rss, ...links.atom, ...links.json])) {
      const response = await get(new URL(link).pathname);
      expect(response.status, link).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      await response.arrayBuffer();
    }
  });

  it("gives byte-identical feeds to repeated requests", async () => {
    for (const path of ["/feed.xml", "/atom.xml", "/feed.json"]) {
      const first = await (await get(path)).text();
      const second = await (await get(path)).text();
      expect(second).toBe(first);
    }
  });
});

describe("pages", () => {
  it("the home page lists the articles with autodiscovery links for all three feeds", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(
      `<link rel="alternate" type="application/rss+xml" title="The Meridian Dispatch (RSS)" href="${origin}/feed.xml"/>`,
    );
    expect(html).toContain(
      `<link rel="alternate" type="application/atom+xml" title="The Meridian Dispatch (Atom)" href="${origin}/atom.xml"/>`,
    );
    expect(html).toContain(
      `<link rel="alternate" type="application/feed+json" title="The Meridian Dispatch (JSON Feed)" href="${origin}/feed.json"/>`,
    );
    const first = html.indexOf("/articles/settlers-stormed-al-aqsa-mosque-in-january");
    const second = html.indexOf("/articles/iran-president-calls-for-expanded-ties-with-russia");
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
  });

  it("an article page shows headline, dateline, bullets, body, caption with credit and times", async () => {
    const html = await (await get("/articles/iran-president-calls-for-expanded-ties-with-russia")).text();
    expect(html).toContain(
      "<h1>Iranian president, in talks with Putin ally, calls for expanded ties with Russia</h1>",
    );
    expect(html).toContain('<span class="dateline">MOSCOW:</span>');
    expect(html).toContain("<li>Russia has condemned the killing of Ismail Haniyeh");
    expect(html).toContain("<h2>MOSCOW’S CLOSER TIES WITH TEHRAN</h2>");
    expect(html).toMatch(
      /<figcaption>Iran&#39;s President Masoud Pezeshkian meets with .* <small>\(Reuters\)<\/small><\/figcaption>/,
    );
    expect(html).toMatch(/<time datetime="2024-08-06T00:00:00Z"[^>]*>Tue, 06 Aug 2024 00:00 GMT<\/time>/);
  });

  it.each([
    "/nope",
    "/articles/unknown-article",
    "/articles/",
    "/feed.xml/extra",
    "/%E0%A4%A",
    "/articles/..%2F..%2Fetc",
  ])("unknown path %s answers 404, never 5xx", async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("/feed.xml");
  });
});
