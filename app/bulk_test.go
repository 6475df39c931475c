package app

import (
	"errors"
	"strings"
	"testing"

	"hotline/kb"
	"hotline/tickets"
)

func bulkFixture(t *testing.T) (*App, []*tickets.Ticket, *kb.Article) {
	t.Helper()
	a := openTestApp(t)
	ctx := t.Context()
	for _, n := range []tickets.NewTechnician{{Login: "marie", Role: tickets.RoleAdmin}, {Login: "ndiallo"}, {Login: "olivier", Role: tickets.RoleObserver}} {
		if _, err := a.Tickets().AddTechnician(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	var ts []*tickets.Ticket
	for _, title := range []string{"VPN coupe", "Teams sans son", "Outlook bloqué"} {
		tk, err := a.Tickets().Create(ctx, tickets.NewTicket{Title: title, Tags: []string{"urgent"}}, "marie")
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, tk)
	}
	art, err := a.KB().Add(ctx, kb.Article{Title: "Relancer le VPN", Body: "Étapes.", URL: "https://kb.example/vpn"})
	if err != nil {
		t.Fatal(err)
	}
	return a, ts, art
}

func targets(ts []*tickets.Ticket) []BulkTarget {
	out := make([]BulkTarget, len(ts))
	for i, t := range ts {
		out[i] = BulkTarget{ID: t.ID, Version: t.Version}
	}
	return out
}

func TestBulkChangesEveryTicketWithItsHistory(t *testing.T) {
	a, ts, art := bulkFixture(t)
	ctx := t.Context()
	who, cat := "ndiallo", "Réseau/VPN"
	res, err := a.Bulk(ctx, targets(ts), BulkChange{Assignee: &who, Category: &cat, AddTags: []string{"vpn"}, RemoveTags: []string{"urgent"},
		Comment: "Incident réseau en cours, nous revenons vers vous.", ArticleID: art.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tickets) != 3 || res.Article == nil || res.Article.ID != art.ID {
		t.Fatalf("result %+v", res)
	}
	for i, before := range ts {
		got, _ := a.Tickets().Get(ctx, before.ID)
		if got.Assignee != "ndiallo" || got.Status != tickets.StatusAssigned || got.Category != cat || strings.Join(got.Tags, " ") != "vpn" {
			t.Errorf("#%d after bulk: %s %s %q %v", got.ID, got.Assignee, got.Status, got.Category, got.Tags)
		}
		if got.Version <= before.Version || res.Tickets[i].Version != got.Version {
			t.Errorf("#%d version %d (was %d, result says %d)", got.ID, got.Version, before.Version, res.Tickets[i].Version)
		}
		fields := map[string]bool{}
		h, _ := a.Tickets().History(ctx, got.ID)
		for _, c := range h {
			if c.Actor == "marie" {
				fields[c.Field] = true
			}
		}
		for _, f := range []string{"assignee", "status", "category", "tag", "article"} {
			if !fields[f] {
				t.Errorf("#%d history lacks %s: %+v", got.ID, f, h)
			}
		}
		fs, _ := a.Tickets().Followups(ctx, got.ID)
		if len(fs) != 1 || fs[0].Private || fs[0].Author != "marie" {
			t.Errorf("#%d follow-ups %+v", got.ID, fs)
		}
		if l, _ := a.Tickets().Links(ctx, got.ID); len(l) != 1 || l[0].ArticleID != art.ID {
			t.Errorf("#%d links %+v", got.ID, l)
		}
	}
}

func TestBulkIsAllOrNothing(t *testing.T) {
	a, ts, art := bulkFixture(t)
	ctx := t.Context()
	marked := targets(ts)
	// Someone else changes the second ticket after it was marked.
	if _, err := a.Tickets().Update(ctx, ts[1].ID, 0, tickets.Patch{Title: ptrTo("Teams : plus de son du tout")}, "ndiallo"); err != nil {
		t.Fatal(err)
	}
	who := "ndiallo"
	_, err := a.Bulk(ctx, marked, BulkChange{Assignee: &who, Comment: "pris en charge", ArticleID: art.ID})
	var stale *BulkStaleError
	if !errors.As(err, &stale) || stale.ID != ts[1].ID || stale.By != "ndiallo" || !errors.Is(err, tickets.ErrConflict) {
		t.Fatalf("stale ticket: %v", err)
	}
	if !strings.Contains(err.Error(), "#2 was changed by ndiallo since it was marked") {
		t.Errorf("message %q", err)
	}
	// A change that one ticket refuses (a closed ticket cannot be solved).
	closed := tickets.StatusClosed
	if _, err := a.Tickets().Update(ctx, ts[2].ID, 0, tickets.Patch{Status: &closed}, "marie"); err != nil {
		t.Fatal(err)
	}
	solved := tickets.StatusSolved
	_, err = a.Bulk(ctx, []BulkTarget{{ID: ts[0].ID}, {ID: ts[2].ID}}, BulkChange{Status: &solved, Comment: "résolu"})
	var bad *BulkTicketError
	if !errors.As(err, &bad) || bad.ID != ts[2].ID {
		t.Fatalf("closed ticket: %v", err)
	}
	// Unknown article, unknown ticket, an observer, nothing to do.
	if _, err := a.Bulk(ctx, []BulkTarget{{ID: ts[0].ID}}, BulkChange{ArticleID: 999}); !errors.Is(err, kb.ErrNotFound) {
		t.Errorf("unknown article: %v", err)
	}
	if _, err := a.Bulk(ctx, []BulkTarget{{ID: ts[0].ID}, {ID: 999}}, BulkChange{Comment: "x"}); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("unknown ticket: %v", err)
	}
	var forbidden *tickets.ForbiddenError
	if _, err := (a.BulkDesk()).Bulk(ctx, []BulkTarget{{ID: ts[0].ID}}, BulkChange{Comment: "x"}, "olivier"); !errors.As(err, &forbidden) {
		t.Errorf("observer: %v", err)
	}
	if _, err := a.Bulk(ctx, []BulkTarget{{ID: ts[0].ID}}, BulkChange{Comment: "  "}); !errors.Is(err, ErrBulkEmpty) {
		t.Errorf("empty change: %v", err)
	}
	// Nothing of the refused actions reached any ticket.
	for _, before := range ts {
		got, _ := a.Tickets().Get(ctx, before.ID)
		if got.Assignee != "" || got.Status == tickets.StatusSolved {
			t.Errorf("#%d assigned to %q by a refused bulk action", got.ID, got.Assignee)
		}
		if fs, _ := a.Tickets().Followups(ctx, got.ID); len(fs) != 0 {
			t.Errorf("#%d has follow-ups from a refused bulk action: %+v", got.ID, fs)
		}
		if l, _ := a.Tickets().Links(ctx, got.ID); len(l) != 0 {
			t.Errorf("#%d linked by a refused bulk action", got.ID)
		}
	}
	if got, _ := a.Tickets().Get(ctx, ts[0].ID); got.Status != tickets.StatusNew {
		t.Errorf("#%d went %s though the bulk action failed on another ticket", got.ID, got.Status)
	}
}

func ptrTo[T any](v T) *T { return &v }
