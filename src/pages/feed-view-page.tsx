import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { type FeedFormat, hrefOf } from "../feeds/feed-model";
import { sitePaths } from "../urls/url-map";
import { ArticleList } from "./article-list";
import type { FeedSet } from "./feed-set";
import { FeedAddress } from "./follow";
import { Layout } from "./layout";

export interface FeedViewProps {
  site: SiteConfig;
  /** The family's name ("Iran"; the site title for the site feed), for the window title. */
  name: string;
  /** The document in every format; `format` is the one the browser opened. */
  feeds: FeedSet;
  format: FeedFormat;
  description: string;
  homePath: string;
  articles: readonly ArticleMeta[];
  /** Set on an archive page: its number, and the subscription feed's address in this format. */
  archive?: { page: number; currentUrl: string };
}

/**
 * What a person sees on opening a feed's URL in a browser: what the page is, how to subscribe, and
 * the items. Feed readers and programs are sent the feed itself; see http/feed-view.tsx.
 */
export function FeedViewPage({
  site,
  name,
  feeds,
  format,
  description,
  homePath,
  articles,
  archive,
}: FeedViewProps) {
  const url = hrefOf(feeds.links, format);
  const heading = archive ? `${feeds.title}: archive page ${archive.page}` : feeds.title;
  // The layout adds the site's title: a family's feed title already ends with it.
  const subject = name === site.title ? "Feed" : name;
  const title = archive ? `${subject}: archive page ${archive.page}` : name;
  return (
    <Layout site={site} title={title} description={description} canonical={url} feeds={feeds}>
      <h1>{heading}</h1>
      <p>{description}</p>
      <section class="feed-intro" aria-labelledby="feed-intro-heading">
        <h2 id="feed-intro-heading">This is a web feed</h2>
        <p>
          You opened the {format.fullName} feed of <a href={homePath}>{feeds.title}</a>. A feed reader (such
          as NetNewsWire, Feedly, Inoreader or Thunderbird) checks it for you and shows each new article as it
          is published. To subscribe, copy this address and add it in your reader:
        </p>
        <FeedAddress
          id="feed-view-url"
          label={`Feed address (${format.fullName})`}
          url={archive?.currentUrl ?? url}
        />
        <p>
          Same feed in other formats:{" "}
          {feeds.links
            .filter((other) => other.format.id !== format.id)
            .map((other, index) => (
              <>
                {index > 0 && " · "}
                <a href={other.href}>{other.format.fullName}</a>
              </>
            ))}
          . <a href={sitePaths.feeds}>All feeds</a> · <a href={sitePaths.opml}>Every feed as OPML</a>
        </p>
        {archive && (
          <p>
            This page is part of the feed's archive: it never changes. The current feed is at{" "}
            <a href={archive.currentUrl}>{archive.currentUrl}</a>.
          </p>
        )}
      </section>
      <h2>{archive ? "Articles on this archive page" : "Latest articles"}</h2>
      <ArticleList articles={articles} level={3} siteLanguage={site.language} />
    </Layout>
  );
}
