-- Feeds list articles newest first (published DESC, id ASC) and archive pages from the oldest (the
-- reverse): an index in exactly that order serves both without sorting, and with the generation
-- columns in it, skipping older articles for an archive page (LIMIT … OFFSET …) reads the index
-- alone, never the rows.
DROP INDEX articles_by_time;
CREATE INDEX articles_by_time ON articles (published DESC, id ASC, gen_from, gen_to);
DROP INDEX memberships_by_time;
CREATE INDEX memberships_by_time ON memberships (kind, slug, published DESC, id ASC, gen_from, gen_to);
