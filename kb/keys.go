package kb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"hotline/internal/db"
)

// TitleKeyPrefix starts the export key of an article written in Hotline,
// which has no file hence no collection/path key: "title:" and its title.
const TitleKeyPrefix = "title:"

// KeyRef is an article's stable key and its title.
type KeyRef struct{ Key, Title string }

// KeysByID gives the export key of each article (Article.Key, or
// TitleKeyPrefix and the title for an article written in Hotline), for a
// ticket export that must not name articles by their row ids. Ids that do
// not exist are absent.
func (s *Store) KeysByID(ctx context.Context, ids []int64) (map[int64]KeyRef, error) {
	list, _ := json.Marshal(ids)
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.title, COALESCE(m.collection, ''), m.path
		FROM articles a LEFT JOIN article_meta m ON m.article_id = a.id
		WHERE a.id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("article keys: %w", err)
	}
	defer rows.Close()
	out := map[int64]KeyRef{}
	for rows.Next() {
		var id int64
		var title, coll string
		var path sql.NullString
		if err := rows.Scan(&id, &title, &coll, &path); err != nil {
			return nil, fmt.Errorf("article keys: %w", err)
		}
		key := TitleKeyPrefix + title
		if path.Valid && path.String != "" {
			key = coll + "/" + path.String
		}
		out[id] = KeyRef{Key: key, Title: title}
	}
	return out, rows.Err()
}

// IDsByKey finds articles by the keys KeysByID gives, on q (the caller's
// transaction, or the database). Keys not found are absent; an article
// written in Hotline is found by its exact title (the oldest if several).
func (s *Store) IDsByKey(ctx context.Context, q db.Querier, keys []string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, key := range keys {
		if _, done := out[key]; done {
			continue
		}
		var id int64
		var err error
		if title, ok := strings.CutPrefix(key, TitleKeyPrefix); ok {
			err = q.QueryRowContext(ctx, `SELECT a.id FROM articles a LEFT JOIN article_meta m ON m.article_id = a.id
				WHERE a.title = ? AND m.path IS NULL ORDER BY a.id LIMIT 1`, title).Scan(&id)
		} else {
			coll, p, _ := strings.Cut(key, "/")
			err = q.QueryRowContext(ctx, `SELECT article_id FROM article_meta WHERE collection = ? AND path = ?`, coll, p).Scan(&id)
		}
		switch {
		case err == nil:
			out[key] = id
		case err != sql.ErrNoRows:
			return nil, fmt.Errorf("find article %q: %w", key, err)
		}
	}
	return out, nil
}
