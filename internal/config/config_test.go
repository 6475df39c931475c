package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadValid(t *testing.T) {
	c, err := Load(write(t, "user: mlefebvre\nlanguage: fr\nsla:\n  5: 6h\n  1: 15d\nviews:\n  - name: VPN\n    filter: tag:vpn\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.User != "mlefebvre" || c.SLADurations()[5] != 6*time.Hour || c.SLADurations()[1] != 15*24*time.Hour || c.Views[0].Filter != "tag:vpn" {
		t.Errorf("config = %+v", c)
	}
}

func TestLoadMissingFileIsEmpty(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err != nil || c.User != "" {
		t.Fatalf("missing file: %+v %v", c, err)
	}
}

func TestLoadErrorsGiveTheLine(t *testing.T) {
	cases := map[string]string{
		"user: a\nlanguage: [\n":  "line",
		"user: a\nlanguage: de\n": "line 2: language \"de\"",
		"sla:\n  9: 4h\n":         "priority 9",
		"sla:\n  3: soon\n":       "line 2: sla: priority 3",
		"theme: neon\n":           "line 1: theme",
	}
	for body, want := range cases {
		_, err := Load(write(t, body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%q) error = %v, want it to mention %q", body, err, want)
		}
	}
}

func TestUnknownKeysAreReportedWithTheirLine(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"user: marie\nlangage: fr\n", `line 2: unknown key "langage"`},
		{"recurring:\n  count: 3\n  dayz: 7\n", `line 3: unknown key "dayz"`},
	} {
		_, err := Load(write(t, tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.body, err, tc.want)
		}
	}
	if _, err := Load(write(t, "")); err != nil {
		t.Errorf("an empty file: %v", err)
	}
}
