package ui

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/opener"
	"hotline/kb"
	"hotline/tickets"
)

// Commands and messages shared by the screens that change tickets (ticket,
// triage, KB opened from a ticket, new ticket). Each copies what it needs
// into its closure; none reads a model from its goroutine.

// change is one write the technician asked for, kept whole so that after a
// conflict or an error it can be applied again without retyping.
type change struct {
	kind      string // "patch", "comment", "link", "unlink"
	patch     tickets.Patch
	body      string
	private   bool
	articleID int64
}

// ticketWriteMsg answers a write on ticket id.
type ticketWriteMsg struct {
	id     int64
	change change
	ticket *tickets.Ticket // after a patch
	err    error
	// undo takes the patch back (u), when it was applied straight onto
	// the version read just before it.
	undo *undoable
}

// conflict reports that someone else changed the ticket first.
func (m ticketWriteMsg) conflict() bool { return errors.Is(m.err, tickets.ErrConflict) }

// writeCmd applies ch to ticket id at version as user.
func writeCmd(c *Context, id, version int64, ch change) tea.Cmd {
	store, mailer, base, user := c.Tickets, c.Mail, c.Base, c.User
	return func() tea.Msg {
		msg := ticketWriteMsg{id: id, change: ch}
		switch ch.kind {
		case "patch":
			before, _ := store.Get(base, id) // for undo only: a failure just leaves nothing to undo
			msg.ticket, msg.err = store.Update(base, id, version, ch.patch, user)
			if msg.err == nil && before != nil && msg.ticket.Version == before.Version+1 {
				msg.undo = &undoable{id: id, version: msg.ticket.Version, inverse: inversePatch(before, ch.patch)}
			}
		case "comment":
			_, msg.err = store.Comment(base, id, user, ch.body, ch.private)
		case "mail":
			if mailer == nil {
				msg.err = fmt.Errorf("mail is not configured")
				break
			}
			_, msg.err = mailer.CommentByMail(base, id, version, user, ch.body)
		case "link":
			msg.err = store.Link(base, id, ch.articleID, user)
		case "unlink":
			msg.err = store.Unlink(base, id, ch.articleID, user)
		default:
			msg.err = fmt.Errorf("unknown change %q", ch.kind)
		}
		return msg
	}
}

// changedCmd tells every screen that ticket t changed.
func changedCmd(t *tickets.Ticket) tea.Cmd {
	if t == nil {
		return nil
	}
	cp := *t
	return func() tea.Msg { return ticketChangedMsg{ticket: cp} }
}

// copiedMsg and openedMsg report clipboard and opener outcomes.
type copiedMsg struct{ err error }
type openedMsg struct {
	target string
	err    error
}

// articleRef is what the copy and open actions need of an article.
type articleRef struct {
	ID    int64
	Title string
	Kind  kb.Kind
	URL   string // with #t= for a transcript hit
	At    *float64
	// Summary is one line about the article (from its body or a snippet).
	Summary string
}

func refFromResult(r kb.Result) articleRef {
	return articleRef{ID: r.ID, Title: r.Title, Kind: r.Kind, URL: r.URL, At: r.At, Summary: plainSnippet(r.Snippet)}
}

func refFromArticle(a *kb.Article) articleRef {
	return articleRef{ID: a.ID, Title: a.Title, Kind: a.Kind, URL: a.URL, Summary: summaryOf(a.Body)}
}

// openCmd opens target with the platform opener.
func openCmd(c *Context, target string) tea.Cmd {
	open, remote, cp, t := c.Open, c.Remote, c.Copy, c.T
	return func() tea.Msg {
		if strings.TrimSpace(target) == "" {
			return openedMsg{target: target, err: errors.New(t.T("open.nolink"))}
		}
		if remote {
			// Over SSH a browser started here would open on the server:
			// the link is shown and copied for the technician's side.
			if err := cp(target); err != nil {
				return openedMsg{target: target, err: fmt.Errorf("%s: %w", t.T("copy.failed"), err)}
			}
			return statusMsg{text: t.F("open.remote", target)}
		}
		return openedMsg{target: target, err: openFailure(t, open(target))}
	}
}

// openFailure words an opener's failure in the technician's language
// (nil stays nil): the program missing says which and what to do instead.
func openFailure(t Catalogue, err error) error {
	var oe *opener.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &oe) && oe.NotFound():
		return errors.New(t.F("open.notfound", oe.Program))
	case errors.As(err, &oe):
		return errors.New(t.F("open.notstarted", oe.Program))
	}
	return fmt.Errorf("%s: %w", t.T("open.failed"), err)
}
