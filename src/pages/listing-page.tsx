import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { ArticleList } from "./article-list";
import type { FeedSet } from "./feed-set";
import { Layout } from "./layout";

export interface ListingPageProps {
  site: SiteConfig;
  heading: string;
  intro: string;
  canonicalPath: string;
  articles: readonly ArticleMeta[];
  /** How many articles the family has in all (the page shows the newest). */
  total: number;
  feeds: FeedSet;
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
      <ArticleList articles={articles} level={2} siteLanguage={site.language} />
      {total > articles.length && (
        <p>
          The {articles.length} newest of {total} articles. The feeds link to archives holding every one of
          them.
        </p>
      )}
    </Layout>
  );
}
