package ui

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/app"
	"hotline/internal/text"
	"hotline/tickets"
)

// Queue paging: a page is a keyset query; the next one is asked for when the
// cursor comes within prefetchMargin rows of the end (as gh-dash does).
const (
	queuePageSize  = 100
	prefetchMargin = 20
)

// queueView is one tab: a base filter plus, for saved views, a filter string.
type queueView struct {
	title string
	base  tickets.Filter
	extra string
}

func defaultViews(c *Context) []queueView {
	me, nobody := c.User, ""
	views := []queueView{
		{title: c.T.T("view.triage"), base: tickets.Filter{Statuses: []tickets.Status{tickets.StatusNew}, Assignee: &nobody}},
		{title: c.T.T("view.mine"), base: tickets.Filter{Assignee: &me}},
		{title: c.T.T("view.open")},
		{title: c.T.T("view.pending"), base: tickets.Filter{Statuses: []tickets.Status{tickets.StatusPending}}},
		{title: c.T.T("view.overdue"), base: tickets.Filter{Overdue: true}},
		{title: c.T.T("view.solved"), base: tickets.Filter{Statuses: []tickets.Status{tickets.StatusSolved}}},
		{title: c.T.T("view.all"), base: tickets.Filter{All: true}},
	}
	for _, v := range c.Config.Views {
		views = append(views, queueView{title: text.SanitizeLine(v.Name), extra: v.Filter})
	}
	return views
}

// Indexes of the views the status bar counts.
const (
	viewTriage  = 0
	viewOpen    = 2
	viewOverdue = 4
)

type queueKeys struct {
	navKeys
	Open, NextView, PrevView, Filter, ClearFilter, Apply, Triage, KB, New, Refresh,
	Reports, Problems, Recurrence, Mark, LinkMarked key.Binding
	// Bulk actions on the marked rows (queue_bulk.go).
	MarkAll, ClearMarks, Bulk key.Binding
	// SortDue switches the order to the time left before the SLA; Goto
	// is shown in help (the root handles ":").
	SortDue key.Binding
	// Undo takes back the session's last change of a ticket.
	Undo key.Binding
	// Replies manages the team's canned replies.
	Replies   key.Binding
	filtering bool
}

func newQueueKeys(t Catalogue) queueKeys {
	return queueKeys{
		navKeys:     newNavKeys(t),
		Open:        bind(t, "open", "enter", "enter"),
		NextView:    bind(t, "nextview", "tab", "tab"),
		PrevView:    bind(t, "prevview", "shift+tab", "shift+tab"),
		Filter:      bind(t, "filter", "/", "/"),
		ClearFilter: bind(t, "clearfilter", "esc", "esc"),
		Apply:       bind(t, "apply", "enter", "enter"),
		Triage:      bind(t, "triage", "t", "t"),
		KB:          bind(t, "kb", "b", "b"),
		New:         bind(t, "new", "n", "n"),
		Refresh:     bind(t, "refresh", "ctrl+r/F5", "ctrl+r", "f5"),
		Reports:     bind(t, "reports", "r", "r"),
		Problems:    bind(t, "problems", "P", "P"),
		Recurrence:  bind(t, "recurrence", "R", "R"),
		Mark:        bind(t, "mark", "space/m", " ", "space", "m"),
		MarkAll:     bind(t, "markall", "M", "M"),
		ClearMarks:  bind(t, "clearmarks", "X", "X"),
		Bulk:        bind(t, "bulk", "A", "A"),
		LinkMarked:  bind(t, "linkmarked", "L", "L"),
		SortDue:     bind(t, "sortdue", "o", "o"),
		Undo:        bind(t, "undo", "u", "u"),
		Replies:     bind(t, "replies", "T", "T"),
	}
}

func (k queueKeys) ShortHelp() []key.Binding {
	if k.filtering {
		return []key.Binding{k.Apply, k.ClearFilter}
	}
	return []key.Binding{k.Open, k.NextView, k.Filter, k.Triage, k.KB, k.New, k.Reports, k.Bulk, k.LinkMarked}
}

func (k queueKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.navKeys.list(),
		{k.Open, k.NextView, k.PrevView, k.Filter, k.ClearFilter, k.SortDue, k.Refresh},
		{k.Mark, k.MarkAll, k.ClearMarks, k.Bulk, k.LinkMarked},
		{k.Triage, k.KB, k.New, k.Reports, k.Problems, k.Recurrence, k.Undo, k.Replies},
	}
}

// Messages of the queue, tagged with the generation they answer: a new view
// or filter bumps the generation and late pages of the old one are dropped.
type queuePageMsg struct {
	gen   int
	after string
	page  tickets.Page
	err   error
	// live: the rows loaded so far, read again after others' changes; they
	// replace the rows and the cursor stays on its ticket.
	live bool
}

type queueCountsMsg struct {
	gen           int
	counts        []int
	open, overdue int
	err           error
}

type queueScreen struct {
	ctx   *Context
	keys  queueKeys
	views []queueView

	active   int
	counts   []int
	countGen int
	// countedFor is the filter the tab counts were last asked for: a tab
	// switch does not change them, only a new filter or a change of data
	// does (counting every tab costs a query per tab).
	countedFor *string

	gen     int
	rows    []tickets.Ticket
	next    string
	loading bool
	err     error

	cursor, offset int

	filter    input
	tags      *tagCompleter
	filtering bool
	applied   string

	// Recurrence: the Réc. column (cached by ticket id, visible rows
	// only), the recurring clusters and which loaded rows belong to one.
	showRecur       bool
	recur           map[int64]int
	recurPending    map[int64]bool
	clusters        []tickets.Cluster
	clustersAt      time.Time
	clustersGen     int
	clustersLoading bool
	recurring       map[int64]bool
	// marked rows for a bulk action (link to a problem, queue_bulk.go),
	// with the version each had when marked. Marks stay across pages,
	// tabs and reloads until used or cleared.
	marked    map[int64]bool
	markedVer map[int64]int64
	// prompt is the bulk action's question; bulkBusy: one is running.
	prompt   *prompt
	bulkBusy bool
	// title names a list opened from another screen (a requester's
	// tickets); "" is the home queue.
	title string
	// services are the known services (svc:); byDue orders every tab by
	// the time left; tail: the rows are the view's last page (G).
	services []string
	byDue    bool
	tail     bool
	// kept is the filter applied before typing began (esc puts it back);
	// typeSeq numbers the keystrokes for the as-you-type debounce.
	kept    string
	typeSeq int
	// natural is the width the loaded rows' text needs in each column.
	natural queueColumns
	// rowCache holds rendered rows by what they show (see row).
	rowCache map[string]string

	// lastID is the newest ticket seen (-1: not yet asked), for the "2 new
	// tickets" notice; arrivalsGen drops answers to an older look.
	lastID      int64
	arrivalsGen int

	spinner       spinner.Model
	width, height int
}

func newQueue(c *Context) *queueScreen {
	q := &queueScreen{ctx: c, keys: newQueueKeys(c.T), views: defaultViews(c),
		recur: map[int64]int{}, recurPending: map[int64]bool{}, recurring: map[int64]bool{}, marked: map[int64]bool{}, markedVer: map[int64]int64{}, lastID: -1}
	q.counts = make([]int, len(q.views))
	for i := range q.counts {
		q.counts[i] = -1
	}
	q.filter = newInput(c.Styles, "/ ", 200)
	q.filter.Placeholder = c.T.T("queue.filter.placeholder")
	q.tags = newTagCompleter(c, completeFilter)
	q.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot))
	q.updateKeys()
	return q
}

func (q *queueScreen) Title() string {
	if q.title != "" {
		return q.title
	}
	return q.ctx.T.T("screen.queue")
}
func (q *queueScreen) Keys() help.KeyMap { return q.keys }
func (q *queueScreen) Typing() bool      { return q.filtering || q.prompt != nil }

func (q *queueScreen) SetSize(w, h int) {
	q.width, q.height = w, h
	q.filter.setWidth(max(w-2, 10))
	q.scroll()
}

// Init loads the first page, the tab counts and the known services, and
// notes the newest ticket so that later arrivals can be announced.
func (q *queueScreen) Init() tea.Cmd {
	if q.title != "" { // a list opened from a screen: the home queue announces arrivals
		q.lastID = -1
		return tea.Batch(q.reload(), servicesCmd(q.ctx))
	}
	q.arrivalsGen++
	return tea.Batch(q.reload(), arrivalsCmd(q.ctx, q.arrivalsGen, -1), servicesCmd(q.ctx))
}

// liveReload reads the loaded rows again after others' changes, keeping the
// cursor on its ticket and what is typed in the filter, recounts the tabs
// and announces the tickets that arrived.
func (q *queueScreen) liveReload() tea.Cmd {
	var cmds []tea.Cmd
	if q.lastID >= 0 {
		q.arrivalsGen++
		cmds = append(cmds, arrivalsCmd(q.ctx, q.arrivalsGen, q.lastID))
	}
	f, err := q.currentFilter()
	if err != nil || q.tail {
		// On the last page (G) the rows stay; the counts follow.
		return tea.Batch(append(cmds, q.loadCounts())...)
	}
	q.gen++
	n := min(max(len(q.rows), queuePageSize), tickets.MaxPageSize)
	store, base, gen, sort := q.ctx.Tickets, q.ctx.Base, q.gen, q.sortOf(q.active)
	cmds = append(cmds, func() tea.Msg {
		page, err := store.List(base, f, sort, n, "")
		return queuePageMsg{gen: gen, page: page, err: err, live: true}
	}, q.loadCounts())
	return tea.Batch(cmds...)
}

// replaceRows puts freshly read rows in place, the cursor on the ticket it
// was on (or the same line when that ticket left the view).
func (q *queueScreen) replaceRows(rows []tickets.Ticket, next string) {
	var selID int64
	if t := q.selected(); t != nil {
		selID = t.ID
	}
	top := q.cursor - q.offset
	q.rows, q.next = rows, next
	q.natural = queueColumns{}
	q.measure(rows)
	q.markRecurring(rows)
	for i := range rows {
		if rows[i].ID == selID {
			q.cursor = i
			break
		}
	}
	q.cursor = clamp(q.cursor, 0, max(len(rows)-1, 0))
	q.offset = q.cursor - top
	q.scroll()
	q.updateKeys()
}

// bodyHeight is the number of table rows visible: the screen minus the
// tabs, the filter line and the table header.
func (q *queueScreen) bodyHeight() int { return max(q.height-3, 1) }

// currentFilter is the active view's filter with the typed filter applied.
func (q *queueScreen) currentFilter() (tickets.Filter, error) {
	return q.viewFilter(q.active, q.applied)
}

func (q *queueScreen) viewFilter(i int, typed string) (tickets.Filter, error) {
	v := q.views[i]
	f := v.base
	f.Now = q.ctx.Now()
	var err error
	if v.extra != "" {
		if f, err = parseFilter(v.extra, q.vocab(), f); err != nil {
			return f, err
		}
	}
	if typed != "" {
		return parseFilter(typed, q.vocab(), f)
	}
	return f, nil
}

// reload starts the view from the top: first page and counts.
func (q *queueScreen) reload() tea.Cmd {
	q.gen++
	q.rows, q.next, q.cursor, q.offset, q.tail = nil, "", 0, 0, false
	q.natural = queueColumns{}
	hadErr := q.err != nil
	q.err = nil
	f, err := q.currentFilter()
	if err != nil {
		q.err = err
		q.loading = false
		return tea.Batch(errStatus(err), q.countsIfFilterChanged())
	}
	q.loading = true
	var clear tea.Cmd
	if hadErr {
		clear = status("") // a valid filter clears the error shown
	}
	return tea.Batch(q.fetch(f, ""), q.countsIfFilterChanged(), q.spinner.Tick, clear)
}

// refresh reloads the view and, at once, the clusters and the recurrence
// counts (other tickets may have arrived).
func (q *queueScreen) refresh() tea.Cmd {
	q.countedFor = nil // the data may have changed
	q.recur, q.recurPending = map[int64]int{}, map[int64]bool{}
	return tea.Batch(q.reload(), q.loadClusters(true), servicesCmd(q.ctx))
}

func (q *queueScreen) fetch(f tickets.Filter, after string) tea.Cmd {
	store, base, gen, sort := q.ctx.Tickets, q.ctx.Base, q.gen, q.sortOf(q.active)
	return func() tea.Msg {
		page, err := store.List(base, f, sort, queuePageSize, after)
		return queuePageMsg{gen: gen, after: after, page: page, err: err}
	}
}

// countsIfFilterChanged counts the tabs unless they were counted for the
// filter in force: switching tabs changes no count.
func (q *queueScreen) countsIfFilterChanged() tea.Cmd {
	if q.countedFor != nil && *q.countedFor == q.applied {
		return nil
	}
	if q.filtering {
		return nil // as you type: the rows follow, the tabs are counted on enter
	}
	return q.loadCounts()
}

// loadCounts counts every tab with the typed filter applied, so the tabs
// say where the matching tickets are.
func (q *queueScreen) loadCounts() tea.Cmd {
	applied := q.applied
	q.countedFor = &applied
	q.countGen++
	gen := q.countGen
	filters := make([]*tickets.Filter, len(q.views))
	for i := range q.views {
		if f, err := q.viewFilter(i, q.applied); err == nil {
			filters[i] = &f
		}
	}
	store, base, now := q.ctx.Tickets, q.ctx.Base, q.ctx.Now()
	count := func() tea.Msg {
		msg := queueCountsMsg{gen: gen, counts: make([]int, len(filters))}
		// The status bar's figures stay global: the filter narrows the
		// tabs, not the whole desk.
		var err error
		if msg.open, msg.overdue, err = globalCounts(store, base, now); err != nil {
			msg.err = err
		}
		for i, f := range filters {
			msg.counts[i] = -1
			if f == nil {
				continue
			}
			n, err := store.Count(base, *f)
			if err != nil {
				msg.err = err
				continue
			}
			msg.counts[i] = n
		}
		return msg
	}
	return tea.Batch(count, q.loadClusters(false))
}

func (q *queueScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case queuePageMsg:
		if msg.gen != q.gen {
			return nil
		}
		q.loading = false
		if msg.err != nil {
			q.err = msg.err
			return errStatus(msg.err)
		}
		if msg.live {
			q.err = nil
			q.replaceRows(msg.page.Tickets, msg.page.Next)
			return q.loadRecurrence()
		}
		q.rows = append(q.rows, msg.page.Tickets...)
		q.next = msg.page.Next
		q.markRecurring(msg.page.Tickets)
		q.measure(msg.page.Tickets)
		q.updateKeys()
		return tea.Batch(q.maybeFetchMore(), q.loadRecurrence())
	case clustersMsg:
		if msg.gen != q.clustersGen {
			return nil
		}
		q.clustersLoading = false
		q.clustersAt = q.ctx.Now()
		if msg.err != nil {
			return errStatus(msg.err)
		}
		q.clusters = msg.clusters
		q.markRecurring(q.rows)
		return nil
	case recurMsg:
		for id, n := range msg.counts {
			delete(q.recurPending, id)
			if n >= 0 {
				q.recur[id] = n
			}
		}
		if msg.err != nil {
			return errStatus(msg.err)
		}
		return nil
	case filterQueueMsg:
		q.active = len(q.views) - 1 // all: a recurring issue spans statuses
		for i, v := range q.views {
			if v.base.All && v.extra == "" {
				q.active = i
			}
		}
		q.applied = msg.filter
		q.filter.SetValue(msg.filter)
		q.updateKeys()
		return q.reload()
	case problemLinkedMsg:
		if msg.err == nil && msg.fromQueue {
			q.clearMarks()
		}
		return nil
	case bulkArticleMsg:
		return q.runBulk(app.BulkChange{ArticleID: msg.id})
	case bulkDoneMsg:
		return q.bulkDone(msg)
	case tagsMsg:
		_, cmd := q.tags.update(msg, &q.filter)
		return cmd
	case servicesMsg:
		if msg.err == nil {
			q.services = msg.services
		}
		return nil
	case queueLastMsg:
		if msg.gen != q.gen {
			return nil
		}
		q.loading = false
		if msg.err != nil {
			q.err = msg.err
			return errStatus(msg.err)
		}
		q.rows, q.next = msg.page.Tickets, ""
		q.cursor = max(len(q.rows)-1, 0)
		q.measure(q.rows)
		q.markRecurring(q.rows)
		q.scroll()
		q.updateKeys()
		return q.loadRecurrence()
	case filterTickMsg:
		if !q.filtering || msg.seq != q.typeSeq {
			return nil
		}
		return q.applyTyped(false)
	case dataChangedMsg:
		return q.liveReload()
	case newTicketsMsg:
		if msg.gen != q.arrivalsGen || msg.err != nil {
			return nil
		}
		announce := q.lastID >= 0 && msg.n > 0
		q.lastID = msg.last
		if announce {
			return status(newTicketsNotice(q.ctx.T, msg.n))
		}
		return nil
	case queueCountsMsg:
		if msg.gen == q.countGen {
			q.counts = msg.counts
		}
		return nil
	case ticketChangedMsg:
		unchanged := false
		for i := range q.rows {
			if q.rows[i].ID == msg.ticket.ID {
				// Opening a ticket reports it as loaded: the same version
				// is the same status, assignee and due time, nothing to
				// count again (at 1M tickets the tabs cost 47 ms of CPU
				// each time).
				unchanged = q.rows[i].Version == msg.ticket.Version
				q.rows[i] = msg.ticket
				q.markRecurring(q.rows[i : i+1])
				delete(q.recur, msg.ticket.ID)
			}
		}
		if unchanged {
			return nil
		}
		return q.loadCounts()
	case spinner.TickMsg:
		if !q.loading {
			return nil
		}
		q.spinner, _ = q.spinner.Update(msg)
		return spinnerNext(q.ctx, q.spinner)
	case tea.KeyMsg:
		if q.prompt != nil {
			return q.updatePrompt(msg)
		}
		if q.filtering {
			return q.updateFilter(msg)
		}
		return q.handleKey(msg)
	}
	return nil
}

func (q *queueScreen) updateFilter(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, q.keys.Apply):
		q.filtering = false
		q.filter.Blur()
		if n, ok := ticketNumber(q.filter.Value()); ok {
			// "#370" or "370": go to the ticket, keep the filter as it was.
			q.filter.SetValue(q.kept)
			q.updateKeys()
			if q.applied != q.kept {
				q.applied = q.kept
				return tea.Batch(q.reload(), gotoNumber(q.ctx, n))
			}
			return gotoNumber(q.ctx, n)
		}
		return q.applyTyped(true)
	case key.Matches(msg, q.keys.ClearFilter):
		q.filtering = false
		q.filter.Blur()
		q.filter.SetValue(q.kept)
		q.updateKeys()
		if q.applied != q.kept {
			q.applied = q.kept
			return q.reload()
		}
		return nil
	}
	if used, cmd := q.tags.update(msg, &q.filter); used {
		return cmd
	}
	if q.filter.edit(msg) {
		q.typeSeq++
		seq := q.typeSeq
		return tea.Batch(q.tags.changed(&q.filter),
			q.ctx.Tick(filterDebounce, func(time.Time) tea.Msg { return filterTickMsg{seq: seq} }))
	}
	return nil
}

// applyTyped applies what is typed in the filter: as you type (keep false:
// only a complete filter, errors not shouted) or with enter.
func (q *queueScreen) applyTyped(keep bool) tea.Cmd {
	v := strings.TrimSpace(q.filter.Value())
	if keep {
		q.applied = v
		q.kept = v
		q.updateKeys()
		return q.reload()
	}
	if _, ok := ticketNumber(v); ok || strings.HasSuffix(v, ":") || strings.Count(v, `"`)%2 == 1 || v == q.applied {
		return nil
	}
	if _, err := q.viewFilter(q.active, v); err != nil {
		return nil // not yet a filter: enter will say why
	}
	q.applied = v
	return q.reload()
}

func (q *queueScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := q.handleMorningKey(msg); ok {
		return cmd
	}
	if cmd, ok := q.bulkKey(msg); ok {
		return cmd
	}
	if c, ok := q.keys.move(msg, q.cursor, len(q.rows), q.bodyHeight()); ok {
		q.cursor = c
		q.scroll()
		return tea.Batch(q.maybeFetchMore(), q.loadRecurrence())
	}
	switch {
	case key.Matches(msg, q.keys.Open):
		if t := q.selected(); t != nil {
			return push(newTicketScreen(q.ctx, t.ID))
		}
	case key.Matches(msg, q.keys.NextView):
		q.active = (q.active + 1) % len(q.views)
		return q.reload()
	case key.Matches(msg, q.keys.PrevView):
		q.active = (q.active + len(q.views) - 1) % len(q.views)
		return q.reload()
	case key.Matches(msg, q.keys.Filter):
		q.startFilter("")
		return nil
	case key.Matches(msg, q.keys.ClearFilter):
		q.applied = ""
		q.filter.SetValue("")
		q.updateKeys()
		return q.reload()
	case key.Matches(msg, q.keys.Undo):
		return undoCmd(q.ctx, 0)
	case key.Matches(msg, q.keys.Replies):
		if q.ctx.Replies == nil {
			return errStatus(errors.New(q.ctx.T.T("why.noreplies")))
		}
		return push(newReplyScreen(q.ctx, nil))
	case key.Matches(msg, q.keys.Refresh):
		return q.refresh()
	case key.Matches(msg, q.keys.Reports):
		return push(newReportsScreen(q.ctx))
	case key.Matches(msg, q.keys.Problems):
		return push(newProblemsScreen(q.ctx))
	case key.Matches(msg, q.keys.Recurrence):
		q.showRecur = !q.showRecur
		return q.loadRecurrence()
	case key.Matches(msg, q.keys.Mark):
		return q.toggleMark()
	case key.Matches(msg, q.keys.LinkMarked):
		if ids := q.markedIDs(); len(ids) > 0 {
			return push(newProblemPicker(q.ctx, ids, "", true))
		}
	case key.Matches(msg, q.keys.Triage):
		return push(newTriage(q.ctx))
	case key.Matches(msg, q.keys.KB):
		return push(newKBScreen(q.ctx, nil))
	case key.Matches(msg, q.keys.New):
		return push(newTicketForm(q.ctx))
	}
	return nil
}

// startFilter focuses the filter line.
func (q *queueScreen) startFilter(prefill string) {
	q.filtering = true
	q.kept = q.applied
	if prefill != "" {
		q.filter.SetValue(prefill)
	}
	q.filter.Focus()
	q.filter.CursorEnd()
	q.updateKeys()
}

// maybeFetchMore asks for the next page when the cursor nears the end.
func (q *queueScreen) maybeFetchMore() tea.Cmd {
	if q.loading || q.next == "" || q.cursor < len(q.rows)-prefetchMargin {
		return nil
	}
	f, err := q.currentFilter()
	if err != nil {
		return nil
	}
	q.loading = true
	return tea.Batch(q.fetch(f, q.next), q.spinner.Tick)
}

func (q *queueScreen) scroll() {
	h := q.bodyHeight()
	if q.cursor < q.offset {
		q.offset = q.cursor
	}
	if q.cursor >= q.offset+h {
		q.offset = q.cursor - h + 1
	}
	q.offset = clamp(q.offset, 0, max(len(q.rows)-h, 0))
}

func (q *queueScreen) selected() *tickets.Ticket {
	if q.cursor < 0 || q.cursor >= len(q.rows) {
		return nil
	}
	return &q.rows[q.cursor]
}

// updateKeys disables what does nothing now, so help shows what works.
func (q *queueScreen) updateKeys() {
	k := &q.keys
	k.filtering = q.filtering
	has := len(q.rows) > 0
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Top, &k.Bottom, &k.PageDown, &k.PageUp, &k.Open, &k.Mark} {
		b.SetEnabled(has && !q.filtering)
	}
	for _, b := range []*key.Binding{&k.NextView, &k.PrevView, &k.Filter, &k.Triage, &k.KB, &k.New, &k.Refresh,
		&k.Reports, &k.Problems, &k.Recurrence, &k.SortDue} {
		b.SetEnabled(!q.filtering)
	}
	k.LinkMarked.SetEnabled(!q.filtering && len(q.marked) > 0)
	q.bulkKeysEnabled()
	k.Apply.SetEnabled(q.filtering)
	k.ClearFilter.SetEnabled(q.filtering || q.applied != "")
}
