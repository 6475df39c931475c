package app

import (
	"errors"
	"strings"
	"testing"

	"hotline/kb"
	"hotline/tickets"
)

// A call solved while the caller was on the line is filed solved, with
// the tutorial sent linked, the "tutoriel envoyé" follow-up and the
// solution as public follow-ups, its first response and solved times set.
func TestTakeCallSolvedWithTheTutorial(t *testing.T) {
	a := openTestApp(t)
	ctx := t.Context()
	art, err := a.KB().Add(ctx, kb.Article{Title: "VPN", Body: "Lancez FortiClient.", URL: "https://kb/vpn"})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := a.Calls().TakeCall(ctx, Call{
		Ticket:    tickets.NewTicket{Title: "VPN coupé", Requester: tickets.Requester{Name: "Sophie Martin"}, Assignee: "marie", Channel: tickets.ChannelPhone},
		Solved:    true,
		Solution:  "Relancé FortiClient, la connexion tient.",
		ArticleID: art.ID, SentNote: "tutoriel envoyé : VPN — https://kb/vpn",
	}, "marie")
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != tickets.StatusSolved || tk.SolvedAt == nil || tk.FirstResponseAt == nil {
		t.Fatalf("ticket = status %s solved %v first response %v", tk.Status, tk.SolvedAt, tk.FirstResponseAt)
	}
	fs, _ := a.Tickets().Followups(ctx, tk.ID)
	if len(fs) != 2 || !strings.HasPrefix(fs[0].Body, "tutoriel envoyé") || fs[1].Body != "Relancé FortiClient, la connexion tient." || fs[0].Private || fs[1].Private {
		t.Fatalf("follow-ups = %+v", fs)
	}
	links, _ := a.Tickets().Links(ctx, tk.ID)
	if len(links) != 1 || links[0].ArticleID != art.ID {
		t.Fatalf("links = %+v", links)
	}
}

// Solved without the solution, or a refused field: nothing is written.
func TestTakeCallRefusedWritesNothing(t *testing.T) {
	a := openTestApp(t)
	ctx := t.Context()
	_, err := a.Calls().TakeCall(ctx, Call{Ticket: tickets.NewTicket{Title: "x"}, Solved: true, Solution: "  "}, "marie")
	var fe *tickets.FieldError
	if !errors.As(err, &fe) || fe.Field != "solution" || !errors.Is(err, tickets.ErrInvalid) {
		t.Fatalf("solved without a solution: %v", err)
	}
	// The follow-up is refused after the ticket and its link were
	// inserted: they go with it.
	_, err = a.Calls().TakeCall(ctx, Call{Ticket: tickets.NewTicket{Title: "y"}, ArticleID: 1, SentNote: strings.Repeat("x", tickets.MaxCommentLen+1)}, "marie")
	if !errors.Is(err, tickets.ErrInvalid) {
		t.Fatalf("an overlong follow-up should be refused: %v", err)
	}
	if n, _ := a.Tickets().Count(ctx, tickets.Filter{All: true}); n != 0 {
		t.Fatalf("%d tickets written by refused calls", n)
	}
}
