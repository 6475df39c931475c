package ui

import (
	"testing"

	"hotline/internal/live"
)

// The live plumbing's own messages (a signal heard, the next wait armed)
// show nothing: the frame before them is given again without drawing it;
// what they bring (presence, a reload) is drawn.
func TestLiveSignalsDrawNothingNew(t *testing.T) {
	h := newHarness(t, 100, 30)
	before := h.view()
	n := h.m.renders
	for _, msg := range []any{liveArmMsg{}, liveMsg{kind: live.Data}} {
		h.m.Update(msg) // the commands they return are the hub's waits
		if got := h.view(); got != before || h.m.renders != n {
			t.Fatalf("after %T: %d frames rendered (want %d), same frame: %v", msg, h.m.renders, n, got == before)
		}
	}
	h.send(presenceMsg{viewers: []live.Viewer{{Session: 99, Login: "nadia", Name: "Nadia Benali", Ticket: h.queue().rows[1].ID}}})
	if got := h.view(); got == before || h.m.renders != n+1 {
		t.Fatalf("a colleague's presence: %d frames rendered (want %d), frame changed: %v", h.m.renders, n+1, got != before)
	}
	// A screen changed between two messages (as tests do) is drawn at
	// the next look.
	h.m.Update(liveArmMsg{})
	shown := h.view()
	h.queue().cursor = 1
	if got := h.view(); got == shown || h.m.renders != n+2 {
		t.Fatalf("the look after a screen changed: %d frames rendered (want %d), frame changed: %v", h.m.renders, n+2, got != shown)
	}
}
