package main

import (
	"context"
	"errors"
	"fmt"
)

// subcommand is one verb of a command group (ticket add, tag list…).
type subcommand struct {
	name, summary string
	run           func(context.Context, *app, []string) error
}

// runGroup dispatches to a group's subcommands and prints their list on
// `--help` or when none is given.
func runGroup(ctx context.Context, a *app, group string, subs []subcommand, args []string) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprintf(a.stdout, "Usage: hotline %s SUBCOMMAND [flags]\n\nSubcommands:\n", group)
		for _, s := range subs {
			fmt.Fprintf(a.stdout, "  %-8s %s\n", s.name, s.summary)
		}
		if len(args) == 0 {
			return usageErrorf("%s: missing subcommand", group)
		}
		return nil
	}
	for _, s := range subs {
		if s.name == args[0] {
			err := s.run(ctx, a, args[1:])
			if errors.Is(err, errHelp) {
				return nil
			}
			return err
		}
	}
	return usageErrorf("%s: unknown subcommand %q (run `hotline %s --help`)", group, args[0], group)
}
