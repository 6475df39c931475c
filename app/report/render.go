package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"hotline/internal/chart"
	"hotline/internal/i18n"
	"hotline/internal/text"
	"hotline/tickets"
)

// Formats the report can be written in.
var Formats = []string{"text", "markdown", "json", "csv"}

// Write renders the report in format (text, markdown, json or csv), its
// text in French; width is the text format's line width.
func (r *Report) Write(w io.Writer, format string, width int) error {
	return r.WriteIn(w, format, width, i18n.French)
}

// WriteIn is Write with the text (text and markdown formats) in lang; JSON
// and CSV are the same in every language.
func (r *Report) WriteIn(w io.Writer, format string, width int, lang i18n.Lang) error {
	switch format {
	case "", "text":
		return r.writeText(w, width, false, lang)
	case "markdown", "md":
		return r.writeText(w, width, true, lang)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r.jsonView())
	case "csv":
		return r.writeCSV(w)
	}
	return fmt.Errorf("unknown report format %q: use text, markdown, json or csv", format)
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// Dur is a duration as a French reader reads it: 45 min, 3 h 10, 2 j 4 h
// (the report is written in French).
func Dur(d time.Duration) string { return DurIn(d, "j") }

// DurIn is Dur with the day unit of the reader's language ("d", "j").
func DurIn(d time.Duration, day string) string {
	switch {
	case d <= 0:
		return "-"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		h := int(d.Hours())
		if m := int(d.Minutes()) % 60; m > 0 {
			return fmt.Sprintf("%d h %02d", h, m)
		}
		return fmt.Sprintf("%d h", h)
	}
	days := int(d.Hours() / 24)
	return fmt.Sprintf("%d %s %d h", days, day, int(d.Hours())%24)
}

// Percent formats a share.
func Percent(f float64) string { return strconv.Itoa(int(f*100+0.5)) + " %" }

func counts(vals []tickets.DayCount) []int {
	out := make([]int, len(vals))
	for i, v := range vals {
		out[i] = v.Count
	}
	return out
}

// TopCounts lists the first n counts, the rest summed as "others".
func TopCounts(cs []tickets.Count, n int) []tickets.Count {
	if len(cs) <= n {
		return cs
	}
	out := append([]tickets.Count{}, cs[:n-1]...)
	rest := 0
	for _, c := range cs[n-1:] {
		rest += c.Count
	}
	return append(out, tickets.Count{Key: "autres", Count: rest})
}

func (r *Report) writeText(w io.Writer, width int, md bool, lang i18n.Lang) error {
	if width < 60 {
		width = 80
	}
	tr := i18n.New(lang, words)
	pl := func(n int, id string) string { return pluralIn(lang, n, tr.T(id+".one"), tr.T(id+".many")) }
	Dur := func(d time.Duration) string { return DurIn(d, tr.T("unit.day")) }
	Stars := func(avg float64) string { return starsIn(lang, avg) }
	connectionLabels := func(cs []tickets.Count) []tickets.Count { return connectionLabelsIn(tr, cs) }
	scoreName := func(sc Score) string { return scoreNameIn(tr, sc) }
	st := r.Stats
	out := &errWriter{w: w}
	h := func(title string) {
		if md {
			out.printf("\n## %s\n\n", title)
		} else {
			out.printf("\n%s\n%s\n", strings.ToUpper(title), strings.Repeat("─", text.Width(title)))
		}
	}
	line := func(format string, args ...any) {
		if md {
			out.printf("- "+format+"\n", args...)
		} else {
			out.printf("  "+format+"\n", args...)
		}
	}
	code := func(s string) string {
		if md {
			return "`" + s + "`"
		}
		return s
	}
	if md {
		out.printf(tr.T("title.md"), day(r.From), day(r.To.Add(-time.Second)))
	} else {
		out.printf(tr.T("title"), day(r.From), day(r.To.Add(-time.Second)), r.GeneratedAt.Local().Format("2006-01-02 15:04"))
	}

	h(tr.T("h.volume"))
	line(tr.T("volume"), st.Created, pl(st.Created, "created"), st.Solved, pl(st.Solved, "solved"), st.SLABreaches)
	spark := func(vals []tickets.DayCount, room int, sum bool) string {
		return code(chart.Sparkline(chart.Resample(counts(vals), room, sum)))
	}
	line(tr.T("perday"), spark(st.PerDay, width-16, true))
	line(tr.T("perweek"), spark(st.PerWeek, width-16, true), weekList(st.PerWeek))
	line(tr.T("backlog"), spark(st.Backlog, width-48, false), last(st.Backlog))

	barWidth := max(10, width-48)
	tableHead := func() {
		if md {
			out.printf("| | tickets | |\n|---|---:|---|\n")
		}
	}
	h(tr.T("h.category"))
	tableHead()
	breakdownRows(out, md, TopCounts(st.ByCategory, 8), barWidth)
	h(tr.T("h.service"))
	tableHead()
	breakdownRows(out, md, TopCounts(st.ByService, 8), barWidth)
	h(tr.T("h.connection"))
	tableHead()
	breakdownRows(out, md, connectionLabels(TopCounts(st.ByConnection, 8)), barWidth)

	h(tr.T("h.times"))
	line(tr.T("firstresponse"), Dur(st.FirstResponse.Median), Dur(st.FirstResponse.P90), st.FirstResponse.N, pl(st.FirstResponse.N, "ticket"))
	line(tr.T("resolution"), Dur(st.Resolution.Median), Dur(st.Resolution.P90), st.Resolution.N, pl(st.Resolution.N, "ticket"))

	h(tr.T("h.recurring"))
	if len(r.Clusters) == 0 {
		line(tr.T("noclusters"))
	}
	if md && len(r.Clusters) > 0 {
		out.printf("%s", tr.T("clusters.md"))
	}
	for _, c := range r.Clusters {
		mark := " "
		if c.Recurring {
			mark = "!"
		}
		article := tr.T("yes")
		if c.Linked == 0 {
			article = tr.T("none")
		}
		label := clusterLabel(c)
		if md {
			out.printf("| %s%s | `%s` | %d | %d | %d | %s | %s | %s |\n", strings.TrimSpace(mark), label, chart.Sparkline(c.Trend), c.ThisWeek, c.LastWeek, c.Tickets,
				countList(connectionLabels(c.Connections), 3), countList(c.Services, 2), article)
			continue
		}
		out.printf(tr.T("cluster"), mark, pad(text.Truncate(label, 22), 22), chart.Sparkline(c.Trend),
			c.ThisWeek, c.LastWeek, c.Tickets)
		out.printf("%s\n", text.Truncate(fmt.Sprintf(tr.T("cluster.detail"), article, countList(connectionLabels(c.Connections), 3), countList(c.Services, 2)), width))
	}
	if len(r.Clusters) > 0 {
		line(tr.T("recurring.rule"), r.Rule.Count, r.Rule.Days)
	}

	h(tr.T("h.gaps"))
	if len(r.Gaps) == 0 && len(r.MissedSearches) == 0 {
		line(tr.T("nogaps"))
	}
	for _, c := range r.Gaps {
		line(tr.T("gap"), clusterLabel(c), c.Tickets, pl(c.Tickets, "ticket"))
	}
	for _, m := range r.MissedSearches {
		line(tr.T("missed"), text.SanitizeLine(m.Query), m.Count)
	}

	h(tr.T("h.articles"))
	line(tr.T("deflection"), Percent(r.Deflection()), st.SolvedWithArticle, st.Solved)
	for _, a := range r.TopArticles {
		line("%3d %-7s  %s", a.Tickets, pl(a.Tickets, "ticket"), text.Truncate(text.SanitizeLine(a.Title), width-20))
	}

	sat := r.Satisfaction
	h(tr.T("h.satisfaction"))
	if sat.Ratings == 0 {
		line(tr.T("noratings"))
	} else {
		line(tr.T("ratings"), sat.Ratings, Stars(sat.Average))
	}
	for _, g := range []struct {
		name string
		rows []Score
	}{{tr.T("by.category"), sat.ByCategory}, {tr.T("by.technician"), sat.ByTechnician}, {tr.T("by.article"), sat.ByArticle}} {
		if len(g.rows) == 0 {
			line(tr.T("group.none"), g.name)
			continue
		}
		line(tr.T("group"), g.name)
		for _, sc := range g.rows {
			line("  %s  %3d %s  %s", Stars(sc.Average), sc.Ratings, pl(sc.Ratings, "rating"), text.Truncate(scoreName(sc), width-24))
		}
	}

	h(tr.T("h.selfservice"))
	if sat.SelfService == 0 {
		line(tr.T("noselfservice"))
	} else {
		line(tr.T("selfservice"), sat.SelfService)
	}
	for _, a := range sat.SelfServiceByArticle {
		line("%3d %s  %s", a.Answers, pl(a.Answers, "answer"), text.Truncate(text.SanitizeLine(a.Title), width-20))
	}
	return out.err
}

// Stars is an average rating as French readers write it: "4,2/5".
func Stars(avg float64) string {
	return strings.Replace(strconv.FormatFloat(avg, 'f', 1, 64), ".", ",", 1) + "/5"
}

// plural is French: 0 and 1 take the singular.
func plural(n int, one, many string) string { return pluralIn(i18n.French, n, one, many) }

// scoreName names a rated category, technician or article for people.
func scoreName(sc Score) string {
	switch {
	case sc.ArticleID != 0:
		return text.SanitizeLine(sc.Title)
	case sc.Key == "":
		return "(non renseigné)"
	}
	return text.SanitizeLine(sc.Key)
}

// ScoreName is scoreName for the interface.
func ScoreName(sc Score) string { return scoreName(sc) }

func breakdownRows(out *errWriter, md bool, cs []tickets.Count, barWidth int) {
	top := 0
	for _, c := range cs {
		top = max(top, c.Count)
	}
	for _, c := range cs {
		label := text.Truncate(text.SanitizeLine(c.Key), 26)
		if md {
			out.printf("| %s | %d | `%s` |\n", label, c.Count, chart.Bar(c.Count, top, 20))
		} else {
			out.printf("  %s %5d  %s\n", pad(label, 26), c.Count, chart.Bar(c.Count, top, barWidth))
		}
	}
}

// ClusterLabel names a cluster for people: #tag, or the shared word and
// its category.
func clusterLabel(c tickets.Cluster) string {
	label := text.SanitizeLine(c.Label)
	if c.ByTag {
		label = "#" + label
		for _, a := range c.Aliases {
			label += " #" + text.SanitizeLine(a)
		}
		return label
	}
	if c.Category != "" {
		return fmt.Sprintf("« %s » (%s)", label, text.SanitizeLine(c.Category))
	}
	return "« " + label + " »"
}

// ClusterLabel is clusterLabel for the interface.
func ClusterLabel(c tickets.Cluster) string { return clusterLabel(c) }

func countList(cs []tickets.Count, n int) string {
	var parts []string
	for i, c := range cs {
		if i == n {
			parts = append(parts, "…")
			break
		}
		key := c.Key
		if key == "" {
			key = "?"
		}
		parts = append(parts, fmt.Sprintf("%s %d", text.SanitizeLine(key), c.Count))
	}
	return strings.Join(parts, ", ")
}

func weekList(ws []tickets.DayCount) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = strconv.Itoa(w.Count)
	}
	return strings.Join(parts, " ")
}

func last(ds []tickets.DayCount) int {
	if len(ds) == 0 {
		return 0
	}
	return ds[len(ds)-1].Count
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-text.Width(s)))
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// jsonView is the report for scripts: plain fields, seconds for durations.
type jsonView struct {
	GeneratedAt    string        `json:"generated_at"`
	From           string        `json:"from"`
	To             string        `json:"to"`
	Created        int           `json:"created"`
	Solved         int           `json:"solved"`
	SLABreaches    int           `json:"sla_breaches"`
	PerDay         []dayJSON     `json:"per_day"`
	PerWeek        []dayJSON     `json:"per_week"`
	Backlog        []dayJSON     `json:"backlog"`
	ByCategory     []countJSON   `json:"by_category"`
	ByService      []countJSON   `json:"by_service"`
	ByConnection   []countJSON   `json:"by_connection"`
	FirstResponse  durJSON       `json:"first_response"`
	Resolution     durJSON       `json:"resolution"`
	Deflection     float64       `json:"deflection"`
	Recurring      []clusterJSON `json:"recurring_issues"`
	Gaps           []clusterJSON `json:"kb_gaps"`
	MissedSearches []missedJSON  `json:"missed_searches"`
	TopArticles    []Article     `json:"top_articles"`
	Satisfaction   satJSON       `json:"satisfaction"`
	SelfService    selfJSON      `json:"self_service"`
}

// satJSON is the agents' ratings: average null when there is none.
type satJSON struct {
	Ratings      int      `json:"ratings"`
	Average      *float64 `json:"average"`
	ByCategory   []Score  `json:"by_category"`
	ByTechnician []Score  `json:"by_technician"`
	ByArticle    []Score  `json:"by_article"`
}

type selfJSON struct {
	Answers   int                  `json:"answers"`
	ByArticle []SelfServiceArticle `json:"by_article"`
}

type dayJSON struct {
	Day   string `json:"day"`
	Count int    `json:"count"`
}
type countJSON struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}
type durJSON struct {
	N             int   `json:"n"`
	MedianSeconds int64 `json:"median_seconds"`
	P90Seconds    int64 `json:"p90_seconds"`
}
type clusterJSON struct {
	Key         string      `json:"key"`
	Label       string      `json:"label"`
	Category    string      `json:"category"`
	Tickets     int         `json:"tickets"`
	ThisWeek    int         `json:"this_week"`
	LastWeek    int         `json:"last_week"`
	Trend       []int       `json:"trend"`
	Services    []countJSON `json:"services"`
	Connections []countJSON `json:"connections"`
	Linked      int         `json:"tickets_with_article"`
	Recurring   bool        `json:"recurring"`
	TicketIDs   []int64     `json:"ticket_ids"`
}
type missedJSON struct {
	Query string `json:"query"`
	Count int    `json:"count"`
	Last  string `json:"last"`
}

func days(ds []tickets.DayCount) []dayJSON {
	out := make([]dayJSON, len(ds))
	for i, d := range ds {
		out[i] = dayJSON{day(d.Day), d.Count}
	}
	return out
}

func cnts(cs []tickets.Count) []countJSON {
	out := make([]countJSON, len(cs))
	for i, c := range cs {
		out[i] = countJSON{c.Key, c.Count}
	}
	return out
}

func clusters(cs []tickets.Cluster) []clusterJSON {
	out := make([]clusterJSON, len(cs))
	for i, c := range cs {
		out[i] = clusterJSON{Key: c.Key, Label: c.Label, Category: c.Category, Tickets: c.Tickets, ThisWeek: c.ThisWeek, LastWeek: c.LastWeek,
			Trend: c.Trend, Services: cnts(c.Services), Connections: cnts(c.Connections), Linked: c.Linked, Recurring: c.Recurring, TicketIDs: c.TicketIDs}
	}
	return out
}

func (r *Report) jsonView() jsonView {
	st := r.Stats
	v := jsonView{
		GeneratedAt: r.GeneratedAt.Format(time.RFC3339), From: r.From.Format(time.RFC3339), To: r.To.Format(time.RFC3339),
		Created: st.Created, Solved: st.Solved, SLABreaches: st.SLABreaches,
		PerDay: days(st.PerDay), PerWeek: days(st.PerWeek), Backlog: days(st.Backlog),
		ByCategory: cnts(st.ByCategory), ByService: cnts(st.ByService), ByConnection: cnts(st.ByConnection),
		FirstResponse: durJSON{st.FirstResponse.N, int64(st.FirstResponse.Median.Seconds()), int64(st.FirstResponse.P90.Seconds())},
		Resolution:    durJSON{st.Resolution.N, int64(st.Resolution.Median.Seconds()), int64(st.Resolution.P90.Seconds())},
		Deflection:    r.Deflection(), Recurring: clusters(r.Clusters), Gaps: clusters(r.Gaps),
		MissedSearches: []missedJSON{}, TopArticles: r.TopArticles,
	}
	for _, m := range r.MissedSearches {
		v.MissedSearches = append(v.MissedSearches, missedJSON{m.Query, m.Count, m.Last.UTC().Format(time.RFC3339)})
	}
	if v.TopArticles == nil {
		v.TopArticles = []Article{}
	}
	sat := r.Satisfaction
	nonNil := func(s []Score) []Score {
		if s == nil {
			return []Score{}
		}
		return s
	}
	v.Satisfaction = satJSON{Ratings: sat.Ratings, ByCategory: nonNil(sat.ByCategory), ByTechnician: nonNil(sat.ByTechnician), ByArticle: nonNil(sat.ByArticle)}
	if sat.Ratings > 0 {
		avg := sat.Average
		v.Satisfaction.Average = &avg
	}
	v.SelfService = selfJSON{Answers: sat.SelfService, ByArticle: sat.SelfServiceByArticle}
	if v.SelfService.ByArticle == nil {
		v.SelfService.ByArticle = []SelfServiceArticle{}
	}
	return v
}

// writeCSV writes one long table (section, key, value, extra) that a
// spreadsheet pivots easily.
func (r *Report) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	st := r.Stats
	rows := [][]string{{"section", "key", "value", "detail"}}
	add := func(section, key string, value int, detail string) {
		rows = append(rows, []string{section, key, strconv.Itoa(value), detail})
	}
	add("summary", "created", st.Created, "")
	add("summary", "solved", st.Solved, "")
	add("summary", "sla_breaches", st.SLABreaches, "")
	add("summary", "solved_with_article", st.SolvedWithArticle, "")
	add("summary", "first_response_median_seconds", int(st.FirstResponse.Median.Seconds()), "")
	add("summary", "first_response_p90_seconds", int(st.FirstResponse.P90.Seconds()), "")
	add("summary", "resolution_median_seconds", int(st.Resolution.Median.Seconds()), "")
	add("summary", "resolution_p90_seconds", int(st.Resolution.P90.Seconds()), "")
	for _, d := range st.PerDay {
		add("per_day", day(d.Day), d.Count, "")
	}
	for _, d := range st.PerWeek {
		add("per_week", day(d.Day), d.Count, "")
	}
	for _, d := range st.Backlog {
		add("backlog", day(d.Day), d.Count, "")
	}
	for _, c := range st.ByCategory {
		add("by_category", c.Key, c.Count, "")
	}
	for _, c := range st.ByService {
		add("by_service", c.Key, c.Count, "")
	}
	for _, c := range st.ByConnection {
		add("by_connection", c.Key, c.Count, "")
	}
	for _, c := range r.Clusters {
		detail := fmt.Sprintf("this_week=%d last_week=%d trend=%v recurring=%t with_article=%d", c.ThisWeek, c.LastWeek, c.Trend, c.Recurring, c.Linked)
		add("recurring_issue", c.Key, c.Tickets, detail)
	}
	for _, c := range r.Gaps {
		add("kb_gap", c.Key, c.Tickets, c.Label)
	}
	for _, m := range r.MissedSearches {
		add("missed_search", m.Query, m.Count, m.Last.UTC().Format(time.RFC3339))
	}
	for _, a := range r.TopArticles {
		add("top_article", strconv.FormatInt(a.ID, 10), a.Tickets, a.Title)
	}
	sat := r.Satisfaction
	add("summary", "ratings", sat.Ratings, "")
	if sat.Ratings > 0 {
		rows[len(rows)-1][3] = "average=" + strconv.FormatFloat(sat.Average, 'f', 2, 64)
	}
	for _, g := range []struct {
		section string
		rows    []Score
	}{{"rating_by_category", sat.ByCategory}, {"rating_by_technician", sat.ByTechnician}, {"rating_by_article", sat.ByArticle}} {
		for _, sc := range g.rows {
			key := sc.Key
			if sc.ArticleID != 0 {
				key = strconv.FormatInt(sc.ArticleID, 10)
			}
			detail := "average=" + strconv.FormatFloat(sc.Average, 'f', 2, 64)
			if sc.Title != "" {
				detail += " " + sc.Title
			}
			add(g.section, key, sc.Ratings, detail)
		}
	}
	add("summary", "self_service_answers", sat.SelfService, "")
	for _, a := range sat.SelfServiceByArticle {
		add("self_service", strconv.FormatInt(a.ID, 10), a.Answers, a.Title)
	}
	for i := range rows {
		// Queries, tags and titles come from outside: a cell starting
		// with = + - @ must not run as a spreadsheet formula.
		rows[i] = text.SpreadsheetRow(rows[i])
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// pluralIn picks the singular or the plural: French takes the singular for
// 0 and 1, English for 1 only.
func pluralIn(lang i18n.Lang, n int, one, many string) string {
	if n == 1 || lang == i18n.French && n == 0 {
		return one
	}
	return many
}

// starsIn is an average rating as readers of lang write it: "4,2/5",
// "4.2/5".
func starsIn(lang i18n.Lang, avg float64) string {
	if lang == i18n.French {
		return Stars(avg)
	}
	return strconv.FormatFloat(avg, 'f', 1, 64) + "/5"
}

// scoreNameIn is scoreName with the words of tr.
func scoreNameIn(tr i18n.Catalogue, sc Score) string {
	if sc.ArticleID == 0 && sc.Key == "" {
		return tr.T("unset")
	}
	return scoreName(sc)
}

// connectionLabelsIn is cs with each connection code replaced by its label
// in tr's language (the interface's words).
func connectionLabelsIn(tr i18n.Catalogue, cs []tickets.Count) []tickets.Count {
	out := make([]tickets.Count, len(cs))
	for i, c := range cs {
		out[i] = c
		key := c.Key
		if key == "" {
			key = string(tickets.ConnUnknown)
		}
		if id := "conn." + key; tr.T(id) != id {
			out[i].Key = tr.T(id)
		}
	}
	return out
}
