/**
 * The WebSub ping after `npm run publish` (scripts/lib/publish-build.ts publishAndPing, as
 * scripts/publish.ts runs it), against a stand-in hub on 127.0.0.1 that records every request: the
 * exact body for a publish that touches one section and two tags, both the old and the new feeds of
 * an edited article, nothing for a publish that changed nothing or only scheduled an article, a
 * hub answering 500 then 204, and a hub that is down (reported; the publish stands).
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDirectory } from "../../scripts/lib/fast-build";
import { applyMigrations, type LocalD1, openLocalD1, proxyD1Target } from "../../scripts/lib/local-d1";
import { publishAndPing } from "../../scripts/lib/publish-build";
import {
  describePings,
  type PublishPingSettings,
  publishPingSettings,
} from "../../scripts/lib/websub-publish";
import { markdownArticle } from "./helpers/feeds";
import { downHubUrl, type StandInHub, startStandInHub } from "./helpers/stand-in-hub";
import { hubClient } from "./helpers/stand-in-hub-client";

const origin = "https://news.meridian.example";
const NOW = new Date("2026-03-01T12:00:00Z");

function story(
  slug: string,
  front: Record<string, string | string[] | Record<string, string>>,
): [string, string] {
  return [
    `${slug}.md`,
    markdownArticle(
      {
        id: `tag:news.meridian.example,2026:${slug}`,
        title: `Story ${slug}`,
        published: "2026-02-01T08:00:00Z",
        ...front,
      },
      `Body of ${slug}.`,
    ),
  ];
}

/** The site's feeds, then `folders`' (written in code-unit order), each in the three formats. */
function feeds(...folders: string[]): string[] {
  const urls: string[] = [];
  for (const folder of ["", ...folders]) {
    for (const file of ["atom.xml", "feed.json", "feed.xml"]) urls.push(`${origin}${folder}/${file}`);
  }
  return urls.sort((a, b) => (a < b ? -1 : 1));
}

/** A notification's form body, encoded here without URLSearchParams. */
function formBody(urls: readonly string[]): string {
  return ["hub.mode=publish", ...urls.map((url) => `hub.url=${encodeURIComponent(url)}`)].join("&");
}

describe("the ping after a publish", { timeout: 120_000 }, () => {
  let dir: string;
  let local: LocalD1;
  let standIn: StandInHub;
  let hub: ReturnType<typeof hubClient>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "websub-publish-"));
    await mkdir(path.join(dir, "content"));
    local = await openLocalD1(path.join(dir, "d1"));
    await applyMigrations(local.db);
    standIn = await startStandInHub();
    hub = hubClient(standIn.origin);
  });
  afterAll(async () => {
    await local.dispose();
    await standIn.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function write(...files: [string, string][]) {
    for (const [name, text] of files) {
      await writeFile(path.join(dir, "content", name), text);
      const past = new Date(Date.now() - 60_000);
      await utimes(path.join(dir, "content", name), past, past);
    }
  }

  /** Publishes content/ as `npm run publish` does, telling `hubs`; the waits are recorded, not waited. */
  async function publish(hubs: string[], on = origin) {
    const delays: number[] = [];
    const websub: PublishPingSettings = {
      origin: on,
      hubs,
      settleMs: 6000,
      ping: { sleep: async (ms) => void delays.push(ms) },
    };
    const build = await buildDirectory(path.join(dir, "content"), {
      cacheDir: path.join(dir, "cache"),
      workers: 1,
    });
    const result = await publishAndPing(proxyD1Target(local.db), build, {
      stateFile: path.join(dir, "state.v8"),
      now: NOW,
      websub,
    });
    return { ...result, delays, lines: describePings(result.pings, websub) };
  }

  it("first publish: every feed of every article", async () => {
    await write(story("base", { section: "Desk", authors: ["Ann Lee"] }));
    const { pings } = await publish([hub.url("first")]);
    expect(pings.topics).toEqual(feeds("/authors/ann-lee", "/sections/desk"));
    expect((await hub.pings("first")).map((ping) => ping.body)).toEqual([formBody(pings.topics)]);
  });

  it("a new article in one section with two tags: exactly its feeds, in one request, after the settle wait", async () => {
    await write(story("talks", { section: "World", tags: ["Iran", "Russia"], authors: ["Ann Lee"] }));
    const { report, delays, lines } = await publish([hub.url("new-article")]);
    expect(report.added).toEqual(["talks"]);
    const recorded = await hub.pings("new-article");
    expect(recorded).toEqual([
      {
        method: "POST",
        contentType: "application/x-www-form-urlencoded",
        body: formBody([
          `${origin}/atom.xml`,
          `${origin}/authors/ann-lee/atom.xml`,
          `${origin}/authors/ann-lee/feed.json`,
          `${origin}/authors/ann-lee/feed.xml`,
          `${origin}/feed.json`,
          `${origin}/feed.xml`,
          `${origin}/sections/world/atom.xml`,
          `${origin}/sections/world/feed.json`,
          `${origin}/sections/world/feed.xml`,
          `${origin}/tags/iran/atom.xml`,
          `${origin}/tags/iran/feed.json`,
          `${origin}/tags/iran/feed.xml`,
          `${origin}/tags/russia/atom.xml`,
          `${origin}/tags/russia/feed.json`,
          `${origin}/tags/russia/feed.xml`,
        ]),
      },
    ]);
    // Readers everywhere serve the publish before a hub fetches (CONTENT_CHECK_SECONDS + 1).
    expect(delays).toEqual([6000]);
    expect(lines).toEqual([`websub: 15 feeds: ${hub.url("new-article")} accepted (204, 1 attempt)`]);
  });

  it("an edit tells the hubs about the feeds the article left and the ones it joined", async () => {
    await write(story("talks", { section: "Diplomacy", tags: ["Iran", "Oil"], authors: ["Ann Lee"] }));
    const { report, pings } = await publish([hub.url("edit")]);
    expect(report.changed).toEqual(["talks"]);
    expect(pings.topics).toEqual(
      feeds(
        "/authors/ann-lee",
        "/sections/diplomacy",
        "/sections/world",
        "/tags/iran",
        "/tags/oil",
        "/tags/russia",
      ),
    );
    expect((await hub.pings("edit")).map((ping) => ping.body)).toEqual([formBody(pings.topics)]);
  });

  it("a retraction tells the hubs about every feed the article leaves", async () => {
    await write(
      story("talks", {
        section: "Diplomacy",
        tags: ["Iran", "Oil"],
        authors: ["Ann Lee"],
        retracted: { date: "2026-02-02T08:00:00Z", reason: "The central claim could not be verified." },
      }),
    );
    const { report, pings } = await publish([hub.url("retraction")]);
    expect(report.retracted.map(({ slug }) => slug)).toEqual(["talks"]);
    expect(pings.topics).toEqual(feeds("/authors/ann-lee", "/sections/diplomacy", "/tags/iran", "/tags/oil"));
    expect((await hub.pings("retraction")).map((ping) => ping.body)).toEqual([formBody(pings.topics)]);
  });

  it("nothing changed: no request", async () => {
    const { report, pings, lines } = await publish([hub.url("unchanged")]);
    expect(report.rowsWritten).toBe(0);
    expect(pings).toEqual({ topics: [], scheduled: [], outcomes: [] });
    expect(await hub.pings("unchanged")).toEqual([]);
    expect(lines).toEqual(["websub: no feed changed; no hub told"]);
  });

  it("an article scheduled for later: no request now; the worker's scheduled handler has its row", async () => {
    await write(story("eclipse", { section: "Science", published: "2026-03-01T12:30:00Z" }));
    const { report, pings, lines } = await publish([hub.url("scheduled")]);
    expect(report.added).toEqual(["eclipse"]);
    expect(pings).toEqual({ topics: [], scheduled: ["eclipse"], outcomes: [] });
    expect(await hub.pings("scheduled")).toEqual([]);
    expect(lines[0]).toBe(
      "websub: scheduled for later, told to the hubs by the worker when each comes due: eclipse",
    );
    const row = await local.db.prepare("SELECT slug, due, attempts FROM websub_due").all();
    expect(row.results).toEqual([{ slug: "eclipse", due: "2026-03-01T12:30:00Z", attempts: 0 }]);
  });

  it("a removed article: the feeds it was in; a hub answering 500 is tried again after a second", async () => {
    await rm(path.join(dir, "content", "base.md"));
    await hub.script("flaky", [500]);
    const { report, pings, delays } = await publish([hub.url("flaky")]);
    expect(report.removed).toEqual(["base"]);
    expect(pings.topics).toEqual(feeds("/authors/ann-lee", "/sections/desk"));
    const recorded = await hub.pings("flaky");
    expect(recorded.map((ping) => ping.body)).toEqual([formBody(pings.topics), formBody(pings.topics)]);
    expect(pings.outcomes).toEqual([{ hub: hub.url("flaky"), ok: true, status: 204, attempts: 2 }]);
    expect(delays).toEqual([6000, 1000]);
  });

  it("a hub that is down is tried three times and reported; the publish stands and the other hub is told", async () => {
    const down = await downHubUrl();
    await write(story("late", { section: "World" }));
    const { report, pings, delays, lines } = await publish([down, hub.url("beside-down")]);
    expect(report.added).toEqual(["late"]);
    const generation = await local.db
      .prepare("SELECT generation FROM publication")
      .first<{ generation: number }>();
    expect(generation?.generation).toBe(report.generation);
    expect(pings.outcomes[0]).toMatchObject({ hub: down, ok: false, attempts: 3 });
    expect(pings.outcomes[1]).toMatchObject({ hub: hub.url("beside-down"), ok: true, attempts: 1 });
    expect(delays).toEqual([6000, 1000, 2000]);
    expect(await hub.pings("beside-down")).toHaveLength(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^websub: \\d+ feeds: ${down} FAILED after 3 attempts: could not be reached`),
      ),
    );
    expect(lines).toContain(
      `websub: the publish stands; subscribers of ${down} get the change at their next poll of the feeds`,
    );
  });

  it("a hub answering 400 is not tried again", async () => {
    await hub.script("refusing", [400]);
    await write(story("later", { section: "World" }));
    const { pings } = await publish([hub.url("refusing")]);
    expect(pings.outcomes).toEqual([
      { hub: hub.url("refusing"), ok: false, attempts: 1, problem: "answered 400: status 400" },
    ]);
    expect(await hub.pings("refusing")).toHaveLength(1);
  });

  it("the example origin: no hub is told about feeds on someone else's domain", async () => {
    await write(story("example", { section: "World" }));
    const { pings, lines } = await publish([hub.url("example")], "https://news.example.com");
    expect(pings.topics).toContain("https://news.example.com/feed.xml");
    expect(pings.outcomes).toEqual([]);
    expect(await hub.pings("example")).toEqual([]);
    expect(lines).toEqual([
      "websub: not telling the hubs: SITE_ORIGIN is still the example https://news.example.com: no hub is told about feeds on someone else's domain",
    ]);
  });

  it("no hub configured: nothing is asked or said", async () => {
    await write(story("quiet", { section: "World" }));
    const { report, pings, lines } = await publish([]);
    expect(report.added).toEqual(["quiet"]);
    expect(pings).toEqual({ topics: [], scheduled: [], outcomes: [] });
    expect(lines).toEqual([]);
  });
});

describe("the environment's settings for the ping", () => {
  it("come from SITE_ORIGIN, WEBSUB_HUBS and CONTENT_CHECK_SECONDS", () => {
    expect(
      publishPingSettings({
        SITE_ORIGIN: "https://news.meridian.example/",
        WEBSUB_HUBS: "https://pubsubhubbub.appspot.com",
        CONTENT_CHECK_SECONDS: "5",
      }),
    ).toEqual({ origin, hubs: ["https://pubsubhubbub.appspot.com/"], settleMs: 6000 });
    expect(publishPingSettings({ SITE_ORIGIN: origin, WEBSUB_HUBS: "" })).toMatchObject({
      hubs: [],
      settleMs: 6000,
    });
    expect(publishPingSettings({ SITE_ORIGIN: origin, CONTENT_CHECK_SECONDS: "1" }).settleMs).toBe(2000);
  });

  it("put the site's own hub first when WEBSUB_OWN_HUB is on", () => {
    expect(
      publishPingSettings({
        SITE_ORIGIN: origin,
        WEBSUB_HUBS: "https://pubsubhubbub.appspot.com/",
        WEBSUB_OWN_HUB: "true",
      }).hubs,
    ).toEqual([`${origin}/websub`, "https://pubsubhubbub.appspot.com/"]);
    expect(publishPingSettings({ SITE_ORIGIN: origin, WEBSUB_OWN_HUB: "false" }).hubs).toEqual([]);
  });

  it("refuse a hub the worker would refuse, with the worker's message", () => {
    expect(() =>
      publishPingSettings({ SITE_ORIGIN: origin, WEBSUB_HUBS: "http://hub.example.com/" }),
    ).toThrow(
      /^wrangler\.toml: WEBSUB_HUBS: expected absolute https:\/\/ hub URLs .* found "http:\/\/hub\.example\.com\/"$/,
    );
  });
});

describe("what the publish says when a hub did not answer", () => {
  const down = (hub: string) => ({
    topics: ["x"],
    scheduled: [],
    outcomes: [{ hub, ok: false as const, attempts: 3, problem: "could not be reached" }],
  });

  it("the local site's own hub: that it runs in `npm run dev`", () => {
    const lines = describePings(down("http://localhost:8787/websub"), {
      origin: "http://localhost:8787",
      hubs: ["http://localhost:8787/websub"],
      ownHub: "http://localhost:8787/websub",
    });
    expect(lines[1]).toMatch(
      /own hub runs in the local worker, which did not answer: with `npm run dev` running/,
    );
  });

  it("any other hub, the production site's own included: that subscribers get it at their next poll", () => {
    for (const [origin, hub] of [
      ["https://news.example.org", "https://news.example.org/websub"],
      ["http://localhost:8787", "http://127.0.0.1:9000/"],
    ] as const) {
      const lines = describePings(down(hub), { origin, hubs: [hub], ownHub: `${origin}/websub` });
      expect(lines[1]).toBe(
        `websub: the publish stands; subscribers of ${hub} get the change at their next poll of the feeds`,
      );
    }
  });
});
