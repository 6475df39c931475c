package tickets

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/internal/workcal"
)

func parisTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, workcal.Default().Location())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func openWorkingStore(t *testing.T, c *clock, path string) *Store {
	t.Helper()
	d, err := db.Open(context.Background(), path, Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return NewStore(d.DB, Options{Now: c.now, Clock: WorkingClock{Cal: workcal.Default()}})
}

func TestWorkingHoursDueTimes(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: parisTime(t, "2026-11-27 17:30")} // a Friday
	s := openWorkingStore(t, c, filepath.Join(t.TempDir(), "h.db"))

	// A major incident (4 working hours) filed Friday 17:30 is due Monday 11:30.
	major := mustCreate(t, s, NewTicket{Title: "serveur de fichiers arrêté", Major: true})
	if want := parisTime(t, "2026-11-30 11:30"); !major.DueAt.Equal(want) {
		t.Errorf("major filed Friday 17:30 due %s, want Monday 11:30", major.DueAt.In(want.Location()))
	}
	// Not overdue on Sunday, overdue Monday noon.
	if major.Overdue(parisTime(t, "2026-11-29 20:00")) || !major.Overdue(parisTime(t, "2026-11-30 12:00")) {
		t.Error("overdue must follow working hours")
	}
	// The overdue count and the reports' SLA breaches read the same due
	// time: nothing late over the weekend, the major incident on Monday.
	for _, tc := range []struct {
		at   string
		want int
	}{{"2026-11-29 20:00", 0}, {"2026-11-30 12:00", 1}} {
		n, err := s.Count(ctx, Filter{Overdue: true, Now: parisTime(t, tc.at)})
		if err != nil || n != tc.want {
			t.Errorf("overdue at %s: %d (%v), want %d", tc.at, n, err, tc.want)
		}
		st, err := s.Stats(ctx, parisTime(t, "2026-11-27 00:00"), parisTime(t, "2026-12-01 00:00"), parisTime(t, tc.at))
		if err != nil || st.SLABreaches != tc.want {
			t.Errorf("SLA breaches at %s: %d (%v), want %d", tc.at, st.SLABreaches, err, tc.want)
		}
	}
	// P4 (24h in the settings) is one working day: due Monday 17:30.
	p4 := mustCreate(t, s, NewTicket{Title: "imprimante", Urgency: 4, Impact: 4})
	if p4.Priority != 4 {
		t.Fatalf("priority %d", p4.Priority)
	}
	if want := parisTime(t, "2026-11-30 17:30"); !p4.DueAt.Equal(want) {
		t.Errorf("P4 due %s, want Monday 17:30", p4.DueAt.In(want.Location()))
	}

	// Pending from Friday 17:45 to Monday 09:00 stops the clock for the
	// working time in between only (15 min Friday + 1 h Monday).
	c.t = parisTime(t, "2026-11-27 17:45")
	major, err := s.Update(ctx, major.ID, 0, Patch{Status: ptr(StatusPending)}, "bob")
	if err != nil {
		t.Fatal(err)
	}
	c.t = parisTime(t, "2026-11-30 09:00")
	major, err = s.Update(ctx, major.ID, 0, Patch{Status: ptr(StatusAssigned), Assignee: ptr("bob")}, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if major.PendingSeconds != int64((75*time.Minute)/time.Second) {
		t.Errorf("pending counted %ds, want 4500 (75 working minutes)", major.PendingSeconds)
	}
	if want := parisTime(t, "2026-11-30 12:45"); !major.DueAt.Equal(want) {
		t.Errorf("due after pending %s, want Monday 12:45", major.DueAt.In(want.Location()))
	}
}

func TestRecomputeDueOnceAllTicketsNothingElse(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	c := &clock{t: parisTime(t, "2026-11-27 17:30")}
	// Tickets written in calendar time (as before migration 0009).
	d, err := db.Open(ctx, path, Schema)
	if err != nil {
		t.Fatal(err)
	}
	cal := NewStore(d.DB, Options{Now: c.now})
	var made []*Ticket
	for i := 0; i < 5; i++ {
		made = append(made, mustCreate(t, cal, NewTicket{Title: "vpn", Major: i%2 == 0, Urgency: 3, Impact: 3}))
	}
	if clock, err := cal.DueClock(ctx); err != nil || clock != "" {
		t.Fatalf("a new database's due clock %q %v, want '' (to recompute)", clock, err)
	}
	d.Close()

	s := openWorkingStore(t, c, path)
	n, err := s.RecomputeDue(ctx, false)
	if err != nil || n != 5 {
		t.Fatalf("recompute: %d changed, %v; want 5", n, err)
	}
	for _, m := range made {
		got, err := s.Get(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := DefaultSLA.dueAt(WorkingClock{Cal: workcal.Default()}, m.CreatedAt, m.Priority, 0)
		if !got.DueAt.Equal(want) || got.DueAt.Equal(m.DueAt) {
			t.Errorf("#%d due %s, want %s (was %s)", m.ID, got.DueAt, want, m.DueAt)
		}
		if got.Version != m.Version || !got.UpdatedAt.Equal(m.UpdatedAt) {
			t.Errorf("#%d version %d updated %s: a recompute is not a change", m.ID, got.Version, got.UpdatedAt)
		}
		if h, _ := s.History(ctx, m.ID); len(h) != 1 {
			t.Errorf("#%d has %d history rows, want only its creation", m.ID, len(h))
		}
	}
	if clock, _ := s.DueClock(ctx); clock != "working "+workcal.Default().String() {
		t.Errorf("due clock %q after recompute", clock)
	}
	// Done once: the next open reads one row and changes nothing.
	if n, err := s.RecomputeDue(ctx, false); n != 0 || err != nil {
		t.Errorf("second recompute changed %d (%v)", n, err)
	}
}
