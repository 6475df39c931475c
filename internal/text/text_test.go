package text

import (
	"strings"
	"testing"
)

func TestSanitizeNeutralisesTerminalControls(t *testing.T) {
	cases := []struct{ name, in string }{
		{"csi clear screen", "hello\x1b[2J\x1b[Hworld"},
		{"osc title", "x\x1b]0;pwned\x07y"},
		{"osc52 clipboard", "\x1b]52;c;ZWNobyBoaQ==\x07"},
		{"dcs", "\x1bP1$r\x1b\\"},
		{"c1 csi", "a\u009b31mred"},
		{"bell and backspace", "a\x07\x08b"},
		{"bidi override", "abc\u202edcba\u202c"},
		{"invalid utf8", "caf\xe9"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, got := range []string{Sanitize(c.in), SanitizeLine(c.in)} {
				for _, r := range got {
					if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) {
						t.Fatalf("Sanitize(%q) = %q still holds control %U", c.in, got, r)
					}
				}
			}
		})
	}
	if got := Sanitize("a\x1b[31mb"); got != "a␛[31mb" {
		t.Errorf("ESC should be shown as a visible ␛, got %q", got)
	}
}

func TestSanitizeKeepsOrdinaryText(t *testing.T) {
	in := "Télétravail : la caméra ne marche pas\n\t— 日本語 😀"
	if got := Sanitize(in); got != in {
		t.Errorf("Sanitize changed clean text: %q", got)
	}
	if got := SanitizeLine("a\nb\tc\r\nd"); got != "a b c  d" {
		t.Errorf("SanitizeLine = %q", got)
	}
	if got := Sanitize("line1\r\nline2"); got != "line1\nline2" {
		t.Errorf("CRLF should become LF, got %q", got)
	}
}

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Télétravail": "teletravail",
		"TÉLÉTRAVAIL": "teletravail",
		"caméra":      "camera",
		"Œuvre":       "oeuvre",
		"déjà ça":     "deja ca",
		"plain":       "plain",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTruncateByDisplayWidth(t *testing.T) {
	if got := Truncate("télétravail", 20); got != "télétravail" {
		t.Errorf("short text cut: %q", got)
	}
	got := Truncate("日本語のテキスト", 7)
	if Width(got) > 7 || !strings.HasSuffix(got, "…") {
		t.Errorf("Truncate wide = %q (width %d)", got, Width(got))
	}
	if got := FirstChars(strings.Repeat("mot ", 40), 70); len([]rune(got)) > 71 || !strings.HasSuffix(got, "…") {
		t.Errorf("FirstChars = %q", got)
	}
}
