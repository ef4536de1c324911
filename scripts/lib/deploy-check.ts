import { canonicalLanguageTag } from "../../src/lib/language";

/**
 * What `npm run deploy` refuses before it uploads anything: an environment that still has the
 * example settings would publish a site whose every link points at someone else's domain (or at a
 * database that does not exist).
 */
export const PLACEHOLDER_ORIGIN = "https://news.example.com";
export const PLACEHOLDER_DATABASE_ID = "00000000-0000-4000-8000-000000000000";

export interface DeployTarget {
  environment: string;
  origin: string | undefined;
  databaseIds: readonly string[];
  /** The site's language (src/config/site.ts), which the worker would refuse at its first request. */
  language?: string;
  /** Names of the R2 buckets bound as MEDIA (the images of content/media/). */
  mediaBuckets: readonly string[];
}

/** Every reason the environment is not ready to deploy, each saying what to change where. */
export function deployProblems(target: DeployTarget): string[] {
  const problems: string[] = [];
  const where = `wrangler.toml [env.${target.environment}]`;
  if (target.origin === undefined || target.origin === "") {
    problems.push(`${where}: SITE_ORIGIN: expected your site's https:// origin, found none`);
  } else if (target.origin === PLACEHOLDER_ORIGIN) {
    problems.push(
      `${where}: SITE_ORIGIN: expected your site's https:// origin, found the example ${PLACEHOLDER_ORIGIN}: every absolute link, feed self link and short URL would point there`,
    );
  } else {
    let url: URL | undefined;
    try {
      url = new URL(target.origin);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== "https:" || url.hostname === "localhost" || url.hostname === "127.0.0.1") {
      problems.push(
        `${where}: SITE_ORIGIN: expected a public https:// origin, found ${JSON.stringify(target.origin)}`,
      );
    }
  }
  if (target.databaseIds.length === 0) {
    problems.push(`${where}: d1_databases: expected the D1 database bound as DB, found none`);
  }
  for (const id of target.databaseIds) {
    if (id === PLACEHOLDER_DATABASE_ID) {
      problems.push(
        `${where}: d1_databases: database_id: expected the id \`npx wrangler d1 create feed-publisher\` prints, found the placeholder ${PLACEHOLDER_DATABASE_ID}`,
      );
    }
  }
  if (target.language !== undefined && canonicalLanguageTag(target.language) === undefined) {
    problems.push(
      `src/config/site.ts: language: expected a BCP 47 language tag such as "en" or "pt-BR", found ${JSON.stringify(target.language)}`,
    );
  }
  if (target.mediaBuckets.length === 0) {
    problems.push(
      `${where}: r2_buckets: expected the R2 bucket of images bound as MEDIA (\`npx wrangler r2 bucket create feed-publisher-media\`), found none`,
    );
  }
  return problems;
}
