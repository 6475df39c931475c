package kb

import (
	"context"
	"fmt"
	"sync"
)

// articleText is what coverage compares a ticket's or a query's words
// with: the folded words of an article's title, tags, the start of its body
// and its transcript (nil without one), and the transcript cue by cue.
type articleText struct {
	title, tags, body, transcript map[string]bool
	cues                          []videoCue
}

// textCache keeps the articles' words between searches and suggestions
// (reading and folding them again was 8% of a server's CPU with twenty
// technicians typing and opening tickets), until the next write of this
// store (changed), like the priors. It holds at most textCacheWords words:
// past that it starts again.
type textCache struct {
	mu    sync.Mutex
	m     map[int64]*articleText
	words int
}

const textCacheWords = 300_000

func (c *textCache) reset() {
	c.mu.Lock()
	c.m, c.words = nil, 0
	c.mu.Unlock()
}

// texts returns the words of the articles ids that exist, from the cache or
// read in two queries for those it lacks. The maps are shared: read only.
func (s *Store) texts(ctx context.Context, ids []any) (map[int64]*articleText, error) {
	out := make(map[int64]*articleText, len(ids))
	var missing []any
	s.text.mu.Lock()
	for _, id := range ids {
		if t, ok := s.text.m[id.(int64)]; ok {
			out[id.(int64)] = t
		} else {
			missing = append(missing, id)
		}
	}
	s.text.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	// What is read before a write and kept after it would be stale: kept
	// only if no write came in between.
	gen := s.writes.Load()
	read := map[int64]*articleText{}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, tags, substr(body, 1, `+fmt.Sprint(coverageScan)+`) FROM articles WHERE id IN (`+placeholders(len(missing), "?")+`)`, missing...)
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	for rows.Next() {
		var id int64
		var title, tags, body string
		if err := rows.Scan(&id, &title, &tags, &body); err != nil {
			rows.Close()
			return nil, fmt.Errorf("coverage: %w", err)
		}
		read[id] = &articleText{title: wordSet(nil, title), tags: wordSet(nil, tags), body: wordSet(nil, body)}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT article_id, start_ms, text FROM segments WHERE article_id IN (`+placeholders(len(missing), "?")+`) ORDER BY article_id, start_ms`, missing...)
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	for rows.Next() {
		var id, start int64
		var text string
		if err := rows.Scan(&id, &start, &text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("coverage: %w", err)
		}
		if t := read[id]; t != nil {
			ws := wordSet(nil, text)
			t.cues = append(t.cues, videoCue{float64(start) / 1000, ws})
			if t.transcript == nil {
				t.transcript = map[string]bool{}
			}
			for w := range ws {
				t.transcript[w] = true
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	s.text.mu.Lock()
	defer s.text.mu.Unlock()
	keep := s.writes.Load() == gen
	for id, t := range read {
		out[id] = t
		if !keep {
			continue
		}
		n := len(t.title) + len(t.tags) + len(t.body) + len(t.transcript)
		if s.text.m == nil || s.text.words+n > textCacheWords {
			s.text.m, s.text.words = map[int64]*articleText{}, 0
		}
		s.text.m[id] = t
		s.text.words += n
	}
	return out, nil
}
