package cli

import (
	"strings"
	"testing"
)

func TestDemoRefusesANonEmptyDatabase(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "mon vrai ticket")
	r := c.run("", "demo", "--tickets", "30")
	if r.code != 1 || !strings.Contains(r.stderr, "already holds 1 tickets") || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("demo on a non-empty database: %+v", r)
	}
	if out := c.ok("demo", "--if-empty"); !strings.Contains(out, "demo not written") {
		t.Errorf("--if-empty: %q", out)
	}
	if out := c.ok("ticket", "show", "1"); !strings.Contains(out, "mon vrai ticket") {
		t.Error("the refused demo touched the database")
	}
	out := c.ok("demo", "--force", "--tickets", "30")
	if !strings.Contains(out, "30 tickets") {
		t.Errorf("demo --force: %q", out)
	}
	if out := c.ok("ticket", "list", "--status", "all", "--search", "mon vrai ticket"); !strings.Contains(out, "no tickets") {
		t.Errorf("--force should have emptied the database first:\n%s", out)
	}
}
