package attacks

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A technician imports a folder holding a file and a subfolder they may
// not read. Root reads everything whatever the mode, so when the tests run
// as root the import runs as nobody (uid 65534): the read really fails with
// "permission denied", each is reported as `path: reason`, and the rest is
// imported.
func TestKBImportReportsUnreadableFilesAndImportsTheRest(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test skipped with -short")
	}
	w := newWorld(t)
	w.ok("version") // creates the database
	kbDir := filepath.Join(w.dir, "kb")
	for name, body := range map[string]string{
		"vpn.md":               "# VPN\n\nRelancer FortiClient.\n",
		"imprimante.md":        "# Imprimante\n\nAjouter l'imprimante du bureau.\n",
		"secret.md":            "# Secret\n\nNe doit pas être lu.\n",
		"prive/interne.md":     "# Interne\n\nDossier illisible.\n",
		"lisible/teams-son.md": "# Teams : le son\n\nChoisir le casque.\n",
	} {
		p := filepath.Join(kbDir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The world is the technician's: the database and its folder are theirs
	// (nobody's when running as root), the two secrets are not readable.
	openDirs(t, w.dir)
	if os.Geteuid() == 0 {
		for _, p := range []string{w.dir, w.db, w.db + "-wal", w.db + "-shm"} {
			os.Chown(p, 65534, 65534)
		}
	}
	if err := os.Chmod(filepath.Join(kbDir, "secret.md"), 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(kbDir, "prive"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(kbDir, "prive"), 0o755) })

	cmd := w.command(context.Background(), "kb", "import", kbDir)
	asNobody(t, cmd)
	r := run(cmd, "")
	if r.code != 1 {
		t.Fatalf("kb import with unreadable files: exit %d, want 1 (some files failed)\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"secret.md: cannot read: permission denied",
		"prive: cannot read: permission denied",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
	if !strings.Contains(r.stdout, "3 added") || !strings.Contains(r.stdout, "2 failed") {
		t.Errorf("summary: %q, want 3 added and 2 failed", r.stdout)
	}
	if n := countSQL(t, w.db, "SELECT count(*) FROM articles"); n != 3 {
		t.Errorf("%d articles, want the 3 readable ones", n)
	}
	if n := countSQL(t, w.db, "SELECT count(*) FROM articles WHERE title IN ('Secret', 'Interne')"); n != 0 {
		t.Errorf("%d unreadable articles imported", n)
	}
}
