package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/internal/text"
	"hotline/tickets"
)

// ticket update changes everything the interface can, requester included,
// one part at a time.
func TestTicketUpdateChangesTheRequester(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "x", "--requester", "Léa", "--service", "Voirie", "--email", "lea@ex.fr", "--phone", "01")
	c.ok("ticket", "update", "1", "--service", "Culture", "--phone", "06 12", "--description", "nouvelle", "--device", "PC-12")
	var tk tickets.Record
	json.Unmarshal([]byte(c.ok("ticket", "show", "1", "--json")), &tk)
	if tk.Requester.Name != "Léa" || tk.Requester.Service != "Culture" || tk.Requester.Email != "lea@ex.fr" || tk.Requester.Phone != "06 12" ||
		tk.Description != "nouvelle" || tk.Device != "PC-12" {
		t.Errorf("after update: %+v", tk)
	}
	c.ok("ticket", "update", "1", "--requester", "Léa Martin", "--email", "")
	json.Unmarshal([]byte(c.ok("ticket", "show", "1", "--json")), &tk)
	if tk.Requester.Name != "Léa Martin" || tk.Requester.Email != "" || tk.Requester.Service != "Culture" {
		t.Errorf("after the second update: %+v", tk.Requester)
	}
	if out := c.ok("ticket", "history", "1"); !strings.Contains(out, "requester.service: Voirie → Culture") {
		t.Errorf("history:\n%s", out)
	}
}

// kb add says how to give the body when a person types it, and refuses
// an empty one.
func TestKBAddBodyFromATerminal(t *testing.T) {
	c := newCLI(t)
	c.tty = true
	r := c.run("# Wifi\n\nRedémarrez la box.\n", "kb", "add")
	if r.code != 0 || !strings.Contains(r.stderr, "ctrl+d") {
		t.Errorf("typed body: %+v", r)
	}
	c.tty = false
	if r := c.run("", "kb", "add", "--title", "Vide"); r.code != 2 || !strings.Contains(r.stderr, "body is empty") {
		t.Errorf("empty body: %+v", r)
	}
	if r := c.run("  \n\n", "kb", "add", "--title", "Vide"); r.code != 2 {
		t.Errorf("blank body: %+v", r)
	}
	if r := c.run("corps", "kb", "add", "--title", "Sans indication"); r.code != 0 || strings.Contains(r.stderr, "ctrl+d") {
		t.Errorf("a body from a file or a pipe needs no hint: %+v", r)
	}
}

// A --db in a folder that does not exist is an error saying how to create
// it; a new database in an existing folder is created.
func TestDatabaseInAMissingFolder(t *testing.T) {
	c := newCLI(t)
	missing := filepath.Join(t.TempDir(), "typo", "h.db")
	r := c.run("", "--db", missing, "ticket", "list")
	if r.code != 1 || !strings.Contains(r.stderr, "does not exist") || !strings.Contains(r.stderr, "mkdir -p "+filepath.Dir(missing)) {
		t.Errorf("missing folder: %+v", r)
	}
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Error("the folder was created")
	}
	fresh := filepath.Join(t.TempDir(), "new.db")
	if r := c.run("", "--db", fresh, "ticket", "add", "--title", "x"); r.code != 0 {
		t.Errorf("new database in an existing folder: %+v", r)
	}
}

// Unknown keys in the config file are reported with their line.
func TestUnknownConfigKey(t *testing.T) {
	c := newCLI(t)
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(cfg, []byte("user: marie\ntheme: dark\ncategoires: [a]\n"), 0o644)
	if r := c.run("", "--config", cfg, "ticket", "list"); r.code != 1 || !strings.Contains(r.stderr, `line 3: unknown key "categoires"`) {
		t.Errorf("unknown key: %+v", r)
	}
}

// Every list pages the same way: a JSON array on stdout, "next: CURSOR"
// on stderr, --after CURSOR for the next page, --limit 0 for everything.
func TestOnePaginationConventionForEveryList(t *testing.T) {
	c := newCLI(t)
	for i := 0; i < 5; i++ {
		c.ok("ticket", "add", "--title", "vpn "+strings.Repeat("x", i+1))
		if r := c.run("corps", "kb", "add", "--title", "Article "+strings.Repeat("x", i+1)); r.code != 0 {
			t.Fatal(r)
		}
		c.ok("problem", "add", "--title", "Problème "+strings.Repeat("x", i+1))
	}
	for _, list := range [][]string{{"ticket", "list"}, {"kb", "list"}, {"problem", "list"}} {
		seen := map[float64]bool{}
		after := ""
		for pageNo := 0; ; pageNo++ {
			args := append(append([]string{}, list...), "--json", "--limit", "2")
			if after != "" {
				args = append(args, "--after", after)
			}
			r := c.run("", args...)
			var page []map[string]any
			if r.code != 0 || json.Unmarshal([]byte(r.stdout), &page) != nil {
				t.Fatalf("%v: %+v", args, r)
			}
			for _, it := range page {
				seen[it["id"].(float64)] = true
			}
			next := ""
			for _, line := range strings.Split(r.stderr, "\n") {
				if v, ok := strings.CutPrefix(line, "next: "); ok {
					next = v
				}
			}
			if next == "" {
				break
			}
			if pageNo > 5 {
				t.Fatalf("%v: never ends", list)
			}
			after = next
		}
		if len(seen) != 5 {
			t.Errorf("%v: paging saw %d items, want 5", list, len(seen))
		}
		r := c.run("", append(append([]string{}, list...), "--json", "--limit", "0")...)
		var all []map[string]any
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &all) != nil || len(all) != 5 || strings.Contains(r.stderr, "next:") {
			t.Errorf("%v --limit 0: %d items, %+v", list, len(all), r)
		}
		if r := c.run("", append(append([]string{}, list...), "--after", "nonsense")...); r.code != 2 {
			t.Errorf("%v --after nonsense: %+v", list, r)
		}
	}
}

// Shell completion: the scripts, and values from the database and the
// config (statuses, categories, tags, technicians, ticket numbers).
func TestShellCompletion(t *testing.T) {
	c := newCLI(t)
	for _, sh := range []string{"bash", "zsh", "fish"} {
		if r := c.run("", "completion", sh); r.code != 0 || !strings.Contains(r.stdout, "hotline") {
			t.Errorf("completion %s: exit %d", sh, r.code)
		}
	}
	// No database yet: completing never creates one.
	c.run("", "__complete", "ticket", "show", "")
	if _, err := os.Stat(c.db); err == nil {
		t.Fatal("completion created the database")
	}
	c.ok("ticket", "add", "--title", "Imprimante bloquée", "--tag", "impression", "--assignee", "karim")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ticket", "list", "--status", ""}, "overdue"},
		{[]string{"problem", "list", "--status", ""}, "known"},
		{[]string{"ticket", "add", "--category", ""}, "Réseau/VPN"},
		{[]string{"ticket", "update", "1", "--add-tag", ""}, "impression"},
		{[]string{"ticket", "list", "--assignee", ""}, "karim"},
		{[]string{"ticket", "show", ""}, "1\tImprimante bloquée"},
		{[]string{"ticket", "add", "--connection", ""}, "4g"},
	} {
		r := c.run("", append([]string{"__complete"}, tc.args...)...)
		if r.code != 0 || !strings.Contains(r.stdout, tc.want) {
			t.Errorf("complete %v: %q, want %q", tc.args, r.stdout, tc.want)
		}
	}
}

// ticket list fits the terminal's width, and prints every column in full
// when standard output is not a terminal.
func TestTicketTableFitsTheTerminal(t *testing.T) {
	c := newCLI(t)
	long := "L'imprimante du deuxième étage refuse tous les travaux depuis la mise à jour de ce matin"
	c.ok("ticket", "add", "--title", long, "--requester", "Jeanne Martin", "--service", "Ressources humaines", "--category", "Impression", "--assignee", "mlefebvre")
	for _, w := range []int{60, 80, 100, 200} {
		c.width = w
		out := c.ok("ticket", "list")
		for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			if n := textWidth(line); n > w {
				t.Errorf("width %d: a line of %d cells: %q", w, n, line)
			}
		}
		if w >= 100 && !strings.Contains(out, "Jeanne Martin") {
			t.Errorf("width %d drops the requester:\n%s", w, out)
		}
	}
	c.width = 0
	out := c.ok("ticket", "list")
	for _, want := range []string{long, "Jeanne Martin (Ressources", "Impression", "mlefebvre"} {
		if !strings.Contains(out, want) {
			t.Errorf("not a terminal: %q missing from\n%s", want, out)
		}
	}
}

func textWidth(s string) int { return text.Width(s) }
