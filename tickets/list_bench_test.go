package tickets

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"hotline/internal/db"
)

// benchStore opens a generated database of n tickets, built once and kept
// in the temp folder across runs (1M tickets take a few minutes to write).
func benchStore(b *testing.B, n int) *Store {
	b.Helper()
	ctx := context.Background()
	path := BenchPath(n)
	if err := GenerateFile(ctx, path, n, 1); err != nil {
		b.Fatal(err)
	}
	d, err := db.Open(ctx, path, Schema)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	// The generated tickets end on 2026-11-01: look at them from then.
	return NewStore(d.DB, Options{Now: func() time.Time { return benchNow }})
}

var benchNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// cursorAt returns the cursor that starts the page `depth` rows deep.
func cursorAt(b *testing.B, s *Store, f Filter, sort Sort, depth int) string {
	cursor := ""
	for got := 0; got < depth; {
		p, err := s.List(context.Background(), f, sort, min(MaxPageSize, depth-got), cursor)
		if err != nil {
			b.Fatal(err)
		}
		if p.Next == "" {
			b.Fatalf("fewer than %d rows", depth)
		}
		got += len(p.Tickets)
		cursor = p.Next
	}
	return cursor
}

func benchmarkList(b *testing.B, n int) {
	s := benchStore(b, n)
	ctx := context.Background()
	cases := []struct {
		name string
		f    Filter
		sort Sort
	}{
		{"open", Filter{}, SortPriority},
		{"all", Filter{All: true}, SortPriority},
		{"newest", Filter{All: true}, SortNewest},
	}
	for _, c := range cases {
		for _, depth := range []int{0, 10000} {
			cursor := ""
			if depth > 0 {
				cursor = cursorAt(b, s, c.f, c.sort, depth)
			}
			b.Run(fmt.Sprintf("%s/depth=%d", c.name, depth), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					p, err := s.List(ctx, c.f, c.sort, DefaultPageSize, cursor)
					if err != nil || len(p.Tickets) != DefaultPageSize {
						b.Fatalf("page: %d tickets, %v", len(p.Tickets), err)
					}
				}
			})
		}
	}
	for _, q := range []string{"camera", "vpn coupe", "teletravail"} {
		b.Run("filter-text/"+q, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.List(ctx, Filter{Text: q}, SortPriority, DefaultPageSize, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("count-open", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Count(ctx, Filter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("search", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Search(ctx, "camera teams", 20); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkList100k(b *testing.B) { benchmarkList(b, 100_000) }
func BenchmarkList1M(b *testing.B)   { benchmarkList(b, 1_000_000) }

func benchmarkRecurring(b *testing.B, n int) {
	s := benchStore(b, n)
	ctx := context.Background()
	// Similar tickets of recent tickets with different texts.
	var ids []int64
	p, err := s.List(ctx, Filter{All: true}, SortNewest, 50, "")
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range p.Tickets {
		ids = append(ids, t.ID)
	}
	b.Run("similar", func(b *testing.B) {
		lat := make([]time.Duration, 0, b.N)
		for i := 0; i < b.N; i++ {
			start := time.Now()
			if _, err := s.SimilarTickets(ctx, ids[i%len(ids)], 10); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
		}
		reportPercentiles(b, lat)
	})
	b.Run("similar-cold", func(b *testing.B) {
		lat := make([]time.Duration, 0, b.N)
		for i := 0; i < b.N; i++ {
			s.rarity = rarityCache{} // as after a restart: every word looked up
			start := time.Now()
			if _, err := s.SimilarTickets(ctx, ids[i%len(ids)], 10); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
		}
		reportPercentiles(b, lat)
	})
	b.Run("stats-10-weeks", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Stats(ctx, benchNow.Add(-70*24*time.Hour), benchNow, benchNow); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("clusters-10-weeks", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Clusters(ctx, ClusterOptions{Now: benchNow}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportPercentiles adds p50 and p99 latencies to a benchmark's output.
func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
}

func BenchmarkRecurring100k(b *testing.B) { benchmarkRecurring(b, 100_000) }
func BenchmarkRecurring1M(b *testing.B)   { benchmarkRecurring(b, 1_000_000) }
