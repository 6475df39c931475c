package live

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/tickets"
)

// What watching costs when nothing changes, on an empty database and on a
// million tickets (generated once into the temp folder, as the tickets
// benchmarks do): one look at data_version, and the CPU an idle hub with
// 20 subscribed interfaces uses per second of wall time.
//
//	go test -tags sqlite_fts5 -run '^$' -bench . -benchtime 2000x ./internal/live/
func BenchmarkIdleWatch(b *testing.B) {
	for _, n := range []int{0, 1_000_000} {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			ctx := context.Background()
			path := tickets.BenchPath(max(n, 1))
			if n > 0 {
				if err := tickets.GenerateFile(ctx, path, n, 1); err != nil {
					b.Fatal(err)
				}
			} else {
				path = b.TempDir() + "/empty.db"
			}
			d, err := db.Open(ctx, path, tickets.Schema)
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()

			// One look, on the hub's own connection.
			conn, err := d.Conn(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := dataVersion(ctx, conn); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			conn.Close()

			// The same window without a hub: what the process costs anyway.
			const watch = 5 * time.Second
			before := cpuTime()
			time.Sleep(watch) // measuring a wall-clock window, not timing a result
			baseline := cpuTime() - before

			// An idle hub at its real interval with 20 subscribers.
			hub := New(d.DB, Options{})
			var subs []*Sub
			for i := 0; i < 20; i++ {
				subs = append(subs, hub.Subscribe())
			}
			stop, err := hub.Start(ctx)
			if err != nil {
				b.Fatal(err)
			}
			before = cpuTime()
			time.Sleep(watch)
			used := cpuTime() - before
			if err := stop(); err != nil {
				b.Fatal(err)
			}
			for _, s := range subs {
				s.Close()
			}
			if hub.Changes() != 0 {
				b.Fatalf("%d changes signalled while nothing changed", hub.Changes())
			}
			b.ReportMetric(float64(used.Microseconds())/watch.Seconds(), "hub-cpu-µs/s")
			b.ReportMetric(float64(baseline.Microseconds())/watch.Seconds(), "nohub-cpu-µs/s")
		})
	}
}

// cpuTime is the CPU (user + system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
