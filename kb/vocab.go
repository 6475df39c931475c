package kb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"hotline/internal/fts"
)

// vocabTerms lists the words of an article worth remembering for typo
// correction: from 3 to 30 letters, not bare numbers. Words are cut from
// the raw text and folded one by one, each distinct word once: folding
// whole bodies spent most of its time on punctuation and repeated words.
func vocabTerms(a *Article) map[string]struct{} {
	out := map[string]struct{}{}
	seen := map[string]struct{}{}
	add := func(s string) {
		for _, w := range strings.FieldsFunc(s, notWordRune) {
			if _, ok := seen[w]; ok {
				continue
			}
			seen[w] = struct{}{}
			f := foldWord(w)
			terms := []string{f}
			if strings.IndexFunc(f, notWordRune) >= 0 {
				terms = fts.Terms(f) // a letter whose folded form splits
			}
			for _, t := range terms {
				if n := len(t); n < 3 || n > 30 || isNumber(t) {
					continue
				}
				out[t] = struct{}{}
			}
		}
	}
	add(a.Title)
	for _, t := range a.Tags {
		add(t)
	}
	add(a.Body)
	for _, seg := range a.Transcript {
		add(seg.Text)
	}
	return out
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// importVocab is the typo vocabulary during an import: the terms already
// in kb_vocab, and the words as written in the articles (raw, before
// folding) whose terms all are. An import meets the same few thousand
// words in every article; each is split, folded and looked up once per
// import instead of once per article.
type importVocab struct {
	terms vocabSet
	words map[string]struct{}
}

func newImportVocab(terms vocabSet) *importVocab {
	return &importVocab{terms: terms, words: map[string]struct{}{}}
}

// batchVocab is what one write transaction of an import adds to an
// importVocab. The words and terms go into the import's maps at once (one
// lookup per word), and are taken out again if the article is rolled back
// to its savepoint or the transaction does not commit.
type batchVocab struct {
	iv           *importVocab
	words, terms []string // added by this batch
	// where the current article's additions start in words and terms
	artWords, artTerms int
}

func (iv *importVocab) batch() *batchVocab {
	return &batchVocab{iv: iv}
}

// article returns the terms of a that are new to the vocabulary (the
// same terms as vocabTerms minus the known ones), sorted.
func (b *batchVocab) article(a *Article) []string {
	b.artWords, b.artTerms = len(b.words), len(b.terms)
	b.text(a.Title)
	for _, t := range a.Tags {
		b.text(t)
	}
	b.text(a.Body)
	for _, seg := range a.Transcript {
		b.text(seg.Text)
	}
	fresh := append([]string(nil), b.terms[b.artTerms:]...)
	sort.Strings(fresh) // in index order: fewer pages touched
	return fresh
}

// text handles the words of s, split as strings.FieldsFunc(s, notWordRune)
// splits them.
func (b *batchVocab) text(s string) {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		var word bool
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = !notWordRune(r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			b.word(s[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		b.word(s[start:])
	}
}

func (b *batchVocab) word(w string) {
	if _, ok := b.iv.words[w]; ok {
		return
	}
	f := foldWord(w)
	terms := []string{f}
	if strings.IndexFunc(f, notWordRune) >= 0 {
		terms = fts.Terms(f) // a letter whose folded form splits
	}
	for _, t := range terms {
		if n := len(t); n < 3 || n > 30 || isNumber(t) {
			continue
		}
		if _, ok := b.iv.terms[t]; ok {
			continue
		}
		b.iv.terms[t] = struct{}{}
		b.terms = append(b.terms, t)
	}
	w = strings.Clone(w) // not the article's whole text kept alive by a key
	b.iv.words[w] = struct{}{}
	b.words = append(b.words, w)
}

// forget takes out what the current article added: it was rolled back.
func (b *batchVocab) forget() {
	b.drop(b.artWords, b.artTerms)
}

// rollback takes out what the batch added: its transaction failed.
func (b *batchVocab) rollback() {
	b.drop(0, 0)
}

func (b *batchVocab) drop(words, terms int) {
	for _, w := range b.words[words:] {
		delete(b.iv.words, w)
	}
	for _, t := range b.terms[terms:] {
		delete(b.iv.terms, t)
	}
	b.words, b.terms = b.words[:words], b.terms[:terms]
	b.artWords, b.artTerms = len(b.words), len(b.terms)
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// vocabSet is the vocabulary as loaded at the start of an import, so that
// only new words are written.
type vocabSet map[string]struct{}

func (s *Store) loadVocab(ctx context.Context) (vocabSet, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT term FROM kb_vocab`)
	if err != nil {
		return nil, fmt.Errorf("load vocabulary: %w", err)
	}
	defer rows.Close()
	v := vocabSet{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("load vocabulary: %w", err)
		}
		v[t] = struct{}{}
	}
	return v, rows.Err()
}

// addVocab writes the words of a that v and also lack (v nil: let SQLite
// skip the known ones) and returns them, for the caller to merge into v
// once the transaction commits.
func (w *articleWriter) addVocab(ctx context.Context, v vocabSet, a *Article, also map[string]struct{}) ([]string, error) {
	var fresh []string
	for t := range vocabTerms(a) {
		if v != nil {
			if _, ok := v[t]; ok {
				continue
			}
		}
		if _, ok := also[t]; ok {
			continue
		}
		fresh = append(fresh, t)
	}
	sort.Strings(fresh) // in index order: fewer pages touched
	return fresh, w.insertVocab(ctx, fresh)
}

// insertVocab writes terms to the typo vocabulary.
func (w *articleWriter) insertVocab(ctx context.Context, terms []string) error {
	if len(terms) == 0 {
		return nil
	}
	st, err := w.stmt(ctx, &w.insVocab, `INSERT OR IGNORE INTO kb_vocab(term) VALUES (?)`)
	if err != nil {
		return fmt.Errorf("vocabulary: %w", err)
	}
	for _, t := range terms {
		if _, err := st.ExecContext(ctx, t); err != nil {
			return fmt.Errorf("vocabulary: %w", err)
		}
	}
	return nil
}

func placeholders(n int, one string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	return b.String()
}

// known reports whether term is a word of the knowledge base, or (prefix)
// the start of one.
func (s *Store) known(ctx context.Context, term string, prefix bool) (bool, error) {
	var one int
	var err error
	if prefix {
		err = s.db.QueryRowContext(ctx, `SELECT 1 FROM kb_vocab WHERE term >= ? AND term < ? LIMIT 1`, term, term+"\U0010FFFF").Scan(&one)
	} else {
		err = s.db.QueryRowContext(ctx, `SELECT 1 FROM kb_vocab WHERE term = ?`, term).Scan(&one)
	}
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look up %q: %w", term, err)
	}
	return true, nil
}

// maxTypos is how many edits a word may be away from its correction: none
// for short words (too many neighbours: "mal", "mail", "mai"), one up to 7
// letters, two beyond.
func maxTypos(term string) int {
	switch n := utf8.RuneCountInString(term); {
	case n < 4:
		return 0
	case n < 8:
		return 1
	default:
		return 2
	}
}

// corrections returns the words of the knowledge base closest to term,
// nearest first. Candidates are read by prefix from the vocabulary index:
// first the words sharing the first two letters (typos are rarely there),
// then, if none is close, those sharing the first letter.
func (s *Store) corrections(ctx context.Context, term string, max int) ([]string, error) {
	k := maxTypos(term)
	if k == 0 {
		return nil, nil
	}
	n := utf8.RuneCountInString(term)
	for _, plen := range []int{2, 1} {
		p := string([]rune(term)[:plen])
		rows, err := s.db.QueryContext(ctx, `SELECT term FROM kb_vocab WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?`,
			p, p+"\U0010FFFF", n-k, n+k)
		if err != nil {
			return nil, fmt.Errorf("corrections of %q: %w", term, err)
		}
		type cand struct {
			term string
			dist int
		}
		var found []cand
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return nil, fmt.Errorf("corrections of %q: %w", term, err)
			}
			if t == term {
				continue
			}
			if d := editDistance(term, t, k); d <= k {
				found = append(found, cand{t, d})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("corrections of %q: %w", term, err)
		}
		if len(found) == 0 {
			continue
		}
		sort.SliceStable(found, func(i, j int) bool {
			if found[i].dist != found[j].dist {
				return found[i].dist < found[j].dist
			}
			return found[i].term < found[j].term
		})
		best := found[0].dist
		var out []string
		for _, c := range found {
			if c.dist > best || len(out) == max {
				break
			}
			out = append(out, c.term)
		}
		return out, nil
	}
	return nil, nil
}

// editDistance is the optimal-string-alignment distance (insertions,
// deletions, substitutions and swaps of neighbours: "outlok", "imprimente",
// "teasm"), giving up past limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
