package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
	"hotline/tickets"
)

// Problems (ITIL): the list (P from the queue, tabs open / known / solved)
// and the picker that links tickets to a problem (from a ticket, from the
// marked rows of the queue) or creates one for them.

// problemLinkedMsg answers a link or a creation for tickets.
type problemLinkedMsg struct {
	problem   *tickets.Problem
	ticketIDs []int64
	created   bool
	linked    int
	fromQueue bool
	err       error
}

// problemChangedMsg tells every screen a problem was written.
type problemChangedMsg struct{ id int64 }

// filterQueueMsg asks the queue to show the tickets of a filter.
type filterQueueMsg struct{ filter string }

// problemsMsg brings a list of problems.
type problemsMsg struct {
	owner    any
	seq      int
	problems []tickets.Problem
	err      error
}

// linkProblemCmd links ids to problem id, or creates a problem titled
// title with them when id is 0.
func linkProblemCmd(c *Context, id int64, title string, ids []int64, fromQueue bool) tea.Cmd {
	store, base, user := c.Tickets, c.Base, c.User
	ids = append([]int64(nil), ids...)
	return func() tea.Msg {
		msg := problemLinkedMsg{ticketIDs: ids, fromQueue: fromQueue}
		if id == 0 {
			msg.created = true
			msg.problem, msg.err = store.CreateProblem(base, tickets.NewProblem{Title: title, TicketIDs: ids}, user)
			if msg.problem != nil {
				msg.linked = msg.problem.Incidents
			}
			return msg
		}
		if msg.linked, msg.err = store.LinkIncidents(base, id, ids, user); msg.err != nil {
			return msg
		}
		msg.problem, msg.err = store.Problem(base, id)
		return msg
	}
}

// linkedStatus is the footer line after a link or a creation.
func linkedStatus(t Catalogue, msg problemLinkedMsg) tea.Cmd {
	if msg.err != nil {
		return errStatus(msg.err)
	}
	if msg.created {
		return status(t.F(plural("problem.created", msg.linked), msg.problem.ID, msg.linked))
	}
	return status(t.F(plural("problem.linked", msg.linked), msg.linked, msg.problem.ID))
}

func problemStatuses(tab int) []tickets.ProblemStatus {
	return [][]tickets.ProblemStatus{{tickets.ProblemOpen}, {tickets.ProblemKnown}, {tickets.ProblemSolved, tickets.ProblemClosed}}[tab]
}

func fmtProblemStatus(t Catalogue, s tickets.ProblemStatus) string {
	return t.T("pstatus." + string(s))
}

// problemRow is one line of a problem list.
func problemRow(st Styles, t Catalogue, p *tickets.Problem, w int, selected bool) string {
	line := fmt.Sprintf("%s %-7s %-10s %s  %s", " ", fmtProblemID(p.ID), text.Truncate(fmtProblemStatus(t, p.Status), 10),
		t.F(plural("problem.incidents", p.Incidents), p.Incidents, p.OpenCount), text.SanitizeLine(p.Title))
	if selected {
		return st.Selected.Render(padRight(text.Truncate("›"+line[1:], w), w))
	}
	return text.Truncate(line, w)
}

// ── The problems list ───────────────────────────────────────────────────

type problemListKeys struct {
	navKeys
	Open, NextTab, PrevTab, Refresh key.Binding
}

func (k problemListKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.NextTab, k.Refresh}
}
func (k problemListKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.navKeys.list(), {k.Open, k.NextTab, k.PrevTab, k.Refresh}}
}

type problemsScreen struct {
	ctx      *Context
	keys     problemListKeys
	tab      int
	seq      int
	loading  bool
	problems []tickets.Problem
	cursor   int
	offset   int
	width    int
	height   int
}

func newProblemsScreen(c *Context) *problemsScreen {
	t := c.T
	return &problemsScreen{ctx: c, keys: problemListKeys{
		navKeys: newNavKeys(t),
		Open:    bind(t, "open", "enter", "enter"),
		NextTab: bind(t, "nextview", "tab", "tab"),
		PrevTab: bind(t, "prevview", "shift+tab", "shift+tab"),
		Refresh: bind(t, "refresh", "ctrl+r/F5", "ctrl+r", "f5"),
	}}
}

func (s *problemsScreen) Title() string     { return s.ctx.T.T("screen.problems") }
func (s *problemsScreen) Keys() help.KeyMap { return s.keys }
func (s *problemsScreen) Typing() bool      { return false }
func (s *problemsScreen) SetSize(w, h int)  { s.width, s.height = w, h }
func (s *problemsScreen) Init() tea.Cmd     { return s.load() }

func (s *problemsScreen) load() tea.Cmd {
	s.seq++
	s.loading = true
	seq, store, base, statuses := s.seq, s.ctx.Tickets, s.ctx.Base, problemStatuses(s.tab)
	return func() tea.Msg {
		ps, err := store.Problems(base, statuses, tickets.MaxPageSize, 0)
		return problemsMsg{owner: s, seq: seq, problems: ps, err: err}
	}
}

func (s *problemsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case problemsMsg:
		if msg.owner != s || msg.seq != s.seq {
			return nil
		}
		s.loading = false
		if msg.err != nil {
			return errStatus(msg.err)
		}
		s.problems = msg.problems
		s.cursor = clamp(s.cursor, 0, len(s.problems)-1)
		return nil
	case problemChangedMsg, problemLinkedMsg, dataChangedMsg:
		return s.load()
	case tea.KeyMsg:
		k := s.keys
		if c, ok := k.move(msg, s.cursor, len(s.problems), s.height-3); ok {
			s.cursor = c
			return nil
		}
		switch {
		case key.Matches(msg, k.NextTab):
			s.tab = (s.tab + 1) % 3
			s.cursor = 0
			return s.load()
		case key.Matches(msg, k.PrevTab):
			s.tab = (s.tab + 2) % 3
			s.cursor = 0
			return s.load()
		case key.Matches(msg, k.Refresh):
			return s.load()
		case key.Matches(msg, k.Open):
			if s.cursor < len(s.problems) {
				return push(newProblemScreen(s.ctx, s.problems[s.cursor].ID))
			}
		}
	}
	return nil
}

func (s *problemsScreen) View() string {
	st, t := s.ctx.Styles, s.ctx.T
	var tabs []string
	for i, id := range []string{"ptab.open", "ptab.known", "ptab.solved"} {
		if i == s.tab {
			tabs = append(tabs, st.TabActive.Render(t.T(id)))
		} else {
			tabs = append(tabs, st.TabInactive.Render(t.T(id)))
		}
	}
	lines := []string{strings.Join(tabs, ""), ""}
	switch {
	case s.loading && len(s.problems) == 0:
		lines = append(lines, st.Muted.Render("  "+t.T("loading")))
	case len(s.problems) == 0:
		lines = append(lines, st.Muted.Render("  "+t.T("problem.none")))
	}
	h := max(s.height-len(lines), 1)
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+h {
		s.offset = s.cursor - h + 1
	}
	for i := s.offset; i < min(len(s.problems), s.offset+h); i++ {
		lines = append(lines, problemRow(st, t, &s.problems[i], s.width, i == s.cursor))
	}
	return strings.Join(lines, "\n")
}

// ── The picker: link tickets to a problem, or create one ────────────────

type pickerKeys struct {
	navKeys
	Link, New key.Binding
}

func (k pickerKeys) ShortHelp() []key.Binding { return []key.Binding{k.Link, k.New} }
func (k pickerKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.navKeys.list(), {k.Link, k.New}}
}

type problemPicker struct {
	ctx       *Context
	keys      pickerKeys
	ids       []int64
	title     string // proposed title of a new problem
	fromQueue bool
	problems  []tickets.Problem
	loading   bool
	cursor    int
	prompt    *prompt
	busy      bool
	width     int
	height    int
}

// newProblemPicker links ids to a problem the technician picks among the
// open and known ones, or (n) to a new one titled title.
func newProblemPicker(c *Context, ids []int64, title string, fromQueue bool) *problemPicker {
	t := c.T
	return &problemPicker{ctx: c, ids: ids, title: title, fromQueue: fromQueue, loading: true, keys: pickerKeys{
		navKeys: newNavKeys(t),
		Link:    bind(t, "linkproblem", "enter", "enter"),
		New:     bind(t, "newproblem", "n", "n"),
	}}
}

func (p *problemPicker) Title() string {
	return p.ctx.T.P("screen.picker", len(p.ids), len(p.ids))
}
func (p *problemPicker) Keys() help.KeyMap { return p.keys }
func (p *problemPicker) Typing() bool      { return p.prompt != nil }
func (p *problemPicker) SetSize(w, h int)  { p.width, p.height = w, h }

func (p *problemPicker) Init() tea.Cmd {
	store, base := p.ctx.Tickets, p.ctx.Base
	return func() tea.Msg {
		ps, err := store.Problems(base, []tickets.ProblemStatus{tickets.ProblemOpen, tickets.ProblemKnown}, tickets.MaxPageSize, 0)
		return problemsMsg{owner: p, problems: ps, err: err}
	}
}

func (p *problemPicker) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case problemsMsg:
		if msg.owner != p {
			return nil
		}
		p.loading = false
		p.problems = msg.problems
		if msg.err != nil {
			return errStatus(msg.err)
		}
		return nil
	case problemLinkedMsg:
		if !sameIDs(msg.ticketIDs, p.ids) || !p.busy {
			return nil
		}
		p.busy = false
		if msg.err != nil {
			return errStatus(msg.err)
		}
		return tea.Sequence(pop, linkedStatus(p.ctx.T, msg))
	case tea.KeyMsg:
		if p.prompt != nil {
			res, cmd := p.prompt.update(msg)
			if !res.done {
				return cmd
			}
			p.prompt = nil
			if res.cancelled || res.value == "" {
				return nil
			}
			p.busy = true
			return linkProblemCmd(p.ctx, 0, res.value, p.ids, p.fromQueue)
		}
		if c, ok := p.keys.move(msg, p.cursor, len(p.problems), p.height-4); ok {
			p.cursor = c
			return nil
		}
		switch {
		case key.Matches(msg, p.keys.New):
			p.prompt = newTextPrompt(p.ctx.Styles, "newproblem", p.ctx.T.T("prompt.problem.title"), p.title, p.width)
			return nil
		case key.Matches(msg, p.keys.Link):
			if p.cursor < len(p.problems) && !p.busy {
				p.busy = true
				return linkProblemCmd(p.ctx, p.problems[p.cursor].ID, "", p.ids, p.fromQueue)
			}
		}
	}
	return nil
}

func (p *problemPicker) View() string {
	st, t := p.ctx.Styles, p.ctx.T
	ids := make([]string, 0, len(p.ids))
	for i, id := range p.ids {
		if i == 12 {
			ids = append(ids, "…")
			break
		}
		ids = append(ids, fmt.Sprintf("#%d", id))
	}
	lines := []string{
		st.Title.Render(text.Truncate(t.P("picker.head", len(p.ids), len(p.ids), strings.Join(ids, " ")), p.width)),
		st.Muted.Render(text.Truncate(t.T("picker.hint"), p.width)),
	}
	switch {
	case p.loading:
		lines = append(lines, st.Muted.Render("  "+t.T("loading")))
	case len(p.problems) == 0:
		lines = append(lines, st.Muted.Render("  "+t.T("problem.none")))
	}
	h := max(p.height-len(lines)-2, 1)
	start := clamp(p.cursor-h+1, 0, max(len(p.problems)-h, 0))
	for i := start; i < min(len(p.problems), start+h); i++ {
		lines = append(lines, problemRow(st, t, &p.problems[i], p.width, i == p.cursor))
	}
	body := strings.Join(lines, "\n")
	if p.prompt != nil {
		body = fitBlock(body, p.width, p.height-p.prompt.height()) + "\n" + p.prompt.view(st, t)
	}
	return body
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// parseTicketIDs reads "12 15, #18" as ticket numbers.
func parseTicketIDs(s string) ([]int64, error) {
	var out []int64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == ';' }) {
		n, err := strconv.ParseInt(strings.TrimPrefix(f, "#"), 10, 64)
		if err != nil || n <= 0 {
			return nil, &notTicketNumberError{text: f}
		}
		out = append(out, n)
	}
	return out, nil
}

// notTicketNumberError is a word of the list that is no ticket number;
// the screen words it.
type notTicketNumberError struct{ text string }

func (e *notTicketNumberError) Error() string { return fmt.Sprintf("%q: not a ticket number", e.text) }
