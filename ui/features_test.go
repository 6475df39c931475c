package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/kb"
	"hotline/tickets"
)

// addRecurringVPN adds n tickets tagged vpn over the last days: with the
// seed's VPN ticket, the tag:vpn cluster is recurring (5 in 7 days) and has
// no article linked (a knowledge-base gap).
func (h *harness) addRecurringVPN(n int) []int64 {
	h.t.Helper()
	var ids []int64
	for i := range n {
		at := fixedNow.Add(-time.Duration(6+i*20) * time.Hour)
		tk, err := h.tickets.Create(context.Background(), tickets.NewTicket{
			Title: fmt.Sprintf("VPN coupe encore %d", i), Description: "Le VPN se coupe en 4G, encore.",
			Requester: tickets.Requester{Name: "Agent " + fmt.Sprint(i), Service: "Urbanisme"}, Connection: "4g",
			Category: "Réseau/VPN", Tags: []string{"vpn"}, CreatedAt: &at,
		}, "seed")
		if err != nil {
			h.t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	return ids
}

func TestTagCompletionInTicketPromptAndQueueFilter(t *testing.T) {
	h := newHarness(t, 120, 40)
	s := h.openTicket("wifi")
	h.press("t", "v")
	if s.prompt == nil || s.prompt.tags == nil || !s.prompt.tags.active() {
		t.Fatalf("no completion after typing v: %+v", s.prompt)
	}
	h.mustSee("tags :", "vpn")
	// A late answer for an older prefix is dropped.
	tc := s.prompt.tags
	h.send(tagsMsg{owner: tc, seq: tc.seq - 1, prefix: "x", items: []tagItem{{tag: "xylophone"}}})
	if tc.items[0].tag != "vpn" {
		t.Fatalf("stale completion shown: %+v", tc.items)
	}
	h.press("tab")
	if got := s.prompt.line.Value(); got != "vpn " {
		t.Fatalf("tab completed to %q", got)
	}
	h.press("enter")
	if tk := h.ticket("wifi"); strings.Join(tk.Tags, ",") != "vpn" {
		t.Fatalf("tags = %v", tk.Tags)
	}

	// Queue filter: only after tag:, ticket and article tags, ↓ chooses.
	h.press("esc", "/", "ctrl+u", "te")
	q := h.queue()
	if q.tags.active() {
		t.Fatal("completion outside tag: in the filter")
	}
	h.press(" tag:te")
	if !q.tags.active() || len(q.tags.items) != 2 {
		t.Fatalf("tag:te should offer teams and teletravail: %+v", q.tags.items)
	}
	h.press("down", "tab")
	if got := q.filter.Value(); got != "te tag:teletravail " {
		t.Fatalf("filter = %q", got)
	}
	h.press("ctrl+u", "tag:tea", "tab", "enter")
	if q.applied != "tag:teams" || len(q.rows) != 1 || q.rows[0].ID != h.ids["teams"] {
		t.Fatalf("filter %q rows %v", q.applied, ids(q.rows))
	}
}

func TestTagCompletionInTriageAndNewTicket(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.press("t", "t", "4")
	tr := h.top().(*triageScreen)
	if tr.prompt == nil || !tr.prompt.tags.active() || tr.prompt.tags.items[0].tag != "4g" {
		t.Fatalf("triage tags prompt offers nothing: %+v", tr.prompt)
	}
	h.press("tab", "enter", "enter")
	if tk := h.ticket("vpn"); !strings.Contains(strings.Join(tk.Tags, ","), "4g") {
		t.Fatalf("vpn tags = %v", tk.Tags)
	}
	h.press("esc", "n")
	f := h.top().(*ticketForm)
	f.focusField(10) // tags
	h.press("tel")
	if !f.fields[10].tags.active() {
		t.Fatal("no completion in the form's tags field")
	}
	h.mustSee("teletravail")
	h.press("tab")
	if got := f.fields[10].input.Value(); got != "teletravail " {
		t.Fatalf("form tags = %q", got)
	}
	if f.focus != 10 {
		t.Fatal("tab completing a tag must not leave the field")
	}
	h.press("tab")
	if f.focus != 11 {
		t.Fatal("tab with nothing to complete goes to the next field")
	}
}

func TestSimilarPanelAndRecurrenceBadge(t *testing.T) {
	h := newHarness(t, 120, 40)
	more := h.addRecurringVPN(5)
	s := h.openTicket("vpn")
	if len(s.similar.Tickets) == 0 || s.similar.Recent < 5 {
		t.Fatalf("similar = %+v", s.similar)
	}
	h.mustSee("↻ 5 similaires en 30 j", "Tickets similaires", "%")
	h.press("tab")
	for i, it := range s.side {
		if it.similar != nil && it.ticket.ID == more[0] {
			s.sideCursor = i
		}
	}
	h.mustSee("en commun :", "vpn")
	h.press("enter")
	if o, ok := h.top().(*ticketScreen); !ok || o.id != more[0] {
		t.Fatalf("enter on a similar ticket opens it, top = %T", h.top())
	}
	// Few similar tickets: the badge is not highlighted (same text, muted).
	h2 := newHarness(t, 120, 40)
	s2 := h2.openTicket("printer")
	if s2.similar.Recent >= 5 {
		t.Fatalf("printer should not be recurring: %+v", s2.similar)
	}
}

func TestQueueRecurrenceColumnAndRecurringMark(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.addRecurringVPN(5)
	for i := range 40 { // more rows than the screen holds
		if _, err := h.tickets.Create(context.Background(), tickets.NewTicket{Title: fmt.Sprintf("Divers %d", i)}, "seed"); err != nil {
			t.Fatal(err)
		}
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
	h.press("tab", "tab") // open: priority first, the VPN tickets on top
	q := h.queue()
	if len(q.clusters) == 0 {
		t.Fatal("no recurring cluster loaded")
	}
	if !q.recurring[h.ids["vpn"]] || q.recurring[h.ids["printer"]] {
		t.Fatalf("recurring marks: vpn %v printer %v", q.recurring[h.ids["vpn"]], q.recurring[h.ids["printer"]])
	}
	h.mustSee("↻")
	if len(q.recur) != 0 {
		t.Fatal("recurrence computed before the column was asked for")
	}
	h.press("R")
	h.mustSee("Réc.")
	if len(q.recur) == 0 || len(q.recur) > q.bodyHeight() {
		t.Fatalf("recurrence counts for %d rows, visible %d", len(q.recur), q.bodyHeight())
	}
	h.selectTicket("vpn")
	h.press("j") // the visible window moved: its rows get counted
	if n, ok := q.recur[h.ids["vpn"]]; !ok || n < 5 {
		t.Fatalf("vpn recurrence = %d (%v)", n, ok)
	}
	cached := len(q.recur)
	h.press("k", "j")
	if len(q.recur) != cached {
		t.Fatal("cached rows were computed again")
	}
	h.press("R")
	h.mustNotSee("Réc.")
}

func TestReportsScreenShowsGapsAndSwitchesPeriod(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.addRecurringVPN(5)
	old := fixedNow.Add(-6 * 7 * 24 * time.Hour)
	if _, err := h.tickets.Create(context.Background(), tickets.NewTicket{Title: "Ancien souci d'imprimante", CreatedAt: &old}, "seed"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.kb.Search(context.Background(), "parapheur electronique", kb.SearchOptions{Limit: 5}); err != nil {
		t.Fatal(err)
	}
	h.press("r")
	s, ok := h.top().(*reportsScreen)
	if !ok || s.report == nil {
		t.Fatalf("reports screen not built: %T", h.top())
	}
	content := s.content()
	for _, want := range []string{"Volume", "par semaine", "Par catégorie", "Réseau/VPN", "Délais", "médiane",
		"Problèmes récurrents", "#vpn", "AUCUN ARTICLE", "Tutoriels manquants", "sans article lié",
		"recherche sans résultat : « parapheur electronique »", "déflexion", "█", "▁"} {
		if !strings.Contains(content, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	h.mustSee("10 semaines", "Volume", "par semaine")
	ten := s.report.Stats.Created
	h.press("1") // 4 weeks
	if s.period != 0 || s.report.Stats.Created != ten-1 {
		t.Fatalf("4 weeks: created %d, 10 weeks %d", s.report.Stats.Created, ten)
	}
	h.press("tab", "tab") // → 6 months
	if s.period != 2 || len(s.report.Stats.PerWeek) < 20 {
		t.Fatalf("6 months: period %d, %d weeks", s.period, len(s.report.Stats.PerWeek))
	}
	// A stale report is dropped.
	h.send(reportMsg{seq: s.seq - 1, report: nil})
	if s.report == nil {
		t.Fatal("a stale report replaced the current one")
	}
	// Scrolls when taller than the screen.
	h.press("G")
	h.mustSee("Articles")
	// w searches the knowledge base for the selected issue's tutorial.
	h.press("g")
	s.selected = 0
	h.press("w")
	k, ok := h.top().(*kbScreen)
	if !ok || k.input.Value() != s.report.Clusters[0].Label {
		t.Fatalf("w opens the KB with the label, top = %T", h.top())
	}
	h.press("esc")
	// enter shows the tickets, above the report.
	h.press("enter")
	q, ok := h.top().(*queueScreen)
	if !ok || q.views[0].extra != "tag:vpn" || len(q.rows) != 6 {
		t.Fatalf("top %T", h.top())
	}
}

func TestProblemFromCluster(t *testing.T) {
	h := newHarness(t, 120, 40)
	more := h.addRecurringVPN(5)
	h.press("r")
	s := h.top().(*reportsScreen)
	if c := s.cluster(); c == nil || c.Key != "tag:vpn" {
		t.Fatalf("first cluster = %+v", c)
	}
	h.press("p")
	if s.prompt == nil || s.prompt.line.Value() != "#vpn" {
		t.Fatal("prompt not prefilled with the cluster's label")
	}
	h.press("ctrl+u", "VPN en 4G", "enter")
	ps, err := h.tickets.Problems(context.Background(), nil, 10, 0)
	if err != nil || len(ps) != 1 || ps[0].Title != "VPN en 4G" || ps[0].Incidents != 6 {
		t.Fatalf("problems = %+v, %v", ps, err)
	}
	of, _ := h.tickets.ProblemsOf(context.Background(), more[2])
	if len(of) != 1 {
		t.Fatal("a cluster ticket is not an incident of the new problem")
	}
	h.mustSee("Problème Pb 1 créé avec 6 incidents")
}

func TestProblemFromTicketAndLinkToExisting(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.openTicket("vpn")
	h.press("p")
	pk, ok := h.top().(*problemPicker)
	if !ok {
		t.Fatalf("top = %T", h.top())
	}
	h.press("n")
	if pk.prompt == nil || pk.prompt.line.Value() != "VPN coupe en 4G" {
		t.Fatal("new problem prompt not prefilled with the ticket title")
	}
	h.press("enter")
	s, ok := h.top().(*ticketScreen)
	if !ok || len(s.problems) != 1 {
		t.Fatalf("back on the ticket with its problem: %T", h.top())
	}
	h.mustSee("Problèmes", "Pb 1 ouvert VPN coupe en 4G", "Problème Pb 1 créé avec 1 incident.")
	// Another ticket joins the existing problem.
	h.press("esc", "esc")
	h.openTicket("wifi")
	h.press("p")
	h.press("enter")
	inc, _ := h.tickets.Incidents(context.Background(), 1, 0)
	if len(inc) != 2 {
		t.Fatalf("incidents = %v", ids(inc))
	}
	h.mustSee("1 ticket lié au problème Pb 1")
	// enter on the problem in the side pane opens it.
	s = h.top().(*ticketScreen)
	h.press("tab")
	for i, it := range s.side {
		if it.problem != nil {
			s.sideCursor = i
		}
	}
	h.press("enter")
	if p, ok := h.top().(*problemScreen); !ok || p.id != 1 {
		t.Fatalf("top = %T", h.top())
	}
}

func TestBulkLinkMarkedRows(t *testing.T) {
	h := newHarness(t, 100, 30)
	q := h.queue()
	h.press("space", "space")
	if len(q.marked) != 2 {
		t.Fatalf("marked = %v", q.marked)
	}
	h.mustSee("2 marqués", "•")
	h.press("L", "n", "Wifi et VPN", "enter")
	ps, _ := h.tickets.Problems(context.Background(), nil, 10, 0)
	if len(ps) != 1 || ps[0].Incidents != 2 || ps[0].Title != "Wifi et VPN" {
		t.Fatalf("problems = %+v", ps)
	}
	if len(q.marked) != 0 {
		t.Fatal("marks stay after the bulk link")
	}
	if _, ok := h.top().(*queueScreen); !ok {
		t.Fatalf("top = %T", h.top())
	}
	// Marking then linking to the existing problem.
	h.press("shift+tab")
	h.selectTicket("printer")
	h.press("space", "L", "enter")
	if ps, _ := h.tickets.Problems(context.Background(), nil, 10, 0); ps[0].Incidents != 3 {
		t.Fatalf("incidents = %d", ps[0].Incidents)
	}
}

// seedProblem makes a problem with a workaround, the télétravail article
// and two open incidents plus a solved one.
func (h *harness) seedProblem() *tickets.Problem {
	h.t.Helper()
	p, err := h.tickets.CreateProblem(context.Background(), tickets.NewProblem{
		Title: "VPN coupé en partage de connexion", RootCause: "MTU trop grand sur le partage 4G",
		Workaround: "Passer le VPN en mode TCP", ArticleID: h.ids["teletravail"],
		TicketIDs: []int64{h.ids["vpn"], h.ids["wifi"], h.ids["solved"]},
	}, "marie")
	if err != nil {
		h.t.Fatal(err)
	}
	return p
}

func TestProblemScreenEditsAndSolvesWithIncidents(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.seedProblem()
	h.press("P")
	if _, ok := h.top().(*problemsScreen); !ok {
		t.Fatalf("top = %T", h.top())
	}
	h.mustSee("VPN coupé en partage de connexion", "3 incidents (2 ouverts)")
	h.press("enter")
	ps, ok := h.top().(*problemScreen)
	if !ok || ps.problem == nil {
		t.Fatalf("top = %T", h.top())
	}
	h.mustSee("MTU trop grand", "Passer le VPN en mode TCP", "Télétravail : préparer son poste", "#1", "Incidents (3)")
	// Edit the workaround: multi-line, ctrl+s saves.
	h.press("e", "w", "ctrl+u", "Passer le VPN en mode TCP", "enter", "puis redémarrer", "ctrl+s")
	p, _ := h.tickets.Problem(context.Background(), 1)
	if p.Workaround != "Passer le VPN en mode TCP\npuis redémarrer" {
		t.Fatalf("workaround = %q", p.Workaround)
	}
	// Status known.
	h.press("s", "k")
	if p, _ = h.tickets.Problem(context.Background(), 1); p.Status != tickets.ProblemKnown {
		t.Fatalf("status = %s", p.Status)
	}
	// Solve: (y/N), then the incidents too.
	h.press("S")
	h.mustSee("Marquer ce problème résolu ?", "(o/N)")
	h.press("y")
	h.mustSee("Résoudre aussi ses 2 incidents ouverts")
	h.press("y")
	p, _ = h.tickets.Problem(context.Background(), 1)
	if p.Status != tickets.ProblemSolved || p.OpenCount != 0 {
		t.Fatalf("problem after solve: %s, %d open", p.Status, p.OpenCount)
	}
	for _, name := range []string{"vpn", "wifi"} {
		if tk := h.ticket(name); tk.Status != tickets.StatusSolved {
			t.Errorf("%s: %s", name, tk.Status)
		}
		fs, _ := h.tickets.Followups(context.Background(), h.ids[name])
		if len(fs) != 1 || fs[0].Private {
			t.Fatalf("%s follow-ups = %+v", name, fs)
		}
		for _, want := range []string{"Votre demande fait partie d'un incident connu : VPN coupé en partage de connexion.",
			"Solution : Passer le VPN en mode TCP", "Le tutoriel « Télétravail : préparer son poste » explique la marche à suivre : https://kb.exemple.fr/teletravail"} {
			if !strings.Contains(fs[0].Body, want) {
				t.Errorf("%s follow-up lacks %q:\n%s", name, want, fs[0].Body)
			}
		}
	}
	h.mustSee("2 incidents ouverts résolus")
}

func TestProblemSolveWithoutIncidentsAndArticlePick(t *testing.T) {
	h := newHarness(t, 120, 40)
	p := h.seedProblem()
	h.send(pushMsg{screen: newProblemScreen(h.m.ctx, p.ID)})
	h.press("a")
	k, ok := h.top().(*kbScreen)
	if !ok || k.forProblem == nil {
		t.Fatalf("a opens the KB in pick mode, top = %T", h.top())
	}
	h.press("ctrl+u", "vpn")
	for i, r := range k.results {
		if r.ID == h.ids["vpnvideo"] {
			k.cursor = i
		}
	}
	h.press("tab", "l")
	if got, _ := h.tickets.Problem(context.Background(), p.ID); got.ArticleID != h.ids["vpnvideo"] {
		t.Fatalf("article = %d", got.ArticleID)
	}
	if _, ok := h.top().(*problemScreen); !ok {
		t.Fatalf("back on the problem, top = %T", h.top())
	}
	h.mustSee("Vidéo : se connecter au VPN")
	// Unlink an incident: (y/N), n keeps it.
	h.press("d", "n")
	if got, _ := h.tickets.Problem(context.Background(), p.ID); got.Incidents != 3 {
		t.Fatal("unlinked without confirmation")
	}
	h.press("d", "y")
	if got, _ := h.tickets.Problem(context.Background(), p.ID); got.Incidents != 2 {
		t.Fatalf("incidents = %d", got.Incidents)
	}
	// Solve, keeping the incidents open.
	h.press("S", "y", "n")
	got, _ := h.tickets.Problem(context.Background(), p.ID)
	if got.Status != tickets.ProblemSolved || got.OpenCount == 0 {
		t.Fatalf("status %s open %d", got.Status, got.OpenCount)
	}
}

// draftHarness is a harness with a solved ticket that has public and
// private follow-ups, and an editor script.
func draftHarness(t *testing.T, script string, opts ...harnessOpt) (*harness, string, int64) {
	dir := t.TempDir()
	editor := filepath.Join(dir, "editor.sh")
	if err := os.WriteFile(editor, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	h := newHarness(t, 120, 40, append([]harnessOpt{withEnv(map[string]string{"EDITOR": editor, "XDG_DATA_HOME": data})}, opts...)...)
	ctx := context.Background()
	tk, err := h.tickets.Create(ctx, tickets.NewTicket{Title: "Caméra noire dans Teams", Description: "Ma caméra reste noire en réunion Teams.",
		Requester: tickets.Requester{Name: "Luc Petit"}, Category: "Teams", Tags: []string{"teams", "camera"}}, "seed")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		body    string
		private bool
	}{{"Fermez Teams complètement.\nPuis rouvrez-le.", false}, {"note interne : pilote à jour", true}, {"Autorisez la caméra dans Paramètres > Confidentialité.", false}} {
		if _, err := h.tickets.Comment(ctx, tk.ID, "marie", c.body, c.private); err != nil {
			t.Fatal(err)
		}
	}
	solved := tickets.StatusSolved
	if _, err := h.tickets.Update(ctx, tk.ID, 0, tickets.Patch{Status: &solved}, "marie"); err != nil {
		t.Fatal(err)
	}
	h.ids["camera"] = tk.ID
	return h, filepath.Join(data, "hotline", "drafts", fmt.Sprintf("camera-noire-dans-teams-%d.md", tk.ID)), tk.ID
}

func TestDraftTutorialFromSolvedTicket(t *testing.T) {
	h, path, id := draftHarness(t, `echo "Ligne ajoutée dans l'éditeur." >> "$1"`)
	h.openTicket("camera")
	h.press("w")
	if !strings.Contains(h.m.status, "Tutoriel n°3 créé et lié") {
		t.Fatalf("footer = %q", h.m.status)
	}
	a, err := h.kb.Get(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Caméra noire dans Teams" || a.Kind != kb.KindTutorial || strings.Join(a.Tags, ",") != "teams,camera" || a.Lang != "fr" || a.Verified != nil {
		t.Fatalf("article = %+v", a)
	}
	for _, want := range []string{"## Symptôme", "Ma caméra reste noire", "## Solution", "1. Fermez Teams complètement.", "   Puis rouvrez-le.",
		"2. Autorisez la caméra", "Ligne ajoutée dans l'éditeur."} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, a.Body)
		}
	}
	if strings.Contains(a.Body, "note interne") {
		t.Fatal("a private note went into the tutorial")
	}
	links, _ := h.tickets.Links(context.Background(), id)
	if len(links) != 1 || links[0].ArticleID != 3 {
		t.Fatalf("links = %+v", links)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("stored draft still on disk: %v", err)
	}
	// An open ticket does not draft.
	h.press("esc", "esc")
	h.openTicket("teams")
	h.press("w")
	if n := countArticles(t, h); n != 3 {
		t.Fatalf("%d articles after w on an open ticket", n)
	}
}

func countArticles(t *testing.T, h *harness) int {
	var n int
	if err := h.db.QueryRowContext(context.Background(), `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDraftTutorialFailures(t *testing.T) {
	cases := []struct {
		name, script, footer string
		keep                 bool
	}{
		{"editor fails", "exit 3", "L'éditeur a échoué", true},
		{"emptied", `: > "$1"`, "Le brouillon a été vidé", true},
		{"bad front matter", `printf -- '---\ntitle: [oops\n---\nbody\n' > "$1"`, ".md:", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, path, id := draftHarness(t, c.script)
			h.openTicket("camera")
			h.press("w")
			if !h.m.statusErr || !strings.Contains(h.m.status, c.footer) {
				t.Fatalf("footer = %q", h.m.status)
			}
			if n := countArticles(t, h); n != 2 {
				t.Fatalf("%d articles stored", n)
			}
			if links, _ := h.tickets.Links(context.Background(), id); len(links) != 0 {
				t.Fatal("something was linked")
			}
			if _, err := os.Stat(path); (err == nil) != c.keep {
				t.Fatalf("draft file kept = %v, want %v", err == nil, c.keep)
			}
		})
	}
}

func TestQueueTabsFitAt80Columns(t *testing.T) {
	h := newHarness(t, 80, 24)
	q := h.queue()
	for i := range q.views {
		q.active = i
		line := q.tabsView()
		if w := textWidth(line); w > 80 {
			t.Fatalf("tab row is %d wide with tab %d active", w, i)
		}
		if !strings.Contains(line, q.views[i].title) {
			t.Fatalf("active tab %q not visible: %q", q.views[i].title, line)
		}
	}
	q.active = 0
	if line := q.tabsView(); !strings.HasSuffix(strings.TrimSpace(line), "»") {
		t.Fatalf("hidden tabs on the right are not hinted: %q", line)
	}
	q.active = len(q.views) - 1
	if line := q.tabsView(); !strings.HasPrefix(line, "«") {
		t.Fatalf("hidden tabs on the left are not hinted: %q", line)
	}
}

func TestQueueTitleTakesRemainingWidth(t *testing.T) {
	for _, w := range []int{80, 100, 120, 200} {
		h := newHarness(t, w, 30)
		q := h.queue()
		c := layoutQueue(w, q.natural, q.ctx.T, false, q.showDue())
		row := q.row(&q.rows[0], c, false, fixedNow)
		if got := textWidth(row); got != w {
			t.Errorf("at %d columns a row is %d wide", w, got)
		}
		if head := q.headerRow(c); textWidth(strings.TrimRight(head, " ")) < w-c.title {
			t.Errorf("header narrower than the row at %d", w)
		}
		if w >= 120 && c.title < 35 {
			t.Errorf("title only %d wide at %d columns", c.title, w)
		}
	}
}

func TestCommentTextareaKeepsPasteAndLines(t *testing.T) {
	h := newHarness(t, 120, 40)
	s := h.openTicket("wifi")
	h.press("c")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Bonjour,\nessayez ceci"), Paste: true})
	h.press("ctrl+j", "Merci")
	if got := s.prompt.value(); got != "Bonjour,\nessayez ceci\nMerci" {
		t.Fatalf("comment = %q", got)
	}
	h.mustSee("ctrl+s envoie")
	h.press("ctrl+s")
	fs, _ := h.tickets.Followups(context.Background(), h.ids["wifi"])
	if len(fs) != 1 || fs[0].Body != "Bonjour,\nessayez ceci\nMerci" {
		t.Fatalf("follow-ups = %+v", fs)
	}
	// A paste into a one-line field stays on one line.
	h.press("a", "ctrl+u")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("karim\nx"), Paste: true})
	if v := s.prompt.value(); strings.Contains(v, "\n") {
		t.Fatalf("one-line field holds a line break: %q", v)
	}
}

// Assigning from triage offers the technicians who already have tickets,
// with their open load, so picking takes a letter and tab.
func TestAssigneeCompletionInTriage(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.press("t", "a", "k")
	tr := h.top().(*triageScreen)
	if tr.prompt == nil || tr.prompt.tags == nil || !tr.prompt.tags.active() || tr.prompt.tags.items[0].tag != "karim" {
		t.Fatalf("assign prompt offers nothing for k: %+v", tr.prompt)
	}
	h.mustSee("Techniciens (tickets ouverts)", "karim")
	first := tr.current().ID
	h.press("tab", "enter")
	if tr.current().ID != first {
		t.Fatal("a moved on by itself")
	}
	h.press("enter")
	if tk, _ := h.tickets.Get(context.Background(), first); tk.Assignee != "karim" || tk.Status != tickets.StatusAssigned {
		t.Fatalf("ticket #%d after picking karim: %q %s", first, tk.Assignee, tk.Status)
	}
}

func TestAssigneesListsOpenLoad(t *testing.T) {
	h := newHarness(t, 100, 30)
	as, err := h.tickets.Assignees(context.Background(), "", 0)
	if err != nil || len(as) == 0 {
		t.Fatalf("assignees: %v %v", as, err)
	}
	for _, a := range as {
		n, _ := h.tickets.Count(context.Background(), tickets.Filter{Assignee: &a.Name})
		if n != a.Open {
			t.Errorf("%s: %d open tickets listed, %d counted", a.Name, a.Open, n)
		}
	}
}
