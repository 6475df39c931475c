package tickets

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSimilarTicketsAndRecurrence(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	ctx := context.Background()
	old := mustCreate(t, s, NewTicket{Title: "caméra noire dans Teams", Category: "Teams", Tags: []string{"camera"}})
	c.advance(60 * 24 * time.Hour) // two months later
	var recent []*Ticket
	for _, title := range []string{"Teams ne voit plus ma camera", "camera teams marche pas", "ma caméra est noire en réunion"} {
		c.advance(time.Hour)
		recent = append(recent, mustCreate(t, s, NewTicket{Title: title, Category: "Teams"}))
	}
	mustCreate(t, s, NewTicket{Title: "imprimante bloquée", Description: "le papier est coincé", Category: "Impression"})
	mustCreate(t, s, NewTicket{Title: "Teams: partage d'écran impossible", Category: "Teams"})
	c.advance(time.Hour)
	probe := mustCreate(t, s, NewTicket{Title: "Ma caméra ne marche plus dans Teams", Description: "écran noir à la place de la vidéo", Category: "Teams", Tags: []string{"camera"}})

	res, err := s.SimilarTickets(ctx, probe.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]Similar{}
	for _, sim := range res.Tickets {
		got[sim.Ticket.ID] = sim
		if sim.Ticket.ID == probe.ID {
			t.Error("a ticket is listed as similar to itself")
		}
		if strings.Contains(sim.Ticket.Title, "imprimante") {
			t.Errorf("the printer ticket is listed as similar (score %.2f, shared %v)", sim.Score, sim.Shared)
		}
	}
	for _, r := range append(recent, old) {
		if _, ok := got[r.ID]; !ok {
			t.Errorf("%q not found similar; got %v", r.Title, titles(res.Tickets))
		}
	}
	if len(res.Tickets) > 0 && res.Tickets[0].Ticket.ID != old.ID {
		// Same category, same tag, same words: the tagged one ranks first.
		t.Errorf("best match %q, want %q", res.Tickets[0].Ticket.Title, old.Title)
	}
	if res.Recent != 3 {
		t.Errorf("recurrence: %d similar tickets in 30 days, want 3 (%v)", res.Recent, titles(res.Tickets))
	}
	// Text without any meaningful word finds nothing rather than everything.
	res, _ = s.SimilarTo(ctx, Probe{Title: "bonjour ça marche pas"}, 10)
	if len(res.Tickets) != 0 {
		t.Errorf("stopwords alone matched %v", titles(res.Tickets))
	}
}

func titles(ss []Similar) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Ticket.Title)
	}
	return out
}

func TestTagListRenameMerge(t *testing.T) {
	s, _ := openStore(t, nil)
	ctx := context.Background()
	a := mustCreate(t, s, NewTicket{Title: "a", Tags: []string{"vpn", "teletravail"}})
	b := mustCreate(t, s, NewTicket{Title: "b", Tags: []string{"VPN-forti", "vpn"}})
	mustCreate(t, s, NewTicket{Title: "c", Tags: []string{"vpn-forti"}})
	tags, _ := s.Tags(ctx, "", 0)
	if len(tags) != 3 || tags[0].Tag != "vpn" || tags[0].Tickets != 2 {
		t.Errorf("tags = %+v", tags)
	}
	if tags, _ := s.Tags(ctx, "VPN", 0); len(tags) != 2 {
		t.Errorf("prefix vpn: %+v", tags)
	}
	var inUse *TagInUseError
	if _, err := s.RenameTag(ctx, "vpn", "vpn-forti", "bob"); !errors.As(err, &inUse) || inUse.Into != "vpn-forti" || inUse.Tickets != 2 {
		t.Errorf("rename onto a used tag: %v", err)
	}
	var none *NoSuchTagError
	if _, err := s.RenameTag(ctx, "nosuch", "x", "bob"); !errors.As(err, &none) || none.Tag != "nosuch" || !errors.Is(err, ErrNoSuchTag) {
		t.Errorf("rename of an unknown tag: %v", err)
	}
	if n, err := s.RenameTag(ctx, "teletravail", "télétravail", "bob"); err != nil || n != 1 {
		t.Fatalf("rename: %d %v", n, err)
	}
	n, err := s.MergeTags(ctx, "vpn-forti", "vpn", "bob")
	if err != nil || n != 2 {
		t.Fatalf("merge: %d %v", n, err)
	}
	ga, _ := s.Get(ctx, a.ID)
	gb, _ := s.Get(ctx, b.ID)
	if strings.Join(ga.Tags, " ") != "vpn télétravail" || strings.Join(gb.Tags, " ") != "vpn" {
		t.Errorf("after rename+merge: a=%v b=%v", ga.Tags, gb.Tags)
	}
	if p, _ := s.List(ctx, Filter{Tag: "vpn"}, SortID, 10, ""); len(p.Tickets) != 3 {
		t.Errorf("tag filter after merge: %d tickets", len(p.Tickets))
	}
	h, _ := s.History(ctx, b.ID)
	last := h[len(h)-1]
	if last.Field != "tag" || last.Old != "vpn-forti" || last.New != "" || last.Actor != "bob" {
		t.Errorf("merge history on b: %+v", last)
	}
	if _, err := s.RenameTag(ctx, "nosuch", "x", "bob"); err == nil {
		t.Error("renaming an unused tag succeeded")
	}
}
