package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"hotline/app"
)

func newDemoCmd(e *env) *cobra.Command {
	var o app.DemoOptions
	cmd := &cobra.Command{
		Use:   "demo [--db PATH] [--if-empty|--force] [--tickets N]",
		Short: "write a demo database (agents, tickets, tutorials, videos)",
		Long: "Write a realistic demo database: ~40 agents of a French communauté urbaine, ~400\n" +
			"tickets over ten weeks with recurring clusters, follow-ups and history, and ~45 French\n" +
			"tutorials and videos with transcripts, linked to the tickets. The content is the same\n" +
			"every time; the dates end today. A database that already holds tickets or articles is\n" +
			"left alone unless --force is given, which first DELETES every ticket and article in it.",
		Args: noArgs,
	}
	f := cmd.Flags()
	f.BoolVar(&o.Force, "force", false, "empty a non-empty database first (deletes its tickets and articles)")
	f.BoolVar(&o.IfEmpty, "if-empty", false, "do nothing (and succeed) when the database already holds data")
	f.IntVar(&o.Tickets, "tickets", 400, "how many tickets to write")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if o.Tickets < 1 || o.Tickets > 100000 {
			return usageT("usage.demo.tickets", o.Tickets)
		}
		if err := e.load(); err != nil {
			return err
		}
		start := time.Now()
		res, err := e.core.WriteDemo(ctx, o)
		var ne *app.NotEmptyError
		if errors.As(err, &ne) {
			return fmt.Errorf("demo: %v; pick another --db, or add --force to DELETE them and write the demo", ne)
		}
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		path := e.core.DBPath()
		if !res.Written {
			fmt.Fprintf(e.stdout, "%s already holds %d tickets and %d articles: demo not written\n", path, res.ExistingTickets, res.ExistingArticles)
			return nil
		}
		sum := res.Summary
		fmt.Fprintf(e.stdout, e.t.T("demo.written"),
			path, time.Since(start).Round(time.Millisecond), sum.Tickets, sum.Comments, sum.Links, sum.Articles, sum.Videos)
		fmt.Fprintf(e.stdout, e.t.T("demo.start"), path)
		return nil
	}
	return cmd
}
