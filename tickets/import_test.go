package tickets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// importAll imports data and returns the summary and the reported lines.
func importAll(t *testing.T, s *Store, data, format string, opts ImportOptions) (ImportSummary, []string, error) {
	t.Helper()
	var out []string
	opts.Each = func(r ImportResult) {
		if r.Err != nil {
			out = append(out, fmt.Sprintf("%d: %v", r.Line, r.Err))
		} else if r.Warning != "" {
			out = append(out, fmt.Sprintf("%d: warning: %s", r.Line, r.Warning))
		}
	}
	if opts.Actor == "" {
		opts.Actor = "import"
	}
	sum, err := s.Import(context.Background(), strings.NewReader(data), format, opts)
	return sum, out, err
}

func countTickets(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM tickets`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func jsonlTickets(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `{"title":"Ticket %d","category":"Teams","created_at":"2026-10-%02dT09:00:00Z"}`+"\n", i, 1+i%28)
	}
	return b.String()
}

func TestImportInterruptedThenRunAgainAddsOnlyWhatIsMissing(t *testing.T) {
	s, _ := openStore(t, newClock())
	data := jsonlTickets(50)
	ctx, cancel := context.WithCancel(context.Background())
	// Interrupt after the second batch of 8 rows, as ctrl+c would.
	batches := 0
	sum, err := s.Import(ctx, strings.NewReader(data), "jsonl", ImportOptions{Actor: "import", BatchRows: 8, Progress: func(ImportProgress) {
		if batches++; batches == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted import: %v", err)
	}
	first := countTickets(t, s)
	if first != sum.Imported || first < 16 || first >= 50 {
		t.Fatalf("after the interruption: %d tickets stored, summary %+v", first, sum)
	}
	sum, bad, err := importAll(t, s, data, "jsonl", ImportOptions{})
	if err != nil || len(bad) != 0 {
		t.Fatal(err, bad)
	}
	if sum.Imported != 50-first || sum.Skipped != first {
		t.Errorf("second run: %+v, want %d imported and %d already there", sum, 50-first, first)
	}
	if n := countTickets(t, s); n != 50 {
		t.Errorf("%d tickets after the second run, want 50 (no duplicates)", n)
	}
	var dup int
	s.db.QueryRow(`SELECT count(*) FROM (SELECT title FROM tickets GROUP BY title HAVING count(*) > 1)`).Scan(&dup)
	if dup != 0 {
		t.Errorf("%d titles imported twice", dup)
	}
}

func TestImportFixedBadRowsThenRunAgain(t *testing.T) {
	s, _ := openStore(t, newClock())
	data := "title,urgency\nA,3\nB,9\nC,2\n"
	sum, bad, err := importAll(t, s, data, "csv", ImportOptions{})
	if err != nil || sum.Imported != 2 || sum.Failed != 1 || len(bad) != 1 || !strings.HasPrefix(bad[0], "3: urgency") {
		t.Fatalf("%+v %v %q", sum, err, bad)
	}
	sum, bad, err = importAll(t, s, strings.Replace(data, "B,9", "B,4", 1), "csv", ImportOptions{})
	if err != nil || sum.Imported != 1 || sum.Skipped != 2 || len(bad) != 0 {
		t.Errorf("after fixing line 3: %+v %v %q", sum, err, bad)
	}
	if n := countTickets(t, s); n != 3 {
		t.Errorf("%d tickets, want 3", n)
	}
}

func TestImportCommitsInBatches(t *testing.T) {
	s, _ := openStore(t, newClock())
	commits := 0
	sum, _, err := importAll(t, s, jsonlTickets(20), "jsonl", ImportOptions{BatchRows: 8, Progress: func(p ImportProgress) { commits++ }})
	if err != nil || sum.Imported != 20 {
		t.Fatal(sum, err)
	}
	if commits != 3 {
		t.Errorf("20 rows in batches of 8: %d commits, want 3", commits)
	}
}

func TestImportCSVMalformedQuoteReportsTheRowAndGoesOn(t *testing.T) {
	s, _ := openStore(t, newClock())
	data := "title,description\nGood,one\nBad \"quote,here\nAlso good,two\n"
	sum, bad, err := importAll(t, s, data, "csv", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 2 || sum.Failed != 1 || len(bad) != 1 || !strings.HasPrefix(bad[0], "3: malformed CSV") {
		t.Errorf("%+v %q", sum, bad)
	}
}

func TestImportJSONLBadBytes(t *testing.T) {
	s, _ := openStore(t, newClock())
	long := `{"title":"long","description":"` + strings.Repeat("x", 5000) + `"}`
	data := "\ufeff" + `{"title":"first, after a byte order mark"}` + "\n" +
		`{"title":"caf` + "\xe9" + `"}` + "\n" +
		long + "\n" +
		`{"title":5}` + "\n" +
		`{"title":"ok","tags":"vpn"}` + "\n" +
		`{"title":"last"}` + "\n"
	sum, bad, err := importAll(t, s, data, "jsonl", ImportOptions{MaxLine: 4096})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 2 || sum.Failed != 4 {
		t.Errorf("summary %+v, errors %q", sum, bad)
	}
	want := []string{"2: not valid UTF-8", "3: line longer than 4.0 KiB", `4: title: expected a text, found a number`, `5: tags: expected a list, found a text`}
	for i, w := range want {
		if i >= len(bad) || !strings.HasPrefix(bad[i], w) {
			t.Errorf("error %d = %q, want %q…", i, at(bad, i), w)
		}
	}
	for _, b := range bad {
		if strings.Contains(b, "Go struct") || strings.Contains(b, "Record") {
			t.Errorf("error names Go internals: %q", b)
		}
	}
	p, _ := s.List(context.Background(), Filter{All: true}, SortID, 10, "")
	if len(p.Tickets) != 2 || p.Tickets[0].Title != "first, after a byte order mark" || p.Tickets[1].Title != "last" {
		t.Errorf("imported %+v", p.Tickets)
	}
}

func TestImportRefusesTimesOutOfBounds(t *testing.T) {
	s, _ := openStore(t, newClock())
	data := `{"title":"far future","created_at":"9999-01-01T00:00:00Z"}
{"title":"year one","created_at":"0001-01-01T00:00:00Z"}
{"title":"fine","created_at":"2025-03-01T08:00:00Z"}
`
	sum, bad, err := importAll(t, s, data, "jsonl", ImportOptions{})
	if err != nil || sum.Imported != 1 || sum.Failed != 2 {
		t.Fatalf("%+v %v %q", sum, err, bad)
	}
	if !strings.Contains(bad[0], "created_at: 9999-01-01T00:00:00Z is in the future") || !strings.Contains(bad[1], "created_at: 0001-01-01T00:00:00Z is before 1990") {
		t.Errorf("errors %q", bad)
	}
	if _, err := DecodeRecord([]byte(`{"title":"x","created_at":"0001-01-01T00:00:00Z"}`)); err != nil {
		t.Fatal(err)
	}
	n, _ := DecodeRecord([]byte(`{"title":"x","created_at":"0001-01-01T00:00:00Z"}`))
	if _, err := s.Create(context.Background(), n, "a"); err == nil || !strings.Contains(err.Error(), "before 1990") {
		t.Errorf("ticket add with year 1: %v, want refused", err)
	}
}

func TestTagsPerTicketAreCapped(t *testing.T) {
	s, _ := openStore(t, newClock())
	ctx := context.Background()
	many := make([]string, MaxTicketTags+1)
	for i := range many {
		many[i] = fmt.Sprintf("t%d", i)
	}
	if _, err := s.Create(ctx, NewTicket{Title: "x", Tags: many}, "a"); err == nil || !strings.Contains(err.Error(), "at most 50") {
		t.Errorf("create with %d tags: %v", len(many), err)
	}
	tk := mustCreate(t, s, NewTicket{Title: "x", Tags: many[:MaxTicketTags]})
	if _, err := s.Update(ctx, tk.ID, 0, Patch{AddTags: []string{"one-more"}}, "a"); err == nil || !strings.Contains(err.Error(), "at most 50") {
		t.Errorf("adding a 51st tag: %v", err)
	}
	if _, err := s.Update(ctx, tk.ID, 0, Patch{RemoveTags: []string{"t0"}, AddTags: []string{"other"}}, "a"); err != nil {
		t.Errorf("replacing a tag at the cap: %v", err)
	}
	sum, bad, _ := importAll(t, s, `{"title":"y","tags":["`+strings.Join(many, `","`)+`"]}`+"\n", "jsonl", ImportOptions{})
	if sum.Failed != 1 || !strings.Contains(at(bad, 0), "at most 50") {
		t.Errorf("import with 51 tags: %+v %q", sum, bad)
	}
}

func TestImportStopsAtTheFirstStorageError(t *testing.T) {
	s, d := openStore(t, newClock())
	d.SetMaxOpenConns(1)
	var pages int
	d.QueryRow(`PRAGMA page_count`).Scan(&pages)
	// A full disk, as SQLite sees it: the file may not grow past a few
	// pages more than it has.
	if _, err := d.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+8)); err != nil {
		t.Fatal(err)
	}
	sum, bad, err := importAll(t, s, jsonlTickets(3000), "jsonl", ImportOptions{BatchRows: 100})
	var se *StorageError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "full") {
		t.Fatalf("err = %v, want one storage error saying the database is full", err)
	}
	if len(bad) != 0 || sum.Failed != 0 {
		t.Errorf("rows reported one by one: %+v %q", sum, bad)
	}
	if n := countTickets(t, s); n != sum.Imported {
		t.Errorf("%d tickets stored, summary says %d", n, sum.Imported)
	}
}

// The directory is read once per batch, not per row: every row naming
// someone outside it is still refused at its own line, and the others,
// technicians of the directory, are imported.
func TestImportRefusesEachRowAssignedOutsideTheDirectory(t *testing.T) {
	s, _ := openStore(t, newClock())
	ctx := context.Background()
	if _, err := s.AddTechnician(ctx, NewTechnician{Login: "ndiallo", Name: "Nadia Diallo", Role: RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	data := `{"title":"un","category":"Teams","status":"assigned","assignee":"karim","created_at":"2026-10-01T09:00:00Z"}
{"title":"deux","category":"Teams","status":"assigned","assignee":"ndiallo","created_at":"2026-10-02T09:00:00Z"}
{"title":"trois","category":"Teams","status":"assigned","assignee":"karim","created_at":"2026-10-03T09:00:00Z"}
`
	sum, lines, err := importAll(t, s, data, "jsonl", ImportOptions{Actor: "ndiallo"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 1 || sum.Failed != 2 || len(lines) != 2 || !strings.HasPrefix(lines[0], "1: ") || !strings.HasPrefix(lines[1], "3: ") ||
		!strings.Contains(lines[1], "karim") {
		t.Fatalf("summary %+v, reported %q", sum, lines)
	}
	if n := countTickets(t, s); n != 1 {
		t.Fatalf("%d tickets stored, want the one assigned to ndiallo", n)
	}
}

// Rows go into a batch without a savepoint each; a row the database
// refuses part way (its ticket written, a follow-up refused) sends the
// batch back to be written row by row: that row is left out whole, with
// nothing of it stored, and every other row of the batch is imported.
func TestImportRowRefusedByTheDatabaseLeavesNothingOfItAndKeepsTheOthers(t *testing.T) {
	s, d := openStore(t, newClock())
	if _, err := d.Exec(`CREATE TRIGGER refuse_followup BEFORE INSERT ON followups WHEN NEW.body = 'refuse me'
		BEGIN SELECT RAISE(ABORT, 'follow-up refused'); END`); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := 1; i <= 12; i++ {
		body := fmt.Sprintf("réponse %d", i)
		if i == 7 {
			body = "refuse me"
		}
		fmt.Fprintf(&b, `{"title":"Ticket %d","category":"Teams","tags":["vpn"],"created_at":"2026-10-%02dT09:00:00Z","comments":[{"author":"nadia","body":%q,"created_at":"2026-10-%02dT10:00:00Z"}]}`+"\n", i, i, body, i)
	}
	sum, bad, err := importAll(t, s, b.String(), "jsonl", ImportOptions{BatchRows: 5})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 11 || sum.Failed != 1 || len(bad) != 1 || !strings.HasPrefix(bad[0], "7: refused by the database") {
		t.Fatalf("summary %+v, reported %q", sum, bad)
	}
	var tickets, tags, followups, history, keys, fts int
	for _, q := range []struct {
		dst *int
		sql string
	}{
		{&tickets, `SELECT count(*) FROM tickets WHERE title = 'Ticket 7'`},
		{&tags, `SELECT count(*) FROM ticket_tags`},
		{&followups, `SELECT count(*) FROM followups`},
		{&history, `SELECT count(DISTINCT ticket_id) FROM ticket_history`},
		{&keys, `SELECT count(*) FROM ticket_import_keys`},
		{&fts, `SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH 'réponse'`},
	} {
		if err := d.QueryRow(q.sql).Scan(q.dst); err != nil {
			t.Fatal(err)
		}
	}
	if tickets != 0 || tags != 11 || followups != 11 || history != 11 || keys != 11 || fts != 11 {
		t.Errorf("ticket 7 stored %d times; tags %d, follow-ups %d, tickets with history %d, import keys %d, indexed %d: want 11 of each",
			tickets, tags, followups, history, keys, fts)
	}
	// The rows after the refused one in its batch of 5 (8, 9, 10) went in
	// through the careful pass, the next batch (11, 12) quickly again:
	// every one of them is whole.
	var whole int
	d.QueryRow(`SELECT count(*) FROM tickets t WHERE EXISTS (SELECT 1 FROM followups f WHERE f.ticket_id = t.id)
		AND EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id)`).Scan(&whole)
	if whole != 11 {
		t.Errorf("%d tickets with their follow-up and tag, want 11", whole)
	}
	// Running the file again adds nothing and reports the same row.
	sum, bad, err = importAll(t, s, b.String(), "jsonl", ImportOptions{BatchRows: 5})
	if err != nil || sum.Imported != 0 || sum.Skipped != 11 || sum.Failed != 1 || len(bad) != 1 {
		t.Errorf("second run: %+v %q %v", sum, bad, err)
	}
}

// The reader runs ahead of the writer; an import stopped by the database
// (here: full) ends its reader too, and a read error after good rows keeps
// those rows.
func TestImportKeepsTheRowsReadBeforeAnUnreadableFile(t *testing.T) {
	s, _ := openStore(t, newClock())
	r := io.MultiReader(strings.NewReader(jsonlTickets(30)), iotest.ErrReader(errors.New("the disk went away")))
	sum, err := s.Import(context.Background(), r, "jsonl", ImportOptions{Actor: "import", BatchRows: 8})
	if err == nil || !strings.Contains(err.Error(), "the disk went away") {
		t.Fatalf("err = %v, want the read error", err)
	}
	if n := countTickets(t, s); n != 30 || sum.Imported != 30 {
		t.Errorf("%d tickets stored, summary %+v: want the 30 rows read before the error", n, sum)
	}
}

// A ticket new to Hotline says in its history who imported it, when it
// was created and that it came by import, whichever way the file numbers
// it.
func TestImportedTicketsHistorySaysCreatedAndByImport(t *testing.T) {
	s, _ := openStore(t, newClock())
	data := `{"title":"VPN coupé","category":"Réseau/VPN","created_at":"2026-10-02T09:00:00Z"}
{"id":40,"title":"Teams sans son","category":"Teams","created_at":"2026-10-03T10:30:00Z"}
`
	sum, lines, err := importAll(t, s, data, "jsonl", ImportOptions{Actor: "migration"})
	if err != nil || sum.Imported != 2 {
		t.Fatal(sum, lines, err)
	}
	ctx := context.Background()
	for _, want := range []struct {
		title string
		at    time.Time
	}{
		{"VPN coupé", time.Date(2026, 10, 2, 9, 0, 0, 0, time.UTC)},
		{"Teams sans son", time.Date(2026, 10, 3, 10, 30, 0, 0, time.UTC)},
	} {
		var id int64
		if err := s.db.QueryRow(`SELECT id FROM tickets WHERE title = ?`, want.title).Scan(&id); err != nil {
			t.Fatal(want.title, err)
		}
		h, err := s.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range h {
			got = append(got, fmt.Sprintf("%s %s %s %q→%q", c.At.UTC().Format(time.RFC3339), c.Actor, c.Field, c.Old, c.New))
		}
		at := want.at.Format(time.RFC3339)
		wantLines := []string{
			fmt.Sprintf("%s migration created \"\"→%q", at, want.title),
			fmt.Sprintf("%s migration channel \"\"→%q", at, ChannelImport),
		}
		if strings.Join(got, "\n") != strings.Join(wantLines, "\n") {
			t.Errorf("#%d history:\n%s\nwant:\n%s", id, strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
		}
	}
}
