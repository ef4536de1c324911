import { raw } from "hono/html";
import type { SiteConfig } from "../config/site";
import type { ArticleMeta } from "../content/schema";
import { type FamilyKind, familyPathOfName, shortPath } from "../urls/url-map";
import { ArticleHead } from "./article-head";
import { articleFacts } from "./article-metadata";
import type { FeedSet } from "./feed-set";
import { languageAttributes } from "./language-attributes";
import { Layout, Timestamp } from "./layout";

export interface ArticlePageProps {
  site: SiteConfig;
  article: ArticleMeta;
  /** Sanitised body HTML with every URL resolved. */
  bodyHtml: string;
  feeds: FeedSet;
}

/** A section, author or tag, linked to its page when it has one (a name of punctuation only has none). */
function FamilyLink({ kind, name }: { kind: FamilyKind; name: string }) {
  const path = familyPathOfName(kind, name);
  // biome-ignore lint/complexity/noUselessFragments: the fragment is what escapes the name as text
  return path === undefined ? <>{name}</> : <a href={path}>{name}</a>;
}

export function ArticlePage({ site, article, bodyHtml, feeds }: ArticlePageProps) {
  const facts = articleFacts(site, article);
  const authors = facts.authors.map((author) => author.name);
  const image = article.image;
  const shortUrl = `${site.origin}${shortPath(article.shortCode)}`;
  // The article's own words (headline, summary bullets, image text, body) are in its language; the
  // labels around them are the site's.
  const language = languageAttributes(facts.language, site.language);
  return (
    <Layout
      site={site}
      title={article.title}
      description={article.summary}
      canonical={facts.url}
      feeds={feeds}
      head={<ArticleHead site={site} facts={facts} />}
    >
      <article>
        <header>
          <p class="meta">
            <span>
              <FamilyLink kind="section" name={article.section} />
            </span>
          </p>
          <h1 {...language}>{article.title}</h1>
          <p class="meta">
            <span>
              By{" "}
              {authors.map((name, index) => (
                <>
                  {index > 0 && ", "}
                  <FamilyLink kind="author" name={name} />
                </>
              ))}
            </span>
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
            <ul class="highlights" {...language}>
              {article.highlights.map((text) => (
                <li>{text}</li>
              ))}
            </ul>
          </section>
        )}
        {image && (
          <figure {...language}>
            {image.url && (
              // Its size reserves the space before it loads (the page's CSS keeps the proportions).
              <img src={image.url} alt={image.alt ?? ""} width={image.width} height={image.height} />
            )}
            {(image.caption || image.credit) && (
              <figcaption>
                {image.caption} {image.credit && <small>({image.credit})</small>}
              </figcaption>
            )}
          </figure>
        )}
        <div class="body" {...language}>
          {raw(bodyHtml)}
        </div>
        {article.corrections && article.corrections.length > 0 && (
          <section class="corrections" aria-labelledby="corrections">
            <h2 id="corrections">Corrections</h2>
            <ul>
              {article.corrections.map(({ date, text }) => (
                <li>
                  <Timestamp iso={date} label="Corrected" />: {text}
                </li>
              ))}
            </ul>
          </section>
        )}
        <p class="short-url">
          Short URL: <a href={shortUrl}>{shortUrl}</a>
        </p>
        {article.tags.length > 0 && (
          <footer>
            <h2 class="meta">Tags</h2>
            <ul class="tags">
              {article.tags.map((tag) => (
                <li>
                  <FamilyLink kind="tag" name={tag} />
                </li>
              ))}
            </ul>
          </footer>
        )}
      </article>
    </Layout>
  );
}
