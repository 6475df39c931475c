package kb

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

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
		if err := s.recordMiss(ctx, query); err != nil {
			return nil, err
		}
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
	exact := allOf(concepts, altVariant)
	if exact != "" {
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
		hs, err := s.match(ctx, allOf(concepts, altCorrected), concepts, opts, limit)
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

// match runs one FTS5 expression over articles and transcripts and merges
// the two: an article found in its text ranks by that; one found only in
// its transcript ranks lower and points at its best cue.
func (s *Store) match(ctx context.Context, expr string, concepts []concept, opts SearchOptions, limit int) ([]hit, error) {
	if expr == "" {
		return nil, nil
	}
	filter, fargs := filterSQL(opts)
	var hits []hit
	byID := map[int64]int{}
	// Ranking every article holding a common word ("teams") costs a bm25
	// per match: on a large base, tens of thousands. Articles with the
	// words in their title or tags are far fewer and rank first anyway, so
	// they are asked for first, and the bodies only when they are not
	// enough. bm25 also hardly tells apart articles that all hold a very
	// common word, so more candidates than needed are read and the title
	// decides (see score).
	want := max(3*limit, 30)
	for _, q := range []string{"{title tags} : (" + expr + ")", expr} {
		args := append([]any{q}, fargs...)
		args = append(args, want)
		rows, err := s.db.QueryContext(ctx, `
			SELECT a.id, a.title, a.kind, a.tags, a.url, -bm25(articles_fts, `+bm25Weights+`) AS rel
			FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
			WHERE articles_fts MATCH ?`+filter+`
			ORDER BY rel DESC LIMIT ?`, args...)
		if err != nil {
			return nil, fmt.Errorf("match articles: %w", err)
		}
		for rows.Next() {
			var h hit
			var kind, tags string
			if err := rows.Scan(&h.ID, &h.Title, &kind, &tags, &h.URL, &h.rel); err != nil {
				rows.Close()
				return nil, fmt.Errorf("match articles: %w", err)
			}
			if _, dup := byID[h.ID]; dup {
				continue
			}
			h.Kind, h.Tags, h.expr = Kind(kind), splitTags(tags), expr
			byID[h.ID] = len(hits)
			hits = append(hits, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("match articles: %w", err)
		}
		if len(hits) >= limit {
			break
		}
	}
	if len(hits) >= limit {
		// Transcript-only hits rank below text hits (see score): with a
		// full page of text hits they would not be shown.
		return s.rankHits(hits, concepts, limit), nil
	}
	args := append([]any{expr}, fargs...)
	args = append(args, 0)
	args[len(args)-1] = 4 * limit // several cues of one video may match
	rows, err := s.db.QueryContext(ctx, `
		SELECT a.id, a.title, a.kind, a.tags, a.url, sg.id, sg.start_ms, -bm25(segments_fts) AS rel
		FROM segments_fts JOIN segments sg ON sg.id = segments_fts.rowid JOIN articles a ON a.id = sg.article_id
		WHERE segments_fts MATCH ? AND a.archived = 0`+filter+`
		ORDER BY rel DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("match transcripts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h hit
		var kind, tags string
		var startMS int64
		if err := rows.Scan(&h.ID, &h.Title, &kind, &tags, &h.URL, &h.segment, &startMS, &h.rel); err != nil {
			return nil, fmt.Errorf("match transcripts: %w", err)
		}
		if i, ok := byID[h.ID]; ok {
			if hits[i].segment == 0 && hits[i].At == nil {
				// Found in its text too: the text decides, the transcript
				// only adds a little.
				hits[i].rel += 0.2 * transcriptWeight * h.rel
				hits[i].segment = -1
			}
			continue
		}
		h.Kind, h.Tags, h.expr = Kind(kind), splitTags(tags), expr
		at := float64(startMS) / 1000
		h.At = &at
		h.URL = withTime(h.URL, at)
		byID[h.ID] = len(hits)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("match transcripts: %w", err)
	}
	return s.rankHits(hits, concepts, limit), nil
}

// rankHits sorts hits by score, the title deciding between articles bm25
// cannot tell apart, and keeps limit.
func (s *Store) rankHits(hits []hit, concepts []concept, limit int) []hit {
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
	return hits
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

// partial ranks the articles matching any concept by how many concepts
// they match, then by relevance.
func (s *Store) partial(ctx context.Context, concepts []concept, opts SearchOptions, limit int) ([]hit, error) {
	hs, err := s.match(ctx, anyOf(concepts, altCorrected), concepts, opts, limit)
	if err != nil || len(hs) == 0 {
		return hs, err
	}
	matched, err := s.coverage(ctx, concepts, hs)
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
			if matched[hs[i].ID]&(1<<k) != 0 {
				got += c.weight
			}
		}
		hs[i].coverage = got / total
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].score() > hs[j].score() })
	return hs, nil
}

// coverage tells which concepts (bit k for concepts[k], up to 64) each hit
// matches, in its text or its transcript, by asking the indexes about the
// candidates only.
func (s *Store) coverage(ctx context.Context, concepts []concept, hs []hit) (map[int64]uint64, error) {
	ids := make([]any, 0, len(hs)+1)
	ids = append(ids, "")
	for _, h := range hs {
		ids = append(ids, h.ID)
	}
	in := placeholders(len(hs), "?")
	out := map[int64]uint64{}
	for k, c := range concepts {
		if k >= 64 {
			break
		}
		ids[0] = c.expr(altCorrected)
		for _, q := range []string{
			`SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN (` + in + `)`,
			`SELECT DISTINCT sg.article_id FROM segments_fts JOIN segments sg ON sg.id = segments_fts.rowid WHERE segments_fts MATCH ? AND sg.article_id IN (` + in + `)`,
		} {
			rows, err := s.db.QueryContext(ctx, q, ids...)
			if err != nil {
				return nil, fmt.Errorf("coverage: %w", err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return nil, fmt.Errorf("coverage: %w", err)
				}
				out[id] |= 1 << k
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, fmt.Errorf("coverage: %w", err)
			}
		}
	}
	return out, nil
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
	switch h.tier {
	case 0, 1:
		base := 0.6 - 0.3*float64(h.tier)
		if transcriptOnly {
			return base + 0.1*squash
		}
		return base + 0.1 + 0.15*h.titleCov + 0.05*squash
	}
	return 0.3 * (0.7*h.coverage + 0.2*h.titleCov + 0.1*squash)
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

var (
	snipLinkRe    = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)|\]\([^)\s]*\)?|\(?https?://[^\s)]*\)?`)
	snipTagRe     = regexp.MustCompile(`<[^<>]*>`)
	snipHeadingRe = regexp.MustCompile(`(^|\n)\s*#{1,6}\s+`)
	snipListRe    = regexp.MustCompile(`(^|\n)\s*([-*+]|\d+\.)\s+`)
	snipMarkup    = strings.NewReplacer("**", "", "__", "", "`", "", "|", " ")
)

func (s *Store) recordMiss(ctx context.Context, query string) error {
	q := strings.Join(strings.Fields(query), " ")
	if r := []rune(q); len(r) > 200 {
		q = string(r[:200])
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO kb_search_misses(query, folded, at) VALUES (?, ?, ?)`,
		q, strings.Join(fts.Terms(q), " "), s.now().Unix())
	if err != nil {
		return fmt.Errorf("record search miss %q: %w", q, err)
	}
	return nil
}

// MissedSearches aggregates the searches that found nothing since a time,
// most frequent first: what the knowledge base lacks.
func (s *Store) MissedSearches(ctx context.Context, since time.Time, limit int) ([]MissedSearch, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT (SELECT query FROM kb_search_misses m2 WHERE m2.folded = m.folded AND m2.at >= ?1 ORDER BY at DESC, id DESC LIMIT 1),
		       count(*), max(at)
		FROM kb_search_misses m WHERE at >= ?1
		GROUP BY folded ORDER BY count(*) DESC, max(at) DESC LIMIT ?2`, since.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("missed searches: %w", err)
	}
	defer rows.Close()
	var out []MissedSearch
	for rows.Next() {
		var m MissedSearch
		var last int64
		if err := rows.Scan(&m.Query, &m.Count, &last); err != nil {
			return nil, fmt.Errorf("missed searches: %w", err)
		}
		m.Last = time.Unix(last, 0).UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}
