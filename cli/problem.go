package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"hotline/app/report"
	"hotline/internal/text"
	"hotline/tickets"
)

type problemJSON struct {
	ID         int64            `json:"id"`
	Title      string           `json:"title"`
	RootCause  string           `json:"root_cause"`
	Workaround string           `json:"workaround"`
	Status     string           `json:"status"`
	ArticleID  *int64           `json:"article_id"`
	CreatedBy  string           `json:"created_by"`
	CreatedAt  string           `json:"created_at"`
	UpdatedAt  string           `json:"updated_at"`
	SolvedAt   *string          `json:"solved_at,omitempty"`
	Incidents  int              `json:"incidents"`
	Open       int              `json:"open_incidents"`
	Version    int64            `json:"version"`
	Tickets    []tickets.Record `json:"tickets,omitempty"`
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

func newProblemCmd(e *env) *cobra.Command {
	return group("problem", "group recurring incidents into problems and solve them at once",
		newProblemAddCmd(e),
		newProblemListCmd(e),
		newProblemShowCmd(e),
		newProblemUpdateCmd(e),
		newProblemLinkCmd(e, true),
		newProblemLinkCmd(e, false),
		newProblemSolveCmd(e),
		newProblemDeleteCmd(e),
	)
}

// newProblemDeleteCmd deletes a problem created by mistake: only an admin
// or its creator may (the store's rule, the interface's too); its
// incidents stay and their history says the problem was deleted.
func newProblemDeleteCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "rm ID",
		Aliases: []string{"delete"},
		Short:   "delete a problem created by mistake (an admin or its creator)",
		Long: "Delete a problem created by mistake. Its incidents stay; each one loses the link and its\n" +
			"history says it was removed from the deleted problem. Only an admin or the problem's creator may.",
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		id, err := e.openForID(cmd, args, "problem")
		if err != nil {
			return err
		}
		n, err := e.core.Tickets().DeleteProblem(cmd.Context(), id, e.core.User())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, e.t.T("problem.deleted"), id, n)
		return nil
	}
	return cmd
}

func newProblemAddCmd(e *env) *cobra.Command {
	var title, cause, workaround, cluster string
	var article int64
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add --title T [--root-cause R] [--workaround W] [--article ID] [--cluster KEY] [TICKET...]",
		Short: "create a problem, from tickets or a recurring issue",
		Long: "Create a problem grouping the incidents of one recurring issue. Link tickets by number,\n" +
			"or every ticket of a recurring issue with --cluster (a key from `hotline report --format json`,\n" +
			"such as tag:vpn or word:camera).",
	}
	f := cmd.Flags()
	f.StringVar(&title, "title", "", "what the problem is")
	f.StringVar(&cause, "root-cause", "", "root cause, when known")
	f.StringVar(&workaround, "workaround", "", "workaround to give agents")
	f.Int64Var(&article, "article", 0, "knowledge-base article with the workaround")
	f.StringVar(&cluster, "cluster", "", "link every ticket of this recurring issue (last ten weeks)")
	f.BoolVar(&asJSON, "json", false, "print the problem as JSON")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		ids, err := parseIDs(args, "ticket")
		if err != nil {
			return err
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		if article != 0 {
			if _, err := e.core.KB().Get(ctx, article); err != nil {
				return fmt.Errorf("problem add: --article %d: %w", article, err)
			}
		}
		if cluster != "" {
			clusters, err := e.core.Tickets().Clusters(ctx, tickets.ClusterOptions{Rule: e.core.RecurringRule()})
			if err != nil {
				return err
			}
			found := false
			for _, c := range clusters {
				if c.Key == cluster {
					ids, found = append(ids, c.TicketIDs...), true
					if title == "" {
						title = report.ClusterLabel(c)
					}
				}
			}
			if !found {
				return usageT("usage.problem.cluster", cluster)
			}
		}
		p, err := e.core.Tickets().CreateProblem(ctx, tickets.NewProblem{Title: title, RootCause: cause, Workaround: workaround, ArticleID: article, TicketIDs: ids}, e.core.User())
		if err != nil {
			return err
		}
		if asJSON {
			return e.printJSON(toProblemJSON(p))
		}
		fmt.Fprintf(e.stdout, e.t.T("problem.created"), p.ID, p.Incidents)
		return nil
	}
	return cmd
}

func newProblemListCmd(e *env) *cobra.Command {
	var status, after string
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--status S[,S]|all] [--limit N] [--after CURSOR] [--json]",
		Args:  noArgs,
		Short: "list problems (not closed by default)",
		Long: "List problems, newest first; by default the ones not closed. 50 at a time: the cursor of\n" +
			"the next page is printed on standard error as `next: CURSOR`; pass it back with --after.\n" +
			"--limit 0 lists them all.",
	}
	cmd.Flags().IntVar(&limit, "limit", tickets.DefaultPageSize, fmt.Sprintf("problems per page (1-%d, 0 for all)", tickets.MaxPageSize))
	cmd.Flags().StringVar(&after, "after", "", "cursor from the previous page")
	cmd.Flags().StringVar(&status, "status", "", "open, known, solved, closed (comma-separated) or all")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		var statuses []tickets.ProblemStatus
		for _, s := range strings.Split(status, ",") {
			switch s = strings.TrimSpace(s); s {
			case "":
			case "all":
				statuses = []tickets.ProblemStatus{tickets.ProblemOpen, tickets.ProblemKnown, tickets.ProblemSolved, tickets.ProblemClosed}
			default:
				st, err := tickets.ParseProblemStatus(s)
				if err != nil {
					return err
				}
				statuses = append(statuses, st)
			}
		}
		if err := checkLimit("problem list", limit, tickets.MaxPageSize); err != nil {
			return err
		}
		if _, err := idCursor("problem list", after); err != nil {
			return err
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		ps, next, err := pages(limit, tickets.MaxPageSize, after, func(after string, limit int) ([]tickets.Problem, string, error) {
			id, _ := idCursor("problem list", after)
			ps, err := e.core.Tickets().Problems(ctx, statuses, limit, id)
			if err != nil || len(ps) < limit {
				return ps, "", err
			}
			return ps, strconv.FormatInt(ps[len(ps)-1].ID, 10), nil
		})
		if err != nil {
			return err
		}
		defer e.printNext(next)
		if asJSON {
			out := []problemJSON{}
			for i := range ps {
				out = append(out, toProblemJSON(&ps[i]))
			}
			return e.printJSON(out)
		}
		if len(ps) == 0 {
			fmt.Fprintln(e.stdout, e.t.T("problem.none"))
			return nil
		}
		for _, p := range ps {
			fmt.Fprintf(e.stdout, e.t.T("problem.row"), p.ID, p.Status, p.Incidents, p.OpenCount, text.SanitizeLine(p.Title))
		}
		return nil
	}
	return cmd
}

func newProblemShowCmd(e *env) *cobra.Command {
	return e.showCmd(&cobra.Command{
		Use:   "show ID [--json]",
		Short: "show a problem and its incidents",
		Long:  "Show a problem with its root cause, workaround, article and incidents.",
	}, "problem", "print JSON", func(ctx context.Context, id int64, asJSON bool) error {
		p, err := e.core.Tickets().Problem(ctx, id)
		if err != nil {
			return err
		}
		incidents, err := e.core.Tickets().Incidents(ctx, id, 0)
		if err != nil {
			return err
		}
		now := time.Now()
		if asJSON {
			out := toProblemJSON(p)
			out.Tickets = []tickets.Record{}
			for i := range incidents {
				out.Tickets = append(out.Tickets, tickets.RecordAt(&incidents[i], now))
			}
			return e.printJSON(out)
		}
		w := e.stdout
		fmt.Fprintf(w, e.t.T("problem.head"), p.ID, text.SanitizeLine(p.Title), p.Status,
			p.Incidents, p.OpenCount, text.SanitizeLine(p.CreatedBy), p.CreatedAt.Local().Format("2006-01-02"))
		if p.RootCause != "" {
			fmt.Fprintf(w, e.t.T("problem.cause"), text.Sanitize(p.RootCause))
		}
		if p.Workaround != "" {
			fmt.Fprintf(w, e.t.T("problem.workaround"), text.Sanitize(p.Workaround))
		}
		if p.ArticleID != 0 {
			if art, err := e.core.KB().Get(ctx, p.ArticleID); err == nil {
				fmt.Fprintf(w, e.t.T("problem.article"), art.ID, text.SanitizeLine(art.Title), text.SanitizeLine(art.URL))
			}
		}
		fmt.Fprintln(w, e.t.T("problem.incidents"))
		e.printTicketTable(w, incidents, now, e.stdoutWidth)
		return nil
	})
}

func newProblemUpdateCmd(e *env) *cobra.Command {
	var title, cause, workaround, status string
	var article, ifVersion int64
	cmd := &cobra.Command{
		Use:   "update ID [--title T] [--root-cause R] [--workaround W] [--status S] [--article ID]",
		Short: "change a problem's title, root cause, workaround, status or article",
		Long:  "Change a problem. Status: open, known (root cause and workaround known), solved, closed.",
	}
	f := cmd.Flags()
	f.StringVar(&title, "title", "", "title")
	f.StringVar(&cause, "root-cause", "", "root cause")
	f.StringVar(&workaround, "workaround", "", "workaround")
	f.StringVar(&status, "status", "", "open, known, solved or closed")
	f.Int64Var(&article, "article", 0, "article id (0 to remove)")
	f.Int64Var(&ifVersion, "if-version", 0, "apply only if the problem is at this version")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		set := cmd.Flags().Changed
		id, err := argID(cmd, args, "problem")
		if err != nil {
			return err
		}
		var p tickets.ProblemPatch
		if set("title") {
			p.Title = &title
		}
		if set("root-cause") {
			p.RootCause = &cause
		}
		if set("workaround") {
			p.Workaround = &workaround
		}
		if set("status") {
			st, err := tickets.ParseProblemStatus(status)
			if err != nil {
				return err
			}
			p.Status = &st
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		if set("article") {
			if article != 0 {
				if _, err := e.core.KB().Get(ctx, article); err != nil {
					return fmt.Errorf("problem update: --article %d: %w", article, err)
				}
			}
			p.ArticleID = &article
		}
		if p == (tickets.ProblemPatch{}) {
			return usageT("usage.nothing", "problem update")
		}
		got, err := e.core.Tickets().UpdateProblem(ctx, id, ifVersion, p, e.core.User())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, e.t.T("problem.updated"), got.ID, got.Status, got.Version)
		return nil
	}
	return cmd
}

func newProblemLinkCmd(e *env, link bool) *cobra.Command {
	verb, short := "link", "link tickets to a problem (PROBLEM TICKET...)"
	if !link {
		verb, short = "unlink", "unlink tickets from a problem (PROBLEM TICKET...)"
	}
	return &cobra.Command{
		Use:   verb + " PROBLEM TICKET...",
		Short: short,
		Long:  "Link (or unlink) tickets to a problem, all or none.",
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if len(args) < 2 {
				return usageT("usage.problem.link", "problem "+verb)
			}
			pid, err := parseID(args[0], "problem")
			if err != nil {
				return err
			}
			ids, err := parseIDs(args[1:], "ticket")
			if err != nil {
				return err
			}
			if err := e.open(ctx); err != nil {
				return err
			}
			var n int
			if link {
				n, err = e.core.Tickets().LinkIncidents(ctx, pid, ids, e.core.User())
			} else {
				n, err = e.core.Tickets().UnlinkIncidents(ctx, pid, ids, e.core.User())
			}
			if err != nil {
				return err
			}
			done := e.t.T("problem.linked")
			if !link {
				done = e.t.T("problem.unlinked")
			}
			fmt.Fprintf(e.stdout, done, n, pid)
			return nil
		},
	}
}

func newProblemSolveCmd(e *env) *cobra.Command {
	var incidents bool
	var message string
	cmd := &cobra.Command{
		Use:   "solve ID [--incidents] [--message M]",
		Short: "solve a problem and, with --incidents, its open tickets",
		Long: "Mark a problem solved. With --incidents, each of its open tickets gets a public follow-up\n" +
			"(--message, or one built from the workaround and its article) and is solved, in one go.",
	}
	cmd.Flags().BoolVar(&incidents, "incidents", false, "also solve the open incidents, with a follow-up to each agent")
	cmd.Flags().StringVar(&message, "message", "", "the follow-up sent to each agent")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		id, err := e.openForID(cmd, args, "problem")
		if err != nil {
			return err
		}
		n, err := e.core.SolveProblem(ctx, id, incidents, message)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, e.t.T("problem.solved"), id, n)
		return nil
	}
	return cmd
}
