package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

func generate(t *testing.T, now time.Time) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"), tickets.Schema, kb.Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := Generate(context.Background(), d.DB, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDemoIsRealisticAndDeterministic(t *testing.T) {
	now := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	d := generate(t, now)
	q := func(sql string, args ...any) int {
		var n int
		if err := d.QueryRow(sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	if n := q("SELECT count(*) FROM tickets"); n != 400 {
		t.Errorf("%d tickets, want 400", n)
	}
	for _, st := range tickets.Statuses {
		if n := q("SELECT count(*) FROM tickets WHERE status = ?", st); n == 0 {
			t.Errorf("no %s ticket in the demo", st)
		}
	}
	if n := q("SELECT count(*) FROM tickets WHERE status = 'new' AND assignee = ''"); n < 10 {
		t.Errorf("only %d tickets to triage", n)
	}
	if n := q("SELECT count(DISTINCT assignee) FROM tickets WHERE assignee != ''"); n < 4 {
		t.Errorf("only %d technicians at work", n)
	}
	if n := q("SELECT count(DISTINCT requester_name) FROM tickets"); n < 35 {
		t.Errorf("only %d agents raise tickets", n)
	}
	if n := q("SELECT count(*) FROM tickets WHERE created_at < ? OR created_at > ?", now.Add(-Weeks*7*24*time.Hour).Unix(), now.Unix()); n != 0 {
		t.Errorf("%d tickets outside the ten weeks", n)
	}
	// The recurring clusters the reports are meant to show.
	for _, tag := range []string{"vpn", "camera", "4g", "mfa", "onedrive", "imprimante"} {
		if n := q("SELECT count(*) FROM ticket_tags WHERE tag = ?", tag); n < 5 {
			t.Errorf("cluster %q has %d tickets, want at least 5", tag, n)
		}
	}
	if n := q("SELECT count(*) FROM ticket_articles"); n < 100 {
		t.Errorf("%d links between tickets and articles", n)
	}
	if n := q("SELECT count(*) FROM followups WHERE private = 1"); n == 0 {
		t.Error("no private notes")
	}
	if n := q("SELECT count(*) FROM ticket_history WHERE field = 'status'"); n < 300 {
		t.Errorf("%d status changes in the history", n)
	}
	if n := q("SELECT count(*) FROM articles WHERE kind = 'video'"); n < 10 {
		t.Errorf("%d videos", n)
	}
	// Same seed, same demo.
	d2 := generate(t, now)
	titles := func(d *db.DB) string {
		var s string
		d.QueryRow("SELECT group_concat(title || '|' || status || '|' || assignee, ';') FROM (SELECT * FROM tickets ORDER BY id)").Scan(&s)
		return s
	}
	if titles(d) != titles(d2) {
		t.Error("two demos with the same seed differ")
	}
}
