package kb

import (
	"context"
	"strings"
	"unicode"

	"hotline/internal/fts"
)

// How an alternative came to be; corrected ones rank below exact ones.
type altKind int

const (
	altExact     altKind = iota // the word as typed
	altVariant                  // a synonym or another form of the word
	altCorrected                // a typo correction
)

type alternative struct {
	fts.Alternative
	kind altKind
}

// concept is one thing a person asked for: a word (or a phrase of the
// synonym table) with the ways the articles may say it.
type concept struct {
	label string // as typed, for explanations
	alts  []alternative
	// weight says how much the concept counts in suggestions (title words
	// more than description words).
	weight float64
	// unknown: the word is not in the knowledge base; only its corrections
	// (if any) can match.
	unknown bool
	// categoryOnly: in a suggestion, the concept came from the ticket's
	// category alone (not worth showing as a reason).
	categoryOnly bool
}

func (c concept) expr(maxKind altKind) string {
	var alts []fts.Alternative
	for _, a := range c.alts {
		if a.kind <= maxKind {
			alts = append(alts, a.Alternative)
		}
	}
	return fts.AnyOf(alts)
}

func (c concept) corrected() bool {
	for _, a := range c.alts {
		if a.kind == altCorrected {
			return true
		}
	}
	return false
}

// corrections lists the corrected words of a concept, for explanations.
func (c concept) correctedWords() []string {
	var out []string
	for _, a := range c.alts {
		if a.kind == altCorrected {
			out = append(out, strings.Join(a.Terms, " "))
		}
	}
	return out
}

// words splits what a person typed like fts.Terms does, keeping each word
// as typed (lower case, accents kept) next to its folded form.
func words(s string) (folded, typed []string) {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		for _, f := range fts.Terms(w) { // folding may split a ligature-free word never, but stay safe
			folded = append(folded, f)
			typed = append(typed, w)
		}
	}
	return folded, typed
}

// analyze turns typed text into concepts: stopwords dropped, synonyms and
// word variants added, unknown words corrected. With prefixLast the last
// word is being typed and matches as a prefix. It returns nil when the text
// holds nothing to search for.
func (s *Store) analyze(ctx context.Context, q string, prefixLast bool) ([]concept, error) {
	folded, typed := words(q)
	var out []concept
	seen := map[string]bool{}
	for i := 0; i < len(folded); {
		e, n := s.lex.match(folded, i)
		if isStopword(folded[i]) && i+1 < len(folded) {
			// "ma box ne marche plus": the entry starting at "box" covers
			// more than the one starting at "ma".
			if e2, n2 := s.lex.match(folded, i+1); n2 > 0 && 1+n2 > n {
				i++
				e, n = e2, n2
			}
		}
		if n > 0 {
			label := strings.Join(typed[i:i+n], " ")
			i += n
			if seen[label] {
				continue
			}
			seen[label] = true
			c := concept{label: label, weight: 1}
			last := prefixLast && i == len(folded)
			if sig := significant(folded[i-n : i]); len(sig) > 0 {
				c.alts = append(c.alts, alternative{fts.Alternative{Terms: sig, Prefix: last && n == 1}, altExact})
			}
			for _, alt := range e.alts {
				c.alts = append(c.alts, alternative{fts.Alternative{Terms: alt}, altVariant})
			}
			out = append(out, c)
			continue
		}
		w := folded[i]
		i++
		if isStopword(w) || seen[w] {
			continue
		}
		seen[w] = true
		last := prefixLast && i == len(folded)
		c, err := s.wordConcept(ctx, w, typed[i-1], last)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		// Only stopwords ("où", "tout"): search them rather than nothing.
		for i, w := range folded {
			if len(w) > 1 && !seen[w] {
				seen[w] = true
				out = append(out, concept{label: typed[i], weight: 1, alts: []alternative{{fts.Alternative{Terms: []string{w}, Prefix: prefixLast && i == len(folded)-1}, altExact}}})
			}
		}
	}
	return out, nil
}

// wordConcept builds the concept of one word: itself, its plural or
// singular, its stem as a prefix, and corrections if the knowledge base
// does not know it.
func (s *Store) wordConcept(ctx context.Context, w, typed string, last bool) (concept, error) {
	c := concept{label: typed, weight: 1}
	c.alts = append(c.alts, alternative{fts.Alternative{Terms: []string{w}, Prefix: last}, altExact})
	if last {
		// Being typed: the prefix already covers every longer form.
		ok, err := s.known(ctx, w, true)
		if err != nil || ok {
			return c, err
		}
	} else {
		stem := stemPrefix(w)
		if stem != "" {
			c.alts = append(c.alts, alternative{fts.Alternative{Terms: []string{stem}, Prefix: true}, altVariant})
		} else if len(w) >= 4 {
			if strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") {
				c.alts = append(c.alts, alternative{fts.Alternative{Terms: []string{w[:len(w)-1]}}, altVariant})
			} else {
				c.alts = append(c.alts, alternative{fts.Alternative{Terms: []string{w + "s"}}, altVariant})
			}
		}
		ok, err := s.known(ctx, w, false)
		if err != nil || ok {
			return c, err
		}
		if stem != "" {
			if ok, err = s.known(ctx, stem, true); err != nil || ok {
				return c, err
			}
		}
		// A cut word ("partag conn"): people abbreviate anywhere, not only
		// at the end.
		if len(w) >= 4 {
			if ok, err = s.known(ctx, w, true); err != nil {
				return c, err
			}
			if ok {
				c.alts = append(c.alts, alternative{fts.Alternative{Terms: []string{w}, Prefix: true}, altVariant})
				return c, nil
			}
		}
	}
	c.unknown = true
	fixes, err := s.corrections(ctx, w, 3)
	if err != nil {
		return c, err
	}
	for _, f := range fixes {
		c.alts = append(c.alts, alternative{fts.Alternative{Terms: []string{f}}, altCorrected})
	}
	return c, nil
}

// allOf needs every concept; "" if some concept has no alternative of
// the allowed kinds.
func allOf(cs []concept, maxKind altKind) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		e := c.expr(maxKind)
		if e == "" {
			return ""
		}
		parts = append(parts, e)
	}
	return fts.And(parts)
}

func anyOf(cs []concept, maxKind altKind) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		parts = append(parts, c.expr(maxKind))
	}
	return fts.Or(parts)
}
