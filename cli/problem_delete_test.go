package cli

import (
	"strings"
	"testing"
)

// problem rm deletes a problem created by mistake: its creator or an admin
// may, anyone else is told who may and nothing changes; the incidents'
// history says the problem was deleted.
func TestProblemRemove(t *testing.T) {
	c := newCLI(t)
	c.ok("tech", "add", "root", "--role", "admin")
	c.ok("tech", "add", "alice", "--user", "root")
	c.ok("tech", "add", "bob", "--user", "root")
	c.ok("ticket", "add", "--title", "VPN coupé", "--user", "alice")
	c.ok("problem", "add", "--title", "VPN en 4G", "1", "--user", "alice")
	r := c.run("", "problem", "rm", "1", "--user", "bob")
	if r.code != 1 || !strings.Contains(r.stderr, "created by alice: only an admin or alice may delete it") {
		t.Fatalf("bob: %+v", r)
	}
	c.ok("problem", "show", "1", "--user", "bob")
	if out := c.ok("problem", "rm", "1", "--user", "alice"); !strings.Contains(out, "problem 1 deleted; 1 tickets lost the link") {
		t.Errorf("alice: %q", out)
	}
	if out := c.ok("ticket", "history", "1", "--user", "alice"); !strings.Contains(out, "problem deleted") {
		t.Errorf("history:\n%s", out)
	}
	if r := c.run("", "problem", "show", "1", "--user", "alice"); r.code != 1 {
		t.Errorf("problem still there: %+v", r)
	}
}
