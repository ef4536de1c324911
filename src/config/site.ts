/**
 * The site's configuration: the one place a newsroom edits to make the publisher its own.
 * Only the canonical origin differs per environment, so it comes from the SITE_ORIGIN variable in
 * wrangler.toml (http://localhost:8787 in local dev, the real domain under [env.production]).
 */
export interface SiteSettings {
  title: string;
  description: string;
  language: string;
  publisher: string;
  defaultAuthor: string;
  copyright: string;
  itemsPerFeed: number;
  maxAgeSeconds: number;
  staleWhileRevalidateSeconds: number;
}

export const siteSettings: SiteSettings = {
  /** Feed and page title. */
  title: "The Meridian Dispatch",
  /** One sentence: RSS channel description, Atom subtitle, JSON Feed description. */
  description: "World news from The Meridian Dispatch newsroom: politics, diplomacy and conflict.",
  /** BCP 47 language tag of the articles (RSS language, Atom xml:lang, JSON Feed language). */
  language: "en",
  /** Who publishes the site (Atom feed author, page footer). */
  publisher: "The Meridian Dispatch",
  /** Credited on articles whose front matter names no author. */
  defaultAuthor: "Meridian Dispatch staff",
  /** RSS copyright, Atom rights. */
  copyright: "© The Meridian Dispatch. All rights reserved.",
  /** How many of the newest articles each subscription feed carries. */
  itemsPerFeed: 20,
  /** Seconds a cache may keep a feed or page before asking again (Cache-Control max-age). */
  maxAgeSeconds: 300,
  /** Seconds a cache may serve a stale copy while it revalidates (stale-while-revalidate). */
  staleWhileRevalidateSeconds: 600,
};

export interface SiteConfig extends SiteSettings {
  /** Canonical origin without a trailing slash, e.g. "https://news.example.com". */
  origin: string;
}

/** Reads the per-environment origin and fails loudly (at first request) when it is unusable. */
export function resolveSiteConfig(env: { SITE_ORIGIN?: string }): SiteConfig {
  const raw = env.SITE_ORIGIN ?? "";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `wrangler.toml: SITE_ORIGIN: expected an absolute http(s) origin such as "https://news.example.com", found ${JSON.stringify(raw)}`,
    );
  }
  if (
    (url.protocol !== "https:" && url.protocol !== "http:") ||
    url.pathname !== "/" ||
    url.search ||
    url.hash
  ) {
    throw new Error(
      `wrangler.toml: SITE_ORIGIN: expected an origin with no path, query or fragment, such as "https://news.example.com", found ${JSON.stringify(raw)}`,
    );
  }
  return { ...siteSettings, origin: url.origin };
}
