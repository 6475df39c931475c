package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestEndToEnd runs scripts/e2e.sh: the built binary in tmux, driven as a
// technician would, the database checked through the CLI afterwards.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped with -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the end-to-end script (scripts/e2e.sh) needs it")
	}
	script, err := filepath.Abs(filepath.Join("..", "scripts", "e2e.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("scripts/e2e.sh: %v", err)
	}
}
