// Package lifecycle runs the long-lived parts of `hotline serve` (the web
// portal, mail polling, the SSH server…) together: they start with one shared
// context and stop together, whichever way the process ends.
//
// The pattern, for whoever adds a part to `hotline serve`:
//
//   - A part implements Component: Run blocks until ctx is cancelled (or the
//     part fails), then stops cleanly within the grace period and returns nil.
//     A part that cannot go on returns an error: the others are then
//     cancelled, and `hotline serve` exits non-zero with that error.
//   - Run returns only after the part has finished what it accepted (requests
//     in flight, a mail being filed, a session being closed): never leave a
//     write half-done behind a return.
//   - Start messages ("listening on …") go through the logger given to New,
//     so that they read the same for every part.
//
// The command line registers each part in its own file (cli/serve_*.go), so
// adding one never edits another's code.
package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/sync/errgroup"
)

// GracePeriod is how long a part has to finish its work in flight once the
// server is asked to stop (SIGINT/SIGTERM).
const GracePeriod = 10 * time.Second

// Component is one long-lived part of the server.
type Component interface {
	// Name names the part in logs ("http", "mail", "ssh").
	Name() string
	// Run serves until ctx is done, then stops within GracePeriod.
	Run(ctx context.Context) error
}

// Func adapts a function to a Component.
type Func struct {
	N string
	F func(ctx context.Context) error
}

func (f Func) Name() string                  { return f.N }
func (f Func) Run(ctx context.Context) error { return f.F(ctx) }

// Run starts every component with a context derived from ctx and waits for
// all of them. The first one to fail cancels the others; Run returns that
// first error (nil when ctx was cancelled and every part stopped cleanly).
func Run(ctx context.Context, log *slog.Logger, comps ...Component) error {
	if len(comps) == 0 {
		return errors.New("nothing to serve")
	}
	g, gctx := errgroup.WithContext(ctx)
	for _, c := range comps {
		g.Go(func() error {
			err := c.Run(gctx)
			if err != nil && !errors.Is(err, context.Canceled) {
				log.Error("stopped on error", "component", c.Name(), "err", err)
				return fmt.Errorf("%s: %w", c.Name(), err)
			}
			log.Info("stopped", "component", c.Name())
			return nil
		})
	}
	return g.Wait()
}
