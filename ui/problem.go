package ui

import (
	"errors"
	"fmt"
	"hotline/app"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
)

// The problem screen: title, status, root cause, workaround, the article
// that explains it and its incidents. Edits go through UpdateProblem at the
// version on screen; solving asks (y/N), then whether to solve the open
// incidents too, with the follow-up built from the workaround and article.

type problemKeys struct {
	navKeys
	Open, Edit, Status, Article, Link, Unlink, Solve, Refresh key.Binding
	// Delete deletes a problem created by mistake (admin or its creator).
	Delete key.Binding
}

func (k problemKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Edit, k.Status, k.Article, k.Link, k.Solve}
}
func (k problemKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.navKeys.list(), {k.Open, k.Edit, k.Status, k.Article}, {k.Link, k.Unlink, k.Solve, k.Refresh, k.Delete}}
}

// problemLoadedMsg brings a problem with its incidents and article.
type problemLoadedMsg struct {
	id        int64
	seq       int
	problem   *tickets.Problem
	incidents []tickets.Ticket
	article   *kb.Article
	err       error
}

// problemWriteMsg answers a write on problem id.
type problemWriteMsg struct {
	id     int64
	kind   string // "patch", "link", "unlink", "solve", "article"
	solved int
	err    error
}

type problemScreen struct {
	ctx  *Context
	keys problemKeys
	id   int64

	seq       int
	problem   *tickets.Problem
	incidents []tickets.Ticket
	article   *kb.Article
	err       error

	cursor int
	prompt *prompt

	width, height int
}

func newProblemScreen(c *Context, id int64) *problemScreen {
	t := c.T
	s := &problemScreen{ctx: c, id: id, keys: problemKeys{
		navKeys: newNavKeys(t),
		Open:    bind(t, "open", "enter", "enter"),
		Edit:    bind(t, "edit", "e", "e"),
		Status:  bind(t, "status", "s", "s"),
		Article: bind(t, "setarticle", "a", "a"),
		Link:    bind(t, "linkincidents", "l", "l"),
		Unlink:  bind(t, "unlinkincident", "d", "d"),
		Solve:   bind(t, "solve", "S", "S"),
		Refresh: bind(t, "refresh", "ctrl+r/F5", "ctrl+r", "f5"),
		Delete:  bind(t, "deleteproblem", "D", "D"),
	}}
	s.updateKeys()
	return s
}

func (s *problemScreen) Title() string     { return s.ctx.T.F("screen.problem", s.id) }
func (s *problemScreen) Keys() help.KeyMap { return s.keys }
func (s *problemScreen) Typing() bool      { return s.prompt != nil }
func (s *problemScreen) SetSize(w, h int)  { s.width, s.height = w, h }
func (s *problemScreen) Init() tea.Cmd     { return s.load() }

func (s *problemScreen) load() tea.Cmd {
	s.seq++
	seq, id, store, kbase, base := s.seq, s.id, s.ctx.Tickets, s.ctx.KB, s.ctx.Base
	return func() tea.Msg {
		msg := problemLoadedMsg{id: id, seq: seq}
		if msg.problem, msg.err = store.Problem(base, id); msg.err != nil {
			return msg
		}
		if msg.incidents, msg.err = store.Incidents(base, id, 0); msg.err != nil {
			return msg
		}
		if msg.problem.ArticleID != 0 && kbase != nil {
			msg.article, _ = kbase.Get(base, msg.problem.ArticleID) // a deleted article shows by number
		}
		return msg
	}
}

func (s *problemScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dataChangedMsg:
		return s.load()
	case problemLoadedMsg:
		if msg.id != s.id || msg.seq != s.seq {
			return nil
		}
		if msg.err != nil {
			s.err = msg.err
			return errStatus(msg.err)
		}
		s.err = nil
		s.problem, s.incidents, s.article = msg.problem, msg.incidents, msg.article
		s.cursor = clamp(s.cursor, 0, len(s.incidents)-1)
		s.updateKeys()
		return nil
	case problemWriteMsg:
		if msg.id != s.id {
			return nil
		}
		if msg.kind == "article" {
			return s.load() // the knowledge-base screen reports it
		}
		if msg.err != nil {
			return tea.Batch(errStatus(msg.err), s.load())
		}
		changed := func() tea.Msg { return problemChangedMsg{id: msg.id} }
		text := s.ctx.T.T("problem.saved." + msg.kind)
		if msg.kind == "solve" {
			text = s.ctx.T.P("problem.saved.solve", msg.solved, msg.solved)
		}
		return tea.Batch(s.load(), status(text), changed)
	case problemDeletedMsg:
		if msg.id != s.id {
			return nil
		}
		var nc *tickets.NotCreatorError
		switch {
		case errors.As(msg.err, &nc):
			return errStatus(errors.New(s.ctx.T.F("problem.notcreator", nc.Creator)))
		case msg.err != nil:
			return errStatus(msg.err)
		}
		changed := func() tea.Msg { return problemChangedMsg{id: msg.id} }
		return tea.Batch(pop, status(s.ctx.T.P("problem.deleted", msg.n, msg.id, msg.n)), changed)
	case problemChangedMsg, problemLinkedMsg:
		return s.load()
	case tea.KeyMsg:
		if s.prompt != nil {
			return s.updatePrompt(msg)
		}
		return s.handleKey(msg)
	}
	return nil
}

func (s *problemScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	k, t := s.keys, s.ctx.T
	if c, ok := k.move(msg, s.cursor, len(s.incidents), 10); ok {
		s.cursor = c
		return nil
	}
	if key.Matches(msg, k.Refresh) {
		return s.load()
	}
	p := s.problem
	if p == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		if s.cursor < len(s.incidents) {
			return push(newTicketScreen(s.ctx, s.incidents[s.cursor].ID))
		}
	case key.Matches(msg, k.Edit):
		s.prompt = newChoicePrompt("edit", t.T("prompt.edit"), []option{
			{"t", t.T("field.title"), "title"}, {"c", t.T("field.rootcause"), "rootcause"}, {"w", t.T("field.workaround"), "workaround"},
		}).sized(s.width)
	case key.Matches(msg, k.Status):
		s.prompt = newChoicePrompt("status", t.T("prompt.status"), []option{
			{"o", fmtProblemStatus(t, tickets.ProblemOpen), string(tickets.ProblemOpen)},
			{"k", fmtProblemStatus(t, tickets.ProblemKnown), string(tickets.ProblemKnown)},
			{"x", fmtProblemStatus(t, tickets.ProblemClosed), string(tickets.ProblemClosed)},
		}).sized(s.width)
	case key.Matches(msg, k.Article):
		return push(newKBPicker(s.ctx, p))
	case key.Matches(msg, k.Link):
		s.prompt = newTextPrompt(s.ctx.Styles, "link", t.T("prompt.incidents"), "", s.width)
	case key.Matches(msg, k.Unlink):
		if s.cursor < len(s.incidents) {
			s.prompt = newConfirmPrompt("unlink", t.F("confirm.unlinkincident", s.incidents[s.cursor].ID))
		}
	case key.Matches(msg, k.Solve):
		s.prompt = newConfirmPrompt("solve", t.T("confirm.solve"))
	case key.Matches(msg, k.Delete):
		// The store refuses anyway; a technician known not to be allowed
		// is told at once rather than asked first.
		if role := s.ctx.Role; role != "" && role != tickets.RoleAdmin && p.CreatedBy != s.ctx.User {
			return errStatus(errors.New(t.F("problem.notcreator", p.CreatedBy)))
		}
		q := t.P("confirm.deleteproblem", p.Incidents, p.ID, text.SanitizeLine(p.Title), p.Incidents)
		if p.Incidents == 0 {
			q = t.F("confirm.deleteproblem.none", p.ID, text.SanitizeLine(p.Title))
		}
		s.prompt = newConfirmPrompt("delete", q).sized(s.width)
	}
	return nil
}

// problemDeletedMsg answers the deletion of problem id (n incidents lost
// the link).
type problemDeletedMsg struct {
	id  int64
	n   int
	err error
}

func (s *problemScreen) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	res, cmd := s.prompt.update(msg)
	if !res.done {
		return cmd
	}
	action := s.prompt.action
	s.prompt = nil
	t := s.ctx.T
	p := s.problem
	if p == nil {
		return nil
	}
	if res.cancelled {
		if action == "solveincidents" {
			return s.solveCmd(false) // the problem is solved, the incidents stay open
		}
		return nil
	}
	switch action {
	case "edit":
		switch res.value {
		case "title":
			s.prompt = newTextPrompt(s.ctx.Styles, "title", t.T("field.title"), p.Title, s.width)
		case "rootcause":
			s.prompt = newCommentPrompt(s.ctx.Styles, "rootcause", t.T("field.rootcause"), p.RootCause, s.width, tickets.MaxDescriptionLen)
		case "workaround":
			s.prompt = newCommentPrompt(s.ctx.Styles, "workaround", t.T("field.workaround"), p.Workaround, s.width, tickets.MaxDescriptionLen)
		}
	case "title":
		v := res.value
		return s.patch(tickets.ProblemPatch{Title: &v})
	case "rootcause":
		v := res.value
		return s.patch(tickets.ProblemPatch{RootCause: &v})
	case "workaround":
		v := res.value
		return s.patch(tickets.ProblemPatch{Workaround: &v})
	case "status":
		st := tickets.ProblemStatus(res.value)
		return s.patch(tickets.ProblemPatch{Status: &st})
	case "link":
		ids, err := parseTicketIDs(res.value)
		if err != nil {
			var bad *notTicketNumberError
			if errors.As(err, &bad) {
				return errStatus(errors.New(s.ctx.T.F("err.notticketnumber", bad.text)))
			}
			return errStatus(err)
		}
		if len(ids) == 0 {
			return nil
		}
		store, base, user, id := s.ctx.Tickets, s.ctx.Base, s.ctx.User, p.ID
		return func() tea.Msg {
			_, err := store.LinkIncidents(base, id, ids, user)
			return problemWriteMsg{id: id, kind: "link", err: err}
		}
	case "unlink":
		if s.cursor >= len(s.incidents) {
			return nil
		}
		store, base, user, id, tid := s.ctx.Tickets, s.ctx.Base, s.ctx.User, p.ID, s.incidents[s.cursor].ID
		return func() tea.Msg {
			_, err := store.UnlinkIncidents(base, id, []int64{tid}, user)
			return problemWriteMsg{id: id, kind: "unlink", err: err}
		}
	case "solve":
		if p.OpenCount == 0 {
			return s.solveCmd(false)
		}
		s.prompt = newConfirmPrompt("solveincidents", t.P("confirm.solveincidents", p.OpenCount, p.OpenCount))
	case "solveincidents":
		return s.solveCmd(true)
	case "delete":
		store, base, user, id := s.ctx.Tickets, s.ctx.Base, s.ctx.User, p.ID
		return func() tea.Msg {
			n, err := store.DeleteProblem(base, id, user)
			return problemDeletedMsg{id: id, n: n, err: err}
		}
	}
	return nil
}

func (s *problemScreen) patch(pp tickets.ProblemPatch) tea.Cmd {
	store, base, user, id, version := s.ctx.Tickets, s.ctx.Base, s.ctx.User, s.problem.ID, s.problem.Version
	return func() tea.Msg {
		_, err := store.UpdateProblem(base, id, version, pp, user)
		return problemWriteMsg{id: id, kind: "patch", err: err}
	}
}

// solveCmd solves the problem and, with incidents, its open tickets with
// the follow-up of app.SolveMessage (the same words as the CLI).
func (s *problemScreen) solveCmd(incidents bool) tea.Cmd {
	p := *s.problem
	art := s.article
	store, base, user := s.ctx.Tickets, s.ctx.Base, s.ctx.User
	return func() tea.Msg {
		msg := ""
		if incidents {
			msg = app.SolveMessage(&p, art)
		}
		n, err := store.SolveProblem(base, p.ID, incidents, msg, user)
		return problemWriteMsg{id: p.ID, kind: "solve", solved: n, err: err}
	}
}

func (s *problemScreen) updateKeys() {
	k := &s.keys
	has := s.problem != nil
	for _, b := range []*key.Binding{&k.Edit, &k.Status, &k.Article, &k.Link} {
		b.SetEnabled(has)
	}
	k.Solve.SetEnabled(has && s.problem.Status != tickets.ProblemSolved)
	k.Open.SetEnabled(len(s.incidents) > 0)
	k.Unlink.SetEnabled(len(s.incidents) > 0)
}

func (s *problemScreen) View() string {
	st, t := s.ctx.Styles, s.ctx.T
	w := s.width
	p := s.problem
	if p == nil {
		msg := t.T("loading")
		if s.err != nil {
			msg = text.SanitizeLine(wordError(t, s.err).Error())
		}
		return st.Title.Render(fmt.Sprintf("#%d", s.id)) + "\n" + st.Muted.Render(msg)
	}
	var lines []string
	lines = append(lines, st.Title.Render(text.Truncate(t.F("problem.head", p.ID, text.SanitizeLine(p.Title)), w)))
	status := fmtProblemStatus(t, p.Status)
	lines = append(lines, packSegments([]string{
		field(st, t.T("field.status"), "") + st.Label.Render(status),
		field(st, t.T("problem.col.incidents"), t.F("problem.count", p.Incidents, p.OpenCount)),
		field(st, t.T("field.created"), fmtTime(s.ctx, p.CreatedAt)+" · "+text.SanitizeLine(p.CreatedBy)),
	}, w, st.Muted.Render(" · "))...)
	wrap := lipgloss.NewStyle().Width(max(w-2, 10))
	block := func(label, v string, maxLines int) {
		lines = append(lines, st.Label.Render(label))
		if strings.TrimSpace(v) == "" {
			lines = append(lines, "  "+st.Muted.Render(t.T("problem.unknown")))
			return
		}
		body := strings.Split(wrap.Render(text.Sanitize(v)), "\n")
		if len(body) > maxLines {
			body = append(body[:maxLines-1], "…")
		}
		for _, l := range body {
			lines = append(lines, "  "+l)
		}
	}
	room := max((s.height-16)/2, 1)
	block(t.T("field.rootcause"), p.RootCause, room)
	block(t.T("field.workaround"), p.Workaround, room)
	lines = append(lines, st.Label.Render(t.T("field.article")))
	switch {
	case p.ArticleID == 0:
		lines = append(lines, "  "+st.Warning.Render(t.T("problem.noarticle")))
	case s.article == nil:
		lines = append(lines, "  "+fmt.Sprintf("#%d", p.ArticleID))
	default:
		lines = append(lines, text.Truncate("  "+kindMark(s.article.Kind)+" "+text.SanitizeLine(s.article.Title)+"  "+
			st.Muted.Render(text.SanitizeLine(s.article.URL)), w))
	}
	lines = append(lines, st.Label.Render(t.F("problem.incidentlist", len(s.incidents))))
	promptH := 0
	if s.prompt != nil {
		promptH = s.prompt.height()
	}
	h := max(s.height-len(lines)-promptH, 1)
	if len(s.incidents) == 0 {
		lines = append(lines, "  "+st.Muted.Render(t.T("problem.noincident")))
	}
	start := clamp(s.cursor-h+1, 0, max(len(s.incidents)-h, 0))
	now := s.ctx.Now()
	for i := start; i < min(len(s.incidents), start+h); i++ {
		tk := &s.incidents[i]
		line := fmt.Sprintf("#%-6d %-10s %-4s %s", tk.ID, text.Truncate(fmtStatus(t, tk.Status), 10),
			fmtAge(t, now.Sub(tk.CreatedAt)), text.SanitizeLine(tk.Title))
		if i == s.cursor {
			lines = append(lines, st.Selected.Render(padRight(text.Truncate("›"+line, w), w)))
		} else {
			lines = append(lines, text.Truncate(" "+line, w))
		}
	}
	body := strings.Join(lines, "\n")
	if s.prompt != nil {
		body = fitBlock(body, w, s.height-promptH) + "\n" + s.prompt.view(st, t)
	}
	return body
}
