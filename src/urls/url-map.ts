import { imageFormats } from "../lib/image-formats";
import { slugify } from "../lib/slug";

/**
 * The site's URL scheme, in one place (it depends on nothing above lib/; a feed format is anything
 * with a file name, see feeds/formats.ts): every path the worker links to or answers is built here, and
 * every route pattern is derived from the same tables, so pages, feeds, redirects and routes agree.
 *
 *   /                                    latest articles        /feed.xml, /atom.xml, /feed.json
 *   /archive/<n>/feed.xml …              site archive page n (n = 1 is the oldest)
 *   /sections|tags|authors/<slug>/       a family's page        …/<slug>/feed.xml, …
 *   /…/<slug>/archive/<n>/feed.xml …     a family's archive page n
 *   /articles/<slug>                     an article             /s/<code>  its short URL
 *   /feeds, /feeds.opml                  every feed             /assets/…, /favicon.svg, /icon-*.png
 *   /robots.txt, /sitemap.xml            crawlers: the rules and the sitemap index
 *   /sitemap-articles-<n>.xml            sitemap page n of the articles (n = 1 holds the oldest)
 *   /sitemap-listings-<n>.xml            sitemap page n of the home and family pages
 *   /news-sitemap.xml                    Google News sitemap (the last two days)
 *   /media/<hash>.<ext>                  a stored image (content/media/, by the hash of its bytes)
 *   /websub                              the site's own WebSub hub (when WEBSUB_OWN_HUB is "true")
 */

export type FamilyKind = "section" | "tag" | "author";
export type FeedKind = "site" | FamilyKind;

/** The folder of each kind of family; the site's feeds sit at the root. */
const familyFolders: Readonly<Record<FamilyKind, string>> = {
  section: "sections",
  tag: "tags",
  author: "authors",
};

export const familyKinds = Object.keys(familyFolders) as readonly FamilyKind[];

/** The kind of family a URL folder holds: "tags" → "tag". */
export function kindOfFolder(folder: string): FamilyKind | undefined {
  return familyKinds.find((kind) => familyFolders[kind] === folder);
}

/** Folder of the family `kind`/`slug` ("/tags/iran"); undefined when the slug is empty. */
export function familyBase(kind: FamilyKind, slug: string): string | undefined {
  return slug === "" ? undefined : `/${familyFolders[kind]}/${encodeURIComponent(slug)}`;
}

/** The folder holding every family of a kind ("/tags/"): the scheme of feed categories. */
export function familyFolderPath(kind: FamilyKind): string {
  return `/${familyFolders[kind]}/`;
}

/** The page of the family a name belongs to ("Middle East" → "/sections/middle-east/"), if it has one. */
export function familyPathOfName(kind: FamilyKind, name: string): string | undefined {
  const base = familyBase(kind, slugify(name));
  return base === undefined ? undefined : homePathOf(base);
}

/** The HTML page a feed folder mirrors: "/" for the site (""), "/tags/iran/" for "/tags/iran". */
export function homePathOf(base: string): string {
  return `${base}/`;
}

/** A path with its family folder's slug replaced (for the redirect to a canonical slug). */
export function withFamilySlug(path: string, slug: string): string {
  const segments = path.split("/"); // ["", folder, slug, …rest]
  segments[2] = encodeURIComponent(slug);
  return segments.join("/");
}

/** Folder of archive page `page` of the feed whose folder is `base`. */
export function archiveBase(base: string, page: number): string {
  return `${base}/archive/${page}`;
}

/** What the URL map needs of a feed format. */
interface NamedFile {
  fileName: string;
}

export function feedPath(base: string, format: NamedFile): string {
  return `${base}/${format.fileName}`;
}

/** Absolute URLs of every format of the document whose folder is `base` ("" for the site feed). */
export function feedLinks<Format extends NamedFile>(
  origin: string,
  base: string,
  formats: readonly Format[],
): { format: Format; href: string }[] {
  return formats.map((format) => ({ format, href: origin + feedPath(base, format) }));
}

export function articlePath(slug: string): string {
  return `/articles/${slug}`;
}

/** The short URL of an article: /s/<code>, redirecting to its page. */
export function shortPath(code: string): string {
  return `/s/${code}`;
}

export const sitePaths = {
  home: "/",
  feeds: "/feeds",
  opml: "/feeds.opml",
  /** Where the JSON Feed `_news` extension is documented. */
  extensionDocs: "/feeds#news-extension",
  siteScript: "/assets/site.js",
  faviconSvg: "/favicon.svg",
  /** Where browsers and aggregators look for a site's icon without being told. */
  faviconIco: "/favicon.ico",
  robots: "/robots.txt",
  sitemapIndex: "/sitemap.xml",
  newsSitemap: "/news-sitemap.xml",
  /** Where iOS looks for a home-screen icon without being told (180 × 180). */
  appleTouchIcon: "/apple-touch-icon.png",
  /** The site's 2:1 logo (Atom's logo element). */
  logo: "/logo.png",
  /** The site's own WebSub hub (src/hub/): subscriptions, publish notifications, status. */
  websub: "/websub",
} as const;

/** The site's 2:1 logo, in pixels. */
export const logoSize = { width: 512, height: 256 } as const;

/** The size of the apple-touch icon, in pixels. */
export const appleTouchIconSize = 180;

/**
 * How an article's `image.url` names a file of content/media/: "/media/<path within content/media/>".
 * The worker serves no such path: the build replaces it by the file's stored key (mediaPath).
 */
export const mediaFolder = "/media/";

/** Hex digits of the SHA-256 of its bytes that name a stored image: 128 bits. */
export const mediaHashLength = 32;

/** Where the worker serves the stored image `key` ("<hash>.<ext>"). */
export function mediaPath(key: string): string {
  return `${mediaFolder}${key}`;
}

/**
 * The two series of sitemap pages. They sit at the root because a sitemap may only list URLs below
 * its own folder (sitemaps.org, "Sitemap file location").
 */
export type SitemapSeries = "articles" | "listings";

export function sitemapPagePath(series: SitemapSeries, page: number): string {
  return `/sitemap-${series}-${page}.xml`;
}

/** The PNG sizes of the site icon: RSS image and Atom icon, JSON Feed icon, JSON Feed favicon. */
export const iconSizes = { small: 144, large: 512, favicon: 64 } as const;

export function iconPath(size: number): string {
  return `/icon-${size}.png`;
}

function alternatives(values: readonly string[]): string {
  return values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
}

// hono route patterns for the same scheme. Parameters: kind and slug (a family), page, file, code.
const family = `:kind{(?:${alternatives(Object.values(familyFolders))})}/:slug`;
// Page numbers without leading zeros, so that each archive page has exactly one URL.
const page = ":page{[1-9][0-9]{0,8}}";

export const pageRoutes = {
  familyPage: `/${family}/`,
  familyPageWithoutSlash: `/${family}`,
  article: "/articles/:slug",
  shortUrl: "/s/:code",
  icon: `/:file{icon-(?:${Object.values(iconSizes).join("|")})\\.png}`,
  sitemapPage: `/:file{sitemap-(?:articles|listings)-[1-9][0-9]{0,8}\\.xml}`,
  media: `${mediaFolder}:key{[0-9a-f]{${mediaHashLength}}\\.(?:${alternatives(imageFormats.map((format) => format.extension))})}`,
} as const;

/** The series and page a sitemap page route's `file` names ("sitemap-articles-2.xml" → articles, 2). */
export function sitemapPageOf(file: string): { series: SitemapSeries; page: number } {
  const [, series, page] = file.slice(0, -".xml".length).split("-");
  return { series: series === "articles" ? "articles" : "listings", page: Number(page) };
}

/** Routes of every feed document in the formats of `formats`. */
export function feedRoutes(formats: readonly NamedFile[]) {
  const file = `:file{(?:${alternatives(formats.map((format) => format.fileName))})}`;
  return {
    siteFeed: `/${file}`,
    siteArchive: `/archive/${page}/${file}`,
    familyFeed: `/${family}/${file}`,
    familyArchive: `/${family}/archive/${page}/${file}`,
  };
}

/** The size of the icon an icon route's `file` names ("icon-64.png" → 64). */
export function iconSizeOf(file: string): number {
  return Number(file.slice("icon-".length, -".png".length));
}

/**
 * Whether `path` is the path of a subscription document (a WebSub topic): the site's feed or a
 * family's, in one of `formats`, never an archive page. Whether the family exists is the routes' to
 * say; this is the scheme alone.
 */
export function isSubscriptionFeedPath(path: string, formats: readonly NamedFile[]): boolean {
  const segments = path.split("/");
  const file = segments.at(-1) ?? "";
  if (!formats.some((format) => format.fileName === file) || segments[0] !== "") return false;
  if (segments.length === 2) return true;
  return segments.length === 4 && kindOfFolder(segments[1] ?? "") !== undefined && (segments[2] ?? "") !== "";
}
