package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
)

// headerLines packs "label value" segments onto lines of at most w cells.
func (s *ticketScreen) headerLines() []string {
	st, t := s.ctx.Styles, s.ctx.T
	w := max(s.mainW-2, 10)
	if s.ticket == nil {
		msg := t.T("loading")
		if s.err != nil {
			msg = text.SanitizeLine(wordError(t, s.err).Error())
		}
		return []string{st.Title.Render(fmt.Sprintf("#%d", s.id)), st.Muted.Render(text.Truncate(msg, w))}
	}
	tk := s.ticket
	title := st.Title.Render(text.Truncate(fmt.Sprintf("#%d %s", tk.ID, text.SanitizeLine(tk.Title)), w))
	if badge := s.badge(); badge != "" {
		title = st.Title.Render(text.Truncate(fmt.Sprintf("#%d %s", tk.ID, text.SanitizeLine(tk.Title)), max(w-text.Width(badge)-1, 10))) + " " + badge
	}
	sla, late := slaState(s.ctx, tk)
	if late {
		sla = st.Overdue.Render(sla)
	}
	assignee := tk.Assignee
	if assignee == "" {
		assignee = t.T("nobody")
	}
	segs := []string{
		field(st, t.T("field.status"), fmtStatus(t, tk.Status)),
		st.priority(tk.Priority).Render(fmtPriority(t, tk.Priority)+" "+t.T(fmt.Sprintf("prio.%d", tk.Priority))) +
			st.Muted.Render(fmt.Sprintf(" U%d I%d", tk.Urgency, tk.Impact)),
		field(st, t.T("field.category"), tk.Category),
		field(st, t.T("field.assignee"), assignee),
		field(st, t.T("field.sla"), "") + sla,
		field(st, t.T("field.requester"), requesterLine(tk.Requester)),
	}
	if tk.Requester.Email != "" {
		segs = append(segs, text.SanitizeLine(tk.Requester.Email))
	}
	if tk.Requester.Phone != "" {
		segs = append(segs, text.SanitizeLine(tk.Requester.Phone))
	}
	segs = append(segs, field(st, t.T("field.connection"), t.T("conn."+string(tk.Connection))))
	if tk.Device != "" {
		segs = append(segs, field(st, t.T("field.device"), tk.Device))
	}
	segs = append(segs, field(st, t.T("field.created"), fmtTime(s.ctx, tk.CreatedAt)+" ("+fmtAge(t, s.ctx.Now().Sub(tk.CreatedAt))+")"))
	if len(tk.Tags) > 0 {
		segs = append(segs, field(st, t.T("field.tags"), strings.Join(tk.Tags, ", ")))
	}
	lines := append([]string{title}, packSegments(segs, w, st.Muted.Render(" · "))...)
	if others := othersLine(s.ctx, s.ctx.Viewers, s.id); others != "" {
		lines = append(lines, st.Warning.Render(text.Truncate(others, w)))
	}
	return lines
}

func field(st Styles, label, value string) string {
	return st.Muted.Render(label+" ") + text.SanitizeLine(value)
}

// packSegments puts segments on lines of at most w cells, cutting a segment
// that alone is wider than a line.
func packSegments(segs []string, w int, sep string) []string {
	var lines []string
	cur := ""
	for _, sg := range segs {
		if text.Width(sg) > w {
			sg = text.Truncate(sg, w)
		}
		switch {
		case cur == "":
			cur = sg
		case text.Width(cur)+text.Width(sep)+text.Width(sg) <= w:
			cur += sep + sg
		default:
			lines = append(lines, cur)
			cur = sg
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func (s *ticketScreen) headerHeight() int { return len(s.headerLines()) }

func fmtTime(c *Context, at time.Time) string { return at.In(c.Loc).Format(c.T.T("time.format")) }

// timelineContent is the description then follow-ups and history in time
// order; it is built when the data or the width changes, never in View.
func (s *ticketScreen) timelineContent() string {
	if s.ticket == nil {
		return ""
	}
	st, t := s.ctx.Styles, s.ctx.T
	w := max(s.timeline.Width, 10)
	wrap := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	b.WriteString(st.Label.Render(t.T("field.description")) + "\n")
	desc := strings.TrimSpace(text.Sanitize(s.ticket.Description))
	if desc == "" {
		desc = st.Muted.Render(t.T("empty"))
	}
	b.WriteString(wrap.Render(desc) + "\n")
	type entry struct {
		at   time.Time
		text string
	}
	var entries []entry
	for _, f := range s.followups {
		kind := t.T("followup.public")
		if f.Private {
			kind = t.T("followup.private")
		}
		if state, ok := s.mailed[f.ID]; ok {
			kind += " · " + t.T("followup.mail."+state)
		}
		if f.Private {
			// A private note looks different at a glance: a dotted rule, the
			// kind in the warning colour, its lines behind a dotted bar.
			head := st.Warning.Render("┄┄ " + fmtTime(s.ctx, f.CreatedAt) + " · " + text.SanitizeLine(f.Author) + " · 🔒 " + kind)
			body := lipgloss.NewStyle().Width(max(w-2, 8)).Render(text.Sanitize(f.Body))
			var lines []string
			for _, l := range strings.Split(body, "\n") {
				lines = append(lines, st.Warning.Render("┊ ")+st.Muted.Render(l))
			}
			entries = append(entries, entry{f.CreatedAt, text.Truncate(head, w) + "\n" + strings.Join(lines, "\n")})
			continue
		}
		head := st.Label.Render("── "+fmtTime(s.ctx, f.CreatedAt)+" · "+text.SanitizeLine(f.Author)) + " " + st.Success.Render(kind)
		entries = append(entries, entry{f.CreatedAt, text.Truncate(head, w) + "\n" + wrap.Render(text.Sanitize(f.Body))})
	}
	for _, c := range s.history {
		if c.Field == "comment" || c.Field == "private comment" {
			continue // the follow-up itself is shown
		}
		line := fmt.Sprintf("· %s %s: %s", fmtTime(s.ctx, c.At), text.SanitizeLine(c.Actor), describeChange(t, c, s.articleTitles))
		// History lines wrap (under their text), never cut at 80 columns.
		wrapped := lipgloss.NewStyle().Width(max(w-2, 8)).Render(line)
		entries = append(entries, entry{c.At, st.Muted.Render(strings.ReplaceAll(wrapped, "\n", "\n  "))})
	}
	// Stable by time: follow-ups were appended first, so at the same second
	// a comment comes before the history lines it caused.
	slices.SortStableFunc(entries, func(a, b entry) int { return a.at.Compare(b.at) })
	for _, e := range entries {
		b.WriteString("\n" + e.text)
	}
	return b.String()
}

func describeChange(t Catalogue, c tickets.Change, articles map[int64]string) string {
	name := t.T("history." + c.Field)
	if id := historyArticleID(c); id != 0 {
		// "article + 34" says nothing: the title says which.
		title := fmt.Sprintf("#%d", id)
		if a, ok := articles[id]; ok {
			title = "« " + text.SanitizeLine(a) + " »"
		}
		if c.New == "" {
			return t.F("history.article.unlinked", title)
		}
		return t.F("history.article.linked", title)
	}
	switch {
	case c.Field == "created":
		return name
	case c.Field == "problem" && c.Old == "":
		return fmt.Sprintf("%s + Pb %s", name, text.SanitizeLine(c.New))
	case c.Field == "problem" && c.New == "":
		return fmt.Sprintf("%s − Pb %s", name, text.SanitizeLine(c.Old))
	case c.Field == "article deleted":
		_, title, _ := strings.Cut(c.Old, " ")
		return t.F("history.articledeleted", text.SanitizeLine(title))
	case c.Field == "problem deleted":
		return t.F("history.problemdeleted", text.SanitizeLine(c.Old))
	case c.Field == "channel":
		ch := text.SanitizeLine(c.New)
		switch c.New {
		case tickets.ChannelPortal, tickets.ChannelAPI, tickets.ChannelMail, tickets.ChannelPhone, tickets.ChannelImport, tickets.ChannelCLI:
			ch = t.T("channel." + c.New)
		}
		return t.F("history.channel", ch)
	case c.Field == "status":
		return fmt.Sprintf("%s %s → %s", name, fmtStatus(t, tickets.Status(c.Old)), fmtStatus(t, tickets.Status(c.New)))
	case c.Old == "":
		return fmt.Sprintf("%s + %s", name, text.SanitizeLine(c.New))
	case c.New == "":
		return fmt.Sprintf("%s − %s", name, text.SanitizeLine(c.Old))
	}
	return fmt.Sprintf("%s %s → %s", name, text.Truncate(text.SanitizeLine(c.Old), 120), text.Truncate(text.SanitizeLine(c.New), 120))
}

func (s *ticketScreen) View() string {
	st := s.ctx.Styles
	mainPane := st.Pane
	sidePane := st.Pane
	if s.focus == paneTimeline {
		mainPane = st.PaneFocused
	} else {
		sidePane = st.PaneFocused
	}
	var main strings.Builder
	main.WriteString(strings.Join(s.headerLines(), "\n"))
	main.WriteByte('\n')
	main.WriteString(mainPane.Width(s.mainW - 2).Height(s.timeline.Height).Render(s.timeline.View()))
	if s.prompt != nil {
		main.WriteString("\n" + s.prompt.view(st, s.ctx.T))
	}
	if s.sideW == 0 {
		return main.String()
	}
	side := sidePane.Width(s.sideW - 2).Height(s.height - 2).Render(s.sideView(s.sideW-2, s.height-2))
	return lipgloss.JoinHorizontal(lipgloss.Top, fitBlock(main.String(), s.mainW, s.height), side)
}

// sideView renders the side pane's visible items with section titles.
func (s *ticketScreen) sideView(w, h int) string {
	st, t := s.ctx.Styles, s.ctx.T
	var lines []string
	cur := 0
	section := ""
	for i, it := range s.side {
		if it.section != section {
			section = it.section
			lines = append(lines, st.Label.Render(t.T("side."+section)))
		}
		var label string
		switch {
		case it.file != nil:
			label = s.attachmentLabel(it.file)
		case it.problem != nil:
			label = fmt.Sprintf("%s %s %s", fmtProblemID(it.problem.ID), fmtProblemStatus(t, it.problem.Status), text.SanitizeLine(it.problem.Title))
		case it.similar != nil:
			label = fmt.Sprintf("%3.0f%% #%d %s", it.similar.Score*100, it.ticket.ID, text.SanitizeLine(it.ticket.Title))
		case it.ticket != nil:
			label = fmt.Sprintf("#%d %s", it.ticket.ID, text.SanitizeLine(it.ticket.Title))
		default:
			label = kindMark(it.article.Kind) + " " + text.SanitizeLine(it.article.Title)
			if it.article.At != nil {
				label += " @" + fmtSeconds(*it.article.At)
			}
		}
		sel := i == s.sideCursor && s.focus == paneSide
		if sel {
			cur = len(lines)
			lines = append(lines, st.Selected.Render(padRight(text.Truncate("›"+label, w), w)))
			if it.reason != "" {
				lines = append(lines, st.Muted.Render(text.Truncate("  "+text.SanitizeLine(it.reason), w)))
			}
		} else {
			lines = append(lines, text.Truncate(" "+label, w))
		}
	}
	if len(s.side) == 0 {
		msg := t.T("side.none")
		if s.ticket != nil && s.suggestedFor != s.ticket.Version {
			msg = t.T("loading")
		}
		lines = append(lines, st.Muted.Render(msg))
	}
	// Keep the cursor visible: drop lines from the top as needed.
	if len(lines) > h {
		start := clamp(cur-h+2, 0, len(lines)-h)
		lines = lines[start : start+h]
	}
	return strings.Join(lines, "\n")
}

func kindMark(k kb.Kind) string {
	if k == kb.KindVideo {
		return "▶"
	}
	return "≡"
}

// badge is the recurrence badge: how many similar tickets arrived in the
// last 30 days, highlighted from the recurrence rule's count.
func (s *ticketScreen) badge() string {
	if s.ticket == nil || s.suggestedFor != s.ticket.Version || s.similar.Recent == 0 {
		return ""
	}
	b := s.ctx.T.P("similar.badge", s.similar.Recent, s.similar.Recent, s.similar.RecentDays)
	if s.similar.Recent >= s.ctx.rule().Count {
		return s.ctx.Styles.Recurring.Render(b)
	}
	return s.ctx.Styles.Muted.Render(b)
}

// historyArticleID is the article a history line links or unlinks, or 0.
func historyArticleID(c tickets.Change) int64 {
	if c.Field != "article" {
		return 0
	}
	v := c.New
	if v == "" {
		v = c.Old
	}
	var id int64
	if _, err := fmt.Sscanf(strings.TrimPrefix(strings.TrimSpace(v), "#"), "%d", &id); err != nil {
		return 0
	}
	return id
}
