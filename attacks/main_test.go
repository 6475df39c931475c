package attacks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// bin is the hotline binary built once for every test of the package.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hotline-attacks-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "hotline")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, "..")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build hotline:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	// The binary must be readable by another user for the permission
	// tests (run as nobody when the tests run as root).
	os.Chmod(dir, 0o755)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// full says whether to run at the sizes of the issue (HOTLINE_ATTACK=full).
func full() bool { return os.Getenv("HOTLINE_ATTACK") == "full" }

func size(small, big int) int {
	if full() {
		return big
	}
	return small
}

// world is a database and a clean environment for the binary.
type world struct {
	t   testing.TB
	dir string
	db  string
	env []string
}

func newWorld(t testing.TB) *world {
	t.Helper()
	dir := t.TempDir()
	return &world{t: t, dir: dir, db: filepath.Join(dir, "hotline.db"), env: []string{
		"HOME=" + dir, "XDG_CONFIG_HOME=" + dir, "XDG_DATA_HOME=" + dir, "USER=attacker", "PATH=" + os.Getenv("PATH"),
		"TZ=UTC", "LANG=C.UTF-8",
	}}
}

type result struct {
	code           int
	stdout, stderr string
	maxRSSKB       int64
}

func (w *world) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, append([]string{"--db", w.db}, args...)...)
	cmd.Env = w.env
	cmd.Dir = w.dir
	return cmd
}

func run(cmd *exec.Cmd, stdin string) result {
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if cmd.ProcessState != nil {
		r.code = cmd.ProcessState.ExitCode()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.maxRSSKB = ru.Maxrss
		}
	} else if err != nil {
		r.code = -1
		r.stderr += err.Error()
	}
	return r
}

func (w *world) run(args ...string) result {
	return run(w.command(context.Background(), args...), "")
}

func (w *world) ok(args ...string) string {
	w.t.Helper()
	r := w.run(args...)
	if r.code != 0 {
		w.t.Fatalf("hotline %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// check runs `hotline check` and fails the test if it finds anything.
func (w *world) check(when string) {
	w.t.Helper()
	r := w.run("check")
	if r.code != 0 {
		w.t.Fatalf("hotline check %s: exit %d\n%s%s", when, r.code, r.stdout, r.stderr)
	}
}
