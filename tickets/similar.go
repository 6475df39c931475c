package tickets

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"hotline/internal/fts"
)

// Similar is a past ticket like another one, with why.
type Similar struct {
	Ticket Ticket
	Score  float64  // 0..1, share of the ticket's weighted terms found
	Shared []string // the meaningful words both share
}

// SimilarResult is a ticket's most similar tickets and how often its issue
// came back lately.
type SimilarResult struct {
	Tickets []Similar
	// Recent counts similar tickets created in the RecentDays before now:
	// the recurrence badge.
	Recent     int
	RecentDays int
}

// Probe is the text of a ticket to compare (an existing one or one being
// typed).
type Probe struct {
	ID          int64 // excluded from the results; 0 for none
	Title       string
	Description string
	Category    string
	Tags        []string
}

// ProbeOf is the probe for a stored ticket.
func ProbeOf(t *Ticket) Probe {
	return Probe{ID: t.ID, Title: t.Title, Description: t.Description, Category: t.Category, Tags: t.Tags}
}

// Tuning of similarity. Candidates are the most recent tickets sharing a
// meaningful word, so the cost is bounded whatever the table's size.
const (
	similarCandidates = 400
	similarMinScore   = 0.35
	similarMaxTerms   = 10
	RecurrenceDays    = 30
)

// SimilarTickets finds the tickets most like ticket id: same meaningful
// words (rarer words count more, title words double), same category, same
// tags. It also counts similar tickets of the last 30 days.
func (s *Store) SimilarTickets(ctx context.Context, id int64, limit int) (SimilarResult, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return SimilarResult{}, err
	}
	return s.SimilarTo(ctx, ProbeOf(t), limit)
}

// SimilarTo is SimilarTickets for a probe.
func (s *Store) SimilarTo(ctx context.Context, p Probe, limit int) (SimilarResult, error) {
	res := SimilarResult{RecentDays: RecurrenceDays}
	if limit <= 0 {
		limit = 10
	}
	weights := probeWeights(p)
	if len(weights) == 0 {
		return res, nil
	}
	idf, err := s.idf(ctx, weights, spellings(p))
	if err != nil {
		return res, fmt.Errorf("similar tickets: %w", err)
	}
	terms := make([]string, 0, len(weights))
	for t := range weights {
		terms = append(terms, t)
	}
	// Keep the most telling words: weight × rarity.
	sort.Slice(terms, func(i, j int) bool {
		wi, wj := weights[terms[i]]*idf[terms[i]], weights[terms[j]]*idf[terms[j]]
		if wi != wj {
			return wi > wj
		}
		return terms[i] < terms[j]
	})
	if len(terms) > similarMaxTerms {
		terms = terms[:similarMaxTerms]
	}
	cands, err := s.candidates(ctx, candidateWords(p, terms), p.ID)
	if err != nil {
		return res, fmt.Errorf("similar tickets: %w", err)
	}
	self := categoryBonus + tagBonus*float64(len(p.Tags))
	meanIDF := 0.0
	for _, t := range terms {
		self += weights[t] * idf[t]
		meanIDF += idf[t]
	}
	meanIDF /= float64(len(terms))
	recentSince := s.now().Add(-RecurrenceDays * 24 * time.Hour)
	type scored struct {
		c      *candidate
		score  float64
		shared []string
	}
	var hits []scored
	for i := range cands {
		c := &cands[i]
		score, shared := similarity(p, c, terms, weights, idf, meanIDF, self)
		if score < similarMinScore || len(shared) == 0 {
			continue
		}
		hits = append(hits, scored{c, math.Min(score, 1), shared})
		if c.created.After(recentSince) {
			res.Recent++
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].c.id > hits[j].c.id
	})
	var out []Similar
	for _, h := range hits[:min(len(hits), limit)] {
		t, err := getTicket(ctx, s.db, h.c.id)
		if err != nil {
			return res, fmt.Errorf("similar tickets: %w", err)
		}
		out = append(out, Similar{Ticket: *t, Score: h.score, Shared: h.shared})
	}
	res.Tickets = out
	return res, nil
}

const (
	categoryBonus = 1.0
	tagBonus      = 1.5
	// Words of a candidate that the probe lacks weigh against it, but only
	// so many: a long, rambling description must not sink a true match.
	maxExtraWords = 8
	// maxDescriptionWords of a probe's description are compared.
	maxDescriptionWords = 12
)

// similarity is a cosine-like score: the weight both tickets share over the
// geometric mean of each one's own weight. Words the probe does not have
// are weighed with the probe's mean rarity (looking each up would cost a
// query per word).
func similarity(p Probe, c *candidate, terms []string, weights, idf map[string]float64, meanIDF, self float64) (float64, []string) {
	words := map[string]float64{}
	for _, w := range fts.Stems(c.title) {
		words[w] = 2
	}
	extraDesc := 0
	for _, w := range fts.Stems(c.desc) {
		if words[w] == 0 {
			words[w] = 1
		}
	}
	shared := []string{}
	common, own := 0.0, 0.0
	for _, t := range terms {
		if w := words[t]; w > 0 {
			common += math.Min(w, weights[t]) * idf[t]
			own += w * idf[t]
			shared = append(shared, t)
			delete(words, t)
		}
	}
	for _, w := range words {
		if w == 1 {
			if extraDesc++; extraDesc > maxExtraWords {
				continue
			}
		}
		own += w * meanIDF
	}
	if c.category == p.Category && p.Category != "" {
		common += categoryBonus
		own += categoryBonus
	}
	for _, tag := range c.tags {
		own += tagBonus
		if slices.Contains(p.Tags, tag) {
			common += tagBonus
		}
	}
	if own == 0 || self == 0 {
		return 0, nil
	}
	return common / math.Sqrt(own*self), shared
}

// probeWeights gives each meaningful word of the probe a weight: title
// words count double, tags like title words. Only the first words of the
// description count: agents say what is wrong first, and each word costs a
// rarity lookup.
func probeWeights(p Probe) map[string]float64 {
	w := map[string]float64{}
	desc := fts.Stems(p.Description)
	for _, t := range desc[:min(len(desc), maxDescriptionWords)] {
		w[t] = 1
	}
	for _, t := range fts.Stems(p.Title + " " + strings.Join(p.Tags, " ")) {
		w[t] = 2
	}
	return w
}

// idf is the rarity of each stem: log(N / (1 + df)), df counting the
// recent tickets holding the stem or one of the probe's spellings of it.
// Exact words, not a prefix query: FTS5 merges a prefix's whole posting
// lists before applying the rowid range, which costs what the table
// holds. Rarity moves slowly, so it is cached for a few minutes.
func (s *Store) idf(ctx context.Context, terms map[string]float64, spelled map[string][]string) (map[string]float64, error) {
	n, err := s.rarity.total(ctx, s.db, s.now())
	if err != nil {
		return nil, err
	}
	stems := make([]string, 0, len(terms))
	for t := range terms {
		stems = append(stems, t)
	}
	dfs, err := s.rarity.dfs(ctx, s.db, stems, spelled, s.now())
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, t := range stems {
		out[t] = math.Max(0.1, math.Log((n+1)/(1+dfs[t])))
	}
	return out, nil
}

// spellings maps each stem of the probe to the words it came from.
func spellings(p Probe) map[string][]string {
	out := map[string][]string{}
	for _, w := range fts.Significant(p.Title + " " + p.Description + " " + strings.Join(p.Tags, " ")) {
		st := fts.Stem(w)
		if w != st && !slices.Contains(out[st], w) {
			out[st] = append(out[st], w)
		}
	}
	return out
}

// candidateWords are the words to look for: each stem as is, and the
// probe's own spellings of the words behind the chosen stems. Exact words
// keep the full-text query cheap (a prefix query merges the lists of every
// word it starts); scoring then compares stems.
func candidateWords(p Probe, stems []string) []string {
	want := map[string]bool{}
	for _, st := range stems {
		want[st] = true
	}
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, st := range stems {
		add(st)
	}
	for _, w := range fts.Significant(p.Title + " " + p.Description + " " + strings.Join(p.Tags, " ")) {
		if want[fts.Stem(w)] {
			add(w)
		}
	}
	return out
}

// candidate is what scoring needs of a ticket: the full row is loaded only
// for the few that are shown.
type candidate struct {
	id          int64
	title, desc string
	category    string
	tags        []string
	created     time.Time
}

// candidates are the most recent tickets sharing at least one word. Only
// the start of a description is read: it says what the ticket is about,
// and the rest would only cost time.
func (s *Store) candidates(ctx context.Context, words []string, exclude int64) ([]candidate, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, substr(description, 1, 300), category, tags, created_at FROM tickets WHERE id IN (
		SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? AND rowid != ? ORDER BY rowid DESC LIMIT ?)`,
		fts.Any(words, false), exclude, similarCandidates)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		var tags string
		var created int64
		if err := rows.Scan(&c.id, &c.title, &c.desc, &c.category, &tags, &created); err != nil {
			return nil, err
		}
		c.tags, c.created = strings.Fields(tags), unix(created)
		out = append(out, c)
	}
	return out, rows.Err()
}
