package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// In returns "(?,?,…)" with one placeholder per id and the ids as
// arguments, for `WHERE x IN (…)` over a batch of ids (callers keep
// batches to a few hundred).
func In(ids []int64) (string, []any) {
	if len(ids) == 0 {
		return "(NULL)", nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")", args
}

// InStrings is In for text values.
func InStrings(values []string) (string, []any) {
	if len(values) == 0 {
		return "(NULL)", nil
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?,", len(values)), ",") + ")", args
}

// SecureDeleteTx runs fn inside tx with SQLite's secure_delete on for the
// transaction's connection: what is deleted or overwritten is zeroed in
// the file instead of left in free space (erasing personal data). The
// setting goes back off after fn, whatever fn returned.
func SecureDeleteTx(ctx context.Context, tx *sql.Tx, fn func() error) error {
	if _, err := tx.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return fmt.Errorf("secure delete: %w", err)
	}
	err := fn()
	if _, offErr := tx.ExecContext(ctx, `PRAGMA secure_delete = OFF`); err == nil && offErr != nil {
		err = fmt.Errorf("secure delete: %w", offErr)
	}
	return err
}

// Checkpoint copies the write-ahead log into the database file and empties
// it, so that pages rewritten by the last transactions replace their old
// versions in the file. Best effort: a reader in progress keeps the log,
// and the next automatic checkpoint finishes the work.
func Checkpoint(ctx context.Context, q Querier) {
	_, _ = q.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
}
