import type { z } from "zod/v4";
import { mediaPath } from "../urls/url-map";
import { oneLine } from "./front-matter";
import { mediaName } from "./media-name";
import { imageUrl } from "./render-markdown";
import type { ArticleImage, frontMatterSchema } from "./schema";
import { SITE_ORIGIN_MARKER } from "./site-urls";

/**
 * An article's lead image as it is published. Its `url` is either an https:// URL, whose width and
 * height the author declares (the build fetches nothing), or a path /media/<name> naming a file of
 * content/media/, whose size, type and bytes the build reads (media-files.ts) and which is published
 * under the hash of its bytes, /media/<hash>.<ext>.
 */

/** What the build knows of one file of content/media/ (see media-files.ts). */
export interface MediaFile {
  /** "<first 32 hex digits of the SHA-256 of its bytes>.<extension of its format>". */
  key: string;
  /** Media type, from its bytes. */
  type: string;
  /** Pixels as shown (a JPEG's EXIF rotation applied). */
  width: number;
  height: number;
  bytes: number;
}

/** Why a file of content/media/ cannot be a lead image: a message's "expected" and "found". */
export interface MediaProblem {
  expected: string;
  found: string;
}

export type MediaEntry = MediaFile | MediaProblem;

/** The files of content/media/ by their path within it ("lead.jpg", "2024/map.png"). */
export type MediaLookup = (name: string) => MediaEntry | undefined;

/** A build that was given no media folder: every /media/ path names a missing file. */
export const noMedia: MediaLookup = () => undefined;

export function isMediaFile(entry: MediaEntry): entry is MediaFile {
  return "key" in entry;
}

/**
 * The narrowest lead image aggregators take at full size: MSN asks for 1200 × 624 at least, Google
 * Discover for 1200 pixels wide. Narrower images are published, with a warning.
 */
export const recommendedWidth = 1200;

type ImageField = NonNullable<z.infer<typeof frontMatterSchema>["image"]>;

const declaredFields = ["width", "height", "type", "bytes"] as const;

function describe(value: string | number): string {
  return `${typeof value} ${JSON.stringify(value)}`;
}

export interface LeadImage {
  image: ArticleImage;
  problems: string[];
  warnings: string[];
}

/** The published image of a validated `image` field, with its problems and warnings. */
export function leadImage(field: ImageField, media: MediaLookup): LeadImage {
  const problems: string[] = [];
  const warnings: string[] = [];
  const text: ArticleImage = {
    ...(field.alt !== undefined ? { alt: field.alt } : {}),
    ...(field.caption !== undefined ? { caption: field.caption } : {}),
    ...(field.credit !== undefined ? { credit: field.credit } : {}),
  };
  const declared = declaredFields.filter((name) => field[name] !== undefined);
  const refuse = (why: string) => {
    for (const name of declared) {
      const value = field[name] as string | number;
      problems.push(`image.${name}: expected no ${name} ${why}, found ${describe(value)} (image.${name})`);
    }
  };
  const warnIfNarrow = (width: number, height: number, what: string) => {
    if (width >= recommendedWidth) return;
    warnings.push(
      `image.url: expected an image at least ${recommendedWidth} pixels wide, as aggregators ask of a lead image, found ${what}, ${width} × ${height} pixels (image.url)`,
    );
  };

  if (field.url === undefined) {
    refuse("without an image url");
    return { image: text, problems, warnings };
  }
  const name = mediaName(field.url);
  if (name === undefined) {
    // An https:// URL (the schema let nothing else through): its sizes are the author's word.
    const { width, height, type, bytes } = field;
    for (const [key, value] of [
      ["width", width],
      ["height", height],
    ] as const) {
      if (value !== undefined) continue;
      problems.push(
        `image.${key}: expected the image's ${key} in pixels, which an https:// image must declare (the build does not fetch it), found nothing (image.${key})`,
      );
    }
    if (width !== undefined && height !== undefined) warnIfNarrow(width, height, "a declared size");
    const image: ArticleImage = {
      url: imageUrl(field.url) ?? field.url,
      ...text,
      ...(width !== undefined ? { width } : {}),
      ...(height !== undefined ? { height } : {}),
      ...(type !== undefined ? { type } : {}),
      ...(bytes !== undefined ? { bytes } : {}),
    };
    return { image, problems, warnings };
  }

  refuse("for a file of content/media/ (the build reads it from the file)");
  const file = `content/media/${oneLine(name)}`;
  const entry = media(name);
  if (entry === undefined) {
    problems.push(`image.url: expected a file ${file}, found no such file (image.url)`);
    return { image: text, problems, warnings };
  }
  if (!isMediaFile(entry)) {
    problems.push(`image.url: expected ${entry.expected}, found ${entry.found} (image.url)`);
    return { image: text, problems, warnings };
  }
  warnIfNarrow(entry.width, entry.height, file);
  const image: ArticleImage = {
    url: SITE_ORIGIN_MARKER + mediaPath(entry.key),
    ...text,
    width: entry.width,
    height: entry.height,
    type: entry.type,
    bytes: entry.bytes,
  };
  return { image, problems, warnings };
}
