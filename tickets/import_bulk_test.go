package tickets

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func indexesOf(t *testing.T, s *Store) map[string]string {
	t.Helper()
	rows, err := s.db.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		out[name] = def
	}
	return out
}

func sameIndexes(t *testing.T, got, want map[string]string) {
	t.Helper()
	for name, def := range want {
		if got[name] != def {
			t.Errorf("index %s: %q, want %q", name, got[name], def)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d indexes on tickets, want %d", len(got), len(want))
	}
}

// A large file into an empty base: the indexes no query names are gone
// while rows go in (so each row costs the kept ones only), and every index
// is back, as defined, when the import returns.
func TestBulkImportIntoAnEmptyBaseBuildsItsIndexesAtTheEnd(t *testing.T) {
	s, d := openStore(t, newClock())
	before := indexesOf(t, s)
	var during []int
	var indexing []int
	sum, bad, err := importAll(t, s, jsonlTickets(40), "jsonl", ImportOptions{BatchRows: 10, SizeHint: BulkImportBytes,
		Progress: func(ImportProgress) { during = append(during, len(indexesOf(t, s))) },
		Indexing: func(done, total int) { indexing = append(indexing, done) }})
	if err != nil || sum.Imported != 40 || len(bad) != 0 {
		t.Fatal(sum, bad, err)
	}
	kept := 0
	for name := range before {
		if importKeepsIndexes[name] {
			kept++
		}
	}
	if len(during) == 0 || during[0] != kept {
		t.Errorf("indexes while importing: %v, want %d (the ones queries name)", during, kept)
	}
	if len(indexing) != len(before)-kept+1 {
		t.Errorf("told of %d indexes built, want %d and the full-text index", len(indexing), len(before)-kept)
	}
	fullTextHasEveryTicket(t, s)
	sameIndexes(t, indexesOf(t, s), before)
	// The planner has statistics for the rebuilt indexes: without them it
	// broke ties by schema order, where they now come last.
	var stats int
	if err := d.QueryRow(`SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'tickets'`).Scan(&stats); err != nil || stats == 0 {
		t.Errorf("statistics for tickets after a bulk import: %d rows (%v)", stats, err)
	}
	var pending int
	d.QueryRow(`SELECT count(*) FROM ticket_deferred_indexes`).Scan(&pending)
	if pending != 0 {
		t.Errorf("%d index definitions still pending", pending)
	}
	var ok string
	d.QueryRow(`PRAGMA integrity_check`).Scan(&ok)
	if ok != "ok" {
		t.Errorf("integrity check: %s", ok)
	}
}

// A base with more tickets than the file brings keeps its indexes:
// sorting a million existing tickets again for a few new ones would cost
// more than it saves.
func TestBulkImportKeepsTheIndexesOfABaseWithMoreTicketsThanTheFile(t *testing.T) {
	s, _ := openStore(t, newClock())
	for i := range 3 {
		mustCreate(t, s, NewTicket{Title: fmt.Sprintf("déjà là %d", i)})
	}
	// Rows of a third of the file each: by its size the file brings 3
	// tickets, as many as the base has (the test does not write 16 MiB).
	defer func(was int64) { importRowBytes = was }(importRowBytes)
	importRowBytes = BulkImportBytes / 3
	before := indexesOf(t, s)
	var during []int
	if _, _, err := importAll(t, s, jsonlTickets(20), "jsonl", ImportOptions{BatchRows: 10, SizeHint: BulkImportBytes,
		Progress: func(ImportProgress) { during = append(during, len(indexesOf(t, s))) }}); err != nil {
		t.Fatal(err)
	}
	if len(during) == 0 || slices.ContainsFunc(during, func(n int) bool { return n != len(before) }) {
		t.Fatalf("indexes while importing: %v, want %d throughout", during, len(before))
	}
	sameIndexes(t, indexesOf(t, s), before)

	// Into a base of one ticket (the start of an interrupted import), the
	// same file brings more than the base has: its indexes wait for the
	// end, and come back.
	s, _ = openStore(t, newClock())
	mustCreate(t, s, NewTicket{Title: "Ticket déjà là"})
	during = nil
	if _, _, err := importAll(t, s, jsonlTickets(20), "jsonl", ImportOptions{BatchRows: 10, SizeHint: BulkImportBytes,
		Progress: func(ImportProgress) { during = append(during, len(indexesOf(t, s))) }}); err != nil {
		t.Fatal(err)
	}
	if len(during) == 0 || during[0] != len(importKeepsIndexes) {
		t.Fatalf("indexes while importing into a base of one ticket: %v, want %d", during, len(importKeepsIndexes))
	}
	sameIndexes(t, indexesOf(t, s), before)
	fullTextHasEveryTicket(t, s)
}

func TestBulkImportRule(t *testing.T) {
	per := importRowBytes
	for _, c := range []struct {
		file, existing int64
		want           bool
	}{
		{BulkImportBytes - 1, 0, false},                 // too small to be worth it
		{BulkImportBytes, 0, true},                      // an empty base
		{100 * BulkImportBytes, 1_000_000, true},        // 4.2 million rows by size
		{1_000_000 * per, 183_061, true},                // the rest of an interrupted million
		{BulkImportBytes, BulkImportBytes / per, false}, // as many as the base has
		{50 * BulkImportBytes, 3_000_000, false},        // a large base, a smaller file
	} {
		if got := bulkImport(c.file, c.existing); got != c.want {
			t.Errorf("bulkImport(%d bytes, %d tickets) = %v, want %v", c.file, c.existing, got, c.want)
		}
	}
}

// ctrl+c during a bulk import keeps the rows stored and still builds the
// indexes before returning.
func TestBulkImportInterruptedStillBuildsItsIndexes(t *testing.T) {
	s, _ := openStore(t, newClock())
	before := indexesOf(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	sum, err := s.Import(ctx, strings.NewReader(jsonlTickets(50)), "jsonl", ImportOptions{Actor: "import", BatchRows: 8,
		SizeHint: BulkImportBytes, Progress: func(ImportProgress) { cancel() }})
	if !errors.Is(err, context.Canceled) || sum.Imported == 0 {
		t.Fatalf("interrupted: %+v %v", sum, err)
	}
	sameIndexes(t, indexesOf(t, s), before)
}

// A bulk import killed half-way (here: its indexes dropped and nothing
// else) leaves their definitions. A start while the import could still be
// running builds nothing; once nothing renewed them for two minutes, the
// next start builds them all. Running the import again would too.
func TestIndexesLeftByAKilledBulkImportAreBuiltAgain(t *testing.T) {
	c := newClock()
	s, d := openStore(t, c)
	before := indexesOf(t, s)
	conn, err := d.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := s.deferIndexes(context.Background(), conn, BulkImportBytes); err != nil || !ok {
		t.Fatal(ok, err)
	}
	conn.Close()
	if len(indexesOf(t, s)) == len(before) {
		t.Fatal("no index deferred")
	}
	c.advance(30 * time.Second)
	if n, err := s.BuildDeferredIndexes(context.Background(), nil); err != nil || n != 0 {
		t.Fatalf("built %d indexes (%v) while the import may still run", n, err)
	}
	c.advance(2 * time.Minute)
	told := 0
	n, err := s.BuildDeferredIndexes(context.Background(), func(done, total int) { told++ })
	if err != nil || n == 0 || told != n {
		t.Fatalf("built %d, told %d: %v", n, told, err)
	}
	sameIndexes(t, indexesOf(t, s), before)

	// The same, resumed by running the import again (a small file now).
	conn, _ = d.Conn(context.Background())
	if ok, err := s.deferIndexes(context.Background(), conn, BulkImportBytes); err != nil || !ok {
		t.Fatal(ok, err)
	}
	conn.Close()
	if _, _, err := importAll(t, s, jsonlTickets(5), "jsonl", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	sameIndexes(t, indexesOf(t, s), before)
	fullTextHasEveryTicket(t, s)
}

// Every index a query names with INDEXED BY is one a bulk import keeps:
// otherwise that query fails in another process while the import runs.
func TestBulkImportKeepsEveryIndexNamedByAQuery(t *testing.T) {
	s, _ := openStore(t, newClock())
	onTickets := indexesOf(t, s)
	re := regexp.MustCompile(`(?i)INDEXED\s+BY\s+([a-z_0-9]+)`)
	root, _ := filepath.Abs("..")
	named := 0
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (strings.HasPrefix(e.Name(), ".") || e.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			if _, ok := onTickets[m[1]]; !ok {
				continue // an index of another table
			}
			named++
			// The reports' queries leave out what is deferred: run by
			// TestReportsWhileABulkImportHasDroppedTheirIndexes.
			if filepath.Dir(path) == filepath.Join(root, "tickets") && reportFiles[filepath.Base(path)] {
				continue
			}
			if !importKeepsIndexes[m[1]] {
				t.Errorf("%s names %s with INDEXED BY: add it to importKeepsIndexes, or pass the query through unlessDeferred and add the file to reportFiles", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if named == 0 {
		t.Fatal("found no INDEXED BY on a tickets index: the scan is broken")
	}
}

// fullTextHasEveryTicket checks the full-text index holds one row per
// ticket, and finds the tickets by a word of their titles.
func fullTextHasEveryTicket(t *testing.T, s *Store) {
	t.Helper()
	var tickets, rows, found int
	s.db.QueryRow(`SELECT count(*) FROM tickets`).Scan(&tickets)
	s.db.QueryRow(`SELECT count(*) FROM tickets_fts`).Scan(&rows)
	s.db.QueryRow(`SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH 'ticket'`).Scan(&found)
	if rows != tickets || found != tickets {
		t.Errorf("%d tickets, %d full-text rows, %d found by a word of their title", tickets, rows, found)
	}
}

// A bulk import writes the full-text index at its end; a ticket filed by
// someone else meanwhile (its row written at once) is neither lost nor
// doubled, and the imported tickets are found by search afterwards.
func TestBulkImportWritesTheFullTextIndexAtTheEnd(t *testing.T) {
	s, _ := openStore(t, newClock())
	filed := false
	var during []int
	sum, _, err := importAll(t, s, jsonlTickets(30), "jsonl", ImportOptions{BatchRows: 10, SizeHint: BulkImportBytes,
		Progress: func(ImportProgress) {
			var n int
			s.db.QueryRow(`SELECT count(*) FROM tickets_fts`).Scan(&n)
			during = append(during, n)
			if !filed {
				filed = true
				mustCreate(t, s, NewTicket{Title: "Ticket du portail", Category: "Teams"})
			}
		}})
	if err != nil || sum.Imported != 30 {
		t.Fatal(sum, err)
	}
	if len(during) == 0 || during[len(during)-1] != 1 {
		t.Errorf("full-text rows while importing: %v, want only the portal's ticket", during)
	}
	fullTextHasEveryTicket(t, s)
}
