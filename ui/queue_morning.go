package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/app/report"
	"hotline/tickets"
)

// The queue's ways of finding a ticket: a number typed in the filter goes
// to the ticket; the filter narrows as you type (enter keeps it, esc puts
// back the previous one); svc: and conn: take the words the screens show;
// G loads the true last page (keyset backwards) and the position shows;
// each tab has its order (priority then age for open work, last activity
// for "Tous" and "Résolus"), o switches to the time left before the SLA.

// servicesMsg brings the known services (svc: matching).
type servicesMsg struct {
	services []string
	err      error
}

func servicesCmd(c *Context) tea.Cmd {
	store, base := c.Tickets, c.Base
	return func() tea.Msg {
		s, err := store.Services(base, 0)
		return servicesMsg{services: s, err: err}
	}
}

// filterTickMsg applies the filter being typed once typing pauses.
type filterTickMsg struct{ seq int }

// filterDebounce lets a burst of keystrokes become one query.
const filterDebounce = 60 * time.Millisecond

func (q *queueScreen) vocab() filterVocab {
	return filterVocab{user: q.ctx.User, categories: q.ctx.Categories, services: q.services}
}

// sortOf is the order of view i: the technician's choice (o), else
// last activity for "Tous" and "Résolus", else priority then age.
func (q *queueScreen) sortOf(i int) tickets.Sort {
	if q.byDue {
		return tickets.SortDue
	}
	v := q.views[i]
	if v.base.All || (len(v.base.Statuses) == 1 && v.base.Statuses[0] == tickets.StatusSolved) {
		return tickets.SortUpdated
	}
	return tickets.SortPriority
}

// showDue: the échéance column, for views of open tickets.
func (q *queueScreen) showDue() bool {
	v := q.views[q.active]
	if v.base.All {
		return false
	}
	for _, st := range v.base.Statuses {
		if !st.IsOpen() {
			return false
		}
	}
	return true
}

// dueCell is the time left before the SLA is breached: red once overdue,
// amber under an hour; nothing while pending (the clock is stopped).
func (q *queueScreen) dueCell(tk *tickets.Ticket, w int, selected bool, now time.Time) string {
	if !tk.Status.IsOpen() || tk.Status == tickets.StatusPending || tk.DueAt.IsZero() {
		return cell("", w)
	}
	left := tk.DueAt.Sub(now)
	v := fmtAge(q.ctx.T, left.Abs())
	if left < 0 {
		v = "-" + v
	}
	c := fmt.Sprintf("%*s", w, v)
	switch {
	case selected:
		return c
	case left < 0:
		return q.ctx.Styles.Overdue.Render(c)
	case left < time.Hour:
		return q.ctx.Styles.Warning.Render(c)
	}
	return c
}

// gotoNumber opens ticket n if it exists, else says it does not.
func gotoNumber(c *Context, n int64) tea.Cmd {
	store, base, t := c.Tickets, c.Base, c.T
	return func() tea.Msg {
		if _, err := store.Get(base, n); err != nil {
			if errors.Is(err, tickets.ErrNotFound) {
				return statusMsg{text: t.F("goto.none", n), isErr: true}
			}
			return statusMsg{text: wordError(t, err).Error(), isErr: true, err: err}
		}
		return pushMsg{screen: newTicketScreen(c, n)}
	}
}

// position is "37/401": the selected row's rank in the whole view.
func (q *queueScreen) position() string {
	if len(q.rows) == 0 {
		return ""
	}
	total := -1
	if q.active < len(q.counts) {
		total = q.counts[q.active]
	}
	pos := q.cursor + 1
	if q.tail {
		if total < 0 {
			return ""
		}
		pos = total - (len(q.rows) - 1 - q.cursor)
	}
	if total < 0 {
		return fmt.Sprintf("%d", pos)
	}
	return fmt.Sprintf("%d/%d", pos, total)
}

// last loads the true last page of the view (G): a keyset query walking
// the index backwards, not every page before it.
func (q *queueScreen) last() tea.Cmd {
	f, err := q.currentFilter()
	if err != nil {
		return nil
	}
	q.gen++
	q.loading, q.tail = true, true
	gen, sort := q.gen, q.sortOf(q.active)
	store, base := q.ctx.Tickets, q.ctx.Base
	return tea.Batch(func() tea.Msg {
		page, err := store.ListBefore(base, f, sort, queuePageSize, "")
		return queueLastMsg{gen: gen, page: page, err: err}
	}, q.spinner.Tick)
}

// queueLastMsg answers last.
type queueLastMsg struct {
	gen  int
	page tickets.Page
	err  error
}

// globalCounts are the status bar's figures: open and overdue tickets,
// whatever the tab or the filter.
func globalCounts(store TicketStore, base context.Context, now time.Time) (open, overdue int, err error) {
	if open, err = store.Count(base, tickets.Filter{Now: now}); err != nil {
		return
	}
	overdue, err = store.Count(base, tickets.Filter{Overdue: true, Now: now})
	return
}

// handleMorningKey handles the queue keys added for finding tickets; ok is
// false when msg is none of them.
func (q *queueScreen) handleMorningKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, q.keys.Bottom) && len(q.rows) > 0 && (q.next != "" || q.tail):
		if q.tail {
			q.cursor = len(q.rows) - 1
			q.scroll()
			return nil, true
		}
		return q.last(), true
	case key.Matches(msg, q.keys.Top) && q.tail:
		q.tail = false
		return q.reload(), true
	case key.Matches(msg, q.keys.SortDue):
		q.byDue = !q.byDue
		if q.byDue {
			return tea.Batch(q.reload(), status(q.ctx.T.T("sort.due"))), true
		}
		return tea.Batch(q.reload(), status(q.ctx.T.T("sort.default"))), true
	}
	return nil, false
}

// newRequesterQueue lists every ticket of the requester of t (by email,
// else by name), last activity first: the person's history, from the
// ticket screen.
func newRequesterQueue(c *Context, r tickets.Requester) *queueScreen {
	q := newQueue(c)
	f := tickets.Filter{All: true}
	who := oneLine(r.Name)
	if e := oneLine(r.Email); e != "" {
		f.RequesterEmail = e
		if who == "" {
			who = e
		}
	} else {
		f.RequesterName = r.Name
	}
	q.title = c.T.F("screen.requester", who)
	q.views = []queueView{{title: q.title, base: f}}
	q.counts = []int{-1}
	return q
}

// newFilteredQueue lists every ticket matching filter (the / syntax), last
// activity first, as a screen of its own (a recurring issue's tickets,
// opened from the reports).
func newFilteredQueue(c *Context, title, filter string) *queueScreen {
	q := newQueue(c)
	q.title = title
	q.views = []queueView{{title: title, base: tickets.Filter{All: true}, extra: filter}}
	q.counts = []int{-1}
	return q
}

// pctOrDash is a share, or "—" when nothing is behind it (no solved ticket
// yet): "0 %" would claim a measure.
func pctOrDash(v float64, n int) string {
	if n == 0 {
		return "—"
	}
	return report.Percent(v)
}

// durOrDash is a duration, or "—" when no ticket measured it.
func durOrDash(t Catalogue, d time.Duration, n int) string {
	switch {
	case n == 0:
		return "—"
	case d <= 0:
		return "0 min"
	}
	return report.DurIn(d, t.T("unit.day"))
}
