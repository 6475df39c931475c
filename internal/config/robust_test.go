package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSLAOverflowAndBadDurationsAreRefusedWithTheLine(t *testing.T) {
	cases := map[string]string{
		"user: a\nsla:\n  5: 300000d\n":       `line 3: sla: priority 5: "300000d" is too long`,
		"sla:\n  1: 4h\n  2: 9999999999h\n":   "line 3: sla: priority 2",
		"sla:\n  4: 2d99999999h\n":            "line 2: sla: priority 4",
		"sla:\n  3: -2d\n":                    "line 2: sla: priority 3",
		"sla:\n  6: 0s\n":                     "line 2: sla: priority 6",
		"sla:\n  2: 1.5d\n":                   "line 2: sla: priority 2",
		"sla:\n  1: 4h\n  5: 106751991167d\n": "line 3: sla: priority 5",
	}
	for body, want := range cases {
		_, err := Load(write(t, body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%q) error = %v, want it to mention %q", body, err, want)
		}
	}
	c, err := Load(write(t, "sla:\n  5: 3650d\n  1: 1d12h\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d := c.SLADurations(); d[5] != MaxDuration || d[1] != 36*time.Hour {
		t.Errorf("durations: %v", d)
	}
}

// FuzzConfig loads any config file: never a panic or a hang (YAML alias
// bombs included), and what it accepts is usable: SLA durations within
// (0, MaxDuration], known language and theme.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"user: a\nlanguage: fr\nsla:\n  5: 6h\n  1: 15d\nviews:\n  - name: VPN\n    filter: tag:vpn\n",
		"sla:\n  5: 300000d\n", "sla: {1: 1d, 2: 2d}\n", "language: [\n", "theme: mono\nrecurring: {count: 3, days: 14}\n",
		"a: &a [x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c]\n",
		"categories: [Réseau, '']\n", "sla:\n  9223372036854775807: 1h\n", "mail:\n  address: hotline@example.org\n  every: 1m\n",
		"\xef\xbb\xbfuser: bom\n", "user: !!binary aGVsbG8=\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(path)
		if err != nil {
			return
		}
		for p, d := range c.SLADurations() {
			if p < 1 || p > 6 || d <= 0 || d > MaxDuration {
				t.Fatalf("accepted sla %d: %v from %q", p, d, data)
			}
		}
		switch strings.ToLower(c.Language) {
		case "", "fr", "en":
		default:
			t.Fatalf("accepted language %q", c.Language)
		}
	})
}
