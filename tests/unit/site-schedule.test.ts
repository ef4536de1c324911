import { describe, expect, it } from "vitest";
import { resolveSiteConfig } from "../../src/config/site";
import { standardFormats } from "../../src/feeds/formats";
import { createSite } from "../../src/site/published";
import type { ContentSnapshot, ContentStore } from "../../src/store/content-store";
import { createMemoryStore } from "../../src/store/memory-store";

/**
 * createSite: how long an isolate trusts its snapshot of the store, what a request's moment says is
 * visible, and which catalogs it keeps. The store here answers snapshots from a script, so that a
 * publish (a new version) or a failure can happen between two requests.
 */

const config = resolveSiteConfig({ SITE_ORIGIN: "https://news.example.com" });
const T0 = Date.parse("2025-03-01T12:00:00Z");
const MAX_AGE = 10_000;

/** A store whose snapshot is whatever `next` says at the time it is asked; it counts the calls. */
function scriptedStore(initial: ContentSnapshot) {
  const base = createMemoryStore({ version: "unused", articles: [] });
  const state = {
    next: (_nowMs: number): Promise<ContentSnapshot> => Promise.resolve(initial),
    asked: [] as number[],
  };
  const store: ContentStore = {
    ...base,
    snapshot(nowMs) {
      state.asked.push(nowMs);
      return state.next(nowMs);
    },
  };
  return { store, state };
}

const snapshotOf = (version: string, upcoming: string[] = []): ContentSnapshot => ({
  version,
  generation: 1,
  upcoming,
});

function siteOver(store: ContentStore) {
  return createSite(config, standardFormats, store, { snapshotMaxAgeMs: MAX_AGE });
}

describe("createSite: the snapshot", () => {
  it("hands back its config, formats and store", () => {
    const { store } = scriptedStore(snapshotOf("v1"));
    const site = siteOver(store);
    expect(site.config).toBe(config);
    expect(site.formats).toBe(standardFormats);
    expect(site.store).toBe(store);
  });

  it("asks the store once, then trusts the snapshot until it is snapshotMaxAgeMs old", async () => {
    const { store, state } = scriptedStore(snapshotOf("v1"));
    const site = siteOver(store);
    await site.momentAt(T0);
    await site.momentAt(T0);
    await site.momentAt(T0 + 1);
    await site.momentAt(T0 + MAX_AGE - 1);
    expect(state.asked).toEqual([T0]);
    await site.momentAt(T0 + MAX_AGE);
    expect(state.asked).toEqual([T0, T0 + MAX_AGE]);
    await site.momentAt(T0 + MAX_AGE + 1);
    expect(state.asked).toEqual([T0, T0 + MAX_AGE]);
  });

  it("sees a publish once its snapshot has aged out", async () => {
    const { store, state } = scriptedStore(snapshotOf("v1"));
    const site = siteOver(store);
    expect((await site.momentAt(T0)).version).toBe("v1");
    state.next = async () => snapshotOf("v2");
    expect((await site.momentAt(T0 + MAX_AGE - 1)).version).toBe("v1");
    expect((await site.momentAt(T0 + MAX_AGE)).version).toBe("v2");
  });

  it("asks again when the clock goes back before the snapshot", async () => {
    const { store, state } = scriptedStore(snapshotOf("v1"));
    const site = siteOver(store);
    await site.momentAt(T0);
    await site.momentAt(T0 - 1);
    expect(state.asked).toEqual([T0, T0 - 1]);
    await site.momentAt(T0 - 1);
    expect(state.asked).toEqual([T0, T0 - 1]);
  });

  it("does not keep a failed snapshot: the next request asks again", async () => {
    const { store, state } = scriptedStore(snapshotOf("v1"));
    state.next = () => Promise.reject(new Error("D1 unavailable"));
    const site = siteOver(store);
    await expect(site.momentAt(T0)).rejects.toThrow("D1 unavailable");
    state.next = async () => snapshotOf("v1");
    expect((await site.momentAt(T0 + 1)).version).toBe("v1");
    expect(state.asked).toEqual([T0, T0 + 1]);
    await site.momentAt(T0 + 2);
    expect(state.asked).toEqual([T0, T0 + 1]);
  });

  it("keeps a newer snapshot when an older one fails late", async () => {
    const { store, state } = scriptedStore(snapshotOf("v1"));
    let failLate!: (error: Error) => void;
    state.next = () =>
      new Promise<ContentSnapshot>((_resolve, reject) => {
        failLate = reject;
      });
    const site = siteOver(store);
    const first = site.momentAt(T0);
    state.next = async () => snapshotOf("v2");
    // The first snapshot has not answered yet; a request after it has aged out asks again.
    expect((await site.momentAt(T0 + MAX_AGE)).version).toBe("v2");
    failLate(new Error("timed out"));
    await expect(first).rejects.toThrow("timed out");
    await site.momentAt(T0 + MAX_AGE + 1);
    expect(state.asked).toEqual([T0, T0 + MAX_AGE]);
  });
});

describe("createSite: the moment", () => {
  const upcoming = ["2025-03-01T12:00:00Z", "2025-03-01T12:30:00Z", "2025-03-01T14:00:00Z"];

  it("names the next publication strictly after now, and the state from it and the version", async () => {
    const { store } = scriptedStore(snapshotOf("v1", upcoming));
    const site = siteOver(store);
    const moment = await site.momentAt(T0);
    expect(moment.nowMs).toBe(T0);
    expect(moment.version).toBe("v1");
    expect(moment.nextPublication).toBe("2025-03-01T12:30:00Z");
    expect(moment.state).toBe("v1@2025-03-01T12:30:00Z");
    expect(moment.view).toEqual({ generation: 1, before: "2025-03-01T12:30:00Z" });
    expect(moment.catalog.view).toBe(moment.view);
  });

  it("moves on with the clock while the snapshot is kept", async () => {
    const { store } = scriptedStore(snapshotOf("v1", upcoming));
    const site = createSite(config, standardFormats, store, { snapshotMaxAgeMs: 24 * 3_600_000 });
    expect((await site.momentAt(Date.parse("2025-03-01T12:30:00Z"))).state).toBe("v1@2025-03-01T14:00:00Z");
    const after = await site.momentAt(Date.parse("2025-03-01T14:00:00Z"));
    expect(after.nextPublication).toBeUndefined();
    expect(after.state).toBe("v1@-");
    expect(after.view).toEqual({ generation: 1, before: undefined });
  });

  it("carries the snapshot's generation into the view", async () => {
    const { store } = scriptedStore({ version: "v9", generation: 42, upcoming: [] });
    const moment = await siteOver(store).momentAt(T0);
    expect(moment.view).toEqual({ generation: 42, before: undefined });
    expect(moment.state).toBe("v9@-");
  });
});

describe("createSite: catalogs", () => {
  const upcoming = ["2025-03-01T13:00:00Z", "2025-03-01T14:00:00Z", "2025-03-01T15:00:00Z"];
  // One moment in each of four states: before 13:00, before 14:00, before 15:00, after.
  const at = (hour: number) => Date.parse(`2025-03-01T${String(hour).padStart(2, "0")}:30:00Z`);

  it("shares one catalog between the moments of one state", async () => {
    const { store } = scriptedStore(snapshotOf("v1", upcoming));
    const site = siteOver(store);
    const first = await site.momentAt(at(12));
    const second = await site.momentAt(at(12) + 1000);
    expect(second.state).toBe(first.state);
    expect(second.catalog).toBe(first.catalog);
  });

  it("keeps the catalogs of the current state and the one before", async () => {
    const { store } = scriptedStore(snapshotOf("v1", upcoming));
    const site = siteOver(store);
    const a = await site.momentAt(at(12));
    const b = await site.momentAt(at(13));
    expect(b.catalog).not.toBe(a.catalog);
    // A request that straddles the change still finds the state before.
    expect((await site.momentAt(at(12))).catalog).toBe(a.catalog);
    expect((await site.momentAt(at(13))).catalog).toBe(b.catalog);
  });

  it("drops the oldest catalog when a third state comes", async () => {
    const { store } = scriptedStore(snapshotOf("v1", upcoming));
    const site = siteOver(store);
    const a = await site.momentAt(at(12));
    const b = await site.momentAt(at(13));
    const c = await site.momentAt(at(14));
    expect(new Set([a.catalog, b.catalog, c.catalog]).size).toBe(3);
    expect((await site.momentAt(at(13))).catalog).toBe(b.catalog);
    expect((await site.momentAt(at(14))).catalog).toBe(c.catalog);
    const again = await site.momentAt(at(12));
    expect(again.state).toBe(a.state);
    expect(again.catalog).not.toBe(a.catalog);
  });

  it("gives a new version its own catalog", async () => {
    const { store, state } = scriptedStore(snapshotOf("v1"));
    const site = siteOver(store);
    const before = await site.momentAt(T0);
    state.next = async () => snapshotOf("v2");
    const after = await site.momentAt(T0 + MAX_AGE);
    expect(after.state).toBe("v2@-");
    expect(after.catalog).not.toBe(before.catalog);
  });
});

describe("createSite: the moment without waiting", () => {
  // Due within the snapshot's lifetime (MAX_AGE, 10 s).
  const upcoming = ["2025-03-01T12:00:05Z"];

  it("is there only once a snapshot has been read, and equals the moment momentAt gives", async () => {
    const { store, state } = scriptedStore(snapshotOf("v1", upcoming));
    const site = siteOver(store);
    expect(site.momentIfFresh(T0)).toBeUndefined();
    expect(state.asked).toEqual([]);
    const pending = site.momentAt(T0);
    expect(site.momentIfFresh(T0)).toBeUndefined();
    const awaited = await pending;
    expect(site.momentIfFresh(T0)).toEqual(awaited);
    expect(site.momentIfFresh(T0 + 1)?.catalog).toBe(awaited.catalog);
    // The clock moves on within the snapshot: the scheduled article is out.
    const later = Date.parse("2025-03-01T12:00:05Z");
    expect(site.momentIfFresh(later)).toEqual(await site.momentAt(later));
    expect(site.momentIfFresh(later)?.state).toBe("v1@-");
    expect(state.asked).toEqual([T0]);
  });

  it("is not there once the snapshot has aged out, or the clock went back before it, and never asks", async () => {
    const { store, state } = scriptedStore(snapshotOf("v1"));
    const site = siteOver(store);
    await site.momentAt(T0);
    expect(site.momentIfFresh(T0 + MAX_AGE - 1)?.version).toBe("v1");
    expect(site.momentIfFresh(T0 + MAX_AGE)).toBeUndefined();
    expect(site.momentIfFresh(T0 - 1)).toBeUndefined();
    expect(state.asked).toEqual([T0]);
    // The snapshot asked for next is the one it gives, once read.
    state.next = async () => snapshotOf("v2");
    const pending = site.momentAt(T0 + MAX_AGE);
    expect(site.momentIfFresh(T0 + MAX_AGE)).toBeUndefined();
    await pending;
    expect(site.momentIfFresh(T0 + MAX_AGE)?.version).toBe("v2");
  });

  it("is not there after a failed snapshot", async () => {
    const { store, state } = scriptedStore(snapshotOf("v1"));
    state.next = () => Promise.reject(new Error("D1 unavailable"));
    const site = siteOver(store);
    await expect(site.momentAt(T0)).rejects.toThrow("D1 unavailable");
    expect(site.momentIfFresh(T0)).toBeUndefined();
  });
});
