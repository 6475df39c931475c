package kb

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"hotline/internal/fts"
)

// Column weights of articles_fts (title, tags, body) for bm25: a word in
// the title says far more about an article than one in its body. Transcript
// hits count for transcriptWeight of a body hit.
const (
	bm25Weights      = "10.0, 5.0, 1.0"
	transcriptWeight = 0.5
	maxLimit         = 200
)

// hit is a candidate result with what is needed to rank and finish it.
type hit struct {
	Result
	rel      float64 // relevance: -bm25, higher is better
	tier     int     // 0 every word exact, 1 with corrections, 2 partial
	coverage float64 // partial tier: share of concepts matched
	titleCov float64 // share of concepts found in the title or tags
	expr     string  // the query that found it, for the snippet
	segment  int64   // best cue for a transcript-only hit
	// weight is the collection's factor (0, 1] and bonus the tie-breaker
	// of verified, reviewed and linked articles: see priors.
	weight     float64
	bonus      float64
	collection string
	// learned: found only through the words of the tickets it solved;
	// learnedMask: the concepts (bit k) it holds only there.
	learned     bool
	learnedMask uint64
	// cueAt is, for a video some concepts matched only in its
	// transcript, the start of the cue that holds the most of them
	// (coverage with cues).
	cueAt *float64
}

// Search finds articles for what a person typed; see SearchOptions.
// Results come in tiers: articles holding every word as typed (or a
// synonym), then those needing a typo correction, then, when few match
// everything, the articles matching most of the words.
func (s *Store) Search(ctx context.Context, query string, opts SearchOptions) ([]Result, error) {
	limit := opts.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, maxLimit)
	query = capQuery(query)
	s.learn(ctx)
	concepts, err := s.analyze(ctx, query, true)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	if len(concepts) == 0 {
		return nil, nil
	}
	hits, err := s.searchConcepts(ctx, concepts, opts, limit)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	if len(hits) == 0 && !opts.NoRecord {
		// Best effort: a read-only database, or another program holding
		// the write lock, must not make a search fail.
		_ = s.RecordMiss(ctx, query)
	}
	out, err := s.finish(ctx, hits, concepts)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return out, nil
}

func (s *Store) searchConcepts(ctx context.Context, concepts []concept, opts SearchOptions, limit int) ([]hit, error) {
	var hits []hit
	have := map[int64]bool{}
	add := func(hs []hit) {
		for _, h := range hs {
			if !have[h.ID] && len(hits) < limit {
				have[h.ID] = true
				hits = append(hits, h)
			}
		}
	}
	exact := ftsQuery{concepts: concepts, maxKind: altVariant, all: true}
	if exact.expr() != "" {
		hs, err := s.match(ctx, exact, concepts, opts, limit)
		if err != nil {
			return nil, err
		}
		add(tiered(hs, 0))
	}
	corrected := false
	for _, c := range concepts {
		corrected = corrected || c.corrected()
	}
	if corrected && len(hits) < limit {
		hs, err := s.match(ctx, ftsQuery{concepts: concepts, maxKind: altCorrected, all: true}, concepts, opts, limit)
		if err != nil {
			return nil, err
		}
		add(tiered(hs, 1))
	}
	// A question or a long description rarely has every word in one
	// article: then the articles matching most of them are the answer.
	if len(hits) < 3 && len(concepts) > 1 {
		hs, err := s.partial(ctx, concepts, opts, 3*limit)
		if err != nil {
			return nil, err
		}
		add(hs)
	}
	return hits, nil
}

func tiered(hs []hit, tier int) []hit {
	for i := range hs {
		hs[i].tier = tier
	}
	return hs
}

// How much ranking work one query may do. A query estimated (from the
// document frequencies) to match at most rankAll rows is ranked whole by
// bm25; beyond, the scanCap newest title and tag matches are ranked, the
// newest body and transcript matches taken unranked, and the rest never
// read: bm25 costs one evaluation per matching row (after reading every
// row of each word once), and a common word ("teams", "connexion")
// matches tens of thousands of rows of a large base. The title and tags
// are asked first, so the articles about the words are found first.
const (
	rankAll = 800
	scanCap = 300
)

// match runs one query over articles and transcripts and merges the two:
// an article found in its text ranks by that; one found only in its
// transcript ranks lower and points at its best cue. rank are the
// concepts the titles are compared with.
func (s *Store) match(ctx context.Context, q ftsQuery, rank []concept, opts SearchOptions, limit int) ([]hit, error) {
	expr := q.expr()
	if expr == "" {
		return nil, nil
	}
	filter, fargs := filterSQL(opts)
	var hits []hit
	byID := map[int64]int{}
	// Articles with the words in their title or tags are far fewer than
	// those with them anywhere and rank first anyway, so they are asked
	// for first, and the bodies only when they are not enough. bm25 also
	// hardly tells apart articles that all hold a very common word, so more
	// candidates than needed are read and the title decides (see score).
	want := max(3*limit, 30)
	for _, pass := range []struct {
		idx  dfIndex
		expr string
	}{{dfTitles, "{title tags} : (" + expr + ")"}, {dfArticles, expr}} {
		est, err := s.queryDF(ctx, pass.idx, q)
		if err != nil {
			return nil, err
		}
		if est == 0 {
			continue
		}
		if pass.idx == dfTitles && est > rankAll && q.all && len(q.concepts) > 1 {
			// Common words together in a title are rare: a scan for them
			// would walk the words' whole lists, while the scan of the
			// next pass stops at its first rows.
			continue
		}
		order, score := "rel DESC", "-bm25(articles_fts, "+bm25Weights+")"
		n := want
		if q.noRank && est <= want {
			score = "0" // every row is kept: nothing to choose
		}
		if est > rankAll {
			order, n = "articles_fts.rowid DESC", scanCap
			if q.noRank || pass.idx == dfArticles {
				// bm25 first reads every row of each word to weigh it: on
				// common words, more than the capped scan itself, and
				// for words only in the bodies of thousands of articles
				// it hardly tells them apart. The newest come first.
				score, n = "0", want
			}
		}
		args := append([]any{pass.expr}, fargs...)
		args = append(args, n)
		// Without a filter, the articles are read for the kept rows only,
		// not for every row before the sort.
		query := `
			SELECT a.id, a.title, a.kind, a.tags, a.url, f.rel
			FROM (SELECT rowid, ` + score + ` AS rel FROM articles_fts
			      WHERE articles_fts MATCH ? ORDER BY ` + order + ` LIMIT ?) f
			JOIN articles a ON a.id = f.rowid`
		if filter != "" {
			query = `
			SELECT a.id, a.title, a.kind, a.tags, a.url, ` + score + ` AS rel
			FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
			WHERE articles_fts MATCH ?` + filter + `
			ORDER BY ` + order + ` LIMIT ?`
		}
		rows, err := s.db.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, fmt.Errorf("match articles: %w", err)
		}
		var found []hit
		for rows.Next() {
			var h hit
			var kind, tags string
			if err := rows.Scan(&h.ID, &h.Title, &kind, &tags, &h.URL, &h.rel); err != nil {
				rows.Close()
				return nil, fmt.Errorf("match articles: %w", err)
			}
			h.Kind, h.Tags, h.expr = Kind(kind), splitTags(tags), expr
			found = append(found, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("match articles: %w", err)
		}
		if len(found) > want {
			sort.SliceStable(found, func(i, j int) bool { return found[i].rel > found[j].rel })
			found = found[:want]
		}
		for _, h := range found {
			if _, dup := byID[h.ID]; dup {
				continue
			}
			byID[h.ID] = len(hits)
			hits = append(hits, h)
		}
		if len(hits) >= limit {
			break
		}
	}
	if len(hits) >= limit {
		// Transcript-only hits rank below text hits (see score): with a
		// full page of text hits they would not be shown.
		return s.rankHits(ctx, hits, rank, limit)
	}
	est, err := s.queryDF(ctx, dfSegments, q)
	if err != nil {
		return nil, err
	}
	if est == 0 {
		return s.withLearned(ctx, hits, byID, expr, rank, opts, limit)
	}
	order, n := "rel DESC", 4*limit // several cues of one video may match
	score := "-bm25(segments_fts)"
	switch {
	case q.noRank:
		// bm25 would first read every cue holding each word.
		order, score = "segments_fts.rowid DESC", "0"
	case est > rankAll:
		order, score = "segments_fts.rowid DESC", "0"
	}
	args := append([]any{expr}, fargs...)
	args = append(args, n)
	query := `
		SELECT a.id, a.title, a.kind, a.tags, a.url, sg.id, sg.start_ms, f.rel
		FROM (SELECT rowid, ` + score + ` AS rel FROM segments_fts
		      WHERE segments_fts MATCH ? ORDER BY ` + order + ` LIMIT ?) f
		JOIN segments sg ON sg.id = f.rowid JOIN articles a ON a.id = sg.article_id
		WHERE a.archived = 0`
	if filter != "" {
		query = `
		SELECT a.id, a.title, a.kind, a.tags, a.url, sg.id, sg.start_ms, ` + score + ` AS rel
		FROM segments_fts JOIN segments sg ON sg.id = segments_fts.rowid JOIN articles a ON a.id = sg.article_id
		WHERE segments_fts MATCH ? AND a.archived = 0` + filter + `
		ORDER BY ` + order + ` LIMIT ?`
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("match transcripts: %w", err)
	}
	defer rows.Close()
	type cue struct {
		h       hit
		startMS int64
	}
	var cues []cue
	for rows.Next() {
		var c cue
		var kind, tags string
		if err := rows.Scan(&c.h.ID, &c.h.Title, &kind, &tags, &c.h.URL, &c.h.segment, &c.startMS, &c.h.rel); err != nil {
			return nil, fmt.Errorf("match transcripts: %w", err)
		}
		c.h.Kind, c.h.Tags, c.h.expr = Kind(kind), splitTags(tags), expr
		cues = append(cues, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("match transcripts: %w", err)
	}
	sort.SliceStable(cues, func(i, j int) bool { return cues[i].h.rel > cues[j].h.rel })
	for _, c := range cues {
		h := c.h
		if i, ok := byID[h.ID]; ok {
			if hits[i].segment == 0 && hits[i].At == nil {
				// Found in its text too: the text decides, the transcript
				// only adds a little.
				hits[i].rel += 0.2 * transcriptWeight * h.rel
				hits[i].segment = -1
			}
			continue
		}
		at := float64(c.startMS) / 1000
		h.At = &at
		h.URL = withTime(h.URL, at)
		byID[h.ID] = len(hits)
		hits = append(hits, h)
	}
	return s.withLearned(ctx, hits, byID, expr, rank, opts, limit)
}

// withLearned completes hits with the articles found only through the
// words of the tickets they solved, then ranks them.
func (s *Store) withLearned(ctx context.Context, hits []hit, byID map[int64]int, expr string, rank []concept, opts SearchOptions, limit int) ([]hit, error) {
	if len(hits) < limit {
		ls, err := s.learnedMatches(ctx, expr, opts, limit)
		if err != nil {
			return nil, err
		}
		for _, h := range ls {
			if _, dup := byID[h.ID]; dup {
				continue
			}
			h.expr = expr
			byID[h.ID] = len(hits)
			hits = append(hits, h)
		}
	}
	return s.rankHits(ctx, hits, rank, limit)
}

// rankHits sorts hits by score, the title deciding between articles bm25
// cannot tell apart, and keeps limit.
func (s *Store) rankHits(ctx context.Context, hits []hit, concepts []concept, limit int) ([]hit, error) {
	if err := s.priors(ctx, hits); err != nil {
		return nil, err
	}
	for i := range hits {
		if hits[i].segment < 0 {
			hits[i].segment = 0
		}
		// Title above tags: a tag is a word someone chose, the title is
		// what the article is about.
		title, tags := titleWords(hits[i].Title, nil), titleWords("", hits[i].Tags)
		n := 0.0
		for _, c := range concepts {
			if c.matchesWords(title) {
				n++
			} else if c.matchesWords(tags) {
				n += 0.5
			}
		}
		if len(concepts) > 0 {
			hits[i].titleCov = n / float64(len(concepts))
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score() > hits[j].score() })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

func filterSQL(opts SearchOptions) (string, []any) {
	var sql string
	var args []any
	if opts.Kind != "" {
		sql += " AND a.kind = ?"
		args = append(args, string(opts.Kind))
	}
	if opts.Tag != "" {
		sql += " AND a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)"
		args = append(args, foldTag(opts.Tag))
	}
	return sql, args
}

// withTime points a video link at a moment: "#t=93" (Media Fragments),
// which browsers and players honour.
func withTime(url string, at float64) string {
	if i := strings.IndexByte(url, '#'); i >= 0 {
		url = url[:i]
	}
	return url + "#t=" + strconv.Itoa(int(at))
}

// partial ranks the articles matching some of the concepts by how many
// they match, then by relevance.
func (s *Store) partial(ctx context.Context, concepts []concept, opts SearchOptions, limit int) ([]hit, error) {
	hs, err := s.candidates(ctx, concepts, opts, limit)
	if err != nil || len(hs) == 0 {
		return hs, err
	}
	matched, err := s.coverage(ctx, concepts, hs, false)
	if err != nil {
		return nil, err
	}
	var total float64
	for _, c := range concepts {
		total += c.weight
	}
	for i := range hs {
		hs[i].tier = 2
		var got float64
		for k, c := range concepts {
			switch {
			case hs[i].learnedMask&(1<<k) != 0:
				got += learnedWeight * c.weight
			case matched[hs[i].ID]&(1<<k) != 0:
				got += c.weight
			}
		}
		hs[i].coverage = got / total
	}
	if err := s.priors(ctx, hs); err != nil {
		return nil, err
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].score() > hs[j].score() })
	return hs, nil
}

// candidates finds the articles worth ranking for concepts of which only
// some need match, without one OR over all of them (on common words it
// matches nearly every article and ranks them all): the rarest concepts
// together, then the two heaviest (the ticket's title words), then any of
// the rare ones, and only when these find too few, any of all, which match
// caps. Each query is bounded by match.
func (s *Store) candidates(ctx context.Context, concepts []concept, opts SearchOptions, limit int) ([]hit, error) {
	type rated struct {
		c  concept
		df int
	}
	var rs []rated
	for _, c := range concepts {
		a, err := s.conceptDF(ctx, dfArticles, c, altCorrected)
		if err != nil {
			return nil, err
		}
		t, err := s.conceptDF(ctx, dfSegments, c, altCorrected)
		if err != nil {
			return nil, err
		}
		if a+t > 0 {
			rs = append(rs, rated{c, a + t/40})
		}
	}
	if len(rs) == 0 {
		return nil, nil
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].df < rs[j].df })
	pick := func(n int) []concept {
		var out []concept
		for _, r := range rs[:min(n, len(rs))] {
			out = append(out, r.c)
		}
		return out
	}
	var qs []ftsQuery
	if len(rs) >= 3 {
		qs = append(qs, ftsQuery{concepts: pick(3), maxKind: altCorrected, all: true})
	}
	if len(rs) >= 2 {
		qs = append(qs, ftsQuery{concepts: pick(2), maxKind: altCorrected, all: true})
		if len(concepts) >= 2 {
			qs = append(qs, ftsQuery{concepts: concepts[:2], maxKind: altCorrected, all: true})
		}
	}
	var rare []concept
	for _, r := range rs {
		if r.df <= rankAll {
			rare = append(rare, r.c)
		}
	}
	if len(rare) > 0 {
		qs = append(qs, ftsQuery{concepts: rare, maxKind: altCorrected})
	}
	want := max(limit, 20)
	if len(rare) < len(concepts) {
		// Only when the others find too few: it matches a capped sample.
		qs = append(qs, ftsQuery{concepts: concepts, maxKind: altCorrected})
	}
	var hits []hit
	have := map[int64]bool{}
	for i, q := range qs {
		if len(hits) >= want && i == len(qs)-1 && len(rare) < len(concepts) {
			break
		}
		q.noRank = true // coverage ranks the candidates
		hs, err := s.match(ctx, q, concepts, opts, want)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			if !have[h.ID] {
				have[h.ID] = true
				hits = append(hits, h)
			}
		}
	}
	return hits, nil
}

// coverageScan is how much of a candidate's body coverage reads.
const coverageScan = 20000

// coverage tells which concepts (bit k for concepts[k], up to 64) each hit
// matches, in its text or its transcript, and puts the hits found by
// different queries on one relevance scale. It reads the candidates'
// words rather than asking the index: FTS5 answers "does article 42 match"
// by re-running the whole query (prefix expansion and bm25's statistics
// included) for each article, which on a large base cost a second for
// fifty candidates.
func (s *Store) coverage(ctx context.Context, concepts []concept, hs []hit, withCues bool) (map[int64]uint64, error) {
	if len(hs) == 0 {
		return nil, nil
	}
	ids := make([]any, 0, len(hs))
	for _, h := range hs {
		ids = append(ids, h.ID)
	}
	texts, err := s.texts(ctx, ids)
	if err != nil {
		return nil, err
	}
	learned, err := s.learnedWords(ctx, ids)
	if err != nil {
		return nil, err
	}
	// Relevance like bm25 with the columns' weights, on presence only:
	// enough to order articles that hold the same share of the concepts.
	var n float64
	if err := s.articleCount(ctx, &n); err != nil {
		return nil, err
	}
	idf := make([]float64, len(concepts))
	for k, c := range concepts {
		df, err := s.conceptDF(ctx, dfArticles, c, altCorrected)
		if err != nil {
			return nil, err
		}
		d := min(float64(df), n)
		idf[k] = max(math.Log((n-d+0.5)/(d+0.5)), 1e-6)
	}
	out := map[int64]uint64{}
	for i := range hs {
		h := &hs[i]
		f := texts[h.ID]
		if f == nil {
			continue
		}
		var rel float64
		for k, c := range concepts {
			if k >= 64 {
				break
			}
			var w float64
			switch {
			case c.matchesWords(f.title):
				w = 10
			case c.matchesWords(f.tags):
				w = 5
			case c.matchesWords(f.body):
				w = 1
			case f.transcript != nil && c.matchesWords(f.transcript):
				w = transcriptWeight
			case learned[h.ID] != nil && c.matchesWords(learned[h.ID]):
				w = learnedWeight * transcriptWeight
				h.learnedMask |= 1 << k
			default:
				continue
			}
			out[h.ID] |= 1 << k
			rel += w * idf[k]
		}
		h.rel = rel / 2
		if withCues && len(f.cues) > 0 {
			h.cueAt = bestCue(concepts, f.title, f.tags, f.cues)
		}
	}
	return out, nil
}

// bestCue is the moment of a video that says the most of what the ticket
// asks beyond the video's title: each concept counts by the ways of saying
// it that the title does not already hold ("the elected members hear
// nothing of the video I share" points at "include the sound", not at the
// cue that repeats the title). nil when no cue says any of it.
func bestCue(concepts []concept, title, tags map[string]bool, cues []videoCue) *float64 {
	type specific struct {
		c      concept
		weight float64
	}
	var spec []specific
	for _, c := range concepts {
		var keep []alternative
		for _, a := range c.alts {
			one := concept{alts: []alternative{a}}
			if !one.matchesWords(title) && !one.matchesWords(tags) {
				keep = append(keep, a)
			}
		}
		if len(keep) > 0 {
			spec = append(spec, specific{concept{alts: keep}, c.weight})
		}
	}
	best, bestScore := -1, 0.0
	for i, cu := range cues {
		var score float64
		for _, sc := range spec {
			if sc.c.matchesWords(cu.words) {
				score += sc.weight
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return nil
	}
	at := cues[best].at
	return &at
}

// videoCue is one cue of a transcript as coverage reads it.
type videoCue struct {
	at    float64
	words map[string]bool
}

// wordSet adds the folded words of s to set.
func wordSet(set map[string]bool, s string) map[string]bool {
	if set == nil {
		set = map[string]bool{}
	}
	for _, w := range strings.FieldsFunc(s, notWordRune) {
		if f := foldWord(w); strings.IndexFunc(f, notWordRune) < 0 {
			set[f] = true
		} else {
			for _, t := range fts.Terms(f) {
				set[t] = true
			}
		}
	}
	return set
}

// articleCount is the number of searchable articles (not archived), cached like the
// document frequencies.
func (s *Store) articleCount(ctx context.Context, n *float64) error {
	s.df.mu.Lock()
	c, ok := s.df.m["\x00count"]
	s.df.mu.Unlock()
	if !ok {
		// The index's own table of sizes has a small row per searchable
		// article; counting articles would read every page of their bodies.
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles_fts_docsize`).Scan(&c); err != nil {
			return fmt.Errorf("count articles: %w", err)
		}
		s.df.mu.Lock()
		s.df.m["\x00count"] = c
		s.df.mu.Unlock()
	}
	*n = float64(c)
	return nil
}

// score puts every hit on one scale, in bands that never overlap, so that
// ordering by score keeps an exact match above a corrected one and a
// corrected one above a partial one: (0.6, 0.9] every word as typed or a
// synonym, (0.3, 0.6] with corrections, [0, 0.3] some of the words. Within
// a band, an article found in its text beats one found only in its
// transcript, and words in the title count most.
func (h *hit) score() float64 {
	squash := h.rel / (h.rel + 5)
	transcriptOnly := h.At != nil
	w := h.weight
	if w <= 0 {
		w = 1
	}
	// Within a band, the collection's weight scales the text's score and
	// the priors break ties; neither crosses into another band.
	within := func(x float64) float64 { return min(x*w+h.bonus, 0.2999) }
	switch h.tier {
	case 0, 1:
		base := 0.6 - 0.3*float64(h.tier)
		if h.learned {
			// Below the article's own words and its transcript.
			return base + within(0.05*squash)
		}
		if transcriptOnly {
			return base + within(0.1*squash)
		}
		return base + within(0.1+0.15*h.titleCov+0.05*squash)
	}
	return within(0.3 * (0.7*h.coverage + 0.2*h.titleCov + 0.1*squash))
}

// finish adds scores and snippets.
func (s *Store) finish(ctx context.Context, hits []hit, concepts []concept) ([]Result, error) {
	if err := s.addSnippets(ctx, hits, snippetTerms(concepts)); err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(hits))
	for _, h := range hits {
		h.Score = h.score()
		out = append(out, h.Result)
	}
	return out, nil
}

// maxQueryBytes and maxQueryWords bound what a search reads of its query:
// a question is a dozen words; a pasted page (5,000 words took 5 s) is
// cut, its first words searched.
const (
	maxQueryBytes = 1000
	maxQueryWords = 32
)

func capQuery(q string) string {
	if len(q) > maxQueryBytes {
		q = strings.ToValidUTF8(q[:maxQueryBytes], "")
	}
	n := 0
	inWord := false
	for i, r := range q {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !inWord {
			if n++; n > maxQueryWords {
				return q[:i]
			}
		}
		inWord = w
	}
	return q
}

// missBusyTimeout is how long recording a missed search waits for another
// writer: a search must not wait the usual ten seconds for a statistic.
const missBusyTimeout = 200

// RecordMiss records a search that found nothing, or that the technician
// left without opening anything, for the reports' "tutorials missing".
// It waits at most missBusyTimeout ms for the write lock; callers treat a
// failure as harmless.
func (s *Store) RecordMiss(ctx context.Context, query string) error {
	q := strings.Join(strings.Fields(capQuery(query)), " ")
	if r := []rune(q); len(r) > 200 {
		q = string(r[:200])
	}
	if q == "" {
		return nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("record search miss %q: %w", q, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, missBusyTimeout)); err != nil {
		return fmt.Errorf("record search miss %q: %w", q, err)
	}
	// The connection goes back to the pool with the usual timeout.
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA busy_timeout = 10000`)
	_, err = conn.ExecContext(ctx, `INSERT INTO kb_search_misses(query, folded, at) VALUES (?, ?, ?)`,
		q, strings.Join(fts.Terms(q), " "), s.now().Unix())
	if err != nil {
		return fmt.Errorf("record search miss %q: %w", q, err)
	}
	return nil
}

// missScan bounds how many recorded misses the report groups: the most
// recent ones.
const missScan = 20000

// MissedSearches groups the searches that found nothing (or that the
// technician left without opening anything) since a time by their
// meaningful words, whatever their order, accents, plurals and small
// words ("imprimante réseau", "l'imprimantes du réseau"), most frequent
// first, each shown as its latest wording: what the knowledge base lacks.
func (s *Store) MissedSearches(ctx context.Context, since time.Time, limit int) ([]MissedSearch, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT query, folded, at FROM kb_search_misses WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?`, since.Unix(), missScan)
	if err != nil {
		return nil, fmt.Errorf("missed searches: %w", err)
	}
	defer rows.Close()
	byKey := map[string]*MissedSearch{}
	var order []string
	for rows.Next() {
		var q, folded string
		var at int64
		if err := rows.Scan(&q, &folded, &at); err != nil {
			return nil, fmt.Errorf("missed searches: %w", err)
		}
		stems := fts.Stems(q)
		sort.Strings(stems)
		key := strings.Join(stems, " ")
		if key == "" {
			key = folded
		}
		m := byKey[key]
		if m == nil {
			m = &MissedSearch{Query: q, Last: time.Unix(at, 0).UTC()}
			byKey[key] = m
			order = append(order, key)
		}
		m.Count++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("missed searches: %w", err)
	}
	out := make([]MissedSearch, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
