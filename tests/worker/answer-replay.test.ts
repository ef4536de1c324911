/**
 * The replay of known answers (src/http/answer-replay.ts): a request the isolate has answered
 * before, in the same published state, is answered again before the router and the middleware
 * run. Whatever the request's headers, the replayed answer must be exactly the answer the routes
 * give: same status, same headers, same bytes. Each case here is answered twice: by a fresh app,
 * which can only take the long way, and by an app that answered the same URL before with other
 * headers.
 */

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { BuiltContent } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { createApp } from "../../src/http/app";
import { createMemoryStore } from "../../src/store/memory-store";

const origin = "http://localhost:8787";
const built = JSON.parse(env.SEED_CONTENT) as BuiltContent;
const newest = built.articles[0] as Article;
const T = Date.parse(newest.published) + 60_000;
// The test configuration has isolates check the store on every request (CONTENT_CHECK_SECONDS=0),
// which leaves nothing to replay; here they trust it for 5 s, as in production, with a WebSub hub
// (whose Link header a replayed feed must carry too).
const bindings = { ...env, CONTENT_CHECK_SECONDS: "5", WEBSUB_HUBS: "https://hub.example.net/" };

const navigation = { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", Accept: "text/html" };
const paths = [
  "/feed.xml",
  "/atom.xml",
  "/feed.json",
  `/sections/${newest.section.toLowerCase().replace(/[^a-z0-9]+/g, "-")}/feed.xml`,
  "/",
  `/articles/${newest.slug}`,
  "/feeds.opml",
  "/favicon.ico",
  "/no-such-address",
  "/tags/no-such-tag/feed.xml",
  "/feed.xml?utm_source=reader",
  "/robots.txt",
  "/sitemap.xml",
  "/news-sitemap.xml",
];

/** An app on the seed content whose clock counts the requests that reach past the replay. */
function countingApp() {
  const counter = { calls: 0 };
  const app = createApp({
    storeFor: () => createMemoryStore(built),
    now: () => {
      counter.calls += 1;
      return T;
    },
  });
  async function send(path: string, headers: Record<string, string>, method = "GET") {
    const before = counter.calls;
    const response = await app.request(origin + path, { method, headers }, bindings);
    // Once the environment has served a request, the replay reads the clock for every GET and
    // HEAD; the routes read it once more.
    return { response, replayed: counter.calls - before === 1 };
  }
  return {
    send,
    /** The app after its environment's first request (to an address no case uses). */
    async primed() {
      await send("/priming-request", {});
      return { send };
    },
  };
}

async function answerOf(response: Response) {
  return {
    status: response.status,
    headers: [...response.headers].sort(([a], [b]) => a.localeCompare(b)),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

/** The requests of each case: the validators come from the long way's plain answer. */
function variants(plain: Response): [string, Record<string, string>, string][] {
  const etag = plain.headers.get("etag");
  const lastModified = plain.headers.get("last-modified");
  return [
    ["plain", {}, "GET"],
    ["gzip", { "Accept-Encoding": "gzip, deflate" }, "GET"],
    ["br", { "Accept-Encoding": "br;q=1, gzip;q=0.5" }, "GET"],
    ["no coding at all", { "Accept-Encoding": "*;q=0" }, "GET"],
    ["HEAD in gzip", { "Accept-Encoding": "gzip" }, "HEAD"],
    ...(etag
      ? [["If-None-Match", { "If-None-Match": etag }, "GET"] as [string, Record<string, string>, string]]
      : []),
    ...(etag
      ? [
          [
            "If-None-Match of identity, gzip asked",
            { "If-None-Match": etag, "Accept-Encoding": "gzip" },
            "GET",
          ] as [string, Record<string, string>, string],
        ]
      : []),
    ...(lastModified
      ? [
          ["If-Modified-Since", { "If-Modified-Since": lastModified }, "GET"] as [
            string,
            Record<string, string>,
            string,
          ],
        ]
      : []),
    ["browser navigation", navigation, "GET"],
    ["browser asking for HTML", { Accept: "text/html,application/xhtml+xml" }, "GET"],
  ];
}

describe.each(paths)("%s", (path) => {
  it("is answered again exactly as the routes answer it, whatever the headers", async () => {
    const plain = await (await countingApp().primed()).send(path, {});
    for (const [name, headers, method] of variants(plain.response)) {
      const longWay = await (await countingApp().primed()).send(path, headers, method);
      expect(longWay.replayed, name).toBe(false);
      // Another isolate has answered the same URL for a feed reader, and for a browser.
      const warm = await countingApp().primed();
      await warm.send(path, navigation);
      await warm.send(path, {});
      const again = await warm.send(path, headers, method);
      expect(await answerOf(again.response), name).toEqual(await answerOf(longWay.response));
    }
  });

  it("a feed reader's repeated request is answered without the routes", async () => {
    const { send } = await countingApp().primed();
    const first = await send(path, { "Accept-Encoding": "gzip" });
    expect(first.replayed).toBe(false);
    const second = await send(path, { "Accept-Encoding": "gzip" });
    expect(second.replayed).toBe(true);
    expect(await answerOf(second.response)).toEqual(await answerOf(first.response));
    // A subscription feed names its hub, however it is answered; nothing else does.
    const isFeed =
      second.response.status === 200 &&
      /\/(feed\.xml|atom\.xml|feed\.json)$/.test(new URL(path, origin).pathname);
    expect(
      second.response.headers.get("link")?.includes('<https://hub.example.net/>; rel="hub"') ?? false,
    ).toBe(isFeed);
  });
});

describe("documents that follow the clock", () => {
  it("a news sitemap is not replayed into the next step of the clock", async () => {
    // An article is listed while its step of the clock ends less than two days after it. One second
    // before the last such step ends, and one second after: within the isolate's snapshot of the
    // store (5 s), in one published state.
    const step = 5 * 60_000;
    const turnsTwoDays = Date.parse(newest.published) + 2 * 86_400_000;
    const lastEnd = Math.ceil(turnsTwoDays / step) * step - step;
    const clock = { now: lastEnd - 1000 };
    const app = createApp({ storeFor: () => createMemoryStore(built), now: () => clock.now });
    const get = async () => (await app.request(`${origin}/news-sitemap.xml`, {}, bindings)).text();
    const before = await get();
    expect(before).toContain(`/articles/${newest.slug}`);
    expect(await get()).toBe(before);
    clock.now += 2000;
    expect(await get()).not.toContain(`/articles/${newest.slug}`);
  });
});

describe("a 304", () => {
  it("carries what updates a stored response and CORS's two headers, nothing else, both ways", async () => {
    const { send } = await countingApp().primed();
    const plain = await send("/feed.xml", { "Accept-Encoding": "gzip" });
    const etag = plain.response.headers.get("etag") ?? "";
    for (const expectReplay of [false, true]) {
      const { response, replayed } = await send("/feed.xml?poll", {
        "Accept-Encoding": "gzip",
        "If-None-Match": etag,
      });
      expect(replayed).toBe(expectReplay);
      expect(response.status).toBe(304);
      expect([...response.headers.keys()].sort()).toEqual([
        "access-control-allow-origin",
        "access-control-expose-headers",
        "cache-control",
        "etag",
        "last-modified",
        "link",
        "vary",
      ]);
    }
  });
});

describe("what is never replayed", () => {
  it("a browser's navigation to a feed gets the HTML view, after a feed reader's request and before", async () => {
    const { send } = await countingApp().primed();
    await send("/feed.xml", {});
    const view = await send("/feed.xml", navigation);
    expect(view.replayed).toBe(false);
    expect(view.response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const feed = await send("/feed.xml", {});
    expect(feed.replayed).toBe(true);
    expect(feed.response.headers.get("content-type")).toMatch(/^application\/rss\+xml/);
  });

  it("a browser gets the error page, not the text a feed reader got", async () => {
    const { send } = await countingApp().primed();
    await send("/no-such-address", {});
    const page = await send("/no-such-address", navigation);
    expect(page.replayed).toBe(false);
    expect(page.response.status).toBe(404);
    expect(page.response.headers.get("content-type")).toMatch(/^text\/html/);
  });

  it("a method other than GET and HEAD, and a redirect", async () => {
    const { send } = await countingApp().primed();
    for (let round = 0; round < 2; round += 1) {
      const post = await send("/feed.xml", {}, "POST");
      expect(post.response.status).toBe(405);
      expect(post.replayed).toBe(false);
      const moved = await send("/rss", {});
      expect(moved.replayed).toBe(false);
    }
  });
});
