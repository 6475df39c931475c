-- Who wrote an article in Hotline (`kb add`, a tutorial drafted from a
-- ticket), so that its author may delete it when it was made by mistake.
-- Imported articles, and those written before this table, have no row:
-- only an admin deletes them. A table of its own, as article_meta, keeps
-- the articles' rows as they are.
CREATE TABLE article_authors (
	article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	login      TEXT    NOT NULL
);
