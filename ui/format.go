package ui

import (
	"fmt"
	"strings"
	"time"

	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
)

// fmtAge is a compact age: 5m, 3h, 2d (2j in French), 6w.
func fmtAge(t Catalogue, d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", max(int(d/time.Minute), 0))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 14*24*time.Hour:
		return fmt.Sprintf("%d%s", int(d/(24*time.Hour)), t.T("unit.day"))
	}
	return fmt.Sprintf("%d%s", int(d/(7*24*time.Hour)), t.T("unit.week"))
}

// fmtCount keeps tab counts short: 999, 12k, 1.0M.
func fmtCount(n int) string {
	switch {
	case n < 0:
		return "…"
	case n < 10000:
		return fmt.Sprint(n)
	case n < 1000000:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprintf("%.1fM", float64(n)/1e6)
}

// fmtStatus is the status in the catalogue's language.
func fmtStatus(t Catalogue, s tickets.Status) string { return t.T("status." + string(s)) }

// fmtPriority is "P3" or "MAJ"/"MAJ" for a major incident.
func fmtPriority(t Catalogue, p int) string {
	if p == tickets.PriorityMajor {
		return t.T("prio.major.short")
	}
	return fmt.Sprintf("P%d", p)
}

// fmtSeconds is m:ss or h:mm:ss for a position in a video.
func fmtSeconds(s float64) string {
	d := int(s)
	if d >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", d/3600, d/60%60, d%60)
	}
	return fmt.Sprintf("%d:%02d", d/60, d%60)
}

// requesterLine is "Name · Service".
func requesterLine(r tickets.Requester) string {
	switch {
	case r.Name == "":
		return r.Service
	case r.Service == "":
		return r.Name
	}
	return r.Name + " · " + r.Service
}

// slaState describes how the ticket stands against its due time.
func slaState(c *Context, t *tickets.Ticket) (string, bool) {
	now := c.Now()
	switch {
	case !t.Status.IsOpen():
		return c.T.T("sla.done"), false
	case t.Status == tickets.StatusPending:
		return c.T.T("sla.paused"), false
	case t.Overdue(now):
		return c.T.F("sla.late", fmtAge(c.T, now.Sub(t.DueAt))), true
	}
	return c.T.F("sla.left", fmtAge(c.T, t.DueAt.Sub(now))), false
}

// highlightSnippet sanitises a search snippet and turns the kb markers into
// the highlight style; markers left unbalanced by a cut are dropped.
func highlightSnippet(s Styles, snippet string) string {
	snippet = text.SanitizeLine(snippet)
	var b strings.Builder
	for {
		i := strings.Index(snippet, kb.SnippetOpen)
		if i < 0 {
			break
		}
		b.WriteString(strings.ReplaceAll(snippet[:i], kb.SnippetClose, ""))
		rest := snippet[i+len(kb.SnippetOpen):]
		j := strings.Index(rest, kb.SnippetClose)
		if j < 0 {
			j = len(rest)
		}
		b.WriteString(s.Highlight.Render(strings.ReplaceAll(rest[:j], kb.SnippetOpen, "")))
		snippet = rest[min(j+len(kb.SnippetClose), len(rest)):]
	}
	b.WriteString(strings.ReplaceAll(snippet, kb.SnippetClose, ""))
	return b.String()
}

// plainSnippet removes the markers (for copied messages).
func plainSnippet(s string) string {
	return strings.NewReplacer(kb.SnippetOpen, "", kb.SnippetClose, "").Replace(s)
}
