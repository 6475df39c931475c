package kb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"hotline/internal/db"
)

// Author is who wrote the article in Hotline: "" for an imported article
// or one written before authors were recorded.
func (s *Store) Author(ctx context.Context, id int64) (string, error) {
	var login string
	err := s.db.QueryRowContext(ctx, `SELECT login FROM article_authors WHERE article_id = ?`, id).Scan(&login)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the author of article %d: %w", id, err)
	}
	return login, nil
}

// Delete removes an article created by mistake: its row, tags, transcript,
// key, learned words and search entries. also runs in the same
// transaction before the article goes (the tickets' links, in app), so
// the whole deletion is kept or none of it. An article from a file comes
// back at the next import of its folder unless the file is removed.
func (s *Store) Delete(ctx context.Context, id int64, also func(tx *sql.Tx, a *Article) error) error {
	a, err := s.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	}
	err = db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if also != nil {
			if err := also(tx, a); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM learned_fts WHERE rowid = ?`, id); err != nil {
			return err
		}
		// Deleted one by one rather than by the cascade, so the
		// transcript's search trigger runs for each cue.
		if _, err := tx.ExecContext(ctx, `DELETE FROM segments WHERE article_id = ?`, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	s.changed()
	if err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	}
	return nil
}
