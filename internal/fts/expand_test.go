package fts

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func TestAlternativesBuildValidQueries(t *testing.T) {
	cases := []struct {
		alts []Alternative
		want string
	}{
		{[]Alternative{{Terms: []string{"ecran"}}}, `"ecran"`},
		{[]Alternative{{Terms: []string{"partager", "ecran"}}, {Terms: []string{"share", "screen"}}}, `(("partager" AND "ecran") OR ("share" AND "screen"))`},
		{[]Alternative{{Terms: []string{"conn"}, Prefix: true}, {Terms: []string{"conn"}, Prefix: true}}, `"conn"*`},
		{[]Alternative{{Terms: []string{`a"b`}}, {}}, `"a""b"`},
		{nil, ""},
	}
	for _, c := range cases {
		if got := AnyOf(c.alts); got != c.want {
			t.Errorf("AnyOf(%v) = %s, want %s", c.alts, got, c.want)
		}
	}
	if got := And([]string{`"a"`, "", `("b" OR "c")`}); got != `"a" AND ("b" OR "c")` {
		t.Errorf("And = %s", got)
	}

	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')`); err != nil {
		t.Skipf("FTS5 not compiled in (run with -tags sqlite_fts5): %v", err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO t(body) VALUES ('Partager mon écran dans Teams')`); err != nil {
		t.Fatal(err)
	}
	q := And([]string{
		AnyOf([]Alternative{{Terms: []string{"share", "screen"}}, {Terms: []string{"partager", "ecran"}}}),
		AnyOf([]Alternative{{Terms: []string{"tea"}, Prefix: true}, {Terms: []string{"NEAR(", `"`}}}),
	})
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE t MATCH ?`, q).Scan(&n); err != nil {
		t.Fatalf("query %s: %v", q, err)
	}
	if n != 1 {
		t.Errorf("query %s found %d rows, want 1", q, n)
	}
}
