package cli

import (
	"strings"
	"testing"
)

// kb rm: the author (recorded by kb add) or an admin deletes an article
// made by mistake; anyone else is told who may; the ticket it was linked
// to keeps a history row naming it.
func TestKBRemove(t *testing.T) {
	c := newCLI(t)
	c.ok("tech", "add", "root", "--role", "admin")
	c.ok("tech", "add", "alice", "--user", "root")
	c.ok("tech", "add", "bob", "--user", "root")
	c.run("Relancer le tunnel.\n", "kb", "add", "--title", "VPN en double", "--user", "alice")
	c.ok("ticket", "add", "--title", "VPN coupé", "--user", "alice")
	c.ok("ticket", "link", "1", "1", "--user", "alice")
	r := c.run("", "kb", "rm", "1", "--user", "bob")
	if r.code != 1 || !strings.Contains(r.stderr, "hotline: kb rm: ") || !strings.Contains(r.stderr, "created by alice: only an admin or alice may delete it") {
		t.Fatalf("bob: %+v", r)
	}
	c.ok("kb", "show", "1", "--user", "bob")
	if out := c.ok("kb", "rm", "1", "--user", "alice"); !strings.Contains(out, "article 1 deleted; 1 tickets lost the link") {
		t.Errorf("alice: %q", out)
	}
	if out := c.ok("ticket", "history", "1", "--user", "alice"); !strings.Contains(out, "article deleted") || !strings.Contains(out, "VPN en double") {
		t.Errorf("history:\n%s", out)
	}
	if r := c.run("", "kb", "show", "1", "--user", "alice"); r.code != 1 {
		t.Errorf("article still there: %+v", r)
	}
}
