-- Who has which ticket open, shared between the processes on the database
-- (`hotline serve` and its SSH sessions, a local `hotline`, a second
-- server). Each process rewrites its own rows on every change and renews
-- them every few seconds; a row whose process stopped renewing it (a crash,
-- a dropped machine) is ignored once expires_at has passed and removed by
-- the next process that writes. Presence warns, it never locks anything.
CREATE TABLE presence (
	process    TEXT    NOT NULL,  -- random id of the process
	session    INTEGER NOT NULL,  -- the interface within the process
	login      TEXT    NOT NULL,
	name       TEXT    NOT NULL,
	ticket_id  INTEGER NOT NULL,
	writing    INTEGER NOT NULL DEFAULT 0,  -- an answer is being typed
	since      INTEGER NOT NULL,  -- Unix milliseconds: the ticket opened
	expires_at INTEGER NOT NULL,  -- Unix milliseconds
	PRIMARY KEY (process, session)
) WITHOUT ROWID;
