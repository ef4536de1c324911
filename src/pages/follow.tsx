import { sitePaths } from "../urls/url-map";
import type { FeedSet } from "./feed-set";

/** A feed address with a Copy button (shown by the script) and a field to select by hand. */
export function FeedAddress({ id, label, url }: { id: string; label: string; url: string }) {
  return (
    <div class="feed-address">
      <label for={id}>{label}</label>
      <span class="copy-row">
        <input id={id} type="url" readonly value={url} />
        <button type="button" data-copy={id} hidden>
          Copy
        </button>
      </span>
    </div>
  );
}

/**
 * The "Follow" control on every page: the feeds of what the page shows (the site, a section, tag or
 * author), each with its address to copy, and the OPML of every feed. A <details> element, so it
 * opens by keyboard and without JavaScript.
 */
export function Follow({ feeds, idPrefix = "follow" }: { feeds: FeedSet; idPrefix?: string }) {
  const [first] = feeds.links;
  return (
    <details class="follow">
      <summary>Follow</summary>
      <div class="follow-panel">
        <p>
          Get new articles from <strong>{feeds.title}</strong> in your feed reader: copy an address and add it
          there.
        </p>
        {feeds.links.map((link) => (
          <FeedAddress id={`${idPrefix}-${link.format.id}`} label={link.format.label} url={link.href} />
        ))}
        <p>
          {first && (
            <>
              <a href={first.href}>Open the {first.format.label} feed</a> ·{" "}
            </>
          )}
          <a href={sitePaths.feeds}>All feeds</a> · <a href={sitePaths.opml}>Every feed as OPML</a>
        </p>
      </div>
    </details>
  );
}
