/**
 * Scaffolds a new article: `npm run new -- "Headline"` writes content/<slug>.md with a fresh id and
 * the current time as its publication time. The file is a draft, so it is validated by every build
 * but appears nowhere until the author deletes the `draft: true` line.
 *
 *   npm run new -- "Iran and Russia sign cooperation pact"
 *   npm run new -- --dir /tmp/content "Headline"
 */
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArticle } from "../src/content/parse-article";
import { slugPattern } from "../src/content/schema";
import { stripUnwantedXmlChars } from "../src/content/xml-text";
import { toUtcIso } from "../src/lib/dates";
import { slugify } from "../src/lib/slug";

/** Long enough for any sensible headline's words, short enough for a URL someone might type. */
const maxSlugLength = 80;

export interface Scaffold {
  fileName: string;
  slug: string;
  source: string;
}

/**
 * The file's slug: the headline's slug (apostrophes dropped, so "what's" gives "whats") with
 * everything outside a-z and 0-9 dropped, since slugify keeps letters of every script but article
 * URLs are ASCII; cut at a hyphen to at most 80 characters. A headline with no ASCII letters or
 * digits (an Arabic one, say) gets "article-<first 8 hex digits of the uuid>".
 */
export function articleSlug(headline: string, uuid: string): string {
  let slug = slugify(headline.replace(/['’]/g, ""))
    .replace(/[^a-z0-9-]+/g, "")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length > maxSlugLength) {
    const cut = slug.slice(0, maxSlugLength + 1);
    const lastHyphen = cut.lastIndexOf("-");
    slug = lastHyphen > 0 ? cut.slice(0, lastHyphen) : slug.slice(0, maxSlugLength);
  }
  return slugPattern.test(slug) ? slug : `article-${uuid.replace(/-/g, "").slice(0, 8)}`;
}

/** The new article's file name and text. Pure: the caller supplies the clock and the uuid. */
export function scaffoldArticle(headline: string, now: Date, uuid: string): Scaffold {
  const title = stripUnwantedXmlChars(headline).replace(/\s+/g, " ").trim();
  if (title === "") throw new Error("expected a headline, found none");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(uuid)) {
    throw new Error(`expected a lower-case uuid, found ${JSON.stringify(uuid)}`);
  }
  const slug = articleSlug(title, uuid);
  // JSON strings are valid YAML double-quoted strings, so any headline is quoted safely.
  const source = [
    "---",
    `id: urn:uuid:${uuid}`,
    `title: ${JSON.stringify(title)}`,
    "# The time this file was created: set it to the time of publication before publishing.",
    `published: ${toUtcIso(now)}`,
    "section: News",
    "tags: []",
    "# A draft is checked by every build but published nowhere: delete the next line to publish.",
    "draft: true",
    "---",
    "",
    "Write the article here, in Markdown, then delete the `draft: true` line above.",
    "",
  ].join("\n");
  return { fileName: `${slug}.md`, slug, source };
}

const usage = 'usage: npm run new -- [--dir <content directory>] "Headline"';

const defaultDir = path.resolve(import.meta.dirname, "..", "content");

function parseArguments(args: string[]): { headline: string; dir: string } {
  let dir = defaultDir;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--dir") {
      const value = args[++i];
      if (value === undefined || value === "") throw new Error(`--dir: expected a directory\n${usage}`);
      dir = value;
    } else if (arg.startsWith("--dir=")) {
      dir = arg.slice("--dir=".length);
    } else if (arg === "--help" || arg === "-h") {
      throw new Error(usage);
    } else if (arg.startsWith("--")) {
      throw new Error(`unknown option ${JSON.stringify(arg)}\n${usage}`);
    } else {
      words.push(arg);
    }
  }
  const headline = words.join(" ").trim();
  if (headline === "") throw new Error(`expected a headline\n${usage}`);
  return { headline, dir };
}

/** Writes the scaffold into `dir`, refusing to overwrite; returns the path written. */
export async function createArticle(
  headline: string,
  dir: string,
  now = new Date(),
  uuid: string = randomUUID(),
): Promise<string> {
  const scaffold = scaffoldArticle(headline, now, uuid);
  const check = parseArticle(scaffold.fileName, scaffold.source);
  if (!check.ok || !check.draft) {
    throw new Error(
      `the scaffold does not validate as a draft:\n${check.ok ? "not a draft" : check.problems.join("\n")}`,
    );
  }
  const file = path.join(dir, scaffold.fileName);
  try {
    await writeFile(file, scaffold.source, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new Error(
        `${file} already exists: nothing was written. Choose another headline, or rename or edit the existing file.`,
      );
    }
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(`${dir}: no such directory: nothing was written.`);
    }
    throw error;
  }
  return file;
}

async function main(): Promise<void> {
  try {
    const { headline, dir } = parseArguments(process.argv.slice(2));
    const file = await createArticle(headline, dir);
    const shown = path.relative(process.cwd(), file);
    console.log(
      `Created ${shown.startsWith("..") ? file : shown} as a draft. Write the article, then delete its "draft: true" line to publish.`,
    );
  } catch (error) {
    console.error(`new article: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
