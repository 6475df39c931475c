package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// `hotline man DIR` writes a page for every command a user can run, each
// with its name, its short help and its flags.
func TestManPagesForEveryCommand(t *testing.T) {
	c := newCLI(t)
	dir := filepath.Join(t.TempDir(), "man", "man1")
	// A broken config does not stop it: it reads neither config nor database.
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("language: klingon\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := c.ok("--config", cfg, "man", dir)
	root := (&env{getenv: func(string) string { return "" }}).newRootCmd()
	var walk func(*cobra.Command)
	n := 0
	walk = func(cmd *cobra.Command) {
		if !cmd.IsAvailableCommand() && cmd != root {
			return
		}
		n++
		file := filepath.Join(dir, strings.ReplaceAll(cmd.CommandPath(), " ", "-")+".1")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("no man page for %q: %v", cmd.CommandPath(), err)
			return
		}
		page := string(data)
		if !strings.Contains(page, ".SH NAME") || !strings.Contains(page, ".SH SYNOPSIS") {
			t.Errorf("%s: not a man page:\n%s", file, page)
		}
		cmd.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden { // developers' flags (serve --pprof) are left out of the pages
				if strings.Contains(page, `\fB--`+f.Name+`\fP`) {
					t.Errorf("%s: hidden flag --%s shown", file, f.Name)
				}
				return
			}
			if !strings.Contains(page, `\fB--`+f.Name+`\fP`) {
				t.Errorf("%s: flag --%s missing", file, f.Name)
			}
		})
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if n < 60 {
		t.Fatalf("only %d commands walked: the walk is broken", n)
	}
	if !strings.Contains(out, "man pages written to "+dir) {
		t.Errorf("output: %q", out)
	}
	if r := c.run("", "man"); r.code != 2 || !strings.HasPrefix(r.stderr, "hotline: man: give the folder") {
		t.Errorf("man without a folder: %+v", r)
	}
}
