-- A large import into an empty base drops the tickets' secondary indexes
-- that no query names, and builds them again at its end: a million rows
-- then cost one sort per index instead of a million descents into each.
-- This table keeps their definitions meanwhile, so that an import killed
-- half-way leaves what is needed to build them again: the next import of
-- the file does it at its end, or the next start once no import has
-- renewed the rows for a while.
CREATE TABLE ticket_deferred_indexes (
	name       TEXT PRIMARY KEY,
	sql        TEXT NOT NULL,
	renewed_at INTEGER NOT NULL
);
