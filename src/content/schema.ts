import { z } from "zod/v4";
import { imageFormats } from "../lib/image-formats";
import { canonicalLanguageTag } from "../lib/language";
import { slugify } from "../lib/slug";
import { mediaFolder } from "../urls/url-map";
import { mediaName } from "./media-name";
import { imageUrl } from "./render-markdown";

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

/**
 * The instants an article's dates may name: years 1000 to 9999 once converted to UTC. Every format
 * a date is published in has four digits for the year (RFC 3339 in Atom and JSON Feed, RFC 822 in
 * RSS, the HTTP-date of Last-Modified), and no newsroom archive reaches further back.
 */
export const earliestDate = "1000-01-01T00:00:00Z";
export const latestDate = "9999-12-31T23:59:59Z";
const earliestMs = Date.parse(earliestDate);
const latestMs = Date.parse(latestDate) + 999;

/** What is wrong with a date-time that has RFC 3339's shape, or undefined. */
function dateTimeProblem(value: string): string | undefined {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
  if (offset && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) {
    return "expected a time zone offset from -23:59 to +23:59 (RFC 3339), such as +03:00";
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return dateTimeError;
  if (ms < earliestMs || ms > latestMs) {
    return `expected a date-time from ${earliestDate} to ${latestDate} once converted to UTC`;
  }
  return undefined;
}

// z.iso.datetime alone also takes "2024-08-06T09:30Z", which RFC 3339 does not: seconds are required.
const dateTime = z
  .string({ error: dateTimeError })
  .regex(/T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/, { error: dateTimeError })
  .pipe(z.iso.datetime({ offset: true, error: dateTimeError }))
  .superRefine((value, context) => {
    const problem = dateTimeProblem(value);
    if (problem !== undefined) context.addIssue({ code: "custom", message: problem, input: value });
  });

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

/**
 * See imageUrl: what is published is the URL parser's serialisation of this text. A site path names
 * a file of content/media/ (see lead-image.ts), which the build reads and stores.
 */
const httpsUrlOrMediaPath = z
  .string({ error: "expected a URL" })
  .refine((text) => imageUrl(text)?.startsWith("https:") || mediaName(text) !== undefined, {
    error: `expected an https:// URL or a path ${mediaFolder}<file> naming a file in content/media/`,
  });

/** Pixels: a whole number, at most a bound no real photograph reaches (a typo guard). */
const pixels = (what: string) =>
  z
    .number({ error: `expected the image's ${what} in pixels, a whole number` })
    .int({ error: `expected the image's ${what} in pixels, a whole number` })
    .min(1, { error: `expected the image's ${what} in pixels, at least 1` })
    .max(100_000, { error: `expected the image's ${what} in pixels, at most 100000` });

const imageMediaTypes = imageFormats.map((format) => format.mediaType);

const imageMediaType = z
  .string({ error: "expected a media type" })
  .refine((type) => imageMediaTypes.includes(type), {
    error: `expected one of the media types ${imageMediaTypes.join(", ")}`,
  });

const byteCount = z
  .number({ error: "expected the image file's size in bytes, a whole number" })
  .int({ error: "expected the image file's size in bytes, a whole number" })
  .min(1, { error: "expected the image file's size in bytes, at least 1" });

/**
 * A section, tag or author: text with at least one letter or digit, since the name's URL slug is
 * made of them (src/lib/slug.ts); "+++" or an emoji alone would have no page and no feeds.
 */
const familyName = (what: string) =>
  // Blank text is nonEmptyText's to report.
  nonEmptyText.refine((name) => name === "" || slugify(name) !== "", {
    error: `expected ${what} with at least one letter or digit (its URL is made of them)`,
  });

/**
 * A BCP 47 language tag, read by the Intl API (src/lib/language.ts); the article keeps its canonical
 * form. Blank text is nonEmptyText's to report.
 */
const languageTag = nonEmptyText.refine((tag) => tag === "" || canonicalLanguageTag(tag) !== undefined, {
  error:
    "expected a BCP 47 language tag: a 2- or 3-letter ISO 639 language code, then a script or region if needed, such as en, fr-CA, pt-BR, ar or zh-Hant",
});

export const frontMatterSchema = z.strictObject(
  {
    id: articleId,
    title: nonEmptyText,
    published: dateTime,
    updated: dateTime.optional(),
    authors: z.array(familyName("an author name"), { error: "expected a list of author names" }).optional(),
    section: familyName("a section name"),
    tags: z.array(familyName("a tag"), { error: "expected a list of tags" }).default([]),
    summary: nonEmptyText.optional(),
    highlights: z.array(nonEmptyText, { error: "expected a list of summary bullets" }).default([]),
    dateline: nonEmptyText.optional(),
    lang: languageTag.optional(),
    image: z
      .strictObject(
        {
          url: httpsUrlOrMediaPath.optional(),
          alt: nonEmptyText.optional(),
          caption: nonEmptyText.optional(),
          credit: nonEmptyText.optional(),
          // Of a remote image only: the build reads them from a file of content/media/.
          width: pixels("width").optional(),
          height: pixels("height").optional(),
          type: imageMediaType.optional(),
          bytes: byteCount.optional(),
        },
        { error: "expected a map with url, alt, caption and credit" },
      )
      .optional(),
    draft: z.boolean({ error: "expected true or false" }).default(false),
    former_slugs: z.array(slug, { error: "expected a list of slugs" }).default([]),
    corrections: z
      .array(
        z.strictObject(
          { date: dateTime, text: nonEmptyText },
          { error: "expected a correction: a map with date and text" },
        ),
        { error: "expected a list of corrections, each a map with date and text" },
      )
      .default([]),
    retracted: z
      .strictObject(
        {
          date: dateTime,
          reason: z
            .string({ error: "expected the reason readers are told, as plain text" })
            .trim()
            .min(1, { error: "expected the reason readers are told, as plain text" }),
        },
        { error: "expected a map with date and reason" },
      )
      .optional(),
  },
  { error: "expected a map of fields (title: …, published: …)" },
);

export const frontMatterFields = Object.keys(frontMatterSchema.shape);

/**
 * An article's lead image; `url` is absolute, or a site path marked with SITE_ORIGIN_MARKER (a file
 * of content/media/ as stored: /media/<hash>.<ext>). The build gives every image with a url its
 * width and height; the rest only when they are known.
 */
export interface ArticleImage {
  url?: string;
  alt?: string;
  caption?: string;
  credit?: string;
  /** Pixels as the image is shown (a JPEG's EXIF rotation applied). */
  width?: number;
  height?: number;
  /** Media type ("image/jpeg"). */
  type?: string;
  /** Size of the file in bytes. */
  bytes?: number;
}

/** A dated note that corrects a published article; the text is plain text. */
export interface Correction {
  /** UTC ISO, no earlier than the article's publication. */
  date: string;
  text: string;
}

/**
 * An article taken down: from its date on it is in no listing, feed or sitemap, and its addresses
 * answer 410 Gone with a notice. `reason` is plain text; an article whose file was removed after it
 * was published is retracted with no reason.
 */
export interface Retraction {
  /** UTC ISO. */
  date: string;
  reason?: string;
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
  /**
   * The article's language, a canonical BCP 47 tag, when its front matter names one; the site's
   * language (SiteConfig.language) otherwise. Absent rather than filled in, so that articles
   * published before the field existed keep their publish hash.
   */
  lang?: string;
  image?: ArticleImage;
  formerSlugs: string[];
  /** Code of the article's short URL, /s/<code>, derived from its id. */
  shortCode: string;
  /** Corrections, oldest first; absent when there are none. */
  corrections?: Correction[];
  /**
   * Set only on an article its front matter retracts: the build keeps such an article apart
   * (BuiltContent.retracted), never among the published ones.
   */
  retraction?: Retraction;
}

/**
 * What the checks between articles, their order and their filing need of each: the build keeps
 * this of every article, and the rest (text, images, body) only of those it publishes anew.
 */
export type ArticleOutline = Pick<
  ArticleMeta,
  | "id"
  | "slug"
  | "shortCode"
  | "formerSlugs"
  | "section"
  | "tags"
  | "authors"
  | "published"
  | "updated"
  | "retraction"
>;

export function outlineOf(article: ArticleOutline): ArticleOutline {
  const { id, slug, shortCode, formerSlugs, section, tags, authors, published, updated, retraction } =
    article;
  return {
    id,
    slug,
    shortCode,
    formerSlugs,
    section,
    tags,
    authors,
    published,
    updated,
    ...(retraction ? { retraction } : {}),
  };
}

/**
 * What is kept of a retracted article: what its addresses, the feeds it was in and their archive
 * pages still say of it (its headline, id, place in time, families, slugs and short code), and
 * nothing of its text.
 */
export interface RetractedArticle
  extends Pick<
    ArticleMeta,
    "id" | "slug" | "title" | "published" | "section" | "tags" | "authors" | "formerSlugs" | "shortCode"
  > {
  retraction: Retraction;
}

export interface Article extends ArticleMeta {
  /** Sanitised HTML of the body; site URLs are root-relative ("/images/x.png"), others absolute. */
  html: string;
}
