package app

import (
	"context"
	"slices"
	"testing"
	"time"

	"hotline/kb"
	"hotline/tickets"
)

func similarIDs(r tickets.SimilarResult) []int64 {
	var ids []int64
	for _, s := range r.Tickets {
		ids = append(ids, s.Ticket.ID)
	}
	return ids
}

func articleIDs(rs []kb.Result) []int64 {
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return ids
}

// A side pane asked again (a colleague opens the same ticket) is not
// computed again; once a ticket is written, an article added or the ticket
// itself changed, the next one asked is fresh.
func TestSidePanesFollowChanges(t *testing.T) {
	a := openTestApp(t)
	ctx := t.Context()
	mk := func(title string) *tickets.Ticket {
		t.Helper()
		tk, err := a.Tickets().Create(ctx, tickets.NewTicket{Title: title, Description: "Le VPN coupe dès que je passe en 4G, Forticlient se déconnecte."}, "marie")
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	open := mk("VPN coupe en 4G")
	first := mk("VPN qui coupe en 4G")
	if _, err := a.KB().Add(ctx, kb.Article{Title: "Forticlient se déconnecte en 4G", Body: "Le VPN coupe en 4G : passer Forticlient en mode TCP."}); err != nil {
		t.Fatal(err)
	}
	side := a.SidePanes()
	arts, sim, err := side.SidePane(ctx, open, 8, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(similarIDs(sim), first.ID) || len(arts) != 1 {
		t.Fatalf("side pane: similar %v (want #%d), articles %v", similarIDs(sim), first.ID, articleIDs(arts))
	}
	// Another interface asks: the same answer, not computed again.
	arts2, sim2, err := side.SidePane(ctx, open, 8, 5)
	if err != nil || side.Computed() != 1 || !slices.Equal(similarIDs(sim2), similarIDs(sim)) || !slices.Equal(articleIDs(arts2), articleIDs(arts)) {
		t.Fatalf("asked again: computed %d times, similar %v, articles %v, err %v", side.Computed(), similarIDs(sim2), articleIDs(arts2), err)
	}

	// A new similar ticket, told to the process's interfaces as after
	// any write of theirs: the next side pane has it.
	second := mk("Encore le VPN qui coupe en 4G")
	a.Live().Notify()
	_, sim, err = side.SidePane(ctx, open, 8, 5)
	if err != nil || !slices.Contains(similarIDs(sim), second.ID) {
		t.Fatalf("after a new ticket: similar %v, want #%d in it (err %v)", similarIDs(sim), second.ID, err)
	}

	// A new article (the knowledge base counts its writes).
	art, err := a.KB().Add(ctx, kb.Article{Title: "VPN en 4G : coupures", Body: "Quand le VPN coupe en 4G, relancer Forticlient."})
	if err != nil {
		t.Fatal(err)
	}
	arts, _, err = side.SidePane(ctx, open, 8, 5)
	if err != nil || !slices.Contains(articleIDs(arts), art.ID) {
		t.Fatalf("after a new article: articles %v, want #%d in them (err %v)", articleIDs(arts), art.ID, err)
	}

	// The ticket itself changed (its version): computed for the new text.
	n := side.Computed()
	changed, err := a.Tickets().Update(ctx, open.ID, open.Version, tickets.Patch{Title: ptr("Imprimante bloquée")}, "marie")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := side.SidePane(ctx, changed, 8, 5); err != nil || side.Computed() != n+1 {
		t.Fatalf("a changed ticket: computed %d times (want %d), err %v", side.Computed(), n+1, err)
	}
}

func ptr[T any](v T) *T { return &v }

// Nothing is kept longer than sideTTL (an article changed by another
// process moves neither count), and a failed computation is not kept.
func TestSidePanesExpire(t *testing.T) {
	a := openTestApp(t)
	ctx := t.Context()
	tk, err := a.Tickets().Create(ctx, tickets.NewTicket{Title: "VPN coupe en 4G"}, "marie")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	side := newSidePanes(a.KB(), a.Tickets(), a.Live(), func() time.Time { return now })
	for range 2 {
		if _, _, err := side.SidePane(ctx, tk, 8, 5); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(sideTTL)
	if _, _, err := side.SidePane(ctx, tk, 8, 5); err != nil || side.Computed() != 2 {
		t.Fatalf("after %s: computed %d times, want 2 (err %v)", sideTTL, side.Computed(), err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	now = now.Add(sideTTL)
	if _, _, err := side.SidePane(cancelled, tk, 8, 5); err == nil {
		t.Fatal("no error with a cancelled context")
	}
	if _, _, err := side.SidePane(ctx, tk, 8, 5); err != nil || side.Computed() != 3 {
		t.Fatalf("after a failed computation: computed %d times, want 3 (err %v)", side.Computed(), err)
	}
}
