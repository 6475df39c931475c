// Package text makes outside text safe and comparable: sanitising for the
// terminal, folding accents, truncating by display width.
package text

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes text from outside (ticket fields, articles, transcripts,
// file names) inert for a terminal while keeping line breaks and tabs: ESC
// and every other C0/C1 control, DEL and bidi overrides are replaced by
// visible stand-ins, so no escape sequence from data can act on the
// technician's terminal and nothing is silently hidden either. Invalid UTF-8
// becomes U+FFFD.
func Sanitize(s string) string { return sanitize(s, false) }

// SanitizeLine is Sanitize for one-line contexts (table cells, titles):
// newlines and tabs become spaces too.
func SanitizeLine(s string) string { return sanitize(s, true) }

func sanitize(s string, oneLine bool) string {
	if isClean(s, oneLine) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune('\uFFFD')
		case r == '\n' || r == '\t':
			if oneLine {
				b.WriteByte(' ')
			} else {
				b.WriteRune(r)
			}
		case r == '\r':
			if oneLine {
				b.WriteByte(' ')
			}
			// In multi-line text a CR would move the cursor back over what
			// was written; CRLF line ends are common, so drop it.
		case r < 0x20:
			b.WriteRune(0x2400 + r) // control pictures: ␛ for ESC, ␇ for BEL…
		case r == 0x7f:
			b.WriteRune('\u2421') // ␡
		case r >= 0x80 && r < 0xa0:
			b.WriteRune('\uFFFD')
		case isBidiControl(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isClean(s string, oneLine bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			if oneLine || (c != '\n' && c != '\t') {
				return false
			}
		}
		if c >= 0x80 {
			return false // let the slow path check UTF-8, C1 and bidi
		}
	}
	return true
}

// isBidiControl reports the characters that reorder text on screen
// (Trojan Source): embeddings, overrides, isolates and marks.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// ValidUTF8 reports whether s is valid UTF-8 with no NUL byte; used to reject
// bad input with a clear message instead of storing it.
func ValidUTF8(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
