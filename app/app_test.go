package app

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNewResolvesUserPathsAndConfig(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": dir, "XDG_DATA_HOME": filepath.Join(dir, "data"), "USER": "shell"}
	getenv := func(k string) string { return env[k] }
	a, err := New(Settings{Getenv: getenv})
	if err != nil {
		t.Fatal(err)
	}
	if a.User() != "shell" || a.DBPath() != filepath.Join(dir, "data", "hotline", "hotline.db") {
		t.Errorf("defaults: user %q, db %q", a.User(), a.DBPath())
	}
	// The config's user wins over $USER, the setting over both.
	os.MkdirAll(filepath.Join(dir, "hotline"), 0o755)
	os.WriteFile(filepath.Join(dir, "hotline", "config.yaml"), []byte("user: cfg\n"), 0o644)
	env["HOTLINE_DB"] = filepath.Join(dir, "env.db")
	if a, _ = New(Settings{Getenv: getenv}); a.User() != "cfg" || a.DBPath() != env["HOTLINE_DB"] {
		t.Errorf("config user %q, env db %q", a.User(), a.DBPath())
	}
	if a, _ = New(Settings{Getenv: getenv, User: "flag", DBPath: "x.db"}); a.User() != "flag" || a.DBPath() != "x.db" {
		t.Errorf("settings: user %q, db %q", a.User(), a.DBPath())
	}
	// Nothing is opened before Open; Open builds the stores once.
	a, _ = New(Settings{Getenv: getenv, DBPath: filepath.Join(dir, "h.db")})
	if a.Tickets() != nil {
		t.Error("stores exist before Open")
	}
	if v, err := a.DatabaseVersions(t.Context()); v != nil || err != nil {
		t.Errorf("versions of a missing database: %v %v", v, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "h.db")); err == nil {
		t.Error("DatabaseVersions created the database")
	}
	if err := a.Open(t.Context()); err != nil || a.Tickets() == nil || a.KB() == nil {
		t.Fatalf("open: %v", err)
	}
	defer a.Close()
	if v, err := a.DatabaseVersions(t.Context()); err != nil || v["tickets"] < 1 || v["kb"] < 1 {
		t.Errorf("versions: %v %v", v, err)
	}
}
