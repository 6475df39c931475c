package tickets

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"hotline/internal/db"
)

// benchStore opens a generated database of n tickets, built once and kept
// in the temp folder across runs (1M tickets take about a minute to write).
func benchStore(b *testing.B, n int) *Store {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("hotline-bench-tickets-%d-v%d.db", n, Schema.Latest()))
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".tmp"
		os.Remove(tmp)
		d, err := db.Open(ctx, tmp, Schema)
		if err != nil {
			b.Fatal(err)
		}
		if err := Generate(ctx, d.DB, n, 1); err != nil {
			b.Fatal(err)
		}
		d.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		d.Exec("ANALYZE")
		d.Close()
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	d, err := db.Open(ctx, path, Schema)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return NewStore(d.DB, Options{})
}

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
