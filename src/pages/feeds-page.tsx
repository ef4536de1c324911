import type { SiteConfig } from "../config/site";
import type { FeedCatalog, FeedDefinition } from "../feeds/feed-catalog";
import { feedFileNames } from "../feeds/render-feed";
import { type FeedAlternate, Layout } from "./layout";

function FeedRow({ feed }: { feed: FeedDefinition }) {
  return (
    <li>
      <a href={feed.homePath}>{feed.name}</a> ({feed.articles.length}):{" "}
      <a href={`${feed.base}/${feedFileNames.rss}`}>RSS</a> ·{" "}
      <a href={`${feed.base}/${feedFileNames.atom}`}>Atom</a> ·{" "}
      <a href={`${feed.base}/${feedFileNames.json}`}>JSON Feed</a>
    </li>
  );
}

function Group({ title, feeds }: { title: string; feeds: readonly FeedDefinition[] }) {
  if (feeds.length === 0) return null;
  return (
    <section>
      <h2>{title}</h2>
      <ul>
        {feeds.map((feed) => (
          <FeedRow feed={feed} />
        ))}
      </ul>
    </section>
  );
}

/** /feeds: every feed the site serves, for people; /feeds.opml has the same for feed readers. */
export function FeedsPage({
  site,
  catalog,
  feeds,
}: {
  site: SiteConfig;
  catalog: FeedCatalog;
  feeds: FeedAlternate;
}) {
  return (
    <Layout
      site={site}
      title="All feeds"
      description={`Every feed of ${site.title}.`}
      canonical={`${site.origin}/feeds`}
      feeds={feeds}
    >
      <h1>All feeds</h1>
      <p>
        Follow the whole site or only the sections, tags and writers you care about. Copy a feed's address
        into your feed reader, or import <a href="/feeds.opml">all of them as OPML</a>.
      </p>
      <Group title="The whole site" feeds={[catalog.site]} />
      <Group title="Sections" feeds={catalog.sections} />
      <Group title="Tags" feeds={catalog.tags} />
      <Group title="Authors" feeds={catalog.authors} />
      <section id="news-extension" aria-labelledby="news-extension-heading">
        <h2 id="news-extension-heading">For developers: the JSON Feed _news extension</h2>
        <p>
          Every JSON Feed here carries, besides the standard fields, a <code>_news</code> object. On the feed:{" "}
          <code>updated</code> (its newest update), <code>history</code> (<code>complete</code>,{" "}
          <code>subscription</code> or <code>archive</code>, as in RFC 5005) and, on archive pages,{" "}
          <code>current_url</code>. On each item: <code>section</code>, <code>dateline</code>,{" "}
          <code>highlights</code> (the summary bullets), <code>image</code> (<code>url</code>,{" "}
          <code>alt</code>, <code>caption</code>, <code>credit</code>) and <code>short_url</code>. Older items
          are reached through <code>next_url</code>; RSS and Atom feeds link the same archive pages with{" "}
          <code>prev-archive</code>.
        </p>
      </section>
    </Layout>
  );
}
