package tickets

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/internal/db"
)

// clock is a settable time for tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)} }

func openStore(t testing.TB, c *clock) (*Store, *db.DB) {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "hotline.db"), Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	opts := Options{}
	if c != nil {
		opts.Now = c.now
	}
	return NewStore(d.DB, opts), d
}

func mustCreate(t testing.TB, s *Store, n NewTicket) *Ticket {
	t.Helper()
	tk, err := s.Create(context.Background(), n, "alice")
	if err != nil {
		t.Fatalf("create %+v: %v", n, err)
	}
	return tk
}

func TestPriorityMatrix(t *testing.T) {
	want := [5][5]int{
		{1, 1, 2, 2, 2},
		{1, 2, 2, 3, 3},
		{2, 2, 3, 4, 4},
		{2, 3, 4, 4, 5},
		{2, 3, 4, 5, 5},
	}
	s, _ := openStore(t, nil)
	for u := 1; u <= 5; u++ {
		for i := 1; i <= 5; i++ {
			tk := mustCreate(t, s, NewTicket{Title: "x", Urgency: u, Impact: i})
			if tk.Priority != want[u-1][i-1] {
				t.Errorf("urgency %d impact %d: priority %d, want %d", u, i, tk.Priority, want[u-1][i-1])
			}
		}
	}
	tk := mustCreate(t, s, NewTicket{Title: "panne générale", Urgency: 1, Impact: 1})
	major := true
	tk, err := s.Update(context.Background(), tk.ID, 0, Patch{Major: &major}, "bob")
	if err != nil || tk.Priority != PriorityMajor {
		t.Fatalf("major override: priority %d err %v", tk.Priority, err)
	}
	u := 5
	tk, _ = s.Update(context.Background(), tk.ID, 0, Patch{Urgency: &u}, "bob")
	if tk.Priority != PriorityMajor {
		t.Errorf("urgency change dropped the major override: %d", tk.Priority)
	}
	major = false
	tk, _ = s.Update(context.Background(), tk.ID, 0, Patch{Major: &major}, "bob")
	if tk.Priority != ComputePriority(5, 1) {
		t.Errorf("after removing override: %d, want %d", tk.Priority, ComputePriority(5, 1))
	}
}

func TestCreateDefaultsAndTitleFromDescription(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	desc := "Bonjour, depuis ce matin je n'arrive plus à me connecter au VPN depuis chez moi, le message dit erreur 619"
	tk := mustCreate(t, s, NewTicket{Description: desc, Category: "reseau/vpn", Tags: []string{"VPN", " vpn ", "Télétravail"}})
	if len([]rune(tk.Title)) > 71 || !strings.HasPrefix(desc, strings.TrimSuffix(tk.Title, "…")) {
		t.Errorf("title from description = %q", tk.Title)
	}
	if tk.Category != "Réseau/VPN" || tk.Status != StatusNew || tk.Urgency != 3 || tk.Impact != 3 || tk.Priority != 3 {
		t.Errorf("defaults: %+v", tk)
	}
	if strings.Join(tk.Tags, ",") != "vpn,télétravail" {
		t.Errorf("tags = %q", tk.Tags)
	}
	if !tk.DueAt.Equal(c.t.Add(DefaultSLA[3])) {
		t.Errorf("due %v, want %v", tk.DueAt, c.t.Add(DefaultSLA[3]))
	}
	got, err := s.Get(context.Background(), tk.ID)
	if err != nil || got.Title != tk.Title || got.Requester != tk.Requester || got.Version != 1 {
		t.Errorf("Get = %+v, %v", got, err)
	}
}

func TestBadInputIsRefusedAndChangesNothing(t *testing.T) {
	s, d := openStore(t, nil)
	ctx := context.Background()
	cases := []struct {
		name string
		n    NewTicket
		want string
	}{
		{"no title nor description", NewTicket{}, "needs a title or a description"},
		{"urgency 0 is the default, 9 is not", NewTicket{Title: "x", Urgency: 9}, "urgency: 9 is out of range"},
		{"negative impact", NewTicket{Title: "x", Impact: -1}, "impact: -1 is out of range"},
		{"unknown status", NewTicket{Title: "x", Status: "done"}, `unknown status "done"`},
		{"unknown category", NewTicket{Title: "x", Category: "Cuisine"}, `unknown category "Cuisine"`},
		{"unknown connection", NewTicket{Title: "x", Connection: "5g"}, `unknown connection "5g"`},
		{"invalid utf-8 title", NewTicket{Title: "caf\xe9"}, "title: is not valid UTF-8"},
		{"invalid utf-8 description", NewTicket{Title: "x", Description: "\xff\xfe"}, "description: is not valid UTF-8"},
		{"50 MB description", NewTicket{Title: "x", Description: strings.Repeat("a", 50<<20)}, "description: is 50.0 MiB long; the limit is 1.0 MiB"},
		{"bad tag", NewTicket{Title: "x", Tags: []string{"a;b"}}, `tag: "a;b" holds ';'`},
		{"bad email", NewTicket{Title: "x", Requester: Requester{Email: "nobody"}}, "not an email address"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Create(ctx, c.n, "alice")
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want ErrInvalid mentioning %q", err, c.want)
			}
		})
	}
	var n int
	d.QueryRow("SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM ticket_history)").Scan(&n)
	if n != 0 {
		t.Errorf("refused tickets left %d rows behind", n)
	}
	if _, err := s.Get(ctx, 999); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "#999 does not exist") {
		t.Errorf("unknown ticket: %v", err)
	}
	if _, err := s.Update(ctx, 999, 0, Patch{Title: ptr("x")}, "a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("update unknown ticket: %v", err)
	}
	if _, err := s.Comment(ctx, 999, "a", "hello", false); !errors.Is(err, ErrNotFound) {
		t.Errorf("comment unknown ticket: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestStatusWorkflowAndSLAClock(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	ctx := context.Background()
	tk := mustCreate(t, s, NewTicket{Title: "imprimante hors ligne", Urgency: 4, Impact: 4}) // P4: 24h
	due := tk.DueAt

	// Assigning a new ticket moves it to assigned.
	tk, err := s.Update(ctx, tk.ID, tk.Version, Patch{Assignee: ptr("bob")}, "bob")
	if err != nil || tk.Status != StatusAssigned {
		t.Fatalf("assign: %v %v", tk.Status, err)
	}
	// Two hours pending do not count against the SLA.
	c.advance(time.Hour)
	tk, _ = s.Update(ctx, tk.ID, 0, Patch{Status: ptr(StatusPending)}, "bob")
	c.advance(2 * time.Hour)
	if tk.Overdue(c.t.Add(30 * time.Hour)) {
		t.Error("a pending ticket counts as overdue")
	}
	tk, _ = s.Update(ctx, tk.ID, 0, Patch{Status: ptr(StatusPlanned)}, "bob")
	if tk.PendingSeconds != 7200 || !tk.DueAt.Equal(due.Add(2*time.Hour)) {
		t.Errorf("pending time %ds, due %v want %v", tk.PendingSeconds, tk.DueAt, due.Add(2*time.Hour))
	}
	if !tk.Overdue(due.Add(3*time.Hour)) || tk.Overdue(due.Add(time.Hour)) {
		t.Error("overdue should start two hours after the original due time")
	}
	// Solve, then reopen with any open status: back to assigned.
	tk, _ = s.Update(ctx, tk.ID, 0, Patch{Status: ptr(StatusSolved)}, "bob")
	if tk.SolvedAt == nil || tk.FirstResponseAt == nil {
		t.Error("solving should set solved and first-response times")
	}
	tk, _ = s.Update(ctx, tk.ID, 0, Patch{Status: ptr(StatusNew)}, "bob")
	if tk.Status != StatusAssigned || tk.SolvedAt != nil {
		t.Errorf("reopen gave %s (solved_at %v), want assigned", tk.Status, tk.SolvedAt)
	}
	tk, _ = s.Update(ctx, tk.ID, 0, Patch{Status: ptr(StatusClosed)}, "bob")
	if tk.ClosedAt == nil || tk.SolvedAt == nil {
		t.Error("closing should set closed (and solved) times")
	}
	// Unassigning an assigned ticket puts it back in triage.
	t2 := mustCreate(t, s, NewTicket{Title: "souris", Assignee: "bob"})
	if t2.Status != StatusAssigned {
		t.Fatalf("created with assignee: %s", t2.Status)
	}
	t2, _ = s.Update(ctx, t2.ID, 0, Patch{Assignee: ptr("")}, "bob")
	if t2.Status != StatusNew {
		t.Errorf("unassigned ticket status %s, want new", t2.Status)
	}
}

func TestHistoryRecordsEveryChange(t *testing.T) {
	c := newClock()
	s, d := openStore(t, c)
	ctx := context.Background()
	tk := mustCreate(t, s, NewTicket{Title: "teams", Tags: []string{"teams"}})
	c.advance(time.Minute)
	_, err := s.Update(ctx, tk.ID, tk.Version, Patch{Urgency: ptr(5), Impact: ptr(5), Assignee: ptr("bob"), AddTags: []string{"camera"}, RemoveTags: []string{"teams"}}, "carol")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Comment(ctx, tk.ID, "carol", "Pouvez-vous redémarrer ?", false); err != nil {
		t.Fatal(err)
	}
	if err := s.Link(ctx, tk.ID, 42, "carol"); err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range h {
		got = append(got, c.Actor+" "+c.Field+" "+c.Old+">"+c.New)
	}
	want := []string{
		"alice created >teams",
		"carol urgency 3>5", "carol impact 3>5", "carol priority 3>5",
		"carol tag >camera", "carol tag teams>",
		"carol assignee >bob", "carol status new>assigned",
		"carol comment >#1", "carol article >42",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := d.Exec("UPDATE ticket_history SET actor = 'mallory'"); err == nil {
		t.Error("history rows can be rewritten")
	}
}

func TestOptimisticConcurrency(t *testing.T) {
	s, _ := openStore(t, nil)
	ctx := context.Background()
	tk := mustCreate(t, s, NewTicket{Title: "vpn"})
	// Two technicians load version 1; the first one wins.
	if _, err := s.Update(ctx, tk.ID, 1, Patch{Assignee: ptr("alice")}, "alice"); err != nil {
		t.Fatal(err)
	}
	_, err := s.Update(ctx, tk.ID, 1, Patch{Assignee: ptr("bob")}, "bob")
	var ce *ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) || ce.Actual != 2 {
		t.Fatalf("stale update: %v", err)
	}
	got, _ := s.Get(ctx, tk.ID)
	if got.Assignee != "alice" || got.Version != 2 {
		t.Errorf("stale update changed the ticket: %+v", got)
	}
	// A comment bumps the version too: editing a stale copy after it conflicts.
	s.Comment(ctx, tk.ID, "carol", "je regarde", true)
	if _, err := s.Update(ctx, tk.ID, 2, Patch{Status: ptr(StatusSolved)}, "alice"); !errors.Is(err, ErrConflict) {
		t.Errorf("update after someone commented: %v", err)
	}
}

func TestCommentsAndFirstResponse(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	ctx := context.Background()
	tk := mustCreate(t, s, NewTicket{Title: "onedrive"})
	c.advance(10 * time.Minute)
	s.Comment(ctx, tk.ID, "bob", "note interne", true)
	got, _ := s.Get(ctx, tk.ID)
	if got.FirstResponseAt != nil {
		t.Error("a private note is not a response to the agent")
	}
	c.advance(5 * time.Minute)
	s.Comment(ctx, tk.ID, "bob", "Voici le tutoriel", false)
	got, _ = s.Get(ctx, tk.ID)
	if got.FirstResponseAt == nil || !got.FirstResponseAt.Equal(c.t) {
		t.Errorf("first response %v, want %v", got.FirstResponseAt, c.t)
	}
	fs, _ := s.Followups(ctx, tk.ID)
	if len(fs) != 2 || !fs[0].Private || fs[1].Body != "Voici le tutoriel" {
		t.Errorf("followups = %+v", fs)
	}
	if _, err := s.Comment(ctx, tk.ID, "bob", "   ", false); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty comment: %v", err)
	}
}

func TestSearchIsAccentInsensitive(t *testing.T) {
	s, _ := openStore(t, nil)
	ctx := context.Background()
	a := mustCreate(t, s, NewTicket{Title: "Problème de télétravail", Description: "La caméra ne s'allume plus"})
	b := mustCreate(t, s, NewTicket{Title: "Imprimante", Description: "bourrage papier"})
	s.Comment(ctx, b.ID, "bob", "Le pilote de l'imprimante a été réinstallé", false)
	for _, q := range []string{"teletravail", "TELETRAVAIL", "télétravail", "camera", "telet", "cam"} {
		got, err := s.Search(ctx, q, 10)
		if err != nil || len(got) != 1 || got[0].ID != a.ID {
			t.Errorf("Search(%q) = %v, %v", q, ids(got), err)
		}
	}
	got, _ := s.Search(ctx, "pilote reinstalle", 10)
	if len(got) != 1 || got[0].ID != b.ID {
		t.Errorf("search in follow-ups: %v", ids(got))
	}
	for _, q := range []string{`"`, "*", "NEAR(", "-x", "l'imprimante", "😀"} {
		if _, err := s.Search(ctx, q, 10); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	// The index follows updates.
	s.Update(ctx, a.ID, 0, Patch{Title: ptr("Micro muet")}, "bob")
	if got, _ := s.Search(ctx, "teletravail", 10); len(got) != 0 {
		t.Errorf("old title still found after update: %v", ids(got))
	}
	if got, _ := s.Search(ctx, "micro", 10); len(got) != 1 {
		t.Errorf("new title not found: %v", ids(got))
	}
}

func ids(ts []Ticket) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func TestLinks(t *testing.T) {
	s, _ := openStore(t, nil)
	ctx := context.Background()
	tk := mustCreate(t, s, NewTicket{Title: "camera teams"})
	if err := s.Link(ctx, tk.ID, 7, "bob"); err != nil {
		t.Fatal(err)
	}
	if err := s.Link(ctx, tk.ID, 7, "bob"); err != nil {
		t.Errorf("linking twice: %v", err)
	}
	s.Link(ctx, tk.ID, 9, "bob")
	links, _ := s.Links(ctx, tk.ID)
	if len(links) != 2 || links[0].ArticleID != 7 {
		t.Errorf("links = %+v", links)
	}
	if err := s.Unlink(ctx, tk.ID, 7, "bob"); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlink(ctx, tk.ID, 7, "bob"); !errors.Is(err, ErrInvalid) {
		t.Errorf("unlinking twice: %v", err)
	}
	if err := s.Link(ctx, 12345, 7, "bob"); !errors.Is(err, ErrNotFound) {
		t.Errorf("link to unknown ticket: %v", err)
	}
	// Solved tickets with a link vote for their article.
	solved := mustCreate(t, s, NewTicket{Title: "caméra noire dans teams", Status: "solved"})
	s.Link(ctx, solved.ID, 9, "bob")
	votes, err := s.ArticlesSolvingSimilar(ctx, `"camera" OR "teams"`, tk.ID, 10)
	if err != nil || votes[9] <= 0 || len(votes) != 1 {
		t.Errorf("votes = %v, %v", votes, err)
	}
}

// queryPlan is SQLite's plan for q, its steps joined by "; ".
func queryPlan(t *testing.T, d *sql.DB, q string, args ...any) string {
	t.Helper()
	rows, err := d.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}
