package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hotline/internal/report"
	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
)

// This file holds the commands about recurring issues: similar tickets,
// tags, problems and the report.

type similarJSON struct {
	ticketJSON
	Score  float64  `json:"score"`
	Shared []string `json:"shared_words"`
}

func runTicketSimilar(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket similar", "hotline ticket similar N [--limit N] [--json]",
		"List the tickets most like ticket N (same words, category and tags) and how many\nsimilar tickets arrived in the last 30 days.")
	limit := fs.Int("limit", 10, "how many tickets")
	asJSON := fs.Bool("json", false, "print JSON")
	id, err := a.parseOneID(ctx, fs, args, "ticket")
	if err != nil {
		return err
	}
	res, err := a.tickets.SimilarTickets(ctx, id, *limit)
	if err != nil {
		return err
	}
	now := time.Now()
	if *asJSON {
		out := struct {
			Recent     int           `json:"recent"`
			RecentDays int           `json:"recent_days"`
			Tickets    []similarJSON `json:"tickets"`
		}{res.Recent, res.RecentDays, []similarJSON{}}
		for _, s := range res.Tickets {
			out.Tickets = append(out.Tickets, similarJSON{toTicketJSON(&s.Ticket, now), s.Score, s.Shared})
		}
		return a.printJSON(out)
	}
	fmt.Fprintf(a.stdout, "%d similar tickets in the last %d days\n", res.Recent, res.RecentDays)
	for _, s := range res.Tickets {
		fmt.Fprintf(a.stdout, "%6d  %3.0f%%  %-8s %5s  %s  (%s)\n", s.Ticket.ID, s.Score*100, s.Ticket.Status, age(now.Sub(s.Ticket.CreatedAt)),
			pad(s.Ticket.Title, 50), strings.Join(s.Shared, ", "))
	}
	return nil
}

func runTag(ctx context.Context, a *app, args []string) error {
	return runGroup(ctx, a, "tag", []subcommand{
		{"list", "list tags with how many tickets and articles carry them", runTagList},
		{"rename", "rename a tag on every ticket and article (OLD NEW)", func(ctx context.Context, a *app, args []string) error {
			return runRetag(ctx, a, args, false)
		}},
		{"merge", "merge tag A into tag B on every ticket and article (A B)", func(ctx context.Context, a *app, args []string) error {
			return runRetag(ctx, a, args, true)
		}},
	}, args)
}

func runTagList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("tag list", "hotline tag list [--prefix P] [--json]", "List tags, most used first, with their ticket and article counts.")
	prefix := fs.String("prefix", "", "only tags starting with this")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	tt, err := a.tickets.Tags(ctx, *prefix, 0)
	if err != nil {
		return err
	}
	at, err := a.kb.Tags(ctx, *prefix, 0)
	if err != nil {
		return err
	}
	type row struct {
		Tag      string `json:"tag"`
		Tickets  int    `json:"tickets"`
		Articles int    `json:"articles"`
	}
	var rows []row
	index := map[string]int{}
	for _, t := range tt {
		index[text.Fold(t.Tag)] = len(rows)
		rows = append(rows, row{Tag: t.Tag, Tickets: t.Tickets})
	}
	for _, t := range at {
		if i, ok := index[t.Tag]; ok {
			rows[i].Articles = t.Articles
			continue
		}
		rows = append(rows, row{Tag: t.Tag, Articles: t.Articles})
	}
	if *asJSON {
		if rows == nil {
			rows = []row{}
		}
		return a.printJSON(rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(a.stdout, "no tags")
		return nil
	}
	fmt.Fprintf(a.stdout, "%-30s %8s %8s\n", "TAG", "TICKETS", "ARTICLES")
	for _, r := range rows {
		fmt.Fprintf(a.stdout, "%s %8d %8d\n", pad(r.Tag, 30), r.Tickets, r.Articles)
	}
	return nil
}

func runRetag(ctx context.Context, a *app, args []string, merge bool) error {
	name, about := "tag rename", "Rename tag OLD to NEW on every ticket (with a history entry on each) and every\narticle. Refused if NEW is already used: merge them instead."
	if merge {
		name, about = "tag merge", "Merge tag A into tag B: every ticket and article tagged A is tagged B instead\n(with a history entry on each ticket)."
	}
	fs := a.flags(name, "hotline "+name+" A B", about)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageErrorf("%s: give two tags, for example `hotline %s vpn-forti vpn`", name, name)
	}
	from, into := fs.Arg(0), fs.Arg(1)
	if err := a.open(ctx); err != nil {
		return err
	}
	var n int
	var err error
	if merge {
		n, err = a.tickets.MergeTags(ctx, from, into, a.user())
	} else {
		n, err = a.tickets.RenameTag(ctx, from, into, a.user())
	}
	// A tag may live on articles only; that is not an error.
	if err != nil && !(strings.Contains(err.Error(), "no ticket is tagged")) {
		return err
	}
	m, aerr := a.kb.RetagArticles(ctx, from, into)
	if aerr != nil {
		return aerr
	}
	if err != nil && m == 0 {
		return err
	}
	fmt.Fprintf(a.stdout, "%s → %s: %d tickets and %d articles changed\n", text.SanitizeLine(from), text.SanitizeLine(into), n, m)
	return nil
}

type problemJSON struct {
	ID         int64        `json:"id"`
	Title      string       `json:"title"`
	RootCause  string       `json:"root_cause"`
	Workaround string       `json:"workaround"`
	Status     string       `json:"status"`
	ArticleID  *int64       `json:"article_id"`
	CreatedBy  string       `json:"created_by"`
	CreatedAt  string       `json:"created_at"`
	UpdatedAt  string       `json:"updated_at"`
	SolvedAt   *string      `json:"solved_at,omitempty"`
	Incidents  int          `json:"incidents"`
	Open       int          `json:"open_incidents"`
	Version    int64        `json:"version"`
	Tickets    []ticketJSON `json:"tickets,omitempty"`
}

func toProblemJSON(p *tickets.Problem) problemJSON {
	out := problemJSON{ID: p.ID, Title: p.Title, RootCause: p.RootCause, Workaround: p.Workaround, Status: string(p.Status),
		CreatedBy: p.CreatedBy, CreatedAt: rfc3339(p.CreatedAt), UpdatedAt: rfc3339(p.UpdatedAt), SolvedAt: rfc3339Ptr(p.SolvedAt),
		Incidents: p.Incidents, Open: p.OpenCount, Version: p.Version}
	if p.ArticleID != 0 {
		id := p.ArticleID
		out.ArticleID = &id
	}
	return out
}

func runProblem(ctx context.Context, a *app, args []string) error {
	return runGroup(ctx, a, "problem", []subcommand{
		{"add", "create a problem, from tickets or a recurring issue", runProblemAdd},
		{"list", "list problems (not closed by default)", runProblemList},
		{"show", "show a problem and its incidents", runProblemShow},
		{"update", "change a problem's title, root cause, workaround, status or article", runProblemUpdate},
		{"link", "link tickets to a problem (PROBLEM TICKET...)", func(ctx context.Context, a *app, args []string) error { return runProblemLink(ctx, a, args, true) }},
		{"unlink", "unlink tickets from a problem (PROBLEM TICKET...)", func(ctx context.Context, a *app, args []string) error { return runProblemLink(ctx, a, args, false) }},
		{"solve", "solve a problem and, with --incidents, its open tickets", runProblemSolve},
	}, args)
}

func runProblemAdd(ctx context.Context, a *app, args []string) error {
	fs := a.flags("problem add", "hotline problem add --title T [--root-cause R] [--workaround W] [--article ID] [--cluster KEY] [TICKET...]",
		"Create a problem grouping the incidents of one recurring issue. Link tickets by number,\nor every ticket of a recurring issue with --cluster (a key from `hotline report --format json`,\nsuch as tag:vpn or word:camera).")
	title := fs.String("title", "", "what the problem is")
	cause := fs.String("root-cause", "", "root cause, when known")
	workaround := fs.String("workaround", "", "workaround to give agents")
	article := fs.Int64("article", 0, "knowledge-base article with the workaround")
	cluster := fs.String("cluster", "", "link every ticket of this recurring issue (last ten weeks)")
	asJSON := fs.Bool("json", false, "print the problem as JSON")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	ids, err := parseIDs(fs.Args(), "ticket")
	if err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if *article != 0 {
		if _, err := a.kb.Get(ctx, *article); err != nil {
			return fmt.Errorf("problem add: --article %d: %w", *article, err)
		}
	}
	if *cluster != "" {
		clusters, err := a.tickets.Clusters(ctx, tickets.ClusterOptions{Rule: a.recurringRule()})
		if err != nil {
			return err
		}
		found := false
		for _, c := range clusters {
			if c.Key == *cluster {
				ids, found = append(ids, c.TicketIDs...), true
				if *title == "" {
					*title = report.ClusterLabel(c)
				}
			}
		}
		if !found {
			return usageErrorf("problem add: no recurring issue %q in the last ten weeks (see `hotline report --format json`, field key)", *cluster)
		}
	}
	p, err := a.tickets.CreateProblem(ctx, tickets.NewProblem{Title: *title, RootCause: *cause, Workaround: *workaround, ArticleID: *article, TicketIDs: ids}, a.user())
	if err != nil {
		return err
	}
	if *asJSON {
		return a.printJSON(toProblemJSON(p))
	}
	fmt.Fprintf(a.stdout, "problem %d created with %d incidents\n", p.ID, p.Incidents)
	return nil
}

func (a *app) recurringRule() tickets.RecurringRule {
	return tickets.RecurringRule{Count: a.cfg.Recurring.Count, Days: a.cfg.Recurring.Days}
}

func runProblemList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("problem list", "hotline problem list [--status S[,S]|all] [--json]", "List problems, newest first; by default the ones not closed.")
	status := fs.String("status", "", "open, known, solved, closed (comma-separated) or all")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	var statuses []tickets.ProblemStatus
	for _, s := range strings.Split(*status, ",") {
		switch s = strings.TrimSpace(s); s {
		case "":
		case "all":
			statuses = []tickets.ProblemStatus{tickets.ProblemOpen, tickets.ProblemKnown, tickets.ProblemSolved, tickets.ProblemClosed}
		default:
			st, err := tickets.ParseProblemStatus(s)
			if err != nil {
				return usageErrorf("problem list: --status: %v", err)
			}
			statuses = append(statuses, st)
		}
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	ps, err := a.tickets.Problems(ctx, statuses, tickets.MaxPageSize, 0)
	if err != nil {
		return err
	}
	if *asJSON {
		out := []problemJSON{}
		for i := range ps {
			out = append(out, toProblemJSON(&ps[i]))
		}
		return a.printJSON(out)
	}
	if len(ps) == 0 {
		fmt.Fprintln(a.stdout, "no problems")
		return nil
	}
	for _, p := range ps {
		fmt.Fprintf(a.stdout, "%4d  %-7s %3d incidents (%d open)  %s\n", p.ID, p.Status, p.Incidents, p.OpenCount, text.SanitizeLine(p.Title))
	}
	return nil
}

func runProblemShow(ctx context.Context, a *app, args []string) error {
	fs := a.flags("problem show", "hotline problem show ID [--json]", "Show a problem with its root cause, workaround, article and incidents.")
	asJSON := fs.Bool("json", false, "print JSON")
	id, err := a.parseOneID(ctx, fs, args, "problem")
	if err != nil {
		return err
	}
	p, err := a.tickets.Problem(ctx, id)
	if err != nil {
		return err
	}
	incidents, err := a.tickets.Incidents(ctx, id, 0)
	if err != nil {
		return err
	}
	now := time.Now()
	if *asJSON {
		out := toProblemJSON(p)
		out.Tickets = []ticketJSON{}
		for i := range incidents {
			out.Tickets = append(out.Tickets, toTicketJSON(&incidents[i], now))
		}
		return a.printJSON(out)
	}
	fmt.Fprintf(a.stdout, "Problem %d  %s\nstatus %s · %d incidents, %d open · created by %s on %s\n", p.ID, text.SanitizeLine(p.Title), p.Status,
		p.Incidents, p.OpenCount, text.SanitizeLine(p.CreatedBy), p.CreatedAt.Local().Format("2006-01-02"))
	if p.RootCause != "" {
		fmt.Fprintf(a.stdout, "\nRoot cause:\n%s\n", text.Sanitize(p.RootCause))
	}
	if p.Workaround != "" {
		fmt.Fprintf(a.stdout, "\nWorkaround:\n%s\n", text.Sanitize(p.Workaround))
	}
	if p.ArticleID != 0 {
		if art, err := a.kb.Get(ctx, p.ArticleID); err == nil {
			fmt.Fprintf(a.stdout, "\nArticle: [%d] %s  %s\n", art.ID, text.SanitizeLine(art.Title), text.SanitizeLine(art.URL))
		}
	}
	fmt.Fprintln(a.stdout, "\nIncidents:")
	printTicketTable(a.stdout, incidents, now)
	return nil
}

func runProblemUpdate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("problem update", "hotline problem update ID [--title T] [--root-cause R] [--workaround W] [--status S] [--article ID]",
		"Change a problem. Status: open, known (root cause and workaround known), solved, closed.")
	var title, cause, workaround, status optionalString
	fs.Var(&title, "title", "title")
	fs.Var(&cause, "root-cause", "root cause")
	fs.Var(&workaround, "workaround", "workaround")
	fs.Var(&status, "status", "open, known, solved or closed")
	article := optionalInt{}
	fs.Var(&article, "article", "article id (0 to remove)")
	ifVersion := fs.Int64("if-version", 0, "apply only if the problem is at this version")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	id, err := argID(fs, "problem")
	if err != nil {
		return err
	}
	var p tickets.ProblemPatch
	if title.set {
		p.Title = &title.value
	}
	if cause.set {
		p.RootCause = &cause.value
	}
	if workaround.set {
		p.Workaround = &workaround.value
	}
	if status.set {
		st, err := tickets.ParseProblemStatus(status.value)
		if err != nil {
			return usageErrorf("problem update: %v", err)
		}
		p.Status = &st
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if article.set {
		v := int64(article.value)
		if v != 0 {
			if _, err := a.kb.Get(ctx, v); err != nil {
				return fmt.Errorf("problem update: --article %d: %w", v, err)
			}
		}
		p.ArticleID = &v
	}
	if p == (tickets.ProblemPatch{}) {
		return usageErrorf("problem update: nothing to change")
	}
	got, err := a.tickets.UpdateProblem(ctx, id, *ifVersion, p, a.user())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "problem %d updated: %s, version %d\n", got.ID, got.Status, got.Version)
	return nil
}

func runProblemLink(ctx context.Context, a *app, args []string, link bool) error {
	name := "problem link"
	if !link {
		name = "problem unlink"
	}
	fs := a.flags(name, "hotline "+name+" PROBLEM TICKET...", "Link (or unlink) tickets to a problem, all or none.")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return usageErrorf("%s: give a problem number and at least one ticket number", name)
	}
	pid, err := parseID(fs.Arg(0), "problem")
	if err != nil {
		return err
	}
	ids, err := parseIDs(fs.Args()[1:], "ticket")
	if err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	var n int
	if link {
		n, err = a.tickets.LinkIncidents(ctx, pid, ids, a.user())
	} else {
		n, err = a.tickets.UnlinkIncidents(ctx, pid, ids, a.user())
	}
	if err != nil {
		return err
	}
	verb := "linked to"
	if !link {
		verb = "unlinked from"
	}
	fmt.Fprintf(a.stdout, "%d tickets %s problem %d\n", n, verb, pid)
	return nil
}

func runProblemSolve(ctx context.Context, a *app, args []string) error {
	fs := a.flags("problem solve", "hotline problem solve ID [--incidents] [--message M]",
		"Mark a problem solved. With --incidents, each of its open tickets gets a public follow-up\n(--message, or one built from the workaround and its article) and is solved, in one go.")
	incidents := fs.Bool("incidents", false, "also solve the open incidents, with a follow-up to each agent")
	message := fs.String("message", "", "the follow-up sent to each agent")
	id, err := a.parseOneID(ctx, fs, args, "problem")
	if err != nil {
		return err
	}
	p, err := a.tickets.Problem(ctx, id)
	if err != nil {
		return err
	}
	msg := *message
	if *incidents && msg == "" {
		msg = a.solveMessage(ctx, p)
	}
	n, err := a.tickets.SolveProblem(ctx, id, *incidents, msg, a.user())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "problem %d solved; %d open incidents solved\n", id, n)
	return nil
}

// solveMessage is the follow-up sent to agents when their ticket is solved
// with its problem (report.SolveMessage, shared with the interface).
func (a *app) solveMessage(ctx context.Context, p *tickets.Problem) string {
	var art *kb.Article
	if p.ArticleID != 0 {
		if got, err := a.kb.Get(ctx, p.ArticleID); err == nil {
			art = got
		}
	}
	return report.SolveMessage(p, art)
}

func runReport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("report", "hotline report [--from DATE] [--to DATE] [--format text|markdown|json|csv]",
		"What keeps coming back: ticket volume by day, week, category, service and connection;\nfirst-response and resolution times (median, 90th percentile); SLA breaches; backlog;\nrecurring issues with their trend; knowledge-base gaps; deflection; most-sent articles.\nThe period defaults to the last ten weeks; dates are YYYY-MM-DD, --to exclusive.")
	from := fs.String("from", "", "first day (default: ten weeks before --to)")
	to := fs.String("to", "", "day after the last (default: tomorrow)")
	format := fs.String("format", "text", "text, markdown, json or csv")
	width := fs.Int("width", 100, "line width of the text format")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	var o report.Options
	for _, d := range []struct {
		flag, value string
		dst         *time.Time
	}{{"--from", *from, &o.From}, {"--to", *to, &o.To}} {
		if d.value == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.value, time.Local)
		if err != nil {
			return usageErrorf("report: %s %q: use a date like 2026-09-01", d.flag, d.value)
		}
		*d.dst = t
	}
	if !o.From.IsZero() && o.To.IsZero() {
		o.To = o.From.Add(10 * 7 * 24 * time.Hour)
	}
	switch *format {
	case "text", "markdown", "md", "json", "csv":
	default:
		return usageErrorf("report: --format %q: use text, markdown, json or csv", *format)
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	o.Rule = a.recurringRule()
	r, err := report.Build(ctx, a.tickets, a.kb, o)
	if err != nil {
		return err
	}
	return r.Write(a.stdout, *format, *width)
}
