package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"hotline/access"
	"hotline/internal/text"
)

func newAPIKeyCmd(e *env) *cobra.Command {
	return group("apikey", "create, list and revoke the API keys of other systems",
		newAPIKeyAddCmd(e), newAPIKeyListCmd(e), newAPIKeyRevokeCmd(e))
}

func newAPIKeyAddCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "add NAME",
		Short: "create an API key and print it (once: only its hash is kept)",
		Long: "Create an API key for another system (the intranet, a kiosk…) and print it on standard output.\n" +
			"It is shown this once: Hotline keeps only its SHA-256 hash. The system sends it as\n" +
			"Authorization: Bearer KEY to /api/tickets.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageT("usage.apikey.name")
			}
			if err := e.adminOpen(cmd.Context()); err != nil {
				return err
			}
			k, secret, err := e.core.Access().AddKey(cmd.Context(), args[0], e.core.User())
			var bad *access.KeyNameError
			if errors.As(err, &bad) {
				if bad.Taken {
					return usageT("usage.apikey.taken", bad.Name, bad.Name)
				}
				return usageT("usage.apikey.badname", bad.Name)
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, secret)
			fmt.Fprintf(e.stderr, e.t.T("apikey.created"), k.Name, k.ID)
			return nil
		},
	}
}

func newAPIKeyListCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "list the API keys (names and prefixes, never the keys)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := e.open(cmd.Context()); err != nil {
				return err
			}
			keys, err := e.core.Access().Keys(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if keys == nil {
					keys = []access.Key{}
				}
				return e.printJSON(keys)
			}
			if len(keys) == 0 {
				fmt.Fprintln(e.stdout, e.t.T("apikey.none"))
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tPREFIX\tCREATED\tBY\tLAST USED\tSTATE")
			day := func(t *time.Time) string {
				if t == nil {
					return "-"
				}
				return t.Local().Format("2006-01-02 15:04")
			}
			for _, k := range keys {
				state := "active"
				if k.RevokedAt != nil {
					state = "revoked " + day(k.RevokedAt)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s…\t%s\t%s\t%s\t%s\n", k.ID, text.SanitizeLine(k.Name), k.Prefix, day(&k.CreatedAt),
					text.SanitizeLine(k.CreatedBy), day(k.LastUsedAt), state)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}

func newAPIKeyRevokeCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "revoke NAME|ID",
		Short: "revoke an API key: requests with it are refused from now on",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageT("usage.apikey.which")
			}
			if err := e.adminOpen(cmd.Context()); err != nil {
				return err
			}
			k, err := e.core.Access().RevokeKey(cmd.Context(), args[0])
			var none *access.NoKeyError
			if errors.As(err, &none) {
				return usageT("usage.apikey.revoke", none.Name)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("apikey.revoked"), k.Name)
			return nil
		},
	}
}
