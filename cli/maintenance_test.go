package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func demoCLI(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t)
	c.ok("demo", "--tickets", "40")
	return c
}

func TestCheckPassesOnAGoodDatabaseAndListsDamage(t *testing.T) {
	c := demoCLI(t)
	conn, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	// An archived article is rightly absent from the full-text index.
	if _, err := conn.Exec("UPDATE articles SET archived = 1 WHERE id = (SELECT min(id) FROM articles)"); err != nil {
		t.Fatal(err)
	}
	out := c.ok("check")
	if !strings.Contains(out, ": ok") {
		t.Fatalf("check on a sound database: %q", out)
	}
	// Damage SQLite cannot prevent: a link to a missing article, a broken
	// foreign key, an index out of step with its table.
	for _, s := range []string{
		"INSERT INTO ticket_articles(ticket_id, article_id, linked_by, linked_at) VALUES (1, 999999, 'x', 0)",
		"PRAGMA foreign_keys = OFF",
		"INSERT INTO followups(ticket_id, author, body, created_at) VALUES (888888, 'x', 'orphan', 0)",
		"PRAGMA writable_schema = ON",
		"UPDATE sqlite_master SET sql = replace(sql, 'tickets_created', 'tickets_created') WHERE name = 'tickets_created'",
	} {
		if _, err := conn.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	// Remove the index entries of one ticket behind SQLite's back.
	var root int
	conn.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = 'tickets_created'").Scan(&root)
	conn.Exec("PRAGMA writable_schema = OFF")
	conn.Exec("INSERT INTO articles_fts(articles_fts, rowid, title, tags, body) SELECT 'delete', id, title, tags, body FROM articles WHERE id = (SELECT max(id) FROM articles)")
	conn.Close()
	r := c.run("", "check")
	if r.code != exitRuntime {
		t.Fatalf("check on a damaged database: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"ticket #1 is linked to article #999999", "followups row", "hotline restore"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestCheckFindsAnOverwrittenFile(t *testing.T) {
	c := demoCLI(t)
	c.ok("check") // folds nothing, but closes cleanly
	b, err := os.ReadFile(c.db)
	if err != nil {
		t.Fatal(err)
	}
	// Random bytes over a few pages past the schema.
	for i := 40 * 4096; i < 44*4096 && i < len(b); i++ {
		b[i] = byte(i * 7)
	}
	os.Remove(c.db + "-wal")
	os.Remove(c.db + "-shm")
	os.WriteFile(c.db, b, 0o644)
	r := c.run("", "check")
	if r.code != exitRuntime || !(strings.Contains(r.stdout, "integrity") || strings.Contains(r.stderr, "damaged")) {
		t.Fatalf("check on an overwritten file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestBackupIsCheckedAndRestoreKeepsTheCurrentAside(t *testing.T) {
	c := demoCLI(t)
	dir := t.TempDir()
	backup := filepath.Join(dir, "b.db")
	c.ok("backup", backup)
	if r := c.run("", "backup", backup); r.code != exitRuntime || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("backup over an existing file: exit %d %q", r.code, r.stderr)
	}
	before := c.ok("ticket", "list", "--status", "all", "--limit", "1000", "--sort", "id", "--json")
	c.ok("ticket", "add", "--title", "après la sauvegarde", "--description", "x")

	// Refused: another program's file, a newer Hotline's, a damaged one.
	other := filepath.Join(dir, "other.db")
	conn, _ := sql.Open("sqlite3", other)
	conn.Exec("CREATE TABLE t(x)")
	conn.Close()
	newer := filepath.Join(dir, "newer.db")
	copyTo(t, backup, newer)
	conn, _ = sql.Open("sqlite3", newer)
	conn.Exec("INSERT INTO schema_migrations(schema, version, name, applied_at) VALUES ('tickets', 99, 'future', '')")
	conn.Close()
	for file, want := range map[string]string{other: "another program", newer: "newer version", filepath.Join(dir, "none.db"): "no such file"} {
		r := c.run("", "restore", file)
		if r.code != exitRuntime || !strings.Contains(r.stderr, want) {
			t.Errorf("restore %s: exit %d %q, want %q", filepath.Base(file), r.code, r.stderr, want)
		}
	}
	if out := c.ok("ticket", "list", "--status", "all", "--limit", "1000", "--sort", "id", "--json"); !strings.Contains(out, "après la sauvegarde") {
		t.Fatal("a refused restore changed the database")
	}

	out := c.ok("restore", backup)
	if !strings.Contains(out, "before-restore-") {
		t.Errorf("restore output: %q", out)
	}
	if after := c.ok("ticket", "list", "--status", "all", "--limit", "1000", "--sort", "id", "--json"); after != before {
		t.Error("the restored database differs from the backup")
	}
	aside, _ := filepath.Glob(c.db + ".before-restore-*")
	if len(aside) != 1 {
		t.Fatalf("previous database kept aside: %v", aside)
	}
	conn, _ = sql.Open("sqlite3", "file:"+aside[0]+"?mode=ro")
	defer conn.Close()
	var n int
	conn.QueryRow("SELECT count(*) FROM tickets WHERE title = 'après la sauvegarde'").Scan(&n)
	if n != 1 {
		t.Error("the database set aside lost the ticket written after the backup")
	}
}

func copyTo(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestInterfaceChecksADamagedDatabaseInTheBackground(t *testing.T) {
	c := demoCLI(t)
	conn, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	// An index that no longer matches its table: what a torn write or a
	// stray overwrite leaves, caught by the quick check.
	for _, s := range []string{
		"PRAGMA foreign_keys = OFF",
		"INSERT INTO followups(ticket_id, author, body, created_at) VALUES (777777, 'x', 'orphan', 0)",
	} {
		if _, err := conn.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	// The interface opens at once and runs the check as a command: the
	// check the CLI hands it finds the damage.
	var errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &errb, stderr: &errb, getenv: func(k string) string { return c.env[k] }}
	e.flags.db = c.db
	e.flags.config = filepath.Join(filepath.Dir(c.db), "none.yaml")
	defer e.close()
	if err := e.open(context.Background()); err != nil {
		t.Fatal(err)
	}
	r, err := e.backgroundCheck(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) == 0 || !strings.Contains(strings.Join(r.Findings, "\n"), "followups row") {
		t.Fatalf("start-up check on a damaged database found %q", r.Findings)
	}
	// On a sound database it finds nothing.
	sound := demoCLI(t)
	e2 := &env{stdin: strings.NewReader(""), stdout: &errb, stderr: &errb, getenv: func(k string) string { return sound.env[k] }}
	e2.flags.db = sound.db
	e2.flags.config = filepath.Join(filepath.Dir(sound.db), "none.yaml")
	defer e2.close()
	if err := e2.open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r, err := e2.backgroundCheck(context.Background()); err != nil || len(r.Findings) != 0 {
		t.Fatalf("start-up check on a sound database: %q, %v", r.Findings, err)
	}
}
