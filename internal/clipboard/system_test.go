package clipboard

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeProgram writes an executable named name in a fresh folder that
// copies its input to out.
func fakeProgram(t *testing.T, name, out string) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\ncat > '"+out+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func lookIn(dir string) func(string) (string, error) {
	return func(name string) (string, error) {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err != nil {
			return "", errors.New("not found")
		}
		return p, nil
	}
}

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestSystemProgramFallbackCopiesLocally(t *testing.T) {
	out := filepath.Join(t.TempDir(), "clip.txt")
	dir := fakeProgram(t, "xclip", out)
	argv := SystemProgram(env("DISPLAY", ":0"), lookIn(dir), "linux")
	if len(argv) == 0 || filepath.Base(argv[0]) != "xclip" {
		t.Fatalf("program = %v", argv)
	}
	var osc strings.Builder
	if err := (Both{OSC: Writer{W: &osc}, Program: argv}).Copy("Bonjour Karim,"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil || string(got) != "Bonjour Karim," {
		t.Fatalf("system clipboard got %q (%v)", got, err)
	}
	if !strings.Contains(osc.String(), "\x1b]52;c;") {
		t.Fatal("OSC 52 was not written as well")
	}
}

func TestSystemProgramChoice(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	dir := t.TempDir()
	for _, n := range []string{"xclip", "wl-copy", "pbcopy", "clip.exe"} {
		d := fakeProgram(t, n, out)
		if err := os.Rename(filepath.Join(d, n), filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
	look := lookIn(dir)
	for _, c := range []struct {
		env  func(string) string
		goos string
		want string
	}{
		{env("WAYLAND_DISPLAY", "wayland-0", "DISPLAY", ":0"), "linux", "wl-copy"},
		{env("DISPLAY", ":0"), "linux", "xclip"},
		{env(), "darwin", "pbcopy"},
		{env("WSL_DISTRO_NAME", "Debian"), "linux", "clip.exe"},
		{env(), "linux", ""},                                                            // a console: nothing
		{env("DISPLAY", ":0", "SSH_CONNECTION", "10.0.0.1 5 10.0.0.2 22"), "linux", ""}, // over SSH: OSC 52 only
	} {
		got := ""
		if argv := SystemProgram(c.env, look, c.goos); len(argv) > 0 {
			got = filepath.Base(argv[0])
		}
		if got != c.want {
			t.Errorf("%s: program %q, want %q", c.goos, got, c.want)
		}
	}
}
