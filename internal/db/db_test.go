package db

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func schema(t *testing.T, files map[string]string) Schema {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys["m/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	s, err := LoadSchema("test", fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOpenAppliesMigrationsOnceWithPragmas(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "h.db")
	s := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);", "0002_b.sql": "CREATE TABLE b(y);"})
	d, err := Open(ctx, path, s)
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	var fk, timeout int
	d.QueryRow("PRAGMA journal_mode").Scan(&mode)
	d.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	d.QueryRow("PRAGMA busy_timeout").Scan(&timeout)
	if mode != "wal" || fk != 1 || timeout < 5000 {
		t.Errorf("pragmas: journal_mode=%s foreign_keys=%d busy_timeout=%d", mode, fk, timeout)
	}
	d.Close()
	// Reopening applies nothing twice (CREATE TABLE would fail).
	d, err = Open(ctx, path, s)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	v, _ := Versions(ctx, d)
	if v["test"] != 2 {
		t.Errorf("version = %d, want 2", v["test"])
	}
	d.Close()
}

func TestFailedMigrationLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	good := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);"})
	d, err := Open(ctx, path, good)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	bad := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);", "0002_b.sql": "CREATE TABLE b(y); CREATE TABLE oops(;"})
	if _, err := Open(ctx, path, bad); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Fatalf("broken migration: err = %v", err)
	}
	d, err = Open(ctx, path, good)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	d.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'b'").Scan(&n)
	if n != 0 {
		t.Error("table b of the failed migration was left behind")
	}
}

func TestNewerDatabaseIsRefusedUntouched(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	newer := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);", "0002_b.sql": "CREATE TABLE b(y);"})
	d, err := Open(ctx, path, newer)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	before, _ := os.ReadFile(path)
	older := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);"})
	other := Schema{Name: "other", Migrations: []Migration{{Version: 1, Name: "c", SQL: "CREATE TABLE c(z);"}}}
	_, err = Open(ctx, path, older, other)
	if !errors.Is(err, ErrTooNew) || !strings.Contains(err.Error(), "upgrade hotline") {
		t.Fatalf("err = %v, want ErrTooNew with advice", err)
	}
	d, _ = Open(ctx, path, newer)
	defer d.Close()
	var n int
	d.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'c'").Scan(&n)
	if n != 0 {
		t.Error("a refused database was modified (table c created)")
	}
	_ = before
}

func TestOpenExplainsBadFiles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "notadb")
	os.WriteFile(path, []byte(strings.Repeat("this is not sqlite ", 100)), 0o644)
	_, err := Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "not a SQLite database") {
		t.Errorf("err = %v", err)
	}
}

func TestResetEmptiesDataButKeepsSchema(t *testing.T) {
	ctx := context.Background()
	s := schema(t, map[string]string{"0001_a.sql": `CREATE TABLE a(x);
		CREATE VIRTUAL TABLE a_fts USING fts5(x, content='', contentless_delete=1);
		CREATE VIRTUAL TABLE b_fts USING fts5(y);`})
	d, err := Open(ctx, filepath.Join(t.TempDir(), "h.db"), s)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.Exec("INSERT INTO a VALUES (1)")
	d.Exec("INSERT INTO a_fts(rowid, x) VALUES (1, 'caméra')")
	d.Exec("INSERT INTO b_fts(y) VALUES ('caméra')")
	if err := Reset(ctx, d.DB); err != nil {
		t.Fatal(err)
	}
	var n int
	d.QueryRow("SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM a_fts WHERE a_fts MATCH 'camera') + (SELECT count(*) FROM b_fts)").Scan(&n)
	if n != 0 {
		t.Errorf("%d rows left after Reset", n)
	}
	v, _ := Versions(ctx, d)
	if v["test"] != 1 {
		t.Error("Reset dropped the migration versions")
	}
}
