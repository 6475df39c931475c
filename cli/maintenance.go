package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

func newBackupCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "write a checked copy of the database (safe while others work)",
		Long: "Write a consistent copy of the database to FILE while technicians, imports and\n" +
			"the server keep writing (SQLite's VACUUM INTO reads one snapshot), then check\n" +
			"the copy. FILE must not exist: a backup never overwrites. Schedule it with cron\n" +
			"or a systemd timer (see the README, \"Running it for a team\").",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageT("usage.backup")
			}
			if err := e.open(cmd.Context()); err != nil {
				return err
			}
			if err := e.core.Backup(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("backup.done"), args[0])
			return nil
		},
	}
}

func newRestoreCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "restore FILE",
		Short: "replace the database with a backup (the current one is kept aside)",
		Long: "Replace the database with the backup FILE. FILE must be a sound Hotline\n" +
			"database no newer than this hotline. The current database is renamed aside\n" +
			"(DB.before-restore-TIME) and put back if the restored one fails its check.\n" +
			"Stop `hotline serve` and close every interface on this database first.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageT("usage.restore")
			}
			if err := e.load(); err != nil {
				return err
			}
			res, err := e.core.Restore(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("restore.done"), e.core.DBPath(), args[0])
			if res.Aside != "" {
				fmt.Fprintf(e.stdout, e.t.T("restore.aside"), res.Aside)
			}
			return nil
		},
	}
}

func newCheckCmd(e *env) *cobra.Command {
	var quick, asJSON bool
	cmd := &cobra.Command{
		Use:   "check [--quick] [--json]",
		Short: "check the database for damage (exit 1 with the list)",
		Long: "Check the database: SQLite's integrity check, foreign keys, every full-text\n" +
			"index, and links between tickets and articles. Prints \"ok\" or what is\n" +
			"wrong and exits 1. --quick runs only the fast checks the interface runs at start.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			findings, err := e.core.Check(cmd.Context(), quick)
			if err != nil {
				return err
			}
			if asJSON {
				type row struct {
					Check  string `json:"check"`
					Detail string `json:"detail"`
				}
				out := []row{}
				for _, f := range findings {
					out = append(out, row{f.Check, f.Detail})
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return err
				}
			} else if len(findings) == 0 {
				fmt.Fprintf(e.stdout, "%s: ok\n", e.core.DBPath())
			} else {
				fmt.Fprintf(e.stdout, "%s: %d problem(s)\n", e.core.DBPath(), len(findings))
				for _, f := range findings {
					fmt.Fprintf(e.stdout, "  %s\n", f)
				}
				fmt.Fprintln(e.stdout, e.t.T("check.restore"))
			}
			if len(findings) > 0 {
				return errReported
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&quick, "quick", false, "only the fast checks")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the problems as a JSON array")
	return cmd
}
