package ui

import (
	"strings"
	"testing"

	"hotline/tickets"
)

// Every save says what it did; p/← goes back to a saved ticket to fix it;
// a assigns without moving on; the help names the keys that move on.
func TestTriageSaysWhatItSavedAndGoesBack(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.press("t")
	tr := h.top().(*triageScreen)
	first := tr.current().ID
	h.press("3", "m")
	if !strings.Contains(h.m.status, "#1 → marie, Réseau/VPN, P4") || h.m.statusErr {
		t.Fatalf("footer after m = %q", h.m.status)
	}
	if tr.current().ID == first {
		t.Fatal("m did not move on")
	}
	h.press("p")
	if tr.current().ID != first {
		t.Fatalf("p went to #%d, want the saved #%d", tr.current().ID, first)
	}
	h.mustSee("✓ enregistré : #1 → marie, Réseau/VPN, P4")
	// Fix it: another category, assigned to karim with a; a stays.
	h.press("4", "a", "karim", "enter")
	if tr.current().ID != first {
		t.Fatal("a moved on by itself")
	}
	h.press("enter")
	tk := h.ticket("vpn")
	if tk.Assignee != "karim" || tk.Category != "Matériel" {
		t.Fatalf("fixed ticket = %s %s", tk.Assignee, tk.Category)
	}
	if !strings.Contains(h.m.status, "#1 → karim, Matériel") {
		t.Fatalf("footer = %q", h.m.status)
	}
	// The help says which keys move on.
	h.press("?")
	h.mustSee("enreg. et suivant", "à moi et suivant", "passer", "précédent")
}

// Triage shows what decides a ticket: the suggested tutorial, the similar
// tickets of the week and the recurrence badge.
func TestTriageShowsSuggestionSimilarAndBadge(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.addRecurringVPN(5)
	h.press("t")
	tr := h.top().(*triageScreen)
	if tr.current().ID != h.ids["vpn"] {
		t.Fatalf("triage starts on #%d", tr.current().ID)
	}
	h.mustSee("Tutoriel suggéré :", "Vidéo", "Similaires cette semaine :", "VPN coupe encore", "↻ 5 similaires")
}

// "assigned" with nobody is refused in the interface with the reason in
// French.
func TestStatusAssignedWithNobodyIsRefused(t *testing.T) {
	h := newHarness(t, 100, 30)
	s := h.openTicket("wifi")
	h.press("s", "a")
	if tk := h.ticket("wifi"); tk.Status != tickets.StatusNew {
		t.Fatalf("status = %s", tk.Status)
	}
	if !h.m.statusErr || !strings.Contains(h.m.status, "« Assigné » demande quelqu'un") {
		t.Fatalf("footer = %q", h.m.status)
	}
	_ = s
}
