package live

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"hotline/internal/db"
)

// fakeClock is the clock of presence expiry, moved by the test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// sharedHub opens the database on its own pool (as another process would)
// and starts a hub with shared presence on it.
func sharedHub(t *testing.T, path string, clock *fakeClock, heartbeat time.Duration) (*Hub, func() error) {
	t.Helper()
	d, err := db.Open(context.Background(), path, Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	h := New(d.DB, Options{Interval: 5 * time.Millisecond, Now: clock.Now, Shared: true, Heartbeat: heartbeat})
	stop, err := h.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stop() })
	return h, stop
}

// waitViewers waits for presence signals until Viewers satisfies ok.
func waitViewers(t *testing.T, h *Hub, sub *Sub, what string, ok func([]Viewer) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second) // a broken hub, not a timing
	for !ok(h.Viewers()) {
		got := make(chan struct{}, 1)
		go func() { sub.Wait(); got <- struct{}{} }()
		select {
		case <-got:
		case <-time.After(time.Until(deadline)):
			t.Fatalf("never saw %s: viewers %+v", what, h.Viewers())
		}
	}
}

// Two processes on one database (two pools, two hubs) see each other's
// presence: who opened which ticket, who writes, who left.
func TestPresenceIsSharedBetweenProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	clock := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	server, _ := sharedHub(t, path, clock, time.Hour) // renewals are not what this test is about
	local, stopLocal := sharedHub(t, path, clock, time.Hour)
	serverSub, localSub := server.Subscribe(), local.Subscribe()

	nadia := server.Join("nadia", "Nadia Diallo") // an SSH session of the server
	nadia.Look(7, false)
	waitViewers(t, local, localSub, "nadia on 7", func(vs []Viewer) bool {
		return len(vs) == 1 && vs[0].Login == "nadia" && vs[0].Ticket == 7 && !vs[0].Writing && vs[0].Elsewhere
	})
	nadia.Look(7, true)
	waitViewers(t, local, localSub, "nadia writing on 7", func(vs []Viewer) bool {
		return len(vs) == 1 && vs[0].Writing
	})

	marie := local.Join("marie", "Marie Lefebvre") // the local interface
	marie.Look(7, false)
	waitViewers(t, server, serverSub, "marie on 7 seen by the server", func(vs []Viewer) bool {
		return len(vs) == 2 && vs[0].Login == "nadia" && !vs[0].Elsewhere && vs[1].Login == "marie" && vs[1].Elsewhere
	})

	// Leaving is seen at once, not at the expiry.
	nadia.Leave()
	waitViewers(t, local, localSub, "nadia gone", func(vs []Viewer) bool {
		return len(vs) == 1 && vs[0].Login == "marie"
	})
	// The local interface quits: its process's rows go with it.
	if err := stopLocal(); err != nil {
		t.Fatal(err)
	}
	waitViewers(t, server, serverSub, "marie gone", func(vs []Viewer) bool { return len(vs) == 0 })
}

// A process that stops renewing its rows (it crashed) stops counting at
// their expiry, with no write anywhere; a living process renews its rows
// before they expire.
func TestPresenceExpiresWhenNotRenewed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	clock := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	watcher, _ := sharedHub(t, path, clock, time.Hour)
	sub := watcher.Subscribe()

	// A crashed process's row: written, then never renewed nor removed.
	d, err := db.Open(context.Background(), path, Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	crashed := New(d.DB, Options{Now: clock.Now, Shared: true, Heartbeat: 2 * time.Second})
	s := crashed.Join("olivier", "Olivier Martin")
	s.Look(12, false)
	if err := crashed.writePresence(context.Background(), crashed.ownRows()); err != nil {
		t.Fatal(err)
	}
	waitViewers(t, watcher, sub, "olivier on 12", func(vs []Viewer) bool { return len(vs) == 1 && vs[0].Ticket == 12 })

	clock.Add(5 * time.Second) // within three heartbeats: still there
	if vs := watcher.Viewers(); len(vs) != 1 {
		t.Fatalf("expired too early: %+v", vs)
	}
	clock.Add(2 * time.Second)
	waitViewers(t, watcher, sub, "olivier expired", func(vs []Viewer) bool { return len(vs) == 0 })

	// A living process with a short heartbeat keeps its row past the
	// first expiry.
	alive, _ := sharedHub(t, path, clock, 10*time.Millisecond)
	a := alive.Join("nadia", "Nadia Diallo")
	a.Look(3, false)
	waitViewers(t, watcher, sub, "nadia on 3", func(vs []Viewer) bool { return len(vs) == 1 && vs[0].Login == "nadia" })
	// Far past the row's life (three heartbeats, 30 ms): the renewals,
	// stamped with the new time, keep it.
	clock.Add(time.Second)
	waitViewers(t, watcher, sub, "nadia still on 3 after renewals", func(vs []Viewer) bool { return len(vs) == 1 && vs[0].Login == "nadia" })
}
