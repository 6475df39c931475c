package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/internal/sshtest"
)

// TestTechniciansAndRoles: setting a team up from the command line, and
// the same role rules for every write.
func TestTechniciansAndRoles(t *testing.T) {
	c := newCLI(t)
	// A fresh database: whoever runs hotline sets the team up.
	keyFile := filepath.Join(t.TempDir(), "id_ed25519.pub")
	if err := os.WriteFile(keyFile, []byte(sshtest.AuthorizedKey(t, "marie@laptop")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.ok("tech", "add", "mlefebvre", "--name", "Marie Lefebvre", "--key", keyFile, "--role", "admin")
	c.ok("tech", "add", "ndiallo", "--name", "Nadia Diallo", "--key", sshtest.AuthorizedKey(t, "nadia@pc"), "--user", "mlefebvre")
	c.ok("tech", "add", "obs", "--role", "observer", "--user", "mlefebvre")

	var list []struct {
		Login, Name, Role string
		Keys              []struct{ Fingerprint, Comment string }
	}
	if err := json.Unmarshal([]byte(c.ok("tech", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].Login != "mlefebvre" || list[0].Role != "admin" || len(list[0].Keys) != 1 || list[0].Keys[0].Comment != "marie@laptop" {
		t.Fatalf("tech list: %+v", list)
	}

	// Now that there is an admin, the local $USER (tester) is nobody.
	r := c.run("", "ticket", "add", "--title", "VPN")
	if r.code != 1 || !strings.Contains(r.stderr, "tester is not in the technicians directory") || !strings.Contains(r.stderr, "mlefebvre") {
		t.Fatalf("unknown local user: %+v", r)
	}
	id := strings.TrimSpace(c.ok("ticket", "add", "--title", "VPN", "--user", "ndiallo"))
	// Assigning outside the directory is refused with the logins.
	r = c.run("", "ticket", "update", id, "--assignee", "zorro", "--user", "ndiallo")
	if r.code == 0 || !strings.Contains(r.stderr, "mlefebvre, ndiallo") {
		t.Fatalf("assign to zorro: %+v", r)
	}
	c.ok("ticket", "update", id, "--assignee", "ndiallo", "--user", "ndiallo")

	// An observer reads and changes nothing; a technician cannot manage
	// the team.
	c.ok("ticket", "show", id, "--user", "obs")
	for _, args := range [][]string{
		{"ticket", "comment", id, "--text", "vu", "--user", "obs"},
		{"ticket", "update", id, "--status", "solved", "--user", "obs"},
	} {
		if r := c.run("", args...); r.code != 1 || !strings.Contains(r.stderr, "observer") {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	for _, args := range [][]string{
		{"tech", "role", "obs", "admin", "--user", "ndiallo"},
		{"tag", "merge", "a", "b", "--user", "ndiallo"},
	} {
		if r := c.run("", args...); r.code != 1 || !strings.Contains(r.stderr, "only admins") {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	c.ok("tech", "role", "obs", "technician", "--user", "mlefebvre")
	c.ok("ticket", "comment", id, "--text", "vu", "--user", "obs")

	// Keys and disabling.
	fp := list[1].Keys[0].Fingerprint
	c.ok("tech", "key", "remove", "ndiallo", fp, "--user", "mlefebvre")
	c.ok("tech", "disable", "ndiallo", "--user", "mlefebvre")
	if r := c.run("", "ticket", "comment", id, "--text", "x", "--user", "ndiallo"); r.code != 1 || !strings.Contains(r.stderr, "disabled") {
		t.Fatalf("disabled: %+v", r)
	}
	if r := c.run("", "tech", "role", "mlefebvre", "technician", "--user", "mlefebvre"); r.code == 0 || !strings.Contains(r.stderr, "last admin") {
		t.Fatalf("last admin: %+v", r)
	}
	if r := c.run("", "tech", "add", "x", "--key", "/nonexistent.pub", "--user", "mlefebvre"); r.code != 2 || !strings.Contains(r.stderr, "no such file") {
		t.Fatalf("missing key file: %+v", r)
	}
}
