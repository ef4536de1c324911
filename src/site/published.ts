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
  let snapshot: { taken: number; value: Promise<ContentSnapshot> } | undefined;
  const catalogs = new Map<string, Catalog>();

  function currentSnapshot(nowMs: number): Promise<ContentSnapshot> {
    if (!snapshot || nowMs - snapshot.taken >= options.snapshotMaxAgeMs || nowMs < snapshot.taken) {
      const value = store.snapshot(nowMs);
      const taken = { taken: nowMs, value };
      snapshot = taken;
      // A failed snapshot is not kept: the next request asks again.
      value.catch(() => {
        if (snapshot === taken) snapshot = undefined;
      });
    }
    return snapshot.value;
  }

  return {
    config,
    formats,
    store,
    async momentAt(nowMs) {
      const { version, generation, upcoming } = await currentSnapshot(nowMs);
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
    },
  };
}
