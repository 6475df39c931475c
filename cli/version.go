package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"hotline/app"
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
			known := make([]string, len(app.Schemas))
			for i, s := range app.Schemas {
				known[i] = fmt.Sprintf("%s v%d", s.Name, s.Latest())
			}
			fmt.Fprintf(e.stdout, e.t.T("version.schemas"), strings.Join(known, ", "))
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
				fmt.Fprintf(e.stdout, e.t.T("version.nodb"), e.core.DBPath())
				return nil
			}
			have := make([]string, len(app.Schemas))
			for i, s := range app.Schemas {
				have[i] = fmt.Sprintf("%s v%d", s.Name, v[s.Name])
			}
			fmt.Fprintf(e.stdout, "database %s: %s\n", e.core.DBPath(), strings.Join(have, ", "))
			return nil
		},
	}
}

// exactArgs wants n arguments, as the command's Use line shows them; any
// other count is a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			want := msgID(fmt.Sprintf("usage.nargs.%d", n))
			return usageT("usage.nargs", name(cmd), want, len(args), cmd.UseLine(), cmd.CommandPath())
		}
		return nil
	}
}

// noArgs refuses positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageT("usage.noargs", name(cmd), args[0], cmd.CommandPath())
	}
	return nil
}
