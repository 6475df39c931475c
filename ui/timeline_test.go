package ui

import (
	"context"
	"strings"
	"testing"

	"hotline/tickets"
)

// The timeline names articles by title, shows a private note unlike a
// public follow-up, wraps history lines at 80 columns and scrolls a new
// entry into view.
func TestTimelineWords(t *testing.T) {
	h := newHarness(t, 80, 24)
	ctx := context.Background()
	id := h.ids["vpn"]
	if err := h.tickets.Link(ctx, id, h.ids["teletravail"], "marie"); err != nil {
		t.Fatal(err)
	}
	if err := h.tickets.Unlink(ctx, id, h.ids["teletravail"], "marie"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.tickets.Comment(ctx, id, "marie", "note interne : voir avec le réseau", true); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Ressources humaines et formation ", 3)
	if _, err := h.tickets.Update(ctx, id, 0, tickets.Patch{Title: &long}, "marie"); err != nil {
		t.Fatal(err)
	}
	s := h.openTicket("vpn")
	raw := s.timelineContent()
	content := strings.Join(strings.Fields(raw), " ") // as read, across wrapped lines
	if strings.Contains(content, "article + ") || !strings.Contains(content, "a lié l'article « Télétravail : préparer son poste »") ||
		!strings.Contains(content, "a délié l'article « Télétravail") {
		t.Fatalf("article lines:\n%s", content)
	}
	if !strings.Contains(content, "┄┄ ") || !strings.Contains(content, "┊ note interne") {
		t.Fatalf("the private note looks like a public follow-up:\n%s", content)
	}
	for _, l := range strings.Split(raw, "\n") {
		if strings.Contains(l, "…") && strings.Contains(l, "titre") {
			t.Fatalf("a history line is cut instead of wrapped: %q", l)
		}
		if textWidth(l) > s.timeline.Width {
			t.Fatalf("line wider than the timeline: %q", l)
		}
	}
	if !strings.Contains(content, "→ "+strings.TrimSpace(long)) {
		t.Fatalf("the long title change lost its end:\n%s", content)
	}
	// A new comment scrolls into view.
	h.press("c", "Pouvez-vous redémarrer la box ?", "ctrl+s")
	if !s.timeline.AtBottom() {
		t.Fatal("the new follow-up is below the visible part of the timeline")
	}
	h.mustSee("Pouvez-vous redémarrer la box ?")
}
