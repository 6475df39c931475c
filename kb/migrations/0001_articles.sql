-- Knowledge base: articles (tutorials and videos), video transcripts, their
-- full-text indexes and the searches that found nothing.
-- Times are Unix seconds (UTC), durations milliseconds.
CREATE TABLE articles (
	id          INTEGER PRIMARY KEY,
	kind        TEXT    NOT NULL CHECK (kind IN ('tutorial','video')),
	title       TEXT    NOT NULL,
	url         TEXT    NOT NULL DEFAULT '',
	duration_ms INTEGER NOT NULL DEFAULT 0,
	tags        TEXT    NOT NULL DEFAULT '',  -- space-separated copy of article_tags, indexed and shown without a join
	lang        TEXT    NOT NULL DEFAULT 'fr',
	verified    TEXT,                         -- YYYY-MM-DD
	source      TEXT    UNIQUE,               -- path relative to the imported folder; NULL when added by hand
	origin      TEXT,                         -- the folder it was last imported from, so that importing another folder does not call it missing
	hash        TEXT    NOT NULL DEFAULT '',  -- of the source files, to skip unchanged ones on re-import
	archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0,1)),
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	-- Last, so that reading the other columns of a result never walks the
	-- overflow pages of a long body.
	body        TEXT    NOT NULL DEFAULT ''
);
-- Keyset listing: "kind = ? AND id > ?" is a seek plus a scan.
CREATE INDEX articles_kind ON articles(kind, id);

CREATE TABLE article_tags (
	tag        TEXT    NOT NULL,  -- folded (lower case, no accents) so that filters ignore case
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	PRIMARY KEY (tag, article_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_article ON article_tags(article_id);

-- One cue of a video transcript.
CREATE TABLE segments (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	start_ms   INTEGER NOT NULL,
	end_ms     INTEGER NOT NULL,
	text       TEXT    NOT NULL
);
CREATE INDEX segments_article ON segments(article_id, start_ms);

-- External-content indexes: the text lives once, in articles and segments,
-- and snippet() reads it from there. Triggers keep them in step in the
-- same transaction as the row, so search never disagrees with the data.
-- Archived articles leave the index (they must not be found) and come back
-- if their file reappears.
CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, tags, body,
	content = 'articles', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles WHEN new.archived = 0 BEGIN
	INSERT INTO articles_fts(rowid, title, tags, body) VALUES (new.id, new.title, new.tags, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles WHEN old.archived = 0 BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, tags, body) VALUES ('delete', old.id, old.title, old.tags, old.body);
END;
-- One trigger for both steps of an update: SQLite runs the triggers of an
-- event newest first, and the old row must leave the index before the new
-- one enters (else the 'delete' drops the new row's size record and bm25
-- reports the index as corrupt).
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, tags, body, archived ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, tags, body)
		SELECT 'delete', old.id, old.title, old.tags, old.body WHERE old.archived = 0;
	INSERT INTO articles_fts(rowid, title, tags, body)
		SELECT new.id, new.title, new.tags, new.body WHERE new.archived = 0;
END;

-- Transcripts are searched for words, never phrases, and have one column:
-- detail=column keeps which articles hold a word but not where, a much
-- smaller index that is faster to write and to read.
CREATE VIRTUAL TABLE segments_fts USING fts5(
	text,
	content = 'segments', content_rowid = 'id', detail = column,
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
	INSERT INTO segments_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
	INSERT INTO segments_fts(segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- The vocabularies of both indexes, read to correct typos: always in step
-- with the indexes, at no cost on import.
CREATE VIRTUAL TABLE articles_vocab USING fts5vocab(articles_fts, 'row');
CREATE VIRTUAL TABLE segments_vocab USING fts5vocab(segments_fts, 'row');

-- Searches that found nothing, for the reports: what agents look for that
-- the knowledge base lacks.
CREATE TABLE kb_search_misses (
	id     INTEGER PRIMARY KEY,
	query  TEXT    NOT NULL,
	folded TEXT    NOT NULL,  -- grouping key: case, accents and spacing ignored
	at     INTEGER NOT NULL
);
CREATE INDEX kb_search_misses_at ON kb_search_misses(at);

-- Every distinct folded word of the articles and transcripts, to correct
-- typos ("imprimente" → "imprimante") by looking up words of similar
-- spelling. Words are added on import and never removed: a stale word only
-- costs a query that finds nothing.
CREATE TABLE kb_vocab (
	term TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Per column, to tell how many articles hold a word in their title or
-- tags before asking for them.
CREATE VIRTUAL TABLE articles_vocab_col USING fts5vocab(articles_fts, 'col');
