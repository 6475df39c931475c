package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"hotline/tickets"
)

// withClock gives the interface a clock the test moves (the stores keep
// the fixed one).
func withClock(now *time.Time) harnessOpt {
	return func(o *Options) { o.Now = func() time.Time { return *now } }
}

// u takes back the session's last change of a ticket within 10 s, as a new
// change in the history; later, or after someone else's change, it refuses
// and says why.
func TestUndoLastChange(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		now := fixedNow
		h := newHarness(t, size[0], size[1], withClock(&now))
		ctx := context.Background()
		h.openTicket("vpn")
		h.press("u")
		if !strings.Contains(h.m.status, "Rien à annuler") {
			t.Fatalf("u with nothing done: status %q", h.m.status)
		}
		before := h.ticket("vpn")
		hist, _ := h.tickets.History(ctx, before.ID)
		h.press("m") // take it: assignee and status
		if tk := h.ticket("vpn"); tk.Assignee != "marie" {
			t.Fatalf("m did not assign: %+v", tk)
		}
		now = now.Add(9 * time.Second)
		h.press("u")
		tk := h.ticket("vpn")
		if tk.Assignee != before.Assignee || tk.Status != before.Status {
			t.Fatalf("after u: assignee %q status %q, want %q %q", tk.Assignee, tk.Status, before.Assignee, before.Status)
		}
		h.mustSee("Modification du n°1 annulée")
		after, _ := h.tickets.History(ctx, before.ID)
		if len(after) < len(hist)+4 {
			t.Errorf("history: %d rows before, %d after; the change and its undo must both stay", len(hist), len(after))
		}
		// Once undone, u does not undo the undo.
		h.press("u")
		if !strings.Contains(h.m.status, "Rien à annuler") {
			t.Errorf("second u: status %q", h.m.status)
		}

		// Too late.
		h.press("m")
		now = now.Add(11 * time.Second)
		h.press("u")
		if !strings.Contains(h.m.status, "Trop tard pour annuler la modification du n°1 : plus de 10 s") {
			t.Errorf("late u: status %q", h.m.status)
		}
		if h.ticket("vpn").Assignee != "marie" {
			t.Error("late u changed the ticket")
		}

		// Someone else changed it since.
		h.press("esc")
		h.openTicket("wifi")
		h.press("m")
		w := h.ticket("wifi")
		cat := "Matériel"
		if _, err := h.tickets.Update(ctx, w.ID, 0, tickets.Patch{Category: &cat}, "karim"); err != nil {
			t.Fatal(err)
		}
		h.press("u")
		if !strings.Contains(h.m.status, "quelqu'un d'autre a modifié le n°") {
			t.Errorf("u after karim's change: status %q", h.m.status)
		}
		if h.ticket("wifi").Assignee != "marie" {
			t.Error("u overwrote karim's version")
		}
	}
}

// u on the queue undoes the last change, whichever ticket it was; on
// another ticket's screen it says which ticket the change was on.
func TestUndoFromQueue(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.openTicket("vpn")
	h.press("m", "esc")
	h.openTicket("wifi")
	h.press("u")
	if !strings.Contains(h.m.status, "votre dernière modification concerne le n°1") {
		t.Errorf("u on another ticket: status %q", h.m.status)
	}
	h.press("esc", "u")
	if tk := h.ticket("vpn"); tk.Assignee != "" {
		t.Errorf("u on the queue: assignee %q", tk.Assignee)
	}
	h.mustSee("Modification du n°1 annulée")
	h = newHarness(t, 80, 24, withLang("en"))
	h.press("u")
	h.mustSee("Nothing to undo")
}
