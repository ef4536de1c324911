import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { siteSettings } from "../config/site";
import { type FamilyKind, familyKinds } from "../urls/url-map";
import { type BuiltContent, compareNewestFirst } from "./built-content";
import { anyNamesCollide, collidingNames, familyNames, listUses, type NameUse } from "./family-names";
import { oneLine, quoteForMessage } from "./front-matter";
import { type MediaLookup, noMedia } from "./lead-image";
import { otherMarkdownExtension, type ParseResult, parseArticle } from "./parse-article";
import { retractedOf } from "./retracted";
import type { Article, ArticleOutline, RetractedArticle } from "./schema";

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in content; nothing was published.\n${problems.join("\n")}`,
    );
    this.name = "ContentError";
  }
}

interface Parsed<A extends ArticleOutline = Article> {
  file: string;
  article: A;
  draft: boolean;
  warnings: string[];
}

/**
 * Problems between files (two articles with one id, slug or short code), each charged to the file
 * that comes later in name order, which is the one left out when publishing leniently.
 */
function crossFileProblems(parsed: readonly Parsed<ArticleOutline>[]): { file: string; problem: string }[] {
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

/** Every name the articles use for families of `kind`, the default author included. */
function* namesUsed(
  kind: FamilyKind,
  parsed: readonly Parsed<ArticleOutline>[],
  defaultAuthor: string,
): Generator<string> {
  for (const { article } of parsed) yield* familyNames(kind, article, defaultAuthor);
}

/**
 * Two different names that would share one URL ("C" and "C++" both make /tags/c/; "Middle East"
 * and "Middle-East" both make /sections/middle-east/), drafts included, each charged to the later
 * file in name order. Names that differ only in case, Latin accents or spacing are one name and
 * share their family on purpose (src/lib/slug.ts). An article that names no author is filed under
 * the site's default author, which counts as a name it uses.
 */
function nameCollisions(
  parsed: readonly Parsed<ArticleOutline>[],
  defaultAuthor: string,
): { file: string; problem: string }[] {
  const problems: { file: string; problem: string }[] = [];
  for (const kind of familyKinds) {
    // Thousands of articles, almost never a collision: each use is described only when there is one.
    if (!anyNamesCollide(namesUsed(kind, parsed, defaultAuthor))) continue;
    const uses: (NameUse & { file: string })[] = [];
    for (const { file, article } of parsed) {
      const where = `content/${file}`;
      const names =
        kind === "section"
          ? [{ name: article.section, at: "section", label: quoteForMessage(article.section), where }]
          : kind === "tag"
            ? listUses(kind, article.tags, where)
            : article.authors.length > 0
              ? listUses(kind, article.authors, where)
              : [
                  {
                    name: defaultAuthor,
                    at: "authors",
                    label: `the site's default author ${quoteForMessage(defaultAuthor)} (no author is named)`,
                    where,
                  },
                ];
      for (const use of names) uses.push({ ...use, file });
    }
    for (const { use, problem } of collidingNames(kind, uses)) {
      problems.push({ file: use.file, problem: `content/${use.file}: ${problem}` });
    }
  }
  return problems;
}

/**
 * Retractions dated after `nowMs`: a retraction takes effect when it is published, so a date still
 * to come is a mistake (a wrong year, a time zone left out), not a schedule. Checked at every build,
 * not when a file is parsed, since the answer changes with the clock and not with the file.
 */
function futureRetractions(
  parsed: readonly Parsed<ArticleOutline>[],
  nowMs: number,
): { file: string; problem: string }[] {
  const now = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  return parsed.flatMap(({ file, article }) =>
    article.retraction && article.retraction.date > now
      ? [
          {
            file,
            problem: `content/${file}: retracted.date: expected a time no later than now (${now}): a retraction takes effect when it is published and cannot be scheduled, found "${article.retraction.date}" (retracted.date)`,
          },
        ]
      : [],
  );
}

/** An article's own digest, of every byte of it that is published; the content version is made of these. */
export function articleDigest(article: Article): string {
  return createHash("sha256").update(JSON.stringify(article)).digest("hex");
}

/** The published articles and the retracted ones, each newest first, with the version of the whole. */
export interface ContentIndex<A extends ArticleOutline> {
  version: string;
  articles: A[];
  /** Articles their front matter retracts (each has its `retraction`). */
  retracted: A[];
}

/**
 * The published and the retracted articles, newest first, and the version of the whole: a hash of
 * every one's digest in that order, so that it changes exactly when a published byte does (a
 * retraction is published too: its notice and the feeds it leaves), and a build that kept each
 * article's digest (scripts/lib/fast-build.ts) needs no article's body to compute it.
 */
function assemble<A extends ArticleOutline>(
  parsed: readonly Parsed<A>[],
  digestOf: (article: A) => string,
): ContentIndex<A> {
  const shown = parsed
    .filter((entry) => !entry.draft)
    .map((entry) => entry.article)
    .sort(compareNewestFirst);
  const hash = createHash("sha256");
  for (const article of shown) hash.update(digestOf(article)).update("\n");
  return {
    version: hash.digest("hex").slice(0, 16),
    articles: shown.filter((article) => !article.retraction),
    retracted: shown.filter((article) => article.retraction),
  };
}

/** BuiltContent of an index of whole articles: the retracted ones keep no text. */
function builtContent({ version, articles, retracted }: ContentIndex<Article>): BuiltContent {
  const records: RetractedArticle[] = retracted.flatMap((article) =>
    article.retraction ? [retractedOf(article, article.retraction)] : [],
  );
  return { version, articles, ...(records.length > 0 ? { retracted: records } : {}) };
}

/**
 * Validates and renders a set of Markdown files ({ "name.md": source }), whose image urls name the
 * files `media` finds (see media-files.ts). Throws ContentError listing every problem in every file,
 * so one run shows the author all there is to fix.
 */
export function buildContent(files: Record<string, string>, media: MediaLookup = noMedia): BuiltContent {
  const results = new Map<string, ParseResult>();
  for (const file of Object.keys(files)) {
    // Stryker disable next-line StringLiteral: file comes from Object.keys(files), so files[file] is always a string
    results.set(file, parseArticle(file, files[file] ?? "", media));
  }
  return buildFromParsed(results);
}

/**
 * buildContent from files already parsed one by one (in parallel, or from a cache keyed by each
 * file's hash): the checks between files and the ordering are done here, over all of them.
 * `unreadable` are the problems readContentDirectory found, listed first.
 */
export function buildFromParsed(
  results: ReadonlyMap<string, ParseResult>,
  unreadable: readonly string[] = [],
): BuiltContent {
  const { version, articles, retracted } = buildIndexFromParsed(results, unreadable, articleDigest);
  return builtContent({ version, articles, retracted });
}

/**
 * buildFromParsed for articles kept without their bodies: `digestOf` gives each one's
 * articleDigest, computed when it was parsed. Throws ContentError as buildContent does; the
 * warnings (each naming its file) come back with the articles.
 */
export function buildIndexFromParsed<A extends ArticleOutline>(
  results: ReadonlyMap<string, ParseResult<A>>,
  unreadable: readonly string[],
  digestOf: (article: A) => string,
  nowMs: number = Date.now(),
): ContentIndex<A> & { warnings: string[] } {
  const problems: string[] = [...unreadable];
  const parsed: Parsed<A>[] = [];
  for (const file of [...results.keys()].sort()) {
    const result = results.get(file);
    if (!result) continue;
    if (result.ok)
      parsed.push({ file, article: result.article, draft: result.draft, warnings: result.warnings });
    else problems.push(...result.problems.map((problem) => `content/${file}: ${problem}`));
  }
  problems.push(...crossFileProblems(parsed).map((entry) => entry.problem));
  problems.push(...nameCollisions(parsed, siteSettings.defaultAuthor).map((entry) => entry.problem));
  problems.push(...futureRetractions(parsed, nowMs).map((entry) => entry.problem));
  if (problems.length > 0) throw new ContentError(problems);
  return { ...assemble(parsed, digestOf), warnings: warningsOf(parsed) };
}

/** The warnings of every file, each naming it. */
function warningsOf(parsed: readonly Parsed<ArticleOutline>[]): string[] {
  return parsed.flatMap((entry) => entry.warnings.map((warning) => `content/${entry.file}: ${warning}`));
}

export interface LenientBuild {
  content: BuiltContent;
  /** Problems in files that are not published as they stand (their last good version is). */
  problems: string[];
  /** Drafts with problems: skipped, since they are published nowhere anyway. */
  warnings: string[];
  /** What the files published warn of (a lead image narrower than aggregators ask), each naming its file. */
  notices: string[];
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
  media: MediaLookup = noMedia,
): LenientBuild {
  const problems: string[] = [];
  const warnings: string[] = [];
  const good = new Map<string, Parsed>();
  for (const file of Object.keys(files).sort()) {
    // Stryker disable next-line StringLiteral: file comes from Object.keys(files), so files[file] is always a string
    const source = files[file] ?? "";
    const result = parseArticle(file, source, media);
    if (result.ok) {
      good.set(file, { file, article: result.article, draft: result.draft, warnings: result.warnings });
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
  const conflicts = [
    ...crossFileProblems(parsed),
    ...nameCollisions(parsed, siteSettings.defaultAuthor),
    ...futureRetractions(parsed, Date.now()),
  ];
  if (conflicts.length > 0) {
    problems.push(...conflicts.map((entry) => entry.problem));
    const left = new Set(conflicts.map((entry) => entry.file));
    parsed = parsed.filter((entry) => !left.has(entry.file));
  }
  return {
    content: builtContent(assemble(parsed, articleDigest)),
    problems,
    warnings,
    notices: warningsOf(parsed),
    lastGood: good,
  };
}

/** A content directory as read: each article's name and text, and the entries that could not be read. */
export interface ContentDirectory {
  files: Record<string, string>;
  /** Problems, each naming its file (`content/<name>: …`). */
  problems: string[];
}

/** A file that may hold an article, with what its metadata says of it (to notice it is unchanged). */
export interface ContentEntry {
  name: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/**
 * The entries directly in `directory` that may be articles: every file whose name ends in .md, and
 * every file whose name ends in another Markdown extension (.MD, .markdown, .mdx…), which the
 * build then reports as misnamed rather than leave out without a word. Names that start with "_"
 * (templates) or "." (editors' lock and swap files) are skipped, and so are directories, whatever
 * their name. An entry that cannot be read (a broken link, no permission, a pipe) is a problem,
 * not an exception.
 */
export async function listContentDirectory(
  directory: string,
): Promise<{ entries: ContentEntry[]; problems: string[] }> {
  const names = (await readdir(directory))
    .filter((name) => otherMarkdownExtension.test(name) && !name.startsWith("_") && !name.startsWith("."))
    .sort();
  const found = new Map<string, ContentEntry>();
  const problems: string[] = [];
  // One by one and synchronously: for thousands of files, statSync is several times faster than
  // as many promises through the thread pool, and a build has nothing else to do meanwhile.
  for (const name of names) {
    try {
      const entry = statSync(path.join(directory, name));
      if (entry.isDirectory()) continue;
      if (!entry.isFile()) {
        // A pipe or a device would block or never end: never read one.
        problems.push(
          `content/${oneLine(name)}: file: expected a file the build can read, found something that is not a file (file)`,
        );
        continue;
      }
      const { size, mtimeMs, ctimeMs, ino } = entry;
      found.set(name, { name, size, mtimeMs, ctimeMs, ino });
    } catch (error) {
      problems.push(unreadableProblem(name, error));
    }
  }
  const entries = names.flatMap((name) => found.get(name) ?? []);
  return { entries, problems: problems.sort() };
}

/** The problem of an entry the build could not read, named for the author. */
export function unreadableProblem(name: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  const found =
    code === "ENOENT" ? "a link to nothing" : code === "EACCES" ? "a file it may not read" : `error ${code}`;
  return `content/${oneLine(name)}: file: expected a file the build can read, found ${found} (file)`;
}

/** The articles directly in `directory` (see listContentDirectory), each name with its text. */
export async function readContentDirectory(directory: string): Promise<ContentDirectory> {
  const listed = await listContentDirectory(directory);
  const problems = [...listed.problems];
  const texts = new Map<string, string>();
  const names = listed.entries.map((entry) => entry.name);
  for (let start = 0; start < names.length; start += 64) {
    await Promise.all(
      names.slice(start, start + 64).map(async (name) => {
        try {
          texts.set(name, await readFile(path.join(directory, name), "utf8"));
        } catch (error) {
          problems.push(unreadableProblem(name, error));
        }
      }),
    );
  }
  const files: Record<string, string> = {};
  for (const name of names) {
    const text = texts.get(name);
    if (text !== undefined) files[name] = text;
  }
  return { files, problems: problems.sort() };
}

/**
 * The articles of `directory` (see readContentDirectory). Throws ContentError when an entry cannot
 * be read; the build proper (scripts/lib/fast-build.ts) reports those with every other problem.
 */
export async function loadContentFiles(directory: string): Promise<Record<string, string>> {
  const { files, problems } = await readContentDirectory(directory);
  if (problems.length > 0) throw new ContentError(problems);
  return files;
}
