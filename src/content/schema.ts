import { z } from "zod/v4";

/**
 * Front matter of an article in content/. The schema is the one description of it: parse-article.ts
 * reads the validated value's type from it, and the README's field table documents the same fields.
 * Unknown fields are rejected, because a misspelt optional field (say `draf: true`) must not pass
 * silently.
 */

const nonEmptyText = z.string({ error: "expected text" }).trim().min(1, { error: "expected non-empty text" });

/** RFC 3339 with an explicit offset: "2024-08-06 10:00" means different instants in different newsrooms. */
const dateTimeError =
  "expected an RFC 3339 date-time with a time zone, such as 2024-08-06T09:30:00Z or 2024-08-06T12:30:00+03:00";
// z.iso.datetime alone also takes "2024-08-06T09:30Z", which RFC 3339 does not: seconds are required.
const dateTime = z
  .string({ error: dateTimeError })
  .regex(/T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/, { error: dateTimeError })
  .pipe(z.iso.datetime({ offset: true, error: dateTimeError }));

/** Stable ids per RFC 4151 (tag:) or RFC 4122 (urn:uuid:); never derived from the title or URL. */
const articleId = z
  .string({ error: "expected a tag: URI or urn:uuid: id" })
  .regex(
    /^(?:urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|tag:[a-z0-9.-]+,\d{4}(?:-\d{2}(?:-\d{2})?)?:\S+)$/,
    {
      error:
        "expected a permanent id: urn:uuid:<lower-case uuid> or tag:<domain>,<yyyy-mm-dd>:<name> (run `npm run new` to mint one)",
    },
  );

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const slug = z.string({ error: "expected a slug" }).regex(slugPattern, {
  error: "expected a lower-case slug of letters, digits and single hyphens, such as iran-russia-ties",
});

const httpUrlOrPath = z.string({ error: "expected a URL" }).regex(/^(?:https?:\/\/\S+|\/[^/\s]\S*)$/, {
  error: "expected an https:// URL or a site path starting with /",
});

export const frontMatterSchema = z.strictObject({
  id: articleId,
  title: nonEmptyText,
  published: dateTime,
  updated: dateTime.optional(),
  authors: z.array(nonEmptyText, { error: "expected a list of author names" }).optional(),
  section: nonEmptyText,
  tags: z.array(nonEmptyText, { error: "expected a list of tags" }).default([]),
  summary: nonEmptyText.optional(),
  highlights: z.array(nonEmptyText, { error: "expected a list of summary bullets" }).default([]),
  dateline: nonEmptyText.optional(),
  image: z
    .strictObject(
      {
        url: httpUrlOrPath.optional(),
        alt: nonEmptyText.optional(),
        caption: nonEmptyText.optional(),
        credit: nonEmptyText.optional(),
      },
      { error: "expected a map with url, alt, caption and credit" },
    )
    .optional(),
  draft: z.boolean({ error: "expected true or false" }).default(false),
  former_slugs: z.array(slug, { error: "expected a list of slugs" }).default([]),
});

export const frontMatterFields = Object.keys(frontMatterSchema.shape);

/** An article's lead image; `url` is absolute, or a site path marked with SITE_ORIGIN_MARKER. */
export interface ArticleImage {
  url?: string;
  alt?: string;
  caption?: string;
  credit?: string;
}

/** A validated, rendered article as the build step stores it; dates are normalised to UTC ISO strings. */
export interface ArticleMeta {
  id: string;
  slug: string;
  title: string;
  /** Plain text. */
  summary: string;
  published: string;
  updated: string;
  /** Empty when the front matter names none; the site's default author is credited then. */
  authors: string[];
  section: string;
  tags: string[];
  highlights: string[];
  dateline?: string;
  image?: ArticleImage;
  formerSlugs: string[];
  /** Code of the article's short URL, /s/<code>, derived from its id. */
  shortCode: string;
}

export interface Article extends ArticleMeta {
  /** Sanitised HTML of the body; site URLs are root-relative ("/images/x.png"), others absolute. */
  html: string;
}
