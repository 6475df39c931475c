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
