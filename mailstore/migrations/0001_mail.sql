-- The mail channel's own records.

-- Every mail read (direction 'in') or written ('out'), by its key: the
-- Message-ID, else a digest of the mail. Reading the same mail twice finds
-- it here and creates nothing; a reply naming in its References a mail
-- Hotline sent or read finds the ticket here.
CREATE TABLE mail_messages (
	key         TEXT    PRIMARY KEY,
	direction   TEXT    NOT NULL CHECK (direction IN ('in','out')),
	ticket_id   INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
	followup_id INTEGER,
	sender      TEXT    NOT NULL DEFAULT '',   -- lower-cased address, for the rate limit
	outcome     TEXT    NOT NULL,              -- created, reply, note, reopened, refiled, ignored-*, sent
	detail      TEXT    NOT NULL DEFAULT '',
	language    TEXT    NOT NULL DEFAULT '',       -- the writer's language (Content-Language), for the answers
	at          INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX mail_messages_sender ON mail_messages(sender, at) WHERE direction = 'in';
CREATE INDEX mail_messages_outcome ON mail_messages(at, outcome);
CREATE INDEX mail_messages_ticket ON mail_messages(ticket_id);

-- Mails to send. A row is rendered once (raw) and sent as is on every
-- attempt, so a retry sends the very same mail with the same Message-ID.
-- 'sending' is taken in a committed transaction before the SMTP
-- conversation: a process killed in between leaves it there, and it is
-- set aside as 'failed' (never sent again on its own: it may have gone).
CREATE TABLE mail_outbox (
	id              INTEGER PRIMARY KEY,
	ticket_id       INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	kind            TEXT    NOT NULL CHECK (kind IN ('created','followup','solved','problem')),
	followup_id     INTEGER,
	to_addr         TEXT    NOT NULL,
	to_name         TEXT    NOT NULL DEFAULT '',
	language        TEXT    NOT NULL DEFAULT 'fr',
	message_id      TEXT    NOT NULL UNIQUE,
	in_reply_to     TEXT    NOT NULL DEFAULT '',
	link_token      TEXT    NOT NULL DEFAULT '',  -- status link secret, cleared once rendered
	raw             BLOB,
	status          TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','sending','sent','failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	claimed_at      INTEGER,
	last_error      TEXT    NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	sent_at         INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
CREATE INDEX mail_outbox_ticket ON mail_outbox(ticket_id, followup_id);

-- Where the outbox feeder stands in the tickets' history (solved tickets).
CREATE TABLE mail_cursor (
	name  TEXT    PRIMARY KEY,
	value INTEGER NOT NULL
) WITHOUT ROWID;
