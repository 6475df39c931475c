package kb

import (
	_ "embed"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"hotline/internal/fts"
)

// The lexicon turns the way agents and technicians really type into what
// the articles say: words that carry no meaning are dropped, English
// office jargon and abbreviations map to the French terms of the articles.
// Everything here is folded (lower case, no accents), like the index.

//go:embed lexicon.txt
var defaultLexicon []byte

// synonyms is the lexicon shipped with Hotline (lexicon.txt).
var synonyms = mustLexicon(defaultLexicon)

func mustLexicon(data []byte) synonymTable {
	t, err := parseLexicon(data, "lexicon.txt", synonymTable{})
	if err != nil {
		panic(err)
	}
	return t
}

// Lexicon is the shipped lexicon plus a helpdesk's own entries, for
// Options.Lexicon.
type Lexicon struct{ table synonymTable }

// LoadLexicon adds the entries of a lexicon file (the format of
// kb/lexicon.txt) to the shipped ones. name is used in errors, which give
// the line: "lexicon.txt:12: …".
func LoadLexicon(data []byte, name string) (*Lexicon, error) {
	t, err := parseLexicon(data, name, synonyms)
	if err != nil {
		return nil, err
	}
	return &Lexicon{table: t}, nil
}

// synonymEntry is one way of saying something, and what it may match.
type synonymEntry struct {
	words []string   // as typed, folded
	alts  [][]string // each: words that must all appear
}

type synonymTable struct {
	byFirst map[string][]synonymEntry // first word → entries, longest first
}

// parseLexicon reads lexicon lines into a copy of base.
func parseLexicon(data []byte, name string, base synonymTable) (synonymTable, error) {
	t := synonymTable{byFirst: map[string][]synonymEntry{}}
	for w, es := range base.byFirst {
		t.byFirst[w] = append([]synonymEntry(nil), es...)
	}
	if !utf8.Valid(data) {
		return t, lexiconErr(name, lineOf(data, firstInvalidUTF8(data)), CodeFileNotUTF8)
	}
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, "=")
		if !ok {
			return t, lexiconErr(name, n+1, CodeLexiconNoEquals)
		}
		var parsed [][]string
		for _, a := range strings.Split(right, ";") {
			if words := significant(fts.Terms(a)); len(words) > 0 {
				parsed = append(parsed, words)
			}
		}
		if len(parsed) == 0 {
			return t, lexiconErr(name, n+1, CodeLexiconNothingAfter)
		}
		keys := 0
		for _, k := range strings.Split(left, "|") {
			words := fts.Terms(k)
			if len(words) == 0 {
				continue
			}
			keys++
			t.add(synonymEntry{words: words, alts: parsed})
		}
		if keys == 0 {
			return t, lexiconErr(name, n+1, CodeLexiconNothingBefore)
		}
	}
	for w, es := range t.byFirst {
		// Longest first so that "mot de passe" wins over "mot".
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].words) > len(es[j].words) })
		t.byFirst[w] = es
	}
	return t, nil
}

func lexiconErr(name string, line int, c Code) error {
	return &LexiconError{Path: name, LineError: LineError{Line: line, Reason: Reason{Code: c}}}
}

// add files an entry; a phrase already known takes the new groups too.
func (t synonymTable) add(e synonymEntry) {
	es := t.byFirst[e.words[0]]
	for i := range es {
		if slices.Equal(es[i].words, e.words) {
			merged := append([][]string(nil), es[i].alts...)
			for _, a := range e.alts {
				if !slices.ContainsFunc(merged, func(b []string) bool { return slices.Equal(a, b) }) {
					merged = append(merged, a)
				}
			}
			es[i].alts = merged
			return
		}
	}
	t.byFirst[e.words[0]] = append(es, e)
}

// match returns the longest entry starting at words[i], and how many words
// it covers. Stopwords of the text between the entry's words are skipped
// ("parle vide" covers "parle dans le vide").
func (t synonymTable) match(words []string, i int) (synonymEntry, int) {
	for _, e := range t.byFirst[words[i]] {
		j := i + 1
		ok := true
		for _, w := range e.words[1:] {
			for j < len(words) && words[j] != w && isStopword(words[j]) {
				j++
			}
			if j >= len(words) || words[j] != w {
				ok = false
				break
			}
			j++
		}
		if ok {
			return e, j - i
		}
	}
	return synonymEntry{}, 0
}

// significant drops stopwords (and one-letter words: the "l" of
// "l'imprimante") from a list of folded words.
func significant(words []string) []string {
	out := words[:0:0]
	for _, w := range words {
		if !isStopword(w) {
			out = append(out, w)
		}
	}
	return out
}

// isStopword uses the list shared with the ticket similarity code
// (fts.IsStopword), plus one-letter words that are not digits.
func isStopword(w string) bool {
	return fts.IsStopword(w) || (len(w) == 1 && (w[0] < '0' || w[0] > '9'))
}

// stemPrefix is a light French stemmer for recall: "partager", "partagez",
// "partagée" all share "partag", matched as a prefix. Only long words get
// one, so that a short stem never matches half the vocabulary.
func stemPrefix(w string) string {
	if len(w) < 6 {
		return ""
	}
	for _, suf := range []string{"ements", "ement", "ations", "ation", "ees", "ee", "ees", "er", "ez", "es", "e", "s", "x"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 5 {
			return w[:len(w)-len(suf)]
		}
	}
	return ""
}
