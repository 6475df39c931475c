package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"hotline/internal/text"
)

// The full help (?): every key of the screen, the global ones last, flowed
// into as many columns as the height needs so that nothing is cut at
// 80x24; when even that does not fit, ↑↓ scroll it. Any other key closes
// it (q too: it never quits from the help).

// helpEntries are the enabled bindings of groups, each "key  what", with
// an empty entry between groups.
func helpEntries(groups [][]key.Binding) [][2]string {
	var out [][2]string
	for _, g := range groups {
		n := 0
		for _, b := range g {
			if !b.Enabled() || b.Help().Key == "" {
				continue
			}
			if n == 0 && len(out) > 0 {
				out = append(out, [2]string{})
			}
			out = append(out, [2]string{b.Help().Key, b.Help().Desc})
			n++
		}
	}
	return out
}

// flowHelp lays entries out in columns of h lines within width w and
// returns the lines, and how many there are before any is cut.
func flowHelp(st Styles, entries [][2]string, w, h int) []string {
	h = max(h, 1)
	keyW, descW := 0, 0
	for _, e := range entries {
		keyW = max(keyW, text.Width(e[0]))
		descW = max(descW, text.Width(e[1]))
	}
	// Columns as narrow as the entries allow, so more fit side by side.
	colW := keyW + 2 + descW
	cols := (len(entries) + h - 1) / h
	if cols*(colW+3) > w && cols > 1 {
		colW = max((w-3*(cols-1))/cols, keyW+8)
	}
	if cols*(colW+3)-3 > w {
		// Even narrow columns do not fit: one column per screen width,
		// scrolled.
		cols = max(w/(colW+3), 1)
	}
	rows := (len(entries) + cols - 1) / cols
	rows = max(rows, min(h, len(entries)))
	lines := make([]string, rows)
	for i, e := range entries {
		c, r := i/rows, i%rows
		if c >= cols {
			// More than fits: continue below (the help then scrolls).
			c, r = cols-1, rows+(i-cols*rows)
			for len(lines) <= r {
				lines = append(lines, strings.Repeat(" ", (cols-1)*(colW+3)))
			}
		}
		cellText := ""
		if e[0] != "" {
			cellText = st.Label.Render(padRight(e[0], keyW)) + "  " + st.Muted.Render(text.Truncate(e[1], colW-keyW-2))
		}
		if c > 0 {
			lines[r] = padRight(lines[r], c*(colW+3))
		}
		lines[r] += cellText
	}
	return lines
}

// helpLayout is the help's lines at the current size.
func (m *Model) helpLayout() []string {
	c := m.ctx
	groups := append(m.top().Keys().FullHelp(), []key.Binding{c.Keys.Back, c.Keys.Goto, c.Keys.Help, c.Keys.Quit, c.Keys.ForceQuit})
	return flowHelp(c.Styles, append(helpEntries(groups), legendEntries(m.top())...), m.width, m.helpPage())
}

// helpPage is how many help lines fit under the title and above the hint.
func (m *Model) helpPage() int { return max(m.height-chrome-2, 1) }

// helpView renders the help from line helpScroll.
func (m *Model) helpView() string {
	c := m.ctx
	lines := m.helpLayout()
	page := m.helpPage()
	from := clamp(m.helpScroll, 0, max(len(lines)-page, 0))
	end := min(from+page, len(lines))
	foot := c.T.T("help.close")
	if len(lines) > page {
		foot = c.T.T("help.scroll")
	}
	head := c.Styles.Title.Render(c.T.F("help.title", m.top().Title()))
	return head + "\n" + strings.Join(lines[from:end], "\n") + "\n" + c.Styles.Muted.Render(text.Truncate(foot, m.width))
}

// legender is a screen whose rows carry marks (!, ↻, a column of counts):
// the help explains them under the keys, so a technician never has to guess
// what a sign means.
type legender interface {
	Legend() [][2]string
}

// legendEntries is the screen's legend as help entries, after an empty
// entry that separates it from the keys.
func legendEntries(s screen) [][2]string {
	l, ok := s.(legender)
	if !ok {
		return nil
	}
	items := l.Legend()
	if len(items) == 0 {
		return nil
	}
	return append([][2]string{{}}, items...)
}

// Legend explains the marks of the queue's rows and its recurrence column.
func (q *queueScreen) Legend() [][2]string {
	t := q.ctx.T
	return [][2]string{
		{"›", t.T("legend.selected")},
		{"◉", t.T("legend.elsewhere")},
		{"•", t.T("legend.marked")},
		{"!", t.T("legend.overdue")},
		{"↻", t.T("legend.cluster")},
		{t.T("col.recur"), t.F("legend.recur", q.ctx.rule().Count)},
	}
}

// Legend explains the ticket screen's recurrence badge.
func (s *ticketScreen) Legend() [][2]string {
	return [][2]string{{"↻ n", s.ctx.T.T("legend.badge")}}
}

// Legend explains the triage screen's recurrence badge.
func (s *triageScreen) Legend() [][2]string {
	return [][2]string{{"↻ n", s.ctx.T.T("legend.badge")}}
}
