package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/tickets"
)

// markedTitles marks the first n rows of the queue (space moves down).
func (h *harness) markFirst(n int) []int64 {
	h.t.Helper()
	q := h.queue()
	q.cursor = 0
	var ids []int64
	for i := 0; i < n; i++ {
		ids = append(ids, q.rows[i].ID)
		h.press("space")
	}
	return ids
}

func TestBulkAssignMarkedTickets(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := newHarness(t, size[0], size[1])
			ids := h.markFirst(2)
			h.mustSee("2 marqués")
			if !strings.Contains(h.view(), "•") {
				t.Fatal("marked rows show no •")
			}
			h.press("A")
			h.mustSee("2 tickets marqués", "assigner", "statut", "tags", "catégorie", "réponse publique", "note privée", "lier un tutoriel")
			h.press("a")
			h.mustSee("Assigner 2 tickets marqués à")
			h.press("ndiallo", "enter")
			if h.m.statusErr || h.m.status != "2 tickets → ndiallo" {
				t.Fatalf("footer %q (error %v)", h.m.status, h.m.statusErr)
			}
			for _, id := range ids {
				tk, _ := h.tickets.Get(context.Background(), id)
				if tk.Assignee != "ndiallo" || tk.Status != tickets.StatusAssigned || tk.Version < 2 {
					t.Errorf("#%d: %s %s v%d", id, tk.Assignee, tk.Status, tk.Version)
				}
				hist, _ := h.tickets.History(context.Background(), id)
				if last := hist[len(hist)-1]; last.Actor != "marie" || last.Field != "status" || hist[len(hist)-2].Field != "assignee" {
					t.Errorf("#%d history: %+v", id, hist)
				}
				// Assigned, they left "À trier": the list no longer has them.
				for _, r := range h.queue().rows {
					if r.ID == id {
						t.Errorf("#%d is still listed in the triage tab", id)
					}
				}
			}
			h.mustNotSee("marqués", "marqué ")
		})
	}
}

func TestBulkStaleTicketWritesNothingAndNamesIt(t *testing.T) {
	h := newHarness(t, 120, 40)
	ids := h.markFirst(2)
	// Someone else changes the second ticket after it was marked.
	if _, err := h.tickets.Update(context.Background(), ids[1], 0, tickets.Patch{Title: ptrTo("Titre corrigé")}, "karim"); err != nil {
		t.Fatal(err)
	}
	h.press("A", "r", "Incident en cours, nous revenons vers vous.", "ctrl+s")
	want := fmt.Sprintf("#%d a été modifié par karim depuis le marquage : rien n'a été changé", ids[1])
	if !h.m.statusErr || !strings.Contains(h.m.status, want) {
		t.Fatalf("footer %q, want %q", h.m.status, want)
	}
	for _, id := range ids {
		if fs, _ := h.tickets.Followups(context.Background(), id); len(fs) != 0 {
			t.Errorf("#%d got a follow-up from a refused bulk action", id)
		}
	}
	if len(h.queue().marked) != 2 {
		t.Fatalf("the marks went with the refused action: %v", h.queue().marked)
	}
	// Seen now: the same action again goes through, on both.
	h.press("A", "r", "Incident en cours.", "ctrl+s")
	if h.m.statusErr || h.m.status != "2 tickets : réponse publique" {
		t.Fatalf("second try: footer %q", h.m.status)
	}
	for _, id := range ids {
		if fs, _ := h.tickets.Followups(context.Background(), id); len(fs) != 1 || fs[0].Private {
			t.Errorf("#%d follow-ups %+v", id, fs)
		}
	}
}

func TestBulkMarksSurviveTabsAndClear(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.press("m")
	h.mustSee("1 marqué")
	h.press("tab", "tab", "shift+tab", "shift+tab")
	h.mustSee("1 marqué")
	h.press("M")
	n := len(h.queue().rows)
	if n < 2 || len(h.queue().marked) != n {
		t.Fatalf("M marked %d of %d rows", len(h.queue().marked), n)
	}
	h.mustSee(fmt.Sprintf("%d marqués", n))
	h.press("X")
	h.mustNotSee("marqué")
	// With nothing marked, A and X say why they do nothing.
	h.press("A")
	if !h.m.statusErr || !strings.Contains(h.m.status, "aucun ticket marqué") {
		t.Fatalf("A without marks: footer %q", h.m.status)
	}
}

func TestBulkStatusTagsCategoryAndArticle(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.press("shift+tab") // Tous
	h.selectTicket("vpn")
	h.press("space")
	h.selectTicket("wifi")
	h.press("space")
	h.press("A", "t", "+maison -vpn", "enter")
	if h.m.status != "2 tickets : tags +maison -vpn" {
		t.Fatalf("tags: footer %q", h.m.status)
	}
	h.selectTicket("vpn")
	h.press("space")
	h.selectTicket("wifi")
	h.press("space")
	h.press("A", "c", "1") // first category
	cat := h.m.ctx.Categories[0]
	if h.m.status != "2 tickets : catégorie "+cat {
		t.Fatalf("category: footer %q", h.m.status)
	}
	h.selectTicket("vpn")
	h.press("space")
	h.selectTicket("wifi")
	h.press("space")
	h.press("A", "l", "teletravail")
	if _, ok := h.top().(*kbScreen); !ok {
		t.Fatalf("l opened %T, want the knowledge base", h.top())
	}
	h.mustSee("pour 2 tickets marqués")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlL})
	if _, ok := h.top().(*queueScreen); !ok || !strings.Contains(h.m.status, "2 tickets : tutoriel « Télétravail : préparer son poste »") {
		t.Fatalf("after linking: %T, footer %q", h.top(), h.m.status)
	}
	h.selectTicket("vpn")
	h.press("space")
	h.press("A", "s", "x")
	h.mustSee("Clore 1 ticket marqué ?")
	h.press("o")
	if h.m.status != "1 ticket : statut clos" {
		t.Fatalf("close: footer %q", h.m.status)
	}
	vpn, wifi := h.ticket("vpn"), h.ticket("wifi")
	if vpn.Status != tickets.StatusClosed || vpn.Category != cat || wifi.Category != cat || strings.Join(wifi.Tags, " ") != "maison" {
		t.Errorf("vpn %s %q %v, wifi %q %v", vpn.Status, vpn.Category, vpn.Tags, wifi.Category, wifi.Tags)
	}
	for _, id := range []int64{vpn.ID, wifi.ID} {
		if l, _ := h.tickets.Links(context.Background(), id); len(l) != 1 || l[0].ArticleID != h.ids["teletravail"] {
			t.Errorf("#%d links %+v", id, l)
		}
	}
}

func TestBulkRefusedToObservers(t *testing.T) {
	h := newHarness(t, 80, 24, func(o *Options) { o.Role = tickets.RoleObserver })
	h.press("space", "A")
	if !h.m.statusErr || h.top() != h.queue() || h.queue().prompt != nil {
		t.Fatalf("an observer's A: footer %q, prompt %v", h.m.status, h.queue().prompt)
	}
	if h.m.status != h.m.ctx.T.T("role.readonly") {
		t.Errorf("footer %q", h.m.status)
	}
}

func ptrTo[T any](v T) *T { return &v }
