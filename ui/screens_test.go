package ui

import (
	"context"
	"strings"
	"testing"

	"hotline/tickets"
)

// openTicket opens ticket name from the all view.
func (h *harness) openTicket(name string) *ticketScreen {
	h.t.Helper()
	if q := h.queue(); q.active != len(q.views)-1 {
		h.press("shift+tab") // all
	}
	h.selectTicket(name)
	h.press("enter")
	s, ok := h.top().(*ticketScreen)
	if !ok || s.ticket == nil || s.ticket.ID != h.ids[name] {
		h.t.Fatalf("ticket screen for %s not open: %T", name, h.top())
	}
	return s
}

func TestTicketScreenShowsFieldsTimelineAndSuggestions(t *testing.T) {
	h := newHarness(t, 120, 40)
	s := h.openTicket("vpn")
	h.mustSee("#1 VPN coupe en 4G", "nouveau", "P4 haute", "Réseau/VPN", "Jeanne Martin", "4G",
		"en retard de", "Le VPN se coupe", "a créé le ticket", "Suggestions")
	if len(s.suggestions) == 0 {
		t.Fatal("no suggestion for a VPN ticket")
	}
	found := false
	for _, r := range s.suggestions {
		found = found || r.ID == h.ids["vpnvideo"]
	}
	if !found {
		t.Errorf("the VPN video is not suggested: %+v", s.suggestions)
	}
}

func TestTicketActionsRecordTheTechnician(t *testing.T) {
	h := newHarness(t, 120, 40)
	s := h.openTicket("vpn")
	// Public comment, with a line break.
	h.press("c", "Pouvez-vous tester en wifi ?", "enter", "Merci", "ctrl+s")
	fs, _ := h.tickets.Followups(context.Background(), h.ids["vpn"])
	if len(fs) != 1 || fs[0].Author != "marie" || fs[0].Private || fs[0].Body != "Pouvez-vous tester en wifi ?\nMerci" {
		t.Fatalf("comment = %+v", fs)
	}
	h.mustSee("Commentaire ajouté", "Pouvez-vous tester en wifi ?")
	// Private comment.
	h.press("C", "note interne", "ctrl+s")
	fs, _ = h.tickets.Followups(context.Background(), h.ids["vpn"])
	if len(fs) != 2 || !fs[1].Private {
		t.Fatalf("private comment = %+v", fs)
	}
	// Take it: one key.
	h.press("m")
	if tk := h.ticket("vpn"); tk.Assignee != "marie" || tk.Status != tickets.StatusAssigned {
		t.Fatalf("after m: %s %s", tk.Assignee, tk.Status)
	}
	// Status pending with s then w.
	h.press("s", "w")
	if tk := h.ticket("vpn"); tk.Status != tickets.StatusPending {
		t.Fatalf("after s w: %s", tk.Status)
	}
	// Tags: add one, remove one.
	h.press("t", "+reseau -4g", "enter")
	if tk := h.ticket("vpn"); strings.Join(tk.Tags, ",") != "vpn,reseau" {
		t.Fatalf("tags = %v", tk.Tags)
	}
	// Edit urgency to 5 and the category.
	h.press("e", "u", "5")
	if tk := h.ticket("vpn"); tk.Urgency != 5 || tk.Priority != 4 { // GLPI matrix: U5 I3 → P4
		t.Fatalf("urgency %d priority %d", tk.Urgency, tk.Priority)
	}
	// Fix the callback number and the device, rewrite the description.
	h.press("e", "p", "ctrl+u", "06 11 22 33 44", "enter")
	h.press("e", "o", "ctrl+u", "Dell Latitude 5440", "enter")
	h.press("e", "d", "ctrl+a", "ctrl+k", "VPN coupé toutes les 10 min", "enter", "en 4G seulement", "ctrl+s")
	if tk := h.ticket("vpn"); tk.Requester.Phone != "06 11 22 33 44" || tk.Device != "Dell Latitude 5440" ||
		!strings.Contains(tk.Description, "VPN coupé toutes les 10 min\nen 4G seulement") {
		t.Fatalf("after editing: phone %q device %q description %q", tk.Requester.Phone, tk.Device, tk.Description)
	}
	// Assign to someone else.
	h.press("a", "ctrl+u", "karim", "enter")
	if tk := h.ticket("vpn"); tk.Assignee != "karim" {
		t.Fatalf("assignee %q", tk.Assignee)
	}
	// Closing asks (y/N); N keeps it open.
	h.press("s", "x")
	h.mustSee("Clore ce ticket ?", "(o/N)")
	h.press("n")
	if tk := h.ticket("vpn"); tk.Status == tickets.StatusClosed {
		t.Fatal("closed without confirmation")
	}
	h.press("s", "x", "y")
	if tk := h.ticket("vpn"); tk.Status != tickets.StatusClosed {
		t.Fatalf("status %s after confirmed close", tk.Status)
	}
	hist, _ := h.tickets.History(context.Background(), h.ids["vpn"])
	for _, c := range hist[1:] {
		if c.Actor != "marie" {
			t.Errorf("history entry %s by %q, want marie", c.Field, c.Actor)
		}
	}
	_ = s
}

func TestTicketConflictReloadsAndKeepsTheChange(t *testing.T) {
	h := newHarness(t, 120, 40)
	s := h.openTicket("wifi")
	// Someone else changes the ticket meanwhile.
	other := "karim"
	if _, err := h.tickets.Update(context.Background(), h.ids["wifi"], 0, tickets.Patch{Assignee: &other}, "karim"); err != nil {
		t.Fatal(err)
	}
	h.press("e", "i", "4") // impact 4 on the stale version
	if !h.m.statusErr || !strings.Contains(h.m.status, "Quelqu'un d'autre") {
		t.Fatalf("footer = %q", h.m.status)
	}
	if s.ticket.Assignee != "karim" {
		t.Fatal("the ticket was not reloaded after the conflict")
	}
	if s.kept == nil || s.kept.patch.Impact == nil || *s.kept.patch.Impact != 4 {
		t.Fatalf("the change was not kept: %+v", s.kept)
	}
	h.press("R")
	if tk := h.ticket("wifi"); tk.Impact != 4 || tk.Assignee != "karim" {
		t.Fatalf("after R: impact %d assignee %s", tk.Impact, tk.Assignee)
	}
	if s.kept != nil {
		t.Fatal("kept change should be cleared once applied")
	}
}

func TestTicketFailedCommentIsGivenBack(t *testing.T) {
	h := newHarness(t, 120, 40)
	s := h.openTicket("wifi")
	h.db.Close() // every write now fails
	h.press("c", "texte important", "ctrl+s")
	if !h.m.statusErr {
		t.Fatal("the failure should show in the footer")
	}
	if s.prompt == nil || s.prompt.value() != "texte important" {
		t.Fatalf("the typed comment was lost: %+v", s.prompt)
	}
}

func TestLinkCopyAndOpenFromTicket(t *testing.T) {
	h := newHarness(t, 120, 40)
	s := h.openTicket("vpn")
	h.press("tab")
	// Move to the VPN video among the suggestions.
	for i, it := range s.side {
		if it.article.ID == h.ids["vpnvideo"] {
			s.sideCursor = i
		}
	}
	h.press("l")
	links, _ := h.tickets.Links(context.Background(), h.ids["vpn"])
	if len(links) != 1 || links[0].ArticleID != h.ids["vpnvideo"] || links[0].LinkedBy != "marie" {
		t.Fatalf("links = %+v", links)
	}
	h.mustSee("Articles liés", "Article lié")
	s.sideCursor = 0
	h.press("y")
	if len(h.copied) != 1 {
		t.Fatal("nothing copied")
	}
	msg := h.copied[0]
	for _, want := range []string{"Bonjour Jeanne,", "la vidéo « Se connecter au VPN »", "https://video.exemple.fr/vpn.mp4", "marie"} {
		if !strings.Contains(msg, want) {
			t.Errorf("copied message lacks %q:\n%s", want, msg)
		}
	}
	h.press("esc", "o")
	if len(h.opened) != 1 || h.opened[0] != "https://video.exemple.fr/vpn.mp4" {
		t.Fatalf("opened %v", h.opened)
	}
	// Unlink asks first.
	h.press("d")
	h.mustSee("Délier")
	h.press("y")
	if links, _ := h.tickets.Links(context.Background(), h.ids["vpn"]); len(links) != 0 {
		t.Fatalf("still linked: %+v", links)
	}
}

func TestKBSearchAsYouTypeAndLinkFromTicket(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.openTicket("vpn")
	h.press("b")
	k, ok := h.top().(*kbScreen)
	if !ok {
		t.Fatalf("top = %T", h.top())
	}
	h.press("teletravail") // no accents
	if len(k.results) == 0 || k.results[0].ID != h.ids["teletravail"] {
		t.Fatalf("results = %+v", k.results)
	}
	h.mustSee("Télétravail : préparer son poste", "Vérifiez votre connexion")
	// Stale answers are dropped.
	h.send(kbResultsMsg{seq: k.shownSeq - 1, results: nil})
	if len(k.results) == 0 {
		t.Fatal("an older query's answer replaced newer results")
	}
	h.press("tab", "l")
	links, _ := h.tickets.Links(context.Background(), h.ids["vpn"])
	if len(links) != 1 || links[0].ArticleID != h.ids["teletravail"] {
		t.Fatalf("links = %+v", links)
	}
	h.press("y")
	if len(h.copied) != 1 || !strings.Contains(h.copied[0], "https://kb.exemple.fr/teletravail") ||
		!strings.Contains(h.copied[0], "Vérifiez votre connexion") {
		t.Fatalf("copied = %q", h.copied)
	}
	h.press("esc")
	// enter opens the full article; esc goes back to the results, then to
	// the ticket, which shows the new link.
	h.press("enter")
	if _, ok := h.top().(*articleViewer); !ok {
		t.Fatalf("top = %T", h.top())
	}
	h.mustSee("Branchez le câble")
	h.press("esc", "esc")
	if s, ok := h.top().(*ticketScreen); !ok || len(s.links) != 1 {
		t.Fatalf("back on %T", h.top())
	}
}

func TestKBTranscriptHitShowsTimeAndLinksWithT(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.press("b", "connexion securisee")
	k := h.top().(*kbScreen)
	var hit *int
	for i, r := range k.results {
		if r.ID == h.ids["vpnvideo"] && r.At != nil {
			hit = &i
		}
	}
	if hit == nil {
		t.Skipf("kb returned no transcript hit for the query: %+v", k.results)
	}
	k.cursor = *hit
	h.mustSee("@1:35")
	h.press("tab", "y")
	if !strings.Contains(h.copied[0], "#t=95") || !strings.Contains(h.copied[0], "à partir de 1:35") {
		t.Fatalf("copied = %q", h.copied[0])
	}
}

func TestTriageSetsFieldsWithSingleKeys(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.press("t")
	tr, ok := h.top().(*triageScreen)
	if !ok || tr.current() == nil || tr.current().ID != h.ids["vpn"] {
		t.Fatalf("triage did not start on the first untriaged ticket: %T", h.top())
	}
	// Category Teams is number 1; urgency up twice: 4 → 5; impact up: 3 → 4.
	h.press("1", "u", "u", "i")
	h.mustSee("P4 → ", "très haute")
	h.press("m") // take it: saves and moves on at once
	if tr.current() == nil || tr.current().ID != h.ids["wifi"] {
		t.Fatalf("next ticket not shown: %+v", tr.current())
	}
	tk := h.ticket("vpn")
	if tk.Category != "Teams" || tk.Urgency != 5 || tk.Impact != 4 || tk.Priority != 5 || tk.Assignee != "marie" || tk.Status != tickets.StatusAssigned {
		t.Fatalf("saved ticket = %+v", tk)
	}
	// Tags and status with prompts, then save with enter.
	h.press("t", "wifi", "enter", "s", "w", "enter")
	tk = h.ticket("wifi")
	if tk.Status != tickets.StatusPending || strings.Join(tk.Tags, ",") != "wifi" {
		t.Fatalf("wifi = %s %v", tk.Status, tk.Tags)
	}
	// Skip the last one; nothing left.
	h.press("n")
	h.press("enter")
	h.mustSee("Plus rien à trier")
	h.press("esc")
	if _, ok := h.top().(*queueScreen); !ok {
		t.Fatal("esc should go back to the queue")
	}
}

func TestNewTicketFormValidatesAndCreates(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.press("n")
	f, ok := h.top().(*ticketForm)
	if !ok {
		t.Fatalf("top = %T", h.top())
	}
	h.press("Sophie Blanc", "tab", "Archives", "tab", "pas-une-adresse", "ctrl+s")
	if f.fields[2].err == "" || f.fields[8].err == "" {
		t.Fatalf("email and title errors expected: %q %q", f.fields[2].err, f.fields[8].err)
	}
	h.mustSee("adresse e-mail invalide", "donnez un titre")
	h.press("ctrl+u", "sophie@exemple.fr", "tab", "tab", "4") // phone skipped; connection 4G by its key
	h.press("tab", "1", "tab", "right", "tab", "tab", "Teams plante en 4G", "tab", "tab", "teams 4g", "tab", "Dell 5430", "ctrl+s") // assigned to me by default
	tk, err := h.tickets.Get(context.Background(), 7)
	if err != nil {
		t.Fatalf("ticket not created: %v (form errors: %+v)", err, f.fields)
	}
	if tk.Title != "Teams plante en 4G" || tk.Requester.Email != "sophie@exemple.fr" || tk.Connection != tickets.Conn4G ||
		tk.Category != "Teams" || tk.Urgency != 4 || tk.Assignee != "marie" || strings.Join(tk.Tags, ",") != "teams,4g" || tk.Device != "Dell 5430" {
		t.Fatalf("created = %+v", tk)
	}
	if s, ok := h.top().(*ticketScreen); !ok || s.id != 7 {
		t.Fatalf("the new ticket should open, top = %T", h.top())
	}
	// esc on a filled form asks first.
	h.press("esc", "n", "x")
	h.press("esc")
	h.mustSee("Abandonner")
	h.press("y")
	if _, ok := h.top().(*queueScreen); !ok {
		t.Fatalf("top = %T", h.top())
	}
}

func TestOutsideTextIsSanitised(t *testing.T) {
	h := newHarness(t, 120, 40)
	for _, v := range []string{h.view()} {
		if strings.ContainsAny(v, "\x1b\a") {
			t.Fatalf("raw control characters on screen: %q", v)
		}
	}
	h.mustSee("␛]0;pwned␇␛[2J")
	h.openTicket("evil")
	v := h.view()
	if strings.ContainsAny(v, "\x1b\a") {
		t.Fatalf("raw control characters on the ticket screen: %q", v)
	}
	h.mustSee("␛[31mrouge")
}
