package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"hotline/internal/config"
	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// Benchmarks drive the model as Bubble Tea does (Update with a key, then
// View) on a generated database: 1M tickets (tickets.Generate) and 100k
// articles (kb's Store.Generate) by default, built once into a file under
// os.TempDir() keyed by sizes and schema versions, and reused.
// HOTLINE_BENCH_TICKETS and HOTLINE_BENCH_ARTICLES change the sizes.
//
//	go test -tags sqlite_fts5 ./ui -run '^$' -bench . -benchtime 2s

func benchSize(env string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(env)); err == nil && n > 0 {
		return n
	}
	return def
}

func benchModel(b *testing.B) (*Model, *harness) {
	b.Helper()
	ctx := context.Background()
	nt := benchSize("HOTLINE_BENCH_TICKETS", 1_000_000)
	na := benchSize("HOTLINE_BENCH_ARTICLES", 100_000)
	path := filepath.Join(os.TempDir(), fmt.Sprintf("hotline-ui-bench-%d-%d-v%d-%d.db", nt, na, tickets.Schema.Latest(), kb.Schema.Latest()))
	if _, err := os.Stat(path); err != nil {
		// Articles first, into a fresh file: written after a million
		// tickets, the same articles take many times longer (FTS5 merges
		// read back pages scattered through the big file).
		start := time.Now()
		tmp := path + ".tmp"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		d, err := db.Open(ctx, tmp, tickets.Schema, kb.Schema)
		if err != nil {
			b.Fatal(err)
		}
		if err := kb.NewStore(d.DB, kb.Options{}).Generate(ctx, na, 42); err != nil {
			d.Close()
			b.Fatal(err)
		}
		if err := tickets.Generate(ctx, d.DB, nt, 1); err != nil {
			d.Close()
			b.Fatal(err)
		}
		d.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		d.Exec("ANALYZE")
		d.Close()
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated %d articles and %d tickets in %s (%s)", na, nt, time.Since(start), path)
	}
	d, err := db.Open(ctx, path, tickets.Schema, kb.Schema)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	ts := tickets.NewStore(d.DB, tickets.Options{})
	ks := kb.NewStore(d.DB, kb.Options{Links: ts})
	hs := &harness{t: b, ids: map[string]int64{}}
	m := newBenchModel(ts, ks)
	hs.m = m
	return m, hs
}

func newBenchModel(ts *tickets.Store, ks *kb.Store) *Model {
	r := lipgloss.NewRenderer(&strings.Builder{})
	r.SetColorProfile(termenv.TrueColor) // colours on: the realistic cost
	m := New(Options{Tickets: ts, KB: ks, User: "mlefebvre", DBPath: "bench.db", Config: config.Config{Language: "fr"},
		Renderer: r, Copy: func(string) error { return nil }, Open: func(string) error { return nil }})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return m
}

// firstFrame builds the model, loads the first page of the queue (the
// command Init returns) and renders: what the technician waits for.
func firstFrame(ts *tickets.Store, ks *kb.Store) (*Model, string) {
	m := newBenchModel(ts, ks)
	q := m.stack[0].(*queueScreen)
	q.active = 2 // open tickets: the biggest view with a filter
	f, _ := q.currentFilter()
	q.gen++
	msg := q.fetch(f, "")()
	m.Update(msg)
	return m, m.View()
}

func BenchmarkFirstFrame1M(b *testing.B) {
	m, _ := benchModel(b)
	ts, ks := m.ctx.Tickets.(*tickets.Store), m.ctx.KB.(*kb.Store)
	b.ResetTimer()
	for b.Loop() {
		_, v := firstFrame(ts, ks)
		if !strings.Contains(v, "#") {
			b.Fatal("no rows in the first frame")
		}
	}
}

var (
	keyDown  = tea.KeyMsg{Type: tea.KeyDown}
	keyUp    = tea.KeyMsg{Type: tea.KeyUp}
	keyEnter = tea.KeyMsg{Type: tea.KeyEnter}
	keyEsc   = tea.KeyMsg{Type: tea.KeyEsc}
)

func BenchmarkQueueMove1M(b *testing.B) {
	m, _ := benchModel(b)
	m, _ = firstFrame(m.ctx.Tickets.(*tickets.Store), m.ctx.KB.(*kb.Store))
	i := 0
	for b.Loop() {
		k := keyDown
		if i/30%2 == 1 {
			k = keyUp
		}
		i++
		m.Update(k) // the page fetch command is not run: no I/O in Update
		_ = m.View()
	}
}

func BenchmarkOpenTicket1M(b *testing.B) {
	m, _ := benchModel(b)
	m, _ = firstFrame(m.ctx.Tickets.(*tickets.Store), m.ctx.KB.(*kb.Store))
	for b.Loop() {
		_, cmd := m.Update(keyEnter)
		m.Update(cmd()) // pushMsg: the screen appears, its data by command
		_ = m.View()
		m.Update(keyEsc)
	}
}

// BenchmarkOpenTicketData1M is the ticket's data arriving (the command run
// outside the loop) and the full ticket frame rendered.
func BenchmarkOpenTicketData1M(b *testing.B) {
	m, _ := benchModel(b)
	m, _ = firstFrame(m.ctx.Tickets.(*tickets.Store), m.ctx.KB.(*kb.Store))
	_, cmd := m.Update(keyEnter)
	m.Update(cmd())
	s := m.top().(*ticketScreen)
	loaded := s.load()()
	for b.Loop() {
		s.seq = loaded.(ticketLoadedMsg).seq
		m.Update(loaded)
		_ = m.View()
	}
}

func BenchmarkKBTyping(b *testing.B) {
	m, _ := benchModel(b)
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'b'}})
	m.Update(cmd())
	k := m.top().(*kbScreen)
	res, err := m.ctx.KB.Search(context.Background(), "vpn", kb.SearchOptions{Limit: 50, NoRecord: true})
	if err != nil {
		b.Fatal(err)
	}
	k.seq++
	m.Update(kbResultsMsg{seq: k.seq, query: "vpn", results: res})
	word := []rune("teletravail")
	i := 0
	for b.Loop() {
		if i%len(word) == 0 {
			k.input.SetValue("")
		}
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{word[i%len(word)]}})
		i++
		_ = m.View()
	}
}

var keyR = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'r'}}

// BenchmarkReportsScreen1M is r from the queue: the reports screen pushed
// with its spinner (the report is built by a command) + View.
func BenchmarkReportsScreen1M(b *testing.B) {
	m, _ := benchModel(b)
	m, _ = firstFrame(m.ctx.Tickets.(*tickets.Store), m.ctx.KB.(*kb.Store))
	for b.Loop() {
		_, cmd := m.Update(keyR)
		m.Update(cmd())
		_ = m.View()
		m.Update(keyEsc)
	}
}

// BenchmarkReportsData1M is the ten-week report arriving (built once,
// outside the loop; its build time is logged): the text laid out with its
// charts + View.
func BenchmarkReportsData1M(b *testing.B) {
	m, _ := benchModel(b)
	m, _ = firstFrame(m.ctx.Tickets.(*tickets.Store), m.ctx.KB.(*kb.Store))
	_, cmd := m.Update(keyR)
	m.Update(cmd())
	s := m.top().(*reportsScreen)
	start := time.Now()
	msg := s.load()().(tea.BatchMsg)[0]().(reportMsg)
	b.Logf("report.Build, ten weeks: %s", time.Since(start))
	if msg.err != nil {
		b.Fatal(msg.err)
	}
	b.ResetTimer()
	for b.Loop() {
		msg.seq = s.seq
		m.Update(msg)
		_ = m.View()
	}
}

// BenchmarkReportsMove1M is j on the recurring issues of a built report:
// the selection moves, the text is laid out again + View.
func BenchmarkReportsMove1M(b *testing.B) {
	m, _ := benchModel(b)
	m, _ = firstFrame(m.ctx.Tickets.(*tickets.Store), m.ctx.KB.(*kb.Store))
	_, cmd := m.Update(keyR)
	m.Update(cmd())
	s := m.top().(*reportsScreen)
	msg := s.load()().(tea.BatchMsg)[0]().(reportMsg)
	m.Update(msg)
	i := 0
	for b.Loop() {
		k := keyDown
		if i/8%2 == 1 {
			k = keyUp
		}
		i++
		m.Update(k)
		_ = m.View()
	}
}

// BenchmarkOpenTicketSettled1M is enter on a queue row until the ticket
// screen is settled: the push, the ticket's data, then the knowledge
// base's suggestions and the similar tickets (the side pane), each
// command run as Bubble Tea would and its message applied, then View. A
// different ticket each time (the row below the last one opened). Reports
// p50/p99 of the wall time and the CPU per open (target: settled within
// 150 ms at 1M tickets and 100k articles).
func BenchmarkOpenTicketSettled1M(b *testing.B) {
	m, _ := benchModel(b)
	m, _ = firstFrame(m.ctx.Tickets.(*tickets.Store), m.ctx.KB.(*kb.Store))
	m.ctx.Tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return timerMsg{d, fn} } // never fired: see runSettling
	}
	type open struct {
		id        int64
		wall, cpu time.Duration
		reads     int64 // blocks read from the disk (not the page cache)
	}
	var opens []open
	var cpu time.Duration
	for b.Loop() {
		c0, t0, r0 := processCPU(), time.Now(), blocksRead()
		settled := false
		var id int64
		runSettling(b, m, keyEnter, func(msg tea.Msg) {
			if s, ok := msg.(suggestionsMsg); ok {
				settled, id = true, s.id
			}
		})
		_ = m.View()
		o := open{id: id, wall: time.Since(t0), cpu: processCPU() - c0, reads: blocksRead() - r0}
		opens = append(opens, o)
		cpu += o.cpu
		if !settled {
			b.Fatal("the side pane's suggestions never arrived")
		}
		m.Update(keyEsc)
		m.Update(keyDown)
	}
	// The slowest opens with their CPU and disk reads: an open slow for its
	// own work (a query) spends its wall time on CPU or reading the disk;
	// one that waited for a core on a loaded machine does neither.
	slices.SortFunc(opens, func(a, b open) int { return int(a.wall - b.wall) })
	for _, o := range opens[max(0, len(opens)-5):] {
		b.Logf("ticket #%d: %.1f ms wall, %.1f ms CPU, %d blocks read from the disk", o.id, float64(o.wall.Microseconds())/1000, float64(o.cpu.Microseconds())/1000, o.reads)
	}
	cpus := make([]time.Duration, len(opens))
	for i, o := range opens {
		cpus[i] = o.cpu
	}
	slices.Sort(cpus)
	b.ReportMetric(float64(opens[len(opens)/2].wall.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(opens[len(opens)*99/100].wall.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(cpus[len(cpus)*99/100].Microseconds())/1000, "p99-cpu-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(opens)), "cpu-ms/op")
}

// runSettling sends msg to the model and runs the commands it returns,
// and theirs, applying each message as Bubble Tea would, until none is
// left. Timers (spinners, the footer's clearing, live reloads) are not
// fired: they are not part of the screen settling.
func runSettling(b *testing.B, m *Model, msg tea.Msg, seen func(tea.Msg)) {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		msg, queue = queue[0], queue[1:]
		seen(msg)
		_, cmd := m.Update(msg)
		queue = append(queue, settleCmd(cmd)...)
	}
}

func settleCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil, timerMsg, clearStatusMsg:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, settleCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func blocksRead() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Inblock
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReportsSettled1M is the reports screen rebuilding its report
// (ctrl+r, the same work as opening it) until the new report is laid out
// and drawn, for each period the screen offers: the command builds the
// report (report.Build: figures and recurring issues at once), its message
// is applied, then View. Reports p50 and the slowest wall time, and the
// CPU per build.
//
//	go test -tags sqlite_fts5 ./ui -run '^$' -bench ReportsSettled1M -benchtime 5x
func BenchmarkReportsSettled1M(b *testing.B) {
	m, _ := benchModel(b)
	m, _ = firstFrame(m.ctx.Tickets.(*tickets.Store), m.ctx.KB.(*kb.Store))
	m.ctx.Tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return timerMsg{d, fn} } // never fired: see runSettling
	}
	// The generated tickets end on 2026-11-01: the screen's periods end then.
	m.ctx.Now = func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }
	runSettling(b, m, keyR, func(tea.Msg) {})
	refresh := tea.KeyMsg{Type: tea.KeyCtrlR}
	for i, p := range reportPeriods {
		b.Run(p.id, func(b *testing.B) {
			runSettling(b, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{rune('1' + i)}}, func(tea.Msg) {})
			var walls []time.Duration
			var cpu time.Duration
			for b.Loop() {
				c0, t0 := processCPU(), time.Now()
				built := false
				runSettling(b, m, refresh, func(msg tea.Msg) {
					if r, ok := msg.(reportMsg); ok && r.err == nil {
						built = true
					}
				})
				_ = m.View()
				walls = append(walls, time.Since(t0))
				cpu += processCPU() - c0
				if !built {
					b.Fatal("the report never arrived")
				}
			}
			slices.Sort(walls)
			b.ReportMetric(float64(walls[len(walls)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(walls[len(walls)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(walls)), "cpu-ms/op")
		})
	}
}
