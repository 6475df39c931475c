-- Files an agent attached to a ticket (screenshots, PDFs, text logs). The
-- metadata and the bytes live in two tables so that listing a ticket's
-- attachments never reads the bytes.
CREATE TABLE attachments (
	id           INTEGER PRIMARY KEY,
	ticket_id    INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	followup_id  INTEGER,               -- the reply it came with, if any
	name         TEXT    NOT NULL,
	content_type TEXT    NOT NULL CHECK (content_type IN ('image/png','image/jpeg','application/pdf','text/plain')),
	size         INTEGER NOT NULL CHECK (size > 0),
	sha256       TEXT    NOT NULL,
	added_by     TEXT    NOT NULL,
	channel      TEXT    NOT NULL,      -- portal, api, mail, phone, cli, import
	created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_ticket ON attachments(ticket_id, id);

CREATE TABLE attachment_data (
	attachment_id INTEGER PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE,
	data          BLOB    NOT NULL
);
