/**
 * The whole loop, as a reader's software would see it: the worker in workerd on 127.0.0.1 (as
 * `wrangler dev` runs it, with its Durable Objects and its Queue), and the subscriber of
 * `npm run subscribe`, which knows only a feed's URL: it discovers the site's own hub, subscribes,
 * answers the verification, and gets the new document, signed, within seconds of a publish (which
 * tells the hub as `npm run publish` does). Then it unsubscribes.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, openLocalD1, proxyD1Target } from "../../scripts/lib/local-d1";
import { publishedState, startLocalWorker } from "../../scripts/lib/local-worker";
import { root } from "../../scripts/lib/root";
import { pingAfterPublish } from "../../scripts/lib/websub-publish";
import {
  type Delivery,
  discover,
  newestTitle,
  type SubscriberEvent,
  startSubscriber,
  validSignature,
} from "../../scripts/lib/websub-subscriber";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import { buildContent, loadContentFiles } from "../../src/content/load-content";
import type { Article } from "../../src/content/schema";
import { publishContent } from "../../src/store/d1-publish";

const events: SubscriberEvent[] = [];

async function until<T>(find: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms: ${JSON.stringify(events)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("npm run subscribe against the worker's own hub", { timeout: 120_000 }, () => {
  let content: BuiltContent;
  let persist: string;
  let worker: Awaited<ReturnType<typeof startLocalWorker>>;

  beforeAll(async () => {
    process.env.WRANGLER_SEND_METRICS = "false";
    process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
    content = buildContent(await loadContentFiles(path.resolve(root, "content")));
    persist = await publishedState(content);
    worker = await startLocalWorker(persist);
  }, 120_000);

  afterAll(async () => {
    await worker?.dispose();
  });

  it("discovers the hub from a feed URL, subscribes, verifies, and gets each publish signed", async () => {
    const feed = `${worker.origin}/atom.xml`;
    const found = await discover(feed);
    expect(found).toEqual({ hub: `${worker.origin}/websub`, topic: feed });

    const subscriber = await startSubscriber({ ...found, onEvent: (event) => events.push(event) });
    try {
      const answer = await subscriber.subscribe(3_600);
      expect(answer.status).toBe(202);
      await until(
        () => events.find((event) => event.kind === "verified" && event.mode === "subscribe"),
        "verification",
      );

      // A new article, published as `npm run publish` does it, hub ping included.
      const now = Date.now();
      const stamp = new Date(now - 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      const story: Article = {
        id: "tag:news.example.com,2026:loop-story",
        slug: "loop-story",
        title: "The loop closes",
        summary: "A story that reaches a subscriber.",
        published: stamp,
        updated: stamp,
        authors: [],
        section: "World",
        tags: [],
        highlights: [],
        formerSlugs: [],
        shortCode: "loop0001",
        html: "<p>Delivered.</p>",
      };
      const local = await openLocalD1(persist);
      try {
        await applyMigrations(local.db);
        const target = proxyD1Target(local.db);
        const report = await publishContent(
          target,
          { version: `${content.version}+loop`, articles: [story, ...content.articles] },
          { ...siteSettings, now: new Date(now) },
        );
        const pings = await pingAfterPublish(target, report, {
          origin: worker.origin,
          hubs: [found.hub],
          settleMs: 2_000,
        });
        expect(pings.outcomes).toEqual([{ hub: found.hub, ok: true, status: 202, attempts: 1 }]);
      } finally {
        await local.dispose();
      }

      const delivery = await until(
        () =>
          events.find((event): event is { kind: "delivery"; delivery: Delivery } => event.kind === "delivery")
            ?.delivery,
        "delivery",
      );
      expect(delivery.signatureValid).toBe(true);
      expect(delivery.contentType).toBe("application/atom+xml; charset=utf-8");
      expect(delivery.link).toBe(`<${found.hub}>; rel="hub", <${feed}>; rel="self"`);
      expect(newestTitle(delivery.body, delivery.contentType)).toBe("The loop closes");
      const current = Buffer.from(await (await fetch(feed)).arrayBuffer());
      expect(delivery.body.equals(current)).toBe(true);

      expect((await subscriber.unsubscribe()).status).toBe(202);
      await until(
        () => events.find((event) => event.kind === "verified" && event.mode === "unsubscribe"),
        "unsubscribe verification",
      );
    } finally {
      await subscriber.close();
    }
  });
});

describe("the subscriber's checks", () => {
  it("accepts only the HMAC-SHA256 of the body with its secret", () => {
    const body = Buffer.from("<feed/>");
    // Computed apart, with Python's hmac module: HMAC-SHA256(key "secret", "<feed/>").
    const good = "sha256=bc34c1a93cc52a1e89787d5bfca33388be4a3190ed87910472a44e4bbb8122c2";
    expect(validSignature(good, "secret", body)).toBe(true);
    expect(validSignature(good.toUpperCase().replace("SHA256", "sha256"), "secret", body)).toBe(true);
    expect(validSignature(good, "other secret", body)).toBe(false);
    expect(validSignature(good, "secret", Buffer.from("<feed />"))).toBe(false);
    expect(validSignature(undefined, "secret", body)).toBe(false);
    expect(validSignature("sha1=00", "secret", body)).toBe(false);
  });

  it("finds the hub in the feed when the Link header names none", async () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="https://a.example/atom.xml"/><link rel="hub" href="https://hub.example/"/></feed>`;
    const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link rel="hub" href="https://hub.example/rss"/><atom:link rel="self" href="https://a.example/feed.xml"/></channel></rss>`;
    const json = JSON.stringify({
      feed_url: "https://a.example/feed.json",
      hubs: [{ type: "WebSub", url: "https://hub.example/json" }],
    });
    const serve = (text: string, type: string) => async () =>
      new Response(text, { headers: { "Content-Type": type } });
    expect(await discover("https://a.example/x", serve(atom, "application/atom+xml"))).toEqual({
      hub: "https://hub.example/",
      topic: "https://a.example/atom.xml",
    });
    expect(await discover("https://a.example/x", serve(rss, "application/rss+xml"))).toEqual({
      hub: "https://hub.example/rss",
      topic: "https://a.example/feed.xml",
    });
    expect(await discover("https://a.example/x", serve(json, "application/feed+json"))).toEqual({
      hub: "https://hub.example/json",
      topic: "https://a.example/feed.json",
    });
    await expect(discover("https://a.example/x", serve("<feed/>", "application/atom+xml"))).rejects.toThrow(
      "names no WebSub hub",
    );
  });
});
