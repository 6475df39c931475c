package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// e2eEnv is the environment of scripts/e2e.sh in a test: the Go caches of
// the developer (so the build is not redone), and a HOME and XDG folders
// holding a config that would break the run (English, saved views, another
// user, another database) if the script read it.
func e2eEnv(t *testing.T) []string {
	t.Helper()
	var keep []string
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS", "GOTOOLCHAIN"} {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", k, err)
		}
		keep = append(keep, k+"="+strings.TrimSpace(string(out)))
	}
	hostile := t.TempDir()
	cfg := "user: intrus\nlanguage: en\nviews:\n  - name: Rien\n    filter: \"status:closed nothingmatches\"\n"
	for _, dir := range []string{filepath.Join(hostile, ".config", "hotline"), filepath.Join(hostile, "xdg", "hotline")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), keep...)
	return append(env, "TMPDIR="+t.TempDir(), "HOME="+hostile, "XDG_CONFIG_HOME="+filepath.Join(hostile, "xdg"),
		"XDG_DATA_HOME="+filepath.Join(hostile, "data"), "HOTLINE_DB="+filepath.Join(hostile, "not-this.db"), "LC_ALL=en_US.UTF-8")
}

func e2eScript(t *testing.T) string {
	t.Helper()
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
	return script
}

// TestEndToEnd runs scripts/e2e.sh: the built binary in tmux, driven as a
// technician would, the database checked through the CLI afterwards. The
// technician's own config (here a hostile one) must not change the run.
func TestEndToEnd(t *testing.T) {
	cmd := exec.Command("bash", e2eScript(t))
	cmd.Env = e2eEnv(t)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("scripts/e2e.sh: %v", err)
	}
}

// When the script fails, its output shows the screen as it was.
func TestEndToEndFailureShowsTheScreen(t *testing.T) {
	cmd := exec.Command("bash", e2eScript(t))
	cmd.Env = append(e2eEnv(t), "E2E_FAIL_AT=start")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the script succeeded though asked to fail:\n%s", out)
	}
	dump := string(out)
	i := strings.Index(dump, "----- screen -----")
	if i < 0 || !strings.Contains(dump[i:], "À trier") || !strings.Contains(dump[i:], "e2etech") {
		t.Errorf("the failure dump does not show the screen:\n%s", out)
	}
}
