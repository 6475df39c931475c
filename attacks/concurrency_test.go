package attacks

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestManyProcessesAtOnce: 8 processes create tickets, 4 comment on and
// update the same tickets (half with --if-version), a reader lists and
// searches meanwhile. Every write is counted exactly, no command meets
// "database is locked", and every refused stale update says so.
func TestManyProcessesAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("concurrency test skipped with -short")
	}
	creators, perCreator := 8, size(12, 1000)
	updaters, perUpdater := 4, size(12, 300)
	w := newWorld(t)
	const shared = 5
	for i := 1; i <= shared; i++ {
		w.ok("ticket", "add", "--title", fmt.Sprintf("partagé %d", i), "--description", "VPN instable", "--tag", "vpn")
	}
	var (
		wg                                         sync.WaitGroup
		created, comments, blind, guarded, refused atomic.Int64
		reads                                      atomic.Int64
		locked                                     atomic.Int64
		failures                                   = make(chan string, 100)
	)
	fail := func(format string, args ...any) {
		select {
		case failures <- fmt.Sprintf(format, args...):
		default:
		}
	}
	watch := func(what string, r result) {
		if strings.Contains(r.stderr, "database is locked") || strings.Contains(r.stderr, "held a lock") {
			locked.Add(1)
			fail("%s: %s", what, r.stderr)
		}
	}
	t0 := time.Now()
	for c := 0; c < creators; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < perCreator; i++ {
				r := w.run("ticket", "add", "--title", fmt.Sprintf("créé par %d n°%d", c, i), "--description", "imprimante bloquée au 2e étage", "--tag", "imprimante")
				watch("ticket add", r)
				if r.code != 0 {
					fail("ticket add: exit %d %s", r.code, r.stderr)
					continue
				}
				created.Add(1)
			}
		}(c)
	}
	for u := 0; u < updaters; u++ {
		wg.Add(1)
		go func(u int) {
			defer wg.Done()
			for i := 0; i < perUpdater; i++ {
				id := strconv.Itoa(1 + (u+i)%shared)
				r := w.run("ticket", "comment", id, "--text", fmt.Sprintf("suivi %d/%d", u, i))
				watch("ticket comment", r)
				if r.code == 0 {
					comments.Add(1)
				} else {
					fail("ticket comment: exit %d %s", r.code, r.stderr)
				}
				if i%2 == 0 {
					r = w.run("ticket", "update", id, "--urgency", strconv.Itoa(1+i%5))
					watch("ticket update", r)
					if r.code == 0 {
						blind.Add(1)
					} else {
						fail("ticket update: exit %d %s", r.code, r.stderr)
					}
					continue
				}
				// Read the version, then update only if nobody changed it.
				r = w.run("ticket", "show", id, "--json")
				var tk struct{ Version int64 }
				if r.code != 0 || json.Unmarshal([]byte(r.stdout), &tk) != nil {
					fail("ticket show: exit %d %s", r.code, r.stderr)
					continue
				}
				r = w.run("ticket", "update", id, "--if-version", strconv.FormatInt(tk.Version, 10), "--impact", strconv.Itoa(1+i%5))
				watch("ticket update --if-version", r)
				switch {
				case r.code == 0:
					guarded.Add(1)
				case strings.Contains(r.stderr, "was changed by someone else"):
					refused.Add(1)
				default:
					fail("ticket update --if-version: exit %d %s", r.code, r.stderr)
				}
			}
		}(u)
	}
	done := make(chan struct{})
	var readers sync.WaitGroup
	readers.Add(1)
	go func() {
		defer readers.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			for _, args := range [][]string{{"ticket", "list", "--json", "--limit", "20"}, {"ticket", "list", "--search", "imprimante", "--limit", "5"}, {"kb", "search", "vpn"}} {
				r := w.run(args...)
				watch(strings.Join(args[:2], " "), r)
				if r.code != 0 {
					fail("%v: exit %d %s", args, r.code, r.stderr)
				}
				reads.Add(1)
			}
		}
	}()
	wg.Wait()
	close(done)
	readers.Wait()
	elapsed := time.Since(t0)
	close(failures)
	for f := range failures {
		t.Error(f)
	}

	if n := countSQL(t, w.db, "SELECT count(*) FROM tickets"); n != shared+creators*perCreator || created.Load() != int64(creators*perCreator) {
		t.Errorf("%d tickets (%d creations succeeded), want %d", n, created.Load(), shared+creators*perCreator)
	}
	if n := countSQL(t, w.db, "SELECT count(*) FROM followups"); int64(n) != comments.Load() || n != updaters*perUpdater {
		t.Errorf("%d follow-ups stored, %d comments succeeded, want %d", n, comments.Load(), updaters*perUpdater)
	}
	// Each applied update is one version step; refused ones leave none.
	versions := countSQL(t, w.db, "SELECT sum(version - 1) FROM tickets WHERE id <= ?", shared)
	if want := comments.Load() + blind.Load() + guarded.Load(); int64(versions) > want || int64(versions) < blind.Load()+guarded.Load() {
		t.Errorf("shared tickets moved %d versions for %d comments, %d blind and %d guarded updates", versions, comments.Load(), blind.Load(), guarded.Load())
	}
	if locked.Load() != 0 {
		t.Errorf("%d commands met a locked database", locked.Load())
	}
	w.check("after the storm")
	t.Logf("FIGURES concurrency: %d creators × %d tickets, %d updaters × %d rounds, 1 reader: %d created, %d comments, %d blind updates, %d --if-version updates applied, %d refused as stale (each reported), %d reads, %d locked; exact counts; %v",
		creators, perCreator, updaters, perUpdater, created.Load(), comments.Load(), blind.Load(), guarded.Load(), refused.Load(), reads.Load(), locked.Load(), elapsed.Round(time.Millisecond))
}
