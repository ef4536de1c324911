import { escapeMarkup } from "../lib/escape";

/**
 * The XML of the sitemaps protocol (sitemaps.org 0.9) and of Google's news extension, written
 * directly: each document is a flat list of a few elements, everything written goes through
 * escapeMarkup, and every text was stripped of XML-forbidden characters at build time.
 */

const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** sitemaps.org: a URL must be shorter than 2,048 characters (the schema's maxLength is 2048). */
const MAX_URL_LENGTH = 2048;

/** One URL of a sitemap or sitemap index; `lastmod` is a W3C date-time (UTC, whole seconds). */
export interface SitemapEntry {
  loc: string;
  lastmod: string | undefined;
}

export interface NewsEntry {
  loc: string;
  lastmod: string;
  /** When the article first appeared (W3C date-time), never when it was added to the sitemap. */
  published: string;
  title: string;
  publication: NewsPublication;
}

/** What every item of a news sitemap says about the publication (its language: the article's). */
export interface NewsPublication {
  name: string;
  /** In the form Google reads (see newsLanguage). */
  language: string;
}

function element(name: string, text: string): string {
  return `<${name}>${escapeMarkup(text)}</${name}>`;
}

function locAndLastmod(entry: SitemapEntry): string {
  return element("loc", entry.loc) + (entry.lastmod === undefined ? "" : element("lastmod", entry.lastmod));
}

/** A URL the protocol cannot carry is left out rather than making the whole file invalid. */
function carriable(entry: { loc: string }): boolean {
  return entry.loc.length <= MAX_URL_LENGTH;
}

function document(root: string, namespaces: string, lines: readonly string[]): string {
  return `${DECLARATION}\n<${root} ${namespaces}>\n${lines.map((line) => `${line}\n`).join("")}</${root}>\n`;
}

/** A sitemap (`urlset`) listing pages with their last modification. */
export function renderUrlset(entries: readonly SitemapEntry[]): string {
  const lines = entries.filter(carriable).map((entry) => `<url>${locAndLastmod(entry)}</url>`);
  return document("urlset", `xmlns="${SITEMAP_NS}"`, lines);
}

/** A sitemap index (`sitemapindex`) listing sitemaps with their last modification. */
export function renderSitemapIndex(sitemaps: readonly SitemapEntry[]): string {
  const lines = sitemaps.filter(carriable).map((entry) => `<sitemap>${locAndLastmod(entry)}</sitemap>`);
  return document("sitemapindex", `xmlns="${SITEMAP_NS}"`, lines);
}

/**
 * A Google News sitemap: a sitemap whose every `url` carries one `news:news` with the publication
 * (name and language), the publication date and the title. An empty one is an empty `urlset`, which
 * Google accepts (it warns of an empty sitemap and nothing else).
 */
export function renderNewsSitemap(entries: readonly NewsEntry[]): string {
  const publicationXml = ({ name, language }: NewsPublication) =>
    `<news:publication>${element("news:name", name)}${element("news:language", language)}</news:publication>`;
  const lines = entries
    .filter(carriable)
    .map(
      (entry) =>
        `<url>${locAndLastmod(entry)}<news:news>${publicationXml(entry.publication)}${element("news:publication_date", entry.published)}${element("news:title", entry.title)}</news:news></url>`,
    );
  return document("urlset", `xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}"`, lines);
}

/** robots.txt (RFC 9309): every crawler may fetch everything; the sitemaps are named by absolute URL. */
export function renderRobots(sitemapUrls: readonly string[]): string {
  return `User-agent: *\nAllow: /\n\n${sitemapUrls.map((url) => `Sitemap: ${url}\n`).join("")}`;
}
