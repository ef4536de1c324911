import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { articlePath } from "../lib/paths";
import { type FeedAlternate, Layout, Timestamp } from "./layout";

export interface ListingPageProps {
  site: SiteConfig;
  heading: string;
  intro: string;
  canonicalPath: string;
  articles: readonly ArticleMeta[];
  /** How many articles the family has in all (the page shows the newest). */
  total: number;
  feeds: FeedAlternate;
}

/** The home page and every section, tag and author page: the newest articles and the feeds. */
export function ListingPage({
  site,
  heading,
  intro,
  canonicalPath,
  articles,
  total,
  feeds,
}: ListingPageProps) {
  return (
    <Layout
      site={site}
      title={heading}
      description={intro}
      canonical={site.origin + canonicalPath}
      feeds={feeds}
    >
      <h1>{heading}</h1>
      <p>{intro}</p>
      <ol class="article-list">
        {articles.map((article) => (
          <li>
            <article>
              <h2>
                <a href={articlePath(article.slug)}>{article.title}</a>
              </h2>
              <p class="meta">
                <span>{article.section}</span>
                <span>
                  <Timestamp iso={article.published} label="Published" />
                </span>
              </p>
              <p>{article.summary}</p>
            </article>
          </li>
        ))}
      </ol>
      {total > articles.length && (
        <p>
          The {articles.length} newest of {total} articles. The feeds link to archives holding every one of
          them.
        </p>
      )}
    </Layout>
  );
}
