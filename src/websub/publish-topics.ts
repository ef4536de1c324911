import type { ArticleMeta } from "../content/schema";
import { topicsOf } from "../feeds/topics";
import type { PublishReport, SqlTarget } from "../store/d1-publish";

/**
 * Which subscribable feeds a publish changed, from its report and the two generations the database
 * still holds (the one it replaced keeps the rows it retired until the next publish collects them):
 * every feed of every article it added, edited or removed, as each version was filed. For an
 * edited article that is both its old and its new feeds, so a move from one section or tag to
 * another pings both.
 *
 * A superset, stated: a feed is counted as changed whenever one of its articles was added, edited
 * or removed, although an edit to an article older than what the subscription document holds
 * changes only an archive page (whose bytes the hub never fetches), and so leaves the subscription
 * document as it was. A hub that fetches an unchanged feed delivers nothing.
 *
 * A version whose publication time is still to come at the publish is in no feed yet: it is left
 * out here and told about when it comes due (src/websub/due-pings.ts).
 */

export interface ChangedTopics {
  /** Feed URLs, each once, sorted: the hub.url values of the notification. */
  topics: string[];
  /** Articles the publish wrote with a publication time still to come: pinged when due. */
  scheduled: string[];
}

interface StoredVersion {
  slug: string;
  published: string;
  meta: string;
  gen_from: number;
  gen_to: number | null;
  /** The retraction's date, when this version is a retraction (migration 0007). */
  retracted: string | null;
}

/** Slugs per query, so that the JSON list stays far below D1's statement length. */
const SLUGS_PER_QUERY = 500;

function liveAt(row: StoredVersion, generation: number): boolean {
  return row.gen_from <= generation && (row.gen_to === null || row.gen_to > generation);
}

export async function topicsChangedBy(
  target: SqlTarget,
  report: PublishReport,
  site: { origin: string; formats: readonly { fileName: string }[]; defaultAuthor: string },
): Promise<ChangedTopics> {
  // A retraction leaves every feed its article was in: those feeds changed too.
  const retracted = report.retracted.map(({ slug }) => slug);
  const slugs = [...new Set([...report.added, ...report.changed, ...report.removed, ...retracted])];
  if (slugs.length === 0) return { topics: [], scheduled: [] };
  const next = report.generation;
  const previous = next - 1;
  const rows: StoredVersion[] = [];
  for (let start = 0; start < slugs.length; start += SLUGS_PER_QUERY) {
    rows.push(
      ...(await target.query<StoredVersion>(
        `SELECT slug, published, meta, gen_from, gen_to, retracted FROM articles
         WHERE slug IN (SELECT value FROM json_each(?1)) AND gen_from <= ?2 AND (gen_to IS NULL OR gen_to > ?3)`,
        [JSON.stringify(slugs.slice(start, start + SLUGS_PER_QUERY)), next, previous],
      )),
    );
  }
  const publishedMs = Date.parse(report.state.publishedAt);
  const visible: ArticleMeta[] = [];
  const scheduled: string[] = [];
  for (const row of rows) {
    const due = Date.parse(row.published) > publishedMs;
    if (due && liveAt(row, next) && row.retracted === null) scheduled.push(row.slug);
    if (!due && (liveAt(row, previous) || liveAt(row, next)))
      visible.push(JSON.parse(row.meta) as ArticleMeta);
  }
  return {
    topics: topicsOf(site.origin, site.formats, visible, site.defaultAuthor),
    scheduled: scheduled.sort(),
  };
}
