package attacks

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"hotline/tickets"
)

// countSQL reads one number from the database, read-only.
func countSQL(t testing.TB, db, query string, args ...any) int {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// killer runs the same command again and again, killing it with SIGKILL
// after a random part of the time a whole run takes, and calls after
// following each kill (to check the database). It returns how many runs
// were really killed (a run may finish before its kill).
type killer struct {
	w     *world
	args  []string
	kills int
	rng   *rand.Rand
	// complete says the last run finished its work; the database then
	// goes back to its first state so the next run has work to kill.
	complete func() bool
	// maxRuns bounds the runs (default three times kills).
	maxRuns int
}

func (k *killer) run(t *testing.T, after func(i int)) (killed int, whole time.Duration, peakKB int64) {
	t.Helper()
	// One timed run on a copy tells how long a whole run takes.
	probe := newWorld(t)
	copyDB(t, k.w.db, probe.db)
	t0 := time.Now()
	r := run(probe.command(context.Background(), k.args...), "")
	whole = time.Since(t0)
	if r.code != 0 {
		t.Fatalf("uninterrupted run of %v: exit %d\n%s%s", k.args, r.code, r.stdout, r.stderr)
	}
	peakKB = r.maxRSSKB
	initial := filepath.Join(t.TempDir(), "initial.db")
	copyDB(t, k.w.db, initial)
	// Runs until kills of them were really killed mid-way (a run may
	// finish before its moment comes), at most three times as many runs.
	maxRuns := k.maxRuns
	if maxRuns == 0 {
		maxRuns = 3 * k.kills
	}
	for i := 0; killed < k.kills && i < maxRuns; i++ {
		if k.complete != nil && k.complete() {
			os.Remove(k.w.db + "-wal")
			os.Remove(k.w.db + "-shm")
			copyDB(t, initial, k.w.db)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cmd := k.w.command(ctx, k.args...)
		cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGKILL) }
		cmd.Stdout, cmd.Stderr = nil, nil
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// A random moment in the run (the start is where the most
		// writing happens for small runs).
		delay := time.Duration(k.rng.Int63n(int64(whole) + 1))
		timer := time.AfterFunc(delay, cancel)
		err := cmd.Wait()
		timer.Stop()
		cancel()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			killed++
		} else if err != nil && cmd.ProcessState.ExitCode() != 0 {
			t.Fatalf("run %d of %v failed without being killed: %v", i, k.args, err)
		}
		after(i)
	}
	return killed, whole, peakKB
}

func copyDB(t testing.TB, from, to string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(from + suffix)
		if err != nil {
			if suffix != "" {
				continue
			}
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeImport writes n synthetic tickets as a JSONL import file; every
// title is unique so that duplicates show.
func writeImport(t testing.TB, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	i := 0
	err = tickets.GenerateRecords(n, 14, func(r tickets.Record) error {
		i++
		r.Title = fmt.Sprintf("%s [row %d]", r.Title, i)
		return enc.Encode(r)
	})
	if err == nil {
		err = bw.Flush()
	}
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
}

func TestKillDuringTicketImportThenResume(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped with -short")
	}
	rows, kills := size(3000, 100000), size(6, 30)
	w := newWorld(t)
	w.ok("ticket", "add", "--title", "avant", "--description", "déjà là")
	file := filepath.Join(w.dir, "tickets.jsonl")
	writeImport(t, file, rows)
	k := &killer{w: w, args: []string{"ticket", "import", file}, kills: kills, rng: rand.New(rand.NewSource(1))}
	last := 1
	k.complete = func() bool {
		if countSQL(t, w.db, "SELECT count(*) FROM tickets") == rows+1 {
			last = 1
			return true
		}
		return false
	}
	killed, whole, peak := k.run(t, func(i int) {
		w.check(fmt.Sprintf("after kill %d", i))
		n := countSQL(t, w.db, "SELECT count(*) FROM tickets")
		distinct := countSQL(t, w.db, "SELECT count(DISTINCT title) FROM tickets")
		if n != distinct {
			t.Fatalf("after kill %d: %d tickets but %d distinct titles: a row was imported twice", i, n, distinct)
		}
		if n < last || n > rows+1 {
			t.Fatalf("after kill %d: %d tickets (was %d, file has %d)", i, n, last, rows)
		}
		// All or nothing per row: no follow-up or history without its ticket.
		if orphans := countSQL(t, w.db, "SELECT count(*) FROM ticket_history h LEFT JOIN tickets t ON t.id = h.ticket_id WHERE t.id IS NULL"); orphans != 0 {
			t.Fatalf("after kill %d: %d history rows without their ticket", i, orphans)
		}
		last = n
	})
	r := w.run("ticket", "import", file)
	if r.code != 0 {
		t.Fatalf("re-run after the kills: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	w.check("after the re-run")
	if n := countSQL(t, w.db, "SELECT count(*) FROM tickets"); n != rows+1 {
		t.Fatalf("after the re-run: %d tickets, want %d (the file's %d and the one added before)", n, rows+1, rows)
	}
	if d := countSQL(t, w.db, "SELECT count(DISTINCT title) FROM tickets"); d != rows+1 {
		t.Fatalf("after the re-run: %d distinct titles for %d tickets: duplicates", d, rows+1)
	}
	t.Logf("FIGURES ticket import: %d rows, %d kills asked, %d runs killed by SIGKILL, check passed after each, re-run completed without duplicates; uninterrupted run %v, peak RSS %d MB",
		rows, kills, killed, whole.Round(time.Millisecond), peak/1024)
}

func TestKillDuringKBImportThenResume(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped with -short")
	}
	corpus := filepath.Join("..", "..", "shared", "data", "kb-fr-alchemy")
	if !full() {
		corpus = filepath.Join("..", "internal", "demo", "content")
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus not present at %s: %v", corpus, err)
	}
	corpus, _ = filepath.Abs(corpus)
	kills := size(5, 30)
	w := newWorld(t)
	w.ok("version") // nothing yet
	w.ok("ticket", "add", "--title", "avant", "--description", "déjà là")
	// A clean import elsewhere gives the counts to reach.
	ref := newWorld(t)
	ref.ok("ticket", "add", "--title", "avant", "--description", "déjà là")
	ref.run("kb", "import", corpus)
	wantArticles := countSQL(t, ref.db, "SELECT count(*) FROM articles")
	wantSegments := countSQL(t, ref.db, "SELECT count(*) FROM segments")

	k := &killer{w: w, args: []string{"kb", "import", corpus}, kills: kills, rng: rand.New(rand.NewSource(2))}
	k.args = append(k.args, "--json")
	last := 0
	k.complete = func() bool {
		if countSQL(t, w.db, "SELECT count(*) FROM articles") == wantArticles {
			last = 0
			return true
		}
		return false
	}
	killed, whole, peak := k.run(t, func(i int) {
		w.check(fmt.Sprintf("after kill %d", i))
		n := countSQL(t, w.db, "SELECT count(*) FROM articles")
		if n < last || n > wantArticles {
			t.Fatalf("after kill %d: %d articles (was %d, a whole import gives %d)", i, n, last, wantArticles)
		}
		last = n
	})
	r := w.run("kb", "import", corpus)
	if r.code > 1 {
		t.Fatalf("re-run after the kills: exit %d\n%s", r.code, r.stderr)
	}
	w.check("after the re-run")
	if n := countSQL(t, w.db, "SELECT count(*) FROM articles"); n != wantArticles {
		t.Fatalf("after the re-run: %d articles, a clean import gives %d", n, wantArticles)
	}
	if n := countSQL(t, w.db, "SELECT count(*) FROM segments"); n != wantSegments {
		t.Fatalf("after the re-run: %d transcript cues, a clean import gives %d", n, wantSegments)
	}
	t.Logf("FIGURES kb import of %s: %d articles, %d kills asked, %d runs killed by SIGKILL, check passed after each, re-run gave exactly a clean import's articles and cues; uninterrupted run %v, peak RSS %d MB",
		filepath.Base(corpus), wantArticles, kills, killed, whole.Round(time.Millisecond), peak/1024)
}

func TestKillDuringBulkTagRenameIsAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped with -short")
	}
	rows, kills := size(3000, 100000), size(6, 30)
	w := newWorld(t)
	file := filepath.Join(w.dir, "tickets.jsonl")
	writeImport(t, file, rows)
	w.ok("ticket", "import", file)
	tagged := countSQL(t, w.db, "SELECT count(*) FROM ticket_tags WHERE tag = 'vpn'")
	if tagged < 10 {
		t.Fatalf("only %d tickets tagged vpn", tagged)
	}
	// Rename back and forth: each run moves every ticket or none.
	names := [2]string{"vpn", "reseau-vpn"}
	from := 0
	rng := rand.New(rand.NewSource(3))
	var killed int
	var whole time.Duration
	for i := 0; i < kills; i++ {
		k := &killer{w: w, args: []string{"tag", "rename", names[from], names[1-from]}, kills: 1, maxRuns: 1, rng: rng}
		n, wh, _ := k.run(t, func(int) {})
		killed += n
		whole = wh
		w.check(fmt.Sprintf("after kill %d", i))
		a := countSQL(t, w.db, "SELECT count(*) FROM ticket_tags WHERE tag = ?", names[from])
		b := countSQL(t, w.db, "SELECT count(*) FROM ticket_tags WHERE tag = ?", names[1-from])
		switch {
		case a == tagged && b == 0: // killed before the commit: nothing moved
		case a == 0 && b == tagged: // finished: everything moved
			from = 1 - from
		default:
			t.Fatalf("after kill %d: %d tickets still %s and %d already %s: a half-done rename", i, a, names[from], b, names[1-from])
		}
		// The space-separated copy on the ticket follows the tag rows.
		if c := countSQL(t, w.db, "SELECT count(*) FROM tickets WHERE ' ' || tags || ' ' LIKE ?", "% "+names[from]+" %"); c != tagged {
			t.Fatalf("after kill %d: %d tickets show %s in their tags, %d carry it", i, c, names[from], tagged)
		}
	}
	t.Logf("FIGURES tag rename on %d of %d tickets: %d runs, %d killed by SIGKILL, each left all or none renamed, check passed after each; uninterrupted run %v",
		tagged, rows, kills, killed, whole.Round(time.Millisecond))
}
