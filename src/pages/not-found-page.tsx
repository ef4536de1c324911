import type { SiteConfig } from "../config/site";
import { sitePaths } from "../urls/url-map";
import type { FeedSet } from "./feed-set";
import { Layout } from "./layout";

export interface NotFoundProps {
  site: SiteConfig;
  feeds: FeedSet;
  /** 404, 410… */
  status: number;
  /** What the reader is told, one sentence. */
  reason: string;
}

const headings: Record<number, string> = {
  404: "Page not found",
  410: "This page has been removed",
};

/** The page a browser gets for an address with nothing (or nothing any more) behind it. */
export function NotFoundPage({ site, feeds, status, reason }: NotFoundProps) {
  const heading = headings[status] ?? "Nothing here";
  return (
    <Layout
      site={site}
      title={heading}
      description={reason}
      canonical={site.origin + sitePaths.home}
      feeds={feeds}
    >
      <h1>{heading}</h1>
      <p>{reason}</p>
      <p>
        The <a href={sitePaths.home}>latest articles</a> are on the front page, and{" "}
        <a href={sitePaths.feeds}>every feed</a> is listed on one page. This site's feeds:
      </p>
      <ul>
        {feeds.links.map((link) => (
          <li>
            <a href={link.href}>{link.format.fullName}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
