import { currentOf, type FeedFormat, type FeedModel, feedUpdated, hrefOf, prevArchiveOf } from "./feed-model";

/**
 * JSON Feed 1.1, written directly: the `feed` package (6.0.0) only emits JSON Feed 1.0, with the
 * singular `author` that 1.1 replaced by `authors` and no `language`. The newsroom's fields that the
 * format has no place for travel in the `_news` extension object (custom keys start with "_").
 */
export function renderJsonFeed(model: FeedModel, self: FeedFormat): string {
  const current = currentOf(model.paging);
  const prevArchive = prevArchiveOf(model.paging);
  const document = {
    version: "https://jsonfeed.org/version/1.1",
    title: model.title,
    home_page_url: model.homeUrl,
    feed_url: hrefOf(model.links, self),
    description: model.description,
    language: model.language,
    icon: model.icons.large.url,
    favicon: model.icons.favicon.url,
    authors: [{ name: model.publisher }],
    ...(prevArchive ? { next_url: hrefOf(prevArchive, self) } : {}),
    // JSON Feed 1.1: endpoints for real-time notification, each with its protocol and URL.
    ...(model.hubs.length > 0 ? { hubs: model.hubs.map((url) => ({ type: "WebSub", url })) } : {}),
    _news: {
      // JSON Feed asks extensions for an "about" URL that documents them.
      about: model.extensionDocs,
      updated: feedUpdated(model),
      history: model.paging.kind,
      ...(current ? { current_url: hrefOf(current, self) } : {}),
    },
    items: model.items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content_html: item.contentHtml,
      // The lead image, shown above the item and as its banner in lists (JSON Feed has no sizes for either).
      ...(item.image?.url ? { image: item.image.url, banner_image: item.image.url } : {}),
      date_published: item.published,
      date_modified: item.updated,
      authors: item.authors.map((name) => ({ name })),
      tags: [...new Set([item.section.name, ...item.tags.map((tag) => tag.name)])],
      language: item.language,
      _news: {
        section: item.section.name,
        ...(item.dateline ? { dateline: item.dateline } : {}),
        highlights: item.highlights,
        ...(item.image ? { image: item.image } : {}),
        ...(item.shortUrl ? { short_url: item.shortUrl } : {}),
        ...(item.corrections.length > 0 ? { corrections: item.corrections } : {}),
      },
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
