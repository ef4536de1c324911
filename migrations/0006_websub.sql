-- WebSub: articles scheduled for later, whose feeds the hubs must be told about when they come due.
-- A publish writes a row for each article it publishes with a publication time still to come (and
-- drops the rows of the articles it edits or removes), in the statement batch that switches readers
-- to it; the worker's scheduled handler (every minute) claims the rows that are due, checks that the
-- article is still published with that time, pings the hubs, and deletes the row. A row stays until
-- its ping is sent, so a missed run is caught up by the next one.
CREATE TABLE websub_due (
  slug TEXT PRIMARY KEY,
  -- The article's publication time (UTC ISO, as articles.published): when its feeds change.
  due TEXT NOT NULL,
  -- Runs that failed to tell every hub; the handler gives up after a limit (src/websub/due-pings.ts).
  attempts INTEGER NOT NULL DEFAULT 0,
  -- The hubs still to tell, as a JSON array, after a run told only some; NULL: every configured hub.
  hubs TEXT,
  -- The run holding the row, and until when (UTC ISO): a run that stops half-way loses its claim then.
  claim TEXT,
  claimed_until TEXT
);
CREATE INDEX websub_due_by_time ON websub_due (due);

-- Articles already scheduled when this migration is applied get their row.
INSERT INTO websub_due (slug, due)
SELECT a.slug, a.published
FROM articles a JOIN publication p ON a.gen_from <= p.generation AND (a.gen_to IS NULL OR a.gen_to > p.generation)
WHERE a.published > strftime('%Y-%m-%dT%H:%M:%SZ', 'now');
