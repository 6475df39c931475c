package ui

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// FuzzQueueFilter types anything in the queue's / filter: it is either
// refused with a message or gives a filter the store can list and count,
// in every order, without an error.
func FuzzQueueFilter(f *testing.F) {
	for _, s := range []string{
		"", "vpn", "tag:vpn status:open", "@me prio:1", "@none cat:res", "status:tous", "status:retard teams",
		"conn:4g svc:Ressources_humaines", "prio:0", "prio:99999999999999999999", "cat:", ":", "@", "status:x",
		`"quoted`, "a* -b NEAR(c d)", "tag:é\x00", "caf\xe9 status:clos", "st:overdue @Zoé",
	} {
		f.Add(s)
	}
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"), tickets.Schema, kb.Schema)
	if err != nil {
		f.Fatal(err)
	}
	defer d.Close()
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	ts := tickets.NewStore(d.DB, tickets.Options{Now: func() time.Time { return now }})
	for _, n := range []tickets.NewTicket{
		{Title: "VPN coupe", Description: "la connexion VPN tombe", Tags: []string{"vpn"}, Urgency: 4, Impact: 3},
		{Title: "Imprimante", Description: "bourrage papier", Assignee: "tester", Category: ts.Categories()[0]},
		{Title: "Écran noir", Description: "après mise à jour", Requester: tickets.Requester{Service: "Ressources humaines"}},
	} {
		if _, err := ts.Create(ctx, n, "tester"); err != nil {
			f.Fatal(err)
		}
	}
	sorts := []tickets.Sort{tickets.SortPriority, tickets.SortNewest, tickets.SortUpdated, tickets.SortID, tickets.SortDue}
	f.Fuzz(func(t *testing.T, s string) {
		flt, err := parseFilter(s, filterVocab{user: "tester", categories: ts.Categories(), services: []string{"Ressources humaines"}}, tickets.Filter{Now: now})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty message")
			}
			return
		}
		for _, sort := range sorts {
			if _, err := ts.List(ctx, flt, sort, 10, ""); err != nil && !errors.Is(err, tickets.ErrInvalid) {
				t.Fatalf("filter %q (%+v), sort %s: %v", s, flt, sort, err)
			}
		}
		if _, err := ts.Count(ctx, flt); err != nil && !errors.Is(err, tickets.ErrInvalid) {
			t.Fatalf("count %q: %v", s, err)
		}
	})
}
