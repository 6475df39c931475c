package ui

import (
	"strings"
	"testing"

	"hotline/internal/live"
)

// Rows drawn before are given again while what they show is the same, and
// drawn anew as soon as anything they show changes: a title read again, a
// colleague opening the ticket, the cursor.
func TestQueueRowsDrawnAgainOnlyWhenChanged(t *testing.T) {
	h := newHarness(t, 120, 40)
	q := h.queue()
	h.press("shift+tab") // all
	h.view()
	kept := len(q.rowCache)
	if kept == 0 {
		t.Fatal("no row kept")
	}
	h.view()
	if len(q.rowCache) != kept {
		t.Fatalf("the same screen drawn again: %d rows kept, then %d", kept, len(q.rowCache))
	}
	second := q.rows[1]
	q.rows[1].Title = "Titre relu après une modification"
	h.mustSee("Titre relu après une modification")
	q.rows[1] = second
	h.mustNotSee("Titre relu après une modification")

	h.send(presenceMsg{viewers: []live.Viewer{{Session: 9, Login: "nadia", Name: "Nadia Benali", Ticket: q.rows[1].ID}}})
	if line := strings.Split(h.view(), "\n")[4]; !strings.HasPrefix(line, "◉") {
		t.Fatalf("row open elsewhere: %q", line)
	}
	h.send(presenceMsg{})
	if line := strings.Split(h.view(), "\n")[4]; strings.HasPrefix(line, "◉") {
		t.Fatalf("row no longer open elsewhere: %q", line)
	}
	h.press("j")
	if line := strings.Split(h.view(), "\n")[4]; !strings.Contains(line, "›") {
		t.Fatalf("cursor moved to the second row: %q", line)
	}
}
