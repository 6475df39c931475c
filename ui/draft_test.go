package ui

import (
	"context"
	"os"
	"strings"
	"testing"
)

// Quitting the editor without saving (:q! in vi: the file as it was)
// cancels: nothing stored, nothing linked, no draft left behind.
func TestDraftQuitWithoutSavingCancels(t *testing.T) {
	h, path, id := draftHarness(t, "exit 0")
	h.openTicket("camera")
	h.press("w")
	if h.m.statusErr || !strings.Contains(h.m.status, "Brouillon inchangé : rien n'est enregistré") {
		t.Fatalf("footer = %q", h.m.status)
	}
	if n := countArticles(t, h); n != 2 {
		t.Fatalf("%d articles: an unchanged draft was stored", n)
	}
	if links, _ := h.tickets.Links(context.Background(), id); len(links) != 0 {
		t.Fatalf("linked: %+v", links)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the unchanged draft is left on disk: %v", err)
	}
}

// A second w offers the tutorial the ticket already produced; the draft is
// not verified and its solution has no chat greeting.
func TestDraftSecondTimeOffersTheTutorial(t *testing.T) {
	h, _, id := draftHarness(t, `echo "Vérifié en réunion de test." >> "$1"`)
	ctx := context.Background()
	if _, err := h.tickets.Comment(ctx, id, "marie", "Bonjour Luc,\nDésinstallez le pilote de la caméra.\nBonne journée,\nMarie", false); err != nil {
		t.Fatal(err)
	}
	s := h.openTicket("camera")
	h.press("w")
	a, err := h.kb.Get(ctx, 3)
	if err != nil {
		t.Fatalf("no tutorial stored: %v (footer %q)", err, h.m.status)
	}
	if a.Verified != nil {
		t.Fatal("a fresh draft is stored as verified")
	}
	sol := a.Body[strings.Index(a.Body, "## Solution"):]
	if strings.Contains(sol, "Bonjour") || strings.Contains(sol, "Bonne journée") || !strings.Contains(sol, "Désinstallez le pilote") {
		t.Fatalf("solution is the chat, not the steps:\n%s", sol)
	}
	h.press("w")
	if s.prompt == nil {
		t.Fatalf("second w did not ask; footer %q", h.m.status)
	}
	h.mustSee("Ce ticket a déjà donné le tutoriel n°3", "l'ouvrir", "rédiger un autre")
	h.press("o")
	v, ok := h.top().(*articleViewer)
	if !ok || v.ref.ID != 3 {
		t.Fatalf("o opened %T", h.top())
	}
	if n := countArticles(t, h); n != 3 {
		t.Fatalf("%d articles: a duplicate was drafted", n)
	}
}

// A draft the import would refuse at a line shows as file:line: reason in
// the footer, like a compiler (the line comes from kb's typed error).
func TestDraftRefusedAtALineShowsFileAndLine(t *testing.T) {
	h, path, _ := draftHarness(t, `printf -- '---\ntitle: Caméra\nkind: podcast\n---\nCorps\n' > "$1"`)
	h.openTicket("camera")
	h.press("w")
	if !h.m.statusErr || !strings.Contains(h.m.status, path+":3 : kind \"podcast\" is neither tutorial nor video") {
		t.Fatalf("footer = %q", h.m.status)
	}
}
