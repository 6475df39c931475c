package ui

import (
	"strings"
	"testing"
)

// ? shows every key of the screen at 80x24, the global ones included
// (esc, :, ?, q, ctrl+c), flowed into the height; q closes the help.
func TestHelpShowsEveryKeyAt80x24(t *testing.T) {
	h := newHarness(t, 80, 24)
	check := func(name string) {
		t.Helper()
		h.press("?")
		lines := h.m.helpLayout()
		if len(lines) > h.m.helpPage() {
			t.Errorf("%s: help needs %d lines, %d fit", name, len(lines), h.m.helpPage())
		}
		v := h.view()
		checkFrame(t, v, 80, 24)
		groups := h.top().Keys().FullHelp()
		for _, g := range groups {
			for _, b := range g {
				if b.Enabled() && !strings.Contains(v, b.Help().Key) {
					t.Errorf("%s: help lacks %q (%s):\n%s", name, b.Help().Key, b.Help().Desc, v)
				}
			}
		}
		for _, k := range []string{"esc", ":", "?", "q", "ctrl+c"} {
			if !strings.Contains(v, k) {
				t.Errorf("%s: help lacks %q:\n%s", name, k, v)
			}
		}
		h.press("q") // closes the help, does not quit
		if h.m.showHelp {
			t.Fatalf("%s: q did not close the help", name)
		}
	}
	check("queue")
	h.openTicket("vpn")
	check("ticket")
	h.press("esc", "t")
	check("triage")
	h.press("esc", "b")
	h.press("tab")
	check("kb")
}

// The help explains the marks: the queue's ! (overdue), ↻ (recurring
// issue), • (marked) and its "Réc." column; the ticket screen's badge.
func TestHelpExplainsMarks(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t, size[0], size[1])
		h.press("?")
		lines := h.m.helpLayout()
		if len(lines) > h.m.helpPage() {
			t.Errorf("%dx%d: queue help needs %d lines, %d fit", size[0], size[1], len(lines), h.m.helpPage())
		}
		h.mustSee("! ", "en retard (SLA dépassé)", "↻ ", "sujet récurrent", "Réc.", "rouge dès 5", "• ", "marqué")
		h.press("q")
		h.openTicket("vpn")
		h.press("?")
		h.mustSee("↻ n", "tickets semblables récents")
	}
	h := newHarness(t, 80, 24, withLang("en"))
	h.press("?")
	h.mustSee("overdue (SLA passed)", "Rec.", "recurring issue", "red from 5")
	h.mustNotSee("retard")
}
