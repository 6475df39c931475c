package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"hotline/app"
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
		return usageT("usage.privacy.requester", name(cmd), cmd.CommandPath())
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
			"tickets; each ticket in full with its follow-ups, history, article links, problems\n" +
			"and attached files (content in base64); the ratings they gave with their comments;\n" +
			"the private status links of their tickets (only that they exist: the secret is kept\n" +
			"as a hash, the portal's cookies stay on their device); the mails read from them or\n" +
			"written about their tickets, and the outbox's mails to them with their text.\n" +
			"Redirect it to a file to hand it over.",
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
			"follow-ups and history (values and who acted) is replaced, and what the tickets\n" +
			"taught the knowledge base's suggestions is learned again from the anonymised text.\n" +
			"Their tickets' attached files are removed (a screenshot or a PDF cannot be\n" +
			"anonymised), their ratings' comments emptied (the scores stay), the tickets' status\n" +
			"links revoked, and the mail channel's records of mails from or to them keep no\n" +
			"address, name or text (a mail not sent yet never will be). The tickets, their\n" +
			"service, category, times and status stay, so reports still count them. Each\n" +
			"ticket's history records the erasure, without the erased values. It runs in one\n" +
			"transaction and cannot be undone (backups still hold the data: they expire by your\n" +
			"backup rotation).",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needRequester(cmd, email); err != nil {
				return err
			}
			erased, err := e.core.PrivacyErase(cmd.Context(), email)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("privacy.erased"), email, erased.Tickets)
			e.erasedAlso(erased)
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
		Long: "Anonymise (as privacy erase does: files, rating comments, status links and mail\n" +
			"records too) the requesters of every ticket closed before DATE, and clear the\n" +
			"sender of the mails read before DATE that belong to no ticket (ignored auto-replies\n" +
			"and bounces). Without --closed-before, use the retention setting of the config\n" +
			"(privacy: {retention_months: N}), which the interface and `hotline serve` also\n" +
			"apply at start.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var erased app.Erasure
			var err error
			switch {
			case before != "":
				t, perr := time.ParseInLocation("2006-01-02", before, time.Local)
				if perr != nil {
					return usageT("usage.date", "privacy purge", "--closed-before", before, "2025-01-01")
				}
				erased, err = e.core.PrivacyPurge(ctx, t)
			case e.core.Config.Privacy.RetentionMonths > 0:
				erased, err = e.core.ApplyRetention(ctx, time.Now())
			default:
				return usageT("usage.privacy.before")
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("privacy.purged"), erased.Tickets)
			e.erasedAlso(erased)
			return nil
		},
	}
	cmd.Flags().StringVar(&before, "closed-before", "", "anonymise tickets closed before this date (YYYY-MM-DD)")
	return cmd
}

// erasedAlso prints what an erasure did beside the tickets ("also: 2
// attachment(s) removed, 1 status link(s) revoked"), if anything.
func (e *env) erasedAlso(r app.Erasure) {
	var parts []string
	for _, p := range []struct {
		n      int
		format string
	}{{r.Attachments, e.t.T("privacy.files")}, {r.Ratings, e.t.T("privacy.ratings")}, {r.StatusLinks, e.t.T("privacy.links")},
		{r.Mails, e.t.T("privacy.mails")}, {r.Outbox, e.t.T("privacy.outbox")}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf(p.format, p.n))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(e.stdout, e.t.T("privacy.also"), strings.Join(parts, ", "))
	}
}

func printJSONTo(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
