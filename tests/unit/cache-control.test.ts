import { describe, expect, it } from "vitest";
import { type SiteConfig, siteSettings } from "../../src/config/site";
import {
  CLOCK_STEP_MS,
  clockStep,
  cacheControlFor as policyFor,
  varyFor,
} from "../../src/documents/cache-policy";

/** The live policy, the one that follows the schedule. */
const cacheControlFor = (config: SiteConfig, nowMs: number, nextPublication: string | undefined) =>
  policyFor("live", config, { nowMs, nextPublication });

const config: SiteConfig = {
  ...siteSettings,
  origin: "https://news.example.com",
  hubs: [],
  maxAgeSeconds: 300,
  staleWhileRevalidateSeconds: 600,
};
const now = Date.parse("2025-03-01T12:00:00Z");
/** An ISO date-time `ms` milliseconds after `now`. */
const dueIn = (ms: number) => new Date(now + ms).toISOString();

describe("cacheControlFor", () => {
  it("uses the configured lifetimes when nothing is scheduled", () => {
    expect(cacheControlFor(config, now, undefined)).toBe("public, max-age=300, stale-while-revalidate=600");
  });

  it("reads the lifetimes from the configuration", () => {
    const other = { ...config, maxAgeSeconds: 60, staleWhileRevalidateSeconds: 30 };
    expect(cacheControlFor(other, now, undefined)).toBe("public, max-age=60, stale-while-revalidate=30");
  });

  it("leaves stale-while-revalidate out when it is zero", () => {
    const noStale = { ...config, staleWhileRevalidateSeconds: 0 };
    expect(cacheControlFor(noStale, now, undefined)).toBe("public, max-age=300");
    expect(cacheControlFor(noStale, now, dueIn(3_600_000))).toBe("public, max-age=300");
  });

  it("keeps both lifetimes when the next publication is after both have run out", () => {
    expect(cacheControlFor(config, now, dueIn(3_600_000))).toBe(
      "public, max-age=300, stale-while-revalidate=600",
    );
    // Exactly when the stale window ends.
    expect(cacheControlFor(config, now, dueIn(900_000))).toBe(
      "public, max-age=300, stale-while-revalidate=600",
    );
  });

  it("cuts the stale window so that it ends when the article is due", () => {
    expect(cacheControlFor(config, now, dueIn(400_000))).toBe(
      "public, max-age=300, stale-while-revalidate=100",
    );
    expect(cacheControlFor(config, now, dueIn(301_000))).toBe(
      "public, max-age=300, stale-while-revalidate=1",
    );
  });

  it("cuts max-age and drops the stale window when the article is due within max-age", () => {
    expect(cacheControlFor(config, now, dueIn(300_000))).toBe("public, max-age=300");
    expect(cacheControlFor(config, now, dueIn(120_000))).toBe("public, max-age=120");
    expect(cacheControlFor(config, now, dueIn(1_000))).toBe("public, max-age=1");
  });

  it("rounds a fraction of a second up, so that the document is never kept past the moment", () => {
    expect(cacheControlFor(config, now, dueIn(120_001))).toBe("public, max-age=121");
    expect(cacheControlFor(config, now, dueIn(299_500))).toBe("public, max-age=300");
    expect(cacheControlFor(config, now, dueIn(300_200))).toBe(
      "public, max-age=300, stale-while-revalidate=1",
    );
  });

  it("answers max-age=0 when the article is due now or overdue, never a negative age", () => {
    expect(cacheControlFor(config, now, dueIn(0))).toBe("public, max-age=0");
    expect(cacheControlFor(config, now, dueIn(-5_000))).toBe("public, max-age=0");
    expect(cacheControlFor(config, now, dueIn(-3_600_000))).toBe("public, max-age=0");
  });

  it("reads a publication time written with an offset as the same instant", () => {
    expect(cacheControlFor(config, now, "2025-03-01T14:02:00+02:00")).toBe("public, max-age=120");
  });
});

describe("the fixed cache policies", () => {
  const scheduledSoon = { nowMs: now, nextPublication: dueIn(1_000) };

  it.each([
    ["archive", "public, max-age=604800, stale-while-revalidate=86400"],
    ["asset", "public, max-age=86400"],
    ["view", "private, max-age=0, must-revalidate"],
    ["redirect", "public, max-age=86400"],
  ] as const)("%s: %s, whatever is scheduled and however the site is configured", (policy, expected) => {
    expect(policyFor(policy, config, { nowMs: now, nextPublication: undefined })).toBe(expected);
    expect(policyFor(policy, config, scheduledSoon)).toBe(expected);
    expect(
      policyFor(policy, { ...config, maxAgeSeconds: 5, staleWhileRevalidateSeconds: 0 }, scheduledSoon),
    ).toBe(expected);
  });

  it("lets only the live policy follow the schedule", () => {
    expect(policyFor("live", config, scheduledSoon)).toBe("public, max-age=1");
  });
});

describe("the clock policy (documents that depend on the time itself)", () => {
  // `now` is 12:00:00, the start of a five-minute step.
  const clock = (nowMs: number, nextPublication?: string) =>
    policyFor("clock", config, { nowMs, nextPublication });

  it("cuts the steps on the epoch, every isolate alike", () => {
    expect(CLOCK_STEP_MS).toBe(300_000);
    expect(clockStep(now)).toEqual({ startMs: now, endMs: now + 300_000 });
    expect(clockStep(now + 299_999)).toEqual({ startMs: now, endMs: now + 300_000 });
    expect(clockStep(now + 300_000)).toEqual({ startMs: now + 300_000, endMs: now + 600_000 });
    expect(clockStep(now - 1)).toEqual({ startMs: now - 300_000, endMs: now });
  });

  it("keeps a copy until its step ends at most, without stale-while-revalidate", () => {
    expect(clock(now)).toBe("public, max-age=300");
    expect(clock(now + 150_000)).toBe("public, max-age=150");
    expect(clock(now + 299_001)).toBe("public, max-age=1");
    expect(clock(now + 299_999)).toBe("public, max-age=1");
  });

  it("or until the next scheduled article is due, if sooner; or the configured max-age, if shorter", () => {
    expect(clock(now, dueIn(60_000))).toBe("public, max-age=60");
    expect(clock(now, dueIn(400_000))).toBe("public, max-age=300");
    expect(clock(now + 200_000, dueIn(250_000))).toBe("public, max-age=50");
    expect(
      policyFor("clock", { ...config, maxAgeSeconds: 30 }, { nowMs: now, nextPublication: undefined }),
    ).toBe("public, max-age=30");
  });
});

describe("varyFor", () => {
  it("varies every document on Accept-Encoding, and a feed with a browser view on Sec-Fetch-Dest too", () => {
    expect(varyFor(false)).toBe("Accept-Encoding");
    expect(varyFor(true)).toBe("Accept-Encoding, Sec-Fetch-Dest, Sec-Fetch-Mode");
  });
});
