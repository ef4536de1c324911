/** The site's URL scheme, in one place so that pages, feeds and redirects agree. */
export function articlePath(slug: string): string {
  return `/articles/${slug}`;
}

/** The short URL of an article: /s/<code>, redirecting to its page. */
export function shortPath(code: string): string {
  return `/s/${code}`;
}
