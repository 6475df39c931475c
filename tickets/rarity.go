package tickets

import (
	"context"
	"database/sql"
	"strings"
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

// dfs gives each stem's count of recent tickets holding it or one of its
// spellings, looking up the ones not cached in one statement (one scalar
// subquery each), so a cold ticket costs one round trip, not one per word.
func (c *rarityCache) dfs(ctx context.Context, q *sql.DB, stems []string, spellings map[string][]string, now time.Time) (map[string]float64, error) {
	out := make(map[string]float64, len(stems))
	var missing []string
	c.mu.Lock()
	for _, st := range stems {
		if e, ok := c.entries[st]; ok && now.Sub(e.at) < rarityTTL && now.After(e.at.Add(-time.Second)) {
			out[st] = e.df
		} else {
			missing = append(missing, st)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	parts := make([]string, len(missing))
	args := []any{rarityWindow}
	for i, st := range missing {
		parts[i] = `(SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH ? AND rowid > (SELECT last FROM w))`
		args = append(args, fts.Any(append([]string{st}, spellings[st]...), false))
	}
	row := q.QueryRowContext(ctx, `WITH w(last) AS (SELECT COALESCE(MAX(id), 0) - ? FROM tickets) SELECT `+strings.Join(parts, ", "), args...)
	counts := make([]float64, len(missing))
	dest := make([]any, len(missing))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) > 50000 {
		c.entries = map[string]rarityEntry{}
	}
	for i, st := range missing {
		out[st] = counts[i]
		c.entries[st] = rarityEntry{counts[i], now}
	}
	return out, nil
}
