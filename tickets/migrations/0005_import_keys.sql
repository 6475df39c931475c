-- Import keys: a hash of each imported row's content, written in the same
-- savepoint as the ticket, so that running an import again (after an
-- interruption, or after fixing its bad rows) adds only what is missing.
-- No foreign key: the key outlives nothing but its ticket, and tickets are
-- never deleted.
CREATE TABLE ticket_import_keys (
	key       BLOB    PRIMARY KEY,
	ticket_id INTEGER NOT NULL
) WITHOUT ROWID;
