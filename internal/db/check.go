package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Finding is one thing wrong in a database, worded for a person.
type Finding struct {
	Check  string // integrity, foreign keys, full-text, orphans
	Detail string
}

func (f Finding) String() string { return f.Check + ": " + f.Detail }

// maxFindings bounds what a check collects: a wrecked file would list
// millions of pages, and the first ones are enough to act.
const maxFindings = 100

// Check verifies the database: SQLite's integrity_check (quick_check when
// quick: O(size) without comparing indexes to tables; at the start of the
// interface and the server), every foreign key, and, unless quick, the
// internal consistency of every FTS5 index. It returns what is wrong; an
// error means the check itself could not run.
func Check(ctx context.Context, q Querier, quick bool) ([]Finding, error) {
	var out []Finding
	pragma := fmt.Sprintf("PRAGMA integrity_check(%d)", maxFindings)
	if quick {
		pragma = fmt.Sprintf("PRAGMA quick_check(%d)", maxFindings)
	}
	lines, err := strings1(ctx, q, pragma)
	if err != nil {
		return []Finding{{"integrity", err.Error()}}, nil
	}
	for _, l := range lines {
		if l != "ok" {
			out = append(out, Finding{"integrity", l})
		}
	}
	rows, err := q.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		out = append(out, Finding{"foreign keys", err.Error()})
	} else {
		for rows.Next() && len(out) < maxFindings {
			var table, parent string
			var rowid sql.NullInt64
			var fkid int
			if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
				rows.Close()
				return out, err
			}
			out = append(out, Finding{"foreign keys", fmt.Sprintf("%s row %d points to a missing %s row", table, rowid.Int64, parent)})
		}
		rows.Close()
	}
	if quick {
		return out, nil
	}
	tables, err := strings1(ctx, q, `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5(%' ORDER BY name`)
	if err != nil {
		return append(out, Finding{"full-text", err.Error()}), nil
	}
	for _, t := range tables {
		// integrity-check is written as an INSERT but changes nothing; rank
		// 0 checks the index itself (an external-content index may
		// rightly leave rows out, such as archived articles).
		_, err := q.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %q(%q, rank) VALUES ('integrity-check', 0)`, t, t))
		var se sqlite3.Error
		if errors.As(err, &se) && se.Code == sqlite3.ErrReadonly {
			// A read-only file: integrity_check above ran the same
			// check through FTS5's xIntegrity (SQLite 3.44 and later).
			continue
		}
		if err != nil {
			out = append(out, Finding{"full-text", fmt.Sprintf("index %s: %v (restore a backup with `hotline restore`)", t, err)})
		}
	}
	return out, nil
}

func strings1(ctx context.Context, q Querier, query string) ([]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
