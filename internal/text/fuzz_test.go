package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSanitize checks the sanitiser's promise on any input: nothing that a
// terminal acts on ever comes out (ESC, other C0 controls but newline and
// tab, DEL, C1 controls, bidi overrides), the output is valid UTF-8, and
// sanitising twice changes nothing.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "plain", "caf\xe9", "\x1b[2J\x1b]0;pwned\x07", "\x1b]52;c;aGVsbG8=\x07",
		"\u202egnp.exe", "a\u2066b\u2069c", "\u009b31m", "\xc2\x9b31m", "line\r\nnext\ttab",
		"\x00\x7f", "\xf0\x9f\x9a\x80 fusée", "\u200f\u061c", "\xed\xa0\x80",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, oneLine := range []bool{false, true} {
			out := sanitize(s, oneLine)
			if !utf8.ValidString(out) {
				t.Fatalf("sanitize(%q, %v) = %q: invalid UTF-8", s, oneLine, out)
			}
			for _, r := range out {
				bad := r == 0x1b || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) ||
					(r < 0x20 && (oneLine || (r != '\n' && r != '\t')))
				if bad {
					t.Fatalf("sanitize(%q, %v) = %q lets %U through", s, oneLine, out, r)
				}
			}
			if again := sanitize(out, oneLine); again != out {
				t.Fatalf("sanitize is not idempotent on %q: %q then %q", s, out, again)
			}
			if oneLine && strings.ContainsAny(out, "\n\r\t") {
				t.Fatalf("SanitizeLine(%q) = %q keeps a line break or tab", s, out)
			}
		}
		// The terminal writer of exports gives the same, however the
		// bytes are split.
		var b strings.Builder
		w := NewInertWriter(&b)
		half := len(s) / 2
		w.Write([]byte(s[:half]))
		w.Write([]byte(s[half:]))
		w.Close()
		if b.String() != Sanitize(s) {
			t.Fatalf("InertWriter(%q) = %q, Sanitize = %q", s, b.String(), Sanitize(s))
		}
	})
}
