/**
 * The site's configuration: the one place a newsroom edits to make the publisher its own.
 * Only the canonical origin differs per environment, so it comes from the SITE_ORIGIN variable in
 * wrangler.toml (http://localhost:8787 in local dev, the real domain under [env.production]).
 */
import { canonicalLanguageTag } from "../lib/language";

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
  /**
   * BCP 47 language tag of the site and of every article whose front matter gives no `lang` (RSS
   * language, Atom xml:lang, JSON Feed language, the pages' lang and dir).
   */
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

/**
 * Reads the per-environment origin, and fails loudly (at first request) when it or the site's language
 * is unusable; `npm run deploy` checks both before it uploads.
 */
export function resolveSiteConfig(
  env: { SITE_ORIGIN?: string },
  settings: SiteSettings = siteSettings,
): SiteConfig {
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
  return { ...settings, language: siteLanguage(settings.language), origin: url.origin };
}

/**
 * The site's language in canonical form, so that it compares equal to an article's `lang` (which
 * the build canonicalises); an unreadable tag fails as loudly as an unusable origin.
 */
function siteLanguage(tag: string): string {
  const canonical = canonicalLanguageTag(tag);
  if (canonical === undefined) {
    throw new Error(
      `src/config/site.ts: language: expected a BCP 47 language tag such as "en" or "pt-BR", found ${JSON.stringify(tag)}`,
    );
  }
  return canonical;
}
