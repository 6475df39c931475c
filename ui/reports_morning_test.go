package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/app/report"
	"hotline/tickets"
)

// enter on a recurring issue opens its tickets above the report; esc comes
// back to the report as it was (period and selection kept).
func TestReportsEnterOpensTicketsAndEscReturns(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.addRecurringVPN(5)
	h.seedProblem()
	h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
	h.press("r", "2") // 10 weeks
	rs := h.top().(*reportsScreen)
	if rs.report == nil || len(rs.report.Clusters) == 0 {
		t.Fatal("no recurring issue in the report")
	}
	h.press("j")
	sel, period := rs.selected, rs.period
	h.press("enter")
	q, ok := h.top().(*queueScreen)
	if !ok || len(q.rows) == 0 {
		t.Fatalf("enter opened %T", h.top())
	}
	h.mustSee("Tickets : ")
	h.press("esc")
	if h.top() != rs || rs.selected != sel || rs.period != period {
		t.Fatalf("esc came back to %T, selection %d (was %d), period %d (was %d)", h.top(), rs.selected, sel, rs.period, period)
	}
	if h.queue().applied != "" {
		t.Fatal("the home queue's filter was changed")
	}
}

// With nothing behind them, figures show "—", not "0 %" or "0 min".
func TestReportFiguresWithNothingShowADash(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.press("r")
	rs := h.top().(*reportsScreen)
	now := fixedNow
	h.send(reportMsg{seq: rs.seq, report: &report.Report{GeneratedAt: now, From: now.Add(-28 * 24 * time.Hour), To: now,
		Stats: &tickets.Stats{}, Rule: tickets.DefaultRecurringRule}})
	v := h.view()
	if strings.Contains(v, " 0 %") || !strings.Contains(v, "déflexion —") || !strings.Contains(v, "médiane —") {
		t.Fatalf("empty report:\n%s", v)
	}
}
