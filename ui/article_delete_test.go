package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"hotline/tickets"
)

// D on the article screen deletes an article created by mistake after an
// o/N question that fits at 80 columns; the screen closes, the footer says
// how many tickets lost the link, and the ticket's timeline names the
// deleted article.
func TestDeleteArticleFromItsScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t, size[0], size[1])
		ctx := context.Background()
		id := h.ids["teletravail"]
		if err := h.tickets.Link(ctx, h.ids["solved"], id, "marie"); err != nil {
			t.Fatal(err)
		}
		h.press("b", "teletravail", "enter")
		if _, ok := h.top().(*articleViewer); !ok {
			t.Fatalf("enter did not open the article: %T", h.top())
		}
		h.press("D")
		h.mustSee("(o/N)", "Supprimer «")
		h.press("n")
		if ok, _ := h.kb.Exists(ctx, id); !ok {
			t.Fatal("n deleted the article")
		}
		h.press("D", "o")
		if _, ok := h.top().(*articleViewer); ok {
			t.Fatal("the article screen stayed open after the deletion")
		}
		if want := fmt.Sprintf("Article %d supprimé ; 1 ticket a perdu ce lien.", id); !strings.Contains(h.m.status, want) {
			t.Errorf("status = %q, want %q", h.m.status, want)
		}
		if ok, _ := h.kb.Exists(ctx, id); ok {
			t.Fatal("the article is still there")
		}
		for h.top() != screen(h.queue()) {
			h.press("esc")
		}
		h.openTicket("solved")
		h.mustSee("supprimé")
		if links, _ := h.tickets.Links(ctx, h.ids["solved"]); len(links) != 0 {
			t.Errorf("ticket still linked: %+v", links)
		}
	}
}

// refusingDesk answers as the use case does to someone who is neither
// an admin nor the article's author.
type refusingDesk struct{ author string }

func (d refusingDesk) DeleteArticle(_ context.Context, id int64, actor string) (int, error) {
	return 0, &tickets.NotCreatorError{What: "article", ID: id, Actor: actor, Creator: d.author}
}

func TestDeleteArticleRefusalSaysWhoMay(t *testing.T) {
	for author, want := range map[string]string{
		"karim": "Seul un admin ou son auteur (karim) peut supprimer cet article.",
		"":      "Seul un admin peut supprimer cet article (importé, sans auteur connu).",
	} {
		h := newHarness(t, 80, 24, func(o *Options) { o.ArticleDesk = refusingDesk{author} })
		h.press("b", "teletravail", "enter", "D", "o")
		if !strings.Contains(h.m.status, want) {
			t.Errorf("author %q: status = %q", author, h.m.status)
		}
		if _, ok := h.top().(*articleViewer); !ok {
			t.Errorf("a refusal closed the article screen: %T", h.top())
		}
	}
}
