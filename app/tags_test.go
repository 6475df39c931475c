package app

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"hotline/kb"
	"hotline/tickets"
)

func openTestApp(t *testing.T) *App {
	t.Helper()
	dir := t.TempDir()
	a, err := New(Settings{DBPath: filepath.Join(dir, "h.db"), Getenv: func(k string) string {
		return map[string]string{"XDG_CONFIG_HOME": dir, "USER": "marie"}[k]
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// A tag merge changes tickets and articles in one transaction: when the
// articles' part fails, no ticket changed either.
func TestRetagTicketsAndArticlesInOneTransaction(t *testing.T) {
	a := openTestApp(t)
	ctx := t.Context()
	tk, err := a.Tickets().Create(ctx, tickets.NewTicket{Title: "vpn", Tags: []string{"vpn-forti"}}, "marie")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.KB().Add(ctx, kb.Article{Title: "VPN", Body: "Forticlient.", Tags: []string{"vpn-forti"}}); err != nil {
		t.Fatal(err)
	}
	// The articles' update fails inside the transaction.
	if _, err := a.DB().ExecContext(ctx, `CREATE TRIGGER fail_retag BEFORE UPDATE OF tags ON articles BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RetagTags(ctx, "vpn-forti", "vpn", true); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("merge with a failing article update: %v", err)
	}
	got, _ := a.Tickets().Get(ctx, tk.ID)
	if strings.Join(got.Tags, " ") != "vpn-forti" || got.Version != tk.Version {
		t.Fatalf("the ticket changed though the merge failed: %v v%d", got.Tags, got.Version)
	}
	if h, _ := a.Tickets().History(ctx, tk.ID); len(h) != 1 {
		t.Errorf("history rows of a failed merge: %+v", h)
	}
	a.DB().ExecContext(ctx, `DROP TRIGGER fail_retag`)
	res, err := a.RetagTags(ctx, "vpn-forti", "vpn", true)
	if err != nil || res.Tickets != 1 || res.Articles != 1 {
		t.Fatalf("merge: %+v %v", res, err)
	}
	// A tag on nothing is a typed error; a tag on articles only is fine.
	if _, err := a.RetagTags(ctx, "nosuch", "x", false); !errors.Is(err, tickets.ErrNoSuchTag) {
		t.Errorf("unknown tag: %v", err)
	}
	a.KB().Add(ctx, kb.Article{Title: "Imprimante", Body: "x", Tags: []string{"imprimante"}})
	if res, err := a.RetagTags(ctx, "imprimante", "impression", false); err != nil || res.Articles != 1 || res.Tickets != 0 {
		t.Errorf("article-only tag: %+v %v", res, err)
	}
}

// Tag counts put tickets and articles together with one normalisation:
// "Réseau" on a ticket and "reseau" on an article are one tag.
func TestTagCountsOneNormalisation(t *testing.T) {
	a := openTestApp(t)
	ctx := t.Context()
	a.Tickets().Create(ctx, tickets.NewTicket{Title: "x", Tags: []string{"Réseau"}}, "marie")
	a.Tickets().Create(ctx, tickets.NewTicket{Title: "y", Tags: []string{"réseau", "wifi"}}, "marie")
	a.KB().Add(ctx, kb.Article{Title: "Box", Body: "x", Tags: []string{"reseau"}})
	rows, err := a.TagCounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || TagKey(rows[0].Tag) != "reseau" || rows[0].Tickets != 2 || rows[0].Articles != 1 || rows[1].Tag != "wifi" {
		t.Errorf("counts = %+v", rows)
	}
	if rows, _ := a.TagCounts(ctx, "RES"); len(rows) != 1 {
		t.Errorf("prefix: %+v", rows)
	}
}

// The ticket detail gathers the ticket, follow-ups, history, linked
// articles (a deleted one kept by number) and problems.
func TestTicketDetail(t *testing.T) {
	a := openTestApp(t)
	ctx := t.Context()
	tk, _ := a.Tickets().Create(ctx, tickets.NewTicket{Title: "Caméra noire"}, "marie")
	art, _ := a.KB().Add(ctx, kb.Article{Title: "Caméra Teams", Body: "Paramètres.", URL: "https://kb/cam"})
	a.Tickets().Link(ctx, tk.ID, art.ID, "marie")
	a.Tickets().Link(ctx, tk.ID, 99, "marie")
	a.Tickets().Comment(ctx, tk.ID, "marie", "Redémarrez Teams", false)
	p, _ := a.Tickets().CreateProblem(ctx, tickets.NewProblem{Title: "Teams", TicketIDs: []int64{tk.ID}}, "marie")
	d, err := a.TicketDetail(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Ticket.Title != "Caméra noire" || len(d.Followups) != 1 || len(d.History) < 3 || len(d.Problems) != 1 || d.Problems[0].ID != p.ID {
		t.Errorf("detail = %+v", d)
	}
	if len(d.Links) != 2 || d.Links[0].Article == nil || d.Links[0].Article.URL != "https://kb/cam" || d.Links[1].Article != nil || d.Links[1].ArticleID != 99 {
		t.Errorf("links = %+v", d.Links)
	}
	if _, err := a.TicketDetail(ctx, 12345); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("missing ticket: %v", err)
	}
	// Solving the problem with its incidents sends the shared follow-up.
	if n, err := a.SolveProblem(ctx, p.ID, true, ""); err != nil || n != 1 {
		t.Fatalf("solve: %d %v", n, err)
	}
	d, _ = a.TicketDetail(ctx, tk.ID)
	if last := d.Followups[len(d.Followups)-1]; !strings.Contains(last.Body, "incident connu : Teams") || d.Ticket.Status != tickets.StatusSolved {
		t.Errorf("after solve: %s %q", d.Ticket.Status, last.Body)
	}
}
