package db_test

// Tests that keep every released database readable: the migrations that
// shipped never change, and a database written by the first release upgrades
// to the current schema with every row kept.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/app"
	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// shipped holds the sha256 of every migration file that reached a release.
// A released migration is never edited: a change to the schema is a new
// migration. When a release ships new migrations, add their sums here.
var shipped = map[string]string{
	"access/migrations/0001_access.sql":                   "dfa8c21e689359ceb84d41f1a2caa13132b2e37cc6c8dc1b8ef806e1c88a5f76",
	"attachments/migrations/0001_attachments.sql":         "4c504cdc70dbe9466f934142cca6c48ed7b43f7f4e79ef42708f893af40c68b5",
	"feedback/migrations/0001_feedback.sql":               "1e9ef868dc56020bbf3476ebec51c622d687cd77f7161ea80d17bb7dc19c7f8c",
	"internal/live/migrations/0001_presence.sql":          "58b8640adbda5c31e8e22efac6988dd590a76097c58c8ed224bd8d88c413f151",
	"kb/migrations/0001_articles.sql":                     "91fb0c2da5f665eaad569f235d57be90ebc57a5e9dbd064749fac54f57655c03",
	"kb/migrations/0002_collections.sql":                  "71ae4aeea4f709b623c9aa2d575a373622df32b9953f42e9752838b0054b2b06",
	"kb/migrations/0003_article_authors.sql":              "3b6ccd766d526af86fb593eb8b026cc8d0cb84decb9b0fbdcad93c29f81b6f92",
	"mailstore/migrations/0001_mail.sql":                  "e8b9f52dfcc78014caa1966d725662e029fc6c7abc6c6df8261f267c9ec472a1",
	"mailstore/migrations/0002_requester_email.sql":       "b614b988f07b7acf9887f1aadbf8c31bf6faca8bedb42900112504dd1b4a078b",
	"tickets/migrations/0001_tickets.sql":                 "f1477521fa0941b5f8eb78d84ea346d658169447f226f9426b03738197353638",
	"tickets/migrations/0002_problems.sql":                "bee0baed372ef9d11bd8d32a515476a7bbe79771c21981b8a58977f08345e45d",
	"tickets/migrations/0003_followup_origin.sql":         "430e98356d04aa97615b3cc8371f88cb423c0b75b4040c72369cd96c6837e022",
	"tickets/migrations/0004_assigned_needs_assignee.sql": "1742a39332ace494b5941a7d00775fea3f900f295fb136ff3bd3a89ef5d0dbd7",
	"tickets/migrations/0005_import_keys.sql":             "652002a7080dcf9410979ad6df3de044a55a4583f9af6b0355510695d8f113dc",
	"tickets/migrations/0006_technicians.sql":             "d8926bd94dd61ec4edaa02abf438b74eb1e165a56cc9d06cb4478146ebeee558",
	"tickets/migrations/0007_count_indexes.sql":           "0b2d9d86cdadec3fd22c8d3716688be660962e1e19ae650ed0ca58ea3115844b",
	"tickets/migrations/0008_requester_indexes.sql":       "6d6889f8f6f468c1b872116253f48e58fa28e480a4c2ddefa6ebe2dbccb80237",
	"tickets/migrations/0009_sla_clock.sql":               "7f31068b56438cef587497fd7ba128d65a53efb14da26c2c02bf29d0c645bc41",
	"tickets/migrations/0010_report_breakdown.sql":        "b37b2356509f858f569c8f2d08af32b434e914564677520429f891372d5a8c85",
	"tickets/migrations/0011_untagged.sql":                "44265fb3745812440460ed6f161ac364b3ea7182e6e5a6db867e49a89ed10c96",
	"tickets/migrations/0012_report_durations.sql":        "e9e3fb5886585a418791128eef1e24cfe287b903fc2c9781b71df2965f583c8a",
	"tickets/migrations/0013_deferred_indexes.sql":        "827a0680dbb767829f1d9b82ffb8380c0e4c98caae61e6b028fcbcb05083b602",
}

func TestShippedMigrationsNeverChange(t *testing.T) {
	root := filepath.Join("..", "..")
	for name, want := range shipped {
		f, err := os.Open(filepath.Join(root, name))
		if err != nil {
			t.Errorf("%s shipped in a release and must stay: %v", name, err)
			continue
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			t.Errorf("%s changed (sha256 %s, released as %s): released migrations are never edited; "+
				"undo the edit and put the change in a new migration", name, got, want)
		}
	}
}

// release1 is a database written by the first release (main at bb9e824):
// `hotline demo --tickets 60`, then problems, a private comment, an update,
// a new ticket with a full requester, a renamed tag, a closed ticket and a
// link, so that every table holds rows.
const release1 = "testdata/release1.db"

// schemas are every schema the binary opens a database with.
var schemas = app.Schemas

func TestFirstReleaseDatabaseUpgradesKeepingEveryRow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	orig := filepath.Join(dir, "orig.db")
	upgraded := filepath.Join(dir, "upgraded.db")
	copyFile(t, release1, orig)
	copyFile(t, release1, upgraded)

	before := dumpTables(t, orig, nil, nil)
	if len(before["tickets"]) < 60 || len(before["ticket_history"]) == 0 || len(before["problem_tickets"]) == 0 ||
		len(before["ticket_articles"]) == 0 || len(before["followups"]) == 0 || len(before["segments"]) == 0 {
		t.Fatalf("the release database lacks rows to check: %d tickets", len(before["tickets"]))
	}

	d, err := db.Open(ctx, upgraded, schemas...)
	if err != nil {
		t.Fatalf("upgrade the first release's database: %v", err)
	}
	v, err := db.Versions(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range schemas {
		if v[s.Name] != s.Latest() {
			t.Errorf("%s schema at version %d after upgrade, want %d", s.Name, v[s.Name], s.Latest())
		}
	}
	var integrity string
	if err := d.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("integrity after upgrade: %s %v", integrity, err)
	}
	rows, err := d.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("foreign keys broken after upgrade")
	}
	rows.Close()

	// What the stores read: every ticket, its follow-ups, history and links.
	ts := tickets.NewStore(d.DB, tickets.Options{})
	var followups, history, links int
	for _, r := range before["tickets"] {
		id := r[0].(int64)
		tk, err := ts.Get(ctx, id)
		if err != nil {
			t.Fatalf("ticket #%d after upgrade: %v", id, err)
		}
		if tk.Title != r[1] {
			t.Errorf("ticket #%d title %q, was %q", id, tk.Title, r[1])
		}
		f, err := ts.Followups(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		h, err := ts.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		l, err := ts.Links(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		followups, history, links = followups+len(f), history+len(h), links+len(l)
	}
	if followups != len(before["followups"]) || history != len(before["ticket_history"]) || links != len(before["ticket_articles"]) {
		t.Errorf("through the store: %d follow-ups, %d history entries, %d links; the release had %d, %d, %d",
			followups, history, links, len(before["followups"]), len(before["ticket_history"]), len(before["ticket_articles"]))
	}
	if found, err := ts.Search(ctx, "imprimante", 5); err != nil || len(found) == 0 {
		t.Errorf("ticket search after upgrade: %d found, %v", len(found), err)
	}
	ks := kb.NewStore(d.DB, kb.Options{})
	if res, err := ks.Search(ctx, "VPN", kb.SearchOptions{}); err != nil || len(res) == 0 {
		t.Errorf("kb search after upgrade: %d found, %v", len(res), err)
	}
	d.Close()

	// Every row of every table of the release, column for column (new
	// columns added by later migrations are not compared).
	after := dumpTables(t, upgraded, columnsOf(t, orig), movedColumns)
	for table, want := range before {
		got := after[table]
		if len(got) != len(want) {
			t.Errorf("%s: %d rows after upgrade, %d before", table, len(got), len(want))
			continue
		}
		for i := range want {
			if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
				t.Errorf("%s row %d changed:\n before %v\n after  %v", table, i, want[i], got[i])
				break
			}
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// userTables lists the ordinary tables (not SQLite's, not full-text
// indexes or their shadow tables, which the indexes rebuild).
func userTables(t *testing.T, conn *sql.DB) map[string][]string {
	t.Helper()
	rows, err := conn.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	type tbl struct{ name, sql string }
	var all []tbl
	for rows.Next() {
		var x tbl
		var s sql.NullString
		if err := rows.Scan(&x.name, &s); err != nil {
			t.Fatal(err)
		}
		x.sql = s.String
		all = append(all, x)
	}
	rows.Close()
	out := map[string][]string{}
	for _, x := range all {
		if strings.Contains(strings.ToUpper(x.sql), "VIRTUAL TABLE") {
			continue
		}
		shadow := false
		for _, v := range all {
			if strings.Contains(strings.ToUpper(v.sql), "VIRTUAL TABLE") && strings.HasPrefix(x.name, v.name+"_") {
				shadow = true
			}
		}
		if shadow || x.name == "schema_migrations" {
			continue
		}
		// Stored columns only: generated ones follow from them.
		cr, err := conn.Query(fmt.Sprintf(`SELECT name FROM pragma_table_xinfo(%s) WHERE hidden = 0`, quote(x.name)))
		if err != nil {
			t.Fatal(err)
		}
		for cr.Next() {
			var c string
			cr.Scan(&c)
			out[x.name] = append(out[x.name], c)
		}
		cr.Close()
	}
	return out
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func columnsOf(t *testing.T, path string) map[string][]string {
	conn := openRaw(t, path)
	defer conn.Close()
	return userTables(t, conn)
}

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// dumpTables reads every row of the given tables' columns (all user tables
// when cols is nil), sorted, as printable values.
// movedColumns says where a later migration moved a column of the
// release, as an expression read instead of it.
var movedColumns = map[string]string{
	// kb 0002: an article's path is part of its key in article_meta; the
	// old column was retired (source_v1, emptied).
	"articles.source": `(SELECT path FROM article_meta m WHERE m.article_id = articles.id)`,
}

func dumpTables(t *testing.T, path string, cols map[string][]string, moved map[string]string) map[string][][]any {
	t.Helper()
	conn := openRaw(t, path)
	defer conn.Close()
	if cols == nil {
		cols = userTables(t, conn)
	}
	out := map[string][][]any{}
	for table, cs := range cols {
		quoted := make([]string, len(cs))
		order := make([]string, len(cs))
		for i, c := range cs {
			quoted[i] = fmt.Sprintf("%q", c)
			if e, ok := moved[table+"."+c]; ok {
				quoted[i] = e
			}
			order[i] = fmt.Sprint(i + 1)
		}
		rows, err := conn.Query(fmt.Sprintf(`SELECT %s FROM %q ORDER BY %s`, strings.Join(quoted, ", "), table, strings.Join(order, ", ")))
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		for rows.Next() {
			vals := make([]any, len(cs))
			ptrs := make([]any, len(cs))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			out[table] = append(out[table], vals)
		}
		rows.Close()
	}
	return out
}
