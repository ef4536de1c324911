import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type BuiltContent, compareNewestFirst } from "./built-content";
import { type ParseResult, parseArticle } from "./parse-article";
import type { Article } from "./schema";

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in content; nothing was published.\n${problems.join("\n")}`,
    );
    this.name = "ContentError";
  }
}

interface Parsed {
  file: string;
  article: Article;
  draft: boolean;
}

/**
 * Problems between files (two articles with one id, slug or short code), each charged to the file
 * that comes later in name order, which is the one left out when publishing leniently.
 */
function crossFileProblems(parsed: readonly Parsed[]): { file: string; problem: string }[] {
  const problems: { file: string; problem: string }[] = [];
  const seenIds = new Map<string, string>();
  const seenSlugs = new Map<string, string>();
  const seenCodes = new Map<string, string>();
  for (const { file, article } of parsed) {
    const earlier = seenIds.get(article.id);
    if (earlier)
      problems.push({
        file,
        problem: `content/${file}: id: expected an id no other article has, found ${article.id}, which content/${earlier} has too (id)`,
      });
    else seenIds.set(article.id, file);
    const codeOwner = seenCodes.get(article.shortCode);
    if (codeOwner && !earlier) {
      problems.push({
        file,
        problem: `content/${file}: id: expected an id whose short code differs from every other article's, found short code ${article.shortCode}, which content/${codeOwner} has too. Mint a new id for the newer, unpublished one with \`npm run new\` (id)`,
      });
    } else seenCodes.set(article.shortCode, file);
    for (const slug of [article.slug, ...article.formerSlugs]) {
      const owner = seenSlugs.get(slug);
      const field = slug === article.slug ? "file name" : "former_slugs";
      if (owner && owner !== file)
        problems.push({
          file,
          problem: `content/${file}: ${field}: expected a slug no other article uses, found "${slug}", which content/${owner} uses too (${field})`,
        });
      else seenSlugs.set(slug, file);
    }
  }
  return problems;
}

function assemble(parsed: readonly Parsed[]): BuiltContent {
  const articles = parsed
    .filter((entry) => !entry.draft)
    .map((entry) => entry.article)
    .sort(compareNewestFirst);
  // One article at a time into the hash: the same digest as of the whole list, without one huge string.
  const hash = createHash("sha256").update("[");
  articles.forEach((article, index) => {
    hash.update(index === 0 ? JSON.stringify(article) : `,${JSON.stringify(article)}`);
  });
  const version = hash.update("]").digest("hex").slice(0, 16);
  return { version, articles };
}

/**
 * Validates and renders a set of Markdown files ({ "name.md": source }). Throws ContentError listing
 * every problem in every file, so one run shows the author all there is to fix.
 */
export function buildContent(files: Record<string, string>): BuiltContent {
  const results = new Map<string, ParseResult>();
  for (const file of Object.keys(files)) {
    // Stryker disable next-line StringLiteral: file comes from Object.keys(files), so files[file] is always a string
    results.set(file, parseArticle(file, files[file] ?? ""));
  }
  return buildFromParsed(results);
}

/**
 * buildContent from files already parsed one by one (in parallel, or from a cache keyed by each
 * file's hash): the checks between files and the ordering are done here, over all of them.
 */
export function buildFromParsed(results: ReadonlyMap<string, ParseResult>): BuiltContent {
  const problems: string[] = [];
  const parsed: Parsed[] = [];
  for (const file of [...results.keys()].sort()) {
    const result = results.get(file);
    if (!result) continue;
    if (result.ok) parsed.push({ file, article: result.article, draft: result.draft });
    else problems.push(...result.problems.map((problem) => `content/${file}: ${problem}`));
  }
  problems.push(...crossFileProblems(parsed).map((entry) => entry.problem));
  if (problems.length > 0) throw new ContentError(problems);
  return assemble(parsed);
}

export interface LenientBuild {
  content: BuiltContent;
  /** Problems in files that are not published as they stand (their last good version is). */
  problems: string[];
  /** Drafts with problems: skipped, since they are published nowhere anyway. */
  warnings: string[];
  /** Each file's newest good version, to pass to the next build. */
  lastGood: Map<string, Parsed>;
}

/** Whether a source asks to be a draft, read without trusting the rest of its front matter. */
function looksLikeDraft(source: string): boolean {
  return /^draft:[ \t]*true[ \t]*(?:#.*)?$/m.test(source);
}

/**
 * The development build: never fails. A file with problems keeps its last good version from
 * `lastGood` (or stays out if it never had one), and its problems are reported; a draft with
 * problems is only a warning. Everything else is published.
 */
export function buildContentLenient(
  files: Record<string, string>,
  lastGood: ReadonlyMap<string, Parsed> = new Map(),
): LenientBuild {
  const problems: string[] = [];
  const warnings: string[] = [];
  const good = new Map<string, Parsed>();
  for (const file of Object.keys(files).sort()) {
    // Stryker disable next-line StringLiteral: file comes from Object.keys(files), so files[file] is always a string
    const source = files[file] ?? "";
    const result = parseArticle(file, source);
    if (result.ok) {
      good.set(file, { file, article: result.article, draft: result.draft });
      continue;
    }
    const lines = result.problems.map((problem) => `content/${file}: ${problem}`);
    if (looksLikeDraft(source)) {
      warnings.push(...lines);
      continue;
    }
    problems.push(...lines);
    const previous = lastGood.get(file);
    if (previous) good.set(file, previous);
  }
  let parsed = [...good.values()];
  const conflicts = crossFileProblems(parsed);
  if (conflicts.length > 0) {
    problems.push(...conflicts.map((entry) => entry.problem));
    const left = new Set(conflicts.map((entry) => entry.file));
    parsed = parsed.filter((entry) => !left.has(entry.file));
  }
  return { content: assemble(parsed), problems, warnings, lastGood: good };
}

/** Reads every .md file directly in `directory`. */
export async function loadContentFiles(directory: string): Promise<Record<string, string>> {
  const names = (await readdir(directory))
    .filter((name) => name.endsWith(".md") && !name.startsWith("_"))
    .sort();
  // Read a few dozen at a time: one by one is slow for thousands of files, all at once opens too many.
  const texts: string[] = new Array(names.length);
  for (let start = 0; start < names.length; start += 64) {
    await Promise.all(
      names.slice(start, start + 64).map(async (name, offset) => {
        texts[start + offset] = await readFile(path.join(directory, name), "utf8");
      }),
    );
  }
  const files: Record<string, string> = {};
  names.forEach((name, index) => {
    files[name] = texts[index] ?? "";
  });
  return files;
}
