package kb

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Priors: what is known of an article besides its text. Between articles
// the text cannot tell apart, the team's own collection comes before a
// vendor's (collection weights, from the config), and a verified, recently
// reviewed or often-linked article before one nobody vouched for.

// reviewFresh is how long a review counts as recent (the review list asks
// for articles not reviewed for six months).
const reviewFresh = 183 * 24 * time.Hour

type articlePrior struct {
	collection string
	verified   bool
	reviewedAt int64
	links      int
}

// priorCache keeps the priors of articles seen by searches, until the next
// write to the knowledge base.
type priorCache struct {
	mu sync.Mutex
	m  map[int64]articlePrior
}

func (c *priorCache) reset() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// priors fills hits' prior from the cache, reading the missing ones in one
// query.
func (s *Store) priors(ctx context.Context, hits []hit) error {
	if len(hits) == 0 {
		return nil
	}
	s.prior.mu.Lock()
	if s.prior.m == nil {
		s.prior.m = map[int64]articlePrior{}
	}
	var missing []any
	for i := range hits {
		if _, ok := s.prior.m[hits[i].ID]; !ok {
			missing = append(missing, hits[i].ID)
		}
	}
	s.prior.mu.Unlock()
	if len(missing) > 0 {
		rows, err := s.db.QueryContext(ctx, `SELECT a.id, COALESCE(m.collection, ''), a.verified IS NOT NULL, COALESCE(m.reviewed_at, 0), COALESCE(m.links, 0)
			FROM articles a LEFT JOIN article_meta m ON m.article_id = a.id WHERE a.id IN (`+placeholders(len(missing), "?")+`)`, missing...)
		if err != nil {
			return fmt.Errorf("article priors: %w", err)
		}
		got := map[int64]articlePrior{}
		for rows.Next() {
			var id int64
			var p articlePrior
			if err := rows.Scan(&id, &p.collection, &p.verified, &p.reviewedAt, &p.links); err != nil {
				rows.Close()
				return fmt.Errorf("article priors: %w", err)
			}
			got[id] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("article priors: %w", err)
		}
		s.prior.mu.Lock()
		for id, p := range got {
			s.prior.m[id] = p
		}
		s.prior.mu.Unlock()
	}
	now := s.now().Unix()
	s.prior.mu.Lock()
	defer s.prior.mu.Unlock()
	for i := range hits {
		p := s.prior.m[hits[i].ID]
		hits[i].weight = s.collectionFactor(p.collection)
		hits[i].bonus = p.bonus(now)
		hits[i].collection = p.collection
	}
	return nil
}

// bonus breaks ties between articles of equal text score: at most 0.01,
// far below any difference of words.
func (p articlePrior) bonus(now int64) float64 {
	var b float64
	if p.verified {
		b += 0.003
	}
	if p.reviewedAt > 0 && now-p.reviewedAt < int64(reviewFresh.Seconds()) {
		b += 0.003
	}
	b += 0.001 * float64(min(p.links, 4))
	return b
}

// collectionFactor is a collection's weight over the heaviest one, in
// (0, 1]: scores stay within their bands (see hit.score).
func (s *Store) collectionFactor(coll string) float64 {
	w, ok := s.weights[coll]
	if !ok {
		w = 1
	}
	if s.maxWeight <= 0 {
		return 1
	}
	return max(w, 0.01) / s.maxWeight
}

// changed drops what the store caches about the articles: their words'
// frequencies and their priors. Every write calls it.
func (s *Store) changed() {
	s.writes.Add(1)
	s.df.reset()
	s.prior.reset()
	s.plain.reset()
	s.text.reset()
}
