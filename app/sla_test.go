package app

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"hotline/internal/workcal"
	"hotline/tickets"
)

// A database of the first release opened by this binary: every ticket's
// due time is recounted in working hours (migration 0009, then Open), and
// nothing else about the tickets changes.
func TestOpeningAnOldDatabaseRecountsDueTimesInWorkingHours(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join("..", "internal", "db", "testdata", "release1.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "old.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOME": dir, "XDG_CONFIG_HOME": dir, "XDG_DATA_HOME": dir}
	a, err := New(Settings{DBPath: path, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	cal := workcal.Default()
	rows, err := a.DB().Query(`SELECT id, created_at, priority, pending_seconds, due_at, version FROM tickets`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, calendarDue := 0, 0
	for rows.Next() {
		var id, created, pending, due, version int64
		var prio int
		if err := rows.Scan(&id, &created, &prio, &pending, &due, &version); err != nil {
			t.Fatal(err)
		}
		c := time.Unix(created, 0)
		want := cal.Add(c, cal.Allowance(tickets.DefaultSLA.For(prio))+time.Duration(pending)*time.Second).Unix()
		if due != want {
			t.Errorf("#%d due %s, want %s in working hours", id, time.Unix(due, 0), time.Unix(want, 0))
		}
		if due == c.Add(tickets.DefaultSLA.For(prio)).Unix() {
			calendarDue++
		}
		n++
	}
	if n < 60 || calendarDue == n {
		t.Errorf("%d tickets, %d still with calendar due times", n, calendarDue)
	}
	if clock, err := a.Tickets().DueClock(t.Context()); err != nil || clock == "" {
		t.Errorf("due clock %q %v after open", clock, err)
	}
}
