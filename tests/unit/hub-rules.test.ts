/**
 * The own hub's rules that need no runtime: which callbacks it calls (with a resolver given here, so
 * nothing leaves the machine), how it reads a request's form, its lease bounds and retry delays,
 * and the signature it sends (checked against node:crypto).
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { standardFormats } from "../../src/feeds/formats";
import { type CallbackRules, callbackProblem, dohResolver } from "../../src/hub/callback-safety";
import { type HubMessage, queueAll } from "../../src/hub/hub-queue";
import { parseHubRequest } from "../../src/hub/hub-request";
import {
  DEFAULT_LEASE_SECONDS,
  grantedLease,
  hubSettings,
  MAX_LEASE_SECONDS,
  MIN_LEASE_SECONDS,
  retryDelaySeconds,
} from "../../src/hub/policy";
import { documentVersion, hubSignature } from "../../src/hub/signature";
import { withQuery } from "../../src/hub/verify-intent";

const production: CallbackRules = { local: false, resolve: async () => ["93.184.216.34"] };
const local: CallbackRules = { local: true, resolve: async () => ["93.184.216.34"] };
const problem = (url: string, rules: CallbackRules = production) => callbackProblem(new URL(url), rules);

describe("callback safety", () => {
  it("takes a public https callback, and http only when running locally", async () => {
    expect(await problem("https://reader.example.net/cb?id=1")).toBeUndefined();
    expect(await problem("http://reader.example.net/cb")).toBe("hub.callback must be an https URL");
    expect(await problem("http://reader.example.net/cb", local)).toBeUndefined();
  });

  it.each([
    ["https://10.1.2.3/", "10.1.2.3 is in the private range"],
    ["https://172.16.0.1/", "172.16.0.1 is in the private range"],
    ["https://192.168.0.10/", "192.168.0.10 is in the private range"],
    ["https://127.0.0.1/", "127.0.0.1 is in the loopback range"],
    ["https://0.0.0.0/", "0.0.0.0 is in the unspecified range"],
    ["https://169.254.169.254/", "169.254.169.254 is in the linkLocal range"],
    ["https://100.64.0.1/", "100.64.0.1 is in the carrierGradeNat range"],
    ["https://224.0.0.1/", "224.0.0.1 is in the multicast range"],
    ["https://[::1]/", "::1 is in the loopback range"],
    ["https://[fe80::1]/", "fe80::1 is in the linkLocal range"],
    ["https://[fd00:ec2::254]/", "fd00:ec2::254 is in the uniqueLocal range"],
    ["https://[::ffff:7f00:1]/", "127.0.0.1 is in the loopback range"],
    ["https://[64:ff9b::a00:1]/", "64:ff9b::a00:1 is in the rfc6052 range"],
    ["https://[2002:a00:1::]/", "2002:a00:1:: is in the 6to4 range"],
    // The URL parser reads these spellings of 127.0.0.1 as the address they are.
    ["https://2130706433/", "127.0.0.1 is in the loopback range"],
    ["https://0x7f.1/", "127.0.0.1 is in the loopback range"],
  ])("refuses %s in production: %s", async (url, reason) => {
    expect(await problem(url)).toBe(`hub.callback is not a public address: ${reason}`);
  });

  it("allows loopback, and only loopback, when running locally", async () => {
    expect(await problem("http://127.0.0.1:9000/cb", local)).toBeUndefined();
    expect(await problem("http://[::1]:9000/cb", local)).toBeUndefined();
    expect(await problem("http://localhost:9000/cb", local)).toBeUndefined();
    expect(await problem("http://10.0.0.1/cb", local)).toBe(
      "hub.callback is not a public address: 10.0.0.1 is in the private range",
    );
    expect(await problem("http://169.254.169.254/", local)).toBe(
      "hub.callback is not a public address: 169.254.169.254 is in the linkLocal range",
    );
  });

  it("refuses local and internal names without asking DNS", async () => {
    const asked: string[] = [];
    const rules: CallbackRules = {
      local: false,
      resolve: async (host) => {
        asked.push(host);
        return ["93.184.216.34"];
      },
    };
    expect(await problem("https://localhost/", rules)).toBe(
      "hub.callback is not a public address: localhost is this machine",
    );
    expect(await problem("https://app.localhost/", rules)).toBe(
      "hub.callback is not a public address: app.localhost is this machine",
    );
    for (const host of ["metadata.google.internal", "printer.local", "intranet"]) {
      expect(await problem(`https://${host}/`, rules)).toBe(
        `hub.callback is not a public address: ${host} is a local or internal name`,
      );
    }
    expect(asked).toEqual([]);
  });

  it("refuses a name when any of its addresses is not public, or when it has none", async () => {
    const resolve = async (host: string) =>
      ({ "mixed.example.net": ["93.184.216.34", "fd12::1"], "none.example.net": [] })[host] ?? [
        "93.184.216.34",
      ];
    const rules = { local: false, resolve };
    expect(await problem("https://mixed.example.net/", rules)).toBe(
      "hub.callback is not a public address: mixed.example.net resolves to fd12::1, in the uniqueLocal range",
    );
    expect(await problem("https://none.example.net/", rules)).toBe(
      "hub.callback's host none.example.net has no address",
    );
    const failing = { local: false, resolve: async () => Promise.reject(new Error("timeout")) };
    expect(await problem("https://any.example.net/", failing)).toBe(
      "hub.callback's host any.example.net could not be resolved (timeout)",
    );
    expect(await problem("https://user:pw@reader.example.net/")).toBe(
      "hub.callback must not carry credentials",
    );
  });

  it("resolves with DNS over HTTPS: A and AAAA, the final addresses of a CNAME chain", async () => {
    let clock = 0;
    const asked: string[] = [];
    const resolve = dohResolver(
      async (input) => {
        const url = new URL(String(input));
        asked.push(`${url.searchParams.get("name")} ${url.searchParams.get("type")}`);
        const type = Number(url.searchParams.get("type"));
        const answer =
          type === 1
            ? [
                { type: 5, data: "edge.example.net." },
                { type: 1, data: "93.184.216.34" },
              ]
            : [{ type: 28, data: "2606:2800:220:1::1" }];
        return new Response(JSON.stringify({ Status: 0, Answer: answer }));
      },
      5_000,
      () => clock,
    );
    expect(await resolve("reader.example.net")).toEqual(["93.184.216.34", "2606:2800:220:1::1"]);
    expect(asked.sort()).toEqual(["reader.example.net 1", "reader.example.net 28"]);
    // Kept for a minute: no new lookup until then, a new one after.
    clock = 59_999;
    expect(await resolve("reader.example.net")).toEqual(["93.184.216.34", "2606:2800:220:1::1"]);
    expect(asked).toHaveLength(2);
    clock = 60_000;
    await resolve("reader.example.net");
    expect(asked).toHaveLength(4);
    const nxdomain = dohResolver(async () => new Response(JSON.stringify({ Status: 3 })));
    expect(await nxdomain("gone.example.net")).toEqual([]);
    let status = 502;
    const flaky = dohResolver(async () =>
      status === 502 ? new Response("", { status }) : new Response(JSON.stringify({ Status: 0, Answer: [] })),
    );
    await expect(flaky("reader.example.net")).rejects.toThrow("the resolver answered 502");
    // A failure is not kept: the next call asks again.
    status = 200;
    expect(await flaky("reader.example.net")).toEqual([]);
  });
});

describe("reading a request's form", () => {
  const origin = "https://news.example.com";
  const parse = (params: Record<string, string> | string) =>
    parseHubRequest(
      typeof params === "string" ? params : new URLSearchParams(params).toString(),
      origin,
      standardFormats,
    );
  const base = { "hub.mode": "subscribe", "hub.callback": "https://reader.example.net/cb" };

  it("takes the site's and the families' subscription feeds, and no other URL", () => {
    for (const path of [
      "/feed.xml",
      "/atom.xml",
      "/feed.json",
      "/tags/iran/feed.xml",
      "/sections/world/atom.xml",
    ]) {
      expect(parse({ ...base, "hub.topic": origin + path })).toMatchObject({
        ok: true,
        request: { topic: origin + path },
      });
    }
    for (const topic of [
      `${origin}/archive/1/feed.xml`,
      `${origin}/tags/iran/archive/2/feed.xml`,
      `${origin}/tags/iran/`,
      `${origin}/feed.xml?page=2`,
      `${origin}/feed.xml#top`,
      `${origin}/things/iran/feed.xml`,
      "http://news.example.com/feed.xml",
      "https://news.example.com.evil.example/feed.xml",
      "feed.xml",
    ]) {
      expect(parse({ ...base, "hub.topic": topic }), topic).toMatchObject({ ok: false });
    }
  });

  it("clamps the lease, keeps a secret only when given, and reads publish notifications", () => {
    const topic = `${origin}/feed.xml`;
    expect(parse({ ...base, "hub.topic": topic })).toEqual({
      ok: true,
      request: {
        mode: "subscribe",
        topic,
        callback: base["hub.callback"],
        leaseSeconds: DEFAULT_LEASE_SECONDS,
      },
    });
    expect(parse({ ...base, "hub.topic": topic, "hub.lease_seconds": "0", "hub.secret": "s" })).toMatchObject(
      {
        request: { leaseSeconds: MIN_LEASE_SECONDS, secret: "s" },
      },
    );
    expect(parse({ ...base, "hub.topic": topic, "hub.secret": "x".repeat(200) })).toMatchObject({ ok: true });
    expect(parse({ ...base, "hub.topic": topic, "hub.lease_seconds": "-5" })).toMatchObject({ ok: false });
    expect(
      parse(`hub.mode=publish&hub.url=${encodeURIComponent(topic)}&hub.url=${encodeURIComponent(topic)}`),
    ).toEqual({
      ok: true,
      request: { mode: "publish", topics: [topic] },
    });
  });
});

describe("leases, retries and signatures", () => {
  it("grants the default when no lease is asked, and clamps to the bounds", () => {
    expect(grantedLease(undefined)).toBe(10 * 86_400);
    expect(grantedLease(1)).toBe(60);
    expect(grantedLease(3_600)).toBe(3_600);
    expect(grantedLease(10 ** 9)).toBe(MAX_LEASE_SECONDS);
    expect(MAX_LEASE_SECONDS).toBe(30 * 86_400);
  });

  it("waits 30 s, then three times longer each time, at most six hours; gives up after 8 attempts", () => {
    const settings = hubSettings({});
    expect(settings).toEqual({ requestsPerMinute: 20, deliveryAttempts: 8, retryBaseSeconds: 30 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelaySeconds(attempt, settings))).toEqual([
      30, 90, 270, 810, 2_430, 7_290, 21_600, 21_600,
    ]);
  });

  it("refuses a tuning variable out of range, naming it", () => {
    expect(() => hubSettings({ WEBSUB_HUB_DELIVERY_ATTEMPTS: "12" })).toThrow(
      'wrangler.toml: WEBSUB_HUB_DELIVERY_ATTEMPTS: expected a whole number from 1 to 11, found "12"',
    );
    expect(() => hubSettings({ WEBSUB_HUB_RETRY_SECONDS: "soon" })).toThrow("WEBSUB_HUB_RETRY_SECONDS");
  });

  it("signs with HMAC-SHA256 of the body as node:crypto computes it", async () => {
    const body = new TextEncoder().encode("<rss>ü</rss>").buffer as ArrayBuffer;
    const secret = "sécret";
    const expected = createHmac("sha256", secret).update(Buffer.from(body)).digest("hex");
    expect(await hubSignature(secret, body)).toBe(`sha256=${expected}`);
    expect(await documentVersion(body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("adds the hub's parameters to a callback's own query", () => {
    expect(withQuery("https://r.example/cb", { "hub.mode": "subscribe" })).toBe(
      "https://r.example/cb?hub.mode=subscribe",
    );
    expect(withQuery("https://r.example/cb?a=b%20c", { "hub.challenge": "x y" })).toBe(
      "https://r.example/cb?a=b%20c&hub.challenge=x+y",
    );
  });

  it("queues every message in order, in batches no larger than the Queues limit of 100", async () => {
    const batches: { body: unknown; contentType?: string }[][] = [];
    const queue = {
      async sendBatch(messages: Iterable<{ body: unknown; contentType?: string }>) {
        batches.push([...messages]);
      },
    } as unknown as Queue;
    const messages: HubMessage[] = Array.from({ length: 250 }, (_, index) => ({
      distribute: `https://news.example/t/${index}.xml`,
    }));
    await queueAll(queue, messages);
    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(batches.flat().map((message) => message.body)).toEqual(messages);
    expect(batches.flat().every((message) => message.contentType === "json")).toBe(true);
    await queueAll(queue, []);
    expect(batches).toHaveLength(3);
  });
});
