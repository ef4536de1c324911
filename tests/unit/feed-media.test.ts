/**
 * Lead images and the site's branding in every feed format, read by parsers that share no code with
 * ours: Python's feedparser (what many aggregators run) for RSS and Atom, xmllint for
 * well-formedness, JSON.parse for JSON Feed. Sizes are compared with the size each fixture image was
 * made at (its name says it) and with its size on disk, never with our own output.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildMediaSite, type MediaSite, mediaFixturesDir } from "../fixtures/media-site";
import { announceSkip, feedparser, feedparserTool, xmllint, xmllintTool } from "./helpers/external-parsers";
import { type FeedDocuments, fetchFeeds, ORIGIN, texts } from "./helpers/feeds";

let site: MediaSite;
let documents: FeedDocuments;

beforeAll(async () => {
  site = await buildMediaSite();
  documents = texts(await fetchFeeds(site.content));
});

/** The size a fixture was made at, as shown: "harbour-1600x900.jpg" → "1600", "900". */
function madeAt(name: string): { width: string; height: string } {
  const match = /-(\d+)x(\d+)\.[a-z]+$/.exec(name);
  if (!match?.[1] || !match[2]) throw new Error(`fixture ${name} does not say its size`);
  return { width: match[1], height: match[2] };
}

const sizeOnDisk = (name: string) => String(statSync(path.join(mediaFixturesDir, name)).size);

announceSkip(feedparserTool, "feedparser reading Media RSS and enclosures");
describe.skipIf(!feedparserTool.available)("feedparser reads each image's size, type and bytes", () => {
  it.each(["rss", "atom"] as const)(
    "in %s: media_content, media_thumbnail, media_credit and enclosures",
    (format) => {
      const parsed = feedparser(documents[format]);
      expect(parsed.bozo).toBe(0);
      for (const image of site.images) {
        const url = `${ORIGIN}/media/${image.key}`;
        const entry = parsed.entries.find((candidate) => candidate.media_content[0]?.url === url);
        expect(entry, `${format} ${image.name}`).toBeDefined();
        const size = madeAt(image.name);
        expect(entry?.media_content).toEqual([
          expect.objectContaining({
            url,
            type: image.type,
            medium: "image",
            ...size,
            filesize: sizeOnDisk(image.name),
          }),
        ]);
        expect(entry?.media_thumbnail).toEqual([{ url, ...size }]);
        expect(entry?.media_credit).toEqual([expect.objectContaining({ content: "Fixture Studio" })]);
        expect(entry?.enclosures).toEqual([
          expect.objectContaining({ href: url, length: sizeOnDisk(image.name), type: image.type }),
        ]);
      }
    },
  );

  it.each(["rss", "atom"] as const)(
    "in %s: a remote image without a byte size has no enclosure",
    (format) => {
      const parsed = feedparser(documents[format]);
      const bare = parsed.entries.find((entry) => entry.media_content[0]?.url === site.remote.bare.url);
      expect(bare?.media_content[0]).toMatchObject({ width: "1600", height: "1067" });
      expect(bare?.enclosures).toEqual([]);
      const declared = parsed.entries.find(
        (entry) => entry.media_content[0]?.url === site.remote.declared.url,
      );
      expect(declared?.enclosures).toEqual([
        expect.objectContaining({ href: site.remote.declared.url, length: "402113", type: "image/jpeg" }),
      ]);
    },
  );

  it("reads the RSS channel image with its size, and the Atom icon and 2:1 logo", () => {
    const rss = feedparser(documents.rss).feed;
    expect(rss.image).toMatchObject({ href: `${ORIGIN}/icon-144.png`, width: 144, height: 144 });
    const atom = feedparser(documents.atom).feed;
    expect(atom.icon).toBe(`${ORIGIN}/icon-144.png`);
    expect(atom.logo).toBe(`${ORIGIN}/logo.png`);
  });
});

announceSkip(xmllintTool, "xmllint on feeds with images");
describe.skipIf(!xmllintTool.available)("xmllint", () => {
  it.each(["rss", "atom"] as const)(
    "finds the %s feed with images well-formed, namespaces declared",
    (format) => {
      expect(xmllint(documents[format])).toEqual({ ok: true, errors: "" });
    },
  );
});

describe("JSON Feed", () => {
  it("gives every item with an image its URL as image and banner_image, and the site's icon and favicon", () => {
    const feed = JSON.parse(documents.json) as {
      icon: string;
      favicon: string;
      items: { image?: string; banner_image?: string }[];
    };
    expect(feed.icon).toBe(`${ORIGIN}/icon-512.png`);
    expect(feed.favicon).toBe(`${ORIGIN}/icon-64.png`);
    const urls = [
      ...site.images.map((image) => `${ORIGIN}/media/${image.key}`),
      site.remote.declared.url,
      site.remote.bare.url,
    ];
    expect(feed.items.map((item) => item.image).sort()).toEqual([...urls].sort());
    for (const item of feed.items) expect(item.banner_image).toBe(item.image);
  });
});
