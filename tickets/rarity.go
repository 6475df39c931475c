package tickets

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"hotline/internal/fts"
)

// rarityCache remembers how many tickets hold each word, for similarity
// weights. Rarity is measured on the most recent rarityWindow tickets: a
// count over a bounded rowid range costs the same at 10k or 10M tickets
// (the index's own vocabulary walks a word's every occurrence), and what
// is common lately is what matters for recurring issues. Safe for
// concurrent use (several screens ask at once).
type rarityCache struct {
	mu      sync.Mutex
	n       float64
	nAt     time.Time
	entries map[string]rarityEntry
}

type rarityEntry struct {
	df float64
	at time.Time
}

const (
	rarityTTL    = 10 * time.Minute
	rarityWindow = 3000
)

func (c *rarityCache) total(ctx context.Context, q *sql.DB, now time.Time) (float64, error) {
	c.mu.Lock()
	if !c.nAt.IsZero() && now.Sub(c.nAt) < rarityTTL && now.After(c.nAt.Add(-time.Second)) {
		n := c.n
		c.mu.Unlock()
		return n, nil
	}
	c.mu.Unlock()
	var maxID float64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM tickets`).Scan(&maxID); err != nil {
		return 0, err
	}
	n := min(maxID, rarityWindow)
	c.mu.Lock()
	c.n, c.nAt = n, now
	c.mu.Unlock()
	return n, nil
}

func (c *rarityCache) df(ctx context.Context, q *sql.DB, stem string, spellings []string, now time.Time) (float64, error) {
	c.mu.Lock()
	if e, ok := c.entries[stem]; ok && now.Sub(e.at) < rarityTTL && now.After(e.at.Add(-time.Second)) {
		c.mu.Unlock()
		return e.df, nil
	}
	c.mu.Unlock()
	var df float64
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH ? AND rowid > (SELECT COALESCE(MAX(id), 0) FROM tickets) - ?`,
		fts.Any(append([]string{stem}, spellings...), false), rarityWindow).Scan(&df)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) > 50000 {
		c.entries = map[string]rarityEntry{}
	}
	c.entries[stem] = rarityEntry{df, now}
	c.mu.Unlock()
	return df, nil
}
