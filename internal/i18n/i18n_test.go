package i18n

import "testing"

func TestChoose(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		config string
		getenv func(string) string
		want   Lang
	}{
		{"fr", env("LANG", "en_GB.UTF-8"), French},
		{"EN", env("LANG", "fr_FR.UTF-8"), English},
		{"", env("LANG", "fr_FR.UTF-8"), French},
		{"", env("LC_ALL", "C", "LANG", "fr_FR.UTF-8"), English},
		{"", env("LC_MESSAGES", "fr_CA", "LANG", "en_US"), French},
		{"", env(), English},
		{"", nil, English},
	} {
		if got := Choose(c.config, c.getenv); got != c.want {
			t.Errorf("Choose(%q, …) = %v, want %v", c.config, got, c.want)
		}
	}
}

func TestCatalogue(t *testing.T) {
	table := Table{"hello": {"hello %s", "bonjour %s"}, "half": {"only English", ""}}
	fr := New(French, table)
	if got := fr.F("hello", "Marie"); got != "bonjour Marie" {
		t.Errorf("French: %q", got)
	}
	if got := New(English, table).T("hello"); got != "hello %s" {
		t.Errorf("English: %q", got)
	}
	if got := fr.T("missing"); got != "missing" {
		t.Errorf("a missing id shows as itself: %q", got)
	}
	if got := fr.T("half"); got != "half" {
		t.Errorf("a missing translation shows the id: %q", got)
	}
}
