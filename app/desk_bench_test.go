package app

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hotline/attachments"
	"hotline/tickets"
)

// BenchmarkIntakeParallel files tickets from 16 goroutines, with writes
// committed in groups (the default) and one commit per ticket.
func BenchmarkIntakeParallel(b *testing.B) {
	for _, group := range []int{1, 64} {
		b.Run(fmt.Sprintf("group%d", group), func(b *testing.B) {
			old := maxGroup
			maxGroup = group
			defer func() { maxGroup = old }()
			desk, _ := newTestDesk(b, DeskOptions{})
			ctx := context.Background()
			var n atomic.Int64
			b.SetParallelism(8)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					if _, err := desk.Intake(ctx, IntakeRequest{Ticket: tickets.NewTicket{Title: fmt.Sprint("VPN coupe ", i),
						Description: "Depuis ce matin le VPN coupe toutes les dix minutes en partage 4G.",
						Requester:   tickets.Requester{Name: "Agent", Email: "a@ville.fr"}}, Channel: "api"}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkIntakeLatency files tickets from 16 goroutines as the portal's
// load test does (one in ten with a 40 KB screenshot), and reports the
// latency percentiles of one filing, with the checkpoints in the
// background (the default) and inside the commits (SQLite's automatic
// checkpoint). Go's benchmark figures are CPU and wall per ticket; p50/p99
// are each call's wall time.
func BenchmarkIntakeLatency(b *testing.B) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 40<<10)...)
	for _, bg := range []bool{true, false} {
		b.Run(fmt.Sprintf("background-checkpoint=%t", bg), func(b *testing.B) {
			old := backgroundCheckpoints
			backgroundCheckpoints = bg
			defer func() { backgroundCheckpoints = old }()
			desk, d := newTestDesk(b, DeskOptions{})
			desk.Attachments = attachments.NewStore(d.DB, attachments.Limits{}, nil) // 5 MB a file
			ctx := context.Background()
			var n atomic.Int64
			var mu sync.Mutex
			var lat []time.Duration
			b.SetParallelism(8) // 16 goroutines on 2 cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				for pb.Next() {
					i := n.Add(1)
					req := IntakeRequest{Ticket: tickets.NewTicket{Title: fmt.Sprint("VPN coupe ", i),
						Description: "Depuis ce matin le VPN coupe toutes les dix minutes en partage 4G.",
						Requester:   tickets.Requester{Name: "Agent", Email: "a@ville.fr"}}, Channel: "api"}
					if i%10 == 0 {
						req.Attachments = []attachments.Upload{{Name: "ecran.png", Data: png}}
					}
					t0 := time.Now()
					if _, err := desk.Intake(ctx, req); err != nil {
						b.Fatal(err)
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
			b.StopTimer()
			slices.Sort(lat)
			pct := func(p int) float64 { return float64(lat[min(len(lat)-1, len(lat)*p/100)].Microseconds()) / 1000 }
			b.ReportMetric(pct(50), "p50-ms")
			b.ReportMetric(pct(99), "p99-ms")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
		})
	}
}
