package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/tickets"
)

// typeFilter opens the filter, replaces it with s and waits for the
// as-you-type application (the harness runs the debounce tick).
func (h *harness) typeFilter(s string) *queueScreen {
	h.t.Helper()
	h.press("/", "ctrl+u", s)
	return h.queue()
}

// #370 or 370 in the filter, or ":" from any screen, opens the ticket.
func TestGoToATicketByNumber(t *testing.T) {
	h := newHarness(t, 80, 24)
	id := h.ids["printer"]
	h.typeFilter(fmt.Sprintf("#%d", id))
	h.press("enter")
	if s, ok := h.top().(*ticketScreen); !ok || s.id != id {
		t.Fatalf("#%d in the filter opened %T", id, h.top())
	}
	if q := h.queue(); q.applied != "" {
		t.Fatalf("the number stayed as a filter: %q", q.applied)
	}
	h.press("esc")
	h.typeFilter(fmt.Sprint(h.ids["wifi"]))
	h.press("enter")
	if s, ok := h.top().(*ticketScreen); !ok || s.id != h.ids["wifi"] {
		t.Fatalf("a bare number opened %T", h.top())
	}
	// ":" from the ticket screen asks for a number.
	h.press(":")
	h.mustSee("Ticket n° :")
	h.press(fmt.Sprint(h.ids["vpn"]), "enter")
	if s, ok := h.top().(*ticketScreen); !ok || s.id != h.ids["vpn"] {
		t.Fatalf(": opened %T", h.top())
	}
	h.press(":", "9999", "enter")
	if !h.m.statusErr || !strings.Contains(h.m.status, "Pas de ticket n°9999") {
		t.Fatalf("footer = %q", h.m.status)
	}
}

func TestFilterWordsAndErrors(t *testing.T) {
	h := newHarness(t, 120, 40)
	ctx := context.Background()
	for _, svc := range []string{"Eau et assainissement", "Ressources humaines", "Régie des eaux"} {
		if _, err := h.tickets.Create(ctx, tickets.NewTicket{Title: "Ticket " + svc, Description: "d",
			Requester: tickets.Requester{Name: "Agent", Service: svc}, Connection: "home"}, "seed"); err != nil {
			t.Fatal(err)
		}
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
	h.press("shift+tab") // Tous
	q := h.queue()
	titles := func() string {
		var out []string
		for _, r := range q.rows {
			out = append(out, r.Title)
		}
		return strings.Join(out, "|")
	}
	// svc: by folded prefix and words; narrows as you type, enter keeps.
	h.typeFilter("svc:eau")
	if got := titles(); !strings.Contains(got, "Eau et assainissement") || !strings.Contains(got, "Régie des eaux") || strings.Contains(got, "Ressources") {
		t.Fatalf("svc:eau (as typed, before enter) = %s", got)
	}
	h.press("enter")
	if q.applied != "svc:eau" {
		t.Fatalf("applied = %q", q.applied)
	}
	h.typeFilter(`svc:"ressources humaines"`)
	h.press("enter")
	if got := titles(); got != "Ticket Ressources humaines" {
		t.Fatalf(`svc:"ressources humaines" = %s`, got)
	}
	h.typeFilter("svc:regie")
	h.press("enter")
	if got := titles(); got != "Ticket Régie des eaux" {
		t.Fatalf("svc:regie = %s", got)
	}
	// conn: takes the French words of the screens and the codes.
	for _, v := range []string{"maison", "home", "Maison"} {
		h.typeFilter("conn:" + v)
		h.press("enter")
		if q.err != nil || len(q.rows) != 4 {
			t.Fatalf("conn:%s: %v, %d rows", v, q.err, len(q.rows))
		}
	}
	// An unknown key is an error listing the keys; a valid filter clears it.
	h.typeFilter("stauts:attente")
	h.press("enter")
	if q.err == nil || !h.m.statusErr || !strings.Contains(h.m.status, "stauts: ?") || !strings.Contains(h.m.status, "status:") {
		t.Fatalf("unknown key: err %v footer %q", q.err, h.m.status)
	}
	h.typeFilter("conn:bureau")
	h.press("enter")
	if q.err != nil || h.m.status != "" {
		t.Fatalf("the error stayed after a valid filter: %v %q", q.err, h.m.status)
	}
	// esc while typing puts the previous filter back.
	h.typeFilter("svc:eau")
	h.press("esc")
	if q.applied != "conn:bureau" {
		t.Fatalf("esc left %q applied", q.applied)
	}
}

// A filter narrows each tab: it never replaces a tab's own status or
// assignee, and the status bar's counts stay global.
func TestTabsKeepTheirMeaningWithAFilter(t *testing.T) {
	h := newHarness(t, 120, 40)
	q := h.queue()
	h.press("tab", "tab", "tab") // En attente
	h.typeFilter("status:resolu")
	h.press("enter")
	if len(q.rows) != 0 {
		t.Fatalf("status:resolu in En attente shows %v", ids(q.rows))
	}
	h.typeFilter("status:nouveau")
	h.press("enter")
	if len(q.rows) != 0 {
		t.Fatalf("status:nouveau replaced En attente's status: %v", ids(q.rows))
	}
	h.press("shift+tab", "shift+tab") // Les miens
	h.typeFilter("@karim")
	h.press("enter")
	if len(q.rows) != 0 {
		t.Fatalf("@karim replaced Les miens: %v", ids(q.rows))
	}
	if h.m.barCounts.open != 5 || h.m.barCounts.overdue != 1 {
		t.Fatalf("status bar counts follow the filter: open %d overdue %d", h.m.barCounts.open, h.m.barCounts.overdue)
	}
	h.mustSee("ouverts 5 · en retard 1")
}

// "Tous" and "Résolus" by last activity, newest first; the open tabs by
// priority then age; o orders by the time left; the échéance column.
func TestQueueOrderAndDueColumn(t *testing.T) {
	h := newHarness(t, 120, 40)
	ctx := context.Background()
	// The oldest ticket gets the latest activity.
	if _, err := h.tickets.Comment(ctx, h.ids["printer"], "marie", "relance", false); err != nil {
		t.Fatal(err)
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
	q := h.queue()
	h.press("shift+tab") // Tous
	if q.rows[0].ID != h.ids["printer"] {
		t.Fatalf("Tous starts with #%d, want the last active #%d", q.rows[0].ID, h.ids["printer"])
	}
	h.press("tab", "tab", "tab") // Ouverts: priority first
	if q.rows[0].ID != h.ids["vpn"] {
		t.Fatalf("Ouverts starts with #%d, want the P4 #%d", q.rows[0].ID, h.ids["vpn"])
	}
	h.mustSee("Éch.", "-6h")
	h.press("o")
	for i := 1; i < len(q.rows); i++ {
		if q.rows[i].DueAt.Before(q.rows[i-1].DueAt) {
			t.Fatalf("o: row %d due %v before row %d due %v", i, q.rows[i].DueAt, i-1, q.rows[i-1].DueAt)
		}
	}
}

// An amber échéance under an hour, red once overdue (true colour).
func TestDueCellColours(t *testing.T) {
	h := newHarness(t, 120, 40)
	q := h.queue()
	tk := tickets.Ticket{Status: tickets.StatusNew, DueAt: fixedNow.Add(30 * time.Minute)}
	if c := q.dueCell(&tk, colDueW, false, fixedNow); strings.TrimSpace(c) != "30min" && strings.TrimSpace(c) != "30m" && !strings.Contains(c, "30") {
		t.Fatalf("due in 30 min shows %q", c)
	}
	tk.DueAt = fixedNow.Add(-2 * time.Hour)
	if c := q.dueCell(&tk, colDueW, false, fixedNow); !strings.Contains(c, "-2h") {
		t.Fatalf("overdue by 2h shows %q", c)
	}
	tk.Status = tickets.StatusPending
	if c := q.dueCell(&tk, colDueW, false, fixedNow); strings.TrimSpace(c) != "" {
		t.Fatalf("pending (clock stopped) shows %q", c)
	}
}

// The title gets at least 30 cells at 80 columns and 50 at 120, in every
// tab, with long requesters, categories and tags.
func TestTitlesReadableInEveryTab(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t, size[0], size[1])
		if _, err := h.tickets.Create(context.Background(), tickets.NewTicket{Title: strings.Repeat("Titre long ", 10), Description: "d",
			Requester: tickets.Requester{Name: "Marie-Christine Delacroix-Dupont", Service: "Ressources humaines et formation"},
			Category:  "Comptes et mots de passe", Tags: []string{"motdepasse", "compte", "verrouillage"}, Assignee: "jean-baptiste"}, "seed"); err != nil {
			t.Fatal(err)
		}
		h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
		q := h.queue()
		want := map[int]int{80: 30, 120: 50}[size[0]]
		for i := range q.views {
			q.active = i
			h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
			q.measure(q.rows)
			c := layoutQueue(q.width, q.natural, q.ctx.T, false, q.showDue())
			if c.title < want {
				t.Errorf("%dx%d tab %q: title %d cells, want at least %d", size[0], size[1], q.views[i].title, c.title, want)
			}
			if len(q.rows) > 0 {
				if w := textWidth(q.row(&q.rows[0], c, false, fixedNow)); w != size[0] {
					t.Errorf("%dx%d tab %q: a row is %d wide", size[0], size[1], q.views[i].title, w)
				}
			}
		}
	}
}

// v on the ticket screen lists the other tickets of the same person, by
// email, else by name; esc comes back.
func TestRequesterViewFromTheTicket(t *testing.T) {
	h := newHarness(t, 80, 24)
	ctx := context.Background()
	other, err := h.tickets.Create(ctx, tickets.NewTicket{Title: "Outlook plante", Description: "d", Status: "solved",
		Requester: tickets.Requester{Name: "J. Martin", Email: "JEANNE.MARTIN@exemple.fr"}}, "seed")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.tickets.Create(ctx, tickets.NewTicket{Title: "Homonyme", Description: "d",
		Requester: tickets.Requester{Name: "Jeanne Martin", Email: "jeanne.martin@autre.fr"}}, "seed"); err != nil {
		t.Fatal(err)
	}
	h.openTicket("vpn")
	h.press("v")
	q, ok := h.top().(*queueScreen)
	if !ok {
		t.Fatalf("v opened %T", h.top())
	}
	got := ids(q.rows)
	if len(got) != 2 || !slices.Contains(got, other.ID) || !slices.Contains(got, h.ids["vpn"]) {
		t.Fatalf("requester's tickets = %v", got)
	}
	h.mustSee("Tickets de Jeanne Martin", "Outlook plante")
	h.mustNotSee("Homonyme")
	h.press("esc")
	if _, ok := h.top().(*ticketScreen); !ok {
		t.Fatalf("esc went to %T", h.top())
	}
	// Without an email, by name.
	h.press("esc")
	h.openTicket("printer")
	h.press("v")
	q = h.top().(*queueScreen)
	if got := ids(q.rows); len(got) != 1 || got[0] != h.ids["printer"] {
		t.Fatalf("Luc Petit's tickets = %v", got)
	}
}
