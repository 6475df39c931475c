package app

import (
	"errors"
	"testing"

	"hotline/kb"
	"hotline/tickets"
)

// An article created by mistake is deleted by its author or an admin, in
// one go: linked tickets lose the link with a history row naming it, a
// problem loses its article, and search no longer finds it. Anyone else
// is told who may; an imported article (no author) is for admins only.
func TestDeleteArticleByAuthorOrAdmin(t *testing.T) {
	a := openTestApp(t)
	ctx := t.Context()
	ts := a.Tickets()
	for _, n := range []tickets.NewTechnician{{Login: "chef", Role: tickets.RoleAdmin}, {Login: "marie"}, {Login: "bob"}} {
		if _, err := ts.AddTechnician(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	mine, err := a.KB().Add(ctx, kb.Article{Title: "Zorglub en double", Body: "Un brouillon zorglub créé par erreur.", Author: "marie"})
	if err != nil {
		t.Fatal(err)
	}
	nobody, err := a.KB().Add(ctx, kb.Article{Title: "Imprimante", Body: "Ajouter l'imprimante."})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := ts.Create(ctx, tickets.NewTicket{Title: "Zorglub", Description: "d"}, "marie")
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Link(ctx, tk.ID, mine.ID, "marie"); err != nil {
		t.Fatal(err)
	}
	p, err := ts.CreateProblem(ctx, tickets.NewProblem{Title: "Zorglub", ArticleID: mine.ID}, "marie")
	if err != nil {
		t.Fatal(err)
	}

	var nc *tickets.NotCreatorError
	if _, err := a.ArticleDesk().DeleteArticle(ctx, mine.ID, "bob"); !errors.As(err, &nc) || nc.Creator != "marie" {
		t.Fatalf("bob deleting marie's article: %v", err)
	}
	if _, err := a.ArticleDesk().DeleteArticle(ctx, nobody.ID, "marie"); !errors.As(err, &nc) || nc.Creator != "" {
		t.Fatalf("marie deleting an article without author: %v", err)
	}
	if ok, _ := a.KB().Exists(ctx, mine.ID); !ok {
		t.Fatal("a refused deletion removed the article")
	}

	n, err := a.ArticleDesk().DeleteArticle(ctx, mine.ID, "marie")
	if err != nil || n != 1 {
		t.Fatalf("author deleting: n=%d err=%v", n, err)
	}
	if ok, _ := a.KB().Exists(ctx, mine.ID); ok {
		t.Fatal("the article is still there")
	}
	if rs, err := a.KB().Search(ctx, "zorglub", kb.SearchOptions{}); err != nil || len(rs) != 0 {
		t.Fatalf("search still finds the deleted article: %v %v", rs, err)
	}
	if links, _ := ts.Links(ctx, tk.ID); len(links) != 0 {
		t.Fatalf("ticket still linked: %+v", links)
	}
	hist, _ := ts.History(ctx, tk.ID)
	last := hist[len(hist)-1]
	if last.Field != "article deleted" || last.Old != "1 Zorglub en double" || last.Actor != "marie" {
		t.Fatalf("history = %+v", last)
	}
	if got, _ := ts.Problem(ctx, p.ID); got.ArticleID != 0 {
		t.Fatalf("problem still points to the deleted article: %+v", got)
	}
	if _, err := a.ArticleDesk().DeleteArticle(ctx, nobody.ID, "chef"); err != nil {
		t.Fatalf("admin deleting an imported article: %v", err)
	}
	if _, err := a.ArticleDesk().DeleteArticle(ctx, nobody.ID, "chef"); !errors.Is(err, kb.ErrNotFound) {
		t.Fatalf("deleting twice: %v", err)
	}
}
