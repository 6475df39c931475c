package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestTicketBulkChangesAllOrNothing(t *testing.T) {
	c := newCLI(t)
	c.ok("tech", "add", "tester", "--name", "Testeur", "--role", "admin")
	c.ok("tech", "add", "ndiallo", "--name", "Nadia Diallo", "--user", "tester")
	c.ok("tech", "add", "obs", "--role", "observer", "--user", "tester")
	for _, title := range []string{"VPN coupé", "Teams sans son", "Outlook bloqué"} {
		c.ok("ticket", "add", "--title", title, "--tag", "urgent")
	}
	c.run("# Relancer le VPN\n\nÉtapes.\n", "kb", "add")

	out := c.ok("ticket", "bulk", "--ids", "1,2,#3", "--assignee", "ndiallo", "--tag", "+vpn,-urgent", "--comment", "Incident réseau en cours.", "--article", "1")
	if !strings.HasPrefix(out, "3 tickets → ndiallo, tags +vpn -urgent, public follow-up, article 1 \"Relancer le VPN\": #1 #2 #3") {
		t.Errorf("summary %q", out)
	}
	var shown struct {
		Assignee string   `json:"assignee"`
		Status   string   `json:"status"`
		Tags     []string `json:"tags"`
	}
	for _, id := range []string{"1", "2", "3"} {
		if err := json.Unmarshal([]byte(c.ok("ticket", "show", id, "--json")), &shown); err != nil {
			t.Fatal(err)
		}
		if shown.Assignee != "ndiallo" || shown.Status != "assigned" || strings.Join(shown.Tags, " ") != "vpn" {
			t.Errorf("#%s after bulk: %+v", id, shown)
		}
		if h := c.ok("ticket", "history", id); !strings.Contains(h, "ndiallo") || !strings.Contains(h, "vpn") {
			t.Errorf("#%s history does not record the bulk change:\n%s", id, h)
		}
	}
	// One ticket that cannot take the change: nothing changes, the ticket is named.
	c.ok("ticket", "update", "3", "--status", "closed")
	r := c.run("", "ticket", "bulk", "--ids", "1,3", "--status", "solved", "--comment", "fait")
	if r.code == 0 || !strings.Contains(r.stderr, "ticket #3") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Fatalf("bulk on a closed ticket: %d %q", r.code, r.stderr)
	}
	if s := c.ok("ticket", "show", "1", "--json"); !strings.Contains(s, `"status": "assigned"`) {
		t.Errorf("ticket 1 changed though the bulk action was refused:\n%s", s)
	}
	// Standard input, an observer, bad input.
	if out := c.run("1\n2\n", "ticket", "bulk", "--ids", "-", "--comment", "note", "--private"); out.code != 0 || !strings.Contains(out.stdout, "2 tickets private note: #1 #2") {
		t.Errorf("--ids -: %+v", out)
	}
	if r := c.run("", "ticket", "bulk", "--ids", "1", "--comment", "x", "--user", "obs"); r.code == 0 || !strings.Contains(r.stderr, "observer") {
		t.Errorf("observer: %+v", r)
	}
	for _, args := range [][]string{
		{"--ids", "1,abc", "--comment", "x"},
		{"--ids", "1"},
		{"--ids", "", "--comment", "x"},
		{"--ids", "1", "--status", "done"},
		{"--ids", "1", "--private"},
	} {
		if r := c.run("", append([]string{"ticket", "bulk"}, args...)...); r.code != 2 {
			t.Errorf("bulk %v: exit %d %q, want a usage error", args, r.code, r.stderr)
		}
	}
}
