-- Retractions. A retracted article keeps its rows, so that it keeps its place in the order of every
-- feed it was in (full RFC 5005 archive pages never shift) and its addresses answer 410 Gone with a
-- notice: `retracted` is its retraction's date (NULL while it is published), its `meta` holds only
-- what is kept of it (headline, id, time, families, slugs; no text), and it has no body. An article
-- whose file is removed once published is retracted the same way, with no reason.
ALTER TABLE articles ADD COLUMN retracted TEXT;
ALTER TABLE memberships ADD COLUMN retracted TEXT;
-- Retracted articles a feed holds a place for, beside `count`, its articles.
ALTER TABLE feed_counts ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0;

-- Every list of articles leaves retracted ones out: with `retracted` at the end of the time-ordered
-- indexes, the queries that read these indexes alone (sitemaps, archive offsets) still do.
DROP INDEX articles_by_time;
CREATE INDEX articles_by_time ON articles (published DESC, id ASC, gen_from, gen_to, slug, updated, retracted);
DROP INDEX memberships_by_time;
CREATE INDEX memberships_by_time ON memberships (kind, slug, published DESC, id ASC, gen_from, gen_to, updated, retracted);

-- Retracted rows are few: feeds find their tombstones, and the schedule their expiries, here.
CREATE INDEX articles_retracted ON articles (retracted) WHERE retracted IS NOT NULL;
CREATE INDEX memberships_retracted ON memberships (kind, slug, retracted) WHERE retracted IS NOT NULL;
