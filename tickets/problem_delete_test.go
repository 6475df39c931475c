package tickets

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"hotline/internal/db"
)

// A problem created by mistake is deleted by its creator or an admin: its
// incidents stay, lose the link, and their history says the problem was
// deleted; anyone else is refused and nothing changes.
func TestDeleteProblem(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "hotline.db"), Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var s *Store
	s = NewStore(d.DB, Options{Guard: func(ctx context.Context, actor string, perm Permission) error {
		return s.Authorize(ctx, actor, perm)
	}})
	for _, n := range []NewTechnician{{Login: "root", Role: RoleAdmin}, {Login: "alice"}, {Login: "bob"}} {
		if _, err := s.AddTechnician(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	a := mustCreate(t, s, NewTicket{Title: "VPN coupé"})
	b := mustCreate(t, s, NewTicket{Title: "VPN lent"})
	mk := func() *Problem {
		p, err := s.CreateProblem(ctx, NewProblem{Title: "VPN en 4G", TicketIDs: []int64{a.ID, b.ID}}, "alice")
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := mk()
	// bob is neither the creator nor an admin.
	_, err = s.DeleteProblem(ctx, p.ID, "bob")
	var nc *NotCreatorError
	if !errors.As(err, &nc) || nc.Creator != "alice" || !errors.Is(err, ErrNotCreator) {
		t.Fatalf("bob: %v", err)
	}
	if got, _ := s.ProblemsOf(ctx, a.ID); len(got) != 1 {
		t.Fatal("a refused delete changed the links")
	}
	// alice created it.
	before, _ := s.Get(ctx, a.ID)
	n, err := s.DeleteProblem(ctx, p.ID, "alice")
	if err != nil || n != 2 {
		t.Fatalf("alice: %d %v", n, err)
	}
	var pnf *ProblemNotFoundError
	if _, err := s.Problem(ctx, p.ID); !errors.As(err, &pnf) {
		t.Errorf("problem still there: %v", err)
	}
	if got, _ := s.ProblemsOf(ctx, a.ID); len(got) != 0 {
		t.Errorf("ticket still linked: %+v", got)
	}
	after, _ := s.Get(ctx, a.ID)
	if after.Version != before.Version+1 {
		t.Errorf("version %d → %d", before.Version, after.Version)
	}
	hist, _ := s.History(ctx, a.ID)
	last := hist[len(hist)-1]
	if last.Field != "problem deleted" || last.Old != "1 VPN en 4G" || last.Actor != "alice" {
		t.Errorf("history: %+v", last)
	}
	// An admin may delete anyone's.
	if _, err := s.DeleteProblem(ctx, mk().ID, "root"); err != nil {
		t.Errorf("admin: %v", err)
	}
}
