package ui

import (
	"context"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"hotline/internal/config"
	"hotline/internal/db"
	"hotline/internal/live"
	"hotline/kb"
	"hotline/tickets"
)

// liveRig runs one interface the way Bubble Tea does: every command in its
// own goroutine, their messages fed back one at a time by the test, which
// waits for what it expects (never for a length of time).
type liveRig struct {
	t    *testing.T
	name string
	m    *Model
	msgs chan tea.Msg
	done chan struct{}
}

func newLiveRig(t *testing.T, name string, o Options) *liveRig {
	r := &liveRig{t: t, name: name, m: New(o), msgs: make(chan tea.Msg, 256), done: make(chan struct{})}
	r.m.ctx.Loc = time.UTC
	t.Cleanup(func() { close(r.done); r.m.Close() })
	r.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	r.start(r.m.Init())
	return r
}

// start runs cmd in a goroutine, flattening batches.
func (r *liveRig) start(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if msg == nil {
			return
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := 0; i < v.Len(); i++ {
				r.start(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		select {
		case r.msgs <- msg:
		case <-r.done:
		}
	}()
}

func (r *liveRig) send(msg tea.Msg) {
	_, cmd := r.m.Update(msg)
	r.start(cmd)
}

func (r *liveRig) press(keys ...string) {
	for _, k := range keys {
		if km, ok := namedKeys[k]; ok {
			r.send(km)
			continue
		}
		for _, c := range k {
			r.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}})
		}
	}
}

// until feeds messages until the screen satisfies ok; the bound is only a
// safety net for a test that would otherwise hang.
func (r *liveRig) until(what string, ok func(view string) bool) {
	r.t.Helper()
	deadline := time.After(20 * time.Second)
	for !ok(r.m.View()) {
		select {
		case msg := <-r.msgs:
			r.send(msg)
		case <-deadline:
			r.t.Fatalf("%s never showed %s:\n%s", r.name, what, r.m.View())
		}
	}
}

func (r *liveRig) waitFor(want ...string) {
	r.t.Helper()
	r.until(strings.Join(want, ", "), func(v string) bool {
		for _, w := range want {
			if !strings.Contains(v, w) {
				return false
			}
		}
		return true
	})
}

// settle feeds messages until n of them have been handled or none is left
// pending after the commands finish (loading done).
func (r *liveRig) settle(cond func() bool) {
	r.t.Helper()
	r.until("a settled state", func(string) bool { return cond() })
}

func liveOptions(ts *tickets.Store, ks *kb.Store, hub *live.Hub, user, name string) Options {
	rend := lipgloss.NewRenderer(&strings.Builder{})
	rend.SetColorProfile(termenv.Ascii)
	now := func() time.Time { return fixedNow }
	return Options{
		Tickets: ts, KB: ks, User: user, UserName: name, Live: hub, DBPath: "/data/hotline.db",
		Config: config.Config{Language: "fr"}, Renderer: rend, Now: now,
		Getenv: func(string) string { return "" },
		Copy:   func(string) error { return nil },
		Open:   func(string) error { return nil },
		Exec: func(c *exec.Cmd, done tea.ExecCallback) tea.Cmd {
			return func() tea.Msg { return done(c.Run()) }
		},
	}
}

// TestTwoInterfacesSeeEachOther: two technicians in one process (as over
// SSH in `hotline serve`), one hub. Each sees the other's follow-ups, field
// changes and presence without pressing a key, and keeps what they type.
func TestTwoInterfacesSeeEachOther(t *testing.T) {
	h := newHarness(t, 120, 30) // the seeded database
	hub := live.New(h.db.DB, live.Options{Interval: 20 * time.Millisecond})
	ctx := context.Background()
	stop, err := hub.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	marie := newLiveRig(t, "marie", liveOptions(h.tickets, h.kb, hub, "marie", "Marie Lefebvre"))
	nadia := newLiveRig(t, "nadia", liveOptions(h.tickets, h.kb, hub, "nadia", "Nadia Diallo"))
	vpn := h.ids["vpn"]
	marie.settle(func() bool { return len(marie.m.stack) == 1 && len(marie.queue().rows) > 0 })
	nadia.settle(func() bool { return len(nadia.queue().rows) > 0 })

	// Marie opens the VPN ticket: Nadia's queue marks it.
	marie.selectTicket(vpn)
	marie.press("enter")
	marie.waitFor("VPN coupe en 4G", "Le VPN se coupe")
	nadia.selectTicket(h.ids["wifi"])
	nadia.until("the VPN ticket marked as open elsewhere", func(v string) bool {
		return strings.HasPrefix(rowOf(v, vpn), "◉")
	})

	// Nadia types a filter; Marie comments: Nadia's queue keeps the
	// cursor and the typed text while it reloads.
	nadia.press("/", "wif")
	nadia.m.stack[0].(*queueScreen).filter.CursorEnd()
	// Nadia opens the same ticket and starts an answer.
	nadia.press("esc")
	nadia.selectTicket(vpn)
	nadia.press("enter")
	nadia.waitFor("ouvert aussi par Marie")
	marie.waitFor("ouvert aussi par Nadia")
	nadia.press("c", "Je regarde ça")
	marie.waitFor("Nadia rédige une réponse")

	// Marie changes the status and answers; Nadia's screen shows both,
	// and her half-written answer is still there.
	marie.press("c", "Redémarrez la box", "ctrl+s")
	nadia.waitFor("Redémarrez la box", "Je regarde ça")
	if p := nadia.m.top().(*ticketScreen).prompt; p == nil || !strings.Contains(p.value(), "Je regarde ça") {
		t.Fatalf("Nadia's answer was lost by the reload")
	}
	nadia.press("ctrl+s")
	marie.waitFor("Je regarde ça")
	marie.until("the writing notice gone", func(v string) bool { return !strings.Contains(v, "rédige") })

	// Marie leaves the ticket: Nadia no longer sees her there.
	marie.press("esc")
	nadia.until("Marie gone", func(v string) bool { return !strings.Contains(v, "ouvert aussi par Marie") })
}

// TestOtherProcessChangesShow: a ticket filed by another process (the
// portal, a script) shows in the queue with a notice, found by the hub's
// data_version check alone.
func TestOtherProcessChangesShow(t *testing.T) {
	h := newHarness(t, 120, 30)
	hub := live.New(h.db.DB, live.Options{Interval: 20 * time.Millisecond})
	ctx := context.Background()
	stop, err := hub.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	marie := newLiveRig(t, "marie", liveOptions(h.tickets, h.kb, hub, "marie", "Marie"))
	marie.settle(func() bool {
		q := marie.queue()
		return len(q.rows) > 0 && q.lastID > 0 && q.counts[viewOpen] >= 0
	})
	marie.selectTicket(h.ids["wifi"])
	before := marie.queue().counts[viewOpen]

	// Another process: its own connection pool, no hub.
	other, err := db.Open(ctx, h.db.Path, tickets.Schema, kb.Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ots := tickets.NewStore(other.DB, tickets.Options{Now: func() time.Time { return fixedNow }})
	for _, title := range []string{"Écran noir au démarrage", "Outlook ne s'ouvre plus"} {
		if _, err := ots.Create(ctx, tickets.NewTicket{Title: title, Urgency: 5, Impact: 5}, "portail"); err != nil {
			t.Fatal(err)
		}
	}
	marie.waitFor("Écran noir au démarrage", "Outlook ne s'ouvre plus", "2 nouveaux tickets")
	q := marie.queue()
	if sel := q.selected(); sel == nil || sel.ID != h.ids["wifi"] {
		t.Fatalf("the cursor left its ticket: %+v", sel)
	}
	marie.settle(func() bool { return q.counts[viewOpen] == before+2 })
}

func (r *liveRig) queue() *queueScreen { return r.m.stack[0].(*queueScreen) }

func (r *liveRig) selectTicket(id int64) {
	r.t.Helper()
	r.settle(func() bool {
		for _, row := range r.queue().rows {
			if row.ID == id {
				return true
			}
		}
		return false
	})
	q := r.queue()
	for i, row := range q.rows {
		if row.ID == id {
			q.cursor = i
			q.scroll()
		}
	}
}

// rowOf is the queue line of ticket id.
func rowOf(view string, id int64) string {
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, "#"+strconv.FormatInt(id, 10)+" ") {
			return l
		}
	}
	return ""
}
