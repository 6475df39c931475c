package cli

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"hotline/internal/text"
)

// newReportFeedbackCmd is `hotline report feedback`: what the agents said
// back through the portal.
func newReportFeedbackCmd(e *env) *cobra.Command {
	var since string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "feedback [--since DATE] [--json]",
		Short: "agents' ratings (per category, technician, article) and tutorials that answered them before a ticket",
		Long: "What agents told the helpdesk through the portal since DATE (default: ten weeks ago):\n" +
			"the tutorials that solved their problem before they filed anything (\"Ce tutoriel a résolu\n" +
			"mon problème\", counted per article: deflection before the ticket), and their ratings of\n" +
			"solved tickets (1-5), per category, per technician and per article linked to the ticket.",
		Args: noArgs,
	}
	cmd.Flags().StringVar(&since, "since", "", "first day, YYYY-MM-DD (default: ten weeks ago)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		from := time.Now().AddDate(0, 0, -70)
		if since != "" {
			t, err := time.ParseInLocation("2006-01-02", since, time.Local)
			if err != nil {
				return usageT("usage.date", "report feedback", "--since", since, "2026-09-01")
			}
			from = t
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		r, err := e.core.Feedback().Report(ctx, from)
		if err != nil {
			return err
		}
		title := func(id int64) string {
			if a, err := e.core.KB().Get(ctx, id); err == nil {
				return a.Title
			}
			return fmt.Sprintf("#%d (removed)", id)
		}
		type scoreJSON struct {
			Key     string  `json:"key,omitempty"`
			Article int64   `json:"article,omitempty"`
			Title   string  `json:"title,omitempty"`
			Ratings int     `json:"ratings"`
			Average float64 `json:"average"`
		}
		type deflJSON struct {
			Article int64  `json:"article"`
			Title   string `json:"title"`
			Answers int    `json:"self_service_answers"`
		}
		out := struct {
			Since        string      `json:"since"`
			SelfService  int         `json:"self_service_answers"`
			Deflections  []deflJSON  `json:"deflection_by_article"`
			Ratings      int         `json:"ratings"`
			Average      float64     `json:"average"`
			ByCategory   []scoreJSON `json:"by_category"`
			ByTechnician []scoreJSON `json:"by_technician"`
			ByArticle    []scoreJSON `json:"by_article"`
		}{Since: from.Format("2006-01-02"), SelfService: r.SelfService, Ratings: r.Ratings, Average: r.Average,
			Deflections: []deflJSON{}, ByCategory: []scoreJSON{}, ByTechnician: []scoreJSON{}, ByArticle: []scoreJSON{}}
		for _, d := range r.Deflections {
			out.Deflections = append(out.Deflections, deflJSON{d.ArticleID, title(d.ArticleID), d.Count})
		}
		for _, s := range r.ByCategory {
			out.ByCategory = append(out.ByCategory, scoreJSON{Key: s.Key, Ratings: s.Count, Average: s.Average})
		}
		for _, s := range r.ByTechnician {
			key := s.Key
			if key == "" {
				key = "(unassigned)"
			}
			out.ByTechnician = append(out.ByTechnician, scoreJSON{Key: key, Ratings: s.Count, Average: s.Average})
		}
		for _, s := range r.ByArticle {
			out.ByArticle = append(out.ByArticle, scoreJSON{Article: s.ID, Title: title(s.ID), Ratings: s.Count, Average: s.Average})
		}
		if asJSON {
			return e.printJSON(out)
		}
		line := text.SanitizeLine
		fmt.Fprintf(e.stdout, e.t.T("feedback.since"), out.Since, out.SelfService)
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		for _, d := range out.Deflections {
			fmt.Fprintf(tw, "  %d\t#%d %s\n", d.Answers, d.Article, line(d.Title))
		}
		tw.Flush()
		fmt.Fprintf(e.stdout, e.t.T("feedback.ratings"), out.Ratings)
		if out.Ratings > 0 {
			fmt.Fprintf(e.stdout, e.t.T("feedback.average"), out.Average)
		}
		fmt.Fprintln(e.stdout)
		for _, g := range []struct {
			name string
			rows []scoreJSON
		}{{e.t.T("feedback.bycategory"), out.ByCategory}, {e.t.T("feedback.bytechnician"), out.ByTechnician}, {e.t.T("feedback.byarticle"), out.ByArticle}} {
			if len(g.rows) == 0 {
				continue
			}
			fmt.Fprintf(e.stdout, "\n%s:\n", g.name)
			for _, s := range g.rows {
				name := s.Key
				if s.Article > 0 {
					name = fmt.Sprintf("#%d %s", s.Article, s.Title)
				}
				fmt.Fprintf(tw, "  %.1f/5\t%d\t%s\n", s.Average, s.Ratings, line(name))
			}
			tw.Flush()
		}
		return nil
	}
	return cmd
}
