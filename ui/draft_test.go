package ui

import (
	"context"
	"os"
	"path/filepath"
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
// the footer, like a compiler (the line comes from kb's typed error), the
// reason in the interface's language.
func TestDraftRefusedAtALineShowsFileAndLine(t *testing.T) {
	h, path, _ := draftHarness(t, `printf -- '---\ntitle: Caméra\nkind: podcast\n---\nCorps\n' > "$1"`)
	h.openTicket("camera")
	h.press("w")
	if !h.m.statusErr || !strings.Contains(h.m.status, path+":3 : type \"podcast\" : ni tutoriel (tutorial) ni vidéo (video) (brouillon gardé)") {
		t.Fatalf("footer = %q", h.m.status)
	}
	if n := countArticles(t, h); n != 2 {
		t.Fatalf("%d articles: a refused draft was stored", n)
	}
	h, path, _ = draftHarness(t, `printf -- '---\ntitle: Caméra\nkind: podcast\n---\nCorps\n' > "$1"`, withLang("en"))
	h.openTicket("camera")
	h.press("w")
	if !h.m.statusErr || !strings.Contains(h.m.status, path+":3: kind \"podcast\" is neither tutorial nor video (draft kept)") {
		t.Fatalf("English footer = %q", h.m.status)
	}
}

// Every way a draft is refused is worded in the French interface, none in
// English: at a line of the front matter, by the store (a field of the
// article), and in the editor inside the interface (over SSH).
func TestDraftRefusalsAreFrench(t *testing.T) {
	long := strings.Repeat("x", 400)
	for _, c := range []struct {
		script, want string
	}{
		{`printf -- '---\ntags: [a, [b]]\n---\n# T\n' > "$1"`, ":2 : tags : des mots, pas des listes imbriquées (brouillon gardé)"},
		{`printf -- '---\nduration: toujours\n---\n# T\n' > "$1"`, `:2 : durée "toujours" : écrivez-la comme 3m20s ou 03:20`},
		{`printf -- '---\ntitle: x\n' > "$1"`, ":1 : l'en-tête ouvert par --- n'est jamais fermé"},
		{`printf -- '---\ntitle: ` + long + `\n---\nCorps\n' > "$1"`, " : Refusé : Titre : titre de plus de 300 octets. (brouillon gardé)"},
	} {
		h, path, _ := draftHarness(t, c.script)
		h.openTicket("camera")
		h.press("w")
		if !h.m.statusErr || !strings.Contains(h.m.status, path+c.want) {
			t.Errorf("footer = %q, want %q", h.m.status, path+c.want)
		}
		for _, en := range []string{" must ", " is ", "never", "longer", "Refused", " not "} {
			if strings.Contains(h.m.status, en) {
				t.Errorf("English %q in %q", en, h.m.status)
			}
		}
	}
	// Over SSH the draft opens in the interface's own editor (its cursor
	// blinks on a real timer, so it is driven here without the blink):
	// ctrl+s hands the text to the same check.
	h, _, id := draftHarness(t, "exit 1", func(o *Options) { o.Remote = true })
	h.openTicket("camera")
	path := filepath.Join(t.TempDir(), "brouillon.md")
	ed := newDraftEditor(h.m.ctx, draftWrittenMsg{id: id, path: path, before: []byte("# T\n"), fresh: true})
	ed.area.SetValue("---\nkind: video\nverified: hier\n---\n# T\n")
	for _, msg := range h.exec(ed.Update(namedKeys["ctrl+s"])) {
		if _, ok := msg.(draftEditedMsg); ok {
			h.send(msg)
		}
	}
	if want := path + `:3 : verified : "hier" n'est pas une date comme 2026-05-12 (brouillon gardé)`; !h.m.statusErr || !strings.Contains(h.m.status, want) {
		t.Fatalf("footer = %q, want %q", h.m.status, want)
	}
}
