package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"hotline/internal/config"
	"hotline/tickets"
)

// fakeTickets is a ticket store in memory: the queue runs against it
// without a database. Methods a test does not set panic (the embedded nil
// interface), so a screen calling something unexpected fails loudly.
type fakeTickets struct {
	TicketStore
	rows    []tickets.Ticket
	listErr error
	// slow makes every List take longer than a busy machine's worst case,
	// as a slow query would.
	slow  time.Duration
	lists int
}

func (f *fakeTickets) Categories() []string { return tickets.DefaultCategories }

func (f *fakeTickets) List(ctx context.Context, _ tickets.Filter, _ tickets.Sort, limit int, _ string) (tickets.Page, error) {
	f.lists++
	time.Sleep(f.slow) // a slow query, not a wait for something
	if f.listErr != nil {
		return tickets.Page{}, f.listErr
	}
	return tickets.Page{Tickets: f.rows}, nil
}

func (f *fakeTickets) Count(context.Context, tickets.Filter) (int, error) { return len(f.rows), nil }

func (f *fakeTickets) Clusters(context.Context, tickets.ClusterOptions) ([]tickets.Cluster, error) {
	return nil, nil
}

func newFakeHarness(t *testing.T, store TicketStore) *harness {
	r := lipgloss.NewRenderer(&strings.Builder{})
	r.SetColorProfile(termenv.Ascii)
	hs := &harness{t: t, ids: map[string]int64{}}
	hs.m = New(Options{
		Tickets: store, User: "marie", Config: config.Config{Language: "en"}, Renderer: r,
		Now:    func() time.Time { return fixedNow },
		Getenv: func(string) string { return "" },
		Tick: func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
			return func() tea.Msg { return timerMsg{d, fn} }
		},
	})
	hs.m.ctx.Loc = time.UTC
	hs.send(tea.WindowSizeMsg{Width: 120, Height: 20})
	hs.run(hs.m.Init())
	return hs
}

// The queue is a screen over the TicketStore interface: it shows what a
// fake store returns, and its failure, with no database at all.
func TestQueueAgainstAFakeStore(t *testing.T) {
	created := fixedNow.Add(-2 * time.Hour)
	fake := &fakeTickets{rows: []tickets.Ticket{{ID: 7, Title: "Écran noir au démarrage", Status: tickets.StatusNew, Priority: 3,
		Category: "Matériel", CreatedAt: created, UpdatedAt: created, DueAt: fixedNow.Add(time.Hour)}}}
	h := newFakeHarness(t, fake)
	h.mustSee("Écran noir au démarrage")
	if fake.lists == 0 {
		t.Fatal("the queue never listed")
	}
	failing := &fakeTickets{listErr: errors.New("disk on fire")}
	h = newFakeHarness(t, failing)
	h.mustSee("disk on fire")
}

// A command slower than a loaded machine's scheduling delay is run to
// completion, never dropped: the harness used to give up after 150 ms.
func TestHarnessRunsSlowCommandsToCompletion(t *testing.T) {
	created := fixedNow.Add(-time.Hour)
	fake := &fakeTickets{slow: 300 * time.Millisecond, rows: []tickets.Ticket{{ID: 1, Title: "Requête lente", Status: tickets.StatusNew,
		Priority: 3, CreatedAt: created, UpdatedAt: created, DueAt: fixedNow.Add(time.Hour)}}}
	h := newFakeHarness(t, fake)
	h.mustSee("Requête lente")
}

func (f *fakeTickets) Arrivals(context.Context, int64, string) (int, int64, error) { return 0, 0, nil }

func (f *fakeTickets) Services(context.Context, int) ([]string, error) { return nil, nil }
