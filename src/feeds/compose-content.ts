import { readableTime } from "../lib/dates";
import { escapeMarkup } from "../lib/escape";
import type { FeedItem } from "./feed-model";

/**
 * The full HTML a feed reader shows for an article: the summary bullets, the lead image's caption and
 * credit, the body (which already opens with the dateline), then the corrections, each dated.
 * Readers show content:encoded, Atom content and content_html as the article, so the news fields
 * belong in it; the formats' own fields (summary, media, _news) carry them again for programs.
 */
export function composeContentHtml(
  item: Pick<FeedItem, "highlights" | "image" | "corrections">,
  bodyHtml: string,
): string {
  const parts: string[] = [];
  if (item.highlights.length > 0) {
    parts.push(
      `<ul class="highlights">${item.highlights.map((text) => `<li>${escapeMarkup(text)}</li>`).join("")}</ul>`,
    );
  }
  const image = item.image;
  if (image && (image.url || image.caption || image.credit)) {
    // With its size, so that a reader lays the item out before the image arrives.
    const size =
      image.width !== undefined && image.height !== undefined
        ? ` width="${image.width}" height="${image.height}"`
        : "";
    const img = image.url
      ? `<img src="${escapeMarkup(image.url)}" alt="${escapeMarkup(image.alt ?? "")}"${size}>`
      : "";
    const caption = [
      image.caption ? escapeMarkup(image.caption) : "",
      image.credit ? `<small>(${escapeMarkup(image.credit)})</small>` : "",
    ]
      .filter(Boolean)
      .join(" ");
    parts.push(`<figure>${img}${caption ? `<figcaption>${caption}</figcaption>` : ""}</figure>`);
  }
  parts.push(bodyHtml);
  if (item.corrections.length > 0) {
    // Plain paragraphs: every reader shows them, whatever HTML its sanitiser keeps.
    const notes = item.corrections.map(
      ({ date, text }) =>
        `<p class="correction"><strong>Correction, <time datetime="${escapeMarkup(date)}">${escapeMarkup(readableTime(date))}</time>:</strong> ${escapeMarkup(text)}</p>`,
    );
    parts.push(`<hr>\n${notes.join("\n")}`);
  }
  return parts.join("\n");
}
