/**
 * Addresses people and feed readers try before they find the real ones (WordPress, Hugo, Jekyll and
 * Ghost conventions among them). Each answers 301 to the canonical feed, so that a reader that
 * subscribed to a guess is moved to the real URL for good.
 */
const guesses: Record<string, string> = {
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

/** The canonical path for a guessed feed address (trailing slashes ignored), if it is one. */
export function canonicalFeedPath(path: string): string | undefined {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return guesses[trimmed.toLowerCase()];
}
