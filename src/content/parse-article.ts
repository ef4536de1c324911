import matter from "gray-matter";
import yaml from "js-yaml";
import type { z } from "zod/v4";
import { toUtcIso } from "../lib/dates";
import { articlePath } from "../lib/paths";
import { firstParagraphText, renderMarkdown, resolveLink } from "./render-markdown";
import { type Article, frontMatterFields, frontMatterSchema, slugPattern } from "./schema";
import { stripUnwantedXmlChars } from "./xml-text";

export type ParseResult = { ok: true; article: Article; draft: boolean } | { ok: false; problems: string[] };

/**
 * YAML's JSON schema keeps dates as the strings the author wrote (so the schema can insist on a time
 * zone) and keeps `no`, `on` and `yes` as text (a tag "no" stays "no").
 */
const matterOptions = {
  engines: { yaml: (text: string) => yaml.load(text, { schema: yaml.JSON_SCHEMA }) as object },
};

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

/** One line per problem, `message (path)`, as @astrojs/rss and friends print them. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const path = at ? `${at}.${key}` : key;
      const guess = at ? undefined : closestField(key);
      const hint = guess
        ? ` Did you mean "${guess}"?`
        : at
          ? ""
          : ` Known fields: ${frontMatterFields.join(", ")}.`;
      return `unknown field "${key}": expected no such field, found ${describeValue((issue.input as Record<string, unknown>)?.[key])}.${hint} (${path})`;
    });
  }
  const found = "input" in issue ? describeValue(issue.input) : "nothing";
  return [`${issue.message}, found ${found} (${at || "front matter"})`];
}

function resolveImage(image: NonNullable<Article["image"]>, pagePath: string): NonNullable<Article["image"]> {
  return image.url === undefined ? image : { ...image, url: resolveLink(image.url, pagePath) ?? image.url };
}

/**
 * One Markdown file → a validated, rendered article, or every problem found in it. `fileName` is the
 * name within content/; its stem is the article's slug.
 */
/** Summary bullets as running text: each one a sentence, since bullets often have no full stop. */
function sentences(lines: string[]): string {
  return lines.map((line) => (/[.!?…"”’)]$/.test(line) ? line : `${line}.`)).join(" ");
}

export function parseArticle(fileName: string, source: string): ParseResult {
  const slug = fileName.replace(/\.md$/, "");
  const problems: string[] = [];
  if (!slugPattern.test(slug)) {
    problems.push(
      `file name: expected a lower-case slug of letters, digits and single hyphens followed by .md, found ${JSON.stringify(fileName)}. Rename the file (file name)`,
    );
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(stripUnwantedXmlChars(source), matterOptions);
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
  if (!source.trimStart().startsWith("---")) {
    problems.push(
      "front matter: expected a YAML block between --- lines at the top of the file, found none (front matter)",
    );
    return { ok: false, problems };
  }
  const result = frontMatterSchema.safeParse(parsed.data ?? {}, { reportInput: true });
  if (!result.success) {
    problems.push(...result.error.issues.flatMap(describeIssue));
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
  if (!parsed.content.trim())
    problems.push("body: expected Markdown text after the front matter, found none (body)");
  if (problems.length > 0) return { ok: false, problems };

  const body = parsed.content;
  const summary =
    data.summary ?? (data.highlights.length > 0 ? data.highlights.join(" ") : firstParagraphText(body));
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
    html: renderMarkdown(body, articlePath(slug), data.dateline),
  };
  return { ok: true, article, draft: data.draft };
}
