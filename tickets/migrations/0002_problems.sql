-- Problems (ITIL): one recurring issue behind several incidents, with its
-- root cause, its workaround and the article that explains it.
CREATE TABLE problems (
	id          INTEGER PRIMARY KEY,
	title       TEXT    NOT NULL,
	root_cause  TEXT    NOT NULL DEFAULT '',
	workaround  TEXT    NOT NULL DEFAULT '',
	status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','known','solved','closed')),
	article_id  INTEGER,             -- knowledge-base article with the workaround
	created_by  TEXT    NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	solved_at   INTEGER,
	version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX problems_status ON problems(status, id);

CREATE TABLE problem_tickets (
	problem_id INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
	ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	linked_by  TEXT    NOT NULL,
	linked_at  INTEGER NOT NULL,
	PRIMARY KEY (problem_id, ticket_id)
) WITHOUT ROWID;
CREATE INDEX problem_tickets_ticket ON problem_tickets(ticket_id, problem_id);

-- Reports count solved tickets and the backlog by time ranges, and read a
-- period's tickets from one covering index, never from the table: every
-- figure of the report is then an index-only range scan.
CREATE INDEX tickets_solved ON tickets(solved_at) WHERE solved_at IS NOT NULL;
CREATE INDEX tickets_report ON tickets(created_at, category, requester_service, connection,
	status, is_open, due_at, first_response_at, solved_at);

-- How many tickets hold each word: the rarity that weighs similar tickets.
CREATE VIRTUAL TABLE tickets_vocab USING fts5vocab(tickets_fts, 'row');

-- Reports count the articles sent in a period.
CREATE INDEX ticket_articles_linked ON ticket_articles(linked_at, article_id);

-- Recurring issues count tags by week: each tag row carries its ticket's
-- creation time (set once, like the ticket's), so that counting the tags of
-- a period reads one index and never the tickets.
ALTER TABLE ticket_tags ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
UPDATE ticket_tags SET created_at = (SELECT t.created_at FROM tickets t WHERE t.id = ticket_tags.ticket_id);
CREATE INDEX ticket_tags_created ON ticket_tags(created_at, tag);
CREATE INDEX ticket_tags_tag_created ON ticket_tags(tag, created_at);
