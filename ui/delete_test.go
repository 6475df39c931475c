package ui

import (
	"context"
	"strings"
	"testing"

	"hotline/tickets"
)

// D on a problem created by mistake asks (o/N, visible at 80 columns),
// deletes it, goes back to the list, and its incidents' timelines say it
// was deleted; a technician who did not create it is told who may.
func TestDeleteProblemFromItsScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t, size[0], size[1])
		p := h.seedProblem() // created by marie, the technician acting
		h.press("P", "enter", "D")
		h.mustSee("(o/N)", "Supprimer Pb 1")
		h.press("n")
		if _, err := h.tickets.Problem(context.Background(), p.ID); err != nil {
			t.Fatalf("n deleted the problem: %v", err)
		}
		h.press("D", "o")
		if _, ok := h.top().(*problemsScreen); !ok {
			t.Fatalf("after deleting: %T", h.top())
		}
		if !strings.Contains(h.m.status, "Problème Pb 1 supprimé ; 3 incidents ont perdu ce lien.") {
			t.Errorf("status = %q", h.m.status)
		}
		h.mustNotSee("VPN coupé en partage de connexion")
		h.press("esc")
		h.openTicket("vpn")
		h.mustSee("retiré du problème Pb 1", "problème + Pb 1")
	}
}

func TestDeleteProblemOnlyAdminOrCreator(t *testing.T) {
	h := newHarness(t, 80, 24, func(o *Options) { o.Role = tickets.RoleTechnician })
	if _, err := h.tickets.CreateProblem(context.Background(), tickets.NewProblem{Title: "Imprimantes", TicketIDs: []int64{h.ids["printer"]}}, "karim"); err != nil {
		t.Fatal(err)
	}
	h.press("P", "enter", "D")
	if !strings.Contains(h.m.status, "Seul un admin ou son créateur (karim) peut supprimer ce problème.") {
		t.Errorf("status = %q", h.m.status)
	}
	h.mustNotSee("(o/N)")
	// An admin may.
	h = newHarness(t, 80, 24, func(o *Options) { o.Role = tickets.RoleAdmin })
	if _, err := h.tickets.CreateProblem(context.Background(), tickets.NewProblem{Title: "Imprimantes"}, "karim"); err != nil {
		t.Fatal(err)
	}
	h.press("P", "enter", "D")
	h.mustSee("(o/N)")
}
