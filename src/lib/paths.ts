/** The site's URL scheme, in one place so that pages, feeds and redirects agree. */
export function articlePath(slug: string): string {
  return `/articles/${slug}`;
}
