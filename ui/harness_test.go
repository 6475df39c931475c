package ui

import (
	"context"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"hotline/app"
	"hotline/internal/config"
	"hotline/internal/db"
	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
)

// fixedNow is the clock of every UI test, so ages and SLA states are
// stable in assertions and golden files.
var fixedNow = time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC)

// harness drives the root model the way Bubble Tea does: Update, then run
// the returned commands to completion and feed their messages back, until
// nothing is left. Nothing depends on the machine's speed: timers (the
// context's Tick) fire at once on the fixed clock, except the footer's
// clearing, which is skipped so assertions can read the status line.
type harness struct {
	t       testing.TB
	m       *Model
	db      *db.DB
	tickets *tickets.Store
	kb      *kb.Store
	ids     map[string]int64
	copied  []string
	opened  []string
	// timers counts the timers fired, to stop a timer that re-arms itself
	// forever (a spinner that never stops) instead of hanging.
	timers int
}

// timerMsg is what a timer's command returns in tests: the harness fires
// it at once (see exec).
type timerMsg struct {
	d  time.Duration
	fn func(time.Time) tea.Msg
}

// maxTimers bounds the timers one harness fires: far above what any test
// needs, low enough to fail fast on a timer loop.
const maxTimers = 10000

type harnessOpt func(*Options)

func withLang(l string) harnessOpt { return func(o *Options) { o.Config.Language = l } }
func withMono() harnessOpt         { return func(o *Options) { o.NoColor = true } }

// withEnv gives the interface an environment (EDITOR, XDG_DATA_HOME…).
func withEnv(env map[string]string) harnessOpt {
	return func(o *Options) { o.Getenv = func(k string) string { return env[k] } }
}

func newHarness(t testing.TB, w, h int, opts ...harnessOpt) *harness {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "ui.db"), tickets.Schema, kb.Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	now := func() time.Time { return fixedNow }
	ts := tickets.NewStore(d.DB, tickets.Options{Now: now})
	ks := kb.NewStore(d.DB, kb.Options{Links: ts, Now: now})
	hs := &harness{t: t, db: d, tickets: ts, kb: ks, ids: map[string]int64{}}
	hs.seed()
	r := lipgloss.NewRenderer(&strings.Builder{})
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	o := Options{
		Tickets: ts, KB: ks, Calls: app.NewCalls(d.DB, ts), User: "marie", DBPath: "/data/hotline.db",
		Bulk:        app.BulkDesk{DB: d.DB, Tickets: ts, KB: ks},
		ArticleDesk: app.ArticleDesk{Tickets: ts, KB: ks},
		Config:      config.Config{Language: "fr"}, Renderer: r, Now: now,
		Getenv: func(string) string { return "" },
		Copy:   func(s string) error { hs.copied = append(hs.copied, s); return nil },
		Open:   func(s string) error { hs.opened = append(hs.opened, s); return nil },
		// The editor runs right away, without handing over a terminal.
		Exec: func(c *exec.Cmd, done tea.ExecCallback) tea.Cmd {
			return func() tea.Msg { return done(c.Run()) }
		},
		Tick: func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
			return func() tea.Msg { return timerMsg{d, fn} }
		},
	}
	for _, f := range opts {
		f(&o)
	}
	hs.m = New(o)
	hs.m.ctx.Loc = time.UTC
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.Init())
	return hs
}

func (h *harness) seed() {
	ctx := context.Background()
	at := func(d time.Duration) *time.Time { t := fixedNow.Add(-d); return &t }
	add := func(name string, n tickets.NewTicket) {
		tk, err := h.tickets.Create(ctx, n, "seed")
		if err != nil {
			h.t.Fatalf("seed %s: %v", name, err)
		}
		h.ids[name] = tk.ID
	}
	add("vpn", tickets.NewTicket{Title: "VPN coupe en 4G", Description: "Le VPN se coupe toutes les 10 minutes en partage de connexion.",
		Requester:  tickets.Requester{Name: "Jeanne Martin", Service: "Urbanisme", Email: "jeanne.martin@exemple.fr"},
		Connection: "4g", Category: "Réseau/VPN", Urgency: 4, Impact: 3, Tags: []string{"vpn", "4g"}, CreatedAt: at(30 * time.Hour)})
	add("teams", tickets.NewTicket{Title: "Teams : pas de son", Description: "Plus de son dans Teams depuis ce matin.",
		Requester: tickets.Requester{Name: "Paul Durand", Service: "Finances"}, Category: "Teams", Tags: []string{"teams"},
		Assignee: "marie", CreatedAt: at(3 * time.Hour)})
	add("printer", tickets.NewTicket{Title: "Imprimante hors ligne", Requester: tickets.Requester{Name: "Luc Petit", Service: "RH"},
		Category: "Impression", Status: "pending", Assignee: "karim", CreatedAt: at(50 * time.Hour)})
	add("solved", tickets.NewTicket{Title: "Préparer le poste pour le télétravail", Requester: tickets.Requester{Name: "Nina Roux"},
		Category: "Matériel", Status: "solved", CreatedAt: at(200 * time.Hour)})
	add("wifi", tickets.NewTicket{Title: "Wifi lent à la maison", Description: "Connexion très lente le matin.",
		Requester: tickets.Requester{Name: "Omar Said", Service: "Culture"}, Connection: "home", CreatedAt: at(5 * time.Hour)})
	add("evil", tickets.NewTicket{Title: "\x1b]0;pwned\a\x1b[2J", Description: "\x1b[31mrouge\x1b[0m et \x1b]52;c;ZXZpbA==\a",
		Requester: tickets.Requester{Name: "\x1b[1mX"}, CreatedAt: at(1 * time.Hour)})
	art := func(name string, a kb.Article) {
		got, err := h.kb.Add(ctx, a)
		if err != nil {
			h.t.Fatalf("seed article %s: %v", name, err)
		}
		h.ids[name] = got.ID
	}
	art("teletravail", kb.Article{Kind: kb.KindTutorial, Title: "Télétravail : préparer son poste",
		Body: "# Télétravail : préparer son poste\n\nVérifiez votre connexion et votre VPN avant de commencer la journée.\n\n1. Branchez le câble\n2. Lancez le VPN\n",
		URL:  "https://kb.exemple.fr/teletravail", Tags: []string{"teletravail"}, Lang: "fr"})
	art("vpnvideo", kb.Article{Kind: kb.KindVideo, Title: "Vidéo : se connecter au VPN",
		Body: "Comment lancer FortiClient et se connecter au VPN.", URL: "https://video.exemple.fr/vpn.mp4",
		Tags: []string{"vpn"}, Lang: "fr", Duration: 3 * time.Minute,
		Transcript: []kb.Segment{{Start: 0, End: 20 * time.Second, Text: "Bonjour, dans cette vidéo"}, {Start: 95 * time.Second, End: 110 * time.Second, Text: "cliquez sur le bouton connexion sécurisée"}}})
}

// run executes cmd and feeds what it returns back into the model.
func (h *harness) run(cmd tea.Cmd) {
	for _, msg := range h.exec(cmd) {
		h.send(msg)
	}
}

// exec runs cmd to completion (flattening batches and sequences) and
// returns its messages. A timer fires at once, on the fixed clock; the
// footer's clearing is skipped to keep the status line readable.
func (h *harness) exec(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if t, ok := msg.(timerMsg); ok {
		h.timers++
		if h.timers > maxTimers {
			h.t.Fatalf("more than %d timers fired: a timer re-arms itself forever (a spinner that never stops?)", maxTimers)
		}
		msg = t.fn(fixedNow.Add(t.d))
	}
	if msg == nil {
		return nil
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := 0; i < v.Len(); i++ {
			out = append(out, h.exec(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	switch msg.(type) {
	case clearStatusMsg:
		return nil // keep the footer readable in assertions
	}
	return []tea.Msg{msg}
}

func (h *harness) send(msg tea.Msg) {
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// press sends named keys: "enter", "esc", "tab", "ctrl+s"…; anything else
// is typed rune by rune.
func (h *harness) press(keys ...string) {
	for _, k := range keys {
		if km, ok := namedKeys[k]; ok {
			h.send(km)
			continue
		}
		for _, r := range k {
			h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
}

var namedKeys = map[string]tea.KeyMsg{
	"enter": {Type: tea.KeyEnter}, "esc": {Type: tea.KeyEsc}, "tab": {Type: tea.KeyTab},
	"shift+tab": {Type: tea.KeyShiftTab}, "up": {Type: tea.KeyUp}, "down": {Type: tea.KeyDown},
	"left": {Type: tea.KeyLeft}, "right": {Type: tea.KeyRight}, "backspace": {Type: tea.KeyBackspace},
	"ctrl+s": {Type: tea.KeyCtrlS}, "ctrl+j": {Type: tea.KeyCtrlJ}, "ctrl+d": {Type: tea.KeyCtrlD},
	"ctrl+u": {Type: tea.KeyCtrlU}, "ctrl+c": {Type: tea.KeyCtrlC}, "space": {Type: tea.KeySpace, Runes: []rune{' '}},
}

func (h *harness) view() string { return h.m.View() }

func (h *harness) top() screen { return h.m.top() }

func (h *harness) ticket(name string) *tickets.Ticket {
	h.t.Helper()
	tk, err := h.tickets.Get(context.Background(), h.ids[name])
	if err != nil {
		h.t.Fatal(err)
	}
	return tk
}

func (h *harness) mustSee(want ...string) {
	h.t.Helper()
	v := h.view()
	for _, w := range want {
		if !strings.Contains(v, w) {
			h.t.Fatalf("screen does not show %q:\n%s", w, v)
		}
	}
}

func (h *harness) mustNotSee(bad ...string) {
	h.t.Helper()
	v := h.view()
	for _, b := range bad {
		if strings.Contains(v, b) {
			h.t.Fatalf("screen shows %q:\n%s", b, v)
		}
	}
}

// queue returns the queue screen (the bottom of the stack).
func (h *harness) queue() *queueScreen { return h.m.stack[0].(*queueScreen) }

// selectTicket moves the queue cursor onto ticket name.
func (h *harness) selectTicket(name string) {
	h.t.Helper()
	q := h.queue()
	for i, r := range q.rows {
		if r.ID == h.ids[name] {
			q.cursor = i
			q.scroll()
			return
		}
	}
	h.t.Fatalf("ticket %s (#%d) not in the queue view", name, h.ids[name])
}

func textWidth(s string) int { return text.Width(s) }
