import type { SiteConfig } from "../config/site";
import type { FeedDefinition, FeedList } from "../feeds/feed-catalog";
import type { FormatTable } from "../feeds/formats";
import { feedPath, sitePaths } from "../urls/url-map";
import type { FeedSet } from "./feed-set";
import { Layout } from "./layout";

function FeedRow({ feed, formats }: { feed: FeedDefinition; formats: FormatTable }) {
  return (
    <li>
      <a href={feed.homePath}>{feed.name}</a> ({feed.count}):{" "}
      {formats.map((format, index) => (
        <>
          {index > 0 && " · "}
          <a href={feedPath(feed.base, format)}>{format.label}</a>
        </>
      ))}
    </li>
  );
}

function Group({
  title,
  feeds,
  formats,
}: {
  title: string;
  feeds: readonly FeedDefinition[];
  formats: FormatTable;
}) {
  if (feeds.length === 0) return null;
  return (
    <section>
      <h2>{title}</h2>
      <ul>
        {feeds.map((feed) => (
          <FeedRow feed={feed} formats={formats} />
        ))}
      </ul>
    </section>
  );
}

/** /feeds: every feed the site serves, for people; /feeds.opml has the same for feed readers. */
export function FeedsPage({
  site,
  formats,
  feedList,
  feeds,
}: {
  site: SiteConfig;
  formats: FormatTable;
  feedList: FeedList;
  feeds: FeedSet;
}) {
  return (
    <Layout
      site={site}
      title="All feeds"
      description={`Every feed of ${site.title}.`}
      canonical={site.origin + sitePaths.feeds}
      feeds={feeds}
    >
      <h1>All feeds</h1>
      <p>
        Follow the whole site or only the sections, tags and writers you care about. Copy a feed's address
        into your feed reader, or import <a href={sitePaths.opml}>all of them as OPML</a>.
      </p>
      <Group title="The whole site" feeds={[feedList.site]} formats={formats} />
      <Group title="Sections" feeds={feedList.sections} formats={formats} />
      <Group title="Tags" feeds={feedList.tags} formats={formats} />
      <Group title="Authors" feeds={feedList.authors} formats={formats} />
      <section id="news-extension" aria-labelledby="news-extension-heading">
        <h2 id="news-extension-heading">For developers: the JSON Feed _news extension</h2>
        <p>
          Every JSON Feed here carries, besides the standard fields, a <code>_news</code> object. On the feed:{" "}
          <code>updated</code> (its newest update), <code>history</code> (<code>complete</code>,{" "}
          <code>subscription</code> or <code>archive</code>, as in RFC 5005) and, on archive pages,{" "}
          <code>current_url</code>. On each item: <code>section</code>, <code>dateline</code>,{" "}
          <code>highlights</code> (the summary bullets), <code>image</code> (<code>url</code>,{" "}
          <code>alt</code>, <code>caption</code>, <code>credit</code>, and when known <code>width</code> and{" "}
          <code>height</code> in pixels, the media <code>type</code> and the size in <code>bytes</code>) and{" "}
          <code>short_url</code>. Older items are reached through <code>next_url</code>; RSS and Atom feeds
          link the same archive pages with <code>prev-archive</code>.
        </p>
      </section>
    </Layout>
  );
}
