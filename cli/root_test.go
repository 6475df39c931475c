package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every command shows its help with --help or -h and exits 0; the root
// has --version.
func TestHelpExitsZeroEverywhere(t *testing.T) {
	c := newCLI(t)
	root := (&env{getenv: func(string) string { return "" }}).newRootCmd()
	var paths [][]string
	var walk func(prefix []string, cmds []*cobra.Command)
	walk = func(prefix []string, cmds []*cobra.Command) {
		for _, cmd := range cmds {
			p := append(append([]string{}, prefix...), cmd.Name())
			paths = append(paths, p)
			walk(p, cmd.Commands())
		}
	}
	walk(nil, root.Commands())
	if len(paths) < 30 {
		t.Fatalf("only %d commands found: %v", len(paths), paths)
	}
	for _, p := range append(paths, []string{}) {
		for _, h := range []string{"--help", "-h"} {
			r := c.run("", append(p, h)...)
			if r.code != 0 || !strings.Contains(r.stdout, "Usage:") {
				t.Errorf("hotline %s %s: exit %d, stdout %q, stderr %q", strings.Join(p, " "), h, r.code, r.stdout, r.stderr)
			}
		}
	}
	if r := c.run("", "--version"); r.code != 0 || r.stdout != "hotline test\n" {
		t.Errorf("--version: %+v", r)
	}
}

// Usage errors exit 2 with one line on stderr; runtime errors exit 1.
func TestExitCodes(t *testing.T) {
	c := newCLI(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ticket"}, 2, "ticket: missing subcommand"},
		{[]string{"ticket", "list", "--nope"}, 2, "hotline: ticket list: unknown flag: --nope (run `hotline ticket list --help`)\n"},
		{[]string{"version", "extra"}, 2, "unexpected argument"},
		{[]string{"ticket", "show", "7"}, 1, "does not exist"},
	} {
		r := c.run("", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("hotline %s: exit %d, stderr %q; want exit %d with %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.code, tc.want)
		}
	}
}

// Every bad flag value is a usage error (exit 2), worded without the
// parser's internals.
func TestBadFlagValuesExitTwo(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "x")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ticket", "add", "--title", "y", "--connection", "5g"}, "connection"},
		{[]string{"ticket", "add", "--title", "y", "--urgency", "abc"}, `ticket add: --urgency "abc": give a whole number`},
		{[]string{"ticket", "update", "1", "--if-version", "v2", "--title", "z"}, `--if-version "v2": give a whole number`},
		{[]string{"ticket", "list", "--status", "bogus"}, "bogus"},
		{[]string{"kb", "list", "--limit", "-3"}, "--limit -3 is out of range"},
		{[]string{"report", "--width", "large"}, "--width"},
	} {
		r := c.run("", tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, "strconv") {
			t.Errorf("hotline %s: exit %d, stderr %q; want exit 2 with %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
}
