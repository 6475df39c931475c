package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"hotline/kb"
)

// From the article screen the team edits an article's title, tags, link,
// collection and verified state, and archives it; the screen says where
// the article comes from, when it was reviewed and which tickets it solved.
func TestArticleScreenCurates(t *testing.T) {
	h := newHarness(t, 120, 40)
	ctx := context.Background()
	id := h.ids["teletravail"]
	if err := h.tickets.Link(ctx, h.ids["solved"], id, "marie"); err != nil {
		t.Fatal(err)
	}
	h.press("b", "teletravail", "enter")
	if _, ok := h.top().(*articleViewer); !ok {
		t.Fatalf("enter did not open the article: %T", h.top())
	}
	h.mustSee("collection hotline", "écrit dans Hotline", "jamais vérifié", "jamais revu", "1 ticket")
	// Title.
	h.press("e", "t", "ctrl+u", "Préparer son poste de télétravail", "enter")
	a, _ := h.kb.Get(ctx, id)
	if a.Title != "Préparer son poste de télétravail" {
		t.Fatalf("title after edit: %q", a.Title)
	}
	h.mustSee("Préparer son poste de télétravail", "Titre enregistré", "revu le 2025-03-10")
	// Verified, tags, collection.
	h.press("e", "v")
	h.press("e", "g", "ctrl+u", "teletravail vpn", "enter")
	h.press("e", "c", "ctrl+u", "equipe", "enter")
	a, _ = h.kb.Get(ctx, id)
	if a.Verified == nil || strings.Join(a.Tags, " ") != "teletravail vpn" || a.Collection != "equipe" {
		t.Errorf("after edits: verified %v, tags %v, collection %q", a.Verified, a.Tags, a.Collection)
	}
	h.mustSee("collection equipe", "vérifié le ")
	// Its tickets, and opening one.
	h.press("tab")
	h.mustSee(fmt.Sprintf("#%-5d", h.ids["solved"]), "Préparer le poste pour le télétravail")
	h.press("enter")
	if _, ok := h.top().(*ticketScreen); !ok {
		t.Fatalf("enter on a ticket of the article: %T", h.top())
	}
	h.press("esc")
	// Archive: asked first, then hidden from search.
	h.press("tab", "a")
	h.mustSee("(o/N)")
	h.press("y")
	if a, _ = h.kb.Get(ctx, id); !a.Archived {
		t.Fatal("not archived after y")
	}
	h.mustSee("ARCHIVÉ")
	if rs, _ := h.kb.Search(ctx, "teletravail", kb.SearchOptions{NoRecord: true}); len(rs) != 0 {
		t.Errorf("archived article still found: %v", rs)
	}
}

// A file-based article says which file holds its text; its body is not
// offered for editing.
func TestArticleScreenFileBasedArticle(t *testing.T) {
	h := newHarness(t, 120, 40)
	dir := t.TempDir()
	writeTestFile(t, dir, "vpn/lent.md", "---\ntitle: Le VPN rame\nverified: 2026-05-01\n---\nRelancez FortiClient.")
	if _, err := h.kb.Import(context.Background(), dir, kb.ImportOptions{Collection: "equipe"}); err != nil {
		t.Fatal(err)
	}
	h.press("b", "vpn rame", "enter")
	h.mustSee("collection equipe", "fichier vpn/lent.md", "vérifié le 2026-05-01")
	h.press("e")
	h.mustNotSee("Texte")
	h.press("esc", "tab")
	h.mustSee("modifiez le fichier puis relancez kb import")
}

// V on the knowledge base lists the articles to review, with why.
func TestReviewList(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.press("b", "tab", "V")
	if _, ok := h.top().(*reviewScreen); !ok {
		t.Fatalf("V did not open the review list: %T", h.top())
	}
	h.mustSee("Articles à revoir (2)", "Télétravail : préparer son poste", "jamais vérifié · pas revu depuis 6 mois")
	h.press("enter")
	if _, ok := h.top().(*articleViewer); !ok {
		t.Fatalf("enter on the review list: %T", h.top())
	}
	h.press("e", "v", "esc")
	h.mustSee("Articles à revoir (1)")
}

// A search that found nothing, or that ended without opening, copying or
// linking anything, reaches the reports' missing tutorials; one that was
// used does not.
func TestInterfaceRecordsMissedSearches(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.press("b", "badgeuse", "esc")
	h.press("b", "teletravail", "tab", "esc")
	h.press("b", "vpn", "enter", "esc", "esc")
	ms, err := h.kb.MissedSearches(context.Background(), time.Time{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.Query)
	}
	if strings.Join(got, ",") != "badgeuse,teletravail" && strings.Join(got, ",") != "teletravail,badgeuse" {
		t.Errorf("missed searches = %v, want badgeuse and teletravail (not vpn, which was opened)", got)
	}
}

func TestGoldenCurationScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, sc := range []struct {
			name string
			keys []string
		}{
			{"article_meta", []string{"b", "teletravail", "enter"}},
			{"article_edit_menu", []string{"b", "teletravail", "enter", "e"}},
			{"review", []string{"b", "tab", "V"}},
		} {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, size[0], size[1])
				h.press(sc.keys...)
				v := h.view()
				checkFrame(t, v, size[0], size[1])
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}

func writeTestFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
