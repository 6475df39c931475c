package app

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"hotline/internal/live"
	"hotline/kb"
	"hotline/tickets"
)

// SidePanes computes the ticket screen's side pane (the articles suggested
// for a ticket and its most similar past tickets) once for every interface
// of the process: the SSH sessions of `hotline serve` share it, and a
// ticket opened again (by a colleague, or after a look at the knowledge
// base) is not computed again. It is the most expensive thing an interface
// asks for (15 ms of CPU a ticket on the demo database).
//
// An answer is kept for the ticket at its version while nothing it depends
// on changed: the key holds the change hub's count of data changes (any
// ticket, follow-up, link or problem written by this process or, within the
// hub's interval, by another one) and the knowledge base's count of its
// writes in this process. An article written by another process changes
// neither, so no answer is kept longer than sideTTL.
type SidePanes struct {
	kb      *kb.Store
	tickets *tickets.Store
	hub     *live.Hub
	now     func() time.Time

	// slots bounds the side panes computed at once to half the cores: a
	// side pane is background work (the ticket shows without it), and
	// several technicians opening tickets at the same moment must leave
	// the other half to the keys of everyone (moving, typing).
	slots chan struct{}

	mu      sync.Mutex
	entries map[sideKey]*sideEntry
	order   []sideKey // oldest first

	computed atomic.Int64 // answers computed, for tests and figures
}

// sideTTL bounds how long an answer is kept (articles changed by another
// process), sideMax how many.
const (
	sideTTL = time.Minute
	sideMax = 512
)

type sideKey struct {
	ticket, version   int64
	articles, similar int
	data, kbWrites    uint64
}

type sideEntry struct {
	done     chan struct{} // closed once the answer is in
	at       time.Time
	articles []kb.Result
	similar  tickets.SimilarResult
	err      error
}

// SidePanes is the process's side-pane cache; nil before Open.
func (a *App) SidePanes() *SidePanes {
	a.sideOnce.Do(func() {
		if a.db == nil {
			return
		}
		a.side = newSidePanes(a.kb, a.tickets, a.Live(), time.Now)
	})
	return a.side
}

func newSidePanes(k *kb.Store, t *tickets.Store, hub *live.Hub, now func() time.Time) *SidePanes {
	return &SidePanes{kb: k, tickets: t, hub: hub, now: now, entries: map[sideKey]*sideEntry{},
		slots: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))}
}

// SidePane returns the articles suggested for t and its similar tickets.
// Interfaces asking for the same ticket at once wait for one computation.
// The slices are shared: callers read them and never change them.
func (c *SidePanes) SidePane(ctx context.Context, t *tickets.Ticket, articles, similar int) ([]kb.Result, tickets.SimilarResult, error) {
	// The counts are read before computing: a change during the
	// computation leaves its answer under the older key.
	k := sideKey{ticket: t.ID, version: t.Version, articles: articles, similar: similar, kbWrites: c.kb.Writes()}
	if c.hub != nil {
		k.data = c.hub.Changes()
	}
	now := c.now()
	c.mu.Lock()
	e, ok := c.entries[k]
	if ok && now.Sub(e.at) >= sideTTL {
		c.drop(k)
		ok = false
	}
	if ok {
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, tickets.SimilarResult{}, ctx.Err()
		}
		if e.err == nil {
			return e.articles, e.similar, nil
		}
		// The computation this one waited for failed (the other
		// interface's context ended?): compute it here.
		return c.compute(ctx, t, articles, similar)
	}
	e = &sideEntry{done: make(chan struct{}), at: now}
	c.entries[k] = e
	c.order = append(c.order, k)
	for len(c.order) > sideMax {
		c.drop(c.order[0])
	}
	c.mu.Unlock()
	e.articles, e.similar, e.err = c.compute(ctx, t, articles, similar)
	if e.err != nil {
		c.mu.Lock()
		if c.entries[k] == e {
			c.drop(k) // an error is not kept
		}
		c.mu.Unlock()
	}
	close(e.done)
	return e.articles, e.similar, e.err
}

// drop forgets k (c.mu held).
func (c *SidePanes) drop(k sideKey) {
	delete(c.entries, k)
	if i := slices.Index(c.order, k); i >= 0 {
		c.order = slices.Delete(c.order, i, i+1)
	}
}

func (c *SidePanes) compute(ctx context.Context, t *tickets.Ticket, articles, similar int) ([]kb.Result, tickets.SimilarResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, tickets.SimilarResult{}, err
	}
	select {
	case c.slots <- struct{}{}:
		defer func() { <-c.slots }()
	case <-ctx.Done():
		return nil, tickets.SimilarResult{}, ctx.Err()
	}
	c.computed.Add(1)
	res, err := c.kb.Suggest(ctx, kb.SuggestInput{
		TicketID: t.ID, Title: t.Title, Description: t.Description, Category: t.Category, Tags: t.Tags,
	}, articles)
	if err != nil {
		return nil, tickets.SimilarResult{}, err
	}
	sim, err := c.tickets.SimilarTo(ctx, tickets.ProbeOf(t), similar)
	if err != nil {
		return nil, tickets.SimilarResult{}, err
	}
	return res, sim, nil
}

// Computed is how many side panes were computed rather than found.
func (c *SidePanes) Computed() int64 { return c.computed.Load() }
