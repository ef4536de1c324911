/**
 * Near misses: entity-tags that differ from the real one in their last character or length, a pair
 * of ids whose short codes collide, and dates handled in a time zone other than UTC (the Node
 * project runs in America/St_Johns, UTC−03:30 with summer time, see vitest.config.ts).
 */
import { describe, expect, it } from "vitest";
import { scaffoldArticle } from "../../scripts/new-article";
import { buildContent, ContentError } from "../../src/content/load-content";
import { shortCodeFor } from "../../src/content/short-code";
import { parseHttpDate } from "../../src/documents/conditional";
import { createApp } from "../../src/http/app";
import { toUtcIso } from "../../src/lib/dates";
import { createMemoryStore } from "../../src/store/memory-store";
import { buildCorpus, env, evenCorpus } from "./helpers/corpus";
import { markdownArticle } from "./helpers/feeds";

/** Every way to be almost the entity-tag `"…"`: last character changed, one short, one long, … */
function nearMisses(etag: string): string[] {
  const opaque = etag.slice(1, -1);
  const last = opaque.at(-1) ?? "0";
  const other = last === "0" ? "1" : "0";
  return [
    `"${opaque.slice(0, -1)}${other}"`,
    `"${opaque.slice(0, -1)}"`,
    `"${opaque}0"`,
    `"${other}${opaque.slice(1)}"`,
    `"${opaque.slice(1)}"`,
    `W/"${opaque.slice(0, -1)}${other}"`,
    `"${opaque.toUpperCase()}"`,
    opaque,
    `"${opaque.slice(0, 16)}"`,
    `"x", "${opaque.slice(0, -1)}", W/"${opaque}0"`,
  ];
}

describe("If-None-Match compares whole entity-tags", () => {
  const app = createApp({ storeFor: () => createMemoryStore(buildCorpus(evenCorpus(25))) });
  const paths = ["/feed.xml", "/atom.xml", "/feed.json", "/archive/1/atom.xml", "/", "/articles/story-0003"];

  it.each(paths)("%s: only its own tag (strong or weak, alone or in a list) answers 304", async (path) => {
    const full = await app.request(path, {}, env);
    const etag = full.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    for (const condition of nearMisses(etag)) {
      const response = await app.request(path, { headers: { "If-None-Match": condition } }, env);
      expect(response.status, condition).toBe(200);
    }
    for (const condition of [etag, `W/${etag}`, `"nope", ${etag}`, `${nearMisses(etag)[0]}, W/${etag}`]) {
      const response = await app.request(path, { headers: { "If-None-Match": condition } }, env);
      expect(response.status, condition).toBe(304);
    }
  });
});

describe("short-code collisions", () => {
  // Found by brute force over "tag:news.example.com,2025:collision-<n>": the first 40 bits of the
  // two ids' SHA-256 digests are equal, so their 8-character short codes are the same.
  const first = "tag:news.example.com,2025:collision-401384";
  const second = "tag:news.example.com,2025:collision-1368930";

  it("the fixture pair does collide", () => {
    expect(shortCodeFor(first)).toBe(shortCodeFor(second));
    expect(first).not.toBe(second);
  });

  it("the build refuses the second article, naming both files and the code", () => {
    const files = {
      "older.md": markdownArticle(
        { id: first, title: "Older", published: "2025-01-01T00:00:00Z", section: "Desk" },
        "Older body.",
      ),
      "newer.md": markdownArticle(
        { id: second, title: "Newer", published: "2025-01-02T00:00:00Z", section: "Desk" },
        "Newer body.",
      ),
    };
    let error: unknown;
    try {
      buildContent(files);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ContentError);
    const problems = (error as ContentError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("content/older.md: id:");
    expect(problems[0]).toContain(`short code ${shortCodeFor(first)}`);
    expect(problems[0]).toContain("content/newer.md has too");
  });

  it("two articles with different codes build, each reachable by its own short URL", async () => {
    const content = buildCorpus(evenCorpus(2));
    const app = createApp({ storeFor: () => createMemoryStore(content) });
    for (const article of content.articles) {
      const response = await app.request(`/s/${article.shortCode}`, {}, env);
      expect(response.status).toBe(301);
      expect(new URL(response.headers.get("location") ?? "").pathname).toBe(`/articles/${article.slug}`);
    }
  });
});

describe("dates in a time zone other than UTC", () => {
  it("the Node project really runs outside UTC", () => {
    expect(process.env.TZ).toBe("America/St_Johns");
    expect(new Date(2025, 0, 15).getTimezoneOffset()).toBe(210);
    expect(new Date(2025, 6, 15).getTimezoneOffset()).toBe(150);
  });

  it("HTTP-dates in all three forms are read as GMT", () => {
    const instant = Date.UTC(2025, 6, 4, 23, 30, 5);
    expect(parseHttpDate("Fri, 04 Jul 2025 23:30:05 GMT")).toBe(instant);
    expect(parseHttpDate("Friday, 04-Jul-25 23:30:05 GMT")).toBe(instant);
    expect(parseHttpDate("Fri Jul  4 23:30:05 2025")).toBe(instant);
  });

  it("content dates with any offset become the same UTC instant", () => {
    expect(toUtcIso("2025-01-01T00:30:00-03:30")).toBe("2025-01-01T04:00:00Z");
    expect(toUtcIso("2025-07-01T23:59:59+14:00")).toBe("2025-07-01T09:59:59Z");
    expect(toUtcIso(Date.UTC(2025, 2, 9, 5, 0, 0))).toBe("2025-03-09T05:00:00Z");
  });

  it("npm run new writes the current instant in UTC", () => {
    const { source } = scaffoldArticle(
      "Late edition",
      new Date(Date.UTC(2025, 0, 1, 2, 15, 0)),
      "0f8fad5b-d9cb-469f-a165-70867728950e",
    );
    expect(source).toContain("published: 2025-01-01T02:15:00Z");
  });

  it("Last-Modified and feed dates come out in GMT/UTC", async () => {
    const content = buildContent({
      "late.md": markdownArticle(
        {
          id: "tag:news.example.com,2025:late",
          title: "Late",
          published: "2025-01-01T00:30:00-03:30",
          section: "Desk",
        },
        "Body.",
      ),
    });
    const app = createApp({ storeFor: () => createMemoryStore(content) });
    const rss = await app.request("/feed.xml", {}, env);
    expect(rss.headers.get("last-modified")).toBe("Wed, 01 Jan 2025 04:00:00 GMT");
    const text = await rss.text();
    expect(text).toContain("<pubDate>Wed, 01 Jan 2025 04:00:00 GMT</pubDate>");
    const json = (await (await app.request("/feed.json", {}, env)).json()) as {
      items: { date_published: string }[];
    };
    expect(json.items[0]?.date_published).toBe("2025-01-01T04:00:00Z");
    const opml = await (await app.request("/feeds.opml", {}, env)).text();
    expect(opml).toContain("<dateModified>Wed, 01 Jan 2025 04:00:00 GMT</dateModified>");
  });
});
