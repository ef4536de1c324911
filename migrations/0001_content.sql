-- Articles and their indexes, versioned by publish generation so that a publish is all-or-nothing
-- for readers: rows a publish adds carry gen_from = its generation, rows it retires get gen_to =
-- its generation, and readers see generation g as the rows with gen_from <= g < gen_to (gen_to NULL
-- = still current). The publication row switches to the new generation last, in one statement;
-- until then readers keep the previous generation, however far the publish got.

CREATE TABLE publication (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL,
  version TEXT NOT NULL,
  published_at TEXT NOT NULL
);

-- Bodies by content hash: an unchanged body is never written twice.
CREATE TABLE bodies (
  hash TEXT PRIMARY KEY,
  html TEXT NOT NULL
);

CREATE TABLE articles (
  slug TEXT NOT NULL,
  gen_from INTEGER NOT NULL,
  gen_to INTEGER,
  id TEXT NOT NULL,
  published TEXT NOT NULL,
  updated TEXT NOT NULL,
  short_code TEXT NOT NULL,
  -- Hash of everything published about the article: a publish rewrites the row only when it changes.
  hash TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  -- The article's metadata as JSON (ArticleMeta).
  meta TEXT NOT NULL,
  PRIMARY KEY (slug, gen_from)
);
CREATE INDEX articles_by_time ON articles (published, id);
CREATE INDEX articles_by_code ON articles (short_code);

-- One row per article and family it is filed under (section, tag, author), with the spelling it uses.
CREATE TABLE memberships (
  kind TEXT NOT NULL,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  article TEXT NOT NULL,
  published TEXT NOT NULL,
  id TEXT NOT NULL,
  updated TEXT NOT NULL,
  gen_from INTEGER NOT NULL,
  gen_to INTEGER,
  PRIMARY KEY (kind, slug, article, gen_from)
);
CREATE INDEX memberships_by_time ON memberships (kind, slug, published, id);
CREATE INDEX memberships_by_article ON memberships (article);

-- How many articles each feed holds in a generation (kind 'site' with slug '' for the site feed),
-- so that counting a feed reads one row, not the feed.
CREATE TABLE feed_counts (
  kind TEXT NOT NULL,
  slug TEXT NOT NULL,
  count INTEGER NOT NULL,
  gen_from INTEGER NOT NULL,
  gen_to INTEGER,
  PRIMARY KEY (kind, slug, gen_from)
);

CREATE TABLE former_slugs (
  former TEXT NOT NULL,
  slug TEXT NOT NULL,
  gen_from INTEGER NOT NULL,
  gen_to INTEGER,
  PRIMARY KEY (former, gen_from)
);
CREATE INDEX former_slugs_by_slug ON former_slugs (slug);

-- Articles whose file was removed: their addresses answer 410 Gone.
CREATE TABLE removed (
  slug TEXT NOT NULL,
  gen_from INTEGER NOT NULL,
  gen_to INTEGER,
  PRIMARY KEY (slug, gen_from)
);
