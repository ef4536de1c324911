import { raw } from "hono/html";
import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { articlePath } from "../lib/paths";
import { type FeedAlternate, Layout, Timestamp } from "./layout";

export interface ArticlePageProps {
  site: SiteConfig;
  article: ArticleMeta;
  /** Sanitised body HTML with every URL resolved. */
  bodyHtml: string;
  feeds: FeedAlternate;
}

export function ArticlePage({ site, article, bodyHtml, feeds }: ArticlePageProps) {
  const authors = article.authors.length > 0 ? article.authors : [site.defaultAuthor];
  const image = article.image;
  return (
    <Layout
      site={site}
      title={article.title}
      description={article.summary}
      canonical={site.origin + articlePath(article.slug)}
      feeds={feeds}
    >
      <article>
        <header>
          <p class="meta">
            <span>{article.section}</span>
          </p>
          <h1>{article.title}</h1>
          <p class="meta">
            <span>By {authors.join(", ")}</span>
            <span>
              <Timestamp iso={article.published} label="Published" />
            </span>
            {article.updated !== article.published && (
              <span>
                <Timestamp iso={article.updated} label="Updated" />
              </span>
            )}
          </p>
        </header>
        {article.highlights.length > 0 && (
          <section aria-label="Summary">
            <ul class="highlights">
              {article.highlights.map((text) => (
                <li>{text}</li>
              ))}
            </ul>
          </section>
        )}
        {image && (
          <figure>
            {image.url && <img src={image.url} alt={image.alt ?? ""} />}
            {(image.caption || image.credit) && (
              <figcaption>
                {image.caption} {image.credit && <small>({image.credit})</small>}
              </figcaption>
            )}
          </figure>
        )}
        <div class="body">{raw(bodyHtml)}</div>
        {article.tags.length > 0 && (
          <footer>
            <h2 class="meta">Tags</h2>
            <ul class="tags">
              {article.tags.map((tag) => (
                <li>{tag}</li>
              ))}
            </ul>
          </footer>
        )}
      </article>
    </Layout>
  );
}
