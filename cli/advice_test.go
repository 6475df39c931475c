package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The domain says what went wrong; the command line adds the flag or the
// command that fixes it (the interface would name its own field).
func TestErrorsNameTheFlagOrCommand(t *testing.T) {
	c := newCLI(t)
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	for _, dir := range []string{a, b} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "vpn.md"), []byte("# VPN "+dir), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(a, "vpn.md"), filepath.Join(a, "lien.md")); err != nil {
		t.Fatal(err)
	}
	r := c.run("", "kb", "import", "--collection", "kb", a, b)
	if r.code != 1 || !strings.Contains(r.stderr, "lien.md: symbolic link, not followed (import with --follow-symlinks") {
		t.Errorf("link not followed: %+v", r)
	}
	if !strings.Contains(r.stderr, "vpn.md: also in "+a+` for collection "kb": import one of the folders with another --collection`) {
		t.Errorf("same file in two folders: %+v", r)
	}
	r = c.run("", "kb", "import", "--collection", "kb", b)
	if r.code != 1 || !strings.Contains(r.stderr, "import this folder with another --collection") {
		t.Errorf("collection already holding the file: %+v", r)
	}
	if r := c.run("", "kb", "import", "--collection", "a/b", b); r.code != 2 || !strings.Contains(r.stderr, `--collection "a/b"`) {
		t.Errorf("bad --collection: %+v", r)
	}
	if r := c.run("", "apikey", "revoke", "nothing"); r.code != 2 || !strings.Contains(r.stderr, "`hotline apikey list`") {
		t.Errorf("revoke an unknown key: %+v", r)
	}
	if r := c.run("", "mail", "outbox", "--retry", "99"); r.code != 1 || !strings.Contains(r.stderr, "`hotline mail outbox`") {
		t.Errorf("retry an unknown mail: %+v", r)
	}
}
