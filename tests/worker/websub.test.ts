/**
 * WebSub in workerd, against a stand-in hub on 127.0.0.1 (a Node server started by the project's
 * global setup, reached by the worker's own fetch): the scheduled handler pings exactly once when a
 * scheduled article comes due, even when two runs overlap or a run is repeated, catches up after a
 * missed minute, retries a failing hub, and tells nobody about an article rescheduled or removed
 * since; and the feed responses' Link headers name the hubs on 200, 304 and HEAD, on every
 * subscribable feed and on no archive page.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { standardFormats } from "../../src/feeds/formats";
import { createApp } from "../../src/http/app";
import worker from "../../src/index";
import { d1Target, publishContent } from "../../src/store/d1-publish";
import { createD1Store } from "../../src/store/d1-store";
import { MAX_DUE_ATTEMPTS, pingDueArticles } from "../../src/websub/due-pings";
import { hubClient, notifiedUrls } from "../unit/helpers/stand-in-hub-client";

const origin = "http://localhost:8787";
const hub = hubClient(inject("hubOrigin"));
const T = Date.UTC(2030, 0, 1, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const minute = 60_000;
const target = () => d1Target(env.DB);

function article(slug: string, publishedMs: number, overrides: Partial<Article> = {}): Article {
  const stamp = iso(publishedMs);
  return {
    id: `tag:news.example.com,2030:${slug}`,
    slug,
    title: `Story ${slug}`,
    summary: `Summary of ${slug}.`,
    published: stamp,
    updated: stamp,
    authors: ["Ann Lee"],
    section: "Desk",
    tags: [],
    highlights: [],
    formerSlugs: [],
    shortCode: slug
      .replace(/[^a-z0-9]/g, "")
      .padEnd(8, "0")
      .slice(0, 8),
    html: `<p>Body of ${slug}.</p>`,
    ...overrides,
  };
}

/** Newest first, as the build step orders them. */
function content(articles: Article[]): BuiltContent {
  const sorted = [...articles].sort((a, b) =>
    a.published < b.published ? 1 : a.published > b.published ? -1 : 0,
  );
  return { version: sorted.map((item) => `${item.slug}@${item.published}`).join(","), articles: sorted };
}

/** Publishes `articles` (and nothing else) as a publish at `nowMs` would. */
function publishAt(nowMs: number, articles: Article[]) {
  return publishContent(target(), content(articles), { ...siteSettings, now: new Date(nowMs) });
}

/** No wait between attempts: the delays are recorded instead. */
function recordedDelays() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

function dueRun(hubs: string[], nowMs: number, sleep = recordedDelays().sleep) {
  return pingDueArticles(
    target(),
    { origin, hubs, formats: standardFormats, defaultAuthor: siteSettings.defaultAuthor },
    nowMs,
    { sleep },
  );
}

/** The site's feeds and the feeds of Ann Lee, Desk and the tags Iran and Russia, in code-unit order. */
const deskIranRussia = [
  `${origin}/atom.xml`,
  `${origin}/authors/ann-lee/atom.xml`,
  `${origin}/authors/ann-lee/feed.json`,
  `${origin}/authors/ann-lee/feed.xml`,
  `${origin}/feed.json`,
  `${origin}/feed.xml`,
  `${origin}/sections/desk/atom.xml`,
  `${origin}/sections/desk/feed.json`,
  `${origin}/sections/desk/feed.xml`,
  `${origin}/tags/iran/atom.xml`,
  `${origin}/tags/iran/feed.json`,
  `${origin}/tags/iran/feed.xml`,
  `${origin}/tags/russia/atom.xml`,
  `${origin}/tags/russia/feed.json`,
  `${origin}/tags/russia/feed.xml`,
];

/** The form body a notification about `urls` is, encoded here without URLSearchParams. */
function formBody(urls: readonly string[]): string {
  return ["hub.mode=publish", ...urls.map((url) => `hub.url=${encodeURIComponent(url)}`)].join("&");
}

const visible = article("old-story", T - 86_400_000);

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM websub_due").run();
});

describe("the scheduled handler", () => {
  it("pings exactly once when an article comes due, even when runs overlap or repeat", async () => {
    const name = "once";
    const due = article("due-once", T + 90_000, { tags: ["Iran", "Russia"] });
    await publishAt(T, [visible, due]);
    const rows = await env.DB.prepare("SELECT slug, due FROM websub_due").all();
    // The article already out was the publish's to announce: only the scheduled one waits here.
    expect(rows.results).toEqual([{ slug: "due-once", due: due.published }]);

    expect((await dueRun([hub.url(name)], T + minute)).pinged).toEqual([]);
    expect(await hub.pings(name)).toEqual([]);

    const [first, second] = await Promise.all([
      dueRun([hub.url(name)], T + 2 * minute),
      dueRun([hub.url(name)], T + 2 * minute),
    ]);
    expect([...first.pinged, ...second.pinged]).toEqual(["due-once"]);
    expect((await dueRun([hub.url(name)], T + 2 * minute)).pinged).toEqual([]);
    expect((await dueRun([hub.url(name)], T + 3 * minute)).pinged).toEqual([]);

    const pings = await hub.pings(name);
    expect(pings).toHaveLength(1);
    expect(pings[0]?.contentType).toBe("application/x-www-form-urlencoded");
    expect(pings[0]?.body).toBe(formBody(deskIranRussia));
    expect(notifiedUrls(pings[0] ?? { method: "", contentType: "", body: "" })).toEqual(deskIranRussia);
  });

  it("catches up after a missed minute, in one notification for every article that came due", async () => {
    const name = "catch-up";
    const first = article("due-a", T + 30_000, { section: "World" });
    const second = article("due-b", T + 70_000, { authors: [], tags: ["Iran"] });
    await publishAt(T, [visible, first, second]);
    // No run at T + 1 min (missed); the run at T + 2.5 min finds both.
    const run = await dueRun([hub.url(name)], T + 150_000);
    expect(run.pinged.sort()).toEqual(["due-a", "due-b"]);
    const pings = await hub.pings(name);
    expect(pings).toHaveLength(1);
    expect(notifiedUrls(pings[0] ?? { method: "", contentType: "", body: "" })).toEqual([
      `${origin}/atom.xml`,
      `${origin}/authors/ann-lee/atom.xml`,
      `${origin}/authors/ann-lee/feed.json`,
      `${origin}/authors/ann-lee/feed.xml`,
      `${origin}/authors/meridian-dispatch-staff/atom.xml`,
      `${origin}/authors/meridian-dispatch-staff/feed.json`,
      `${origin}/authors/meridian-dispatch-staff/feed.xml`,
      `${origin}/feed.json`,
      `${origin}/feed.xml`,
      `${origin}/sections/desk/atom.xml`,
      `${origin}/sections/desk/feed.json`,
      `${origin}/sections/desk/feed.xml`,
      `${origin}/sections/world/atom.xml`,
      `${origin}/sections/world/feed.json`,
      `${origin}/sections/world/feed.xml`,
      `${origin}/tags/iran/atom.xml`,
      `${origin}/tags/iran/feed.json`,
      `${origin}/tags/iran/feed.xml`,
    ]);
  });

  it("tries a hub that answers 500 again within the run, after a second", async () => {
    const name = "flaky";
    await hub.script(name, [500]);
    await publishAt(T, [visible, article("due-flaky", T + 10_000, { tags: ["Iran", "Russia"] })]);
    const { delays, sleep } = recordedDelays();
    const run = await dueRun([hub.url(name)], T + minute, sleep);
    expect(run.pinged).toEqual(["due-flaky"]);
    expect(run.outcomes).toEqual([{ hub: hub.url(name), ok: true, status: 204, attempts: 2 }]);
    expect(delays).toEqual([1000]);
    const pings = await hub.pings(name);
    expect(pings.map((ping) => ping.body)).toEqual([formBody(deskIranRussia), formBody(deskIranRussia)]);
  });

  it("keeps an article a hub failed for and tells the hubs that failed alone at the next run", async () => {
    const [good, flaky] = ["steady", "down-a-while"];
    // Down for one whole run (three attempts), up for the next; another hub cannot be reached at all.
    await hub.script(flaky, [503, 503, 503]);
    const down = inject("downHub");
    const hubs = [hub.url(good), hub.url(flaky), down];
    await publishAt(T, [visible, article("due-retry", T + 10_000, { tags: ["Iran", "Russia"] })]);
    const { delays, sleep } = recordedDelays();
    const first = await dueRun(hubs, T + minute, sleep);
    expect(first).toMatchObject({ pinged: [], retrying: ["due-retry"] });
    expect(first.outcomes.map((outcome) => [outcome.ok, outcome.attempts])).toEqual([
      [true, 1],
      [false, 3],
      [false, 3],
    ]);
    // Each failing hub waited 1 s, then 2 s (the two hubs are tried side by side).
    expect(delays.sort()).toEqual([1000, 1000, 2000, 2000]);
    const row = await env.DB.prepare("SELECT attempts, hubs, claim FROM websub_due").first();
    expect(row).toEqual({ attempts: 1, hubs: JSON.stringify([hub.url(flaky), down]), claim: null });

    const second = await dueRun(hubs, T + 2 * minute);
    expect(second).toMatchObject({ pinged: [], retrying: ["due-retry"] });
    expect(await hub.pings(good)).toHaveLength(1);
    expect((await hub.pings(flaky)).map((ping) => ping.body)).toEqual(
      Array(4).fill(formBody(deskIranRussia)),
    );
    expect(await env.DB.prepare("SELECT attempts, hubs FROM websub_due").first()).toEqual({
      attempts: 2,
      hubs: JSON.stringify([down]),
    });
  });

  it(`gives an article up after ${MAX_DUE_ATTEMPTS} failed runs`, async () => {
    const name = "never-up";
    await hub.script(name, Array(3 * MAX_DUE_ATTEMPTS).fill(500));
    await publishAt(T, [visible, article("due-never", T + 10_000)]);
    for (let run = 1; run < MAX_DUE_ATTEMPTS; run++) {
      expect((await dueRun([hub.url(name)], T + run * minute)).retrying).toEqual(["due-never"]);
    }
    const last = await dueRun([hub.url(name)], T + MAX_DUE_ATTEMPTS * minute);
    expect(last).toMatchObject({ abandoned: ["due-never"], retrying: [] });
    expect(last.outcomes).toEqual([
      { hub: hub.url(name), ok: false, attempts: 3, problem: "answered 500: status 500" },
    ]);
    expect(await hub.pings(name)).toHaveLength(3 * MAX_DUE_ATTEMPTS);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM websub_due").first()).toEqual({ n: 0 });
  });

  it("tells nobody about an article rescheduled or removed before its time, and pings the new time once", async () => {
    const name = "moved";
    const moving = article("due-moved", T + 90_000);
    const dropped = article("due-dropped", T + 90_000, { section: "World" });
    await publishAt(T, [visible, moving, dropped]);
    // A second publish moves one article ten minutes later and removes the other.
    await publishAt(T + 30_000, [
      visible,
      { ...moving, published: iso(T + 600_000), updated: iso(T + 600_000) },
    ]);
    expect((await dueRun([hub.url(name)], T + 2 * minute)).pinged).toEqual([]);
    expect(await hub.pings(name)).toEqual([]);
    expect((await dueRun([hub.url(name)], T + 11 * minute)).pinged).toEqual(["due-moved"]);
    const pings = await hub.pings(name);
    expect(pings).toHaveLength(1);
    expect(notifiedUrls(pings[0] ?? { method: "", contentType: "", body: "" })).not.toContain(
      `${origin}/sections/world/feed.xml`,
    );
  });

  it("drops the rows that come due when no hub is configured", async () => {
    await publishAt(T, [visible, article("due-unheard", T + 10_000)]);
    const run = await dueRun([], T + minute);
    expect(run.outcomes).toEqual([]);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM websub_due").first()).toEqual({ n: 0 });
  });

  it("runs as the worker's scheduled handler, with the environment's hubs", async () => {
    const name = "scheduled-export";
    const now = Date.now();
    await publishAt(now - 5 * minute, [
      visible,
      article("due-now", now - minute, { tags: ["Iran", "Russia"] }),
    ]);
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: now, cron: "* * * * *" }),
      { ...env, WEBSUB_HUBS: hub.url(name) } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const pings = await hub.pings(name);
    expect(pings.map((ping) => ping.body)).toEqual([formBody(deskIranRussia)]);
  });
});

describe("Link headers of feed responses", () => {
  const hubs = ["https://hub.example.net/", "http://127.0.0.1:9000/websub"];
  // External hubs alone: the own hub (on in wrangler.toml's local environment) is tested in hub.test.ts.
  const bindings = {
    ...env,
    WEBSUB_HUBS: hubs.join(", "),
    WEBSUB_OWN_HUB: "false",
    CONTENT_CHECK_SECONDS: "5",
  };
  // 25 articles in Desk, tagged Iran, by Ann Lee: every feed has a full archive page.
  const many = Array.from({ length: 25 }, (_, i) =>
    article(`link-${i}`, T - (i + 1) * 3_600_000, { tags: ["Iran"] }),
  );
  const formats = [
    ["feed.xml", "application/rss+xml"],
    ["atom.xml", "application/atom+xml"],
    ["feed.json", "application/feed+json"],
  ] as const;
  const folders = ["", "/sections/desk", "/tags/iran", "/authors/ann-lee"];

  function app() {
    return createApp({ storeFor: (bindings) => createD1Store(bindings.DB as D1Database), now: () => T });
  }

  /** The Link header a subscription feed must carry: self, the hubs, its page, the other formats. */
  function expectedLink(folder: string, file: string): string {
    const [, type] = formats.find(([name]) => name === file) ?? ["", ""];
    const others = formats
      .filter(([name]) => name !== file)
      .map(([name, mediaType]) => `<${origin}${folder}/${name}>; rel="alternate"; type="${mediaType}"`);
    return [
      `<${origin}${folder}/${file}>; rel="self"; type="${type}"`,
      `<https://hub.example.net/>; rel="hub"`,
      `<http://127.0.0.1:9000/websub>; rel="hub"`,
      `<${origin}${folder}/>; rel="alternate"; type="text/html"`,
      ...others,
    ].join(", ");
  }

  it("name the hubs and the self URL on 200, 304 and HEAD of every subscribable feed", async () => {
    await publishAt(T, many);
    const site = app();
    for (const folder of folders) {
      for (const [file] of formats) {
        const url = `${origin}${folder}/${file}`;
        const expected = expectedLink(folder, file);
        // Twice each: the second is answered by the replay of known answers.
        for (let round = 0; round < 2; round++) {
          const full = await site.request(url, {}, bindings);
          await full.arrayBuffer();
          expect(full.status, url).toBe(200);
          expect(full.headers.get("link"), url).toBe(expected);
          const etag = full.headers.get("etag") ?? "";
          const notModified = await site.request(url, { headers: { "If-None-Match": etag } }, bindings);
          expect(notModified.status, url).toBe(304);
          expect(notModified.headers.get("link"), url).toBe(expected);
          const head = await site.request(url, { method: "HEAD" }, bindings);
          expect(head.status, url).toBe(200);
          expect(head.headers.get("link"), url).toBe(expected);
        }
      }
    }
  });

  it("name no hub on archive pages, which never change", async () => {
    await publishAt(T, many);
    const site = app();
    for (const folder of folders) {
      for (const [file] of formats) {
        const url = `${origin}${folder}/archive/1/${file}`;
        const response = await site.request(url, {}, bindings);
        const body = await response.text();
        expect(response.status, url).toBe(200);
        expect(response.headers.get("link"), url).toContain(`<${url}>; rel="self"`);
        expect(response.headers.get("link"), url).not.toContain('rel="hub"');
        expect(body, url).not.toContain("hub.example.net");
      }
    }
  });

  it("are as before when no hub is configured", async () => {
    await publishAt(T, many);
    const response = await app().request(
      `${origin}/tags/iran/atom.xml`,
      {},
      { ...env, WEBSUB_HUBS: "", WEBSUB_OWN_HUB: "false", CONTENT_CHECK_SECONDS: "0" },
    );
    expect(response.headers.get("link")).not.toContain('rel="hub"');
    expect(await response.text()).not.toContain('rel="hub"');
  });
});
