package kb

import (
	"bufio"
	"context"
	"os"
	"path"
	"strings"
	"testing"
)

// agentTicket is a ticket as an agent writes it, and the demo article
// that answers it.
type agentTicket struct {
	line   int
	want   string // file name of the article in the demo content
	ticket SuggestInput
}

func loadAgentTickets(t *testing.T, name string) []agentTicket {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []agentTicket
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		parts := strings.Split(l, " | ")
		if len(parts) < 3 {
			t.Fatalf("%s:%d: want expected | title | description [| category]", name, n)
		}
		tk := agentTicket{line: n, want: strings.TrimSpace(parts[0]),
			ticket: SuggestInput{Title: strings.TrimSpace(parts[1]), Description: strings.TrimSpace(parts[2])}}
		if len(parts) > 3 {
			tk.ticket.Category = strings.TrimSpace(parts[3])
		}
		out = append(out, tk)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rankOf is where the article from file want comes in the suggestions (1
// for first), 0 when absent.
func rankOf(rs []Result, sources map[int64]string, want string) int {
	for i, r := range rs {
		if path.Base(sources[r.ID]) == want {
			return i + 1
		}
	}
	return 0
}

// suggestionFigures runs Suggest on every ticket of a set and returns the
// share with the right article first and in the top three, and the misses.
func suggestionFigures(t *testing.T, s *Store, set []agentTicket, file string) (top1, top3 float64, misses []string) {
	t.Helper()
	ctx := context.Background()
	sources := map[int64]string{}
	arts, err := s.List(ctx, ListOptions{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		sources[a.ID] = a.Source
	}
	var n1, n3 int
	for _, tk := range set {
		rs, err := s.Suggest(ctx, tk.ticket, 3)
		if err != nil {
			t.Fatal(err)
		}
		switch r := rankOf(rs, sources, tk.want); {
		case r == 1:
			n1++
			n3++
		case r > 1:
			n3++
			fallthrough
		default:
			misses = append(misses, file+":"+itoa(tk.line)+": "+tk.ticket.Title+" → want "+tk.want+", got "+strings.Join(titles(rs), " / "))
		}
	}
	return float64(n1) / float64(len(set)), float64(n3) / float64(len(set)), misses
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// Suggestions for tickets as agents write them (kb/testdata): the right
// tutorial first for at least 90 % and in the top three for at least 97 %
// of the held-out set, which was written before any tuning and never
// tuned on. The tuning set's figures are logged beside.
func TestSuggestionsUnderstandAgents(t *testing.T) {
	s := demoStore(t)
	for _, c := range []struct {
		file       string
		min1, min3 float64
	}{
		{"testdata/agent-tickets-tuning.txt", 0, 0},
		{"testdata/agent-tickets-tuning2.txt", 0, 0},
		{"testdata/agent-tickets-heldout.txt", 0.90, 0.97},
	} {
		set := loadAgentTickets(t, c.file)
		top1, top3, misses := suggestionFigures(t, s, set, c.file)
		t.Logf("%s: %d tickets, right article first %.1f %%, in the top 3 %.1f %%", c.file, len(set), 100*top1, 100*top3)
		for _, m := range misses {
			t.Log("  " + m)
		}
		if top1 < c.min1 || top3 < c.min3 {
			t.Errorf("%s: first %.1f %% (want ≥ %.0f %%), top 3 %.1f %% (want ≥ %.0f %%)", c.file, 100*top1, 100*c.min1, 100*top3, 100*c.min3)
		}
	}
}
