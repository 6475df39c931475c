package live

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

func openDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	d, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// waitKind waits for the subscriber's next signal; the bound only keeps a
// broken hub from hanging the test.
func waitKind(t *testing.T, s *Sub) Kind {
	t.Helper()
	got := make(chan Kind, 1)
	go func() { k, _ := s.Wait(); got <- k }()
	select {
	case k := <-got:
		return k
	case <-time.After(20 * time.Second):
		t.Fatal("no change signalled")
		return 0
	}
}

func TestOtherConnectionsCommitsAreSeen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	mine := openDB(t, path)
	if _, err := mine.Exec(`CREATE TABLE t(x)`); err != nil {
		t.Fatal(err)
	}
	hub := New(mine, Options{Interval: 5 * time.Millisecond})
	stop, err := hub.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sub := hub.Subscribe()

	// Another process (its own pool) and this process's own pool: both
	// are other connections than the hub's.
	other := openDB(t, path)
	for _, d := range []*sql.DB{other, mine} {
		if _, err := d.Exec(`INSERT INTO t VALUES (1)`); err != nil {
			t.Fatal(err)
		}
		if k := waitKind(t, sub); k&Data == 0 {
			t.Fatalf("kind %v, want data", k)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestSignalsCoalesceAndCloseReleases(t *testing.T) {
	hub := New(nil, Options{})
	sub := hub.Subscribe()
	for i := 0; i < 100; i++ {
		hub.Notify() // never blocks, however slow the reader
	}
	s := hub.Join("nadia", "Nadia Diallo")
	s.Look(7, false)
	if k := waitKind(t, sub); k != Data|Presence {
		t.Fatalf("kind %v, want data and presence in one signal", k)
	}
	if hub.Changes() != 100 {
		t.Fatalf("changes %d", hub.Changes())
	}
	released := make(chan bool)
	go func() { _, ok := sub.Wait(); released <- ok }()
	sub.Close()
	if ok := <-released; ok {
		t.Fatal("Wait after Close should say the subscription ended")
	}
	hub.Notify() // a closed subscriber is no longer signalled
}

func TestPresence(t *testing.T) {
	hub := New(nil, Options{})
	sub := hub.Subscribe()
	defer sub.Close()
	a, b := hub.Join("marie", "Marie"), hub.Join("nadia", "Nadia")
	a.Look(3, false)
	b.Look(3, true)
	waitKind(t, sub)
	v := hub.Viewers()
	if len(v) != 2 || v[0].Login != "marie" || v[1].Login != "nadia" || !v[1].Writing {
		t.Fatalf("viewers %+v", v)
	}
	b.Look(3, true) // no change, no signal
	a.Leave()
	waitKind(t, sub)
	if v := hub.Viewers(); len(v) != 1 || v[0].Login != "nadia" {
		t.Fatalf("after leaving: %+v", v)
	}
	b.Look(0, false)
	if v := hub.Viewers(); len(v) != 0 {
		t.Fatalf("nobody looks: %+v", v)
	}
}

// TestTokenFiltersWritesNobodyShows: a write the token does not cover (a
// search recorded for the reports) wakes nobody; one it covers does.
func TestTokenFiltersWritesNobodyShows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	d := openDB(t, path)
	if _, err := d.Exec(`CREATE TABLE shown(x); CREATE TABLE unseen(x)`); err != nil {
		t.Fatal(err)
	}
	looked := make(chan struct{}, 10)
	hub := New(d, Options{Interval: 5 * time.Millisecond, Token: func(ctx context.Context, q Querier) (string, error) {
		var n string
		err := q.QueryRowContext(ctx, `SELECT count(*) FROM shown`).Scan(&n)
		select {
		case looked <- struct{}{}:
		default:
		}
		return n, err
	}})
	stop, err := hub.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	<-looked // the token read at start
	sub := hub.Subscribe()
	other := openDB(t, path)
	if _, err := other.Exec(`INSERT INTO unseen VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	<-looked // the hub saw data_version move and read the token
	if hub.Changes() != 0 {
		t.Fatalf("a write nobody shows was signalled")
	}
	if _, err := other.Exec(`INSERT INTO shown VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	if k := waitKind(t, sub); k != Data || hub.Changes() != 1 {
		t.Fatalf("kind %v, %d changes", k, hub.Changes())
	}
}
