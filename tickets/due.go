package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hotline/internal/db"
)

// dueBatch is how many tickets RecomputeDue reads per query.
const dueBatch = 2000

// DueClock is the clock the stored due times were counted with, "" when
// they are still to be recomputed (after migration 0009 or a reset).
func (s *Store) DueClock(ctx context.Context) (string, error) {
	var clock string
	err := s.db.QueryRowContext(ctx, `SELECT clock FROM sla_clock WHERE id = 1`).Scan(&clock)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return clock, err
}

// RecomputeDue recounts every ticket's due time with the store's SLA and
// clock, in one transaction (read in keyset batches): all or nothing. Unless
// force is set it does nothing when the due times were already counted
// (DueClock is not ""), so opening a database costs one small read. It
// returns how many due times changed. Versions, history and update times
// are left alone: a due time is derived, not a person's change.
//
// Pending time accumulated before the first recompute was counted in
// calendar seconds; it is kept as it is (it can only give more time).
func (s *Store) RecomputeDue(ctx context.Context, force bool) (int, error) {
	if !force {
		clock, err := s.DueClock(ctx)
		if err != nil || clock != "" {
			return 0, err
		}
	}
	changed := 0
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if !force {
			var clock string
			err := tx.QueryRowContext(ctx, `SELECT clock FROM sla_clock WHERE id = 1`).Scan(&clock)
			if err == nil && clock != "" {
				return nil // another program recomputed meanwhile
			}
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		upd, err := tx.PrepareContext(ctx, `UPDATE tickets SET due_at = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer upd.Close()
		type row struct {
			id, created, pending, due int64
			prio                      int
		}
		batch := make([]row, 0, dueBatch)
		for last := int64(0); ; {
			rows, err := tx.QueryContext(ctx, `SELECT id, created_at, priority, pending_seconds, due_at FROM tickets WHERE id > ? ORDER BY id LIMIT ?`, last, dueBatch)
			if err != nil {
				return err
			}
			batch = batch[:0]
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.created, &r.prio, &r.pending, &r.due); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, r)
			}
			if err := rows.Close(); err != nil {
				return err
			}
			if len(batch) == 0 {
				break
			}
			for _, r := range batch {
				due := s.sla.dueAt(s.clock, time.Unix(r.created, 0).UTC(), r.prio, r.pending).Unix()
				if due == r.due {
					continue
				}
				if _, err := upd.ExecContext(ctx, due, r.id); err != nil {
					return err
				}
				changed++
			}
			last = batch[len(batch)-1].id
		}
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO sla_clock(id, clock, recomputed_at) VALUES (1, ?, ?)`, s.clock.String(), s.now().Unix())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("recompute due times: %w", err)
	}
	return changed, nil
}
