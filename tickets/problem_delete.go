package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"hotline/internal/db"
)

// ErrNotCreator is what refusing to delete someone else's problem unwraps
// to: only an admin or the problem's creator may delete it.
var ErrNotCreator = errors.New("only an admin or the creator may delete it")

// NotCreatorError says who created what the actor may not delete.
type NotCreatorError struct {
	What    string // "problem", "article"
	ID      int64
	Actor   string
	Creator string
}

func (e *NotCreatorError) Error() string {
	if e.Creator == "" {
		return fmt.Sprintf("%s %d has no recorded author (imported, or written before authors were kept): only an admin may delete it", e.What, e.ID)
	}
	return fmt.Sprintf("%s %d was created by %s: only an admin or %s may delete it", e.What, e.ID, e.Creator, e.Creator)
}

func (e *NotCreatorError) Unwrap() error { return ErrNotCreator }

// DeleteProblem deletes a problem created by mistake, in one transaction:
// its incidents lose the link, and each one's history says the problem was
// deleted ("problem deleted", the old value "ID title"); the tickets stay.
// Only an admin or the problem's creator may delete it. It returns how
// many tickets were linked.
func (s *Store) DeleteProblem(ctx context.Context, id int64, actor string) (int, error) {
	if err := s.allow(ctx, actor, PermWrite); err != nil {
		return 0, fmt.Errorf("delete problem %d: %w", id, err)
	}
	p, err := s.Problem(ctx, id)
	if err != nil {
		return 0, fmt.Errorf("delete problem %d: %w", id, err)
	}
	if actor != p.CreatedBy {
		// Checked before the transaction: the directory is read on the
		// store's own connection.
		if err := s.allow(ctx, actor, PermAdmin); err != nil {
			if errors.Is(err, ErrForbidden) {
				err = &NotCreatorError{What: "problem", ID: id, Actor: actor, Creator: p.CreatedBy}
			}
			return 0, fmt.Errorf("delete problem %d: %w", id, err)
		}
	}
	now := s.now().UTC().Truncate(time.Second)
	n := 0
	err = db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT ticket_id FROM problem_tickets WHERE problem_id = ? ORDER BY ticket_id`, id)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var t int64
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		what := strconv.FormatInt(id, 10) + " " + p.Title
		for _, t := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE tickets SET updated_at = ?, version = version + 1 WHERE id = ?`, now.Unix(), t); err != nil {
				return err
			}
			if err := addHistory(ctx, tx, t, now, actor, "problem deleted", what, ""); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM problem_tickets WHERE problem_id = ?`, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM problems WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return &ProblemNotFoundError{ID: id}
		}
		n = len(ids)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete problem %d: %w", id, err)
	}
	return n, nil
}
