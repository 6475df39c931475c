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
	idf, err := s.idf(ctx, weights)
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
	cands, err := s.candidates(ctx, terms, p.ID)
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
	var out []Similar
	for i := range cands {
		c := &cands[i]
		score, shared := similarity(p, c, terms, weights, idf, meanIDF, self)
		if score < similarMinScore || len(shared) == 0 {
			continue
		}
		out = append(out, Similar{Ticket: *c, Score: math.Min(score, 1), Shared: shared})
		if c.CreatedAt.After(recentSince) {
			res.Recent++
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Ticket.ID > out[j].Ticket.ID
	})
	if len(out) > limit {
		out = out[:limit]
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
)

// similarity is a cosine-like score: the weight both tickets share over the
// geometric mean of each one's own weight. Words the probe does not have
// are weighed with the probe's mean rarity (looking each up would cost a
// query per word).
func similarity(p Probe, c *Ticket, terms []string, weights, idf map[string]float64, meanIDF, self float64) (float64, []string) {
	words := map[string]float64{}
	for _, w := range fts.Stems(c.Title) {
		words[w] = 2
	}
	extraDesc := 0
	for _, w := range fts.Stems(c.Description) {
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
	if c.Category == p.Category && p.Category != "" {
		common += categoryBonus
		own += categoryBonus
	}
	for _, tag := range c.Tags {
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
// words count double, tags like title words.
func probeWeights(p Probe) map[string]float64 {
	w := map[string]float64{}
	for _, t := range fts.Stems(p.Description) {
		w[t] = 1
	}
	for _, t := range fts.Stems(p.Title + " " + strings.Join(p.Tags, " ")) {
		w[t] = 2
	}
	return w
}

// idf is the rarity of each stem among all tickets: log(N / (1 + df)),
// read from the full-text index's vocabulary (df summed over the words
// the stem starts, which overcounts a ticket holding two spellings: fine
// for a weight).
func (s *Store) idf(ctx context.Context, terms map[string]float64) (map[string]float64, error) {
	var n float64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM tickets`).Scan(&n); err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for t := range terms {
		var df float64
		err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(doc), 0) FROM tickets_vocab WHERE term >= ? AND term < ?`, t, t+"\U0010FFFF").Scan(&df)
		if err != nil {
			return nil, err
		}
		out[t] = math.Max(0.1, math.Log((n+1)/(1+df)))
	}
	return out, nil
}

// candidates are the most recent tickets sharing at least one term.
func (s *Store) candidates(ctx context.Context, terms []string, exclude int64) ([]Ticket, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE id IN (
		SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? AND rowid != ? ORDER BY rowid DESC LIMIT ?)`,
		anyPrefix(terms), exclude, similarCandidates)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// anyPrefix matches any word starting with one of the stems.
func anyPrefix(stems []string) string {
	parts := make([]string, len(stems))
	for i, s := range stems {
		parts[i] = fts.Quote(s) + "*"
	}
	return strings.Join(parts, " OR ")
}
