-- Sitemaps read the slug and last update of every visible article (a sitemap page lists thousands;
-- the sitemap index needs the newest update of each page) and the newest update of every section,
-- tag and author. With those columns at the end of the time-ordered indexes, these queries read the
-- index alone, never the rows; the queries that used the indexes before use them as they did.
DROP INDEX articles_by_time;
CREATE INDEX articles_by_time ON articles (published DESC, id ASC, gen_from, gen_to, slug, updated);
DROP INDEX memberships_by_time;
CREATE INDEX memberships_by_time ON memberships (kind, slug, published DESC, id ASC, gen_from, gen_to, updated);
