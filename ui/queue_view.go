package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"hotline/internal/text"
	"hotline/tickets"
)

// queueColumns are the widths of the table's columns at the current
// terminal width; 0 hides a column. The title takes what is left.
type queueColumns struct {
	id, status, requester, category, title, assignee, tags, recur int
	age, due                                                      int
}

const (
	colSel    = 1 // "›" on the selected row
	colMarkW  = 1 // "•" on a row marked for a bulk action
	colOverW  = 1 // "!" when overdue
	colRecurW = 1 // "↻" when in a recurring cluster
	colPrioW  = 3
	colAgeW   = 4
	colDueW   = 5 // the échéance column: "2h", "-3j"
	colRecW   = 4 // the Réc. column
)

// titleMin is the width the title keeps at width w: 30 cells at 80
// columns, 50 at 120; secondary columns shrink or go first.
func titleMin(w int) int {
	if w <= 80 {
		return w * 3 / 8
	}
	return min(30+(w-80)/2, 60)
}

// measure widens natural to what rows need, so columns are no wider than
// their content and the title gets the rest. Done when rows arrive, never
// in View.
func (q *queueScreen) measure(rows []tickets.Ticket) {
	n := &q.natural
	for i := range rows {
		t := &rows[i]
		n.requester = max(n.requester, text.Width(text.SanitizeLine(requesterLine(t.Requester))))
		n.category = max(n.category, text.Width(text.SanitizeLine(t.Category)))
		n.assignee = max(n.assignee, text.Width(text.SanitizeLine(t.Assignee)))
		n.tags = max(n.tags, text.Width(text.SanitizeLine(strings.Join(t.Tags, ","))))
	}
}

// layoutQueue sizes the columns for width w: each optional column is at
// most its cap at this width and at least its header, shrunk to what the
// loaded rows need; the title takes every remaining cell.
func layoutQueue(w int, natural queueColumns, t Catalogue, recur, due bool) queueColumns {
	c := queueColumns{id: 7, status: 10, age: colAgeW}
	var capReq, capCat, capAsg, capTags int
	switch {
	case w >= 120:
		capReq, capCat, capAsg, capTags = 22, 14, 10, 14
	case w >= 100:
		capReq, capCat, capAsg = 20, 12, 10
	default:
		capReq, capCat = 15, 10
	}
	fit := func(need, limit int, header string) int {
		if limit == 0 {
			return 0
		}
		return clamp(need, min(text.Width(t.T(header)), limit), limit)
	}
	c.requester = fit(natural.requester, capReq, "col.requester")
	c.category = fit(natural.category, capCat, "col.category")
	c.assignee = fit(natural.assignee, capAsg, "col.assignee")
	c.tags = fit(natural.tags, capTags, "col.tags")
	if recur {
		c.recur = colRecW
	}
	if due {
		c.due = colDueW
	}
	title := func() int {
		fixed := colSel + colMarkW + colOverW + colRecurW + c.id + colPrioW + c.status + c.requester + c.category
		gaps := 5 // id prio status requester category title: 6 cells, 5 gaps
		for _, x := range []int{c.age, c.due, c.assignee, c.tags, c.recur} {
			if x > 0 {
				fixed += x
				gaps++
			}
		}
		return w - fixed - gaps
	}
	// Secondary columns give way, in this order, until the title is
	// readable.
	shrink := []func(){
		func() { c.tags = 0 },
		func() { c.requester = min(c.requester, 14) },
		func() { c.category = min(c.category, 10) },
		func() {
			if c.due > 0 {
				c.age = 0 // the time left says more than the age
			}
		},
		func() { c.status = 8 },
		func() { c.requester = min(c.requester, 10) },
		func() { c.category = min(c.category, 7) },
		func() { c.assignee = 0 },
		func() { c.id = 6 },
	}
	for _, f := range shrink {
		if title() >= titleMin(w) {
			break
		}
		f()
	}
	c.title = max(title(), 8)
	return c
}

func (q *queueScreen) View() string {
	if q.prompt != nil {
		// The bulk action's question takes the bottom lines.
		return fitBlock(q.listView(), q.width, max(q.height-q.prompt.height(), 1)) + "\n" + q.prompt.view(q.ctx.Styles, q.ctx.T)
	}
	return q.listView()
}

func (q *queueScreen) listView() string {
	var b strings.Builder
	b.WriteString(q.tabsView())
	b.WriteByte('\n')
	b.WriteString(q.filterLine())
	b.WriteByte('\n')
	cols := layoutQueue(q.width, q.natural, q.ctx.T, q.showRecur, q.showDue())
	if q.filtering && q.tags.active() {
		// The tags matching what is typed after tag: take the header's line.
		b.WriteString(q.tags.view(q.ctx.Styles, q.ctx.T, q.width))
	} else {
		b.WriteString(q.ctx.Styles.Header.Render(q.headerRow(cols)))
	}
	h := q.bodyHeight()
	if len(q.rows) == 0 {
		b.WriteByte('\n')
		switch {
		case q.loading:
			b.WriteString(q.ctx.Styles.Muted.Render("  " + q.ctx.T.T("loading")))
		case q.err != nil:
			b.WriteString(q.ctx.Styles.Error.Render("  " + text.SanitizeLine(wordError(q.ctx.T, q.err).Error())))
		default:
			b.WriteString(q.ctx.Styles.Muted.Render("  " + q.ctx.T.T("queue.empty")))
		}
		return b.String()
	}
	now := q.ctx.Now()
	end := min(q.offset+h, len(q.rows))
	for i := q.offset; i < end; i++ {
		b.WriteByte('\n')
		b.WriteString(q.row(&q.rows[i], cols, i == q.cursor, now))
	}
	return b.String()
}

func (q *queueScreen) headerRow(c queueColumns) string {
	t := q.ctx.T
	parts := []string{
		"    " + cell(t.T("col.id"), c.id),
		cell(t.T("col.prio"), colPrioW),
		cell(t.T("col.status"), c.status),
	}
	if c.age > 0 {
		parts = append(parts, cell(t.T("col.age"), c.age))
	}
	if c.due > 0 {
		parts = append(parts, cell(t.T("col.due"), c.due))
	}
	if c.recur > 0 {
		parts = append(parts, cell(t.T("col.recur"), c.recur))
	}
	parts = append(parts,
		cell(t.T("col.requester"), c.requester),
		cell(t.T("col.category"), c.category),
		cell(t.T("col.title"), c.title),
	)
	if c.assignee > 0 {
		parts = append(parts, cell(t.T("col.assignee"), c.assignee))
	}
	if c.tags > 0 {
		parts = append(parts, cell(t.T("col.tags"), c.tags))
	}
	return padRight(strings.Join(parts, " "), q.width)
}

// row is a ticket's line, drawn again only when something it shows
// changed: every frame draws every visible row, and a move draws two rows
// differently. The key holds everything renderRow reads, as shown (texts,
// not versions), so a row is never stale; three screens of rows at most
// (memory per SSH session), then it starts again.
func (q *queueScreen) row(tk *tickets.Ticket, c queueColumns, selected bool, now time.Time) string {
	t := q.ctx.T
	var k strings.Builder
	k.Grow(256)
	field := func(s string) { k.WriteString(s); k.WriteByte(0) }
	field(strconv.FormatInt(tk.ID, 10))
	field(fmt.Sprint(c, q.width, selected, openElsewhere(q.ctx, tk.ID) != "", q.marked[tk.ID], tk.Overdue(now), q.recurring[tk.ID], tk.Priority))
	field(fmtStatus(t, tk.Status))
	if c.age > 0 {
		field(fmtAge(t, now.Sub(tk.CreatedAt)))
	}
	if c.due > 0 {
		field(q.dueCell(tk, c.due, selected, now))
	}
	if c.recur > 0 {
		n, ok := q.recur[tk.ID]
		field(fmt.Sprint(n, ok, ok && n >= q.ctx.rule().Count))
	}
	field(requesterLine(tk.Requester))
	field(tk.Category)
	field(tk.Title)
	field(tk.Assignee)
	field(strings.Join(tk.Tags, ","))
	key := k.String()
	if line, ok := q.rowCache[key]; ok {
		return line
	}
	line := q.renderRow(tk, c, selected, now)
	if q.rowCache == nil || len(q.rowCache) >= max(64, 3*q.bodyHeight()) {
		q.rowCache = map[string]string{}
	}
	q.rowCache[key] = line
	return line
}

// renderRow renders one ticket. The selected row is styled as a whole (reverse in
// monochrome) and also marked with "›"; other rows colour the priority,
// the overdue and recurring marks. A row marked for a bulk action has "•".
func (q *queueScreen) renderRow(tk *tickets.Ticket, c queueColumns, selected bool, now time.Time) string {
	st, t := q.ctx.Styles, q.ctx.T
	sel, mark, over, recur := " ", " ", " ", " "
	if selected {
		sel = "›"
	} else if openElsewhere(q.ctx, tk.ID) != "" {
		sel = "◉" // open in another interface
	}
	if q.marked[tk.ID] {
		mark = "•"
	}
	if tk.Overdue(now) {
		over = "!"
	}
	if q.recurring[tk.ID] {
		recur = "↻"
	}
	prio := cell(fmtPriority(t, tk.Priority), colPrioW)
	rest := []string{
		cell(fmtStatus(t, tk.Status), c.status),
	}
	if c.age > 0 {
		rest = append(rest, cell(fmtAge(t, now.Sub(tk.CreatedAt)), c.age))
	}
	if c.due > 0 {
		rest = append(rest, q.dueCell(tk, c.due, selected, now))
	}
	if c.recur > 0 {
		n, ok := q.recur[tk.ID]
		v := "…"
		if ok {
			v = fmt.Sprint(n)
		}
		v = fmt.Sprintf("%*s", c.recur, v)
		if ok && n >= q.ctx.rule().Count && !selected {
			v = st.Recurring.Render(v)
		}
		rest = append(rest, v)
	}
	rest = append(rest,
		cell(requesterLine(tk.Requester), c.requester),
		cell(tk.Category, c.category),
		cell(tk.Title, c.title),
	)
	if c.assignee > 0 {
		rest = append(rest, cell(tk.Assignee, c.assignee))
	}
	if c.tags > 0 {
		rest = append(rest, cell(strings.Join(tk.Tags, ","), c.tags))
	}
	id := cell(fmt.Sprintf("#%d", tk.ID), c.id)
	if selected {
		line := sel + mark + over + recur + id + " " + prio + " " + strings.Join(rest, " ")
		return st.Selected.Render(padRight(line, q.width))
	}
	if over != " " {
		over = st.Overdue.Render(over)
	}
	if recur != " " {
		recur = st.Recurring.Render(recur)
	}
	if mark != " " {
		mark = st.Label.Render(mark)
	}
	return sel + mark + over + recur + id + " " + st.priority(tk.Priority).Render(prio) + " " + strings.Join(rest, " ")
}

// tabsView renders the views with their counts. When they do not all fit
// (80 columns, saved views), it shows a window of tabs that holds the active
// one, with « and » saying that more are hidden on that side.
func (q *queueScreen) tabsView() string {
	st := q.ctx.Styles
	tabs := make([]string, len(q.views))
	widths := make([]int, len(q.views))
	for i, v := range q.views {
		label := v.title + " " + fmtCount(q.counts[i])
		if i == q.active {
			tabs[i] = st.TabActive.Render(label)
		} else {
			tabs[i] = st.TabInactive.Render(label)
		}
		widths[i] = text.Width(tabs[i])
	}
	start, end := tabWindow(widths, q.active, q.width)
	var b strings.Builder
	if start > 0 {
		b.WriteString(st.Muted.Render("«"))
	}
	b.WriteString(strings.Join(tabs[start:end], ""))
	if end < len(tabs) {
		b.WriteString(st.Muted.Render("»"))
	}
	return b.String()
}

// tabWindow picks the tabs [start, end) to show in w cells: all of them if
// they fit, else as many as fit around active, keeping a cell for each «/»
// hint.
func tabWindow(widths []int, active, w int) (start, end int) {
	total := 0
	for _, x := range widths {
		total += x
	}
	if total <= w {
		return 0, len(widths)
	}
	room := func(s, e int) int {
		n := 0
		for _, x := range widths[s:e] {
			n += x
		}
		if s > 0 {
			n++
		}
		if e < len(widths) {
			n++
		}
		return n
	}
	// The first tabs stay put while the active one is among them; past
	// them, the window slides just enough.
	start = 0
	for start < active && room(start, active+1) > w {
		start++
	}
	end = active + 1
	for end < len(widths) && room(start, end+1) <= w {
		end++
	}
	return start, end
}

func (q *queueScreen) filterLine() string {
	st := q.ctx.Styles
	if q.filtering {
		return q.filter.View()
	}
	var s string
	if q.applied != "" {
		s = st.Label.Render("/ ") + text.SanitizeLine(q.applied)
	} else {
		s = st.Muted.Render(q.ctx.T.T("queue.filter.hint"))
	}
	if q.loading {
		s += "  " + q.spinner.View()
	}
	if pos := q.position(); pos != "" {
		gap := q.width - text.Width(s) - text.Width(pos) - 1
		s += strings.Repeat(" ", max(gap, 1)) + st.Muted.Render(pos)
	}
	return s
}
