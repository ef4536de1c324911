import type { SiteConfig } from "../config/site";
import type { RetractedArticle } from "../content/schema";
import { readableTime } from "../lib/dates";
import { articlePath, sitePaths } from "../urls/url-map";
import type { FeedSet } from "./feed-set";
import { Layout, Timestamp } from "./layout";

/** Retracted with a reason by the newsroom, or taken down by the removal of its file (no reason). */
function wordsFor(retracted: RetractedArticle): { done: string; label: string } {
  return retracted.retraction.reason === undefined
    ? { done: "removed", label: "Removed" }
    : { done: "retracted", label: "Retracted" };
}

/**
 * The notice a program gets at the address of an article taken down (its 410's text): the headline,
 * when, and why.
 */
export function retractionText(retracted: RetractedArticle): string {
  const { done, label } = wordsFor(retracted);
  const { date, reason } = retracted.retraction;
  const lines = [
    `${label}: ${retracted.title}`,
    `This article was ${done} on ${readableTime(date)} (${date}).`,
  ];
  if (reason !== undefined) lines.push(`Reason: ${reason}`);
  return lines.join("\n");
}

export interface RetractedPageProps {
  site: SiteConfig;
  feeds: FeedSet;
  retracted: RetractedArticle;
}

/** The notice a browser gets at the address of an article taken down (its 410): no text of it is left. */
export function RetractedPage({ site, feeds, retracted }: RetractedPageProps) {
  const { done, label } = wordsFor(retracted);
  const { date, reason } = retracted.retraction;
  return (
    <Layout
      site={site}
      title={`${label}: ${retracted.title}`}
      description={`This article was ${done}.`}
      canonical={site.origin + articlePath(retracted.slug)}
      feeds={feeds}
    >
      <article class="retraction">
        <header>
          <p class="meta">This article has been {done}</p>
          <h1>{retracted.title}</h1>
          <p class="meta">
            <span>
              <Timestamp iso={date} label={label} />
            </span>
          </p>
        </header>
        {reason !== undefined && <p class="reason">{reason}</p>}
        <p>
          The <a href={sitePaths.home}>latest articles</a> are on the front page, and{" "}
          <a href={sitePaths.feeds}>every feed</a> is listed on one page.
        </p>
      </article>
    </Layout>
  );
}
