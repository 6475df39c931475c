package db

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// rawDB creates a SQLite file the way another program would: rollback
// journal, its own tables.
func rawDB(t *testing.T, path string, stmts ...string) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=DELETE")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, s := range stmts {
		if _, err := conn.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func journalMode(t *testing.T, path string) string {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var mode string
	if err := conn.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	return mode
}

// untouched fails when the file's bytes changed or SQLite files appeared
// beside it.
func untouched(t *testing.T, path string, before []byte) {
	t.Helper()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("%s was modified (%d bytes before, %d after)", path, len(before), len(after))
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + suffix); err == nil {
			t.Errorf("%s%s was created beside it", path, suffix)
		}
	}
	if m := journalMode(t, path); m != "delete" {
		t.Errorf("journal mode switched to %s", m)
	}
}

func problemOf(err error) Problem {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Problem
	}
	return 0
}

func TestAnotherProgramsDatabaseIsRefusedUntouched(t *testing.T) {
	ctx := context.Background()
	s := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);"})
	for name, stmts := range map[string][]string{
		"app.db":     {"CREATE TABLE contacts(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO contacts(name) VALUES ('Zoé')"},
		"migrate.db": {"CREATE TABLE schema_migrations(version INTEGER, dirty BOOLEAN)", "INSERT INTO schema_migrations VALUES (3, 0)"},
		"indexonly.db": {"CREATE TABLE t(x)", "CREATE INDEX t_x ON t(x)", "DROP TABLE t",
			"CREATE VIEW v AS SELECT 1"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			rawDB(t, path, stmts...)
			before, _ := os.ReadFile(path)
			_, err := Open(ctx, path, s)
			if problemOf(err) != NotHotline || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "another program") {
				t.Fatalf("Open: err = %v, want a NotHotline error naming the file", err)
			}
			if _, err := Inspect(ctx, path, s); problemOf(err) != NotHotline {
				t.Errorf("Inspect (hotline version): err = %v", err)
			}
			untouched(t, path, before)
		})
	}
}

func TestNewerDatabaseInRollbackModeStaysInRollbackMode(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "newer.db")
	newer := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);", "0002_b.sql": "CREATE TABLE b(y);"})
	d, err := Open(ctx, path, newer)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	rawDB(t, path, "PRAGMA journal_mode=DELETE")
	before, _ := os.ReadFile(path)
	older := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);"})
	_, err = Open(ctx, path, older)
	if !errors.Is(err, ErrTooNew) || problemOf(err) != TooNew || !strings.Contains(err.Error(), "not modified") {
		t.Fatalf("err = %v, want TooNew", err)
	}
	untouched(t, path, before)
	v, err := Inspect(ctx, path, older)
	if err != nil || v["test"] != 2 {
		t.Errorf("Inspect of a newer database: %v, %v (want its versions, untouched)", v, err)
	}
	untouched(t, path, before)
}

func TestInspectNeverCreatesOrMigrates(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "not", "yet")
	path := filepath.Join(dir, "h.db")
	s := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);"})
	v, err := Inspect(ctx, path, s)
	if err != nil || v != nil {
		t.Fatalf("Inspect of no file: %v, %v", v, err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("Inspect created the folder")
	}
	older := filepath.Join(t.TempDir(), "old.db")
	d, err := Open(ctx, older, s)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	two := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);", "0002_b.sql": "CREATE TABLE b(y);"})
	if v, err := Inspect(ctx, older, two); err != nil || v["test"] != 1 {
		t.Errorf("Inspect: %v, %v; want version 1, not migrated", v, err)
	}
}

func TestEmptyPathAndFolderAreRefused(t *testing.T) {
	ctx := context.Background()
	if _, err := Open(ctx, ""); err == nil || !strings.Contains(err.Error(), "empty path") {
		t.Errorf("empty path: %v", err)
	}
	if _, err := Open(ctx, "  "); err == nil {
		t.Error("blank path accepted")
	}
	dir := t.TempDir()
	_, err := Open(ctx, dir)
	if problemOf(err) != Folder || !strings.Contains(err.Error(), "is a folder") || !strings.Contains(err.Error(), filepath.Join(dir, "hotline.db")) {
		t.Errorf("folder: %v", err)
	}
}

func TestDamagedFilesAreReportedAsDamaged(t *testing.T) {
	ctx := context.Background()
	s := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x TEXT); CREATE INDEX a_x ON a(x);"})
	path := filepath.Join(t.TempDir(), "h.db")
	d, err := Open(ctx, path, s)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2000; i++ {
		d.Exec("INSERT INTO a VALUES (?)", strings.Repeat("données ", 20))
	}
	d.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	d.Close()
	whole, _ := os.ReadFile(path)

	// A few bytes: the header is cut.
	short := filepath.Join(t.TempDir(), "short.db")
	os.WriteFile(short, whole[:50], 0o644)
	if _, err := Open(ctx, short, s); problemOf(err) != Damaged || !strings.Contains(err.Error(), "hotline check") {
		t.Errorf("50-byte file: %v", err)
	}

	// Half the file: opening may work, reading the table cannot.
	half := filepath.Join(t.TempDir(), "half.db")
	os.WriteFile(half, whole[:len(whole)/2], 0o644)
	d, err = Open(ctx, half, s)
	if err == nil {
		var n int
		err = d.QueryRow("SELECT count(*) FROM a WHERE x > ''").Scan(&n)
		err = d.Explain(err)
		d.Close()
	}
	if problemOf(err) != Damaged || !strings.Contains(err.Error(), half) {
		t.Errorf("truncated file: %v, want Damaged naming the file", err)
	}
}

func TestLockHeldTooLongIsExplainedAndNothingIsWritten(t *testing.T) {
	ctx := context.Background()
	old := BusyTimeout
	BusyTimeout = 50
	defer func() { BusyTimeout = old }()
	s := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);"})
	path := filepath.Join(t.TempDir(), "h.db")
	d, err := Open(ctx, path, s)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	// Another program: its own connection holding the write lock.
	other, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	err = WithTx(ctx, d.DB, func(tx *sql.Tx) error {
		_, err := tx.Exec("INSERT INTO a VALUES (1)")
		return err
	})
	err = d.Explain(err)
	if problemOf(err) != Locked || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "close the program") {
		t.Fatalf("write under another program's lock: %v", err)
	}
	conn.ExecContext(ctx, "ROLLBACK")
	var n int
	d.QueryRow("SELECT count(*) FROM a").Scan(&n)
	if n != 0 {
		t.Errorf("%d rows written by the failed command", n)
	}
}

func TestProcessesOpeningANewFileAtOnceAllSucceed(t *testing.T) {
	ctx := context.Background()
	s := schema(t, map[string]string{"0001_a.sql": "CREATE TABLE a(x);", "0002_b.sql": "CREATE TABLE b(y);", "0003_c.sql": "CREATE TABLE c(z);"})
	path := filepath.Join(t.TempDir(), "h.db")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := Open(ctx, path, s) // one pool each, as separate processes have
			if err == nil {
				d.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent first open: %v", err)
		}
	}
}
