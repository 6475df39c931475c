package app

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

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
