package tickets

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"hotline/internal/db"
)

// "assigned" with nobody assigned is refused on create (CLI, import) and on
// update (interface, CLI), with a typed error.
func TestAssignedNeedsAnAssignee(t *testing.T) {
	s, _ := openStore(t, newClock())
	ctx := context.Background()
	_, err := s.Create(ctx, NewTicket{Title: "x", Description: "y", Status: "assigned"}, "bob")
	if !errors.Is(err, ErrNoAssignee) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("create assigned to nobody: err = %v", err)
	}
	tk := mustCreate(t, s, NewTicket{Title: "x", Description: "y"})
	st := StatusAssigned
	if _, err := s.Update(ctx, tk.ID, tk.Version, Patch{Status: &st}, "bob"); !errors.Is(err, ErrNoAssignee) {
		t.Fatalf("update to assigned with nobody: err = %v", err)
	}
	// Taking the assignee off an assigned ticket sends it back to triage.
	who := "alice"
	tk, err = s.Update(ctx, tk.ID, 0, Patch{Assignee: &who}, "bob")
	if err != nil || tk.Status != StatusAssigned {
		t.Fatalf("assign: %v %v", tk, err)
	}
	nobody := ""
	if tk, err = s.Update(ctx, tk.ID, 0, Patch{Assignee: &nobody}, "bob"); err != nil || tk.Status != StatusNew {
		t.Fatalf("unassign: status %v, err %v", tk.Status, err)
	}
	// Reopening a solved ticket nobody holds puts it in triage, not in
	// "assigned" to nobody.
	solved := StatusSolved
	if _, err := s.Update(ctx, tk.ID, 0, Patch{Status: &solved}, "bob"); err != nil {
		t.Fatal(err)
	}
	if tk, err = s.Update(ctx, tk.ID, 0, Patch{Status: &st}, "bob"); err != nil || tk.Status != StatusNew {
		t.Fatalf("reopen with nobody: status %v, err %v", tk.Status, err)
	}
}

// Tickets left "assigned" to nobody by earlier versions go back to "new"
// when the database is upgraded, with a history line.
func TestUpgradePutsAssignedToNobodyBackInTriage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := Schema
	old.Migrations = old.Migrations[:2]
	d, err := db.Open(ctx, path, old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, `INSERT INTO tickets(title, description, status, assignee, category, urgency, impact, priority, created_at, updated_at, due_at, version)
		VALUES ('orphan', 'd', 'assigned', '', 'Autre', 3, 3, 3, 1, 1, 100, 1)`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	d, err = db.Open(ctx, path, Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var status string
	var hist int
	if err := d.QueryRowContext(ctx, `SELECT status FROM tickets WHERE title = 'orphan'`).Scan(&status); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRowContext(ctx, `SELECT count(*) FROM ticket_history WHERE field = 'status' AND new_value = 'new'`).Scan(&hist); err != nil {
		t.Fatal(err)
	}
	if status != "new" || hist != 1 {
		t.Fatalf("after upgrade: status %q, %d history lines", status, hist)
	}
}

// A status and an assignee asked in one update give that status, whatever
// the ticket's state before: `ticket update 3 --status pending --assignee
// bob` once ended "assigned" (the assignee's rule or the reopen rule won
// over the asked status).
func TestStatusAndAssigneeTogetherKeepTheAskedStatus(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	ctx := context.Background()
	for _, before := range []Status{StatusNew, StatusAssigned, StatusPlanned, StatusPending, StatusSolved, StatusClosed} {
		for _, asked := range []Status{StatusPending, StatusPlanned, StatusAssigned} {
			tk := mustCreate(t, s, NewTicket{Title: "VPN coupé " + string(before) + " " + string(asked), Assignee: "alice"})
			switch before {
			case StatusNew:
				nobody := ""
				tk, _ = s.Update(ctx, tk.ID, 0, Patch{Assignee: &nobody}, "lead")
			case StatusAssigned:
			case StatusClosed:
				solved := StatusSolved
				tk, _ = s.Update(ctx, tk.ID, 0, Patch{Status: &solved}, "lead")
				fallthrough
			default:
				st := before
				tk, _ = s.Update(ctx, tk.ID, 0, Patch{Status: &st}, "lead")
			}
			if tk.Status != before {
				t.Fatalf("setting up a %s ticket gave %s", before, tk.Status)
			}
			st, bob := asked, "bob"
			got, err := s.Update(ctx, tk.ID, 0, Patch{Status: &st, Assignee: &bob}, "lead")
			if err != nil {
				t.Fatalf("%s ticket, --status %s --assignee bob: %v", before, asked, err)
			}
			if got.Status != asked || got.Assignee != "bob" {
				t.Errorf("%s ticket, --status %s --assignee bob: status %s, assignee %q", before, asked, got.Status, got.Assignee)
			}
			if got.SolvedAt != nil || got.ClosedAt != nil {
				t.Errorf("%s ticket reopened as %s keeps solved %v closed %v", before, asked, got.SolvedAt, got.ClosedAt)
			}
		}
	}
}
