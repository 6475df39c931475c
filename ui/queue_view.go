package ui

import (
	"time"

	"fmt"
	"strings"

	"hotline/internal/text"
	"hotline/tickets"
)

// queueColumns are the widths of the table's columns at the current
// terminal width; 0 hides a column. The title takes what is left.
type queueColumns struct {
	id, status, requester, category, title, assignee, tags int
}

const (
	colSel   = 1 // "›" on the selected row
	colOverW = 1 // "!" when overdue
	colPrioW = 3
	colAgeW  = 4
)

func layoutQueue(w int) queueColumns {
	c := queueColumns{id: 7, status: 10}
	switch {
	case w >= 120:
		c.requester, c.category, c.assignee, c.tags = 22, 14, 10, 14
	case w >= 100:
		c.requester, c.category, c.assignee = 20, 12, 10
	default:
		c.requester, c.category = 15, 10
	}
	fixed := colSel + colOverW + c.id + colPrioW + c.status + colAgeW + c.requester + c.category + c.assignee + c.tags
	gaps := 7
	if c.assignee > 0 {
		gaps++
	}
	if c.tags > 0 {
		gaps++
	}
	c.title = max(w-fixed-gaps, 8)
	return c
}

func (q *queueScreen) View() string {
	var b strings.Builder
	b.WriteString(q.tabsView())
	b.WriteByte('\n')
	b.WriteString(q.filterLine())
	b.WriteByte('\n')
	cols := layoutQueue(q.width)
	b.WriteString(q.ctx.Styles.Header.Render(q.headerRow(cols)))
	h := q.bodyHeight()
	if len(q.rows) == 0 {
		b.WriteByte('\n')
		switch {
		case q.loading:
			b.WriteString(q.ctx.Styles.Muted.Render("  " + q.ctx.T.T("loading")))
		case q.err != nil:
			b.WriteString(q.ctx.Styles.Error.Render("  " + text.SanitizeLine(q.err.Error())))
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
		" " + " " + cell(t.T("col.id"), c.id),
		cell(t.T("col.prio"), colPrioW),
		cell(t.T("col.status"), c.status),
		cell(t.T("col.age"), colAgeW),
		cell(t.T("col.requester"), c.requester),
		cell(t.T("col.category"), c.category),
		cell(t.T("col.title"), c.title),
	}
	if c.assignee > 0 {
		parts = append(parts, cell(t.T("col.assignee"), c.assignee))
	}
	if c.tags > 0 {
		parts = append(parts, cell(t.T("col.tags"), c.tags))
	}
	return padRight(strings.Join(parts, " "), q.width)
}

// row renders one ticket. The selected row is styled as a whole (reverse in
// monochrome) and also marked with "›"; other rows colour the priority
// and the overdue mark.
func (q *queueScreen) row(tk *tickets.Ticket, c queueColumns, selected bool, now time.Time) string {
	st, t := q.ctx.Styles, q.ctx.T
	mark, over := " ", " "
	if selected {
		mark = "›"
	}
	if tk.Overdue(now) {
		over = "!"
	}
	prio := cell(fmtPriority(t, tk.Priority), colPrioW)
	rest := []string{
		cell(fmtStatus(t, tk.Status), c.status),
		cell(fmtAge(t, now.Sub(tk.CreatedAt)), colAgeW),
		cell(requesterLine(tk.Requester), c.requester),
		cell(tk.Category, c.category),
		cell(tk.Title, c.title),
	}
	if c.assignee > 0 {
		rest = append(rest, cell(tk.Assignee, c.assignee))
	}
	if c.tags > 0 {
		rest = append(rest, cell(strings.Join(tk.Tags, ","), c.tags))
	}
	id := cell(fmt.Sprintf("#%d", tk.ID), c.id)
	if selected {
		line := mark + over + id + " " + prio + " " + strings.Join(rest, " ")
		return st.Selected.Render(padRight(line, q.width))
	}
	if over != " " {
		over = st.Overdue.Render(over)
	}
	return mark + over + id + " " + st.priority(tk.Priority).Render(prio) + " " + strings.Join(rest, " ")
}

// tabsView renders the views with their counts, scrolled so the active tab
// is always visible on a narrow terminal.
func (q *queueScreen) tabsView() string {
	st := q.ctx.Styles
	tabs := make([]string, len(q.views))
	for i, v := range q.views {
		label := v.title + " " + fmtCount(q.counts[i])
		if i == q.active {
			tabs[i] = st.TabActive.Render(label)
		} else {
			tabs[i] = st.TabInactive.Render(label)
		}
	}
	start := 0
	for start < q.active && text.Width(strings.Join(tabs[start:q.active+1], "")) > q.width-2 {
		start++
	}
	line := strings.Join(tabs[start:], "")
	if start > 0 {
		line = "‹" + line
	}
	return line
}

func (q *queueScreen) filterLine() string {
	st := q.ctx.Styles
	if q.filtering {
		return q.filter.View(q.ctx.Styles)
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
	return s
}
