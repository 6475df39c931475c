package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"hotline/attachments"
	"hotline/internal/text"
)

func newTicketAttachmentCmd(e *env) *cobra.Command {
	return group("attachment", "list and save the files attached to a ticket",
		newAttachmentListCmd(e), newAttachmentGetCmd(e))
}

type attachmentJSON struct {
	ID          int64  `json:"id"`
	TicketID    int64  `json:"ticket_id"`
	FollowupID  int64  `json:"followup_id,omitempty"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	AddedBy     string `json:"added_by"`
	Channel     string `json:"channel"`
	CreatedAt   string `json:"created_at"`
}

func newAttachmentListCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list N [--json]",
		Short: "list a ticket's attachments: id, name, size, who, when",
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := argID(cmd, args, "ticket")
			if err != nil {
				return err
			}
			if err := e.open(cmd.Context()); err != nil {
				return err
			}
			if _, err := e.core.Tickets().Get(cmd.Context(), id); err != nil {
				return err
			}
			list, err := e.core.Attachments().List(cmd.Context(), id)
			if err != nil {
				return err
			}
			if asJSON {
				out := []attachmentJSON{}
				for _, a := range list {
					out = append(out, attachmentJSON{a.ID, a.TicketID, a.FollowupID, a.Name, a.ContentType, a.Size, a.SHA256, a.AddedBy, a.Channel,
						a.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")})
				}
				return e.printJSON(out)
			}
			if len(list) == 0 {
				fmt.Fprintf(e.stdout, e.t.T("attachment.none"), id)
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, e.t.T("attachment.head"))
			for _, a := range list {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, text.SanitizeLine(a.Name), a.ContentType, attachments.HumanSize(a.Size),
					text.SanitizeLine(a.AddedBy), a.Channel, a.CreatedAt.Local().Format("2006-01-02 15:04"))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}

func newAttachmentGetCmd(e *env) *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "get N ID -o FILE",
		Short: "save one attachment of ticket N to FILE (- for standard output)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageT("usage.attachment.args")
			}
			tid, err := parseID(args[0], "ticket")
			if err != nil {
				return err
			}
			aid, err := parseID(args[1], "attachment")
			if err != nil {
				return err
			}
			if out == "" {
				return usageT("usage.attachment.out")
			}
			if err := e.open(cmd.Context()); err != nil {
				return err
			}
			a, data, err := e.core.Attachments().Open(cmd.Context(), tid, aid)
			if errors.Is(err, attachments.ErrNotFound) {
				return failT("err.attachment.none", tid, aid, tid)
			}
			if err != nil {
				return err
			}
			if out == "-" {
				_, err := e.stdout.Write(data)
				return err
			}
			if info, err := os.Stat(out); err == nil && info.IsDir() {
				out = filepath.Join(out, a.Name)
			}
			flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
			if force {
				flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
			}
			f, err := os.OpenFile(out, flags, 0o644)
			if errors.Is(err, os.ErrExist) {
				return failT("err.attachment.exists", out)
			}
			if err != nil {
				return fmt.Errorf("save attachment: %w", err)
			}
			if _, err := f.Write(data); err != nil {
				f.Close()
				return fmt.Errorf("save attachment to %s: %w", out, err)
			}
			if err := f.Close(); err != nil {
				return fmt.Errorf("save attachment to %s: %w", out, err)
			}
			fmt.Fprintf(e.stderr, e.t.T("attachment.saved"), text.SanitizeLine(a.Name), a.ContentType, attachments.HumanSize(a.Size), out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "file (or folder) to write; - for standard output")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite FILE if it exists")
	return cmd
}
