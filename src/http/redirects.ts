import type { Hono } from "hono";
import { permanentRedirect } from "./document-helpers";
import type { AppEnv } from "./types";

/**
 * Addresses people and feed readers try before they find the real ones (WordPress, Hugo, Jekyll and
 * Ghost conventions among them). Each answers 301 to the canonical feed, so that a reader that
 * subscribed to a guess is moved to the real URL for good.
 */
export const feedGuesses: Record<string, string> = {
  "/rss": "/feed.xml",
  "/rss.xml": "/feed.xml",
  "/rss2": "/feed.xml",
  "/rss2.xml": "/feed.xml",
  "/feed": "/feed.xml",
  "/feed.rss": "/feed.xml",
  "/feed/rss": "/feed.xml",
  "/feed/rss2": "/feed.xml",
  "/index.xml": "/feed.xml",
  "/index.rss": "/feed.xml",
  "/atom": "/atom.xml",
  "/feed.atom": "/atom.xml",
  "/feed/atom": "/atom.xml",
  "/index.atom": "/atom.xml",
  "/json": "/feed.json",
  "/feed/json": "/feed.json",
  "/index.json": "/feed.json",
  "/jsonfeed": "/feed.json",
};

/** Routes for the guesses, with and without a trailing slash, so no other request pays for them. */
export function registerFeedRedirects(app: Hono<AppEnv>): void {
  for (const [guess, target] of Object.entries(feedGuesses)) {
    for (const path of [guess, `${guess}/`]) {
      app.get(path, function redirectToFeed(c) {
        return permanentRedirect(c, target);
      });
    }
  }
}
