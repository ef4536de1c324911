import type { Hono } from "hono";
import type { FormatTable } from "../feeds/formats";
import { feedPath } from "../urls/url-map";
import { permanentRedirect } from "./resolution";
import type { AppEnv } from "./types";

/**
 * Addresses people and feed readers try before they find the real ones (WordPress, Hugo, Jekyll and
 * Ghost conventions among them), with the id of the format each stands for. Each answers 301 to the
 * site's feed in that format, so that a reader that subscribed to a guess is moved to the real URL
 * for good.
 */
export const feedGuesses: Readonly<Record<string, string>> = {
  "/rss": "rss",
  "/rss.xml": "rss",
  "/rss2": "rss",
  "/rss2.xml": "rss",
  "/feed": "rss",
  "/feed.rss": "rss",
  "/feed/rss": "rss",
  "/feed/rss2": "rss",
  "/index.xml": "rss",
  "/index.rss": "rss",
  "/atom": "atom",
  "/feed.atom": "atom",
  "/feed/atom": "atom",
  "/index.atom": "atom",
  "/json": "json",
  "/feed/json": "json",
  "/index.json": "json",
  "/jsonfeed": "json",
};

/** Routes for the guesses, with and without a trailing slash, so no other request pays for them. */
export function registerFeedRedirects(app: Hono<AppEnv>, formats: FormatTable): void {
  for (const [guess, formatId] of Object.entries(feedGuesses)) {
    const format = formats.find((candidate) => candidate.id === formatId);
    if (!format) continue;
    const target = feedPath("", format);
    for (const path of [guess, `${guess}/`]) {
      app.get(path, function redirectToFeed(c) {
        return permanentRedirect(c, target);
      });
    }
  }
}
