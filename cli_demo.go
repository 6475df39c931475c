package main

import (
	"context"
	"fmt"
	"time"

	"hotline/internal/db"
	"hotline/internal/demo"
)

func runDemo(ctx context.Context, a *app, args []string) error {
	fs := a.flags("demo", "hotline demo [--db PATH] [--if-empty|--force] [--tickets N]",
		"Write a realistic demo database: ~40 agents of a French communauté urbaine, ~400\ntickets over ten weeks with recurring clusters, follow-ups and history, and ~45 French\ntutorials and videos with transcripts, linked to the tickets. The content is the same\nevery time; the dates end today. A database that already holds tickets or articles is\nleft alone unless --force is given, which first DELETES every ticket and article in it.")
	force := fs.Bool("force", false, "empty a non-empty database first (deletes its tickets and articles)")
	ifEmpty := fs.Bool("if-empty", false, "do nothing (and succeed) when the database already holds data")
	count := fs.Int("tickets", 400, "how many tickets to write")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if *count < 1 || *count > 100000 {
		return usageErrorf("demo: --tickets %d: use 1 to 100000", *count)
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	var nTickets, nArticles int
	if err := a.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM articles)`).Scan(&nTickets, &nArticles); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if nTickets+nArticles > 0 {
		if *ifEmpty && !*force {
			fmt.Fprintf(a.stdout, "%s already holds %d tickets and %d articles: demo not written\n", a.dbPath(), nTickets, nArticles)
			return nil
		}
		if !*force {
			return fmt.Errorf("demo: %s already holds %d tickets and %d articles; pick another --db, or add --force to DELETE them and write the demo", a.dbPath(), nTickets, nArticles)
		}
		if err := db.Reset(ctx, a.db.DB); err != nil {
			return fmt.Errorf("demo: empty %s: %w", a.dbPath(), err)
		}
	}
	start := time.Now()
	sum, err := demo.Generate(ctx, a.db.DB, demo.Options{Tickets: *count, Me: a.user()})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "demo written to %s in %s: %d tickets, %d follow-ups, %d links, %d articles (%d videos)\n",
		a.dbPath(), time.Since(start).Round(time.Millisecond), sum.Tickets, sum.Comments, sum.Links, sum.Articles, sum.Videos)
	fmt.Fprintf(a.stdout, "start it with: hotline --db %s\n", a.dbPath())
	return nil
}
