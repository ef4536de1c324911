/**
 * Fixture articles as content/*.md sources, covering what the seed content does not: an update
 * later than the publication (with a non-UTC offset), several authors, a lead image with a
 * site-relative URL, and site-relative links and images in the body.
 */

import type { BuiltContent } from "../../../src/content/built-content";
import { buildContent } from "../../../src/content/load-content";
import { markdownArticle } from "./feeds";

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
        url: "/images/cairo-talks.jpg",
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
  return buildContent(fixtureFiles);
}
