import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { articlePath } from "../lib/paths";
import { type FeedAlternate, Layout, Timestamp } from "./layout";

export function HomePage({
  site,
  articles,
  feeds,
}: {
  site: SiteConfig;
  articles: readonly ArticleMeta[];
  feeds: FeedAlternate;
}) {
  return (
    <Layout
      site={site}
      title={site.title}
      description={site.description}
      canonical={`${site.origin}/`}
      feeds={feeds}
    >
      <h1>Latest news</h1>
      <p>{site.description}</p>
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
    </Layout>
  );
}
