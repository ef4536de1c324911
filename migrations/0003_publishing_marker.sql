-- A publish records the generation it is about to write before it writes any row, and clears the
-- record when it switches readers to that generation. A publish that finds the record ahead of the
-- current generation knows an interrupted one left rows behind, without scanning every table.
CREATE TABLE publishing (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
-- Whatever a publish interrupted before this migration left behind is looked for once.
INSERT INTO publishing (id, generation) SELECT 1, generation + 1 FROM publication;

-- Retired rows are few: these indexes find them for garbage collection without a table scan.
CREATE INDEX articles_retired ON articles (gen_to) WHERE gen_to IS NOT NULL;
CREATE INDEX memberships_retired ON memberships (gen_to) WHERE gen_to IS NOT NULL;
CREATE INDEX feed_counts_retired ON feed_counts (gen_to) WHERE gen_to IS NOT NULL;
CREATE INDEX former_slugs_retired ON former_slugs (gen_to) WHERE gen_to IS NOT NULL;
CREATE INDEX removed_retired ON removed (gen_to) WHERE gen_to IS NOT NULL;
-- Whether any article row still uses a body.
CREATE INDEX articles_by_body ON articles (body_hash);
