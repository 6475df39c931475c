package text

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width is the display width of s in terminal cells; escape sequences
// (colours) take none.
//
// Every frame of the interface measures hundreds of lines and cells, and
// ansi.StringWidth segments each string into grapheme clusters to do it,
// the most expensive part of drawing a frame. Most of what Hotline shows is
// ASCII and French (letters with their accents precomposed, typographic
// quotes, dashes, arrows and bullets): each of those characters is one cell
// and a cluster of its own, so such a string is measured by counting them,
// with the same result (TestWidthFastPathAgrees checks every character the
// shortcut accepts); anything else (combining marks, emoji, CJK, other
// escape sequences) takes ansi.StringWidth.
func Width(s string) int {
	if w, ok := simpleWidth(s); ok {
		return w
	}
	return ansi.StringWidth(s)
}

// simpleWidth counts the cells of s when every character is a lone
// one-cell character and every escape sequence a CSI (SGR colours, cursor
// moves); ok is false otherwise.
func simpleWidth(s string) (w int, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			n := csiLen(s[i:])
			if n == 0 {
				return 0, false
			}
			i += n
		case c < 0x20 || c == 0x7f:
			return 0, false
		case c < utf8.RuneSelf:
			w++
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !oneCell(r) {
				return 0, false
			}
			w++
			i += size
		}
	}
	return w, true
}

// csiLen is the length of the CSI sequence at the start of s (ESC [,
// parameter bytes, then intermediate bytes, then the final byte), 0 if
// there is none or it is malformed.
func csiLen(s string) int {
	if len(s) < 3 || s[1] != '[' {
		return 0
	}
	j := 2
	for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f {
		j++
	}
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
		return j + 1
	}
	return 0
}

// oneCell: r is one cell wide and never joins its neighbours into a
// cluster (see oneCellRanges).
func oneCell(r rune) bool {
	for _, g := range oneCellRanges {
		if r < g[0] {
			return false
		}
		if r <= g[1] {
			return true
		}
	}
	return false
}

// oneCellRanges, in order: Latin-1 and Latin Extended A and B letters
// (French accents, œ, «»), general punctuation (dashes, ‘’“”, •, …, ‹›),
// arrows, box drawing, blocks and geometric shapes (↻ ◉ ● ▸ ─).
var oneCellRanges = [][2]rune{
	{0xa0, 0xac}, {0xae, 0x24f},
	{0x2010, 0x2027}, {0x2030, 0x203e},
	{0x2190, 0x21ff},
	{0x2500, 0x25fc}, {0x25ff, 0x25ff}, // not ◽◾, drawn as emoji (two cells)
}
