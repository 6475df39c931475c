-- Private status links given to agents, and API keys given to other
-- systems. Only SHA-256 hashes are stored: a copy of the database gives no
-- way into the portal or the API.
CREATE TABLE status_tokens (
	token_hash BLOB    PRIMARY KEY,
	ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX status_tokens_ticket ON status_tokens(ticket_id);

CREATE TABLE api_keys (
	id           INTEGER PRIMARY KEY,
	name         TEXT    NOT NULL,
	key_hash     BLOB    NOT NULL UNIQUE,
	prefix       TEXT    NOT NULL,      -- the first characters, to recognise a key in a list
	created_by   TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	revoked_at   INTEGER,
	last_used_at INTEGER
);
CREATE UNIQUE INDEX api_keys_active_name ON api_keys(name) WHERE revoked_at IS NULL;
