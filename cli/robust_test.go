package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmptyDBFlagIsAnError(t *testing.T) {
	c := newCLI(t)
	r := c.run("", "--db", "", "ticket", "list")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--db: empty path") {
		t.Fatalf("--db \"\": exit %d, stderr %q", r.code, r.stderr)
	}
	// Nothing was created at the default path either.
	if _, err := os.Stat(filepath.Join(c.env["XDG_DATA_HOME"], "hotline", "hotline.db")); err == nil {
		t.Error("--db \"\" opened the default database")
	}
}

func TestVersionLeavesAnotherProgramsFileAlone(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "other-app.db")
	conn, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=DELETE")
	if err != nil {
		t.Fatal(err)
	}
	conn.Exec("CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL)")
	conn.Exec("INSERT INTO invoices(total) VALUES (12.5)")
	conn.Close()
	before, _ := os.ReadFile(path)
	for _, args := range [][]string{{"version"}, {"ticket", "list"}, {"ticket", "add", "--title", "x", "--description", "y"}} {
		r := c.run("", append([]string{"--db", path}, args...)...)
		if r.code != exitRuntime || !strings.Contains(r.stderr, path) || !strings.Contains(r.stderr, "another program") {
			t.Errorf("%v on another program's database: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("another program's database was modified")
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Error("another program's database was switched to WAL")
	}
}

func TestVersionDoesNotMigrate(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "Imprimante", "--description", "bourrage")
	conn, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	// As if written by a release that had only the first tickets migration.
	if _, err := conn.Exec("DELETE FROM schema_migrations WHERE schema = 'tickets' AND version > 1"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	out := c.ok("version")
	if !strings.Contains(out, "tickets v1,") {
		t.Errorf("version: %q", out)
	}
	conn, _ = sql.Open("sqlite3", c.db)
	defer conn.Close()
	var v int
	conn.QueryRow("SELECT max(version) FROM schema_migrations WHERE schema = 'tickets'").Scan(&v)
	if v != 1 {
		t.Errorf("version migrated the database to tickets v%d", v)
	}
}

func TestDatabaseProblemsNameTheFile(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	r := c.run("", "--db", dir, "ticket", "list")
	if r.code != exitRuntime || !strings.Contains(r.stderr, dir+": is a folder") {
		t.Errorf("folder: exit %d, stderr %q", r.code, r.stderr)
	}
	bad := filepath.Join(dir, "notes.db")
	os.WriteFile(bad, []byte("SQLite format 3\x00 and then nothing"), 0o644)
	r = c.run("", "--db", bad, "ticket", "list")
	if r.code != exitRuntime || !strings.Contains(r.stderr, bad+": the file is damaged") || !strings.Contains(r.stderr, "hotline restore") {
		t.Errorf("truncated file: exit %d, stderr %q", r.code, r.stderr)
	}
}

// ctrl+c during a command is said in words (not "context canceled") with
// what to do, and exits 130 as a shell expects; an interrupted import run
// again adds only what is missing.
func TestInterruptedCommandSaysSoAndExits130(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "avant", "--description", "déjà là")
	path := filepath.Join(t.TempDir(), "in.jsonl")
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, "{\"title\":\"ligne %d\",\"description\":\"d\"}\n", i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := Run(ctx, IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return c.env[k] }},
		"test", []string{"--db", c.db, "--config", filepath.Join(filepath.Dir(c.db), "none.yaml"), "ticket", "import", path})
	if code != 130 || !strings.Contains(errb.String(), "interrupted (ctrl+c)") || strings.Contains(errb.String(), "context canceled") {
		t.Fatalf("interrupted import: exit %d\n%s", code, errb.String())
	}
	c.ok("ticket", "import", path)
	if out := c.ok("ticket", "list", "--status", "all", "--limit", "100"); strings.Count(out, "ligne ") != 50 {
		t.Errorf("after the interrupted import and its re-run:\n%s", out)
	}
}
