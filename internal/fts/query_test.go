package fts

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// Every hostile input must give a query FTS5 accepts.
func TestMatchNeverBreaksFTS5(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')`); err != nil {
		t.Skipf("FTS5 not compiled in (run with -tags sqlite_fts5): %v", err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO t(body) VALUES ('Réinstaller l''imprimante en télétravail')`); err != nil {
		t.Fatal(err)
	}
	inputs := []string{`"`, `*`, `-vpn`, `+`, `a:b`, `(x`, `AND`, `OR NOT`, `NEAR(a b)`, `l'imprimante`, `😀`, `télé*`, `"unterminated`, `col:value`, `^start`, `a - b`}
	for _, in := range inputs {
		q := Match(in, true)
		if q == "" {
			continue
		}
		rows, err := db.QueryContext(ctx, `SELECT rowid FROM t WHERE t MATCH ?`, q)
		if err != nil {
			t.Errorf("input %q gave query %q that FTS5 rejects: %v", in, q, err)
			continue
		}
		rows.Close()
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE t MATCH ?`, Match("TELETRAV", true)).Scan(&n); err != nil || n != 1 {
		t.Errorf("prefix, accent-insensitive match: n=%d err=%v", n, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE t MATCH ?`, Match("l'imprimante", false)).Scan(&n); err != nil || n != 1 {
		t.Errorf("apostrophe: n=%d err=%v", n, err)
	}
}

func TestTerms(t *testing.T) {
	got := Terms("Comment partager l'écran ? 😀 Teams!")
	want := []string{"comment", "partager", "l", "ecran", "teams"}
	if len(got) != len(want) {
		t.Fatalf("Terms = %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Terms = %q, want %q", got, want)
		}
	}
}
