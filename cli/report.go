package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"hotline/app/report"
	"hotline/tickets"
)

func newReportCmd(e *env) *cobra.Command {
	var from, to, format string
	var width int
	cmd := &cobra.Command{
		Use:   "report [--from DATE] [--to DATE] [--format text|markdown|json|csv]",
		Short: "what keeps coming back, response times, SLA, knowledge-base gaps",
		Long: "What keeps coming back: ticket volume by day, week, category, service and connection;\n" +
			"first-response and resolution times (median, 90th percentile); SLA breaches; backlog;\n" +
			"recurring issues with their trend; knowledge-base gaps; deflection; most-sent articles.\n" +
			"The period defaults to the last ten weeks; dates are YYYY-MM-DD, --to exclusive.",
		Args: noArgs,
	}
	f := cmd.Flags()
	f.StringVar(&from, "from", "", "first day (default: ten weeks before --to)")
	f.StringVar(&to, "to", "", "day after the last (default: tomorrow)")
	f.StringVar(&format, "format", "text", "text, markdown, json or csv")
	f.IntVar(&width, "width", 100, "line width of the text format")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		var o report.Options
		for _, d := range []struct {
			flag, value string
			dst         *time.Time
		}{{"--from", from, &o.From}, {"--to", to, &o.To}} {
			if d.value == "" {
				continue
			}
			t, err := time.ParseInLocation("2006-01-02", d.value, time.Local)
			if err != nil {
				return usageT("usage.date", "report", d.flag, d.value, "2026-09-01")
			}
			*d.dst = t
		}
		if !o.From.IsZero() && o.To.IsZero() {
			o.To = o.From.Add(10 * 7 * 24 * time.Hour)
		}
		switch format {
		case "text", "markdown", "md", "json", "csv":
		default:
			return usageT("usage.report.format", format)
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		o.Rule = e.core.RecurringRule()
		o.Feedback = e.core.Feedback()
		r, err := report.Build(ctx, e.core.Tickets(), e.core.KB(), o)
		if err != nil {
			return err
		}
		out := e.inert(e.stdout)
		defer out.Close()
		return r.WriteIn(out, format, width, e.t.Lang())
	}
	cmd.AddCommand(newReportFeedbackCmd(e))
	return cmd
}

type similarJSON struct {
	tickets.Record
	Score  float64  `json:"score"`
	Shared []string `json:"shared_words"`
}

func newTicketSimilarCmd(e *env) *cobra.Command {
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "similar N [--limit N] [--json]",
		Short: "list the most similar tickets and the recurrence count",
		Long: "List the tickets most like ticket N (same words, category and tags) and how many\n" +
			"similar tickets arrived in the last 30 days.",
	}
	cmd.Flags().IntVar(&limit, "limit", 10, "how many tickets")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		id, err := e.openForID(cmd, args, "ticket")
		if err != nil {
			return err
		}
		res, err := e.core.Tickets().SimilarTickets(ctx, id, limit)
		if err != nil {
			return err
		}
		now := time.Now()
		if asJSON {
			out := struct {
				Recent     int           `json:"recent"`
				RecentDays int           `json:"recent_days"`
				Tickets    []similarJSON `json:"tickets"`
			}{res.Recent, res.RecentDays, []similarJSON{}}
			for _, s := range res.Tickets {
				out.Tickets = append(out.Tickets, similarJSON{tickets.RecordAt(&s.Ticket, now), s.Score, s.Shared})
			}
			return e.printJSON(out)
		}
		fmt.Fprintf(e.stdout, e.t.T("similar.count"), res.Recent, res.RecentDays)
		for _, s := range res.Tickets {
			fmt.Fprintf(e.stdout, "%6d  %3.0f%%  %-8s %5s  %s  (%s)\n", s.Ticket.ID, s.Score*100, s.Ticket.Status, age(now.Sub(s.Ticket.CreatedAt)),
				pad(s.Ticket.Title, 50), strings.Join(s.Shared, ", "))
		}
		return nil
	}
	return cmd
}
