import type { SiteConfig } from "../config/site";
import type { FormatTable } from "../feeds/formats";
import type { ContentSnapshot, ContentStore, ContentView } from "../store/content-store";
import { type Catalog, createCatalog } from "./catalog";

/** A request's time and what is published at that time. */
export interface Moment {
  nowMs: number;
  /** The published state's version. */
  version: string;
  /** When the next scheduled article appears, if one is scheduled. */
  nextPublication: string | undefined;
  /**
   * Names what is visible: the version and the next publication. Every document that lists
   * articles is kept under it, so a scheduled article appears everywhere at its time, in every
   * isolate, without a rebuild.
   */
  state: string;
  view: ContentView;
  catalog: Catalog;
}

/** One environment's site: its settings, its feed formats, its store, and what they publish when. */
export interface Site {
  config: SiteConfig;
  formats: FormatTable;
  store: ContentStore;
  momentAt(nowMs: number): Promise<Moment>;
  /**
   * The moment at `nowMs` without waiting, when the isolate's snapshot is fresh and already read;
   * otherwise undefined (the caller then awaits momentAt). Equal to what momentAt would give.
   */
  momentIfFresh(nowMs: number): Moment | undefined;
}

export interface SiteOptions {
  /**
   * How long an isolate trusts its snapshot of the store (version and schedule) before asking
   * again: the bound between a publish and this isolate serving it. Measured on the site's clock.
   */
  snapshotMaxAgeMs: number;
}

/** Catalogs kept: the current state, and the one before for requests that straddle a change. */
const STATES_KEPT = 2;

export function createSite(
  config: SiteConfig,
  formats: FormatTable,
  store: ContentStore,
  options: SiteOptions,
): Site {
  let snapshot: { taken: number; value: Promise<ContentSnapshot>; resolved?: ContentSnapshot } | undefined;
  const catalogs = new Map<string, Catalog>();

  function isFresh(taken: number, nowMs: number): boolean {
    return nowMs - taken < options.snapshotMaxAgeMs && nowMs >= taken;
  }

  function currentSnapshot(nowMs: number): Promise<ContentSnapshot> {
    if (!snapshot || !isFresh(snapshot.taken, nowMs)) {
      const value = store.snapshot(nowMs);
      const taken: NonNullable<typeof snapshot> = { taken: nowMs, value };
      snapshot = taken;
      value.then(
        (resolved) => {
          taken.resolved = resolved;
        },
        // A failed snapshot is not kept: the next request asks again.
        () => {
          if (snapshot === taken) snapshot = undefined;
        },
      );
    }
    return snapshot.value;
  }

  function momentOf(nowMs: number, { version, generation, upcoming }: ContentSnapshot): Moment {
    // Usually one comparison: scheduled articles are few, and the list is sorted.
    const nextPublication = upcoming.find((published) => Date.parse(published) > nowMs);
    const state = `${version}@${nextPublication ?? "-"}`;
    let catalog = catalogs.get(state);
    if (!catalog) {
      catalog = createCatalog(config, store, { generation, before: nextPublication });
      if (catalogs.size >= STATES_KEPT) catalogs.delete(catalogs.keys().next().value as string);
      catalogs.set(state, catalog);
    }
    return { nowMs, version, nextPublication, state, view: catalog.view, catalog };
  }

  return {
    config,
    formats,
    store,
    async momentAt(nowMs) {
      return momentOf(nowMs, await currentSnapshot(nowMs));
    },
    momentIfFresh(nowMs) {
      const resolved = snapshot?.resolved;
      return resolved && snapshot && isFresh(snapshot.taken, nowMs) ? momentOf(nowMs, resolved) : undefined;
    },
  };
}
