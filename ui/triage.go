package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"hotline/internal/text"
	"hotline/tickets"
)

// Triage steps through the untriaged tickets (new, unassigned) one at a
// time. Single keys change a draft (category 1–9, urgency u/U, impact i/I);
// the priority is recomputed on screen as you go; enter saves and the next
// ticket comes up at once (the list is already in memory, the save runs in
// the background). m assigns to me, saves and moves on: one key.

type triageKeys struct {
	Category, UrgencyUp, UrgencyDown, ImpactUp, ImpactDown, AssignMe, Assign,
	Tag, Status, Save, Skip, Prev key.Binding
}

func newTriageKeys(t Catalogue) triageKeys {
	return triageKeys{
		Category:    bind(t, "category", "1-9", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		UrgencyUp:   bind(t, "urgencyup", "u/U", "u"),
		UrgencyDown: bind(t, "urgencydown", "U", "U"),
		ImpactUp:    bind(t, "impactup", "i/I", "i"),
		ImpactDown:  bind(t, "impactdown", "I", "I"),
		AssignMe:    bind(t, "assignme.next", "m", "m"),
		Assign:      bind(t, "assign", "a", "a"),
		Tag:         bind(t, "tag", "t", "t"),
		Status:      bind(t, "status", "s", "s"),
		Save:        bind(t, "save.next", "enter", "enter"),
		Skip:        bind(t, "skip", "n/→", "n", "right"),
		Prev:        bind(t, "prev", "p/←", "p", "left"),
	}
}

func (k triageKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Category, k.UrgencyUp, k.ImpactUp, k.AssignMe, k.Save, k.Skip}
}

func (k triageKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Category, k.UrgencyUp, k.UrgencyDown, k.ImpactUp, k.ImpactDown},
		{k.AssignMe, k.Assign, k.Tag, k.Status},
		{k.Save, k.Skip, k.Prev},
	}
}

// triagePageMsg brings the untriaged tickets.
type triagePageMsg struct {
	gen  int
	page tickets.Page
	err  error
}

// triageReloadedMsg brings back a ticket whose save hit a conflict.
type triageReloadedMsg struct {
	ticket *tickets.Ticket
	draft  tickets.Patch
	err    error
}

type triageScreen struct {
	ctx  *Context
	keys triageKeys

	gen     int
	list    []tickets.Ticket
	next    string
	loading bool
	index   int
	draft   tickets.Patch
	saved   int

	prompt        *prompt
	width, height int
}

func newTriage(c *Context) *triageScreen {
	s := &triageScreen{ctx: c, keys: newTriageKeys(c.T)}
	return s
}

func (s *triageScreen) Title() string {
	return s.ctx.T.T("screen.triage")
}
func (s *triageScreen) Keys() help.KeyMap { return s.keys }
func (s *triageScreen) Typing() bool      { return s.prompt != nil }
func (s *triageScreen) SetSize(w, h int)  { s.width, s.height = w, h }

func (s *triageScreen) Init() tea.Cmd { return s.fetch("") }

func (s *triageScreen) fetch(after string) tea.Cmd {
	s.loading = true
	nobody := ""
	f := tickets.Filter{Statuses: []tickets.Status{tickets.StatusNew}, Assignee: &nobody}
	store, base, gen := s.ctx.Tickets, s.ctx.Base, s.gen
	return func() tea.Msg {
		p, err := store.List(base, f, tickets.SortPriority, queuePageSize, after)
		return triagePageMsg{gen: gen, page: p, err: err}
	}
}

func (s *triageScreen) current() *tickets.Ticket {
	if s.index < 0 || s.index >= len(s.list) {
		return nil
	}
	return &s.list[s.index]
}

func (s *triageScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case triagePageMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.loading = false
		if msg.err != nil {
			return errStatus(msg.err)
		}
		s.list = append(s.list, msg.page.Tickets...)
		s.next = msg.page.Next
		return nil
	case ticketWriteMsg:
		if !s.inFlight(msg.id) {
			return nil
		}
		if msg.err == nil {
			s.saved++
			return changedCmd(msg.ticket)
		}
		if msg.conflict() {
			return s.reloadCmd(msg.id, msg.change.patch)
		}
		return errStatus(msg.err)
	case triageReloadedMsg:
		if msg.err != nil {
			return errStatus(msg.err)
		}
		// Put the fresh ticket back in front with the technician's draft:
		// nothing typed is lost, enter applies it again.
		s.list = append(s.list[:s.index], append([]tickets.Ticket{*msg.ticket}, s.list[s.index:]...)...)
		s.draft = msg.draft
		return errStatus(fmt.Errorf("%s", s.ctx.T.T("conflict.triage")))
	case tea.KeyMsg:
		if s.prompt != nil {
			return s.updatePrompt(msg)
		}
		return s.handleKey(msg)
	}
	if s.prompt != nil {
		_, cmd := s.prompt.update(msg) // tag completions
		return cmd
	}
	return nil
}

// inFlight: triage saves tickets it already moved past, so any write on a
// ticket that is not on screen is ours (ticket screens check their own id).
func (s *triageScreen) inFlight(id int64) bool {
	cur := s.current()
	return cur == nil || cur.ID != id
}

func (s *triageScreen) reloadCmd(id int64, draft tickets.Patch) tea.Cmd {
	store, base := s.ctx.Tickets, s.ctx.Base
	return func() tea.Msg {
		t, err := store.Get(base, id)
		return triageReloadedMsg{ticket: t, draft: draft, err: err}
	}
}

func (s *triageScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	t := s.current()
	if t == nil {
		return nil
	}
	k, tr := s.keys, s.ctx.T
	switch {
	case key.Matches(msg, k.Category):
		i := int(msg.String()[0] - '1')
		if i < len(s.ctx.Categories) {
			c := s.ctx.Categories[i]
			s.draft.Category = &c
		}
	case key.Matches(msg, k.UrgencyUp), key.Matches(msg, k.UrgencyDown):
		v := s.level(s.draft.Urgency, t.Urgency, key.Matches(msg, k.UrgencyUp))
		s.draft.Urgency = &v
	case key.Matches(msg, k.ImpactUp), key.Matches(msg, k.ImpactDown):
		v := s.level(s.draft.Impact, t.Impact, key.Matches(msg, k.ImpactUp))
		s.draft.Impact = &v
	case key.Matches(msg, k.AssignMe):
		me := s.ctx.User
		s.draft.Assignee = &me
		return s.saveAndNext()
	case key.Matches(msg, k.Assign):
		s.prompt = newTextPrompt(s.ctx.Styles, "assign", tr.T("prompt.assign"), "", s.width).withTags(s.ctx, completeAssignee)
		return s.prompt.focusCmd()
	case key.Matches(msg, k.Tag):
		s.prompt = newTextPrompt(s.ctx.Styles, "tags", tr.T("prompt.tags"), "", s.width).withTags(s.ctx, completeTags)
		return s.prompt.focusCmd()
	case key.Matches(msg, k.Status):
		s.prompt = newChoicePrompt("status", tr.T("prompt.status"), statusOptions(tr)).sized(s.width)
	case key.Matches(msg, k.Save):
		return s.saveAndNext()
	case key.Matches(msg, k.Skip):
		s.move(1)
	case key.Matches(msg, k.Prev):
		s.move(-1)
	}
	return nil
}

// level steps a 1–5 level up or down from the draft or the stored value.
func (s *triageScreen) level(draft *int, stored int, up bool) int {
	v := stored
	if draft != nil {
		v = *draft
	}
	if up {
		return min(v+1, 5)
	}
	return max(v-1, 1)
}

func (s *triageScreen) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	res, cmd := s.prompt.update(msg)
	if !res.done {
		return cmd
	}
	action := s.prompt.action
	s.prompt = nil
	if res.cancelled {
		return nil
	}
	switch action {
	case "assign":
		v := res.value
		s.draft.Assignee = &v
		return s.saveAndNext()
	case "tags":
		add, remove := parseTagEdit(res.value)
		s.draft.AddTags, s.draft.RemoveTags = add, remove
	case "status":
		st := tickets.Status(res.value)
		s.draft.Status = &st
	}
	return nil
}

// saveAndNext writes the draft (if any) in the background and shows the
// next ticket at once.
func (s *triageScreen) saveAndNext() tea.Cmd {
	t := s.current()
	if t == nil {
		return nil
	}
	var cmd tea.Cmd
	if !s.draft.Empty() {
		cmd = writeCmd(s.ctx, t.ID, t.Version, change{kind: "patch", patch: s.draft})
		// The ticket leaves triage: drop it from the list.
		s.list = append(s.list[:s.index], s.list[s.index+1:]...)
		s.draft = tickets.Patch{}
	} else {
		s.index++
	}
	return tea.Batch(cmd, s.maybeFetch())
}

func (s *triageScreen) move(d int) {
	s.index = clamp(s.index+d, 0, len(s.list)-1)
	s.draft = tickets.Patch{}
}

func (s *triageScreen) maybeFetch() tea.Cmd {
	if s.loading || s.next == "" || s.index < len(s.list)-prefetchMargin {
		return nil
	}
	return s.fetch(s.next)
}

// preview is the ticket as it will be once the draft is saved.
func (s *triageScreen) preview(t tickets.Ticket) tickets.Ticket {
	d := s.draft
	if d.Category != nil {
		t.Category = *d.Category
	}
	if d.Urgency != nil {
		t.Urgency = *d.Urgency
	}
	if d.Impact != nil {
		t.Impact = *d.Impact
	}
	if d.Assignee != nil {
		t.Assignee = *d.Assignee
	}
	if d.Status != nil {
		t.Status = *d.Status
	}
	t.Tags = append(append([]string(nil), t.Tags...), d.AddTags...)
	if !t.Major {
		t.Priority = tickets.ComputePriority(t.Urgency, t.Impact)
	}
	return t
}

func (s *triageScreen) View() string {
	st, tr := s.ctx.Styles, s.ctx.T
	cur := s.current()
	if cur == nil {
		if s.loading {
			return st.Muted.Render(tr.T("loading"))
		}
		return st.Title.Render(tr.T("triage.done")) + "\n" + st.Muted.Render(tr.F("triage.saved", s.saved))
	}
	w := s.width
	p := s.preview(*cur)
	var lines []string
	more := ""
	if s.next != "" {
		more = "+"
	}
	lines = append(lines, st.Title.Render(text.Truncate(fmt.Sprintf("%s %d/%d%s · #%d %s",
		tr.T("screen.triage"), s.index+1, len(s.list), more, cur.ID, text.SanitizeLine(cur.Title)), w)))
	lines = append(lines, packSegments([]string{
		field(st, tr.T("field.requester"), requesterLine(cur.Requester)),
		field(st, tr.T("field.connection"), tr.T("conn."+string(cur.Connection))),
		field(st, tr.T("field.created"), fmtAge(tr, s.ctx.Now().Sub(cur.CreatedAt))),
	}, w, st.Muted.Render(" · "))...)
	descH := max(s.height-len(lines)-10-s.promptHeight(), 2)
	desc := lipgloss.NewStyle().Width(w).Render(text.Sanitize(strings.TrimSpace(cur.Description)))
	lines = append(lines, st.Muted.Render(strings.Repeat("─", w)), firstLines(desc, descH), st.Muted.Render(strings.Repeat("─", w)))

	// Categories as numbered keys, the chosen one marked.
	var cats []string
	for i, c := range s.ctx.Categories {
		if i >= 9 {
			break
		}
		label := fmt.Sprintf("%d %s", i+1, c)
		if c == p.Category {
			label = st.Selected.Render("[" + label + "]")
		}
		cats = append(cats, label)
	}
	lines = append(lines, st.Label.Render(tr.T("field.category")))
	lines = append(lines, packSegments(cats, w, "  ")...)
	changed := func(set bool, s string) string {
		if set {
			return st.Changed.Render(s + "*")
		}
		return s
	}
	d := s.draft
	prio := fmtPriority(tr, p.Priority) + " " + tr.T(fmt.Sprintf("prio.%d", p.Priority))
	if p.Priority != cur.Priority {
		prio = st.Changed.Render(fmtPriority(tr, cur.Priority)+" → ") + st.priority(p.Priority).Render(prio)
	}
	assignee := p.Assignee
	if assignee == "" {
		assignee = tr.T("nobody")
	}
	lines = append(lines, packSegments([]string{
		field(st, tr.T("field.urgency"), "") + changed(d.Urgency != nil, fmt.Sprint(p.Urgency)),
		field(st, tr.T("field.impact"), "") + changed(d.Impact != nil, fmt.Sprint(p.Impact)),
		field(st, tr.T("field.priority"), "") + prio,
		field(st, tr.T("field.assignee"), "") + changed(d.Assignee != nil, text.SanitizeLine(assignee)),
		field(st, tr.T("field.status"), "") + changed(d.Status != nil, fmtStatus(tr, p.Status)),
		field(st, tr.T("field.tags"), "") + changed(len(d.AddTags)+len(d.RemoveTags) > 0, text.SanitizeLine(strings.Join(p.Tags, ","))),
	}, w, st.Muted.Render(" · "))...)
	if s.prompt != nil {
		lines = append(lines, s.prompt.view(st, tr))
	}
	return strings.Join(lines, "\n")
}

func (s *triageScreen) promptHeight() int {
	if s.prompt == nil {
		return 0
	}
	return s.prompt.height()
}
