import type { ArticleMeta } from "../content/schema";
import { topicsOf } from "../feeds/topics";
import { toUtcIso } from "../lib/dates";
import type { SqlTarget, Statement } from "../store/d1-publish";
import { describeOutcome, type HubOutcome, type PingOptions, pingHub } from "./ping";

/**
 * The scheduled handler's work (every minute, see src/index.ts): tells the hubs about the articles
 * whose publication time has come since the publish that scheduled them (the rows of migration
 * 0006). Each run claims the due rows in one statement, so that two runs at once, or a run retried
 * by the platform, never take the same row: each article's feeds are pinged once. A row stays until
 * its ping is sent, so a run that was missed is caught up by the next. A run that stops after its
 * claim (the isolate is evicted) loses the claim after CLAIM_MS, and a later run takes the row again.
 */

/** Runs that may fail to tell a hub about an article before it is given up (one run a minute). */
export const MAX_DUE_ATTEMPTS = 10;

/** How long a run holds the rows it claimed: far longer than its pings take (3 attempts, 10 s each). */
const CLAIM_MS = 5 * 60_000;

export interface DueSite {
  origin: string;
  hubs: readonly string[];
  formats: readonly { fileName: string }[];
  defaultAuthor: string;
}

export interface DueRun {
  /** Articles due and still published at that time, whose hubs were all told. */
  pinged: string[];
  /** Articles whose row no longer matched what is published (rescheduled or removed since). */
  dropped: string[];
  /** Articles a hub failed for: tried again at the next run. */
  retrying: string[];
  /** Articles given up after MAX_DUE_ATTEMPTS runs. */
  abandoned: string[];
  outcomes: HubOutcome[];
}

interface DueRow {
  slug: string;
  due: string;
  attempts: number;
  hubs: string | null;
}

interface CurrentRow {
  slug: string;
  published: string;
  meta: string;
}

/** One claimed article that is still published at its due time, and the hubs still to tell. */
interface Pending {
  row: DueRow;
  meta: ArticleMeta;
  hubs: readonly string[];
}

function claimOf(row: DueRow, claim: string, sql: string, params: Statement["params"] = []): Statement {
  return { sql: `${sql} WHERE slug = ?1 AND claim = ?2`, params: [row.slug, claim, ...params] };
}

export async function pingDueArticles(
  target: SqlTarget,
  site: DueSite,
  nowMs: number,
  options: PingOptions & { claim?: string } = {},
): Promise<DueRun> {
  const run: DueRun = { pinged: [], dropped: [], retrying: [], abandoned: [], outcomes: [] };
  const claim = options.claim ?? crypto.randomUUID();
  // Whole seconds, as articles.published: an article is due once its time is not after now.
  const now = toUtcIso(nowMs);
  const claimed = await target.query<DueRow>(
    `UPDATE websub_due SET claim = ?1, claimed_until = ?2
     WHERE due <= ?3 AND (claimed_until IS NULL OR claimed_until <= ?3)
     RETURNING slug, due, attempts, hubs`,
    [claim, toUtcIso(nowMs + CLAIM_MS), now],
  );
  if (claimed.length === 0) return run;

  const current = new Map(
    (
      await target.query<CurrentRow>(
        `SELECT a.slug, a.published, a.meta FROM articles a JOIN publication p
           ON a.gen_from <= p.generation AND (a.gen_to IS NULL OR a.gen_to > p.generation)
         WHERE a.slug IN (SELECT value FROM json_each(?1))`,
        [JSON.stringify(claimed.map((row) => row.slug))],
      )
    ).map((row) => [row.slug, row]),
  );
  const settle: Statement[] = [];
  const pending: Pending[] = [];
  for (const row of claimed) {
    const article = current.get(row.slug);
    // A later publish removed it, or moved its time (and wrote a row for the new time).
    const stale = !article || article.published !== row.due;
    // After a failure, only the hubs that failed (and are still configured) are told again.
    const hubs =
      row.hubs === null
        ? site.hubs
        : (JSON.parse(row.hubs) as string[]).filter((hub) => site.hubs.includes(hub));
    if (stale) run.dropped.push(row.slug);
    if (stale || hubs.length === 0) {
      settle.push(claimOf(row, claim, "DELETE FROM websub_due"));
      continue;
    }
    pending.push({ row, meta: JSON.parse(article.meta) as ArticleMeta, hubs });
  }

  // One notification per hub, naming the feeds of every article due for it.
  const hubs = [...new Set(pending.flatMap((item) => item.hubs))];
  run.outcomes = await Promise.all(
    hubs.map((hub) => {
      const articles = pending.filter((item) => item.hubs.includes(hub)).map((item) => item.meta);
      return pingHub(hub, topicsOf(site.origin, site.formats, articles, site.defaultAuthor), options);
    }),
  );
  const failed = new Set(run.outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.hub));
  for (const { row, hubs: told } of pending) {
    const left = told.filter((hub) => failed.has(hub));
    if (left.length === 0) {
      run.pinged.push(row.slug);
      settle.push(claimOf(row, claim, "DELETE FROM websub_due"));
    } else if (row.attempts + 1 >= MAX_DUE_ATTEMPTS) {
      run.abandoned.push(row.slug);
      settle.push(claimOf(row, claim, "DELETE FROM websub_due"));
    } else {
      run.retrying.push(row.slug);
      settle.push(
        claimOf(
          row,
          claim,
          "UPDATE websub_due SET attempts = ?3, hubs = ?4, claim = NULL, claimed_until = NULL",
          [row.attempts + 1, JSON.stringify(left)],
        ),
      );
    }
  }
  await target.execute(settle);
  for (const outcome of run.outcomes) {
    if (!outcome.ok) console.error(`WebSub: ${describeOutcome(outcome)}`);
  }
  if (run.retrying.length > 0) {
    console.error(`WebSub: tried again at the next run (once a minute): ${run.retrying.join(", ")}`);
  }
  if (run.abandoned.length > 0) {
    console.error(
      `WebSub: given up after ${MAX_DUE_ATTEMPTS} runs: ${run.abandoned.join(", ")}; subscribers get them at their next poll`,
    );
  }
  return run;
}
