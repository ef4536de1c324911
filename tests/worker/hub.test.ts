/**
 * The site's own WebSub hub (src/hub/), end to end in workerd: requests go to the worker's own
 * fetch handler, verifications and deliveries go over the network to a stand-in subscriber on
 * 127.0.0.1 (a Node server started by the global setup, which checks each X-Hub-Signature with
 * node:crypto), and deliveries go through the Cloudflare Queue that Miniflare runs, to the worker's
 * own queue handler.
 */
import {
  abortAllDurableObjects,
  createExecutionContext,
  createScheduledController,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { siteSettings } from "../../src/config/site";
import type { BuiltContent } from "../../src/content/built-content";
import type { Article } from "../../src/content/schema";
import { deliverBatch } from "../../src/hub/deliveries";
import { handleHub } from "../../src/hub/hub-handler";
import type { HubMessage } from "../../src/hub/hub-queue";
import {
  DEFAULT_LEASE_SECONDS,
  MAX_LEASE_SECONDS,
  MAX_SUBSCRIBERS_PER_TOPIC,
  MIN_LEASE_SECONDS,
} from "../../src/hub/policy";
import worker from "../../src/index";
import { d1Target, publishContent } from "../../src/store/d1-publish";
import { type SubscriberEvent, subscriberClient } from "../unit/helpers/stand-in-subscriber-client";

const origin = "http://localhost:8787";
const hubUrl = `${origin}/websub`;
const subscriber = subscriberClient(inject("subscriberOrigin"));
const seed = JSON.parse(env.SEED_CONTENT) as BuiltContent;

type Bindings = Env & Record<string, unknown>;
type IncomingRequest = Parameters<typeof worker.fetch>[0];

/** A request to the worker, with everything it started in the background (verifications) done. */
async function send(request: Request, bindings: Bindings = env as Bindings): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as IncomingRequest, bindings as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

function form(params: Record<string, string>): Request {
  return new Request(hubUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params).toString(),
  });
}

function subscribe(topic: string, callback: string, extra: Record<string, string> = {}) {
  return send(form({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback, ...extra }));
}

function unsubscribe(topic: string, callback: string) {
  return send(form({ "hub.mode": "unsubscribe", "hub.topic": topic, "hub.callback": callback }));
}

function notifyPublish(...topics: string[]) {
  return send(
    new Request(hubUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([
        ["hub.mode", "publish"],
        ...topics.map((t): [string, string] => ["hub.url", t]),
      ]).toString(),
    }),
  );
}

async function statusOf(topic: string, callback: string): Promise<Record<string, unknown>> {
  const query = new URLSearchParams({ "hub.topic": topic, "hub.callback": callback });
  const response = await send(new Request(`${hubUrl}?${query}`));
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Asks `read` again every 50 ms until `done` holds (10 s at most): deliveries go through a queue. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const deliveries = async (name: string) =>
  (await subscriber.events(name)).filter(
    (event): event is Extract<SubscriberEvent, { kind: "delivery" }> => event.kind === "delivery",
  );
const verifications = async (name: string) =>
  (await subscriber.events(name)).filter(
    (event): event is Extract<SubscriberEvent, { kind: "verify" }> => event.kind === "verify",
  );

let storyCount = 0;

/** Publishes the seed content plus one new article (so every site feed changes), now. */
async function publishNewStory(overrides: Partial<Article> = {}): Promise<void> {
  storyCount += 1;
  const now = Date.now() - 1_000;
  const stamp = new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z");
  const slug = `hub-story-${storyCount}-${now}`;
  const story: Article = {
    id: `tag:news.example.com,2026:${slug}`,
    slug,
    title: `Hub story ${storyCount}`,
    summary: "A story for the hub's tests.",
    published: stamp,
    updated: stamp,
    authors: ["Ann Lee"],
    section: "Hub Desk",
    tags: [],
    highlights: [],
    formerSlugs: [],
    shortCode: `hub${String(now).slice(-5)}`,
    html: `<p>Story ${storyCount}.</p>`,
    ...overrides,
  };
  const content: BuiltContent = { version: `${seed.version}+${slug}`, articles: [story, ...seed.articles] };
  await publishContent(d1Target(env.DB), content, { ...siteSettings, now: new Date(now + 500) });
}

/** The bytes a GET of `url` answers with, as base64 (identity coding, as the hub delivers). */
async function bytesOf(url: string): Promise<{ base64: string; contentType: string | null }> {
  const response = await send(new Request(url));
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { base64: btoa(String.fromCharCode(...bytes)), contentType: response.headers.get("Content-Type") };
}

const siteRss = `${origin}/feed.xml`;
const siteAtom = `${origin}/atom.xml`;
const siteJson = `${origin}/feed.json`;

describe("discovery", () => {
  it("every subscribable feed names the own hub: Link header and the feed itself", async () => {
    for (const url of [siteRss, siteAtom, siteJson]) {
      const response = await send(new Request(url));
      expect(response.headers.get("Link"), url).toContain(`<${hubUrl}>; rel="hub"`);
      const text = await response.text();
      const named = url.endsWith(".json")
        ? (JSON.parse(text) as { hubs?: { type: string; url: string }[] }).hubs
        : [...text.matchAll(/<(?:atom:)?link\b[^>]*\brel="hub"[^>]*>/g)].map((match) => match[0]);
      expect(named, url).toHaveLength(1);
      expect(JSON.stringify(named), url).toContain(hubUrl);
    }
  });

  it("answers GET of the hub's URL with what it is, and OPTIONS with its methods", async () => {
    const page = await send(new Request(hubUrl));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("POST hub.mode=subscribe");
    const options = await send(new Request(hubUrl, { method: "OPTIONS" }));
    expect(options.headers.get("Allow")).toBe("GET, HEAD, POST, OPTIONS");
  });

  it("answers with the security headers every reply of the site carries, whatever it answers", async () => {
    for (const response of [
      await send(new Request(hubUrl)),
      await send(new Request(hubUrl, { method: "OPTIONS" })),
      await send(new Request(hubUrl, { method: "PUT" })),
      await send(form({ "hub.mode": "subscribe" })),
      await subscribe(siteAtom, subscriber.callback("headers")),
    ]) {
      await response.arrayBuffer();
      expect(response.headers.get("x-content-type-options"), String(response.status)).toBe("nosniff");
      expect(response.headers.get("content-security-policy"), String(response.status)).toBe(
        "default-src 'none'; frame-ancestors 'none'; sandbox",
      );
    }
  });
});

describe("subscribing", () => {
  it("answers 202, verifies with the challenge, and activates on an exact echo", async () => {
    const callback = subscriber.callback("verified");
    const response = await subscribe(siteAtom, callback, { "hub.lease_seconds": "3600" });
    expect(response.status).toBe(202);
    const [verification] = await verifications("verified");
    expect(verification).toMatchObject({ mode: "subscribe", topic: siteAtom, leaseSeconds: "3600" });
    expect(verification?.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await statusOf(siteAtom, callback)).toMatchObject({
      state: "active",
      leaseSeconds: 3600,
      signed: false,
    });
    // Durable Object storage is persisted: the subscription outlives the objects being restarted.
    await abortAllDurableObjects();
    expect(await statusOf(siteAtom, callback)).toMatchObject({ state: "active", leaseSeconds: 3600 });
  });

  it("keeps a callback whose query the subscriber chose, adding the hub's parameters to it", async () => {
    const callback = `${subscriber.callback("with-query")}?id=a%20b`;
    expect((await subscribe(siteAtom, callback)).status).toBe(202);
    const [verification] = await verifications("with-query");
    expect(verification?.query.startsWith("?id=a%20b&hub.mode=subscribe&")).toBe(true);
    expect(await statusOf(siteAtom, callback)).toMatchObject({ state: "active" });
  });

  it("does not activate when the callback echoes something else", async () => {
    await subscriber.configure("wrong-echo", { answer: "wrong" });
    const callback = subscriber.callback("wrong-echo");
    expect((await subscribe(siteAtom, callback)).status).toBe(202);
    expect(await verifications("wrong-echo")).toHaveLength(1);
    expect(await statusOf(siteAtom, callback)).toEqual({ topic: siteAtom, callback, state: "none" });
  });

  it("does not follow a redirect from the callback, and does not activate", async () => {
    await subscriber.configure("redirecting", { answer: "redirect" });
    const callback = subscriber.callback("redirecting");
    expect((await subscribe(siteAtom, callback)).status).toBe(202);
    expect(await verifications("redirecting")).toHaveLength(1);
    expect(await subscriber.events("redirecting-target")).toEqual([]);
    expect(await statusOf(siteAtom, callback)).toMatchObject({ state: "none" });
  });

  it("grants the default lease when none is asked, and clamps the others to the bounds", async () => {
    for (const [name, asked, granted] of [
      ["lease-default", undefined, DEFAULT_LEASE_SECONDS],
      ["lease-short", "5", MIN_LEASE_SECONDS],
      ["lease-long", "999999999", MAX_LEASE_SECONDS],
    ] as const) {
      const callback = subscriber.callback(name);
      await subscribe(siteAtom, callback, asked === undefined ? {} : { "hub.lease_seconds": asked });
      expect((await verifications(name))[0]?.leaseSeconds, name).toBe(String(granted));
      expect(await statusOf(siteAtom, callback), name).toMatchObject({
        state: "active",
        leaseSeconds: granted,
      });
    }
  });
});

describe("leases", () => {
  const topic = `${origin}/feed.json`;
  const stub = () => env.TOPIC_HUB.get(env.TOPIC_HUB.idFromName(topic));

  it("an alarm at the lease's end removes the subscription; re-subscribing renews it", async () => {
    const callback = subscriber.callback("lease-alarm");
    const before = Date.now();
    await subscribe(topic, callback, { "hub.lease_seconds": "120" });
    const first = await statusOf(topic, callback);
    expect(first).toMatchObject({ state: "active", leaseSeconds: 120 });
    const firstExpiry = Date.parse(String(first.expires));
    expect(firstExpiry).toBeGreaterThanOrEqual(before + 120_000);

    // Re-subscribing (a longer lease) renews: a later end, and the alarm follows the earliest end.
    await subscribe(topic, callback, { "hub.lease_seconds": "600" });
    const renewed = await statusOf(topic, callback);
    expect(Date.parse(String(renewed.expires))).toBeGreaterThan(firstExpiry);
    const alarm = await runInDurableObject(stub(), (_instance, state) => state.storage.getAlarm());
    const earliest = await runInDurableObject(
      stub(),
      (_instance, state) =>
        state.storage.sql.exec<{ at: number }>("SELECT MIN(expires_at) AS at FROM subscriptions").one().at,
    );
    expect(alarm).toBe(earliest);

    // Time passes (the lease's end is moved to the past, as the clock cannot be), and the alarm runs.
    await runInDurableObject(stub(), (_instance, state) => {
      state.storage.sql.exec(
        "UPDATE subscriptions SET expires_at = ? WHERE callback = ?",
        Date.now() - 1,
        callback,
      );
    });
    expect(await runDurableObjectAlarm(stub())).toBe(true);
    expect(await statusOf(topic, callback)).toMatchObject({ state: "ended", reason: "the lease expired" });
    const left = await runInDurableObject(stub(), (_instance, state) =>
      state.storage.sql.exec("SELECT callback FROM subscriptions WHERE callback = ?", callback).toArray(),
    );
    expect(left).toEqual([]);
  });
});

describe("content distribution", () => {
  it("POSTs the new document, byte for byte, signed with the subscriber's secret", async () => {
    const secret = "a secret of the subscriber's own, ünïcode included";
    await subscriber.configure("signed", { secret });
    const callback = subscriber.callback("signed");
    expect((await subscribe(siteRss, callback, { "hub.secret": secret })).status).toBe(202);
    expect(await statusOf(siteRss, callback)).toMatchObject({ state: "active", signed: true });

    await publishNewStory();
    const published = await notifyPublish(siteRss);
    expect(published.status).toBe(202);
    const [delivery] = await eventually(
      () => deliveries("signed"),
      (list) => list.length > 0,
    );
    const current = await bytesOf(siteRss);
    expect(delivery?.signatureValid).toBe(true);
    expect(delivery?.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(delivery?.bodyBase64).toBe(current.base64);
    expect(delivery?.contentType).toBe(current.contentType);
    expect(delivery?.link).toBe(`<${hubUrl}>; rel="hub", <${siteRss}>; rel="self"`);
    expect(await statusOf(siteRss, callback)).toMatchObject({ state: "active", failedAttempts: 0 });

    // The same document again delivers nothing: a publish notification cannot make the hub flood.
    expect((await notifyPublish(siteRss)).status).toBe(202);
    // Time for the notification and a delivery to pass through the queue (batches of up to 1 s).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await deliveries("signed")).toHaveLength(1);
  });

  it("sends no signature when the subscriber gave no secret", async () => {
    const callback = subscriber.callback("unsigned");
    await subscribe(siteRss, callback);
    await publishNewStory();
    await notifyPublish(siteRss);
    const [delivery] = await eventually(
      () => deliveries("unsigned"),
      (list) => list.length > 0,
    );
    expect(delivery?.signature).toBeUndefined();
    expect(delivery?.bodyBase64).toBe((await bytesOf(siteRss)).base64);
  });

  it("reaches subscribers when a scheduled article comes due, told by the cron in the worker itself", async () => {
    const callback = subscriber.callback("due");
    await subscribe(siteJson, callback);
    const now = Date.now();
    // An article due a minute ago, published before then: the cron's row for it is waiting.
    await env.DB.prepare("DELETE FROM websub_due").run();
    storyCount += 1;
    const stamp = new Date(now - 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const slug = `hub-due-${now}`;
    const due: Article = {
      id: `tag:news.example.com,2026:${slug}`,
      slug,
      title: "A story that came due",
      summary: "Due.",
      published: stamp,
      updated: stamp,
      authors: [],
      section: "Hub Desk",
      tags: [],
      highlights: [],
      formerSlugs: [],
      shortCode: `due${String(now).slice(-5)}`,
      html: "<p>Due.</p>",
    };
    await publishContent(
      d1Target(env.DB),
      { version: `${seed.version}+${slug}`, articles: [due, ...seed.articles] },
      { ...siteSettings, now: new Date(now - 5 * 60_000) },
    );
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const [delivery] = await eventually(
      () => deliveries("due"),
      (list) => list.length > 0,
    );
    expect(atob(delivery?.bodyBase64 ?? "")).toContain("A story that came due");
    expect(delivery?.bodyBase64).toBe((await bytesOf(siteJson)).base64);
  });
});

describe("unsubscribing", () => {
  it("verifies the unsubscribe, and then delivers no more", async () => {
    const [leaving, staying] = [subscriber.callback("leaving"), subscriber.callback("staying")];
    await subscribe(siteAtom, leaving);
    await subscribe(siteAtom, staying);
    expect((await unsubscribe(siteAtom, leaving)).status).toBe(202);
    const modes = (await verifications("leaving")).map((event) => event.mode);
    expect(modes).toEqual(["subscribe", "unsubscribe"]);
    expect(await statusOf(siteAtom, leaving)).toMatchObject({ state: "ended", reason: "unsubscribed" });

    await publishNewStory();
    await notifyPublish(siteAtom);
    await eventually(
      () => deliveries("staying"),
      (list) => list.length > 0,
    );
    expect(await deliveries("leaving")).toEqual([]);
  });

  it("keeps the subscription when the unsubscribe is not confirmed", async () => {
    const callback = subscriber.callback("stays-on");
    await subscribe(siteAtom, callback);
    await subscriber.configure("stays-on", { answer: "wrong" });
    expect((await unsubscribe(siteAtom, callback)).status).toBe(202);
    expect(await statusOf(siteAtom, callback)).toMatchObject({ state: "active" });
  });
});

describe("failing subscribers", () => {
  const topic = `${origin}/sections/hub-desk/feed.xml`;

  it("retries a failed delivery, and delivers once the subscriber answers", async () => {
    await publishNewStory();
    await subscriber.configure("flaky", { statuses: [503] });
    const callback = subscriber.callback("flaky");
    await subscribe(topic, callback);
    await publishNewStory();
    await notifyPublish(topic);
    const list = await eventually(
      () => deliveries("flaky"),
      (events) => events.length >= 2,
    );
    expect(list).toHaveLength(2);
    expect(list[1]?.bodyBase64).toBe(list[0]?.bodyBase64);
    expect(await statusOf(topic, callback)).toMatchObject({
      state: "active",
      failedAttempts: 0,
      lastError: null,
    });
  });

  it("gives a subscriber up after the configured attempts, and says so in its status", async () => {
    await publishNewStory();
    await subscriber.configure("failing", { statuses: [500, 500, 500, 500] });
    const callback = subscriber.callback("failing");
    await subscribe(topic, callback);
    await publishNewStory();
    await notifyPublish(topic);
    const status = await eventually(
      () => statusOf(topic, callback),
      (value) => value.state !== "active",
    );
    expect(status).toMatchObject({
      state: "ended",
      reason: "given up after 3 failed delivery attempts",
      lastError: "the callback answered 500",
    });
    // WEBSUB_HUB_DELIVERY_ATTEMPTS is 3 in the tests: three tries, no fourth.
    expect(await deliveries("failing")).toHaveLength(3);
    // Dropped: the next change is not sent to it.
    await publishNewStory();
    await notifyPublish(topic);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await deliveries("failing")).toHaveLength(3);
  });

  it("ends the subscription at once when the callback answers 410 Gone", async () => {
    await publishNewStory();
    await subscriber.configure("gone", { statuses: [410] });
    const callback = subscriber.callback("gone");
    await subscribe(topic, callback);
    await publishNewStory();
    await notifyPublish(topic);
    const status = await eventually(
      () => statusOf(topic, callback),
      (value) => value.state !== "active",
    );
    expect(status).toMatchObject({ state: "ended", reason: "the callback answered 410 Gone" });
    expect(await deliveries("gone")).toHaveLength(1);
  });
});

describe("whatever a request sends", () => {
  // Callbacks and topics the hub refuses before it calls anything or holds any quota: this
  // property must not send requests off this machine, nor change what the other tests see.
  const callbacks = fc.oneof(
    fc.constantFrom(
      "",
      "nope",
      "/relative",
      "ftp://127.0.0.1/cb",
      "http://10.0.0.1/cb",
      "http://169.254.169.254/latest",
      "https://[::1",
      "http://user:pw@127.0.0.1/cb",
      "http://127.0.0.1/cb#fragment",
      `http://127.0.0.1/${"x".repeat(2_100)}`,
    ),
    fc.string(),
  );
  const notOurTopics = fc.oneof(
    fc.constantFrom(`${siteAtom}?x=1`, `${origin}/archive/1/atom.xml`, "https://other.example/feed.xml"),
    fc.string(),
  );
  // A real topic as hub.topic (its callback is refused), never as hub.url: a publish notification
  // about it could deliver to the other tests' subscribers.
  const topics = fc.oneof(fc.constant(siteAtom), notOurTopics);
  const pair = fc.oneof(
    fc.tuple(
      fc.constantFrom("hub.mode"),
      fc.oneof(fc.constantFrom("subscribe", "unsubscribe", "publish"), fc.string()),
    ),
    fc.tuple(fc.constantFrom("hub.topic"), topics),
    fc.tuple(fc.constantFrom("hub.url"), notOurTopics),
    fc.tuple(fc.constantFrom("hub.callback"), callbacks),
    fc.tuple(fc.constantFrom("hub.lease_seconds"), fc.oneof(fc.integer().map(String), fc.string())),
    fc.tuple(fc.constantFrom("hub.secret"), fc.string({ maxLength: 300 })),
    fc.tuple(fc.string(), fc.string()),
  );
  const requests = fc.record({
    method: fc.constantFrom("POST", "GET", "HEAD", "PUT", "DELETE", "OPTIONS"),
    contentType: fc.constantFrom("application/x-www-form-urlencoded", "text/plain", "", "application/json"),
    body: fc.oneof(
      fc.array(pair, { maxLength: 8 }).map((pairs) => new URLSearchParams(pairs).toString()),
      fc.string(),
    ),
    query: fc.array(pair, { maxLength: 3 }).map((pairs) => new URLSearchParams(pairs).toString()),
  });

  it("never answers 5xx, and always with the site's security headers", async () => {
    await fc.assert(
      fc.asyncProperty(requests, async ({ method, contentType, body, query }) => {
        const withBody = method !== "GET" && method !== "HEAD";
        const response = await send(
          new Request(`${hubUrl}${query ? `?${query}` : ""}`, {
            method,
            headers: contentType ? { "Content-Type": contentType } : {},
            ...(withBody ? { body } : {}),
          }),
        );
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      }),
      { numRuns: 150, seed: 15 },
    );
  });
});

describe("a failure in the hub itself", () => {
  it("retries only the message it struck, and acks the others of the batch", async () => {
    const outcomes: string[] = [];
    const message = (topic: string, distribute = false): Message<HubMessage> => ({
      id: topic,
      timestamp: new Date(0),
      attempts: 1,
      body: distribute
        ? { distribute: topic }
        : { topic, callback: subscriber.callback("hub-error"), version: "v" },
      ack: () => outcomes.push(`ack ${distribute ? "distribute " : ""}${topic}`),
      retry: (options) =>
        outcomes.push(`retry ${distribute ? "distribute " : ""}${topic} after ${options?.delaySeconds}`),
    });
    const broken = `${origin}/broken.xml`;
    // A namespace whose object for one topic fails, as an unreachable Durable Object would; the
    // other topic's object has nothing to deliver (no subscription), so its message is acked.
    const hubs = env.TOPIC_HUB;
    const namespace = {
      idFromName: (name: string) => hubs.idFromName(name),
      get: (id: DurableObjectId) =>
        id.equals(hubs.idFromName(broken))
          ? { deliveryFor: () => Promise.reject(new Error("Durable Object reset")) }
          : hubs.get(id),
    } as unknown as typeof hubs;
    const batch = {
      queue: "q",
      messages: [message(broken), message(siteAtom), message(broken, true), message(siteAtom, true)],
    } as unknown as MessageBatch<HubMessage>;
    await deliverBatch(batch, {
      namespace,
      // Getting one feed's document fails (say, D1 unreachable); the other's works.
      distribute: (topic) =>
        topic === broken ? Promise.reject(new Error("D1 unreachable")) : Promise.resolve(0),
      hub: hubUrl,
      rules: { local: true, resolve: () => Promise.resolve([]) },
      settings: { requestsPerMinute: 20, deliveryAttempts: 3, retryBaseSeconds: 30 },
    });
    expect(outcomes.sort()).toEqual(
      [
        `ack ${siteAtom}`,
        `ack distribute ${siteAtom}`,
        `retry ${broken} after 30`,
        `retry distribute ${broken} after 30`,
      ].sort(),
    );
  });
});

describe("bad requests", () => {
  const callback = subscriber.callback("never-called");
  const subscribeForm = (extra: Record<string, string>) => ({
    "hub.mode": "subscribe",
    "hub.topic": siteRss,
    "hub.callback": callback,
    ...extra,
  });

  it.each([
    [
      { "hub.topic": siteRss, "hub.callback": callback },
      "hub.mode is missing: expected subscribe, unsubscribe or publish.",
    ],
    [
      subscribeForm({ "hub.mode": "follow" }),
      'hub.mode must be subscribe, unsubscribe or publish, found "follow".',
    ],
    [{ "hub.mode": "subscribe", "hub.callback": callback }, "hub.topic is missing."],
    [{ "hub.mode": "subscribe", "hub.topic": siteRss }, "hub.callback is missing."],
    [
      subscribeForm({ "hub.topic": "https://elsewhere.example/feed.xml" }),
      'hub.topic "https://elsewhere.example/feed.xml" is not a feed of this site: this hub serves the subscription feeds on http://localhost:8787 only.',
    ],
    [
      subscribeForm({ "hub.topic": `${origin}/archive/1/feed.xml` }),
      `hub.topic "${origin}/archive/1/feed.xml" is not a feed of this site: this hub serves the subscription feeds on http://localhost:8787 only.`,
    ],
    [
      subscribeForm({ "hub.topic": `${origin}/tags/no-such-tag/feed.xml` }),
      `hub.topic ${origin}/tags/no-such-tag/feed.xml is not a feed of this site (it answers 404).`,
    ],
    [subscribeForm({ "hub.callback": "/relative" }), 'hub.callback "/relative" is not an absolute URL.'],
    [subscribeForm({ "hub.callback": "ftp://127.0.0.1/cb" }), "hub.callback must be an http or https URL."],
    [
      subscribeForm({ "hub.lease_seconds": "ten days" }),
      'hub.lease_seconds must be a whole number of seconds, found "ten days".',
    ],
    [subscribeForm({ "hub.secret": "s".repeat(201) }), "hub.secret is longer than 200 bytes."],
    // 67 characters of two bytes each: 134 characters' worth of limit in bytes, not characters.
    [subscribeForm({ "hub.secret": "é".repeat(101) }), "hub.secret is longer than 200 bytes."],
    [
      subscribeForm({ "hub.callback": "http://10.0.0.7/cb" }),
      "hub.callback is not a public address: 10.0.0.7 is in the private range.",
    ],
    [
      subscribeForm({ "hub.callback": "http://169.254.169.254/latest/meta-data/" }),
      "hub.callback is not a public address: 169.254.169.254 is in the linkLocal range.",
    ],
    [
      subscribeForm({ "hub.callback": "http://[fd00:ec2::254]/" }),
      "hub.callback is not a public address: fd00:ec2::254 is in the uniqueLocal range.",
    ],
    [
      subscribeForm({ "hub.callback": "http://[::ffff:192.168.1.1]/" }),
      "hub.callback is not a public address: 192.168.1.1 is in the private range.",
    ],
    [
      subscribeForm({ "hub.callback": "http://100.100.100.200/" }),
      "hub.callback is not a public address: 100.100.100.200 is in the carrierGradeNat range.",
    ],
    [
      subscribeForm({ "hub.callback": "http://metadata.google.internal/" }),
      "hub.callback is not a public address: metadata.google.internal is a local or internal name.",
    ],
    [{ "hub.mode": "publish" }, "hub.url is missing: name the feeds that changed."],
    [
      { "hub.mode": "publish", "hub.url": "https://elsewhere.example/feed.xml" },
      'hub.url "https://elsewhere.example/feed.xml" is not a feed of this site.',
    ],
  ])("answers 400 to %j with the reason", async (params, reason) => {
    const response = await send(form(params as Record<string, string>));
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(`${reason}\n`);
    expect(await subscriber.events("never-called")).toEqual([]);
  });

  it("answers 400 to a body that is not a form, to a parameter given twice, and to a form too long", async () => {
    const json = await send(
      new Request(hubUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }),
    );
    expect(json.status).toBe(400);
    expect(await json.text()).toContain("Expected a form body");
    const twice = await send(
      new Request(hubUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: `hub.mode=subscribe&hub.topic=${encodeURIComponent(siteRss)}&hub.topic=${encodeURIComponent(siteAtom)}&hub.callback=${encodeURIComponent(callback)}`,
      }),
    );
    expect(twice.status).toBe(400);
    expect(await twice.text()).toBe("hub.topic must be given once, found 2 values.\n");
    const huge = await send(
      new Request(hubUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: `hub.mode=publish&hub.url=${"x".repeat(300 * 1024)}`,
      }),
    );
    expect(huge.status).toBe(400);
    expect(await huge.text()).toBe("The form is longer than 262144 bytes.\n");
  });

  describe("in production (SITE_ORIGIN on a public https origin)", () => {
    const production = { ...env, SITE_ORIGIN: "https://news.example.com" } as Bindings;
    const topic = "https://news.example.com/feed.xml";
    const attempt = (callbackUrl: string, resolve = async (_host: string): Promise<string[]> => []) => {
      const calls: string[] = [];
      const ctx = createExecutionContext();
      const request = new Request("https://news.example.com/websub", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          "hub.mode": "subscribe",
          "hub.topic": topic,
          "hub.callback": callbackUrl,
        }).toString(),
      });
      return {
        calls,
        response: handleHub(request, production as Env, ctx, {
          render: (url) =>
            Promise.resolve(worker.fetch(new Request(url), production as Env, createExecutionContext())),
          resolve,
          send: async (input) => {
            calls.push(String(input instanceof Request ? input.url : input));
            return new Response("no");
          },
        }).then(async (response) => {
          await waitOnExecutionContext(ctx);
          return response;
        }),
      };
    };

    it.each([
      ["http://callback.example.net/cb", "hub.callback must be an https URL."],
      ["https://127.0.0.1/cb", "hub.callback is not a public address: 127.0.0.1 is in the loopback range."],
      ["https://localhost/cb", "hub.callback is not a public address: localhost is this machine."],
      ["https://[::1]/cb", "hub.callback is not a public address: ::1 is in the loopback range."],
    ])("refuses %j", async (callbackUrl, reason) => {
      const { response, calls } = attempt(callbackUrl);
      const answer = await response;
      expect(answer.status).toBe(400);
      expect(await answer.text()).toBe(`${reason}\n`);
      expect(calls).toEqual([]);
    });

    it("refuses a name that resolves to a private address, and takes one that resolves to a public one", async () => {
      const resolve = async (host: string) =>
        host === "inside.example.net" ? ["93.184.216.34", "10.1.2.3"] : ["93.184.216.34"];
      const inside = attempt("https://inside.example.net/cb", resolve);
      const refused = await inside.response;
      expect(refused.status).toBe(400);
      expect(await refused.text()).toBe(
        "hub.callback is not a public address: inside.example.net resolves to 10.1.2.3, in the private range.\n",
      );
      expect(inside.calls).toEqual([]);
      const outside = attempt("https://outside.example.net/cb", resolve);
      expect((await outside.response).status).toBe(202);
      expect(outside.calls).toHaveLength(1);
      expect(outside.calls[0]).toMatch(/^https:\/\/outside\.example\.net\/cb\?hub\.mode=subscribe&/);
    });
  });
});

describe("limits", () => {
  it("refuses (429) a callback host past its subscription requests per minute", async () => {
    // Its own host name (localhost, not 127.0.0.1), so that the other tests' requests do not count.
    const port = new URL(inject("subscriberOrigin")).port;
    const bindings = { ...env, WEBSUB_HUB_REQUESTS_PER_MINUTE: "2" } as Bindings;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await send(
        form({
          "hub.mode": "subscribe",
          "hub.topic": siteRss,
          "hub.callback": `http://localhost:${port}/cb/rate-${i}`,
        }),
        bindings,
      );
      statuses.push(response.status);
      if (response.status === 429) {
        expect(await response.text()).toBe(
          "too many subscription requests for this callback's host: at most 2 a minute.\n",
        );
        expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([202, 202, 429]);
    expect(await subscriber.events("rate-2")).toEqual([]);
  });

  it("refuses (429) a new subscriber of a topic that has as many as it takes", async () => {
    const topic = `${origin}/authors/ann-lee/feed.json`;
    const stub = env.TOPIC_HUB.get(env.TOPIC_HUB.idFromName(topic));
    await subscribe(topic, subscriber.callback("topic-full-early"));
    await runInDurableObject(stub, (_instance, state) => {
      for (let i = 0; i < MAX_SUBSCRIBERS_PER_TOPIC; i++) {
        state.storage.sql.exec(
          "INSERT INTO subscriptions (callback, lease_seconds, expires_at, subscribed_at) VALUES (?, 60, ?, 0)",
          `https://subscriber-${i}.example.net/cb`,
          Date.now() + 3_600_000,
        );
      }
    });
    const refused = await subscribe(topic, subscriber.callback("topic-full"));
    expect(refused.status).toBe(429);
    expect(await subscriber.events("topic-full")).toEqual([]);
    // One that already subscribes may renew.
    expect((await subscribe(topic, subscriber.callback("topic-full-early"))).status).toBe(202);
  });

  it("refuses (429) a callback host that already holds as many topics as one host may", async () => {
    const quota = env.CALLBACK_QUOTA.get(env.CALLBACK_QUOTA.idFromName("127.9.9.9"));
    await runInDurableObject(quota, async (instance) => {
      for (let i = 0; i < 200; i++) {
        await instance.hold(`${origin}/tags/t${i}/feed.xml`, "http://127.9.9.9/cb", Date.now() + 3_600_000);
      }
    });
    const refused = await subscribe(siteRss, "http://127.9.9.9/cb");
    expect(refused.status).toBe(429);
    expect(await refused.text()).toBe(
      "this callback's host already subscribes to 200 topics, the most one host may.\n",
    );
  });
});
