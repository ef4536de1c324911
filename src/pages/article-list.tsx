import type { ArticleMeta } from "../content/schema";
import { articlePath } from "../urls/url-map";
import { languageAttributes } from "./language-attributes";
import { Timestamp } from "./layout";

export interface ArticleListProps {
  articles: readonly ArticleMeta[];
  /** `level` keeps headings in order on each page. */
  level: 2 | 3;
  /** The site's language: the page's, and that of every article without a `lang` of its own. */
  siteLanguage: string;
}

/**
 * Headlines with section, time and summary. The headline and summary of an article in another
 * language than the page's say so (lang and dir); the section and time are the site's words.
 */
export function ArticleList({ articles, level, siteLanguage }: ArticleListProps) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <ol class="article-list">
      {articles.map((article) => {
        const language = languageAttributes(article.lang ?? siteLanguage, siteLanguage);
        return (
          <li>
            <article>
              <Heading {...language}>
                <a href={articlePath(article.slug)}>{article.title}</a>
              </Heading>
              <p class="meta">
                <span>{article.section}</span>
                <span>
                  <Timestamp iso={article.published} label="Published" />
                </span>
              </p>
              <p {...language}>{article.summary}</p>
            </article>
          </li>
        );
      })}
    </ol>
  );
}
