import type { SiteConfig } from "../config/site";
import type { FamilySummary, FeedRef } from "../store/content-store";
import { type FamilyKind, type FeedKind, familyBase, homePathOf } from "../urls/url-map";

/** One feed family: the site's, or one section's, tag's or author's. */
export interface FeedDefinition {
  kind: FeedKind;
  /** Display name ("Middle East"); the site title for the site feed. */
  name: string;
  slug: string;
  /** Folder of the feed and its HTML listing: "" for the site, "/tags/iran" for a tag, … */
  base: string;
  title: string;
  description: string;
  /** The HTML page the feed mirrors. */
  homePath: string;
  /** How many articles it holds. */
  count: number;
  /**
   * How many places its history has: its articles and its retracted articles, which keep their
   * places so that archive pages never shift (see ContentStore.places).
   */
  places: number;
  /** The feed, for the content store. */
  ref: FeedRef;
}

/** A section's, tag's or author's feed family. */
export type FamilyDefinition = FeedDefinition & { kind: FamilyKind };

/** Every feed of the site, by kind of family. */
export interface FeedList {
  site: FeedDefinition;
  sections: readonly FamilyDefinition[];
  tags: readonly FamilyDefinition[];
  authors: readonly FamilyDefinition[];
}

const descriptions: Record<FamilyKind, (name: string, site: string) => string> = {
  section: (name, site) => `${site}: every article in the ${name} section.`,
  tag: (name, site) => `${site}: every article tagged “${name}”.`,
  author: (name, site) => `${site}: every article by ${name}.`,
};

export function siteFeed(config: SiteConfig, count: number, places = count): FeedDefinition {
  return {
    kind: "site",
    name: config.title,
    slug: "",
    base: "",
    title: config.title,
    description: config.description,
    homePath: homePathOf(""),
    count,
    places,
    ref: { kind: "site" },
  };
}

/**
 * The feed family of a store's family summary. Names that differ only in case or accents share a
 * slug, so they are one family, shown under the spelling of its newest article; undefined for a
 * slug that makes no address (a name of punctuation only).
 */
export function familyFeed(config: SiteConfig, family: FamilySummary): FamilyDefinition | undefined {
  const base = familyBase(family.kind, family.slug);
  if (base === undefined) return undefined;
  return {
    kind: family.kind,
    name: family.name,
    slug: family.slug,
    base,
    title: `${family.name} · ${config.title}`,
    description: descriptions[family.kind](family.name, config.title),
    homePath: homePathOf(base),
    count: family.count,
    places: family.places,
    ref: { kind: family.kind, slug: family.slug },
  };
}
