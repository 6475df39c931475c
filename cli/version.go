package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"hotline/kb"
	"hotline/tickets"
)

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print the version and the database schema versions",
		Long:  "Print the version of hotline and of the database schemas.",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			fmt.Fprintf(e.stdout, "hotline %s\n", e.version)
			fmt.Fprintf(e.stdout, "schemas known: tickets v%d, kb v%d\n", tickets.Schema.Latest(), kb.Schema.Latest())
			if err := e.load(); err != nil {
				return err
			}
			// The database's own versions, when there is one: version never
			// creates a database.
			v, err := e.core.DatabaseVersions(ctx)
			if err != nil {
				return err
			}
			if v == nil {
				fmt.Fprintf(e.stdout, "database %s: none yet\n", e.core.DBPath())
				return nil
			}
			fmt.Fprintf(e.stdout, "database %s: tickets v%d, kb v%d\n", e.core.DBPath(), v["tickets"], v["kb"])
			return nil
		},
	}
}

// noArgs refuses positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s: unexpected argument %q (run `%s --help`)", name(cmd), args[0], cmd.CommandPath())
	}
	return nil
}
