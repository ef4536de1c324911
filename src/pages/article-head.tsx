import { raw } from "hono/html";
import type { SiteConfig } from "../config/site";
import { jsonForScript } from "../lib/escape";
import { type ArticleFacts, newsArticleData, openGraphProperties, twitterCard } from "./article-metadata";

/**
 * The article page's metadata for search engines and link previews: one JSON-LD NewsArticle, Open
 * Graph properties, the X (Twitter) card type, and leave for search engines to show the lead image
 * large. Attribute values are escaped by hono/jsx; the JSON-LD by jsonForScript, since a script
 * element's text is never HTML-escaped.
 */
export function ArticleHead({ site, facts }: { site: SiteConfig; facts: ArticleFacts }) {
  return (
    <>
      <meta name="robots" content="max-image-preview:large" />
      {openGraphProperties(site, facts).map(([property, content]) => (
        <meta property={property} content={content} />
      ))}
      <meta name="twitter:card" content={twitterCard(facts)} />
      <script type="application/ld+json">{raw(jsonForScript(newsArticleData(site, facts)))}</script>
    </>
  );
}
