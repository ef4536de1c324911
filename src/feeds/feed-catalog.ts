import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { slugify } from "../lib/slug";

export type FeedKind = "site" | "section" | "tag" | "author";

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
  /** Its articles, newest first. */
  articles: ArticleMeta[];
}

/**
 * Every feed of the site at one moment. The families of each kind are grouped on first use: the
 * first request of a fresh isolate is usually for the site feed, and grouping tens of thousands of
 * articles by tag is work it need not wait for.
 */
export interface FeedCatalog {
  site: FeedDefinition;
  readonly sections: readonly FeedDefinition[];
  readonly tags: readonly FeedDefinition[];
  readonly authors: readonly FeedDefinition[];
  /** The family of `kind` with this slug, if it has any visible article. */
  find(kind: Exclude<FeedKind, "site">, slug: string): FeedDefinition | undefined;
}

const folders: Record<Exclude<FeedKind, "site">, string> = {
  section: "sections",
  tag: "tags",
  author: "authors",
};

export function familyBase(kind: Exclude<FeedKind, "site">, slug: string): string {
  return `/${folders[kind]}/${encodeURIComponent(slug)}`;
}

/** The names an article belongs under, for each kind of family. */
function namesOf(kind: Exclude<FeedKind, "site">, article: ArticleMeta, config: SiteConfig): string[] {
  if (kind === "section") return [article.section];
  if (kind === "tag") return article.tags;
  return article.authors.length > 0 ? article.authors : [config.defaultAuthor];
}

function describe(
  kind: Exclude<FeedKind, "site">,
  name: string,
  config: SiteConfig,
): { title: string; description: string } {
  switch (kind) {
    case "section":
      return {
        title: `${name} · ${config.title}`,
        description: `${config.title}: every article in the ${name} section.`,
      };
    case "tag":
      return {
        title: `${name} · ${config.title}`,
        description: `${config.title}: every article tagged “${name}”.`,
      };
    case "author":
      return {
        title: `${name} · ${config.title}`,
        description: `${config.title}: every article by ${name}.`,
      };
  }
}

/**
 * Groups the visible articles (newest first) into families. Names that differ only in case or
 * accents share a slug, so they are one family; it is shown under the spelling of its newest
 * article. Names whose slug is empty (punctuation only) get no family.
 */
function buildFamilies(
  kind: Exclude<FeedKind, "site">,
  articles: readonly ArticleMeta[],
  config: SiteConfig,
): Map<string, FeedDefinition> {
  const families = new Map<string, FeedDefinition>();
  // Thousands of articles share a few hundred names: slugify each name once.
  const slugs = new Map<string, string>();
  for (const article of articles) {
    const seen = new Set<string>();
    for (const name of namesOf(kind, article, config)) {
      let slug = slugs.get(name);
      if (slug === undefined) {
        slug = slugify(name);
        slugs.set(name, slug);
      }
      if (slug === "" || seen.has(slug)) continue;
      seen.add(slug);
      let family = families.get(slug);
      if (!family) {
        const base = familyBase(kind, slug);
        family = {
          kind,
          name,
          slug,
          base,
          ...describe(kind, name, config),
          homePath: `${base}/`,
          articles: [],
        };
        families.set(slug, family);
      }
      family.articles.push(article);
    }
  }
  return new Map([...families].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function buildFeedCatalog(articles: readonly ArticleMeta[], config: SiteConfig): FeedCatalog {
  const site: FeedDefinition = {
    kind: "site",
    name: config.title,
    slug: "",
    base: "",
    title: config.title,
    description: config.description,
    homePath: "/",
    articles: articles as ArticleMeta[],
  };
  const grouped = new Map<Exclude<FeedKind, "site">, Map<string, FeedDefinition>>();
  const familiesOf = (kind: Exclude<FeedKind, "site">) => {
    let families = grouped.get(kind);
    if (!families) {
      families = buildFamilies(kind, articles, config);
      grouped.set(kind, families);
    }
    return families;
  };
  return {
    site,
    get sections() {
      return [...familiesOf("section").values()];
    },
    get tags() {
      return [...familiesOf("tag").values()];
    },
    get authors() {
      return [...familiesOf("author").values()];
    },
    find: (kind, slug) => familiesOf(kind).get(slug),
  };
}
