package kb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// Document frequencies say how many rows a query may match before running
// it: a query on rare words is ranked whole, one on common words is capped
// (see topArticles). They come from the fts5vocab tables, cached.

// dfCache remembers document frequencies until the next import: a stale
// figure only makes one query a little slower or a little less complete.
type dfCache struct {
	mu sync.Mutex
	m  map[string]int
}

func newDFCache() *dfCache { return &dfCache{m: map[string]int{}} }

func (c *dfCache) reset() {
	c.mu.Lock()
	c.m = map[string]int{}
	c.mu.Unlock()
}

// Which index a frequency is about.
type dfIndex int

const (
	dfArticles dfIndex = iota // articles_fts, any column
	dfTitles                  // articles_fts, title or tags
	dfSegments                // segments_fts: transcript cues
)

var dfQueries = [...]struct{ exact, prefix string }{
	dfArticles: {
		`SELECT doc FROM articles_vocab WHERE term = ?`,
		`SELECT sum(doc) FROM articles_vocab WHERE term >= ? AND term <= ?`,
	},
	dfTitles: {
		`SELECT sum(doc) FROM articles_vocab_col WHERE term = ? AND col IN ('title', 'tags')`,
		`SELECT sum(doc) FROM articles_vocab_col WHERE term >= ? AND term <= ? AND col IN ('title', 'tags')`,
	},
	dfSegments: {
		`SELECT doc FROM segments_vocab WHERE term = ?`,
		`SELECT sum(doc) FROM segments_vocab WHERE term >= ? AND term <= ?`,
	},
}

// termDF is how many rows of the index hold term (prefix: a word starting
// with it; an upper bound, as a row may hold several).
func (s *Store) termDF(ctx context.Context, idx dfIndex, term string, prefix bool) (int, error) {
	key := fmt.Sprintf("%d\x00%s\x00%t", idx, term, prefix)
	s.df.mu.Lock()
	n, ok := s.df.m[key]
	s.df.mu.Unlock()
	if ok {
		return n, nil
	}
	var df *int64
	var err error
	if prefix {
		err = s.db.QueryRowContext(ctx, dfQueries[idx].prefix, term, term+"\U0010FFFF").Scan(&df)
	} else {
		err = s.db.QueryRowContext(ctx, dfQueries[idx].exact, term).Scan(&df)
	}
	switch {
	case err == nil:
	case errors.Is(err, sql.ErrNoRows):
	default:
		return 0, fmt.Errorf("document frequency of %q: %w", term, err)
	}
	if df != nil {
		n = int(*df)
	}
	s.df.mu.Lock()
	s.df.m[key] = n
	s.df.mu.Unlock()
	return n, nil
}

// altDF bounds the rows holding every term of an alternative.
func (s *Store) altDF(ctx context.Context, idx dfIndex, a alternative) (int, error) {
	best := -1
	for i, t := range a.Terms {
		n, err := s.termDF(ctx, idx, t, a.Prefix && i == len(a.Terms)-1)
		if err != nil {
			return 0, err
		}
		if best < 0 || n < best {
			best = n
		}
	}
	return max(best, 0), nil
}

// conceptDF bounds the rows holding a concept in one of its forms.
func (s *Store) conceptDF(ctx context.Context, idx dfIndex, c concept, maxKind altKind) (int, error) {
	n := 0
	for _, a := range c.alts {
		if a.kind > maxKind {
			continue
		}
		d, err := s.altDF(ctx, idx, a)
		if err != nil {
			return 0, err
		}
		n += d
	}
	return n, nil
}

// queryDF bounds the rows a query matches: the rarest concept for an AND,
// the sum for an OR.
func (s *Store) queryDF(ctx context.Context, idx dfIndex, q ftsQuery) (int, error) {
	n := -1
	for _, c := range q.concepts {
		d, err := s.conceptDF(ctx, idx, c, q.maxKind)
		if err != nil {
			return 0, err
		}
		switch {
		case n < 0:
			n = d
		case q.all:
			n = min(n, d)
		default:
			n += d
		}
	}
	return max(n, 0), nil
}

// ftsQuery is a set of concepts, all needed or any, in the forms up to
// maxKind.
type ftsQuery struct {
	concepts []concept
	maxKind  altKind
	all      bool
	// noRank: the caller ranks the hits itself (see coverage), so a
	// capped scan skips bm25.
	noRank bool
}

func (q ftsQuery) expr() string {
	if q.all {
		return allOf(q.concepts, q.maxKind)
	}
	return anyOf(q.concepts, q.maxKind)
}
