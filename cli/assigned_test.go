package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// "assigned" with nobody assigned is refused by the command line and by
// the import (the bad row named, the others imported).
func TestAssignedWithNobodyIsRefused(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "VPN", "--description", "coupé")
	r := c.run("", "ticket", "update", "1", "--status", "assigned")
	if r.code == 0 || !strings.Contains(r.stderr, "assigned needs someone assigned") {
		t.Fatalf("update --status assigned with nobody: exit %d, stderr %q", r.code, r.stderr)
	}
	csv := "title,description,status,assignee\nbon,ok,assigned,karim\norphelin,ko,assigned,\n"
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	r = c.run("", "ticket", "import", path)
	if !strings.Contains(r.stderr+r.stdout, "assigned needs someone assigned") {
		t.Fatalf("import: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	out := c.ok("ticket", "list", "--status", "all")
	if !strings.Contains(out, "bon") || strings.Contains(out, "orphelin") {
		t.Fatalf("after import:\n%s", out)
	}
}

// `ticket update N --status pending --assignee bob` keeps the asked status,
// on an open ticket as on a solved one (it once ended "assigned").
func TestUpdateStatusAndAssigneeTogether(t *testing.T) {
	c := newCLI(t)
	c.ok("tech", "add", "bob", "--name", "Bob Martin")
	c.ok("ticket", "add", "--title", "VPN", "--description", "coupé")
	c.ok("ticket", "add", "--title", "Imprimante", "--description", "bourrage")
	c.ok("ticket", "update", "2", "--status", "solved")
	for _, id := range []string{"1", "2"} {
		out := c.ok("ticket", "update", id, "--status", "pending", "--assignee", "bob")
		if !strings.Contains(out, "status pending") || !strings.Contains(out, "assignee bob") {
			t.Errorf("ticket update %s --status pending --assignee bob said:\n%s", id, out)
		}
		show := c.ok("ticket", "show", id, "--json")
		if !strings.Contains(show, `"status": "pending"`) || !strings.Contains(show, `"assignee": "bob"`) {
			t.Errorf("ticket %s after --status pending --assignee bob:\n%s", id, show)
		}
	}
}
