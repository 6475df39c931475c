package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

func newPrivacyCmd(e *env) *cobra.Command {
	return group("privacy", "export or erase what is held about a requester (GDPR)",
		newPrivacyExportCmd(e), newPrivacyEraseCmd(e), newPrivacyPurgeCmd(e))
}

func requesterFlag(cmd *cobra.Command, v *string) {
	cmd.Flags().StringVar(v, "requester", "", "the requester's email address")
}

func needRequester(cmd *cobra.Command, email string) error {
	if strings.TrimSpace(email) == "" || !strings.Contains(email, "@") {
		return usageErrorf("%s: give the requester's email address with --requester (run `%s --help`)", name(cmd), cmd.CommandPath())
	}
	return nil
}

func newPrivacyExportCmd(e *env) *cobra.Command {
	var email string
	cmd := &cobra.Command{
		Use:   "export --requester EMAIL",
		Short: "print everything held about a requester, as JSON",
		Long: "Print, as one JSON document, everything Hotline holds about the requester with this\n" +
			"email address (right of access): the names, phones and services written in their\n" +
			"tickets, and each ticket in full with its follow-ups, history, article links and\n" +
			"problems. Redirect it to a file to hand it over.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needRequester(cmd, email); err != nil {
				return err
			}
			data, err := e.core.PrivacyExport(cmd.Context(), email)
			if err != nil {
				return err
			}
			out := e.inert(e.stdout)
			defer out.Close()
			return printJSONTo(out, data)
		},
	}
	requesterFlag(cmd, &email)
	return cmd
}

func newPrivacyEraseCmd(e *env) *cobra.Command {
	var email string
	cmd := &cobra.Command{
		Use:   "erase --requester EMAIL",
		Short: "anonymise a requester in all their tickets (the tickets stay)",
		Long: "Anonymise the requester with this email address in every ticket they filed (right\n" +
			"to erasure): their name becomes " + "[effacé]" + ", their email and phone are removed, and\n" +
			"every mention of them (name, parts of it, address, phone) in titles, descriptions,\n" +
			"follow-ups and history is replaced. The tickets, their service, category, times\n" +
			"and status stay, so reports still count them. Each ticket's history records the\n" +
			"erasure, without the erased values. It cannot be undone (backups still hold the\n" +
			"data: they expire by your backup rotation).",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needRequester(cmd, email); err != nil {
				return err
			}
			n, err := e.core.PrivacyErase(cmd.Context(), email)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("privacy.erased"), email, n)
			return nil
		},
	}
	requesterFlag(cmd, &email)
	return cmd
}

func newPrivacyPurgeCmd(e *env) *cobra.Command {
	var before string
	cmd := &cobra.Command{
		Use:   "purge [--closed-before DATE]",
		Short: "anonymise the requesters of tickets closed before a date",
		Long: "Anonymise (as privacy erase does) the requesters of every ticket closed before\n" +
			"DATE. Without --closed-before, use the retention setting of the config\n" +
			"(privacy: {retention_months: N}), which the interface and `hotline serve` also\n" +
			"apply at start.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var n int
			var err error
			switch {
			case before != "":
				t, perr := time.ParseInLocation("2006-01-02", before, time.Local)
				if perr != nil {
					return usageErrorf("privacy purge: --closed-before %q: use a date like 2025-01-01", before)
				}
				n, err = e.core.PrivacyPurge(ctx, t)
			case e.core.Config.Privacy.RetentionMonths > 0:
				n, err = e.core.ApplyRetention(ctx, time.Now())
			default:
				return usageErrorf("privacy purge: give --closed-before DATE, or set privacy.retention_months in the config")
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%d ticket(s) anonymised\n", n)
			return nil
		},
	}
	cmd.Flags().StringVar(&before, "closed-before", "", "anonymise tickets closed before this date (YYYY-MM-DD)")
	return cmd
}

func printJSONTo(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
