import type { SiteConfig } from "../config/site";
import {
  type FamilyDefinition,
  type FeedDefinition,
  type FeedList,
  familyFeed,
  siteFeed,
} from "../feeds/feed-catalog";
import { Lru } from "../lib/lru";
import type { ArticleLookup, ContentStore, ContentView, FeedRef } from "../store/content-store";
import type { FamilyKind } from "../urls/url-map";

/**
 * What one published state holds, asked of the store once per isolate and kept: the site feed and
 * each family with their counts, article lookups. Routes need these before they can name a document
 * (is there such a tag? how many archive pages?), so a warm request answers from memory, without a
 * round trip to the store. Lookups of arbitrary names are kept in a bounded map.
 */
export interface Catalog {
  readonly view: ContentView;
  site(): Promise<FeedDefinition>;
  family(kind: FamilyKind, slug: string): Promise<FamilyDefinition | undefined>;
  families(kind: FamilyKind): Promise<FamilyDefinition[]>;
  /** Every feed: the site's and every family's (the feeds page and OPML). */
  feedList(): Promise<FeedList>;
  article(slug: string): Promise<ArticleLookup>;
  byShortCode(code: string): Promise<ArticleLookup>;
  /** The newest update among a feed's articles (Last-Modified of lists of feeds). */
  latestUpdate(feed: FeedRef): Promise<string | undefined>;
}

const LOOKUPS_KEPT = 2048;

export function createCatalog(config: SiteConfig, store: ContentStore, view: ContentView): Catalog {
  const lookups = new Lru<string, Promise<unknown>>(LOOKUPS_KEPT);
  const memo = <T>(key: string, make: () => Promise<T>): Promise<T> =>
    lookups.getOrMake(key, make) as Promise<T>;
  const refKey = (feed: FeedRef) => (feed.kind === "site" ? "site" : `${feed.kind}/${feed.slug}`);
  const catalog: Catalog = {
    view,
    site: () =>
      memo("site", async () => {
        const [count, places] = await Promise.all([
          store.count(view, { kind: "site" }),
          store.places(view, { kind: "site" }),
        ]);
        return siteFeed(config, count, places);
      }),
    family: (kind, slug) =>
      memo(`family ${kind}/${slug}`, async () => {
        const found = await store.family(view, kind, slug);
        return found && familyFeed(config, found);
      }),
    families: (kind) =>
      memo(`families ${kind}`, async () =>
        (await store.families(view, kind)).flatMap((found) => familyFeed(config, found) ?? []),
      ),
    article: (slug) => memo(`article ${slug}`, () => store.article(view, slug)),
    byShortCode: (code) => memo(`code ${code}`, () => store.byShortCode(view, code)),
    latestUpdate: (feed) => memo(`latest ${refKey(feed)}`, () => store.latestUpdate(view, feed)),
    async feedList() {
      const [site, sections, tags, authors] = await Promise.all([
        catalog.site(),
        catalog.families("section"),
        catalog.families("tag"),
        catalog.families("author"),
      ]);
      return { site, sections, tags, authors };
    },
  };
  return catalog;
}
