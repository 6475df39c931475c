-- Tickets, their follow-ups, their history and their links to articles.
-- Times are Unix seconds (UTC): cheap to compare and to index.
CREATE TABLE tickets (
	id                INTEGER PRIMARY KEY,
	title             TEXT    NOT NULL,
	description       TEXT    NOT NULL DEFAULT '',
	status            TEXT    NOT NULL CHECK (status IN ('new','assigned','planned','pending','solved','closed')),
	is_open           INTEGER NOT NULL GENERATED ALWAYS AS (status NOT IN ('solved','closed')) STORED,
	urgency           INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 5),
	impact            INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
	priority          INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 6),
	-- The queue's order as one ascending key: highest priority first.
	queue_rank        INTEGER NOT NULL GENERATED ALWAYS AS (-priority) VIRTUAL,
	major             INTEGER NOT NULL DEFAULT 0 CHECK (major IN (0,1)),
	category          TEXT    NOT NULL,
	requester_name    TEXT    NOT NULL DEFAULT '',
	requester_service TEXT    NOT NULL DEFAULT '',
	requester_email   TEXT    NOT NULL DEFAULT '',
	requester_phone   TEXT    NOT NULL DEFAULT '',
	connection        TEXT    NOT NULL DEFAULT 'unknown' CHECK (connection IN ('home','4g','vpn','office','unknown')),
	device            TEXT    NOT NULL DEFAULT '',
	assignee          TEXT    NOT NULL DEFAULT '',
	tags              TEXT    NOT NULL DEFAULT '',  -- space-separated copy of ticket_tags, for display without a join
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	first_response_at INTEGER,
	solved_at         INTEGER,
	closed_at         INTEGER,
	pending_since     INTEGER,
	pending_seconds   INTEGER NOT NULL DEFAULT 0,
	due_at            INTEGER NOT NULL,
	version           INTEGER NOT NULL DEFAULT 1
);

-- One index per queue order, each led by the column the view filters on, so
-- a page is a seek plus a short scan whatever its depth. queue_rank gives
-- "priority descending, then oldest first" as one ascending row value that
-- SQLite can seek to (it cannot seek on an expression like -priority).
CREATE INDEX tickets_open_queue   ON tickets(is_open, queue_rank, created_at, id);
CREATE INDEX tickets_all_queue    ON tickets(queue_rank, created_at, id);
CREATE INDEX tickets_status_queue ON tickets(status, queue_rank, created_at, id);
CREATE INDEX tickets_assignee_queue ON tickets(assignee, is_open, queue_rank, created_at, id);
CREATE INDEX tickets_category_queue ON tickets(category, is_open, queue_rank, created_at, id);
CREATE INDEX tickets_created ON tickets(created_at, id);
CREATE INDEX tickets_updated ON tickets(updated_at, id);
CREATE INDEX tickets_open_due ON tickets(is_open, due_at);

CREATE TABLE ticket_tags (
	ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	tag       TEXT    NOT NULL,
	PRIMARY KEY (tag, ticket_id)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_ticket ON ticket_tags(ticket_id);

CREATE TABLE followups (
	id        INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	author    TEXT    NOT NULL,
	body      TEXT    NOT NULL,
	private   INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0,1)),
	created_at INTEGER NOT NULL
);
CREATE INDEX followups_ticket ON followups(ticket_id, created_at, id);

-- Append-only: rows are inserted, never updated or deleted.
CREATE TABLE ticket_history (
	id        INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	at        INTEGER NOT NULL,
	actor     TEXT    NOT NULL,
	field     TEXT    NOT NULL,
	old_value TEXT    NOT NULL DEFAULT '',
	new_value TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX ticket_history_ticket ON ticket_history(ticket_id, at, id);
CREATE TRIGGER ticket_history_append_only_update BEFORE UPDATE ON ticket_history
BEGIN SELECT RAISE(ABORT, 'ticket history is append-only'); END;

-- Articles are the knowledge base's; the id is not a foreign key so that the
-- tickets schema stands on its own (articles are archived, never deleted).
CREATE TABLE ticket_articles (
	ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	article_id INTEGER NOT NULL,
	linked_by  TEXT    NOT NULL,
	linked_at  INTEGER NOT NULL,
	PRIMARY KEY (ticket_id, article_id)
) WITHOUT ROWID;
CREATE INDEX ticket_articles_article ON ticket_articles(article_id, ticket_id);

-- Full-text index of each ticket, kept in step by the store in the same
-- transaction as the ticket. Contentless: the text lives in tickets.
CREATE VIRTUAL TABLE tickets_fts USING fts5(
	title, description, tags, followups, requester,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
