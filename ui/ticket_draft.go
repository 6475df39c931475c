package ui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
	"hotline/ui/draft"
)

// From a solved ticket to a tutorial (w): the draft is written to
// $XDG_DATA_HOME/hotline/drafts (an existing draft of the same ticket is
// reopened, not overwritten: it holds the technician's earlier work), the
// editor gets the terminal, and when it exits 0 the file is parsed like an
// import, stored and linked to the ticket. A failed editor, an emptied file
// or a parse error stores nothing and keeps the file.

type draftWrittenMsg struct {
	id   int64
	path string
	// before is the file as the editor gets it, fresh says it was written
	// now (not an earlier draft reopened): an unchanged file is a cancel.
	before []byte
	fresh  bool
	err    error
}

type draftEditedMsg struct {
	id     int64
	path   string
	before []byte
	fresh  bool
	err    error
}

type draftStoredMsg struct {
	id        int64
	path      string
	articleID int64
	empty     bool
	unchanged bool
	err       error
}

// draftedTutorial is the tutorial this ticket already produced: a linked
// tutorial written after the ticket was solved, or one with the ticket's
// title (what a draft starts with).
func (s *ticketScreen) draftedTutorial() *kb.Article {
	t := s.ticket
	for _, l := range s.links {
		a := l.article
		if a == nil || a.Kind != kb.KindTutorial {
			continue
		}
		if text.Fold(oneLine(a.Title)) == text.Fold(oneLine(t.Title)) || (t.SolvedAt != nil && !a.CreatedAt.Before(*t.SolvedAt)) {
			return a
		}
	}
	return nil
}

// draft is w: a solved ticket that already produced a tutorial offers to
// open it rather than draft a duplicate.
func (s *ticketScreen) draft() tea.Cmd {
	if a := s.draftedTutorial(); a != nil {
		t := s.ctx.T
		return s.setPrompt(newChoicePrompt("drafted", t.F("draft.exists", a.ID, oneLine(a.Title)), []option{
			{"o", t.T("draft.openit"), "open"}, {"n", t.T("draft.another"), "new"},
		}))
	}
	return s.newDraft()
}

func (s *ticketScreen) newDraft() tea.Cmd {
	t := s.ticket
	if t.Status != tickets.StatusSolved && t.Status != tickets.StatusClosed {
		return errStatus(errors.New(s.ctx.T.T("draft.notsolved")))
	}
	tk := *t
	followups := append([]tickets.Followup(nil), s.followups...)
	dir := draft.Dir(s.ctx.Getenv)
	today := s.ctx.Now().In(s.ctx.Loc)
	return func() tea.Msg {
		path := draft.Path(dir, &tk)
		msg := draftWrittenMsg{id: tk.ID, path: path}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			msg.err = fmt.Errorf("draft folder: %w", err)
			return msg
		}
		if data, err := os.ReadFile(path); err == nil {
			msg.before = data
			return msg // reopen the earlier draft
		}
		msg.before, msg.fresh = draft.Markdown(&tk, followups, today), true
		if err := os.WriteFile(path, msg.before, 0o644); err != nil {
			msg.err = fmt.Errorf("write draft: %w", err)
		}
		return msg
	}
}

func (s *ticketScreen) updateDraft(msg tea.Msg) tea.Cmd {
	t := s.ctx.T
	switch msg := msg.(type) {
	case draftWrittenMsg:
		if msg.id != s.id {
			return nil
		}
		if msg.err != nil {
			return errStatus(msg.err)
		}
		if s.ctx.Remote {
			return push(newDraftEditor(s.ctx, msg))
		}
		argv := append(draft.Editor(s.ctx.Getenv), msg.path)
		id, path, before, fresh := msg.id, msg.path, msg.before, msg.fresh
		return s.ctx.Exec(exec.Command(argv[0], argv[1:]...), func(err error) tea.Msg {
			return draftEditedMsg{id: id, path: path, before: before, fresh: fresh, err: err}
		})
	case draftEditedMsg:
		if msg.id != s.id {
			return nil
		}
		if msg.err != nil {
			return errStatus(errors.New(t.F("draft.editorfailed", msg.err, msg.path)))
		}
		return storeDraftCmd(s.ctx, msg)
	case draftStoredMsg:
		if msg.id != s.id {
			return nil
		}
		switch {
		case msg.empty:
			return errStatus(errors.New(t.T("draft.empty")))
		case msg.unchanged:
			return status(t.T("draft.unchanged"))
		case msg.err != nil:
			return errStatus(msg.err)
		}
		return tea.Batch(s.load(), status(t.F("draft.created", msg.articleID)))
	}
	return nil
}

// storeDraftCmd reads the edited draft, parses it like an import, stores
// the article and links it to ticket id. The file is removed once stored,
// so w on the same ticket does not store it twice. A file the editor left
// as it was (:q! in vi) is a cancel: nothing stored, and a draft written
// for this edit is removed.
func storeDraftCmd(c *Context, edited draftEditedMsg) tea.Cmd {
	store, kbase, base, user := c.Tickets, c.KB, c.Base, c.User
	t := c.T
	id, path := edited.id, edited.path
	return func() tea.Msg {
		msg := draftStoredMsg{id: id, path: path}
		data, err := os.ReadFile(path)
		if err != nil {
			msg.err = fmt.Errorf("read draft: %w", err)
			return msg
		}
		if bytes.Equal(data, edited.before) {
			msg.unchanged = true
			if edited.fresh {
				if err := os.Remove(path); err != nil {
					msg.err = fmt.Errorf("remove unchanged draft: %w", err)
				}
			}
			return msg
		}
		if len(bytes.TrimSpace(data)) == 0 {
			msg.empty = true
			return msg
		}
		a, err := kb.ParseArticle(path, data)
		if err != nil {
			// A problem at a line shows as file:N: reason, like a compiler.
			where, reason := path, err.Error()
			var le *kb.LineError
			if errors.As(err, &le) {
				reason = kbReasonText(t, le.Reason)
				if le.Line > 0 {
					where = path + ":" + strconv.Itoa(le.Line)
				}
			}
			msg.err = errors.New(t.F("draft.invalid", where, strings.TrimSpace(reason)))
			return msg
		}
		a.Author = user // its author may delete it if it was a mistake
		stored, err := kbase.Add(base, *a)
		if err != nil {
			msg.err = errors.New(t.F("draft.invalid", path, wordError(t, err).Error()))
			return msg
		}
		msg.articleID = stored.ID
		if err := store.Link(base, id, stored.ID, user); err != nil {
			msg.err = fmt.Errorf("link tutorial #%d: %w", stored.ID, err)
			return msg
		}
		if err := os.Remove(path); err != nil {
			msg.err = fmt.Errorf("remove stored draft: %w", err)
		}
		return msg
	}
}
