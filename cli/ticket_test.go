package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/app"
	"hotline/kb"
	"hotline/tickets"
)

func TestTicketAddShowUpdateCommentHistory(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("ticket", "add", "--title", "Caméra noire dans Teams", "--description", "Depuis la mise à jour",
		"--requester", "Léa Martin", "--service", "Voirie", "--email", "lea@exemple.fr", "--phone", "06 00 00 00 00",
		"--connection", "4g", "--device", "Latitude", "--category", "teams", "--urgency", "4", "--impact", "4", "--tag", "camera", "--tag", "Teams"))
	if id != "1" {
		t.Fatalf("ticket add printed %q, want the number 1", id)
	}
	var tk app.DetailRecord
	if err := json.Unmarshal([]byte(c.ok("ticket", "show", "1", "--json")), &tk); err != nil {
		t.Fatal(err)
	}
	if tk.Title != "Caméra noire dans Teams" || tk.Priority != 4 || tk.Category != "Teams" || tk.Connection != "4g" ||
		tk.Requester.Service != "Voirie" || strings.Join(tk.Tags, ",") != "camera,teams" || tk.Version != 1 || tk.Status != "new" {
		t.Errorf("show --json = %+v", tk)
	}
	if tk.Comments == nil || tk.Articles == nil {
		t.Error("show --json must always carry comments and articles arrays")
	}
	out := c.ok("--user", "mlefebvre", "ticket", "update", "1", "--assignee", "me", "--urgency", "5", "--add-tag", "urgent", "--if-version", "1")
	if !strings.Contains(out, "status assigned") || !strings.Contains(out, "assignee mlefebvre") || !strings.Contains(out, "P5") {
		t.Errorf("update output = %q", out)
	}
	c.ok("--user", "mlefebvre", "ticket", "comment", "1", "--text", "Avez-vous redémarré Teams ?")
	c.ok("--user", "mlefebvre", "ticket", "comment", "1", "--text", "agent difficile à joindre", "--private")
	json.Unmarshal([]byte(c.ok("ticket", "show", "1", "--json")), &tk)
	if len(tk.Comments) != 2 || !tk.Comments[1].Private || tk.Comments[0].Author != "mlefebvre" || tk.FirstResponseAt == "" {
		t.Errorf("comments = %+v", tk.Comments)
	}
	text := c.ok("ticket", "show", "1")
	for _, want := range []string{"#1  Caméra noire dans Teams", "assignee mlefebvre", "(private)", "Avez-vous redémarré Teams ?"} {
		if !strings.Contains(text, want) {
			t.Errorf("ticket show lacks %q:\n%s", want, text)
		}
	}
	var hist []changeJSON
	json.Unmarshal([]byte(c.ok("ticket", "history", "1", "--json")), &hist)
	fields := []string{}
	for _, h := range hist {
		fields = append(fields, h.Actor+":"+h.Field)
	}
	want := "tester:created tester:channel mlefebvre:urgency mlefebvre:priority mlefebvre:tag mlefebvre:assignee mlefebvre:status mlefebvre:comment mlefebvre:private comment"
	if strings.Join(fields, " ") != want {
		t.Errorf("history = %s\nwant      %s", strings.Join(fields, " "), want)
	}
}

func TestTicketBadInputExitCodesAndMessages(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "vpn")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ticket", "add"}, 2, "needs a title or a description"},
		{[]string{"ticket", "add", "--title", "x", "--urgency", "9"}, 2, "--urgency: 9 is out of range: use 1 (very low) to 5"},
		{[]string{"ticket", "add", "--title", "x", "--urgency", "0"}, 2, "--urgency: 0 is out of range"},
		{[]string{"ticket", "add", "--title", "x", "--category", "Cuisine"}, 2, `--category: "Cuisine" is not a known value: use one of Teams, Messagerie`},
		{[]string{"ticket", "add", "--title", "caf\xe9"}, 2, "not valid UTF-8"},
		{[]string{"ticket", "update", "1", "--status", "done"}, 2, `ticket update: invalid: --status: "done" is not a known value: use one of new, assigned`},
		{[]string{"ticket", "update", "1"}, 2, "nothing to change"},
		{[]string{"ticket", "update", "1", "--title", "y", "--if-version", "7"}, 1, "changed by someone else (you had version 7, it is now at 1)"},
		{[]string{"ticket", "show", "42"}, 1, "ticket #42 does not exist"},
		{[]string{"ticket", "show", "abc"}, 2, `"abc" is not a valid ticket number`},
		{[]string{"ticket", "list", "--status", "bogus"}, 2, `ticket list: invalid: --status: "bogus" is not a known value: use one of new, assigned, planned, pending, solved, closed, open, overdue, all`},
		{[]string{"ticket", "list", "--after", "nonsense"}, 2, `--after "nonsense": not a cursor of this list`},
		{[]string{"ticket", "list", "--limit", "-1"}, 2, "--limit -1 is out of range"},
		{[]string{"ticket", "frobnicate"}, 2, `unknown subcommand "frobnicate"`},
		{[]string{"ticket", "add", "--bogus"}, 2, "ticket add: unknown flag: --bogus (run `hotline ticket add --help`)"},
		{[]string{"nosuch"}, 2, `unknown command "nosuch"`},
	}
	for _, tc := range cases {
		r := c.run("", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("hotline %s: exit %d, stderr %q; want exit %d mentioning %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.code, tc.want)
		}
	}
	big := strings.Repeat("x", 50<<20)
	r := c.run(`{"title":"gros","description":"`+big+`"}`, "ticket", "add", "--json-in")
	if r.code != 2 || !strings.Contains(r.stderr, "description is limited to 1 MiB") {
		t.Errorf("50 MB description via --json-in: exit %d %q", r.code, r.stderr[:min(200, len(r.stderr))])
	}
	// Nothing of the above changed the one ticket there is.
	var tk tickets.Record
	json.Unmarshal([]byte(c.ok("ticket", "show", "1", "--json")), &tk)
	if tk.Version != 1 || tk.Title != "vpn" {
		t.Errorf("refused commands changed ticket 1: %+v", tk)
	}
	var list []tickets.Record
	json.Unmarshal([]byte(c.ok("ticket", "list", "--status", "all", "--json")), &list)
	if len(list) != 1 {
		t.Errorf("%d tickets stored, want 1", len(list))
	}
	if r := c.run("", "ticket", "add", "--help"); r.code != 0 || !strings.Contains(r.stdout, "--urgency") {
		t.Errorf("--help: exit %d %q", r.code, r.stdout)
	}
}

func TestTicketJSONInAndListPaging(t *testing.T) {
	c := newCLI(t)
	r := c.run(`{"title":"Outlook demande le mot de passe","requester":{"name":"Zoé","service":"RH"},"tags":["mfa"],"urgency":5,"impact":5}`, "ticket", "add", "--json-in", "--json")
	var tk tickets.Record
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &tk) != nil || tk.Priority != 5 || tk.Requester.Name != "Zoé" {
		t.Fatalf("json-in: %+v %q", r, r.stderr)
	}
	if r := c.run(`{"titel":"x"}`, "ticket", "add", "--json-in"); r.code != 2 || !strings.Contains(r.stderr, `unknown field "titel"`) {
		t.Errorf("typo in json-in: %+v", r)
	}
	for i := 0; i < 7; i++ {
		c.ok("ticket", "add", "--title", "ticket de télétravail", "--urgency", "1", "--impact", "1")
	}
	seen := 0
	after := ""
	for pages := 0; pages < 10; pages++ {
		args := []string{"ticket", "list", "--limit", "3", "--json"}
		if after != "" {
			args = append(args, "--after", after)
		}
		r := c.run("", args...)
		var page []tickets.Record
		if err := json.Unmarshal([]byte(r.stdout), &page); err != nil {
			t.Fatalf("list --json stdout is not only JSON: %v\n%s", err, r.stdout)
		}
		if pages == 0 && page[0].Priority != 5 {
			t.Error("highest priority not first")
		}
		seen += len(page)
		after = ""
		for _, l := range strings.Split(r.stderr, "\n") {
			if strings.HasPrefix(l, "next: ") {
				after = strings.TrimPrefix(l, "next: ")
			}
		}
		if after == "" {
			break
		}
	}
	if seen != 8 {
		t.Errorf("paged %d tickets, want 8", seen)
	}
	var found []tickets.Record
	json.Unmarshal([]byte(c.ok("ticket", "list", "--search", "TELETRAVAIL", "--json")), &found)
	if len(found) != 7 {
		t.Errorf("accent-insensitive search found %d, want 7", len(found))
	}
	if out := c.ok("ticket", "list", "--search", "teletrav"); !strings.Contains(out, "ticket de télétravail") {
		t.Errorf("text list: %s", out)
	}
}

func TestTicketImportExport(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "tickets.csv")
	os.WriteFile(csvPath, []byte("title,description,urgency,category,tags\nVPN,coupé,4,Réseau/VPN,vpn\nBad,x,9,Teams,\nImprimante,bloquée,2,Impression,\n"), 0o644)
	r := c.run("", "ticket", "import", csvPath)
	if r.code != 1 || !strings.Contains(r.stderr, csvPath+":3: urgency: 9 is out of range") || !strings.Contains(r.stdout, "imported 2, already there 0, failed 1") {
		t.Errorf("import: %+v", r)
	}
	// Run again (after an interruption, or to retry): only what is
	// missing is added; no progress line when output is not a terminal.
	r = c.run("", "ticket", "import", csvPath)
	if !strings.Contains(r.stdout, "imported 0, already there 2, failed 1") || strings.Contains(r.stderr, "\r") {
		t.Errorf("second import: %+v", r)
	}
	export := c.ok("ticket", "export", "--format", "jsonl")
	if n := strings.Count(export, "\n"); n != 2 {
		t.Fatalf("export has %d lines, want 2:\n%s", n, export)
	}
	jl := filepath.Join(dir, "again.jsonl")
	os.WriteFile(jl, []byte(export), 0o644)
	c2 := newCLI(t)
	if out := c2.ok("ticket", "import", jl); !strings.Contains(out, "imported 2, already there 0, failed 0") {
		t.Errorf("re-import of an export: %s", out)
	}
	csvOut := c.ok("ticket", "export", "--format", "csv")
	if !strings.HasPrefix(csvOut, "id,title,description,status") || !strings.Contains(csvOut, "Imprimante") {
		t.Errorf("csv export:\n%s", csvOut)
	}
	if r := c.run("", "ticket", "import", filepath.Join(dir, "nope.csv")); r.code != 1 || !strings.Contains(r.stderr, "no such file") {
		t.Errorf("missing file: %+v", r)
	}
	if r := c.run("", "ticket", "import", filepath.Join(dir, "x.xlsx")); r.code != 2 || !strings.Contains(r.stderr, "use a .csv or .jsonl file") {
		t.Errorf("unknown format: %+v", r)
	}
}

func TestDatabaseLocationAndVersion(t *testing.T) {
	c := newCLI(t)
	if out := c.ok("version"); !strings.Contains(out, "hotline ") || !strings.Contains(out, fmt.Sprintf("tickets v%d", tickets.Schema.Latest())) || !strings.Contains(out, "none yet") {
		t.Errorf("version before any database: %q", out)
	}
	if _, err := os.Stat(c.db); err == nil {
		t.Error("hotline version created a database")
	}
	c.ok("ticket", "add", "--title", "x")
	if out := c.ok("version"); !strings.Contains(out, fmt.Sprintf("database %s: tickets v%d, kb v%d", c.db, tickets.Schema.Latest(), kb.Schema.Latest())) {
		t.Errorf("version with a database: %q", out)
	}
	// HOTLINE_DB is used when --db is absent.
	dir := t.TempDir()
	p := filepath.Join(dir, "env", "h.db")
	os.Mkdir(filepath.Join(dir, "env"), 0o755)
	var out, errb strings.Builder
	streams := IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		return map[string]string{"HOTLINE_DB": p, "XDG_CONFIG_HOME": dir}[k]
	}}
	if code := Run(t.Context(), streams, "test", []string{"ticket", "add", "--title", "x"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(p); err != nil {
		t.Errorf("HOTLINE_DB not used: %v", err)
	}
	// An invalid config file is refused with its line.
	cfg := filepath.Join(dir, "bad.yaml")
	os.WriteFile(cfg, []byte("user: a\nlanguage: klingon\n"), 0o644)
	r := c.run("", "--config", cfg, "ticket", "list")
	if r.code == 0 || !strings.Contains(r.stderr, "line 2") {
		t.Errorf("bad config: %+v", r)
	}
}
