import matter from "gray-matter";
import yaml from "js-yaml";
import type { z } from "zod/v4";
import { toUtcIso } from "../lib/dates";
import { articlePath } from "../urls/url-map";
import { firstParagraphText, renderMarkdown, resolveLink } from "./render-markdown";
import { type Article, frontMatterFields, frontMatterSchema, slugPattern } from "./schema";
import { shortCodeFor } from "./short-code";
import { stripUnwantedXmlChars } from "./xml-text";

export type ParseResult = { ok: true; article: Article; draft: boolean } | { ok: false; problems: string[] };

/**
 * YAML's JSON schema keeps dates as the strings the author wrote (so the schema can insist on a time
 * zone) and keeps `no`, `on` and `yes` as text (a tag "no" stays "no").
 */
const matterOptions = {
  engines: { yaml: (text: string) => stripStrings(yaml.load(text, { schema: yaml.JSON_SCHEMA })) as object },
};

/**
 * YAML escapes ("\x01", "\uFFFE", "\ud800") would bring back the characters stripUnwantedXmlChars took
 * out of the source, so every string in the front matter is cleaned again after parsing.
 */
function stripStrings(value: unknown): unknown {
  if (typeof value === "string") return stripUnwantedXmlChars(value);
  if (Array.isArray(value)) return value.map(stripStrings);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [stripUnwantedXmlChars(key), stripStrings(item)]),
    );
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
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

const imageFields = ["url", "alt", "caption", "credit"];

/** One line per problem, `message (path)`, as @astrojs/rss and friends print them. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const path = at ? `${at}.${key}` : key;
      const guess = at ? undefined : closestField(key);
      const hint =
        !at && imageFields.includes(key)
          ? ` "${key}" belongs to the image: indent it by two spaces under "image:".`
          : guess
            ? ` Did you mean "${guess}"?`
            : at === "image"
              ? ` Known image fields: ${imageFields.join(", ")}.`
              : at
                ? // Stryker disable next-line StringLiteral: unreachable, only the front matter and image are strict objects and both are handled above
                  ""
                : ` Known fields: ${frontMatterFields.join(", ")}.`;
      // Stryker disable next-line OptionalChaining: the input of an unrecognized_keys issue is always the object that has the keys
      return `unknown field "${key}": expected no such field, found ${describeValue((issue.input as Record<string, unknown>)?.[key])}.${hint} (${path})`;
    });
  }
  const found = "input" in issue ? describeValue(issue.input) : "nothing";
  return [`${issue.message}, found ${found} (${at || "front matter"})`];
}

function resolveImage(image: NonNullable<Article["image"]>, pagePath: string): NonNullable<Article["image"]> {
  return image.url === undefined ? image : { ...image, url: resolveLink(image.url, pagePath) ?? image.url };
}

/** Summary bullets as running text: each one a sentence, since bullets often have no full stop. */
function sentences(lines: string[]): string {
  return lines.map((line) => (/[.!?…"”’)]$/.test(line) ? line : `${line}.`)).join(" ");
}

/**
 * A problem with the --- lines around the front matter, or undefined. Only a first line of exactly
 * "---" opens front matter: gray-matter reads "---js" or "---json" as a request for another engine,
 * and its JavaScript engine runs the block with eval.
 */
function delimiterProblem(text: string): string | undefined {
  const opening = /^---[ \t]*\r?\n/.exec(text);
  if (!opening) {
    if (!text.trimStart().startsWith("---")) {
      return "front matter: expected a YAML block between --- lines at the top of the file, found none (front matter)";
    }
    // Stryker disable next-line StringLiteral: split always returns at least one string, so the fallback is never used
    const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
    const found = firstLine.trim() === "" ? "a blank line" : JSON.stringify(firstLine);
    return `front matter: expected a line of just --- as the first line of the file, found ${found} (front matter)`;
  }
  // Stryker disable next-line MethodExpression: the opening line holds no \n before its last character, so "\n---" occurs in text exactly where it occurs in this slice
  if (!text.slice(opening[0].length - 1).includes("\n---")) {
    return "front matter: expected a --- line closing the front matter, found none (front matter)";
  }
  return undefined;
}

/**
 * One Markdown file → a validated, rendered article, or every problem found in it. `fileName` is the
 * name within content/; its stem is the article's slug.
 */
export function parseArticle(fileName: string, source: string): ParseResult {
  const slug = fileName.replace(/\.md$/, "");
  const problems: string[] = [];
  if (!slugPattern.test(slug)) {
    problems.push(
      `file name: expected a lower-case slug of letters, digits and single hyphens followed by .md, found ${JSON.stringify(fileName)}. Rename the file (file name)`,
    );
  }
  const text = stripUnwantedXmlChars(source).replace(/^\uFEFF/, "");
  const delimiters = delimiterProblem(text);
  if (delimiters !== undefined) return { ok: false, problems: [...problems, delimiters] };
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, matterOptions);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      ok: false,
      problems: [
        ...problems,
        `front matter: expected valid YAML, found a syntax error: ${reason} (front matter)`,
      ],
    };
  }
  const emptyBody = !parsed.content.trim();
  const bodyProblem = "body: expected Markdown text after the front matter, found none (body)";
  const result = frontMatterSchema.safeParse(parsed.data ?? {}, { reportInput: true });
  if (!result.success) {
    // A value can fail two checks with one message (a date's shape and its calendar): say it once.
    problems.push(...new Set(result.error.issues.flatMap(describeIssue)));
    if (emptyBody) problems.push(bodyProblem);
    return { ok: false, problems };
  }
  const data = result.data;
  const published = toUtcIso(data.published);
  const updated = data.updated ? toUtcIso(data.updated) : published;
  if (updated < published) {
    problems.push(
      `updated: expected a time no earlier than published (${data.published}), found ${JSON.stringify(data.updated)} (updated)`,
    );
  }
  if (data.image && data.image.url === undefined && data.image.caption === undefined) {
    problems.push("image: expected a url or a caption, found neither (image)");
  }
  if (data.image?.url && !data.image.alt) {
    problems.push("image.alt: expected a text alternative for the image, found nothing (image.alt)");
  }
  if (emptyBody) problems.push(bodyProblem);
  if (problems.length > 0) return { ok: false, problems };

  const body = parsed.content;
  const summary =
    data.summary ?? (data.highlights.length > 0 ? sentences(data.highlights) : firstParagraphText(body));
  const article: Article = {
    id: data.id,
    slug,
    title: data.title,
    summary,
    published,
    updated,
    authors: data.authors ?? [],
    section: data.section,
    tags: [...new Set(data.tags)],
    highlights: data.highlights,
    ...(data.dateline ? { dateline: data.dateline } : {}),
    ...(data.image ? { image: resolveImage(data.image, articlePath(slug)) } : {}),
    formerSlugs: data.former_slugs,
    shortCode: shortCodeFor(data.id),
    html: renderMarkdown(body, articlePath(slug), data.dateline),
  };
  return { ok: true, article, draft: data.draft };
}
