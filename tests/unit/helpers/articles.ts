/**
 * Fixture articles as content/*.md sources, covering what the seed content does not: an update
 * later than the publication (with a non-UTC offset), several authors, a lead image stored from
 * content/media/ (tests/fixtures/media/ here), and site-relative links and images in the body.
 */

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { BuiltContent } from "../../../src/content/built-content";
import type { MediaEntry, MediaLookup } from "../../../src/content/lead-image";
import { buildContent } from "../../../src/content/load-content";
import { inspectMedia, lookupIn } from "../../../src/content/media-files";
import { markdownArticle } from "./feeds";

/**
 * Real images, made with sharp (libvips) at the sizes their names say: harbour-1600x900.jpg,
 * chart-800x450.png, meadow-1200x630.webp, banner-1280x720.gif, street-1200x800.avif, and
 * portrait-1200x1600.jpg, stored 1600 × 1200 with EXIF orientation 6 (shown turned a quarter).
 */
export const fixtureMediaDir = path.resolve(import.meta.dirname, "../../fixtures/media");

/** The fixture images as the build reads them (synchronously, for the synchronous buildContent). */
export function fixtureMediaLibrary(): Map<string, MediaEntry> {
  return new Map(
    readdirSync(fixtureMediaDir)
      .sort()
      .map((name) => [name, inspectMedia(name, readFileSync(path.join(fixtureMediaDir, name)))]),
  );
}

export const fixtureMedia: MediaLookup = lookupIn(fixtureMediaLibrary());

export const fixtureFiles: Record<string, string> = {
  "ceasefire-talks-resume-in-cairo.md": markdownArticle(
    {
      id: "tag:news.example.com,2025-03-01:ceasefire-talks-resume",
      title: "Ceasefire talks resume in Cairo",
      published: "2025-03-01T08:00:00Z",
      updated: "2025-03-02T10:30:00+02:00",
      authors: ["Jane Doe", "Omar Haddad"],
      section: "Middle East",
      tags: ["Egypt", "Gaza", "Diplomacy"],
      summary: "Negotiators returned to Cairo on Saturday for a new round of talks.",
      highlights: ["Mediators from Egypt and Qatar attend", "A draft text is expected next week"],
      dateline: "CAIRO",
      image: {
        url: "/media/harbour-1600x900.jpg",
        alt: "Delegates around a table",
        caption: "Delegates meet in Cairo, March 1, 2025.",
        credit: "AP Photo/Jane Roe",
      },
    },
    [
      "Negotiators returned to Cairo on Saturday, a week after the [earlier report](/articles/earlier-report).",
      "",
      "![Map of the region](../images/map.png)",
      "",
      "See also [the UN statement](https://un.example.org/statement?id=1&lang=en).",
    ].join("\n"),
  ),
  "earlier-report.md": markdownArticle(
    {
      id: "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
      title: "Mediators prepare a new round of talks",
      published: "2025-02-20T12:00:00Z",
      section: "World",
      tags: ["Egypt", "Qatar"],
    },
    "Mediators said on Thursday that they would meet again within weeks.",
  ),
};

export function fixtureContent(): BuiltContent {
  return buildContent(fixtureFiles, fixtureMedia);
}
