/**
 * One owner per concept: the format table, the URL map, the site layer's resolutions and the content
 * store contract, each checked through what the worker serves.
 */
import { describe, expect, it, vi } from "vitest";
import type { FeedFormat } from "../../src/feeds/feed-model";
import { type FormatTable, standardFormats } from "../../src/feeds/formats";
import { createApp } from "../../src/http/app";
import { createCatalog } from "../../src/site/catalog";
import { resolveArticle, resolveFamily, resolveShortCode } from "../../src/site/resolve";
import { type ContentStore, MissingBodyError } from "../../src/store/content-store";
import { createMemoryStore } from "../../src/store/memory-store";
import { familyBase, familyPathOfName, feedRoutes } from "../../src/urls/url-map";
import { buildCorpus, env, evenCorpus, fetchText, navigation } from "./helpers/corpus";
import { ORIGIN, siteConfig } from "./helpers/feeds";

/** A format that exists only in this test: the newest titles, one a line. */
const plainText: FeedFormat = {
  id: "text",
  fileName: "feed.txt",
  mediaType: "text/plain",
  label: "Plain text",
  fullName: "Plain text list",
  opmlVersion: "TEXT1",
  render: (model, self) =>
    `${model.title} (${self.id})\n${model.items.map((item) => `${item.title}\n`).join("")}`,
};

describe("a fourth format registered in a test-only table", () => {
  const formats: FormatTable = [...standardFormats, plainText];
  const content = buildCorpus(evenCorpus(25));
  const app = createApp({ storeFor: () => createMemoryStore(content), formats });

  it("is served at every feed route: site, family and archive pages", async () => {
    for (const path of [
      "/feed.txt",
      "/tags/boundary/feed.txt",
      "/archive/1/feed.txt",
      "/authors/ann-lee/archive/2/feed.txt",
    ]) {
      const { status, text, headers } = await fetchText(app, path);
      expect(status, path).toBe(200);
      expect(headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(text).toContain("Story number");
      expect(headers.get("link")).toContain(`${ORIGIN}${path}>; rel="self"; type="text/plain"`);
    }
    expect((await fetchText(app, "/archive/3/feed.txt")).status).toBe(404);
  });

  it("appears in autodiscovery, Follow, the feeds page, Link headers, Atom alternates and OPML", async () => {
    const home = await fetchText(app, "/");
    expect(home.text).toContain(
      `<link rel="alternate" type="text/plain" title="The Meridian Dispatch (Plain text)" href="${ORIGIN}/feed.txt"/>`,
    );
    expect(home.text).toContain(`id="follow-text"`);
    expect(home.headers.get("link")).toContain(`<${ORIGIN}/feed.txt>; rel="alternate"; type="text/plain"`);
    const feeds = await fetchText(app, "/feeds");
    expect(feeds.text).toContain(`<a href="/tags/boundary/feed.txt">Plain text</a>`);
    const atom = await fetchText(app, "/atom.xml");
    expect(atom.text).toContain(`<link rel="alternate" type="text/plain" href="${ORIGIN}/feed.txt"/>`);
    const opml = await fetchText(app, "/feeds.opml");
    expect(opml.text).toContain(`version="TEXT1" xmlUrl="${ORIGIN}/sections/desk/feed.txt"`);
  });

  it("has a browser view and is listed in the 404 text", async () => {
    const view = await fetchText(app, "/feed.txt", navigation);
    expect(view.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(view.text).toContain("You opened the Plain text list feed");
    const missing = await fetchText(app, "/nowhere");
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("  /feed.txt   Plain text list\n");
  });

  it("is absent from an app with the standard table", async () => {
    const standard = createApp({ storeFor: () => createMemoryStore(content) });
    expect((await fetchText(standard, "/feed.txt")).status).toBe(404);
    expect((await fetchText(standard, "/feeds.opml")).text).not.toContain("feed.txt");
  });
});

describe("the URL map", () => {
  it("gives a name of punctuation only no family and no link", async () => {
    expect(familyBase("tag", "")).toBeUndefined();
    expect(familyPathOfName("tag", "+++")).toBeUndefined();
    expect(familyPathOfName("tag", "C++")).toBe("/tags/c/");
    // The build refuses such names (hardening-content.test.ts); content published before it did,
    // or made another way, still renders without a broken link.
    expect(() => buildCorpus(evenCorpus(1), { "story-0001": { tags: ["+++", "Boundary"] } })).toThrow(
      /found string "\+\+\+" \(tags\[0\]\)/,
    );
    const built = buildCorpus(evenCorpus(1));
    const content = {
      ...built,
      articles: built.articles.map((article) => ({ ...article, tags: ["+++", "Boundary"], section: "!!!" })),
    };
    const app = createApp({ storeFor: () => createMemoryStore(content) });
    const page = await fetchText(app, "/articles/story-0001");
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('href="/tags//"');
    expect(page.text).not.toContain('href="/sections//"');
    expect(page.text).toContain("<li>+++</li>");
    expect(page.text).toContain('<a href="/tags/boundary/">Boundary</a>');
    expect((await fetchText(app, "/feeds.opml")).text).not.toContain("/tags//");
  });

  it("derives feed routes from the format table", () => {
    expect(feedRoutes(standardFormats).siteFeed).toBe("/:file{(?:feed\\.xml|atom\\.xml|feed\\.json)}");
    expect(feedRoutes([plainText]).familyArchive).toBe(
      "/:kind{(?:sections|tags|authors)}/:slug/archive/:page{[1-9][0-9]{0,8}}/:file{(?:feed\\.txt)}",
    );
  });
});

describe("the site layer answers as data", () => {
  const content = buildCorpus(evenCorpus(2), { "story-0002": { tags: ["Middle East"] } });
  const withFormer = {
    ...content,
    articles: content.articles.map((article) =>
      article.slug === "story-0001" ? { ...article, formerSlugs: ["old-story"] } : article,
    ),
  };

  it("resolves families, moves and missing ones", async () => {
    const catalog = createCatalog(siteConfig(), createMemoryStore(withFormer), {
      generation: 1,
      before: undefined,
    });
    expect((await resolveFamily(catalog, "tags", "middle-east", "/tags/middle-east/")).kind).toBe("found");
    expect(await resolveFamily(catalog, "tags", "Middle-East", "/tags/Middle-East/feed.xml")).toEqual({
      kind: "moved",
      path: "/tags/middle-east/feed.xml",
    });
    expect(await resolveFamily(catalog, "tags", "nowhere", "/tags/nowhere/")).toEqual({
      kind: "missing",
      reason: "No tag “nowhere” on this site.",
    });
    expect((await resolveFamily(catalog, "places", "x", "/places/x/")).kind).toBe("missing");
    expect(await resolveArticle(catalog, "old-story")).toEqual({
      kind: "moved",
      path: "/articles/story-0001",
    });
    expect((await resolveArticle(catalog, "nope")).kind).toBe("missing");
    const code = withFormer.articles[0]?.shortCode ?? "";
    expect(await resolveShortCode(catalog, code.toUpperCase())).toEqual({
      kind: "moved",
      path: "/articles/story-0002",
    });
  });
});

describe("the content store contract", () => {
  const content = buildCorpus(evenCorpus(3));

  it("the bundled store is asynchronous and refuses an unknown body", async () => {
    const store = createMemoryStore(content);
    const view = { generation: 1, before: undefined };
    expect(await store.count(view, { kind: "site" })).toBe(3);
    await expect(store.getArticleHtml(view, "nope")).rejects.toBeInstanceOf(MissingBodyError);
  });

  it("a missing body is a server error, never an empty document, and is not cached", async () => {
    const inner = createMemoryStore(content);
    let broken = true;
    const store: ContentStore = {
      ...inner,
      getArticleHtml: (view, slug) =>
        broken && slug === "story-0002"
          ? Promise.reject(new MissingBodyError(slug))
          : inner.getArticleHtml(view, slug),
    };
    const app = createApp({ storeFor: () => store });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const path of ["/feed.xml", "/articles/story-0002", "/tags/boundary/atom.xml"]) {
      expect((await app.request(path, {}, env)).status, path).toBe(500);
    }
    // The error is logged for the operator, naming the article.
    expect(String(logged.mock.calls[0]?.[0])).toContain('no body for article "story-0002"');
    logged.mockRestore();
    // A page that does not need the body is unaffected.
    expect((await app.request("/articles/story-0001", {}, env)).status).toBe(200);
    broken = false;
    for (const path of ["/feed.xml", "/articles/story-0002", "/tags/boundary/atom.xml"]) {
      const response = await app.request(path, {}, env);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain("story number 2");
    }
  });

  it("each environment gets the store its factory makes for it", async () => {
    const one = buildCorpus(evenCorpus(1));
    const two = buildCorpus(evenCorpus(2));
    const seen: string[] = [];
    const app = createApp({
      storeFor: (bindings) => {
        const origin = (bindings as { SITE_ORIGIN?: string }).SITE_ORIGIN ?? "";
        seen.push(origin);
        return createMemoryStore(origin.includes("two") ? two : one);
      },
    });
    const first = (await (
      await app.request("/feed.json", {}, { SITE_ORIGIN: "https://one.example" })
    ).json()) as {
      items: unknown[];
    };
    const second = (await (
      await app.request("/feed.json", {}, { SITE_ORIGIN: "https://two.example" })
    ).json()) as {
      items: unknown[];
    };
    await app.request("/feed.json", {}, { SITE_ORIGIN: "https://two.example" });
    expect(first.items).toHaveLength(1);
    expect(second.items).toHaveLength(2);
    expect(seen).toEqual(["https://one.example", "https://two.example"]);
  });
});
