package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migration is one versioned step of a schema.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Schema is the set of tables one package owns, with the migrations that
// build them. Each package versions its own schema.
type Schema struct {
	Name       string
	Migrations []Migration
}

// ErrTooNew means the database was written by a newer Hotline.
var ErrTooNew = errors.New("database written by a newer version of hotline")

// LoadSchema reads migrations named NNNN_name.sql from dir in fsys (an
// embed.FS in practice). Versions must start at 1 and have no gaps.
func LoadSchema(name string, fsys fs.FS, dir string) (Schema, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return Schema{}, fmt.Errorf("load %s migrations: %w", name, err)
	}
	s := Schema{Name: name}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, rest, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return Schema{}, fmt.Errorf("load %s migrations: %s: name must be NNNN_description.sql", name, e.Name())
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return Schema{}, fmt.Errorf("load %s migrations: %w", name, err)
		}
		s.Migrations = append(s.Migrations, Migration{Version: v, Name: rest, SQL: string(body)})
	}
	sort.Slice(s.Migrations, func(i, j int) bool { return s.Migrations[i].Version < s.Migrations[j].Version })
	for i, m := range s.Migrations {
		if m.Version != i+1 {
			return Schema{}, fmt.Errorf("load %s migrations: expected version %d, found %d (%s)", name, i+1, m.Version, m.Name)
		}
	}
	return s, nil
}

// MustLoadSchema is LoadSchema for embedded files, where an error is a bug
// caught by every test.
func MustLoadSchema(name string, fsys fs.FS, dir string) Schema {
	s, err := LoadSchema(name, fsys, dir)
	if err != nil {
		panic(err)
	}
	return s
}

// Latest is the highest version the schema knows.
func (s Schema) Latest() int {
	if len(s.Migrations) == 0 {
		return 0
	}
	return s.Migrations[len(s.Migrations)-1].Version
}

const migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	schema     TEXT    NOT NULL,
	version    INTEGER NOT NULL,
	name       TEXT    NOT NULL,
	applied_at TEXT    NOT NULL,
	PRIMARY KEY (schema, version)
)`

// migrate checks every schema before changing anything, so that a database
// from a newer binary is never touched, then applies each pending migration
// in its own transaction together with its version row.
func migrate(ctx context.Context, db *sql.DB, schemas []Schema) error {
	err := WithTx(ctx, db, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, migrationsTable)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	current := make(map[string]int, len(schemas))
	for _, s := range schemas {
		var v sql.NullInt64
		if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations WHERE schema = ?`, s.Name).Scan(&v); err != nil {
			return fmt.Errorf("migrate %s: %w", s.Name, err)
		}
		if int(v.Int64) > s.Latest() {
			return fmt.Errorf("%w: its %s schema is at version %d but this binary knows up to %d; upgrade hotline, or point --db at another file (the database was not modified)",
				ErrTooNew, s.Name, v.Int64, s.Latest())
		}
		current[s.Name] = int(v.Int64)
	}
	for _, s := range schemas {
		for _, m := range s.Migrations {
			if m.Version <= current[s.Name] {
				continue
			}
			err := WithTx(ctx, db, func(tx *sql.Tx) error {
				// Another process opening the same new file may have
				// applied it meanwhile: the write lock is held now.
				var done int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE schema = ? AND version = ?`, s.Name, m.Version).Scan(&done); err != nil {
					return err
				}
				if done > 0 {
					return nil
				}
				if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(schema, version, name, applied_at) VALUES (?, ?, ?, ?)`,
					s.Name, m.Version, m.Name, time.Now().UTC().Format(time.RFC3339))
				return err
			})
			if err != nil {
				return fmt.Errorf("migrate %s to version %d (%s): %w", s.Name, m.Version, m.Name, err)
			}
		}
	}
	return nil
}

// Versions reports the applied version of each schema, for `hotline version`.
func Versions(ctx context.Context, q Querier) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT schema, MAX(version) FROM schema_migrations GROUP BY schema`)
	if err != nil {
		return nil, fmt.Errorf("read schema versions: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var name string
		var v int
		if err := rows.Scan(&name, &v); err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, rows.Err()
}
