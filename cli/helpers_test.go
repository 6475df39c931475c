package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs hotline in-process against one database, like a user at a shell.
type cli struct {
	t   testing.TB
	db  string
	env map[string]string
	// tty makes standard input a terminal; width makes standard output a
	// terminal that wide.
	tty   bool
	width int
}

func newCLI(t testing.TB) *cli {
	t.Helper()
	dir := t.TempDir()
	return &cli{t: t, db: filepath.Join(dir, "hotline.db"), env: map[string]string{
		"USER": "tester", "XDG_CONFIG_HOME": dir, "XDG_DATA_HOME": dir,
	}}
}

type result struct {
	code           int
	stdout, stderr string
}

func (c *cli) run(stdin string, args ...string) result {
	c.t.Helper()
	var out, errb bytes.Buffer
	streams := IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return c.env[k] },
		StdinIsTerminal: c.tty, StdoutWidth: c.width}
	code := Run(context.Background(), streams, "test", append([]string{"--db", c.db, "--config", filepath.Join(filepath.Dir(c.db), "none.yaml")}, args...))
	return result{code, out.String(), errb.String()}
}

// ok runs a command that must succeed and returns its standard output.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	r := c.run("", args...)
	if r.code != 0 {
		c.t.Fatalf("hotline %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}
