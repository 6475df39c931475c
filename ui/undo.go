package ui

import (
	"errors"
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/tickets"
)

// Undo (u on the ticket screen and the queue): the last change this
// interface made to a ticket can be taken back for a few seconds. Taking it
// back is a new change (the history keeps both), applied only if the
// ticket is still at the version the change left it in: once someone else
// changed it, or once too late, u refuses and says why.

// undoWindow is how long a change can be undone.
const undoWindow = 10 * time.Second

// undoable is a change of this session that u can take back.
type undoable struct {
	id      int64
	version int64 // the ticket's version right after the change
	inverse tickets.Patch
	at      time.Time
}

// undoneMsg answers an undo.
type undoneMsg struct {
	id     int64
	ticket *tickets.Ticket
	err    error
}

// inversePatch is the patch that puts back what p changed in before.
func inversePatch(before *tickets.Ticket, p tickets.Patch) tickets.Patch {
	var inv tickets.Patch
	str := func(v string) *string { return &v }
	if p.Title != nil {
		inv.Title = str(before.Title)
	}
	if p.Description != nil {
		inv.Description = str(before.Description)
	}
	if p.Status != nil {
		s := before.Status
		inv.Status = &s
	}
	if p.Assignee != nil {
		inv.Assignee = str(before.Assignee)
	}
	if p.Urgency != nil {
		u := before.Urgency
		inv.Urgency = &u
	}
	if p.Impact != nil {
		i := before.Impact
		inv.Impact = &i
	}
	if p.Major != nil {
		m := before.Major
		inv.Major = &m
	}
	if p.Category != nil {
		inv.Category = str(before.Category)
	}
	if p.Connection != nil {
		c := before.Connection
		inv.Connection = &c
	}
	if p.Device != nil {
		inv.Device = str(before.Device)
	}
	r := before.Requester
	if p.Requester != nil {
		inv.Requester = &r
	}
	if p.RequesterName != nil {
		inv.RequesterName = str(r.Name)
	}
	if p.RequesterService != nil {
		inv.RequesterService = str(r.Service)
	}
	if p.RequesterEmail != nil {
		inv.RequesterEmail = str(r.Email)
	}
	if p.RequesterPhone != nil {
		inv.RequesterPhone = str(r.Phone)
	}
	for _, tag := range p.AddTags {
		if !slices.Contains(before.Tags, tag) {
			inv.RemoveTags = append(inv.RemoveTags, tag)
		}
	}
	for _, tag := range p.RemoveTags {
		if slices.Contains(before.Tags, tag) {
			inv.AddTags = append(inv.AddTags, tag)
		}
	}
	return inv
}

// recordUndo keeps what a write of this interface can be undone with: a
// patch applied straight onto the version read before it; any other
// successful write to that ticket (a comment, a link) ends the chance.
func (m *Model) recordUndo(msg ticketWriteMsg) {
	c := m.ctx
	switch {
	case msg.err != nil:
	case msg.undo != nil:
		u := *msg.undo
		u.at = c.Now()
		c.undo = &u
	case c.undo != nil && c.undo.id == msg.id:
		c.undo = nil
	}
}

// undoCmd takes back the session's last change; onTicket > 0 is the ticket
// the technician is looking at (the change must be that ticket's).
func undoCmd(c *Context, onTicket int64) tea.Cmd {
	t := c.T
	u := c.undo
	switch {
	case u == nil:
		return errStatus(errors.New(t.T("undo.nothing")))
	case onTicket > 0 && u.id != onTicket:
		return errStatus(errors.New(t.F("undo.otherticket", u.id)))
	case c.Now().Sub(u.at) > undoWindow:
		c.undo = nil
		return errStatus(errors.New(t.F("undo.toolate", u.id, int(undoWindow.Seconds()))))
	}
	c.undo = nil // one undo per change, never an undo of the undo
	store, base, user, uu := c.Tickets, c.Base, c.User, *u
	return func() tea.Msg {
		tk, err := store.Update(base, uu.id, uu.version, uu.inverse, user)
		return undoneMsg{id: uu.id, ticket: tk, err: err}
	}
}

// undone words an undo's outcome in the footer and tells the screens.
func (m *Model) undone(msg undoneMsg) tea.Cmd {
	t := m.ctx.T
	switch {
	case errors.Is(msg.err, tickets.ErrConflict):
		return errStatus(errors.New(t.F("undo.conflict", msg.id)))
	case msg.err != nil:
		return errStatus(wordError(t, msg.err))
	}
	return tea.Batch(status(t.F("undo.done", msg.id)), changedCmd(msg.ticket), m.route(msg))
}
