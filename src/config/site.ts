/**
 * The site's configuration: the one place a newsroom edits to make the publisher its own.
 * What differs per environment comes from wrangler.toml's variables: the canonical origin
 * (SITE_ORIGIN: http://localhost:8787 in local dev, the real domain under [env.production]) and the
 * WebSub hubs told about every change (WEBSUB_HUBS: none in local dev) and whether the site's own
 * hub (src/hub/, at /websub) is one of them (WEBSUB_OWN_HUB: on in local dev).
 */
import { canonicalLanguageTag } from "../lib/language";
import { sitePaths } from "../urls/url-map";

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
  /**
   * WebSub hubs (absolute URLs, as the URL parser writes them): every subscription feed names them,
   * and each is told when a feed changes. Empty: no hub, and nothing is said about one.
   */
  hubs: readonly string[];
  /**
   * The site's own WebSub hub (`${origin}/websub`, see src/hub/) when WEBSUB_OWN_HUB is "true": then
   * also the first of `hubs`, so feeds advertise it beside any external hub.
   */
  ownHub?: string;
}

/** The per-environment variables the configuration reads (wrangler.toml [vars]). */
export interface SiteVariables {
  SITE_ORIGIN?: string;
  WEBSUB_HUBS?: string;
  WEBSUB_OWN_HUB?: string;
}

/**
 * Hosts a hub may be reached on over plain http: a stand-in hub on this machine. A SITE_ORIGIN on
 * one of them means the site runs locally (the own hub then calls back subscribers on this machine).
 */
export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

const HUBS_EXPECTED =
  'expected absolute https:// hub URLs separated by spaces or commas, such as "https://pubsubhubbub.appspot.com/" (http:// only on 127.0.0.1 or localhost, for a stand-in hub)';

/**
 * The WEBSUB_HUBS variable: hub URLs separated by white space or commas; none when it is unset or
 * blank. Hubs are told about changes in POST requests, so a hub on another machine must be reached
 * over https; a URL with credentials or a fragment is refused (neither belongs in a hub's address).
 */
function parseHubs(raw: string | undefined): string[] {
  const hubs: string[] = [];
  for (const text of (raw ?? "").split(/[\s,]+/)) {
    if (text === "") continue;
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    const usable =
      url !== undefined &&
      (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname))) &&
      url.username === "" &&
      url.password === "" &&
      url.hash === "";
    if (!url || !usable) {
      throw new Error(`wrangler.toml: WEBSUB_HUBS: ${HUBS_EXPECTED}, found ${JSON.stringify(text)}`);
    }
    if (!hubs.includes(url.href)) hubs.push(url.href);
  }
  return hubs;
}

/** The WEBSUB_OWN_HUB variable: "true" or "false"; unset is "false". */
function parseOwnHubSwitch(raw: string | undefined): boolean {
  if (raw === undefined || raw === "false") return false;
  if (raw === "true") return true;
  throw new Error(`wrangler.toml: WEBSUB_OWN_HUB: expected "true" or "false", found ${JSON.stringify(raw)}`);
}

/**
 * Reads the per-environment settings (the origin, the hubs), and fails loudly (at first request)
 * when one of them or the site's language is unusable; `npm run deploy` checks them before it
 * uploads.
 */
export function resolveSiteConfig(env: SiteVariables, settings: SiteSettings = siteSettings): SiteConfig {
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
  const external = parseHubs(env.WEBSUB_HUBS);
  const ownHub = parseOwnHubSwitch(env.WEBSUB_OWN_HUB) ? url.origin + sitePaths.websub : undefined;
  return {
    ...settings,
    language: siteLanguage(settings.language),
    origin: url.origin,
    hubs: ownHub ? [ownHub, ...external.filter((hub) => hub !== ownHub)] : external,
    ...(ownHub ? { ownHub } : {}),
  };
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
