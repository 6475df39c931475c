-- What agents tell us back: the rating of a solved ticket (once), and the
-- tutorials that answered them before they filed anything.
CREATE TABLE ratings (
	ticket_id  INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
	score      INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
	comment    TEXT    NOT NULL DEFAULT '',
	-- Copied at rating time, so that reports read one table and a later
	-- reassignment does not move the rating.
	category   TEXT    NOT NULL,
	technician TEXT    NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX ratings_created ON ratings(created_at);

-- One row per "Ce tutoriel a résolu mon problème": no ticket, no person.
CREATE TABLE self_service (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL,
	channel    TEXT    NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX self_service_created ON self_service(created_at, article_id);
