package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hotline/internal/live"
)

// A local interface and `hotline serve` are two App instances on one
// database file (two processes): each sees who has a ticket open in the
// other, and who stopped.
func TestPresenceIsSeenByTheOtherApp(t *testing.T) {
	dir := t.TempDir()
	getenv := func(k string) string {
		return map[string]string{"HOME": dir, "XDG_CONFIG_HOME": dir, "XDG_DATA_HOME": dir}[k]
	}
	open := func(user string) (*live.Hub, func() error) {
		a, err := New(Settings{DBPath: filepath.Join(dir, "h.db"), User: user, Getenv: getenv})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		stop, err := a.Live().Start(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = stop() })
		return a.Live(), stop
	}
	server, _ := open("nadia")
	local, stopLocal := open("marie")
	sub := server.Subscribe()
	waitFor := func(what string, ok func([]live.Viewer) bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second) // a broken hub, not a timing
		for !ok(server.Viewers()) {
			got := make(chan struct{}, 1)
			go func() { sub.Wait(); got <- struct{}{} }()
			select {
			case <-got:
			case <-time.After(time.Until(deadline)):
				t.Fatalf("the server never saw %s: %+v", what, server.Viewers())
			}
		}
	}
	marie := local.Join("marie", "Marie Lefebvre")
	marie.Look(4, true)
	waitFor("Marie writing on #4", func(vs []live.Viewer) bool {
		return len(vs) == 1 && vs[0].Login == "marie" && vs[0].Ticket == 4 && vs[0].Writing && vs[0].Elsewhere
	})
	if err := stopLocal(); err != nil { // the local interface quits
		t.Fatal(err)
	}
	waitFor("Marie gone", func(vs []live.Viewer) bool { return len(vs) == 0 })
}
