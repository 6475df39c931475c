-- The technicians directory: who may be assigned tickets, their display
-- name (it signs messages to agents), their role and the public keys they
-- connect over SSH with.
CREATE TABLE technicians (
	login      TEXT    NOT NULL PRIMARY KEY,
	name       TEXT    NOT NULL DEFAULT '',
	role       TEXT    NOT NULL DEFAULT 'technician' CHECK (role IN ('admin','technician','observer')),
	language   TEXT    NOT NULL DEFAULT '' CHECK (language IN ('','fr','en')),
	disabled   INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
	created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per authorised public key; the fingerprint (SHA256:…) is what a
-- connection is looked up by.
CREATE TABLE technician_keys (
	fingerprint TEXT    NOT NULL PRIMARY KEY,
	login       TEXT    NOT NULL REFERENCES technicians(login) ON DELETE CASCADE,
	public_key  TEXT    NOT NULL,
	comment     TEXT    NOT NULL DEFAULT '',
	added_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX technician_keys_login ON technician_keys(login);

-- Upgrade: whoever tickets are already assigned to becomes a technician,
-- named by the login until someone gives the full name.
INSERT OR IGNORE INTO technicians(login, name, created_at)
	SELECT DISTINCT assignee, assignee, CAST(strftime('%s','now') AS INTEGER)
	FROM tickets WHERE assignee != '';
