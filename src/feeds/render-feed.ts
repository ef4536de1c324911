import type { FeedLinks, FeedModel } from "./feed-model";
import { renderAtom } from "./render-atom";
import { renderJsonFeed } from "./render-json-feed";
import { renderRss } from "./render-rss";

export type FeedFormat = keyof FeedLinks;

export const feedFormats: readonly FeedFormat[] = ["rss", "atom", "json"];

/** File name of each format within a feed's folder: /feed.xml, /tags/iran/atom.xml, … */
export const feedFileNames: Record<FeedFormat, string> = {
  rss: "feed.xml",
  atom: "atom.xml",
  json: "feed.json",
};

/** Media type of each format (for Link headers and autodiscovery). */
export const feedMediaTypes: Record<FeedFormat, string> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

export function feedContentType(format: FeedFormat): string {
  return `${feedMediaTypes[format]}; charset=utf-8`;
}

/** The format a file name in a feed's folder stands for: "atom.xml" → "atom". */
export function formatOfFile(fileName: string): FeedFormat | undefined {
  return feedFormats.find((format) => feedFileNames[format] === fileName);
}

/** Absolute URLs of the three formats of the feed whose folder is `base` ("" for the site feed). */
export function feedLinks(origin: string, base: string): FeedLinks {
  return {
    rss: `${origin}${base}/${feedFileNames.rss}`,
    atom: `${origin}${base}/${feedFileNames.atom}`,
    json: `${origin}${base}/${feedFileNames.json}`,
  };
}

export function renderFeed(format: FeedFormat, model: FeedModel): string {
  switch (format) {
    case "rss":
      return renderRss(model);
    case "atom":
      return renderAtom(model);
    case "json":
      return renderJsonFeed(model);
  }
}
