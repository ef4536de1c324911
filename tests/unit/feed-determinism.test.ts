/**
 * The same content gives the same bytes: across separately built content, stores and apps, at
 * different request times, and whatever order the source files are read in. Readers and caches
 * rely on it (a new ETag for identical content re-delivers every item).
 */
import { describe, expect, it } from "vitest";
import { type MediaLookup, noMedia } from "../../src/content/lead-image";
import { buildContent as buildFiles, loadContentFiles } from "../../src/content/load-content";
import { fixtureFiles, fixtureMedia } from "./helpers/articles";
import { CONTENT_DIR, FIXED_NOW, fetchFeeds, renderAll, siteFeedModel, texts } from "./helpers/feeds";

const sources: [string, () => Promise<Record<string, string>>, MediaLookup][] = [
  ["the seed content (content/*.md)", () => loadContentFiles(CONTENT_DIR), noMedia],
  ["fixture articles", async () => ({ ...fixtureFiles }), fixtureMedia],
];

describe.each(sources)("determinism: %s", (_name, readFiles, media) => {
  const buildContent = (files: Record<string, string>) => buildFiles(files, media);
  it("gives byte-identical feeds and ETags from two separately built apps", async () => {
    const first = await fetchFeeds(buildContent(await readFiles()));
    const second = await fetchFeeds(buildContent(await readFiles()));
    for (const format of ["rss", "atom", "json"] as const) {
      expect(first[format].status).toBe(200);
      expect(second[format].text).toBe(first[format].text);
      expect(second[format].etag).toBe(first[format].etag);
      expect(second[format].lastModified).toBe(first[format].lastModified);
    }
  });

  it("gives the same bytes at any request time once everything is published", async () => {
    const files = await readFiles();
    const early = texts(await fetchFeeds(buildContent(files), FIXED_NOW));
    const late = texts(await fetchFeeds(buildContent(files), FIXED_NOW + 400 * 24 * 3600 * 1000));
    expect(late).toEqual(early);
  });

  it("gives the same bytes whatever order the source files are read in", async () => {
    const files = await readFiles();
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(texts(await fetchFeeds(buildContent(reversed)))).toEqual(
      texts(await fetchFeeds(buildContent(files))),
    );
  });

  it("serves exactly what the renderers make of the feed model", async () => {
    const content = buildContent(await readFiles());
    expect(texts(await fetchFeeds(content))).toEqual(renderAll(siteFeedModel(content)));
  });
});
