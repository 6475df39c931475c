package text

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The shortcut measures like ansi.StringWidth every character it accepts,
// alone, between letters, after itself and after a colour.
func TestWidthFastPathAgrees(t *testing.T) {
	n := 0
	for _, g := range oneCellRanges {
		for r := g[0]; r <= g[1]; r++ {
			n++
			cases := []string{
				string(r),
				"a" + string(r) + "b",
				string(r) + string(r),
				"é" + string(r),
				"\x1b[1;38;5;203m" + string(r) + "\x1b[0m",
			}
			if oneCell(r + 1) {
				cases = append(cases, string(r)+string(r+1))
			}
			for _, s := range cases {
				w, ok := simpleWidth(s)
				if !ok {
					t.Fatalf("%q (U+%04X) not taken by the shortcut", s, r)
				}
				if want := ansi.StringWidth(s); w != want {
					t.Errorf("%q (U+%04X): %d cells, ansi.StringWidth says %d", s, r, w, want)
				}
			}
		}
	}
	if n < 800 {
		t.Fatalf("only %d characters checked", n)
	}
}

// What the shortcut does not know goes to ansi.StringWidth, and the
// answers are the same.
func TestWidthOfOtherText(t *testing.T) {
	for _, c := range []struct {
		s    string
		want int
	}{
		{"VPN coupe en 4G", 15},
		{"Télétravail « lent » — ça coupe…", 32},
		{"\x1b[38;2;255;0;0mrouge\x1b[m normal", 12},
		{"e\u0301te\u0301", 3},                              // combining accents
		{"日本", 4},                                           // wide
		{"👍 ok", 5},                                         // emoji
		{"\x1b]8;;https://x.fr\x1b\\lien\x1b]8;;\x1b\\", 4}, // hyperlink (OSC)
		{"tab\there", ansi.StringWidth("tab\there")},
		{"", 0},
		{"\x1b[", ansi.StringWidth("\x1b[")}, // cut sequence
	} {
		if got := Width(c.s); got != c.want || got != ansi.StringWidth(c.s) {
			t.Errorf("Width(%q) = %d, want %d (ansi.StringWidth %d)", c.s, got, c.want, ansi.StringWidth(c.s))
		}
	}
	long := strings.Repeat("Réseau ", 10)
	if got := Truncate(long, 12); got != "Réseau Rése…" {
		t.Errorf("Truncate = %q", got)
	}
}

func FuzzWidthAgrees(f *testing.F) {
	for _, s := range []string{"VPN", "é\u0301", "\x1b[1mgras\x1b[0m", "«»", "日本", "\x1b[38;5;1", "a\tb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if w, ok := simpleWidth(s); ok && w != ansi.StringWidth(s) {
			t.Fatalf("%q: shortcut %d, ansi.StringWidth %d", s, w, ansi.StringWidth(s))
		}
	})
}

// A queue row as the interface draws it: colours, French, a bullet.
var benchRow = "› \x1b[38;5;203m!\x1b[0m #1821 \x1b[1mP3\x1b[0m Nouveau   3 j   Mehdi Haddad (Transports)  Réseau  Connexion très lente en télétravail — Teams coupe…"

func BenchmarkWidth(b *testing.B) {
	for b.Loop() {
		Width(benchRow)
	}
}

func BenchmarkWidthAnsi(b *testing.B) {
	for b.Loop() {
		ansi.StringWidth(benchRow)
	}
}
