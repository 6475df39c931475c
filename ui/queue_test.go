package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/tickets"
)

func TestQueueShowsViewsWithCountsInPriorityOrder(t *testing.T) {
	h := newHarness(t, 120, 40)
	q := h.queue()
	if q.active != viewTriage {
		t.Fatalf("home view = %d, want triage", q.active)
	}
	// Untriaged: new and unassigned — vpn (P4), wifi, evil (P3, oldest first).
	got := ids(q.rows)
	want := []int64{h.ids["vpn"], h.ids["wifi"], h.ids["evil"]}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("triage rows = %v, want %v", got, want)
	}
	// Counts: triage 3, mine 1, open 5, pending 1, overdue ?, solved 1, all 6.
	if q.counts[0] != 3 || q.counts[1] != 1 || q.counts[2] != 5 || q.counts[3] != 1 || q.counts[5] != 1 || q.counts[6] != 6 {
		t.Fatalf("counts = %v", q.counts)
	}
	h.mustSee("À trier 3", "Les miens 1", "Tous 6", "VPN coupe en 4G", "Jeanne Martin")
	h.press("tab") // mine
	if got := ids(q.rows); len(got) != 1 || got[0] != h.ids["teams"] {
		t.Fatalf("mine = %v", got)
	}
	h.press("shift+tab", "shift+tab") // wraps to the last view (all)
	if q.active != len(q.views)-1 || len(q.rows) != 6 {
		t.Fatalf("all view: active %d rows %d", q.active, len(q.rows))
	}
}

func TestQueueFilterTokens(t *testing.T) {
	h := newHarness(t, 100, 30)
	q := h.queue()
	h.press("shift+tab") // all
	cases := []struct {
		filter string
		want   []string
	}{
		{"tag:vpn", []string{"vpn"}},
		{"status:pending", []string{"printer"}},
		{"status:attente", []string{"printer"}},
		{"@me", []string{"teams"}},
		{"@moi cat:teams", []string{"teams"}},
		{"conn:4g", []string{"vpn"}},
		{"cat:reseau", []string{"vpn"}},
		{"lent", []string{"wifi"}},
		{"teletravail", []string{"solved"}},
	}
	for _, c := range cases {
		h.press("/")
		if !h.top().Typing() {
			t.Fatal("/ should focus the filter")
		}
		h.press("ctrl+u", c.filter, "enter")
		var want []int64
		for _, n := range c.want {
			want = append(want, h.ids[n])
		}
		if fmt.Sprint(ids(q.rows)) != fmt.Sprint(want) {
			t.Errorf("filter %q = %v, want %v", c.filter, ids(q.rows), want)
		}
	}
	h.press("/", "ctrl+u", "cat:nimportequoi", "enter")
	if !h.m.statusErr {
		t.Errorf("a bad token should show an error in the footer, got %q", h.m.status)
	}
	// q while typing is text, not quit.
	h.press("/")
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}})
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("q quit while typing in the filter")
		}
	}
	h.press("esc")
	if h.top().Typing() {
		t.Fatal("esc should leave the filter")
	}
}

func TestQueuePagesOnDemand(t *testing.T) {
	h := newHarness(t, 100, 30)
	ctx := context.Background()
	for i := range 250 {
		if _, err := h.tickets.Create(ctx, tickets.NewTicket{Title: fmt.Sprintf("Ticket en masse %d", i)}, "seed"); err != nil {
			t.Fatal(err)
		}
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
	q := h.queue()
	if len(q.rows) != queuePageSize {
		t.Fatalf("first load = %d rows, want one page of %d", len(q.rows), queuePageSize)
	}
	// G loads the true last page directly (keyset backwards), not every
	// page before it, and the position says where the cursor is.
	h.press("G")
	if len(q.rows) != queuePageSize || !q.tail {
		t.Fatalf("after G: %d rows (tail %v), want the last page of %d", len(q.rows), q.tail, queuePageSize)
	}
	if last := q.selected(); last == nil || last.Title != "Ticket en masse 249" {
		t.Fatalf("G selected %+v, want the last ticket", last)
	}
	h.mustSee("253/253")
	h.press("k")
	h.mustSee("252/253")
	seen := map[int64]bool{}
	for _, r := range q.rows {
		if seen[r.ID] {
			t.Fatalf("ticket #%d listed twice", r.ID)
		}
		seen[r.ID] = true
	}
	h.press("g")
	if q.tail || q.cursor != 0 || q.rows[0].ID != h.ids["vpn"] {
		t.Fatalf("g did not go back to the top: tail %v cursor %d", q.tail, q.cursor)
	}
	h.mustSee("1/253")
}

func TestQueueDropsStalePages(t *testing.T) {
	h := newHarness(t, 100, 30)
	q := h.queue()
	before := len(q.rows)
	h.send(queuePageMsg{gen: q.gen - 1, page: tickets.Page{Tickets: make([]tickets.Ticket, 7)}})
	if len(q.rows) != before {
		t.Fatal("a page of an older view was appended")
	}
}

func TestQuitKeys(t *testing.T) {
	h := newHarness(t, 80, 24)
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}})
	if cmd == nil {
		t.Fatal("q should quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q should quit")
	}
	h.press("/")
	_, cmd = h.m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c should always quit")
	}
}

func TestHelpListsEnabledKeys(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.press("?")
	h.mustSee("Touches", "filtrer", "trier", "quitter")
	h.press("x")
	if h.m.showHelp {
		t.Fatal("any key closes the help")
	}
	h.press("enter")
	h.press("?")
	h.mustSee("commenter", "statut")
}

func TestEnglishCatalogue(t *testing.T) {
	h := newHarness(t, 100, 30, withLang("en"))
	h.mustSee("To triage 3", "Mine 1", "Requester")
	h.mustNotSee("À trier")
}

func TestEveryCatalogueEntryHasBothLanguages(t *testing.T) {
	for id, m := range messages {
		if strings.TrimSpace(m[English]) == "" || strings.TrimSpace(m[French]) == "" {
			t.Errorf("%s: missing a language: %q", id, m)
		}
		if strings.Count(m[English], "%") != strings.Count(m[French], "%") {
			t.Errorf("%s: verbs differ between languages", id)
		}
	}
}

func TestLanguageFromEnvironment(t *testing.T) {
	env := func(v map[string]string) func(string) string { return func(k string) string { return v[k] } }
	if chooseLanguage("", env(map[string]string{"LANG": "fr_FR.UTF-8"})) != French {
		t.Error("LANG=fr_FR should give French")
	}
	if chooseLanguage("", env(map[string]string{"LANG": "en_GB.UTF-8"})) != English {
		t.Error("LANG=en_GB should give English")
	}
	if chooseLanguage("en", env(map[string]string{"LANG": "fr_FR.UTF-8"})) != English {
		t.Error("the config wins over LANG")
	}
}

func ids(ts []tickets.Ticket) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func TestKeysReadTogetherAreHandledOneByOne(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.press("t")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("3um")})
	if tk := h.ticket("vpn"); tk.Category != "Réseau/VPN" || tk.Urgency != 5 || tk.Assignee != "marie" {
		t.Fatalf("burst 3um not applied key by key: %+v", tk)
	}
}

// Tab counts are counted once per filter or change of data, not again at
// every tab switch (each count is a query per tab).
func TestQueueCountsOncePerChangeNotPerTab(t *testing.T) {
	h := newHarness(t, 120, 40)
	q := h.queue()
	before := q.countGen
	h.press("tab", "tab", "shift+tab")
	if q.countGen != before {
		t.Errorf("switching tabs counted again (%d count rounds, want %d)", q.countGen, before)
	}
	h.press("/", "vpn", "enter")
	if q.countGen != before+1 {
		t.Errorf("a new filter: %d count rounds, want %d", q.countGen, before+1)
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
	if q.countGen != before+2 {
		t.Errorf("refresh: %d count rounds, want %d", q.countGen, before+2)
	}
}

// Opening a ticket and coming back counts no tab again when the ticket did
// not change (at 1M tickets a round of counts is tens of milliseconds of
// CPU per ticket opened); a change made on the ticket screen does.
func TestQueueCountsAgainOnlyWhenAnOpenedTicketChanged(t *testing.T) {
	h := newHarness(t, 120, 40)
	q := h.queue()
	before := q.countGen
	h.press("enter")
	if _, ok := h.top().(*ticketScreen); !ok {
		t.Fatalf("enter opened %T", h.top())
	}
	h.press("esc")
	if q.countGen != before {
		t.Errorf("opening an unchanged ticket counted the tabs again (%d rounds, want %d)", q.countGen, before)
	}
	h.press("enter")
	id := h.top().(*ticketScreen).id
	if _, err := h.tickets.Update(context.Background(), id, 0, tickets.Patch{Status: ptrTo(tickets.StatusPending)}, "mlefebvre"); err != nil {
		t.Fatal(err)
	}
	h.send(dataChangedMsg{}) // another session's change: the ticket screen reloads its data
	if q.countGen == before {
		t.Error("a ticket changed while open: the tabs were not counted again")
	}
}
