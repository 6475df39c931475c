package ui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/draft"
	"hotline/kb"
	"hotline/tickets"
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
	err  error
}

type draftEditedMsg struct {
	id   int64
	path string
	err  error
}

type draftStoredMsg struct {
	id        int64
	path      string
	articleID int64
	empty     bool
	err       error
}

func (s *ticketScreen) draft() tea.Cmd {
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
		if _, err := os.Stat(path); err == nil {
			return msg // reopen the earlier draft
		}
		if err := os.WriteFile(path, draft.Markdown(&tk, followups, today), 0o644); err != nil {
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
		argv := append(draft.Editor(s.ctx.Getenv), msg.path)
		id, path := msg.id, msg.path
		return s.ctx.Exec(exec.Command(argv[0], argv[1:]...), func(err error) tea.Msg {
			return draftEditedMsg{id: id, path: path, err: err}
		})
	case draftEditedMsg:
		if msg.id != s.id {
			return nil
		}
		if msg.err != nil {
			return errStatus(errors.New(t.F("draft.editorfailed", msg.err, msg.path)))
		}
		return storeDraftCmd(s.ctx, msg.id, msg.path)
	case draftStoredMsg:
		if msg.id != s.id {
			return nil
		}
		switch {
		case msg.empty:
			return errStatus(errors.New(t.T("draft.empty")))
		case msg.err != nil:
			return errStatus(msg.err)
		}
		return tea.Batch(s.load(), status(t.F("draft.created", msg.articleID)))
	}
	return nil
}

// lineErr finds "line N: reason" in a parse error, to show it as
// file:N: reason like a compiler would.
var lineErr = regexp.MustCompile(`line (\d+): (.*)$`)

// storeDraftCmd reads the edited draft, parses it like an import, stores
// the article and links it to ticket id. The file is removed once stored,
// so w on the same ticket does not store it twice.
func storeDraftCmd(c *Context, id int64, path string) tea.Cmd {
	store, kbase, base, user := c.Tickets, c.KB, c.Base, c.User
	t := c.T
	return func() tea.Msg {
		msg := draftStoredMsg{id: id, path: path}
		data, err := os.ReadFile(path)
		if err != nil {
			msg.err = fmt.Errorf("read draft: %w", err)
			return msg
		}
		if len(bytes.TrimSpace(data)) == 0 {
			msg.empty = true
			return msg
		}
		a, err := kb.ParseArticle(path, data)
		if err != nil {
			where, reason := path, err.Error()
			if m := lineErr.FindStringSubmatch(err.Error()); m != nil {
				where, reason = path+":"+m[1], m[2]
			}
			msg.err = errors.New(t.F("draft.invalid", where, strings.TrimSpace(reason)))
			return msg
		}
		stored, err := kbase.Add(base, *a)
		if err != nil {
			msg.err = errors.New(t.F("draft.invalid", path, err.Error()))
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
