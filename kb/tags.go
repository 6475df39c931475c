package kb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"hotline/internal/db"
)

// TagCount is a tag and how many live articles carry it.
type TagCount struct {
	Tag      string
	Articles int
}

// Tags lists article tags by use; with a prefix, those starting with it
// (accent- and case-insensitive), for autocompletion.
func (s *Store) Tags(ctx context.Context, prefix string, limit int) ([]TagCount, error) {
	if limit <= 0 {
		limit = 1000
	}
	q := `SELECT t.tag, count(*) FROM article_tags t JOIN articles a ON a.id = t.article_id AND a.archived = 0`
	var args []any
	if p := foldTag(prefix); p != "" {
		q += ` WHERE t.tag >= ? AND t.tag < ?`
		args = append(args, p, p+"\U0010FFFF")
	}
	q += ` GROUP BY t.tag ORDER BY count(*) DESC, t.tag LIMIT ?`
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list article tags: %w", err)
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var tc TagCount
		if err := rows.Scan(&tc.Tag, &tc.Articles); err != nil {
			return nil, err
		}
		out = append(out, tc)
	}
	return out, rows.Err()
}

// RetagArticles replaces tag from by tag into on every article that has it
// (a rename, or a merge when into is already used) and returns how many
// articles changed. A later re-import of a changed file brings back the
// tags its front matter names.
func (s *Store) RetagArticles(ctx context.Context, from, into string) (int, error) {
	clean, err := cleanTags([]string{into})
	if err != nil || len(clean) != 1 {
		return 0, fmt.Errorf("retag articles: %q is not a valid tag", into)
	}
	n := 0
	err = db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		var err error
		n, err = s.RetagArticlesTx(ctx, tx, from, clean[0])
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("retag articles %s → %s: %w", from, into, err)
	}
	return n, nil
}

// RetagArticlesTx is RetagArticles inside the caller's transaction (the
// application layer retags tickets and articles at once).
func (s *Store) RetagArticlesTx(ctx context.Context, tx *sql.Tx, from, into string) (int, error) {
	clean, err := cleanTags([]string{into})
	if err != nil || len(clean) != 1 {
		return 0, fmt.Errorf("retag articles: %q is not a valid tag", into)
	}
	into = clean[0]
	fromKey := foldTag(from)
	n := 0
	err = func() error {
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.tags FROM article_tags t JOIN articles a ON a.id = t.article_id WHERE t.tag = ?`, fromKey)
		if err != nil {
			return err
		}
		type art struct {
			id   int64
			tags []string
		}
		var list []art
		for rows.Next() {
			var a art
			var tags string
			if err := rows.Scan(&a.id, &tags); err != nil {
				rows.Close()
				return err
			}
			a.tags = splitTags(tags)
			list = append(list, a)
		}
		rows.Close()
		now := s.now().UTC().Unix()
		for _, a := range list {
			var tags []string
			for _, t := range a.tags {
				if foldTag(t) == fromKey {
					t = into
				}
				if !slices.ContainsFunc(tags, func(x string) bool { return foldTag(x) == foldTag(t) }) {
					tags = append(tags, t)
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET tags = ?, updated_at = ? WHERE id = ?`, strings.Join(tags, " "), now, a.id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM article_tags WHERE article_id = ?`, a.id); err != nil {
				return err
			}
			for _, t := range tags {
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO article_tags(tag, article_id) VALUES (?, ?)`, foldTag(t), a.id); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	}()
	return n, err
}
