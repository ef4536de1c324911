import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { feedFormats } from "../feeds/render-feed";
import { ArticleList } from "./article-list";
import { FeedAddress } from "./follow";
import { type FeedAlternate, Layout } from "./layout";

const formatNames = { rss: "RSS 2.0", atom: "Atom 1.0", json: "JSON Feed 1.1" } as const;

export interface FeedViewProps {
  site: SiteConfig;
  /** The feed's three formats; `format` names the one the browser opened. */
  feeds: FeedAlternate;
  format: keyof typeof formatNames;
  description: string;
  homePath: string;
  articles: readonly ArticleMeta[];
  /** Set on an archive page: its number, and the subscription feed's address in this format. */
  archive?: { page: number; currentUrl: string };
}

/**
 * What a person sees on opening a feed's URL in a browser: what the page is, how to subscribe, and
 * the items. Feed readers and programs are sent the feed itself; see http/feed-view.ts.
 */
export function FeedViewPage({
  site,
  feeds,
  format,
  description,
  homePath,
  articles,
  archive,
}: FeedViewProps) {
  const url = feeds[format];
  const heading = archive ? `${feeds.title}: archive page ${archive.page}` : feeds.title;
  return (
    <Layout site={site} title={heading} description={description} canonical={url} feeds={feeds}>
      <h1>{heading}</h1>
      <p>{description}</p>
      <section class="feed-intro" aria-labelledby="feed-intro-heading">
        <h2 id="feed-intro-heading">This is a web feed</h2>
        <p>
          You opened the {formatNames[format]} feed of <a href={homePath}>{feeds.title}</a>. A feed reader
          (such as NetNewsWire, Feedly, Inoreader or Thunderbird) checks it for you and shows each new article
          as it is published. To subscribe, copy this address and add it in your reader:
        </p>
        <FeedAddress
          id="feed-view-url"
          label={`Feed address (${formatNames[format]})`}
          url={archive?.currentUrl ?? url}
        />
        <p>
          Same feed in other formats:{" "}
          {feedFormats
            .filter((other) => other !== format)
            .map((other, index) => (
              <>
                {index > 0 && " · "}
                <a href={feeds[other]}>{formatNames[other]}</a>
              </>
            ))}
          . <a href="/feeds">All feeds</a> · <a href="/feeds.opml">Every feed as OPML</a>
        </p>
        {archive && (
          <p>
            This page is part of the feed's archive: it never changes. The current feed is at{" "}
            <a href={archive.currentUrl}>{archive.currentUrl}</a>.
          </p>
        )}
      </section>
      <h2>{archive ? "Articles on this archive page" : "Latest articles"}</h2>
      <ArticleList articles={articles} level={3} />
    </Layout>
  );
}
