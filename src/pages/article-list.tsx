import type { ArticleMeta } from "../content/schema";
import { articlePath } from "../urls/url-map";
import { Timestamp } from "./layout";

/** Headlines with section, time and summary; `level` keeps headings in order on each page. */
export function ArticleList({ articles, level }: { articles: readonly ArticleMeta[]; level: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <ol class="article-list">
      {articles.map((article) => (
        <li>
          <article>
            <Heading>
              <a href={articlePath(article.slug)}>{article.title}</a>
            </Heading>
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
  );
}
