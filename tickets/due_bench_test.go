package tickets

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/internal/workcal"
)

// BenchmarkRecomputeDue is the one-time upgrade of migration 0009: every
// due time of a generated database (calendar time) recounted in working
// hours, in one transaction. 100,000 tickets by default;
// HOTLINE_BENCH_DUE_ROWS=1000000 for a million. Each run starts from a
// fresh copy of the generated file, so every due time is rewritten.
func BenchmarkRecomputeDue(b *testing.B) {
	n := 100_000
	if v := os.Getenv("HOTLINE_BENCH_DUE_ROWS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("HOTLINE_BENCH_DUE_ROWS=%q: give a number of tickets", v)
		}
	}
	ctx := context.Background()
	src := BenchPath(n)
	if err := GenerateFile(ctx, src, n, 1); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "due.db")
		copyBenchFile(b, src, path)
		d, err := db.Open(ctx, path, Schema)
		if err != nil {
			b.Fatal(err)
		}
		s := NewStore(d.DB, Options{Now: func() time.Time { return benchNow }, Clock: WorkingClock{Cal: workcal.Default()}})
		b.StartTimer()
		changed, err := s.RecomputeDue(ctx, true)
		b.StopTimer()
		if err != nil || changed < n/2 {
			b.Fatalf("recompute: %d of %d changed, %v", changed, n, err)
		}
		d.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n), "tickets")
}

func copyBenchFile(b *testing.B, from, to string) {
	b.Helper()
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
