package kb

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/tickets"
)

// openStore opens a fresh database in t.TempDir() with both schemas, as
// hotline does.
func openStore(t testing.TB, links bool) (*Store, *db.DB) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "hotline.db"), tickets.Schema, Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	opts := Options{Now: func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }}
	if links {
		opts.Links = tickets.NewStore(d.DB, tickets.Options{})
	}
	return NewStore(d.DB, opts), d
}

// writeFiles writes name → content under dir, creating folders.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const demoContent = "../app/demo/content"

// demoStore imports the demo tutorials and videos, or skips.
func demoStore(t testing.TB) *Store {
	t.Helper()
	if _, err := os.Stat(demoContent); err != nil {
		t.Skipf("demo content not present at %s: %v", demoContent, err)
	}
	s, _ := openStore(t, false)
	rep, err := s.ImportFS(context.Background(), os.DirFS(demoContent), ".", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed > 0 {
		t.Fatalf("demo content failed to import: %v", rep.Errors)
	}
	return s
}

// sqlOpenReadOnly opens a database file read-only, as on a read-only share.
func sqlOpenReadOnly(path string) (*sql.DB, error) {
	return sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=10000")
}
