package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/app/report"
	"hotline/internal/chart"
	"hotline/internal/text"
	"hotline/tickets"
)

// The reports screen (r from the queue): report.Build's figures for a
// period, drawn — weekly volume as bars, daily volume and backlog as
// sparklines, breakdowns as horizontal bars, times, SLA, deflection, the
// recurring issues with their trend and whether an article covers them,
// the knowledge-base gaps and the most-sent articles. The report is built
// in a command (a spinner meanwhile); the text is laid out when it arrives
// or the width changes, never in View. On a recurring issue: enter shows
// its tickets in the queue, p makes a problem of it, w searches the
// knowledge base for its tutorial.

// reportPeriods are the periods the screen offers, in weeks.
var reportPeriods = []struct {
	id    string
	weeks int
}{{"period.4w", 4}, {"period.10w", 10}, {"period.6m", 26}}

const defaultReportPeriod = 1 // ten weeks, like `hotline report`

type reportKeys struct {
	navKeys
	Period, PrevPeriod, P4, P10, P26, Queue, Problem, Write, Refresh key.Binding
}

func (k reportKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Period, k.Up, k.Queue, k.Problem, k.Write, k.Refresh}
}
func (k reportKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.navKeys.list(), {k.Period, k.PrevPeriod, k.P4, k.P10, k.P26, k.Refresh}, {k.Queue, k.Problem, k.Write}}
}

// reportMsg brings the report number seq.
type reportMsg struct {
	seq    int
	report *report.Report
	err    error
}

type reportsScreen struct {
	ctx    *Context
	keys   reportKeys
	period int

	// builtAt is when the report shown was built; liveDue, that others'
	// changes wait for a rebuild (see reportLiveGap).
	builtAt time.Time
	liveDue bool

	seq     int
	loading bool
	report  *report.Report
	err     error

	selected     int   // index in report.Clusters
	clusterLines []int // first content line of each cluster
	vp           viewport.Model
	spinner      spinner.Model
	prompt       *prompt
	creating     bool // a problem is being created from a cluster

	width, height int
}

func newReportsScreen(c *Context) *reportsScreen {
	t := c.T
	s := &reportsScreen{ctx: c, period: defaultReportPeriod, vp: viewport.New(80, 20),
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		keys: reportKeys{
			navKeys:    newNavKeys(t),
			Period:     bind(t, "period", "tab", "tab"),
			PrevPeriod: bind(t, "prevperiod", "shift+tab", "shift+tab"),
			P4:         bind(t, "period.4w", "1", "1"),
			P10:        bind(t, "period.10w", "2", "2"),
			P26:        bind(t, "period.6m", "3", "3"),
			Queue:      bind(t, "clusterqueue", "enter", "enter"),
			Problem:    bind(t, "clusterproblem", "p", "p"),
			Write:      bind(t, "clusterkb", "w", "w"),
			Refresh:    bind(t, "refresh", "ctrl+r/F5", "ctrl+r", "f5"),
		}}
	s.keys.Up.SetHelp("↑↓/jk", t.T("key.cluster"))
	s.vp.KeyMap = viewport.KeyMap{} // keys are ours
	s.updateKeys()
	return s
}

func (s *reportsScreen) Title() string     { return s.ctx.T.T("screen.reports") }
func (s *reportsScreen) Keys() help.KeyMap { return s.keys }
func (s *reportsScreen) Typing() bool      { return s.prompt != nil }
func (s *reportsScreen) Init() tea.Cmd     { return s.load() }

// headerHeight: the title with the period tabs, and a blank line.
const reportHeaderHeight = 2

func (s *reportsScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.vp.Width = w
	s.layout()
}

func (s *reportsScreen) layout() {
	h := s.height - reportHeaderHeight
	if s.prompt != nil {
		h -= s.prompt.height()
	}
	s.vp.Height = max(h, 1)
	s.vp.SetContent(s.content())
}

// reportLiveGap is the least time between two rebuilds of the reports
// caused by others' changes.
const reportLiveGap = 5 * time.Second

// reportLiveMsg rebuilds the report after others' changes.
type reportLiveMsg struct{ owner *reportsScreen }

// load builds the report of the period in a command.
func (s *reportsScreen) load() tea.Cmd {
	s.seq++
	s.loading = true
	seq := s.seq
	now := s.ctx.Now()
	to := now.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	o := report.Options{From: to.Add(-time.Duration(reportPeriods[s.period].weeks) * 7 * 24 * time.Hour), To: to, Now: now, Rule: s.ctx.rule(), Feedback: s.ctx.Feedback}
	store, base, kbs := s.ctx.Tickets, s.ctx.Base, s.ctx.KB
	// The build first: the harness (and a fast machine) delivers it before
	// the first spinner tick re-arms.
	build := func() tea.Msg {
		r, err := report.Build(base, store, kbs, o)
		return reportMsg{seq: seq, report: r, err: err}
	}
	return tea.Batch(build, s.spinner.Tick)
}

func (s *reportsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dataChangedMsg:
		// A report reads every ticket of the period: rebuilt at most every
		// reportLiveGap however busy the helpdesk is.
		if s.liveDue {
			return nil
		}
		s.liveDue = true
		wait := reportLiveGap - s.ctx.Now().Sub(s.builtAt)
		if wait <= 0 || s.builtAt.IsZero() {
			return func() tea.Msg { return reportLiveMsg{owner: s} }
		}
		return s.ctx.Tick(wait, func(time.Time) tea.Msg { return reportLiveMsg{owner: s} })
	case reportLiveMsg:
		if msg.owner != s || !s.liveDue {
			return nil
		}
		s.liveDue = false
		return s.load()
	case reportMsg:
		if msg.seq != s.seq {
			return nil // an older period
		}
		s.loading = false
		s.err = msg.err
		if msg.err != nil {
			return errStatus(msg.err)
		}
		s.report = msg.report
		s.builtAt = s.ctx.Now()
		s.selected = clamp(s.selected, 0, len(s.report.Clusters)-1)
		s.layout()
		s.updateKeys()
		return nil
	case spinner.TickMsg:
		if !s.loading {
			return nil
		}
		s.spinner, _ = s.spinner.Update(msg)
		return spinnerNext(s.ctx, s.spinner)
	case problemLinkedMsg:
		if !s.creating || !msg.created {
			return nil
		}
		s.creating = false
		return linkedStatus(s.ctx.T, msg)
	case tea.KeyMsg:
		if s.prompt != nil {
			return s.updatePrompt(msg)
		}
		return s.handleKey(msg)
	}
	return nil
}

func (s *reportsScreen) setPeriod(p int) tea.Cmd {
	if p == s.period && s.report != nil {
		return nil
	}
	s.period = p
	return s.load()
}

func (s *reportsScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Period):
		return s.setPeriod((s.period + 1) % len(reportPeriods))
	case key.Matches(msg, k.PrevPeriod):
		return s.setPeriod((s.period + len(reportPeriods) - 1) % len(reportPeriods))
	case key.Matches(msg, k.P4):
		return s.setPeriod(0)
	case key.Matches(msg, k.P10):
		return s.setPeriod(1)
	case key.Matches(msg, k.P26):
		return s.setPeriod(2)
	case key.Matches(msg, k.Refresh):
		return s.load()
	case key.Matches(msg, k.Up), key.Matches(msg, k.Down):
		if s.report == nil || len(s.report.Clusters) == 0 {
			k.navKeys.scroll(msg, &s.vp)
			return nil
		}
		d := 1
		if key.Matches(msg, k.Up) {
			d = -1
		}
		s.selected = clamp(s.selected+d, 0, len(s.report.Clusters)-1)
		s.vp.SetContent(s.content())
		s.showSelected()
	case k.navKeys.scroll(msg, &s.vp):
	case key.Matches(msg, k.Queue):
		// Its tickets open above the report: esc comes back to the report
		// as it was (period, selection, scroll).
		if c := s.cluster(); c != nil {
			return push(newFilteredQueue(s.ctx, s.ctx.T.F("screen.cluster", report.ClusterLabel(*c)), clusterFilter(c)))
		}
	case key.Matches(msg, k.Problem):
		if c := s.cluster(); c != nil {
			s.prompt = newTextPrompt(s.ctx.Styles, "problem", s.ctx.T.T("prompt.problem.title"), report.ClusterLabel(*c), s.width)
			s.layout()
		}
	case key.Matches(msg, k.Write):
		if c := s.cluster(); c != nil {
			return push(newKBQuery(s.ctx, c.Label))
		}
	}
	return nil
}

func (s *reportsScreen) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	res, cmd := s.prompt.update(msg)
	if !res.done {
		return cmd
	}
	s.prompt = nil
	s.layout()
	c := s.cluster()
	if res.cancelled || res.value == "" || c == nil {
		return nil
	}
	s.creating = true
	return linkProblemCmd(s.ctx, 0, res.value, c.TicketIDs, false)
}

// clusterFilter is the queue filter showing a cluster's tickets.
func clusterFilter(c *tickets.Cluster) string {
	if v, ok := strings.CutPrefix(c.Key, "tag:"); ok {
		return "tag:" + v
	}
	return strings.TrimPrefix(c.Key, "word:")
}

func (s *reportsScreen) cluster() *tickets.Cluster {
	if s.report == nil || s.selected < 0 || s.selected >= len(s.report.Clusters) {
		return nil
	}
	return &s.report.Clusters[s.selected]
}

// showSelected scrolls so the selected cluster's two lines are visible.
func (s *reportsScreen) showSelected() {
	if s.selected >= len(s.clusterLines) {
		return
	}
	line := s.clusterLines[s.selected]
	switch {
	case line < s.vp.YOffset:
		s.vp.SetYOffset(max(line-1, 0))
	case line+1 >= s.vp.YOffset+s.vp.Height:
		s.vp.SetYOffset(line + 2 - s.vp.Height)
	}
}

func (s *reportsScreen) updateKeys() {
	k := &s.keys
	has := s.report != nil && len(s.report.Clusters) > 0
	k.Queue.SetEnabled(has)
	k.Problem.SetEnabled(has)
	k.Write.SetEnabled(has)
}

func (s *reportsScreen) View() string {
	st, t := s.ctx.Styles, s.ctx.T
	tabs := ""
	for i, p := range reportPeriods {
		if i == s.period {
			tabs += st.TabActive.Render(t.T(p.id))
		} else {
			tabs += st.TabInactive.Render(t.T(p.id))
		}
	}
	head := st.Title.Render(t.T("report.title")) + " " + tabs
	if s.loading {
		head += " " + s.spinner.View()
	}
	var b strings.Builder
	b.WriteString(truncateStyled(head, s.width))
	b.WriteString("\n")
	if s.report != nil {
		b.WriteString(st.Muted.Render(text.Truncate(t.F("report.range", fmtDay(s.report.From), fmtDay(s.report.To.Add(-time.Second))), s.width)))
	} else if s.err != nil {
		b.WriteString(st.Error.Render(text.Truncate(text.SanitizeLine(wordError(t, s.err).Error()), s.width)))
	}
	b.WriteString("\n")
	if s.report == nil {
		b.WriteString(st.Muted.Render("  " + t.T("report.building")))
	} else {
		b.WriteString(s.vp.View())
	}
	if s.prompt != nil {
		b.WriteString("\n" + s.prompt.view(st, t))
	}
	return b.String()
}

func fmtDay(d time.Time) string { return d.UTC().Format("02/01/2006") }

// content lays out the report for the viewport's width.
func (s *reportsScreen) content() string {
	r := s.report
	if r == nil {
		return ""
	}
	st, t := s.ctx.Styles, s.ctx.T
	w := max(s.width, 40)
	var lines []string
	add := func(l ...string) { lines = append(lines, l...) }
	section := func(id string) {
		if len(lines) > 0 {
			add("")
		}
		add(st.Header.Render(t.T(id)))
	}
	stats := r.Stats

	section("report.volume")
	add("  " + t.F("report.summary", stats.Created, stats.Solved, stats.SLABreaches) + " · " +
		t.F("report.deflection.short", pctOrDash(r.Deflection(), stats.Solved)))
	label := func(id string) string { return "  " + padRight(t.T(id), 13) }
	add(label("report.perday") + st.Label.Render(chart.Sparkline(chart.Resample(dayCounts(stats.PerDay), w-16, true))))
	add(label("report.backlog") + st.Label.Render(chart.Sparkline(chart.Resample(dayCounts(stats.Backlog), w-40, false))) +
		st.Muted.Render(" "+t.F("report.backlog.end", lastCount(stats.Backlog))))
	add(label("report.perweek"))
	top := 0
	for _, d := range stats.PerWeek {
		top = max(top, d.Count)
	}
	barW := max(w-24, 10)
	for _, d := range stats.PerWeek {
		add(fmt.Sprintf("    %s %5d ", d.Day.UTC().Format("02/01"), d.Count) + st.Label.Render(chart.Bar(d.Count, top, barW)))
	}

	breakdown := func(id string, cs []tickets.Count, name func(string) string) {
		section(id)
		cs = report.TopCounts(cs, 8)
		top := 0
		for _, c := range cs {
			top = max(top, c.Count)
		}
		lw := min(24, w/4)
		for _, c := range cs {
			add("  " + padRight(text.Truncate(name(c.Key), lw), lw) + fmt.Sprintf(" %5d ", c.Count) +
				st.Label.Render(chart.Bar(c.Count, top, max(w-lw-10, 8))))
		}
		if len(cs) == 0 {
			add("  " + st.Muted.Render(t.T("report.nothing")))
		}
	}
	plain := func(k string) string {
		if k == "" {
			return "?"
		}
		if k == "autres" {
			return t.T("report.others")
		}
		return text.SanitizeLine(k)
	}
	breakdown("report.bycategory", stats.ByCategory, plain)
	breakdown("report.byservice", stats.ByService, plain)
	breakdown("report.byconnection", stats.ByConnection, func(k string) string {
		if k == "autres" {
			return t.T("report.others")
		}
		if msg := t.T("conn." + k); msg != "conn."+k {
			return msg
		}
		return plain(k)
	})

	section("report.times")
	add("  " + t.F(plural("report.firstresponse", stats.FirstResponse.N), durOrDash(t, stats.FirstResponse.Median, stats.FirstResponse.N), durOrDash(t, stats.FirstResponse.P90, stats.FirstResponse.N), stats.FirstResponse.N))
	add("  " + t.F(plural("report.resolution", stats.Resolution.N), durOrDash(t, stats.Resolution.Median, stats.Resolution.N), durOrDash(t, stats.Resolution.P90, stats.Resolution.N), stats.Resolution.N))
	sla := t.P("report.sla", stats.SLABreaches, stats.SLABreaches)
	if stats.SLABreaches > 0 {
		sla = st.Warning.Render(sla)
	}
	add("  " + sla)

	section("report.recurring")
	s.clusterLines = s.clusterLines[:0]
	if len(r.Clusters) == 0 {
		add("  " + st.Muted.Render(t.T("report.noclusters")))
	}
	for i := range r.Clusters {
		c := &r.Clusters[i]
		s.clusterLines = append(s.clusterLines, len(lines))
		mark := " "
		if c.Recurring {
			mark = "!"
		}
		name := padRight(text.Truncate(report.ClusterLabel(*c), 24), 24)
		first := fmt.Sprintf("%s%s %s %s ", mark, name, chart.Sparkline(c.Trend), t.F("report.thisweek", c.ThisWeek, c.LastWeek, c.Tickets))
		article := t.T("report.article.yes")
		if c.Linked == 0 {
			article = t.T("report.article.none")
		}
		hit := " · " + t.F("report.hit", countsList(t, c.Connections, 3, true), countsList(t, c.Services, 2, false))
		if i == s.selected {
			add(st.Selected.Render(padRight(text.Truncate("›"+first, w), w)))
		} else {
			if c.Recurring {
				first = st.Recurring.Render(first)
			}
			add(truncateStyled(" "+first, w))
		}
		// The article first: a gap must show even at 80 columns.
		if c.Linked == 0 {
			add(truncateStyled("   "+st.Error.Render(article)+st.Muted.Render(hit), w))
		} else {
			add(truncateStyled("   "+st.Success.Render(article)+st.Muted.Render(hit), w))
		}
	}
	if len(r.Clusters) > 0 {
		add("  " + st.Muted.Render(t.F("report.rule", r.Rule.Count, r.Rule.Days)))
	}

	section("report.gaps")
	if len(r.Gaps) == 0 && len(r.MissedSearches) == 0 {
		add("  " + st.Muted.Render(t.T("report.nogaps")))
	}
	for _, c := range r.Gaps {
		add(text.Truncate("  "+t.P("report.gap", c.Tickets, report.ClusterLabel(c), c.Tickets), w))
	}
	for _, m := range r.MissedSearches {
		add(text.Truncate("  "+t.F("report.missed", text.SanitizeLine(m.Query), m.Count), w))
	}

	section("report.articles")
	add("  " + t.F("report.deflection", pctOrDash(r.Deflection(), stats.Solved), stats.SolvedWithArticle, stats.Solved))
	for _, a := range r.TopArticles {
		add(text.Truncate(fmt.Sprintf("  %3d ", a.Tickets)+t.T("report.tickets")+"  "+text.SanitizeLine(a.Title), w))
	}

	// What agents said back through the portal.
	sat := r.Satisfaction
	section("report.satisfaction")
	if sat.Ratings == 0 {
		add("  " + st.Muted.Render(t.T("report.ratings.none")))
	} else {
		add("  " + t.F("report.ratings", sat.Ratings, stars(t, sat.Average)))
	}
	for _, g := range []struct {
		id   string
		rows []report.Score
	}{{"report.ratings.category", sat.ByCategory}, {"report.ratings.tech", sat.ByTechnician}, {"report.ratings.article", sat.ByArticle}} {
		if len(g.rows) == 0 {
			add("  " + st.Muted.Render(t.F("report.ratings.empty", t.T(g.id))))
			continue
		}
		add("  " + t.F("report.ratings.head", t.T(g.id)))
		for _, sc := range g.rows {
			name := report.ScoreName(sc)
			if sc.ArticleID == 0 && sc.Key == "" {
				name = t.T("report.unassigned")
			}
			add(text.Truncate(fmt.Sprintf("    %s  %s  ", stars(t, sc.Average), padRight(t.F(plural("report.nratings", sc.Ratings), sc.Ratings), 9))+name, w))
		}
	}
	section("report.selfservice")
	if sat.SelfService == 0 {
		add("  " + st.Muted.Render(t.T("report.selfservice.none")))
	} else {
		add("  " + t.F("report.selfservice.n", sat.SelfService))
	}
	for _, a := range sat.SelfServiceByArticle {
		add(text.Truncate("  "+padRight(t.F(plural("report.selfservice.row", a.Answers), a.Answers), 12)+" "+text.SanitizeLine(a.Title), w))
	}
	return strings.Join(lines, "\n")
}

// stars is an average rating out of 5 ("4.5/5", "4,5/5" in French).
func stars(t Catalogue, avg float64) string {
	s := report.Stars(avg)
	if t.Lang() == English {
		s = strings.Replace(s, ",", ".", 1)
	}
	return s
}

func dayCounts(ds []tickets.DayCount) []int {
	out := make([]int, len(ds))
	for i, d := range ds {
		out[i] = d.Count
	}
	return out
}

func lastCount(ds []tickets.DayCount) int {
	if len(ds) == 0 {
		return 0
	}
	return ds[len(ds)-1].Count
}

// countsList is "4G 20, VPN 10, …" for the first n counts.
func countsList(t Catalogue, cs []tickets.Count, n int, conn bool) string {
	var parts []string
	for i, c := range cs {
		if i == n {
			parts = append(parts, "…")
			break
		}
		k := text.SanitizeLine(c.Key)
		if conn {
			if msg := t.T("conn." + c.Key); msg != "conn."+c.Key {
				k = msg
			}
		}
		if k == "" {
			k = "?"
		}
		parts = append(parts, fmt.Sprintf("%s %d", k, c.Count))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}
