package tickets

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// ListBefore from the end gives the true last page, in order, and walking
// back with its cursor meets List's pages exactly, in every order and
// under a tag or text filter.
func TestListBeforeWalksBackToTheStart(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	for i := range 23 {
		n := NewTicket{Title: fmt.Sprintf("t%d", i), Description: "d", Urgency: 1 + i%5, Impact: 1 + i%3}
		if i%3 == 0 {
			n.Tags = []string{"vpn"}
			n.Description = "tunnel coupé"
		}
		mustCreate(t, s, n)
		c.advance(time.Minute)
	}
	filters := []struct {
		f    Filter
		want int
	}{{Filter{}, 23}, {Filter{Tag: "vpn"}, 8}, {Filter{Text: "tunnel"}, 8}}
	for _, tc := range filters {
		for _, sort := range []Sort{SortPriority, SortNewest, SortUpdated, SortDue, SortID} {
			walkBothWays(t, s, tc.f, sort, tc.want)
		}
	}
}

func walkBothWays(t *testing.T, s *Store, f Filter, sort Sort, want int) {
	t.Helper()
	ctx := context.Background()
	var forward []int64
	cur := ""
	for {
		p, err := s.List(ctx, f, sort, 5, cur)
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
		p, err := s.ListBefore(ctx, f, sort, 5, cur)
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
	if fmt.Sprint(forward) != fmt.Sprint(backward) || len(forward) != want {
		t.Errorf("%s %+v: forward %v\nbackward %v (want %d tickets)", sort, f, forward, backward, want)
	}
}
