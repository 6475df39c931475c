package cli

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// copyDB copies a closed database file (and its WAL, if any) to a new
// folder.
func copyDB(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "copy.db")
	for _, suffix := range []string{"", "-wal"} {
		src, err := os.Open(from + suffix)
		if os.IsNotExist(err) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.Create(to + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		src.Close()
		dst.Close()
	}
	return to
}

// withoutTickets empties a database of its tickets (and everything that
// hangs on them), keeping the knowledge base as it was.
func withoutTickets(t *testing.T, path string) {
	t.Helper()
	d, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, q := range []string{
		`DELETE FROM problem_tickets`, `DELETE FROM problems`, `DELETE FROM tickets`,
		`INSERT INTO tickets_fts(tickets_fts) VALUES ('delete-all')`, `DELETE FROM ticket_import_keys`,
	} {
		if _, err := d.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var n int
	d.QueryRow(`SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM followups) + (SELECT count(*) FROM ticket_history) + (SELECT count(*) FROM ticket_articles)`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d rows left", n)
	}
}

func ticketIDs(t *testing.T, c *cli) []int64 {
	t.Helper()
	var list []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(c.ok("ticket", "list", "--status", "all", "--limit", "1000", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(list))
	for i, x := range list {
		ids[i] = x.ID
	}
	return ids
}

var generatedAt = regexp.MustCompile(`"generated_at":\s*"[^"]*"`)

// Export then import restores every ticket exactly: into a database
// holding the same knowledge base, every `ticket show --json` and the whole
// report are the same; into an empty one, follow-ups, history and times
// are, and every link whose article is missing is reported by name.
func TestExportImportRoundTripOnTheDemo(t *testing.T) {
	src := newCLI(t)
	src.ok("demo", "--tickets", "60")
	src.ok("problem", "add", "--title", "VPN coupé en 4G", "--workaround", "Redémarrer le partage", "1", "2", "3")
	// Make sure the demo has what must survive the trip.
	var n struct {
		Comments, History, Links, Problems, Private, Answered int
	}
	d, _ := sql.Open("sqlite3", src.db)
	d.QueryRow(`SELECT (SELECT count(*) FROM followups), (SELECT count(*) FROM ticket_history), (SELECT count(*) FROM ticket_articles),
		(SELECT count(*) FROM problem_tickets), (SELECT count(*) FROM followups WHERE private), (SELECT count(*) FROM tickets WHERE first_response_at IS NOT NULL)`).
		Scan(&n.Comments, &n.History, &n.Links, &n.Problems, &n.Private, &n.Answered)
	d.Close()
	if n.Comments == 0 || n.History == 0 || n.Links == 0 || n.Problems == 0 || n.Private == 0 || n.Answered == 0 {
		t.Fatalf("the demo lacks something to carry: %+v", n)
	}
	export := src.ok("ticket", "export")
	file := filepath.Join(t.TempDir(), "tickets.jsonl")
	os.WriteFile(file, []byte(export), 0o644)
	ids := ticketIDs(t, src)

	same := newCLI(t)
	same.db = copyDB(t, src.db)
	withoutTickets(t, same.db)
	if out := same.ok("ticket", "import", file); out != fmt.Sprintf("imported %d, already there 0, failed 0\n", len(ids)) {
		t.Fatalf("import into the same knowledge base: %s", out)
	}
	if got := ticketIDs(t, same); len(got) != len(ids) {
		t.Fatalf("%d tickets after the trip, want %d", len(got), len(ids))
	}
	for _, id := range ids {
		for _, cmd := range [][]string{{"ticket", "show", fmt.Sprint(id), "--json"}, {"ticket", "history", fmt.Sprint(id), "--json"}} {
			if a, b := src.ok(cmd...), same.ok(cmd...); a != b {
				t.Errorf("%s differs after the trip:\n%s\n%s", strings.Join(cmd, " "), a, b)
			}
		}
	}
	a := generatedAt.ReplaceAllString(src.ok("report", "--format", "json"), "")
	b := generatedAt.ReplaceAllString(same.ok("report", "--format", "json"), "")
	if a != b {
		t.Errorf("the report differs after the trip:\n%s\n%s", a, b)
	}

	// Into an empty database: no article to link, each missing one named.
	empty := newCLI(t)
	r := empty.run("", "ticket", "import", file)
	if r.code != 1 || !strings.Contains(r.stdout, fmt.Sprintf("imported %d, already there 0, failed 0", len(ids))) ||
		!strings.Contains(r.stderr, "not in this knowledge base") {
		t.Fatalf("import into an empty database: %+v", r)
	}
	if missing := strings.Count(r.stderr, "not in this knowledge base"); missing == 0 {
		t.Error("no missing article reported")
	}
	for _, id := range ids {
		var want, got map[string]any
		json.Unmarshal([]byte(src.ok("ticket", "show", fmt.Sprint(id), "--json")), &want)
		json.Unmarshal([]byte(empty.ok("ticket", "show", fmt.Sprint(id), "--json")), &got)
		delete(want, "articles")
		delete(got, "articles")
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if string(wj) != string(gj) {
			t.Errorf("ticket %d differs in an empty database (articles aside):\n%s\n%s", id, wj, gj)
		}
		h := []string{"ticket", "history", fmt.Sprint(id), "--json"}
		if a, b := src.ok(h...), empty.ok(h...); a != b {
			t.Errorf("history of %d differs in an empty database:\n%s\n%s", id, a, b)
		}
	}
}
