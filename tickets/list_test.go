package tickets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/internal/db"
)

func TestListDefaultOrderFiltersAndKeysetPaging(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	ctx := context.Background()
	// 60 tickets over 60 hours, priorities cycling, some solved, tags.
	var all []*Ticket
	for i := 0; i < 60; i++ {
		c.advance(time.Hour)
		n := NewTicket{Title: fmt.Sprintf("ticket %d", i), Urgency: 1 + i%5, Impact: 1 + (i/5)%5,
			Category: []string{"Teams", "Impression"}[i%2], Connection: []string{"home", "4g", "vpn"}[i%3]}
		if i%4 == 0 {
			n.Tags = []string{"vpn"}
		}
		if i%10 == 0 {
			n.Status = "solved"
		}
		if i%7 == 0 {
			n.Assignee = "bob"
		}
		all = append(all, mustCreate(t, s, n))
	}
	// Page through open tickets 7 at a time: priority desc, then oldest.
	var got []Ticket
	cursor := ""
	pages := 0
	for {
		p, err := s.List(ctx, Filter{}, SortPriority, 7, cursor)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Tickets...)
		pages++
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if len(got) != 54 || pages != 8 {
		t.Fatalf("paged %d open tickets in %d pages, want 54 in 8", len(got), pages)
	}
	seen := map[int64]bool{}
	for i, tk := range got {
		if seen[tk.ID] {
			t.Fatalf("ticket %d listed twice", tk.ID)
		}
		seen[tk.ID] = true
		if !tk.Status.IsOpen() {
			t.Errorf("solved ticket %d in the default list", tk.ID)
		}
		if i > 0 {
			prev := got[i-1]
			if prev.Priority < tk.Priority || (prev.Priority == tk.Priority && prev.CreatedAt.After(tk.CreatedAt)) {
				t.Fatalf("order broken at %d: P%d %v then P%d %v", i, prev.Priority, prev.CreatedAt, tk.Priority, tk.CreatedAt)
			}
		}
	}
	count := func(f Filter) int {
		n, err := s.Count(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := s.List(ctx, f, SortPriority, 1000, "")
		if len(p.Tickets) != n {
			t.Errorf("Count %+v = %d but List gives %d", f, n, len(p.Tickets))
		}
		return n
	}
	bob := "bob"
	checks := []struct {
		name string
		f    Filter
		want func(*Ticket) bool
	}{
		{"all", Filter{All: true}, func(*Ticket) bool { return true }},
		{"solved", Filter{Statuses: []Status{StatusSolved}}, func(t *Ticket) bool { return t.Status == StatusSolved }},
		{"tag vpn", Filter{Tag: "VPN"}, func(t *Ticket) bool { return t.Status.IsOpen() && strings.Contains(strings.Join(t.Tags, " "), "vpn") }},
		{"bob", Filter{Assignee: &bob}, func(t *Ticket) bool { return t.Status.IsOpen() && t.Assignee == "bob" }},
		{"4g teams", Filter{Connection: Conn4G, Category: "teams"}, func(t *Ticket) bool {
			return t.Status.IsOpen() && t.Connection == Conn4G && t.Category == "Teams"
		}},
		{"priority 5", Filter{Priority: 5, All: true}, func(t *Ticket) bool { return t.Priority == 5 }},
		{"text", Filter{Text: "ticket 1"}, func(t *Ticket) bool {
			return t.Status.IsOpen() && (t.Title == "ticket 1" || strings.HasPrefix(t.Title, "ticket 1"))
		}},
	}
	for _, ch := range checks {
		want := 0
		for _, tk := range all {
			if ch.want(tk) {
				want++
			}
		}
		if got := count(ch.f); got != want || want == 0 {
			t.Errorf("%s: %d tickets, want %d (non-zero)", ch.name, got, want)
		}
	}
	// Overdue: after 100 more hours, every open ticket of P4+ (24h) is late.
	c.advance(100 * time.Hour)
	late := count(Filter{Overdue: true, Now: c.t})
	want := 0
	for _, tk := range all {
		if tk.Status.IsOpen() && tk.Overdue(c.t) {
			want++
		}
	}
	if late != want || want == 0 {
		t.Errorf("overdue = %d, want %d", late, want)
	}
}

func TestListOtherSortsPageWithoutGapsAndBadCursors(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	ctx := context.Background()
	for i := 0; i < 25; i++ {
		if i%3 != 0 { // several tickets share a creation second
			c.advance(time.Minute)
		}
		mustCreate(t, s, NewTicket{Title: fmt.Sprintf("t%d", i)})
	}
	for _, sort := range []Sort{SortNewest, SortUpdated, SortID, SortPriority} {
		var seen []int64
		cursor := ""
		for {
			p, err := s.List(ctx, Filter{}, sort, 4, cursor)
			if err != nil {
				t.Fatalf("%s: %v", sort, err)
			}
			for _, tk := range p.Tickets {
				seen = append(seen, tk.ID)
			}
			if p.Next == "" {
				break
			}
			cursor = p.Next
		}
		uniq := map[int64]bool{}
		for _, id := range seen {
			uniq[id] = true
		}
		if len(seen) != 25 || len(uniq) != 25 {
			t.Errorf("%s: paged %d tickets (%d distinct), want 25", sort, len(seen), len(uniq))
		}
		if sort == SortNewest && seen[0] != 25 {
			t.Errorf("newest first: got #%d first", seen[0])
		}
	}
	p, _ := s.List(ctx, Filter{}, SortNewest, 4, "")
	for _, bad := range []string{"garbage", p.Next + "x"} {
		if _, err := s.List(ctx, Filter{}, SortNewest, 4, bad); err == nil || !strings.Contains(err.Error(), "invalid cursor") {
			t.Errorf("cursor %q: %v", bad, err)
		}
	}
	if _, err := s.List(ctx, Filter{}, SortPriority, 4, p.Next); err == nil {
		t.Error("a cursor from another sort was accepted")
	}
	if _, err := s.List(ctx, Filter{Statuses: []Status{"done"}}, SortPriority, 4, ""); err == nil {
		t.Error("unknown status filter accepted")
	}
}

// TestMain lets the test binary act as a second writer process.
func TestMain(m *testing.M) {
	if path := os.Getenv("HOTLINE_TEST_WRITER_DB"); path != "" {
		n, _ := strconv.Atoi(os.Getenv("HOTLINE_TEST_WRITER_N"))
		if err := writeTickets(path, os.Getenv("HOTLINE_TEST_WRITER_NAME"), n); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func writeTickets(path, name string, n int) error {
	ctx := context.Background()
	d, err := db.Open(ctx, path, Schema)
	if err != nil {
		return err
	}
	defer d.Close()
	s := NewStore(d.DB, Options{})
	for i := 0; i < n; i++ {
		tk, err := s.Create(ctx, NewTicket{Title: fmt.Sprintf("%s %d", name, i)}, name)
		if err != nil {
			return fmt.Errorf("%s create %d: %w", name, i, err)
		}
		if _, err := s.Comment(ctx, tk.ID, name, "suivi", false); err != nil {
			return fmt.Errorf("%s comment %d: %w", name, i, err)
		}
	}
	return nil
}

func TestTwoProcessesWritingAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	// Create the schema first so both writers only write tickets.
	d, err := db.Open(context.Background(), path, Schema)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	const perWriter = 150
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, name := range []string{"alice", "bob"} {
		wg.Add(1)
		go func(i int, name string) {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "HOTLINE_TEST_WRITER_DB="+path, "HOTLINE_TEST_WRITER_NAME="+name, "HOTLINE_TEST_WRITER_N="+strconv.Itoa(perWriter))
			out, err := cmd.CombinedOutput()
			if err != nil {
				errs[i] = fmt.Errorf("%s: %v: %s", name, err, out)
			}
		}(i, name)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	d, err = db.Open(context.Background(), path, Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, name := range []string{"alice", "bob"} {
		var n, c int
		d.QueryRow("SELECT count(*) FROM tickets WHERE title LIKE ? || ' %'", name).Scan(&n)
		d.QueryRow("SELECT count(*) FROM followups WHERE author = ?", name).Scan(&c)
		if n != perWriter || c != perWriter {
			t.Errorf("%s: %d tickets and %d comments stored, want %d each", name, n, c, perWriter)
		}
	}
}

func TestImportReportsBadRowsAndKeepsGoodOnes(t *testing.T) {
	s, _ := openStore(t, nil)
	ctx := context.Background()
	csvData := "title,description,urgency,impact,category,requester_name,tags\n" +
		"VPN coupé,Plus de VPN depuis ce matin,4,3,Réseau/VPN,Léa Martin,vpn;teletravail\n" +
		"Urgence folle,x,9,3,Teams,Paul,\n" +
		",,3,3,Teams,Nobody,\n" +
		"\"Imprimante\nbloquée\",papier coincé,2,2,Impression,Ali,\n" +
		"Catégorie inconnue,x,3,3,Cuisine,Eve,\n" +
		"Trop,x,abc,3,Teams,Eve,\n"
	var bad []string
	sum, err := s.Import(ctx, strings.NewReader(csvData), "csv", ImportOptions{Actor: "import", Each: func(r ImportResult) {
		if r.Err != nil {
			bad = append(bad, fmt.Sprintf("%d: %v", r.Line, r.Err))
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 2 || sum.Failed != 4 {
		t.Errorf("summary %+v, want 2 imported 4 failed; errors: %q", sum, bad)
	}
	wantLines := []string{"3: urgency: 9", "4: title: a ticket needs", "7: category", "8: urgency: \"abc\""}
	for i, w := range wantLines {
		if i >= len(bad) || !strings.HasPrefix(bad[i], w[:strings.Index(w, ":")+1]) || !strings.Contains(bad[i], strings.TrimSpace(w[strings.Index(w, ":")+1:])) {
			t.Errorf("error %d = %q, want like %q", i, at(bad, i), w)
		}
	}
	p, _ := s.List(ctx, Filter{All: true}, SortID, 10, "")
	if len(p.Tickets) != 2 || p.Tickets[0].Requester.Name != "Léa Martin" || strings.Join(p.Tickets[0].Tags, " ") != "vpn teletravail" {
		t.Errorf("imported = %+v", p.Tickets)
	}

	jsonl := `{"title":"ok","category":"Teams"}
{"titel":"typo"}
not json
{"title":"bad time","created_at":"yesterday"}

{"description":"Outlook demande mon mot de passe","requester":{"name":"Zoé","service":"RH"},"tags":["mfa"]}
`
	bad = nil
	sum, err = s.Import(ctx, strings.NewReader(jsonl), "jsonl", ImportOptions{Actor: "import", Each: func(r ImportResult) {
		if r.Err != nil {
			bad = append(bad, fmt.Sprintf("%d: %v", r.Line, r.Err))
		}
	}})
	if err != nil || sum.Imported != 2 || sum.Failed != 3 {
		t.Fatalf("jsonl summary %+v err %v errors %q", sum, err, bad)
	}
	if !strings.HasPrefix(bad[0], "2: ") || !strings.Contains(bad[0], `unknown field "titel"`) || !strings.HasPrefix(bad[2], "4: ") {
		t.Errorf("jsonl errors = %q", bad)
	}
	if _, err := s.Import(ctx, strings.NewReader("bogus,title\nx,y\n"), "csv", ImportOptions{Actor: "i"}); err == nil || !strings.Contains(err.Error(), `unknown column "bogus"`) {
		t.Errorf("bad header: %v", err)
	}
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "<none>"
}

func TestExportImportRoundTrip(t *testing.T) {
	s, _ := openStore(t, nil)
	ctx := context.Background()
	orig := mustCreate(t, s, NewTicket{Title: "Écran noir", Description: "ligne 1\nligne 2, \"quoted\"", Tags: []string{"ecran"},
		Requester: Requester{Name: "Ana", Service: "Voirie", Email: "ana@x.fr", Phone: "06"}, Connection: "4g", Urgency: 5, Impact: 2})
	var sb strings.Builder
	rec := RecordOf(orig)
	if rec.Title != orig.Title || rec.Requester != orig.Requester {
		t.Fatal("RecordOf lost fields")
	}
	sb.WriteString(`{"title":"` + rec.Title + `","description":"ligne 1\nligne 2, \"quoted\"","urgency":5,"impact":2,"connection":"4g","tags":["ecran"],"requester":{"name":"Ana","service":"Voirie","email":"ana@x.fr","phone":"06"},"created_at":"` + rec.CreatedAt + `","id":1,"version":1,"due_at":"` + rec.DueAt + `"}` + "\n")
	s2, _ := openStore(t, nil)
	sum, err := s2.Import(ctx, strings.NewReader(sb.String()), "jsonl", ImportOptions{Actor: "i"})
	if err != nil || sum.Imported != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	got, _ := s2.Get(ctx, 1)
	if got.Title != orig.Title || got.Description != orig.Description || got.Priority != orig.Priority || !got.CreatedAt.Equal(orig.CreatedAt) || got.Connection != Conn4G {
		t.Errorf("round trip: %+v vs %+v", got, orig)
	}
	if errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
}

// A word in more tickets than rareMatches takes the other path of the
// text filter; both must find the same tickets a person expects.
func TestTextFilterOnACommonWord(t *testing.T) {
	s, d := openStore(t, nil)
	ctx := context.Background()
	// Every generated ticket says "télétravail" in its description.
	if err := Generate(ctx, d.DB, rareMatches+500, 7); err != nil {
		t.Fatal(err)
	}
	longer := mustCreate(t, s, NewTicket{Title: "Télétravailleuse sans VPN", Urgency: 5, Impact: 5})
	for _, text := range []string{"teletravail", "TÉLÉTRAVAIL", "teletrav"} {
		n, err := s.Count(ctx, Filter{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		open, _ := s.Count(ctx, Filter{})
		// The last word is a prefix: "teletravail" also finds the
		// "Télétravailleuse" ticket, so every open ticket matches.
		if n != open {
			t.Errorf("%q: %d open tickets match, want all %d", text, n, open)
		}
		p, err := s.List(ctx, Filter{Text: text}, SortPriority, 20, "")
		if err != nil || len(p.Tickets) != 20 || p.Next == "" {
			t.Fatalf("%q: page of %d, next %q, %v", text, len(p.Tickets), p.Next, err)
		}
		for _, tk := range p.Tickets {
			if tk.ID != longer.ID && !strings.Contains(strings.ToLower(tk.Description), "télétravail") {
				t.Errorf("%q matched #%d %q", text, tk.ID, tk.Title)
			}
		}
		// The prefix finds the longer word (the newest ticket).
		newest, err := s.List(ctx, Filter{Text: text}, SortNewest, 1, "")
		if text == "teletrav" && (err != nil || newest.Tickets[0].ID != longer.ID) {
			t.Errorf("prefix %q: newest is %+v (%v), want #%d", text, newest.Tickets, err, longer.ID)
		}
	}
}
