import type { z } from "zod/v4";
import { toUtcIso } from "../lib/dates";
import { canonicalLanguageTag } from "../lib/language";
import { nameKey } from "../lib/slug";
import { articlePath } from "../urls/url-map";
import { newestUpdate } from "./built-content";
import { collidingNames, familyFields, type NameUse } from "./family-names";
import {
  cleanFrontMatter,
  FrontMatterProblem,
  loadFrontMatterYaml,
  oneLine,
  quoteForMessage,
} from "./front-matter";
import { type LeadImage, leadImage, type MediaLookup, noMedia } from "./lead-image";
import { BodyProblem, firstParagraphText, renderMarkdown } from "./render-markdown";
import { type Article, frontMatterFields, frontMatterSchema, slugPattern } from "./schema";
import { shortCodeFor } from "./short-code";
import { stripUnwantedXmlChars } from "./xml-text";

/**
 * What parsing one file gives; `A` is the article as kept (the build's cache keeps it without its
 * body). Warnings (a lead image narrower than aggregators ask) are printed; they stop nothing.
 */
export type ParseResult<A = Article> =
  | { ok: true; article: A; draft: boolean; warnings: string[] }
  | { ok: false; problems: string[] };

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  const text = typeof value === "string" ? quoteForMessage(value) : (JSON.stringify(value) ?? String(value));
  // Cut between code points, so that no half of a surrogate pair is printed.
  const points = Array.from(text);
  return `${typeof value} ${text.length > 60 ? `${points.slice(0, 57 - (text.length - points.length)).join("")}...` : text}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === "number" ? `[${part}]` : String(part)))
    .join(".")
    .replace(/\.\[/g, "[");
}

function closestField(name: string): string | undefined {
  return frontMatterFields.find(
    (field) =>
      field.startsWith(name.slice(0, 3)) ||
      name.startsWith(field.slice(0, 3)) ||
      field.replace(/_/g, "") === name.replace(/[_-]/g, "").toLowerCase(),
  );
}

const imageFields = ["url", "alt", "caption", "credit", "width", "height", "type", "bytes"];

/** A field name as messages print it: line breaks and other controls escaped, no quotes around it. */
function unquoted(name: string): string {
  return quoteForMessage(name).slice(1, -1);
}

/** One line per problem, `message (path)`, as @astrojs/rss and friends print them. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = unquoted(formatPath(issue.path));
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((rawKey) => {
      const key = rawKey === "" ? '""' : unquoted(rawKey);
      const path = at ? `${at}.${key}` : key;
      const guess = at ? undefined : closestField(key);
      const hint =
        !at && imageFields.includes(key)
          ? ` "${key}" belongs to the image: indent it by two spaces under "image:".`
          : guess
            ? ` Did you mean "${guess}"?`
            : at === "image"
              ? ` Known image fields: ${imageFields.join(", ")}.`
              : at === "retracted"
                ? " A retraction has a date and a reason."
                : at
                  ? // Only a correction is left among the strict objects.
                    " A correction has a date and a text."
                  : ` Known fields: ${frontMatterFields.join(", ")}.`;
      // Stryker disable next-line OptionalChaining: the input of an unrecognized_keys issue is always the object that has the keys
      return `unknown field "${key}": expected no such field, found ${describeValue((issue.input as Record<string, unknown>)?.[rawKey])}.${hint} (${path})`;
    });
  }
  const found = "input" in issue ? describeValue(issue.input) : "nothing";
  return [`${issue.message}, found ${found} (${at || "front matter"})`];
}

/** Summary bullets as running text: each one a sentence, since bullets often have no full stop. */
function sentences(lines: string[]): string {
  return lines.map((line) => (/[.!?…"”’)]$/.test(line) ? line : `${line}.`)).join(" ");
}

/**
 * A problem with the --- lines around the front matter, or undefined. Only a first line of exactly
 * "---" opens front matter (a "---js" line once asked gray-matter to run the block with eval).
 */
function delimiterProblem(text: string): string | undefined {
  const opening = /^---[ \t]*\r?\n/.exec(text);
  if (!opening) {
    if (!text.trimStart().startsWith("---")) {
      return "front matter: expected a YAML block between --- lines at the top of the file, found none (front matter)";
    }
    // Stryker disable next-line StringLiteral: split always returns at least one string, so the fallback is never used
    const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
    const found = firstLine.trim() === "" ? "a blank line" : quoteForMessage(firstLine);
    return `front matter: expected a line of just --- as the first line of the file, found ${found} (front matter)`;
  }
  // Stryker disable next-line MethodExpression: the opening line holds no \n before its last character, so "\n---" occurs in text exactly where it occurs in this slice
  if (!text.slice(opening[0].length - 1).includes("\n---")) {
    return "front matter: expected a --- line closing the front matter, found none (front matter)";
  }
  return undefined;
}

/**
 * The front matter's text and the body of a file that delimiterProblem accepts, split where
 * gray-matter split them: the block runs from the end of "---" to the next line that starts with
 * "---", and the body starts on the line after that. Done here, in linear time, rather than by
 * gray-matter, whose removal of comment lines takes time quadratic in the number of blank lines.
 */
function splitFrontMatter(text: string): { yaml: string; body: string; bodyLine: number } {
  const closing = text.indexOf("\n---", 3);
  let start = closing + "\n---".length;
  if (text[start] === "\r") start++;
  if (text[start] === "\n") start++;
  let newlines = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < start; at = text.indexOf("\n", at + 1)) newlines++;
  return { yaml: text.slice(3, closing), body: text.slice(start), bodyLine: newlines + 1 };
}

/** Reads the YAML block into cleaned data, or says why it cannot. */
function readFrontMatter(
  yaml: string,
): { ok: true; data: unknown; problems: string[] } | { ok: false; problem: string } {
  let loaded: unknown;
  try {
    loaded = loadFrontMatterYaml(yaml);
  } catch (error) {
    if (error instanceof FrontMatterProblem) return { ok: false, problem: error.problem };
    const reason = oneLine(error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error));
    return {
      ok: false,
      problem: `front matter: expected valid YAML, found a syntax error: ${reason} (front matter)`,
    };
  }
  const { data, problems } = cleanFrontMatter(loaded ?? {});
  return { ok: true, data, problems };
}

/**
 * The checks that concern more than one field, or more than a field's own shape. Each runs on what
 * the author wrote whenever the fields it reads are valid themselves, so a file with a missing title
 * and an image without alt text hears of both at once.
 */
function crossFieldProblems(raw: unknown): string[] {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return [];
  const fields = raw as Record<string, unknown>;
  const shape = frontMatterSchema.shape;
  const problems: string[] = [];
  const published = shape.published.safeParse(fields.published);
  /** A date field that must not come before the publication: a problem when it is valid and does. */
  const notBeforePublished = (value: unknown, at: string) => {
    const date = shape.published.safeParse(value);
    if (published.success && date.success && toUtcIso(date.data) < toUtcIso(published.data)) {
      problems.push(
        `${at}: expected a time no earlier than published (${published.data}), found ${JSON.stringify(date.data)} (${at})`,
      );
    }
  };
  if (fields.updated !== undefined) notBeforePublished(fields.updated, "updated");
  if (Array.isArray(fields.corrections)) {
    fields.corrections.forEach((correction: unknown, index) => {
      if (correction !== null && typeof correction === "object" && "date" in correction) {
        notBeforePublished(correction.date, `corrections[${index}].date`);
      }
    });
  }
  const retracted = fields.retracted;
  if (retracted !== null && typeof retracted === "object" && !Array.isArray(retracted)) {
    if ("date" in retracted) notBeforePublished(retracted.date, "retracted.date");
    if (fields.draft === true) {
      problems.push(
        "retracted: expected no retraction on a draft, which was never published (publish it first, or delete the file), found a retraction and draft: true (retracted)",
      );
    }
  }
  // Two names in one list that would share a URL (a pair across files is found by the build).
  // Each name that is text counts, even when another in the list is not.
  for (const kind of ["tag", "author"] as const) {
    const { field } = familyFields[kind];
    const list = fields[field];
    if (!Array.isArray(list)) continue;
    const uses: NameUse[] = [];
    list.forEach((name: unknown, index) => {
      if (typeof name !== "string" || name.trim() === "") return;
      const at = `${field}[${index}]`;
      uses.push({ name: name.trim(), at, label: quoteForMessage(name.trim()), where: at });
    });
    problems.push(...collidingNames(kind, uses).map((found) => found.problem));
  }
  const image = fields.image;
  if (image !== null && typeof image === "object" && !Array.isArray(image)) {
    const { url, caption, alt } = image as Record<string, unknown>;
    if (url === undefined && caption === undefined) {
      problems.push("image: expected a url or a caption, found neither (image)");
    }
    if (url !== undefined && alt === undefined) {
      problems.push("image.alt: expected a text alternative for the image, found nothing (image.alt)");
    }
  }
  return problems;
}

/**
 * A section, tag or author name as it is published: in NFC, each run of white space one space (a
 * name is one line, and XML reads a line break in an attribute, such as Atom's category term, as a
 * space anyway).
 */
function publishedName(name: string): string {
  return name.normalize("NFC").replace(/\s+/gu, " ");
}

/**
 * Names that differ only in case, Latin accents or spacing name one family (src/lib/slug.ts):
 * the first spelling of each is kept.
 */
function distinctNames(names: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) {
    const key = nameKey(name);
    if (!seen.has(key)) seen.set(key, publishedName(name));
  }
  return [...seen.values()];
}

const fileNameExpected = "expected a lower-case slug of letters, digits and single hyphens followed by .md";

/** Extensions of Markdown files other than .md, which the build reads only to say so. */
export const otherMarkdownExtension = /\.(?:md|markdown|mdown|mkdn?|mdwn|mdtxt|mdtext|mdx)$/i;

/** The problem with a content file's name, or undefined. */
function fileNameProblem(fileName: string): string | undefined {
  if (fileName.endsWith(".md") && slugPattern.test(fileName.slice(0, -3))) return undefined;
  const quoted = quoteForMessage(fileName);
  const extension = otherMarkdownExtension.exec(fileName);
  const stem = extension ? fileName.slice(0, extension.index) : "";
  if (extension && extension[0] !== ".md" && extension[0] !== ".mdx" && slugPattern.test(stem)) {
    return `file name: expected the extension .md (the build reads no other), found ${quoted}. Rename the file to ${stem}.md (file name)`;
  }
  return `file name: ${fileNameExpected}, found ${quoted}. Rename the file (file name)`;
}

/** The lead image of the front matter, when its `image` field is valid in itself. */
function leadImageOf(raw: unknown, media: MediaLookup): LeadImage | undefined {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const field = frontMatterSchema.shape.image.safeParse((raw as Record<string, unknown>).image);
  return field.success && field.data !== undefined ? leadImage(field.data, media) : undefined;
}

/**
 * One Markdown file → a validated, rendered article, or every problem found in it. `fileName` is the
 * name within content/; its stem is the article's slug. `media` finds the files of content/media/
 * that an image url names. Never throws: whatever is wrong with the file comes back as problems.
 */
export function parseArticle(fileName: string, source: string, media: MediaLookup = noMedia): ParseResult {
  try {
    return parseOrThrow(fileName, source, media);
  } catch (error) {
    // A bug of the build, not of the file; still reported as the file's problem, so that the other
    // files' problems are listed too. The property tests (content-properties.test.ts) fail on it.
    const reason = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
    return {
      ok: false,
      problems: [
        `file: expected a file the build can read, found an internal error (${quoteForMessage(reason)}); please report it (file)`,
      ],
    };
  }
}

function parseOrThrow(fileName: string, source: string, media: MediaLookup): ParseResult {
  const slug = fileName.replace(/\.md$/, "");
  const problems: string[] = [];
  const nameProblem = fileNameProblem(fileName);
  if (nameProblem !== undefined) problems.push(nameProblem);
  const text = stripUnwantedXmlChars(source).replace(/^\uFEFF/, "");
  const delimiters = delimiterProblem(text);
  if (delimiters !== undefined) return { ok: false, problems: [...problems, delimiters] };
  const { yaml, body, bodyLine } = splitFrontMatter(text);
  const frontMatter = readFrontMatter(yaml);
  if (!frontMatter.ok) return { ok: false, problems: [...problems, frontMatter.problem] };
  problems.push(...frontMatter.problems);
  const result = frontMatterSchema.safeParse(frontMatter.data, { reportInput: true });
  if (!result.success) {
    // A value can fail two checks with one message (a date's shape and its calendar): say it once.
    problems.push(...new Set(result.error.issues.flatMap(describeIssue)));
  }
  problems.push(...crossFieldProblems(frontMatter.data));
  const lead = leadImageOf(frontMatter.data, media);
  if (lead) problems.push(...lead.problems);
  let html: string | undefined;
  if (!body.trim()) {
    problems.push("body: expected Markdown text after the front matter, found none (body)");
  } else {
    // Rendered whatever else is wrong, so that problems in the body are reported with the others.
    try {
      html = renderMarkdown(body, articlePath(slug), result.success ? result.data.dateline : undefined);
    } catch (error) {
      if (!(error instanceof BodyProblem)) throw error;
      const where = error.line === undefined ? "" : ` on line ${error.line + bodyLine - 1}`;
      problems.push(`body: ${error.expected}, found ${error.found}${where} (body)`);
    }
  }
  if (!result.success || problems.length > 0 || html === undefined) return { ok: false, problems };

  const data = result.data;
  const published = toUtcIso(data.published);
  const corrections = data.corrections
    .map((correction) => ({ date: toUtcIso(correction.date), text: correction.text }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  // A correction is a significant change: it moves `updated`, unless a later one is given.
  const stated = data.updated ? toUtcIso(data.updated) : published;
  const updated =
    newestUpdate([{ updated: stated }, ...corrections.map(({ date }) => ({ updated: date }))]) ?? stated;
  const summary =
    data.summary ?? (data.highlights.length > 0 ? sentences(data.highlights) : firstParagraphText(body));
  const article: Article = {
    id: data.id,
    slug,
    title: data.title,
    summary,
    published,
    updated,
    authors: distinctNames(data.authors ?? []),
    section: publishedName(data.section),
    tags: distinctNames(data.tags),
    highlights: data.highlights,
    ...(data.dateline ? { dateline: data.dateline } : {}),
    ...(data.lang ? { lang: canonicalLanguageTag(data.lang) } : {}),
    ...(lead ? { image: lead.image } : {}),
    formerSlugs: data.former_slugs,
    shortCode: shortCodeFor(data.id),
    ...(corrections.length > 0 ? { corrections } : {}),
    ...(data.retracted
      ? { retraction: { date: toUtcIso(data.retracted.date), reason: data.retracted.reason } }
      : {}),
    html,
  };
  return { ok: true, article, draft: data.draft, warnings: lead?.warnings ?? [] };
}
