-- Articles belong to a collection (the team's own tutorials, a vendor
-- corpus, drafts written in Hotline), and their key is the collection and
-- the file's path inside it: two folders that both hold a README.md are two
-- articles, not one overwritten on every import.
--
-- The key lives in a table of its own rather than in new columns of
-- articles: SQLite adds columns at the end of the row, after the body, and
-- reading them would walk the body's overflow pages for every search hit.
-- Article ids are kept, so tickets stay linked to the same articles.
CREATE TABLE article_meta (
	article_id  INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	collection  TEXT    NOT NULL,
	path        TEXT,               -- relative to the imported folder; NULL for an article written in Hotline
	reviewed_at INTEGER,            -- last time someone checked it (verified, or edited in the interface)
	links       INTEGER NOT NULL DEFAULT 0  -- tickets solved with it (see article_learned)
);
CREATE UNIQUE INDEX article_meta_key ON article_meta(collection, path) WHERE path IS NOT NULL;
CREATE INDEX article_meta_collection ON article_meta(collection, article_id);

-- Until now the key was the path alone (articles.source, UNIQUE). The
-- column keeps its place (dropping a UNIQUE column means rebuilding the
-- table, whose foreign keys would cascade) under a name saying it is
-- retired, and is emptied.
ALTER TABLE articles RENAME COLUMN source TO source_v1;

-- An imported article's collection is the name of the folder it was last
-- imported from (origin is an absolute path, or "fs:ROOT" for the demo's
-- embedded files); articles written in Hotline go to "hotline".
INSERT INTO article_meta(article_id, collection, path, reviewed_at)
SELECT id,
	CASE
		WHEN source_v1 IS NULL THEN 'hotline'
		WHEN origin IS NULL OR origin = '' OR origin LIKE 'fs:%' THEN 'demo'
		ELSE coalesce(nullif(substr(origin, length(rtrim(origin, replace(origin, '/', ''))) + 1), ''), 'kb')
	END,
	source_v1,
	CASE WHEN verified IS NOT NULL THEN CAST(strftime('%s', verified) AS INTEGER) END
FROM articles;
UPDATE articles SET source_v1 = NULL;

-- Words of the tickets solved with an article (see Store.LearnLink): one
-- row per ticket, so that removing a link removes exactly its words.
CREATE TABLE article_learned (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	ticket_id  INTEGER NOT NULL,
	words      TEXT    NOT NULL,  -- folded meaningful words of the ticket's title and description
	linked_at  INTEGER NOT NULL,
	PRIMARY KEY (article_id, ticket_id)
) WITHOUT ROWID;

-- One row per article: all the words its tickets taught, searched below
-- the article's own text.
CREATE VIRTUAL TABLE learned_fts USING fts5(
	words, detail = column,
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE learned_vocab USING fts5vocab(learned_fts, 'row');
