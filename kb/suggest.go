package kb

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// How much each part of a ticket counts: agents put the problem in the
// title and ramble in the description; the category is chosen from a list
// and the tags by the technician, so both are reliable.
const (
	weightTitle       = 3.0
	weightCategory    = 2.0
	weightTags        = 2.0
	weightDescription = 1.0
	// Long descriptions are cut: the problem is stated early, and a
	// pasted log must not make suggestions slow.
	maxSuggestText = 2000
	// At most this many concepts, the heaviest, take part.
	maxSuggestConcepts = 12
)

// Suggest returns the articles most likely to solve a ticket, best first,
// each with a short explanation in French (Reason). An article is ranked by
// the share of the ticket's words it holds (title and category words
// weighing more, words in the article's title more than in its body), by
// its full-text relevance, and by how often it solved similar tickets.
func (s *Store) Suggest(ctx context.Context, in SuggestInput, limit int) ([]Result, error) {
	if limit <= 0 {
		limit = 5
	}
	limit = min(limit, maxLimit)
	s.learn(ctx)
	concepts, unmatched, err := s.ticketConcepts(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("suggest articles for ticket %d: %w", in.TicketID, err)
	}
	if len(concepts) == 0 {
		return nil, nil
	}
	hits, err := s.candidates(ctx, concepts, SearchOptions{}, max(20, limit))
	if err != nil {
		return nil, fmt.Errorf("suggest articles for ticket %d: %w", in.TicketID, err)
	}
	// The articles whose solved tickets said it this way.
	ls, err := s.learnedMatches(ctx, anyOf(concepts, altVariant), SearchOptions{}, 20)
	if err != nil {
		return nil, fmt.Errorf("suggest articles for ticket %d: %w", in.TicketID, err)
	}
	have := map[int64]bool{}
	for _, h := range hits {
		have[h.ID] = true
	}
	for _, h := range ls {
		if !have[h.ID] {
			h.rel = 0
			hits = append(hits, h)
		}
	}
	solved := map[int64]float64{}
	if s.links != nil {
		if solved, err = s.links.ArticlesSolvingSimilar(ctx, anyOf(concepts, altCorrected), in.TicketID, 50); err != nil {
			return nil, fmt.Errorf("suggest articles for ticket %d: %w", in.TicketID, err)
		}
		if hits, err = s.addSolvers(ctx, hits, solved); err != nil {
			return nil, fmt.Errorf("suggest articles for ticket %d: %w", in.TicketID, err)
		}
	}
	if len(hits) == 0 {
		return nil, nil
	}
	matched, err := s.coverage(ctx, concepts, hits, true)
	if err != nil {
		return nil, fmt.Errorf("suggest articles for ticket %d: %w", in.TicketID, err)
	}
	if err := s.priors(ctx, hits); err != nil {
		return nil, fmt.Errorf("suggest articles for ticket %d: %w", in.TicketID, err)
	}
	// Words of the ticket that no article holds still count, for half of
	// the rarest word (see weighByRarity): one word matched out of ten is
	// weak evidence.
	total, maxSolved := 0.75*unmatched, 0.0
	for _, c := range concepts {
		total += c.weight
	}
	for _, w := range solved {
		maxSolved = max(maxSolved, w)
	}
	for i := range hits {
		h := &hits[i]
		// Title above tags, as in search: the title is what the article
		// is about, a tag a word someone chose.
		title, tags := titleWords(h.Title, nil), titleWords("", h.Tags)
		var cov, tcov float64
		var inTitle, inText []string
		for k, c := range concepts {
			if matched[h.ID]&(1<<k) == 0 {
				continue
			}
			q := 1.0
			if c.unknown {
				q = 0.7 // matched through a typo correction
			}
			if h.learnedMask&(1<<k) != 0 {
				q *= learnedWeight
			}
			cov += c.weight * q
			word := c.display()
			if c.categoryOnly {
				word = ""
			}
			switch {
			case c.matchesWords(title):
				tcov += c.weight * q
				inTitle = appendWord(inTitle, word)
			case c.matchesWords(tags):
				tcov += 0.5 * c.weight * q
				inTitle = appendWord(inTitle, word)
			default:
				inText = appendWord(inText, word)
			}
		}
		// The weights of similar tickets are bm25 sums, on no fixed scale:
		// what counts is having solved some, and how much compared with
		// the other articles that did.
		lw, solvedSome := solved[h.ID]
		var boost float64
		if solvedSome {
			boost = 0.25
			if maxSolved > 0 {
				boost += 0.25 * lw / maxSolved
			}
		}
		h.Score = (0.45*cov/total+0.30*tcov/total+0.10*h.rel/(h.rel+5)+boost)*h.weight + h.bonus
		h.Matched = append(inTitle, inText...)
		if i := strings.Index(h.URL, "#t="); i >= 0 {
			h.URL = h.URL[:i]
		}
		h.At, h.segment = nil, 0
		if h.cueAt != nil {
			// Some of the ticket's words are only in the video's
			// transcript: the suggestion opens it where they are said.
			h.At = h.cueAt
			h.URL = withTime(h.URL, *h.cueAt)
		}
		if solvedSome {
			h.Solved = 1
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	if err := s.countSolved(ctx, hits, concepts); err != nil {
		return nil, fmt.Errorf("suggest articles for ticket %d: %w", in.TicketID, err)
	}
	for i := range hits {
		hits[i].Reason = Why(hits[i].Result, "fr")
	}
	if err := s.addSnippets(ctx, hits, snippetTerms(concepts)); err != nil {
		return nil, fmt.Errorf("suggest articles for ticket %d: %w", in.TicketID, err)
	}
	out := make([]Result, 0, len(hits))
	for _, h := range hits {
		out = append(out, h.Result)
	}
	return out, nil
}

// ticketConcepts analyses each part of a ticket with its weight and keeps
// the heaviest concepts: a word in the title and again in the description
// counts for both.
func (s *Store) ticketConcepts(ctx context.Context, in SuggestInput) (concepts []concept, unmatched float64, err error) {
	parts := []struct {
		text   string
		weight float64
	}{
		{in.Title, weightTitle},
		{in.Category, weightCategory},
		{strings.Join(in.Tags, " "), weightTags},
		{truncateRunes(in.Description, maxSuggestText), weightDescription},
	}
	var out []concept
	index := map[string]int{}
	for _, p := range parts {
		cs, err := s.analyze(ctx, p.text, false)
		if err != nil {
			return nil, 0, err
		}
		for _, c := range cs {
			if c.unknown && !c.corrected() {
				unmatched += p.weight // a word no article holds, even corrected
				continue
			}
			key := c.expr(altCorrected)
			if i, ok := index[key]; ok {
				out[i].weight += p.weight * 0.5
				out[i].categoryOnly = out[i].categoryOnly && p.text == in.Category
				continue
			}
			c.weight = p.weight
			c.categoryOnly = p.text == in.Category
			index[key] = len(out)
			out = append(out, c)
		}
	}
	if err := s.weighByRarity(ctx, out); err != nil {
		return nil, 0, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].weight > out[j].weight })
	if len(out) > maxSuggestConcepts {
		out = out[:maxSuggestConcepts]
	}
	return out, unmatched, nil
}

func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// addSolvers adds the articles that solved similar tickets but hold none
// of the ticket's words: the technicians' experience is a signal of its
// own.
func (s *Store) addSolvers(ctx context.Context, hits []hit, solved map[int64]float64) ([]hit, error) {
	have := map[int64]bool{}
	for _, h := range hits {
		have[h.ID] = true
	}
	var missing []any
	for id := range solved {
		if !have[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return hits, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, kind, tags, url FROM articles WHERE archived = 0 AND id IN (`+placeholders(len(missing), "?")+`)`, missing...)
	if err != nil {
		return nil, fmt.Errorf("articles that solved similar tickets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h hit
		var kind, tags string
		if err := rows.Scan(&h.ID, &h.Title, &kind, &tags, &h.URL); err != nil {
			return nil, fmt.Errorf("articles that solved similar tickets: %w", err)
		}
		h.Kind, h.Tags = Kind(kind), splitTags(tags)
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// titleWords is the set of folded words of an article's title and tags.
func titleWords(title string, tags []string) map[string]bool {
	m := wordSet(nil, title)
	for _, t := range tags {
		m = wordSet(m, t)
	}
	return m
}

// matchesWords reports whether one of the concept's alternatives is
// entirely in words.
func (c concept) matchesWords(words map[string]bool) bool {
	for _, a := range c.alts {
		ok := len(a.Terms) > 0
		for i, t := range a.Terms {
			if words[t] {
				continue
			}
			if a.Prefix && i == len(a.Terms)-1 && hasPrefixWord(words, t) {
				continue
			}
			ok = false
			break
		}
		if ok {
			return true
		}
	}
	return false
}

func hasPrefixWord(words map[string]bool, p string) bool {
	for w := range words {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// display is the word to show in an explanation: as typed, or its
// correction when it was misspelt.
func (c concept) display() string {
	if c.unknown {
		if fixed := c.correctedWords(); len(fixed) > 0 {
			return fixed[0]
		}
	}
	return c.label
}

// appendWord adds a word to show, without stopwords ("personne m
// entend" shows "personne entend") and without repeats.
func appendWord(list []string, w string) []string {
	var kept []string
	for _, x := range strings.Fields(w) {
		if !isStopword(foldWord(x)) {
			kept = append(kept, x)
		}
	}
	if w = strings.Join(kept, " "); w == "" || slices.Contains(list, w) {
		return list
	}
	return append(list, w)
}

// Why words the reason of a suggestion in French ("fr") or English: "mots
// : caméra, teams · à 2:29 · a résolu 3 tickets similaires".
func Why(r Result, lang string) string {
	fr := lang != "en"
	var parts []string
	words := r.Matched
	if len(words) > 4 {
		words = words[:4]
	}
	switch {
	case len(words) == 0:
	case fr && len(words) == 1:
		parts = append(parts, "mot : "+words[0])
	case fr:
		parts = append(parts, "mots : "+strings.Join(words, ", "))
	case len(words) == 1:
		parts = append(parts, "word: "+words[0])
	default:
		parts = append(parts, "words: "+strings.Join(words, ", "))
	}
	if r.At != nil {
		if fr {
			parts = append(parts, "à "+Clock(*r.At))
		} else {
			parts = append(parts, "at "+Clock(*r.At))
		}
	}
	switch {
	case r.Solved <= 0:
	case fr && r.Solved == 1:
		parts = append(parts, "a résolu 1 ticket similaire")
	case fr:
		parts = append(parts, fmt.Sprintf("a résolu %d tickets similaires", r.Solved))
	case r.Solved == 1:
		parts = append(parts, "solved 1 similar ticket")
	default:
		parts = append(parts, fmt.Sprintf("solved %d similar tickets", r.Solved))
	}
	return strings.Join(parts, " · ")
}

// Clock writes a moment of a video as 2:29 or 1:02:03.
func Clock(seconds float64) string {
	s := int(seconds)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// countSolved counts, for suggestions that solved similar tickets, how
// many of their linked tickets share a word with this one (at least 1).
func (s *Store) countSolved(ctx context.Context, hits []hit, concepts []concept) error {
	var ids []any
	for _, h := range hits {
		if h.Solved > 0 {
			ids = append(ids, h.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, words FROM article_learned WHERE article_id IN (`+placeholders(len(ids), "?")+`)`, ids...)
	if err != nil {
		return fmt.Errorf("count similar tickets: %w", err)
	}
	defer rows.Close()
	count := map[int64]int{}
	for rows.Next() {
		var id int64
		var words string
		if err := rows.Scan(&id, &words); err != nil {
			return fmt.Errorf("count similar tickets: %w", err)
		}
		set := wordSet(nil, words)
		for _, c := range concepts {
			if !c.categoryOnly && c.matchesWords(set) {
				count[id]++
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("count similar tickets: %w", err)
	}
	for i := range hits {
		if n := count[hits[i].ID]; n > hits[i].Solved {
			hits[i].Solved = n
		}
	}
	return nil
}

// weighByRarity scales each concept by how rare its words are in the
// knowledge base (from ×0.5 for a word in every article to ×1.5 for a word
// in one): in "problème connexion, le vpn se déconnecte", "déconnecte" says
// more than "connexion".
func (s *Store) weighByRarity(ctx context.Context, cs []concept) error {
	var n float64
	if err := s.articleCount(ctx, &n); err != nil {
		return err
	}
	if n < 2 {
		return nil
	}
	for i := range cs {
		// The words as the agent typed them say how telling they are
		// ("iphone pro" is rarer than its synonym "téléphone"); the other
		// forms count when those words are unknown.
		var df float64
		for _, a := range cs[i].alts {
			if a.kind != altExact || a.Prefix {
				continue
			}
			for k, t := range a.Terms {
				d, err := s.termDF(ctx, dfArticles, t, false)
				if err != nil {
					return err
				}
				if k == 0 || float64(d) < df {
					df = float64(d)
				}
			}
		}
		if df < 1 {
			for _, a := range cs[i].alts {
				if len(a.Terms) != 1 || a.Prefix {
					continue
				}
				d, err := s.termDF(ctx, dfArticles, a.Terms[0], false)
				if err != nil {
					return err
				}
				df = max(df, float64(d))
			}
		}
		if df >= 1 {
			cs[i].weight *= 0.5 + math.Log(n/df)/math.Log(n)
		}
	}
	return nil
}
