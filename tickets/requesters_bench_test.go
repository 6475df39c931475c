package tickets

import (
	"context"
	"testing"
	"time"
)

// benchmarkRequesters types a requester's name as a technician does, one
// letter at a time, on a generated database (1,500 requesters, "Agent N",
// about n/1,500 tickets each): each keystroke is one lookup of up to 5
// people with what the phone form fills in. Also the services' list the
// form loads once when it opens (ServiceNames), beside Services (ranked by
// use, which groups the whole table).
func benchmarkRequesters(b *testing.B, n int) {
	s := benchStore(b, n)
	ctx := context.Background()
	typed := []string{"A", "Ag", "Age", "Agen", "Agent", "Agent ", "Agent 1", "Agent 12", "Agent 123"}
	b.Run("keystroke", func(b *testing.B) {
		lat := make([]time.Duration, 0, b.N)
		for i := 0; i < b.N; i++ {
			start := time.Now()
			got, err := s.Requesters(ctx, typed[i%len(typed)], 5)
			if err != nil || len(got) == 0 {
				b.Fatalf("%q: %v, %v", typed[i%len(typed)], got, err)
			}
			lat = append(lat, time.Since(start))
		}
		reportPercentiles(b, lat)
	})
	b.Run("service-names", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.ServiceNames(ctx, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("services-by-use", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Services(ctx, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRequesters100k(b *testing.B) { benchmarkRequesters(b, 100_000) }
func BenchmarkRequesters1M(b *testing.B)   { benchmarkRequesters(b, 1_000_000) }
