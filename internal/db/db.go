// Package db opens Hotline's SQLite database and applies the schema of
// every package that owns tables in it.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// BuildCommand is the command that builds a binary with everything Hotline
// needs from SQLite; errors about a missing feature quote it.
const BuildCommand = "go build -tags sqlite_fts5 -o hotline ."

// ErrNoFTS5 is returned by Open when the binary was built without FTS5.
var ErrNoFTS5 = errors.New("this hotline binary was built without SQLite FTS5 (full-text search); rebuild it with `" + BuildCommand + "`")

// Querier is what both *sql.DB and *sql.Tx offer, so that a store method can
// run on its own or inside a caller's transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is an open Hotline database.
type DB struct {
	*sql.DB
	Path string
	// ReadOnly is set (to ReadOnlyFile or ReadOnlyFolder) when the file
	// was opened read-only because Hotline may not write it.
	ReadOnly Problem
}

// Open opens (creating it and its folder if needed) the database at path,
// checks that SQLite has FTS5 and applies the migrations of every schema in
// order. Before changing anything it checks the file (see inspect): a
// folder, another program's SQLite file, a damaged file or a database
// written by a newer Hotline is refused untouched, as a *FileError. A file
// Hotline may not write is opened read-only when it needs no migration:
// reading commands work and writes fail with a *FileError saying why.
func Open(ctx context.Context, path string, schemas ...Schema) (*DB, error) {
	pf, err := inspect(ctx, path, schemas, false)
	if err != nil {
		return nil, err
	}
	if pf.readOnly != 0 && pf.pending {
		detail := "it needs upgrading to this version of hotline"
		if !pf.exists {
			detail = "it must be created"
		}
		return nil, &FileError{Path: path, Problem: pf.readOnly, Detail: detail}
	}
	sqldb, err := sql.Open("sqlite3", dsn(path, pf.readOnly != 0))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	d := &DB{DB: sqldb, Path: path, ReadOnly: pf.readOnly}
	if err := d.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open database %s: %w", path, Explain(path, err))
	}
	if err := checkFTS5(ctx, sqldb); err != nil {
		sqldb.Close()
		return nil, err
	}
	if pf.readOnly != 0 {
		return d, nil
	}
	if err := setWAL(ctx, sqldb); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open database %s: switch to WAL: %w", path, Explain(path, err))
	}
	if !pf.pending {
		// Up to date: no write lock taken, so opening never waits for a
		// writer (a read works while another program writes).
		return d, nil
	}
	if err := migrate(ctx, sqldb, schemas); err != nil {
		sqldb.Close()
		if fe := (*FileError)(nil); errors.As(err, &fe) {
			return nil, err
		}
		return nil, fmt.Errorf("open database %s: %w", path, Explain(path, err))
	}
	return d, nil
}

// setWAL switches the file to WAL (readers never wait for the writer); the
// mode is kept in the file, so later connections inherit it. Two processes
// switching a new file at once deadlock on their shared locks and SQLite
// answers one of them "busy" without waiting: retry for the busy timeout.
func setWAL(ctx context.Context, sqldb *sql.DB) error {
	deadline := time.Now().Add(time.Duration(BusyTimeout) * time.Millisecond)
	for {
		var mode string
		err := sqldb.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode)
		if err == nil {
			return nil
		}
		var se sqlite3.Error
		if !errors.As(err, &se) || se.Code != sqlite3.ErrBusy || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// BusyTimeout is how long a write waits for another writer's lock, in
// milliseconds, before failing with a Locked *FileError.
var BusyTimeout = 10000

// dsn sets the pragmas on every connection of the pool: foreign keys, a busy timeout so two technicians
// writing at once wait instead of failing, and BEGIN IMMEDIATE so that a
// write transaction takes the lock up front (a deferred one that upgrades
// late fails with "database is locked" without waiting). A read-only
// database is opened with mode=ro.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("_txlock", "immediate")
	}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", fmt.Sprint(BusyTimeout))
	q.Set("_synchronous", "NORMAL")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

func checkFTS5(ctx context.Context, q Querier) error {
	var used int
	if err := q.QueryRowContext(ctx, "SELECT sqlite_compileoption_used('ENABLE_FTS5')").Scan(&used); err != nil {
		return fmt.Errorf("check SQLite features: %w", err)
	}
	if used == 1 {
		return nil
	}
	// Some builds register FTS5 without the compile option; trust a real table.
	if _, err := q.ExecContext(ctx, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.hotline_fts5_probe USING fts5(x)"); err != nil {
		return ErrNoFTS5
	}
	_, _ = q.ExecContext(ctx, "DROP TABLE IF EXISTS temp.hotline_fts5_probe")
	return nil
}

// WithTx runs fn in a transaction, committing when fn returns nil and rolling
// back otherwise, so a failed write leaves the database as it was.
func WithTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Reset deletes every row of every table but the migration versions, in one
// transaction, leaving the schema in place (for `hotline demo --force`).
// Full-text tables are emptied with their own 'delete-all' where needed.
func Reset(ctx context.Context, db *sql.DB) error {
	return WithTx(ctx, db, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
			WHERE type = 'table' AND name != 'schema_migrations' AND name NOT LIKE 'sqlite_%'`)
		if err != nil {
			return err
		}
		var tables []table
		for rows.Next() {
			var t table
			var s sql.NullString
			if err := rows.Scan(&t.name, &s); err != nil {
				rows.Close()
				return err
			}
			t.sql = s.String
			tables = append(tables, t)
		}
		rows.Close()
		if _, err := tx.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
			return err
		}
		for _, t := range tables {
			upper := strings.ToUpper(t.sql)
			switch {
			case strings.Contains(upper, "FTS5VOCAB"):
				// A read-only view of another full-text index.
				continue
			case strings.Contains(upper, "VIRTUAL TABLE"):
				// FTS5 tables: contentless ones need the delete-all command.
				if strings.Contains(upper, "CONTENT = ''") || strings.Contains(upper, "CONTENT=''") {
					if _, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %q(%q) VALUES ('delete-all')`, t.name, t.name)); err != nil {
						return fmt.Errorf("empty %s: %w", t.name, err)
					}
					continue
				}
				if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %q`, t.name)); err != nil {
					return fmt.Errorf("empty %s: %w", t.name, err)
				}
			case t.sql == "":
			default:
				// Shadow tables of FTS5 (name_data, name_idx…) are left to it.
				if isShadow(t.name, tables) {
					continue
				}
				if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %q`, t.name)); err != nil {
					return fmt.Errorf("empty %s: %w", t.name, err)
				}
			}
		}
		return nil
	})
}

type table struct{ name, sql string }

func isShadow(name string, tables []table) bool {
	for _, t := range tables {
		if strings.Contains(strings.ToUpper(t.sql), "VIRTUAL TABLE") && strings.HasPrefix(name, t.name+"_") {
			return true
		}
	}
	return false
}
