package ui

import (
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/tickets"
)

// What the queue shows about recurrence: a "Réc." column (R) with how many
// similar tickets each visible row had in the last 30 days, computed for
// the visible rows only and cached by ticket id; and a ↻ mark on rows that
// belong to a recurring cluster (clusters loaded in a command, refreshed
// with the counts at most once a minute).

// clustersMaxAge is how long loaded clusters are good for.
const clustersMaxAge = time.Minute

// recurMsg brings the recurrence counts of some tickets.
type recurMsg struct {
	counts map[int64]int
	err    error
}

// clustersMsg brings the recurring clusters.
type clustersMsg struct {
	gen      int
	clusters []tickets.Cluster
	err      error
}

// loadClusters asks for the clusters unless fresh ones are loaded or on
// their way.
func (q *queueScreen) loadClusters(force bool) tea.Cmd {
	now := q.ctx.Now()
	if q.clustersLoading || (!force && !q.clustersAt.IsZero() && now.Sub(q.clustersAt) < clustersMaxAge) {
		return nil
	}
	q.clustersLoading = true
	q.clustersGen++
	gen, store, base, rule := q.clustersGen, q.ctx.Tickets, q.ctx.Base, q.ctx.rule()
	return func() tea.Msg {
		cs, err := store.Clusters(base, tickets.ClusterOptions{Now: now, Rule: rule})
		var recurring []tickets.Cluster
		for _, c := range cs {
			if c.Recurring {
				c.TicketIDs = nil // the queue only matches rows
				recurring = append(recurring, c)
			}
		}
		return clustersMsg{gen: gen, clusters: recurring, err: err}
	}
}

// markRecurring works out the ↻ mark of rows not yet looked at.
func (q *queueScreen) markRecurring(rows []tickets.Ticket) {
	for i := range rows {
		t := &rows[i]
		in := false
		for j := range q.clusters {
			if q.clusters[j].Matches(t) {
				in = true
				break
			}
		}
		q.recurring[t.ID] = in
	}
}

// loadRecurrence asks for the counts of the visible rows not cached nor
// already asked for.
func (q *queueScreen) loadRecurrence() tea.Cmd {
	if !q.showRecur || len(q.rows) == 0 {
		return nil
	}
	var ids []int64
	end := min(q.offset+q.bodyHeight(), len(q.rows))
	for i := q.offset; i < end; i++ {
		id := q.rows[i].ID
		if _, ok := q.recur[id]; ok || q.recurPending[id] {
			continue
		}
		q.recurPending[id] = true
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil
	}
	store, base := q.ctx.Tickets, q.ctx.Base
	return func() tea.Msg {
		msg := recurMsg{counts: make(map[int64]int, len(ids))}
		for _, id := range ids {
			res, err := store.SimilarTickets(base, id, 1)
			if err != nil {
				msg.err = err
				msg.counts[id] = -1
				continue
			}
			msg.counts[id] = res.Recent
		}
		return msg
	}
}

// toggleMark marks or unmarks the selected row for a bulk action and moves
// down, so a run of rows is marked with space space space.
func (q *queueScreen) toggleMark() tea.Cmd {
	t := q.selected()
	if t == nil {
		return nil
	}
	if q.marked[t.ID] {
		q.unmark(t.ID)
	} else {
		q.mark(t)
	}
	q.cursor = min(q.cursor+1, len(q.rows)-1)
	q.scroll()
	q.updateKeys()
	return tea.Batch(q.maybeFetchMore(), q.loadRecurrence())
}

// markedIDs lists the marked tickets in the order of the rows loaded, then
// any marked in another view.
func (q *queueScreen) markedIDs() []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, r := range q.rows {
		if q.marked[r.ID] {
			out = append(out, r.ID)
			seen[r.ID] = true
		}
	}
	var others []int64
	for id := range q.marked {
		if !seen[id] {
			others = append(others, id)
		}
	}
	slices.Sort(others)
	return append(out, others...)
}

// Note is what the footer says before the keys: how many rows are marked.
func (q *queueScreen) Note() string {
	var notes []string
	if len(q.marked) > 0 {
		notes = append(notes, q.ctx.T.P("queue.marked", len(q.marked), len(q.marked)))
	}
	if t := q.selected(); t != nil {
		if who := openElsewhere(q.ctx, t.ID); who != "" {
			notes = append(notes, q.ctx.T.F("queue.openby", t.ID, who))
		}
	}
	return strings.Join(notes, " · ")
}
