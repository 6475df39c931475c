package fts

import (
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// FuzzMatch checks that whatever a person types becomes a query FTS5
// accepts: typed syntax (quotes, *, -, NEAR, parentheses, column filters)
// is searched as text, never parsed, so a search never fails on its input.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{
		"", "imprimante", `"unterminated`, "a* -b +c", "NEAR(a b)", "title:vpn", "(((", "AND OR NOT",
		"l'écran", "^start", "x\x00y", "caf\xe9", "🚀 fusée", `""""`, "a OR", "* * *",
	} {
		f.Add(s, true)
	}
	conn, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		f.Fatal(err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.Exec(`CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
		INSERT INTO t VALUES ('Imprimante bloquée', 'l''écran reste noir');`); err != nil {
		f.Skipf("no FTS5 in this build (use -tags sqlite_fts5): %v", err)
	}
	f.Fuzz(func(t *testing.T, s string, prefix bool) {
		terms := Terms(s)
		for _, q := range []string{Match(s, prefix), Any(terms, prefix), And([]string{Match(s, false), Any(terms, true)}),
			AnyOf([]Alternative{{Terms: terms, Prefix: prefix}, {Terms: terms}})} {
			if q == "" {
				continue
			}
			var n int
			if err := conn.QueryRow(`SELECT count(*) FROM t WHERE t MATCH ?`, q).Scan(&n); err != nil {
				t.Fatalf("typed %q → MATCH %q: %v", s, q, err)
			}
		}
	})
}
