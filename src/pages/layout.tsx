import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { SiteConfig } from "../config/site";
import { readableTime } from "../lib/dates";
import { textDirection } from "../lib/language";
import { sitePaths } from "../urls/url-map";
import type { FeedSet } from "./feed-set";
import { Follow } from "./follow";
import { pageStyles } from "./styles";

export interface LayoutProps {
  site: SiteConfig;
  title: string;
  description: string;
  /** Absolute canonical URL of the page. */
  canonical: string;
  feeds: FeedSet;
  /** What the page adds to the head (an article's structured data and link-preview tags). */
  head?: Child;
  children: Child;
}

/** The document shell every page shares: head with feed autodiscovery, header, main, footer. */
export function Layout({ site, title, description, canonical, feeds, head, children }: LayoutProps) {
  const pageTitle = title === site.title ? title : `${title} · ${site.title}`;
  return (
    <html lang={site.language} dir={textDirection(site.language)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{pageTitle}</title>
        <meta name="description" content={description} />
        <link rel="canonical" href={canonical} />
        {head}
        {/* The ICO for browsers that take no SVG ("any": Chromium then prefers the SVG), the SVG, and iOS's. */}
        <link rel="icon" href={sitePaths.faviconIco} sizes="any" />
        <link rel="icon" href={sitePaths.faviconSvg} type="image/svg+xml" />
        <link rel="apple-touch-icon" href={sitePaths.appleTouchIcon} />
        {feeds.links.map((link) => (
          <link
            rel="alternate"
            type={link.format.mediaType}
            title={`${feeds.title} (${link.format.label})`}
            href={link.href}
          />
        ))}
        <style>{raw(pageStyles)}</style>
        <script src={sitePaths.siteScript} defer />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <a class="site-title" href={sitePaths.home}>
            {site.title}
          </a>
          <nav aria-label="Site">
            <a href={sitePaths.home}>Latest</a> <a href={sitePaths.feeds}>All feeds</a>
          </nav>
          <Follow feeds={feeds} />
        </header>
        <main id="main">{children}</main>
        <footer class="site-footer">
          <p>{site.copyright}</p>
          <p id="copy-status" class="visually-hidden" role="status" aria-live="polite" />
        </footer>
      </body>
    </html>
  );
}

/** Publication and update times; the page script shows them as "3 min ago". */
export function Timestamp({ iso, label }: { iso: string; label: string }) {
  return (
    <span class="timestamp">
      {label}{" "}
      <time datetime={iso} data-relative>
        {readableTime(iso)}
      </time>
    </span>
  );
}
