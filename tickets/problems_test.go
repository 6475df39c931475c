package tickets

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestProblemLifecycle(t *testing.T) {
	s, _ := openStore(t, nil)
	ctx := context.Background()
	a := mustCreate(t, s, NewTicket{Title: "VPN coupe toutes les 10 minutes", Assignee: "bob"})
	b := mustCreate(t, s, NewTicket{Title: "VPN déconnecté en 4G"})
	c := mustCreate(t, s, NewTicket{Title: "VPN ne tient pas", Status: "solved"})
	other := mustCreate(t, s, NewTicket{Title: "imprimante"})

	if _, err := s.CreateProblem(ctx, NewProblem{Title: "Coupures VPN", TicketIDs: []int64{a.ID, 999}}, "bob"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("problem with an unknown ticket: %v", err)
	}
	if ps, _ := s.Problems(ctx, nil, 10, 0); len(ps) != 0 {
		t.Fatal("a refused problem was stored")
	}
	p, err := s.CreateProblem(ctx, NewProblem{Title: "Coupures VPN", RootCause: "MTU trop grande en 4G", Workaround: "Baisser la MTU", ArticleID: 12, TicketIDs: []int64{a.ID, b.ID}}, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if p.Incidents != 2 || p.OpenCount != 2 || p.Status != ProblemOpen || p.ArticleID != 12 {
		t.Errorf("new problem = %+v", p)
	}
	if n, err := s.LinkIncidents(ctx, p.ID, []int64{b.ID, c.ID}, "carol"); err != nil || n != 1 {
		t.Errorf("bulk link (one already linked): %d %v", n, err)
	}
	ps, _ := s.ProblemsOf(ctx, c.ID)
	if len(ps) != 1 || ps[0].ID != p.ID || ps[0].Incidents != 3 {
		t.Errorf("problems of c = %+v", ps)
	}
	if _, err := s.UnlinkIncidents(ctx, p.ID, []int64{other.ID}, "carol"); err == nil {
		t.Error("unlinking a ticket that is not an incident succeeded")
	}
	msg := "Ce ticket fait partie d'un problème connu, voici le tutoriel : https://intranet/vpn-mtu"
	n, err := s.SolveProblem(ctx, p.ID, true, msg, "carol")
	if err != nil || n != 2 {
		t.Fatalf("solve: %d %v", n, err)
	}
	for _, id := range []int64{a.ID, b.ID} {
		tk, _ := s.Get(ctx, id)
		fs, _ := s.Followups(ctx, id)
		if tk.Status != StatusSolved || len(fs) != 1 || fs[0].Body != msg || fs[0].Private {
			t.Errorf("incident #%d after solve: %s, followups %+v", id, tk.Status, fs)
		}
	}
	p, _ = s.Problem(ctx, p.ID)
	if p.Status != ProblemSolved || p.SolvedAt == nil || p.OpenCount != 0 {
		t.Errorf("solved problem = %+v", p)
	}
	h, _ := s.History(ctx, a.ID)
	var fields []string
	for _, c := range h {
		fields = append(fields, c.Field)
	}
	if !strings.Contains(strings.Join(fields, " "), "problem comment status") {
		t.Errorf("history of an incident: %v", fields)
	}
	if _, err := s.Problem(ctx, 77); err == nil || !strings.Contains(err.Error(), "problem 77 does not exist") {
		t.Errorf("unknown problem: %v", err)
	}
}
