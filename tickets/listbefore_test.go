package tickets

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// ListBefore from the end gives the true last page, in order, and walking
// back with its cursor meets List's pages exactly, in every order.
func TestListBeforeWalksBackToTheStart(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	ctx := context.Background()
	for i := range 23 {
		mustCreate(t, s, NewTicket{Title: fmt.Sprintf("t%d", i), Description: "d", Urgency: 1 + i%5, Impact: 1 + i%3})
		c.advance(time.Minute)
	}
	for _, sort := range []Sort{SortPriority, SortNewest, SortUpdated, SortDue, SortID} {
		var forward []int64
		cur := ""
		for {
			p, err := s.List(ctx, Filter{}, sort, 5, cur)
			if err != nil {
				t.Fatal(err)
			}
			for _, tk := range p.Tickets {
				forward = append(forward, tk.ID)
			}
			if cur = p.Next; cur == "" {
				break
			}
		}
		var backward []int64
		cur = ""
		for {
			p, err := s.ListBefore(ctx, Filter{}, sort, 5, cur)
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]int64, 0, len(p.Tickets))
			for _, tk := range p.Tickets {
				ids = append(ids, tk.ID)
			}
			backward = append(ids, backward...)
			if cur = p.Next; cur == "" {
				break
			}
		}
		if fmt.Sprint(forward) != fmt.Sprint(backward) || len(forward) != 23 {
			t.Errorf("%s: forward %v\nbackward %v", sort, forward, backward)
		}
	}
}
