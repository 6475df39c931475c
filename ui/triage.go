package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
)

// Triage steps through the untriaged tickets (new, unassigned) one at a
// time. Single keys change a draft (category 1–9, urgency u/U, impact i/I);
// the priority is recomputed on screen as you go; enter saves and the next
// ticket comes up at once (the list is already in memory, the save runs in
// the background). m assigns to me, saves and moves on: one key. Only enter,
// m and n/→ move on (the footer and the help say so); a assigns without
// moving. Saved tickets stay in the session's list: p/← goes back to fix
// one, and the footer says what each save did ("#369 → ndiallo,
// Réseau/VPN, P3"). What decides a ticket is shown with it: the suggested
// tutorial, similar tickets of the week and the recurrence badge.

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
		AssignMe:    bind(t, "triage.me", "m", "m"),
		Assign:      bind(t, "assign", "a", "a"),
		Tag:         bind(t, "tag", "t", "t"),
		Status:      bind(t, "status", "s", "s"),
		Save:        bind(t, "triage.save", "enter", "enter"),
		Skip:        bind(t, "skip", "n/→", "n", "right"),
		Prev:        bind(t, "prev", "p/←", "p", "left"),
	}
}

// ShortHelp names the keys that move on (and only them): the footer is
// where a technician learns that a does not.
func (k triageKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Save, k.AssignMe, k.Skip, k.Prev}
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

// triageInfoMsg brings what decides a ticket: the suggested tutorials and
// the similar tickets with the recurrence count.
type triageInfoMsg struct {
	id      int64
	results []kb.Result
	similar tickets.SimilarResult
	err     error
}

// triageInfo is triageInfoMsg kept per ticket.
type triageInfo struct {
	loaded  bool
	results []kb.Result
	similar tickets.SimilarResult
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
	// pending are the tickets whose save is on its way; done says what
	// each save of the session did.
	pending map[int64]bool
	done    map[int64]string
	info    map[int64]*triageInfo

	prompt        *prompt
	width, height int
}

func newTriage(c *Context) *triageScreen {
	return &triageScreen{ctx: c, keys: newTriageKeys(c.T), pending: map[int64]bool{}, done: map[int64]string{}, info: map[int64]*triageInfo{}}
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
		return s.infoCmd()
	case triageInfoMsg:
		s.info[msg.id] = &triageInfo{loaded: true, results: msg.results, similar: msg.similar}
		if msg.err != nil {
			return errStatus(msg.err)
		}
		return nil
	case ticketWriteMsg:
		if !s.pending[msg.id] {
			return nil
		}
		delete(s.pending, msg.id)
		if msg.err == nil {
			if _, again := s.done[msg.id]; !again {
				s.saved++
			}
			s.done[msg.id] = s.savedSummary(msg.ticket)
			s.replace(*msg.ticket)
			return tea.Batch(changedCmd(msg.ticket), status(s.done[msg.id]))
		}
		if msg.conflict() {
			return s.reloadCmd(msg.id, msg.change.patch)
		}
		return errStatus(wordError(s.ctx.T, msg.err))
	case triageReloadedMsg:
		if msg.err != nil {
			return errStatus(msg.err)
		}
		// Show the fresh ticket with the technician's draft: nothing typed
		// is lost, enter applies it again.
		if i := s.replace(*msg.ticket); i >= 0 {
			s.index = i
		}
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

// replace puts the stored version of t in the session's list; it returns
// its index, or -1.
func (s *triageScreen) replace(t tickets.Ticket) int {
	for i := range s.list {
		if s.list[i].ID == t.ID {
			s.list[i] = t
			return i
		}
	}
	return -1
}

// savedSummary is what a save did, for the footer: "#369 → ndiallo,
// Réseau/VPN, P3".
func (s *triageScreen) savedSummary(t *tickets.Ticket) string {
	tr := s.ctx.T
	who := t.Assignee
	if who == "" {
		who = tr.T("nobody")
	}
	parts := []string{text.SanitizeLine(who), text.SanitizeLine(t.Category), fmtPriority(tr, t.Priority)}
	if t.Status != tickets.StatusAssigned && t.Status != tickets.StatusNew {
		parts = append(parts, fmtStatus(tr, t.Status))
	}
	return fmt.Sprintf("#%d → %s", t.ID, strings.Join(parts, ", "))
}

// infoCmd asks what decides the ticket on screen, once per ticket.
func (s *triageScreen) infoCmd() tea.Cmd {
	cur := s.current()
	if cur == nil || s.info[cur.ID] != nil {
		return nil
	}
	s.info[cur.ID] = &triageInfo{}
	t := *cur
	store, kbase, base := s.ctx.Tickets, s.ctx.KB, s.ctx.Base
	return func() tea.Msg {
		msg := triageInfoMsg{id: t.ID}
		if kbase != nil {
			msg.results, msg.err = kbase.Suggest(base, kb.SuggestInput{
				TicketID: t.ID, Title: t.Title, Description: t.Description, Category: t.Category, Tags: t.Tags,
			}, 3)
		}
		sim, err := store.SimilarTo(base, tickets.ProbeOf(&t), similarLimit)
		if err != nil && msg.err == nil {
			msg.err = err
		}
		msg.similar = sim
		return msg
	}
}

func (s *triageScreen) reloadCmd(id int64, draft tickets.Patch) tea.Cmd {
	store, base := s.ctx.Tickets, s.ctx.Base
	return func() tea.Msg {
		t, err := store.Get(base, id)
		return triageReloadedMsg{ticket: t, draft: draft, err: err}
	}
}

func (s *triageScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	k, tr := s.keys, s.ctx.T
	t := s.current()
	if t == nil {
		// At the end, p/← still goes back to the last ticket.
		if key.Matches(msg, k.Prev) && len(s.list) > 0 {
			s.index = len(s.list) - 1
			s.draft = tickets.Patch{}
			return s.infoCmd()
		}
		return nil
	}
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
		return s.infoCmd()
	case key.Matches(msg, k.Prev):
		s.move(-1)
		return s.infoCmd()
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
		// Assigning stays on the ticket: only enter, m and n move on.
		v := res.value
		s.draft.Assignee = &v
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
		s.pending[t.ID] = true
		s.draft = tickets.Patch{}
	}
	// The saved ticket stays in the session's list, for p/← to fix it.
	s.index++
	return tea.Batch(cmd, s.maybeFetch(), s.infoCmd())
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
		return st.Title.Render(tr.T("triage.done")) + "\n" + st.Muted.Render(tr.P("triage.saved", s.saved, s.saved))
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
	if done, ok := s.done[cur.ID]; ok {
		lines = append(lines, st.Success.Render(text.Truncate(tr.F("triage.savedmark", done), w)))
	}
	lines = append(lines, packSegments([]string{
		field(st, tr.T("field.requester"), requesterLine(cur.Requester)),
		field(st, tr.T("field.connection"), tr.T("conn."+string(cur.Connection))),
		field(st, tr.T("field.created"), fmtAge(tr, s.ctx.Now().Sub(cur.CreatedAt))),
	}, w, st.Muted.Render(" · "))...)
	info := s.infoLines(cur, w)
	descH := max(s.height-len(lines)-10-len(info)-s.promptHeight(), 2)
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
	lines = append(lines, info...)
	if s.prompt != nil {
		lines = append(lines, s.prompt.view(st, tr))
	}
	return strings.Join(lines, "\n")
}

// infoLines shows what decides the ticket: the suggested tutorial, the
// similar tickets of the week and the recurrence badge.
func (s *triageScreen) infoLines(cur *tickets.Ticket, w int) []string {
	st, tr := s.ctx.Styles, s.ctx.T
	in := s.info[cur.ID]
	if in == nil || !in.loaded {
		return []string{st.Muted.Render(text.Truncate(tr.T("triage.info"), w))}
	}
	sugg := st.Muted.Render(tr.T("triage.nosuggest"))
	if len(in.results) > 0 {
		r := in.results[0]
		sugg = kindMark(r.Kind) + " " + text.SanitizeLine(r.Title)
	}
	out := []string{text.Truncate(st.Label.Render(tr.T("triage.suggested"))+" "+sugg, w)}
	week := s.ctx.Now().Add(-7 * 24 * time.Hour)
	var sims []string
	for _, sm := range in.similar.Tickets {
		if sm.Ticket.CreatedAt.After(week) {
			sims = append(sims, fmt.Sprintf("#%d %s", sm.Ticket.ID, text.Truncate(text.SanitizeLine(sm.Ticket.Title), 28)))
		}
	}
	simLine := st.Label.Render(tr.T("triage.similar")) + " "
	if len(sims) == 0 {
		simLine += st.Muted.Render(tr.T("triage.nosimilar"))
	} else {
		simLine += strings.Join(sims, st.Muted.Render(" · "))
	}
	if b := s.badge(in); b != "" {
		simLine = b + " " + simLine
	}
	return append(out, text.Truncate(simLine, w))
}

// badge is the recurrence badge, as the ticket screen shows it.
func (s *triageScreen) badge(in *triageInfo) string {
	if in.similar.Recent == 0 {
		return ""
	}
	b := s.ctx.T.P("similar.badge", in.similar.Recent, in.similar.Recent, in.similar.RecentDays)
	if in.similar.Recent >= s.ctx.rule().Count {
		return s.ctx.Styles.Recurring.Render(b)
	}
	return s.ctx.Styles.Muted.Render(b)
}

func (s *triageScreen) promptHeight() int {
	if s.prompt == nil {
		return 0
	}
	return s.prompt.height()
}
