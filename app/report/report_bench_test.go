package report

import (
	"context"
	"io"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// BenchmarkReport1M builds and renders the whole report (ten weeks) on the
// generated database of 1M tickets shared with the tickets benchmarks.
//
//	go test -tags sqlite_fts5 ./app/report -run '^$' -bench Report1M
func BenchmarkReport1M(b *testing.B) {
	ctx := context.Background()
	path := tickets.BenchPath(1_000_000)
	if err := tickets.GenerateFile(ctx, path, 1_000_000, 1, kb.Schema); err != nil {
		b.Fatal(err)
	}
	d, err := db.Open(ctx, path, tickets.Schema, kb.Schema)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) // the generated tickets end then
	ts := tickets.NewStore(d.DB, tickets.Options{Now: func() time.Time { return now }})
	ks := kb.NewStore(d.DB, kb.Options{})
	b.ResetTimer()
	for b.Loop() {
		r, err := Build(ctx, ts, ks, Options{Now: now})
		if err != nil {
			b.Fatal(err)
		}
		if r.Stats.Created == 0 || len(r.Clusters) == 0 {
			b.Fatalf("empty report: %d tickets, %d clusters", r.Stats.Created, len(r.Clusters))
		}
		if err := r.Write(io.Discard, "text", 100); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportFullPeriod1M builds and renders the report over every
// ticket of the generated 1M database (2024-01-01 to 2026-11-01).
//
//	go test -tags sqlite_fts5 ./app/report -run '^$' -bench FullPeriod1M
func BenchmarkReportFullPeriod1M(b *testing.B) {
	ctx := context.Background()
	path := tickets.BenchPath(1_000_000)
	if err := tickets.GenerateFile(ctx, path, 1_000_000, 1, kb.Schema); err != nil {
		b.Fatal(err)
	}
	d, err := db.Open(ctx, path, tickets.Schema, kb.Schema)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ts := tickets.NewStore(d.DB, tickets.Options{Now: func() time.Time { return now }})
	ks := kb.NewStore(d.DB, kb.Options{})
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for b.Loop() {
		r, err := Build(ctx, ts, ks, Options{From: from, To: now, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		if r.Stats.Created != 1_000_000 {
			b.Fatalf("%d tickets in the period", r.Stats.Created)
		}
		if err := r.Write(io.Discard, "text", 100); err != nil {
			b.Fatal(err)
		}
	}
}
