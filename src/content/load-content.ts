import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArticle } from "./parse-article";
import type { Article } from "./schema";
import { type BuiltContent, compareNewestFirst } from "./store";

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in content; nothing was published.\n${problems.join("\n")}`,
    );
    this.name = "ContentError";
  }
}

/**
 * Validates and renders a set of Markdown files ({ "name.md": source }). Throws ContentError listing
 * every problem in every file, so one run shows the author all there is to fix.
 */
export function buildContent(files: Record<string, string>): BuiltContent {
  const problems: string[] = [];
  const parsed: { file: string; article: Article; draft: boolean }[] = [];
  for (const file of Object.keys(files).sort()) {
    // Stryker disable next-line StringLiteral: file comes from Object.keys(files), so files[file] is always a string
    const result = parseArticle(file, files[file] ?? "");
    if (result.ok) parsed.push({ file, article: result.article, draft: result.draft });
    else problems.push(...result.problems.map((problem) => `content/${file}: ${problem}`));
  }
  const seenIds = new Map<string, string>();
  const seenSlugs = new Map<string, string>();
  const seenCodes = new Map<string, string>();
  for (const { file, article } of parsed) {
    const earlier = seenIds.get(article.id);
    if (earlier)
      problems.push(
        `content/${file}: id: expected an id no other article has, found ${article.id}, which content/${earlier} has too (id)`,
      );
    else seenIds.set(article.id, file);
    const codeOwner = seenCodes.get(article.shortCode);
    if (codeOwner && !earlier) {
      problems.push(
        `content/${file}: id: expected an id whose short code differs from every other article's, found short code ${article.shortCode}, which content/${codeOwner} has too. Mint a new id for the newer, unpublished one with \`npm run new\` (id)`,
      );
    } else seenCodes.set(article.shortCode, file);
    for (const slug of [article.slug, ...article.formerSlugs]) {
      const owner = seenSlugs.get(slug);
      const field = slug === article.slug ? "file name" : "former_slugs";
      if (owner && owner !== file)
        problems.push(
          `content/${file}: ${field}: expected a slug no other article uses, found "${slug}", which content/${owner} uses too (${field})`,
        );
      else seenSlugs.set(slug, file);
    }
  }
  if (problems.length > 0) throw new ContentError(problems);
  const articles = parsed
    .filter((entry) => !entry.draft)
    .map((entry) => entry.article)
    .sort(compareNewestFirst);
  const version = createHash("sha256").update(JSON.stringify(articles)).digest("hex").slice(0, 16);
  return { version, articles };
}

/** Reads every .md file directly in `directory`. */
export async function loadContentFiles(directory: string): Promise<Record<string, string>> {
  const names = (await readdir(directory))
    .filter((name) => name.endsWith(".md") && !name.startsWith("_"))
    .sort();
  const files: Record<string, string> = {};
  for (const name of names) files[name] = await readFile(path.join(directory, name), "utf8");
  return files;
}
