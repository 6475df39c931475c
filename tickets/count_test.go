package tickets

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// The queue's tab counts run at every start and after every change: each
// must be answered from an index alone, never by reading the tickets.
func TestTabCountsReadIndexesOnly(t *testing.T) {
	s, d := openStore(t, newClock())
	ctx := context.Background()
	if err := Generate(ctx, d.DB, 300, 3); err != nil {
		t.Fatal(err)
	}
	d.Exec(`ANALYZE`)
	nobody, me := "", "mlefebvre"
	tabs := map[string]Filter{
		"triage":  {Statuses: []Status{StatusNew}, Assignee: &nobody},
		"mine":    {Assignee: &me},
		"open":    {},
		"pending": {Statuses: []Status{StatusPending}},
		"overdue": {Overdue: true},
		"solved":  {Statuses: []Status{StatusSolved}},
		"all":     {All: true},
	}
	for name, f := range tabs {
		q, args, err := s.countQuery(f)
		if err != nil {
			t.Fatal(err)
		}
		p := queryPlan(t, d.DB, q, args...)
		if !strings.Contains(p, "COVERING INDEX") && !strings.HasPrefix(p, "SCAN tickets USING COVERING") {
			t.Errorf("%s count reads the table: %s", name, p)
		}
		want, _ := s.Count(ctx, f)
		var got int
		d.QueryRow(`SELECT count(*) FROM tickets WHERE `+slowWhere(name), args...).Scan(&got)
		if name != "overdue" && want != got {
			t.Errorf("%s: %d counted, %d by a plain scan", name, want, got)
		}
	}
}

func slowWhere(tab string) string {
	return map[string]string{
		"triage": "status = ? AND assignee = ?", "mine": "assignee = ? AND is_open", "open": "is_open",
		"pending": "status = ?", "solved": "status = ?", "all": "1", "overdue": "1",
	}[tab]
}

// A tag on many tickets is checked row by row along the queue, a rare one
// collected first: both give the same pages.
func TestTagFilterOnACommonTag(t *testing.T) {
	s, d := openStore(t, newClock())
	ctx := context.Background()
	if err := Generate(ctx, d.DB, rareMatches+200, 5); err != nil {
		t.Fatal(err)
	}
	// Every third ticket also carries "commun".
	if _, err := d.Exec(`INSERT INTO ticket_tags(ticket_id, tag, created_at) SELECT id, 'commun', created_at FROM tickets WHERE id % 3 = 0`); err != nil {
		t.Fatal(err)
	}
	d.Exec(`INSERT INTO ticket_tags(ticket_id, tag, created_at) SELECT id, 'rare', created_at FROM tickets WHERE id % 97 = 0`)
	for _, tag := range []string{"commun", "rare"} {
		var want []string
		rows, _ := d.Query(`SELECT id FROM tickets t WHERE is_open AND EXISTS (SELECT 1 FROM ticket_tags WHERE tag = ? AND ticket_id = t.id)
			ORDER BY queue_rank, created_at, id`, tag)
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			want = append(want, fmt.Sprint(id))
		}
		rows.Close()
		var got []string
		cursor := ""
		for {
			p, err := s.List(ctx, Filter{Tag: tag}, SortPriority, 100, cursor)
			if err != nil {
				t.Fatal(err)
			}
			for _, tk := range p.Tickets {
				got = append(got, fmt.Sprint(tk.ID))
			}
			if cursor = p.Next; cursor == "" {
				break
			}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
			t.Errorf("tag %s: listed %d tickets, want %d in queue order", tag, len(got), len(want))
		}
	}
}

// The tickets solved with an article vote for it even when many more
// similar tickets were solved without one (only the most similar tickets
// overall used to be looked at, and they had no article).
func TestArticlesSolvingSimilarStartsFromTheLinks(t *testing.T) {
	s, _ := openStore(t, newClock())
	ctx := context.Background()
	votes, err := s.ArticlesSolvingSimilar(ctx, `"camera" OR "teams"`, 0, 10)
	if err != nil || len(votes) != 0 {
		t.Fatalf("no ticket linked: %v %v", votes, err)
	}
	for i := 0; i < 30; i++ {
		mustCreate(t, s, NewTicket{Title: "caméra teams caméra teams", Description: "caméra dans teams", Status: "solved"})
	}
	linked := mustCreate(t, s, NewTicket{Title: "La caméra ne marche plus dans une longue réunion Teams du service", Status: "solved"})
	if err := s.Link(ctx, linked.ID, 42, "bob"); err != nil {
		t.Fatal(err)
	}
	votes, err = s.ArticlesSolvingSimilar(ctx, `"camera" OR "teams"`, 0, 10)
	if err != nil || votes[42] <= 0 {
		t.Errorf("votes = %v, %v: the ticket solved with article 42 must vote for it", votes, err)
	}
	// More links than seeks are worth: the matches are ranked and the
	// linked ones kept; the unlinked look-alikes still crowd nobody out.
	other := mustCreate(t, s, NewTicket{Title: "Teams : la caméra reste noire pendant la visio", Status: "solved"})
	if err := s.Link(ctx, other.ID, 43, "bob"); err != nil {
		t.Fatal(err)
	}
	votes, err = s.ArticlesSolvingSimilar(ctx, `"camera" OR "teams"`, 0, 10)
	if err != nil || votes[42] <= 0 || votes[43] <= 0 || len(votes) != 2 {
		t.Errorf("votes = %v, %v: the tickets solved with articles 42 and 43 must vote for them, and only they", votes, err)
	}
	votes, err = s.ArticlesSolvingSimilar(ctx, `"camera" OR "teams"`, other.ID, 10)
	if err != nil || votes[42] <= 0 || votes[43] != 0 {
		t.Errorf("votes = %v, %v: the ticket looked at does not vote", votes, err)
	}
}

func TestMergeTwinsFoldsTagsThatGoTogether(t *testing.T) {
	cs := []Cluster{
		{Key: "tag:teams", Label: "teams", Tickets: 20},
		{Key: "tag:camera", Label: "camera", Tickets: 4},
		{Key: "tag:box", Label: "box", Tickets: 10},
		{Key: "tag:connexion-lente", Label: "connexion-lente", Tickets: 9},
		{Key: "tag:vpn", Label: "vpn", Tickets: 9},
	}
	pairs := map[string]int{"camera\x00teams": 4, "box\x00connexion-lente": 9, "box\x00vpn": 1}
	out := mergeTwins(cs, pairs)
	var got []string
	for _, c := range out {
		got = append(got, c.Label+"+"+strings.Join(c.Aliases, "+"))
	}
	if strings.Join(got, " ") != "teams+ box+connexion-lente vpn+ camera+" {
		t.Errorf("clusters = %q", got)
	}
}

// BenchmarkMergeTwins20k: tens of thousands of tags must not compare each
// with each other (it was quadratic: minutes, hundreds of MB).
func BenchmarkMergeTwins20k(b *testing.B) {
	const n = 20000
	for i := 0; i < b.N; i++ {
		cs := make([]Cluster, n)
		pairs := map[string]int{}
		for j := range cs {
			tag := fmt.Sprintf("t%05d", j)
			cs[j] = Cluster{Key: "tag:" + tag, Label: tag, Tickets: 3 + j%7}
			if j > 0 {
				pairs[fmt.Sprintf("t%05d\x00%s", j-1, tag)] = 1
			}
		}
		mergeTwins(cs, pairs)
	}
}
