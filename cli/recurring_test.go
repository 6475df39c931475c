package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"hotline/app"
)

func TestTagCommands(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "vpn coupé", "--tag", "vpn-forti")
	c.ok("ticket", "add", "--title", "vpn lent", "--tag", "vpn")
	c.ok("ticket", "add", "--title", "vpn encore", "--tag", "vpn", "--tag", "vpn-forti")
	var tags []struct {
		Tag     string `json:"tag"`
		Tickets int    `json:"tickets"`
	}
	json.Unmarshal([]byte(c.ok("tag", "list", "--json")), &tags)
	if len(tags) != 2 || tags[0].Tickets != 2 {
		t.Errorf("tag list = %+v", tags)
	}
	if r := c.run("", "tag", "rename", "vpn-forti", "vpn"); r.code != 2 || !strings.Contains(r.stderr, "hotline tag merge vpn-forti vpn") {
		t.Errorf("rename onto a used tag: %+v", r)
	}
	if out := c.ok("--user", "bob", "tag", "merge", "vpn-forti", "vpn"); !strings.Contains(out, "2 tickets") {
		t.Errorf("merge: %q", out)
	}
	if out := c.ok("tag", "list"); strings.Contains(out, "vpn-forti") || !strings.Contains(out, "vpn") {
		t.Errorf("after merge:\n%s", out)
	}
	if out := c.ok("ticket", "history", "1"); !strings.Contains(out, "bob") || !strings.Contains(out, "tag: vpn-forti → vpn") {
		t.Errorf("merge left no history on ticket 1:\n%s", out)
	}
	if r := c.run("", "tag", "rename", "nosuch", "x"); r.code != 2 || !strings.Contains(r.stderr, `no ticket is tagged "nosuch"`) {
		t.Errorf("renaming an unknown tag: %+v", r)
	}
}

func TestProblemCommands(t *testing.T) {
	c := newCLI(t)
	for i := 0; i < 3; i++ {
		c.ok("ticket", "add", "--title", "VPN se coupe", "--tag", "vpn")
	}
	if r := c.run("", "problem", "add", "--title", "x", "1", "99"); r.code != 1 || !strings.Contains(r.stderr, "#99 does not exist") {
		t.Errorf("problem with an unknown ticket: %+v", r)
	}
	out := c.ok("problem", "add", "--title", "Coupures VPN", "--workaround", "Reconnecter en filaire", "1", "2")
	if !strings.Contains(out, "problem 1 created with 2 incidents") {
		t.Errorf("problem add: %q", out)
	}
	c.ok("problem", "link", "1", "3")
	var p problemJSON
	json.Unmarshal([]byte(c.ok("problem", "show", "1", "--json")), &p)
	if p.Incidents != 3 || p.Open != 3 || len(p.Tickets) != 3 || p.Workaround != "Reconnecter en filaire" {
		t.Errorf("problem show = %+v", p)
	}
	if out := c.ok("problem", "solve", "1", "--incidents"); !strings.Contains(out, "3 open incidents solved") {
		t.Errorf("solve: %q", out)
	}
	var tk app.DetailRecord
	json.Unmarshal([]byte(c.ok("ticket", "show", "2", "--json")), &tk)
	if tk.Status != "solved" || len(tk.Comments) != 1 || !strings.Contains(tk.Comments[0].Body, "Reconnecter en filaire") {
		t.Errorf("incident after solve: %s %+v", tk.Status, tk.Comments)
	}
	if out := c.ok("problem", "list", "--status", "solved"); !strings.Contains(out, "Coupures VPN") {
		t.Errorf("problem list: %q", out)
	}
	// A problem made from a recurring issue links its tickets.
	out = c.ok("problem", "add", "--cluster", "tag:vpn", "--json")
	json.Unmarshal([]byte(out), &p)
	if p.Incidents != 3 || p.Title != "#vpn" {
		t.Errorf("problem from a cluster: %+v", p)
	}
	if r := c.run("", "problem", "add", "--cluster", "tag:nope"); r.code != 2 {
		t.Errorf("unknown cluster: %+v", r)
	}
}

func TestReportAndSimilarCommands(t *testing.T) {
	c := newCLI(t)
	for _, title := range []string{"caméra noire dans Teams", "Teams ne voit plus ma caméra", "ma caméra ne marche pas", "imprimante bloquée"} {
		c.ok("ticket", "add", "--title", title, "--category", "Teams")
	}
	out := c.ok("ticket", "similar", "1")
	if !strings.Contains(out, "Teams ne voit plus ma caméra") || strings.Contains(out, "imprimante") {
		t.Errorf("similar:\n%s", out)
	}
	for _, format := range []string{"text", "markdown", "json", "csv"} {
		if out := c.ok("report", "--format", format); !strings.Contains(out, "4") {
			t.Errorf("report --format %s:\n%s", format, out)
		}
	}
	if r := c.run("", "report", "--from", "28/11/2026"); r.code != 2 || !strings.Contains(r.stderr, "use a date like") {
		t.Errorf("bad date: %+v", r)
	}
	if r := c.run("", "report", "--from", "2026-11-01", "--to", "2026-10-01"); r.code != 2 || !strings.Contains(r.stderr, "--to: the end (2026-10-01) must come after the start (2026-11-01)") {
		t.Errorf("reversed period: %+v", r)
	}
}
