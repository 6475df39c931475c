package app

import (
	"context"
	"fmt"

	"hotline/app/demo"
	"hotline/internal/db"
)

// DemoOptions say how to write the demo.
type DemoOptions struct {
	Tickets int  // how many tickets (1 to 100000)
	Force   bool // empty a non-empty database first
	IfEmpty bool // leave a non-empty database alone and succeed
}

// DemoResult is what WriteDemo did.
type DemoResult struct {
	Written bool // false when IfEmpty left a non-empty database alone
	// Existing counts what the database held before.
	ExistingTickets, ExistingArticles int
	Summary                           demo.Summary
}

// NotEmptyError is returned by WriteDemo when the database already holds
// data and neither Force nor IfEmpty was asked.
type NotEmptyError struct {
	Path              string
	Tickets, Articles int
}

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("%s already holds %d tickets and %d articles", e.Path, e.Tickets, e.Articles)
}

// WriteDemo writes the demo database: a non-empty database is refused
// untouched unless Force (which first deletes every ticket and article)
// or IfEmpty (which does nothing) is asked.
func (a *App) WriteDemo(ctx context.Context, o DemoOptions) (DemoResult, error) {
	var res DemoResult
	if err := a.Open(ctx); err != nil {
		return res, err
	}
	if err := a.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM articles)`).
		Scan(&res.ExistingTickets, &res.ExistingArticles); err != nil {
		return res, fmt.Errorf("count what %s holds: %w", a.dbPath, err)
	}
	if res.ExistingTickets+res.ExistingArticles > 0 {
		if o.IfEmpty && !o.Force {
			return res, nil
		}
		if !o.Force {
			return res, &NotEmptyError{Path: a.dbPath, Tickets: res.ExistingTickets, Articles: res.ExistingArticles}
		}
		if err := db.Reset(ctx, a.db.DB); err != nil {
			return res, fmt.Errorf("empty %s: %w", a.dbPath, err)
		}
	}
	sum, err := demo.Generate(ctx, a.db.DB, demo.Options{Tickets: o.Tickets, Me: a.user})
	if err != nil {
		return res, err
	}
	res.Written, res.Summary = true, sum
	return res, nil
}
