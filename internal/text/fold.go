package text

import (
	"strings"
	"sync"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and removes diacritics, so that "Télétravail",
// "TELETRAVAIL" and "teletravail" compare equal. Ligatures common in French
// (œ, æ) are spelled out as FTS5's unicode61 tokenizer does not.
//
// Folding runs on every word of every ticket compared for similarity, so
// Latin letters go through a table built once; other scripts take the
// slower Unicode decomposition.
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if r < latinFoldEnd {
			if f := latinFold()[r]; f != "" {
				b.WriteString(f)
				continue
			}
		}
		b.WriteString(foldSlow(string(unicode.ToLower(r))))
	}
	return b.String()
}

const latinFoldEnd = 0x250

// latinFold maps U+0080–U+024F to their folded spelling. It is built on
// first use, not at start: building it takes about 2 ms and 4 MB, which
// every command (`hotline version` included) paid at start.
var latinFold = sync.OnceValue(func() []string {
	t := make([]string, latinFoldEnd)
	for r := rune(0x80); r < latinFoldEnd; r++ {
		t[r] = foldSlow(string(unicode.ToLower(r)))
	}
	return t
})

func foldSlow(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return ligatures.Replace(out)
}

var ligatures = strings.NewReplacer("œ", "oe", "æ", "ae", "ß", "ss")

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Truncate cuts s to at most width terminal cells, ending with "…" when it
// was cut. Wide characters (CJK, emoji) count for two cells.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if Width(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// FirstChars returns the first n characters (runes) of s, cut on a word
// boundary when one is near, for titles derived from descriptions.
func FirstChars(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
