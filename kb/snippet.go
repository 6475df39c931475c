package kb

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"hotline/internal/text"
)

// Snippets are cut in Go rather than with FTS5's snippet(): that function
// re-runs the whole query for each result (prefix and OR queries merge
// long doclists every time), which cost more than the search itself.

const (
	snippetWords = 18
	// Only the start of a long article is scanned: a passage near the top
	// is as good an extract, and the cost stays bounded.
	snippetScan = 3000
)

type snipTerm struct {
	term   string
	prefix bool
}

// snippetTerms lists the words to highlight: every alternative's words,
// corrections included.
func snippetTerms(concepts []concept) []snipTerm {
	var out []snipTerm
	for _, c := range concepts {
		for _, a := range c.alts {
			for i, t := range a.Terms {
				out = append(out, snipTerm{t, a.Prefix && i == len(a.Terms)-1})
			}
		}
	}
	return out
}

// addSnippets fills the snippets of hits from their bodies, or their best
// cue for transcript hits, in two queries.
func (s *Store) addSnippets(ctx context.Context, hits []hit, terms []snipTerm) error {
	var artIDs, segIDs []any
	for _, h := range hits {
		if h.At != nil && h.segment > 0 {
			segIDs = append(segIDs, h.segment)
		} else {
			artIDs = append(artIDs, h.ID)
		}
	}
	texts := map[int64]string{}
	cues := map[int64]string{}
	load := func(q string, ids []any, into map[int64]string) error {
		if len(ids) == 0 {
			return nil
		}
		rows, err := s.db.QueryContext(ctx, fmt.Sprintf(q, placeholders(len(ids), "?")), ids...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var t string
			if err := rows.Scan(&id, &t); err != nil {
				return err
			}
			into[id] = t
		}
		return rows.Err()
	}
	if err := load(`SELECT id, substr(body, 1, `+fmt.Sprint(snippetScan)+`) FROM articles WHERE id IN (%s)`, artIDs, texts); err != nil {
		return fmt.Errorf("snippets: %w", err)
	}
	if err := load(`SELECT id, text FROM segments WHERE id IN (%s)`, segIDs, cues); err != nil {
		return fmt.Errorf("snippets: %w", err)
	}
	for i := range hits {
		h := &hits[i]
		if h.At != nil && h.segment > 0 {
			h.Snippet = makeSnippet(cues[h.segment], terms)
		} else {
			h.Snippet = makeSnippet(s.plainPrefix(h.ID, texts[h.ID]), terms)
		}
	}
	return nil
}

type span struct{ start, end int }

// makeSnippet returns the window of about snippetWords words holding the
// most matched words, with matches wrapped in SnippetOpen/SnippetClose.
func makeSnippet(s string, terms []snipTerm) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	words := make([]span, 0, len(s)/5)
	inWord := false
	for i, r := range s {
		isW := unicode.IsLetter(r) || unicode.IsDigit(r)
		if isW && !inWord {
			words = append(words, span{start: i})
		}
		if !isW && inWord {
			words[len(words)-1].end = i
		}
		inWord = isW
	}
	if inWord {
		words[len(words)-1].end = len(s)
	}
	if len(words) == 0 {
		return ""
	}
	exact := make(map[string]bool, len(terms))
	var prefixes []string
	for _, t := range terms {
		if t.prefix {
			prefixes = append(prefixes, t.term)
		} else {
			exact[t.term] = true
		}
	}
	// Most words cannot match: their first letter starts no term. Checking
	// it before folding saves most of the folding (an allocation each).
	var firsts [128]bool
	for _, t := range terms {
		if t.term != "" && t.term[0] < 0x80 {
			firsts[t.term[0]] = true
		}
	}
	hit := make([]bool, len(words))
	for i, w := range words {
		if c := s[w.start]; c < 0x80 && !firsts[lowerASCII(c)] {
			continue
		}
		f := foldWord(s[w.start:w.end])
		if exact[f] {
			hit[i] = true
			continue
		}
		for _, p := range prefixes {
			if strings.HasPrefix(f, p) {
				hit[i] = true
				break
			}
		}
	}
	best, bestN, n := 0, -1, 0
	for i := range words {
		if hit[i] {
			n++
		}
		if i >= snippetWords && hit[i-snippetWords] {
			n--
		}
		if start := max(0, i-snippetWords+1); n > bestN {
			best, bestN = start, n
		}
	}
	// Start a little before the first match, for context.
	for k := best; k < min(len(words), best+snippetWords); k++ {
		if hit[k] {
			best = max(0, k-4)
			break
		}
	}
	last := min(len(words), best+snippetWords) - 1
	var b strings.Builder
	from := words[best].start
	if best > 0 {
		b.WriteString("…")
	} else {
		from = 0
	}
	for k := best; k <= last; k++ {
		b.WriteString(s[from:words[k].start])
		if hit[k] {
			b.WriteString(SnippetOpen + s[words[k].start:words[k].end] + SnippetClose)
		} else {
			b.WriteString(s[words[k].start:words[k].end])
		}
		from = words[k].end
	}
	if last < len(words)-1 {
		// Keep closing punctuation, not the rest.
		if r, size := utf8.DecodeRuneInString(s[from:]); size > 0 && unicode.IsPunct(r) {
			b.WriteRune(r)
		}
		b.WriteString("…")
	} else {
		b.WriteString(s[from:])
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// foldWord is text.Fold for one word, without its allocations for the
// accents of French, which are nearly all a snippet meets.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(w)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(w) {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		f, ok := frenchFold[r]
		if !ok {
			return text.Fold(w)
		}
		b.WriteString(f)
	}
	return b.String()
}

var frenchFold = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'á': "a", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'î': "i", 'ï': "i", 'í': "i",
	'ô': "o", 'ö': "o", 'ó': "o", 'ù': "u", 'û': "u", 'ü': "u", 'ú': "u", 'ç': "c", 'ÿ': "y", 'ñ': "n", 'œ': "oe", 'æ': "ae",
}

// plainCacheSize bounds the plain texts kept: a few screens of results.
const plainCacheSize = 4096

// plainCache keeps the plain text of the start of articles' bodies, the
// text snippets are cut from, until the next write.
type plainCache struct {
	mu sync.Mutex
	m  map[int64]string
}

func (c *plainCache) reset() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// plainPrefix is PlainText of the start of an article's body (md), cached.
func (s *Store) plainPrefix(id int64, md string) string {
	s.plain.mu.Lock()
	p, ok := s.plain.m[id]
	s.plain.mu.Unlock()
	if ok {
		return p
	}
	p = PlainText(md)
	s.plain.mu.Lock()
	if s.plain.m == nil || len(s.plain.m) >= plainCacheSize {
		s.plain.m = map[int64]string{}
	}
	s.plain.m[id] = p
	s.plain.mu.Unlock()
	return p
}
