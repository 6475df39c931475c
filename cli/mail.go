package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"hotline/app"
	"hotline/internal/text"
	"hotline/mail"
	"hotline/mailstore"
)

func newMailCmd(e *env) *cobra.Command {
	return group("mail", "read the helpdesk mailbox into tickets, send the answers by mail",
		newMailFetchCmd(e),
		newMailImportCmd(e),
		newMailOutboxCmd(e),
		newMailSendCmd(e),
		newMailCheckCmd(e),
	)
}

// mailKit is what the mail commands share, built from the config.
type mailKit struct {
	room *app.Mailroom
	imap mail.IMAP
	smtp mail.SMTP
	from mail.Address
}

func (e *env) mailKit(ctx context.Context) (*mailKit, error) {
	if err := e.open(ctx); err != nil {
		return nil, err
	}
	c := e.core.Config.Mail
	k := &mailKit{room: e.core.Mailroom(), from: mail.Address{Name: c.Name, Email: c.Address}}
	var err error
	if k.imap, k.smtp, err = mail.Servers(c, e.getenv); err != nil {
		return nil, err
	}
	return k, nil
}

// outbox builds the sender, checking the templates first.
func (e *env) outbox(k *mailKit, baseURL string) (*mail.Outbox, error) {
	if k.smtp.Addr == "" {
		return nil, usageT("usage.nosmtp", "mail", e.configPath())
	}
	ts, err := mail.LoadTemplates(e.core.Config.Mail.Templates)
	if err != nil {
		return nil, err
	}
	if baseURL == "" {
		baseURL = e.core.Config.Serve.BaseURL
	}
	return &mail.Outbox{Room: k.room, SMTP: k.smtp, Templates: ts, From: k.from, BaseURL: baseURL}, nil
}

func (e *env) configPath() string {
	if e.core != nil && e.core.Config.Path != "" {
		return e.core.Config.Path
	}
	return "the config file"
}

// receive reads mails into tickets one way (IMAP, files) with the
// config's mail kit, then prints the report, even of a read cut short.
func (e *env) receive(ctx context.Context, read func(k *mailKit, rcv mail.Room) (*mail.Report, error)) error {
	k, err := e.mailKit(ctx)
	if err != nil {
		return err
	}
	rep, err := read(k, mail.Room{Room: k.room, Files: e.core.AttachmentLimits()})
	if rep != nil {
		if perr := e.printMailReport(rep); err == nil {
			err = perr
		}
	}
	return err
}

func (e *env) printMailReport(rep *mail.Report) error {
	for _, f := range rep.Failed {
		fmt.Fprintln(e.stderr, text.SanitizeLine(f.Where)+": "+e.mailReason(f))
	}
	fmt.Fprintln(e.stdout, e.mailSummary(rep))
	if len(rep.Failed) > 0 {
		return errReported
	}
	return nil
}

func newMailFetchCmd(e *env) *cobra.Command {
	var max int
	cmd := &cobra.Command{
		Use:   "fetch [--max N]",
		Short: "read the unseen mails of the helpdesk mailbox into tickets (IMAP)",
		Long: "Read the unseen mails of the mailbox set in the config (mail.imap) and turn each into a\n" +
			"ticket or a follow-up; each stored mail is then marked read (or moved to mail.imap.move_to).\n" +
			"Automatic answers, bounces, Hotline's own mails and senders over the rate limit are counted\n" +
			"and set aside. A mail that cannot be read is reported (UID: reason) and left unread.\n" +
			"The password comes from mail.imap.password_command or HOTLINE_IMAP_PASSWORD, never from\n" +
			"the command line; mail.imap.token_command gives an OAuth2 token (Microsoft 365).",
		Args: noArgs,
	}
	cmd.Flags().IntVar(&max, "max", 0, "stop after N mails (0: all)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		return e.receive(ctx, func(k *mailKit, rcv mail.Room) (*mail.Report, error) {
			if k.imap.Addr == "" {
				return nil, usageT("usage.noimap", e.configPath())
			}
			return k.imap.Fetch(ctx, rcv, rcv.Limits(), max)
		})
	}
	return cmd
}

func newMailImportCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import PATH",
		Short: "read mails from an mbox file, a Maildir folder or .eml files into tickets",
		Long: "Read the mails of PATH (an mbox file, a Maildir folder, a folder of .eml files or one .eml\n" +
			"file) as `mail fetch` does. Nothing is changed on disk; a mail already read is skipped.",
		Args: exactArgs(1),
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		return e.receive(ctx, func(k *mailKit, rcv mail.Room) (*mail.Report, error) {
			return mail.Import(ctx, args[0], rcv, rcv.Limits())
		})
	}
	return cmd
}

func newMailSendCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "send",
		Short: "send the mails waiting in the outbox now (SMTP)",
		Long: "Queue the mails of newly solved tickets and send every mail due in the outbox through\n" +
			"mail.smtp. A mail that fails waits and is retried with backoff; `hotline serve` does this\n" +
			"on its own.",
		Args: noArgs,
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		k, err := e.mailKit(ctx)
		if err != nil {
			return err
		}
		ob, err := e.outbox(k, "")
		if err != nil {
			return err
		}
		rep, err := ob.Flush(ctx)
		fmt.Fprintf(e.stdout, "%d mails sent, %d failed (see `hotline mail outbox`)\n", rep.Sent, rep.Failed)
		if err == nil && rep.Failed > 0 {
			err = errReported
		}
		return err
	}
	return cmd
}

func newMailCheckCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check",
		Short: "check the mail settings and templates",
		Args:  noArgs,
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := e.load(); err != nil {
			return err
		}
		c := e.core.Config.Mail
		if _, err := mail.LoadTemplates(c.Templates); err != nil {
			return err
		}
		src := "built in"
		if c.Templates != "" {
			src = c.Templates
		}
		fmt.Fprintf(e.stdout, e.t.T("mail.templates"), src)
		for _, s := range []struct {
			name string
			host string
		}{{"imap", c.IMAP.Host}, {"smtp", c.SMTP.Host}} {
			if s.host == "" {
				fmt.Fprintf(e.stdout, "%s: not configured\n", s.name)
			} else {
				fmt.Fprintf(e.stdout, "%s: %s\n", s.name, s.host)
			}
		}
		return nil
	}
	return cmd
}

func newMailOutboxCmd(e *env) *cobra.Command {
	var asJSON bool
	var retry string
	cmd := &cobra.Command{
		Use:   "outbox [--json] [--retry ID]",
		Short: "list the mails waiting or failed; --retry sends a failed one again",
		Long: "List the mails not sent yet: waiting (with the next attempt), being sent, or failed (set\n" +
			"aside after a refusal, too many attempts, or a crash while sending: it may have gone).\n" +
			"--retry ID puts one back in the queue.",
		Args: noArgs,
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.Flags().StringVar(&retry, "retry", "", "put mail ID back in the queue")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if err := e.open(ctx); err != nil {
			return err
		}
		store := e.core.Mailroom().Store()
		if retry != "" {
			id, err := strconv.ParseInt(strings.TrimPrefix(retry, "#"), 10, 64)
			if err != nil || id <= 0 {
				return usageT("usage.mail.retry", retry)
			}
			if err := store.Retry(ctx, id); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("mail.retry"), id)
			return nil
		}
		items, err := store.Pending(ctx, 1000)
		if err != nil {
			return err
		}
		type row struct {
			ID          int64     `json:"id"`
			Ticket      int64     `json:"ticket"`
			Kind        string    `json:"kind"`
			To          string    `json:"to"`
			Status      string    `json:"status"`
			Attempts    int       `json:"attempts"`
			NextAttempt time.Time `json:"next_attempt"`
			Error       string    `json:"error,omitempty"`
		}
		rows := []row{}
		for _, it := range items {
			rows = append(rows, row{it.ID, it.TicketID, it.Kind, it.To, it.Status, it.Attempts, it.NextAttemptAt, it.LastError})
		}
		if asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(rows)
		}
		if len(rows) == 0 {
			fmt.Fprintln(e.stdout, e.t.T("mail.outbox.empty"))
			return nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTICKET\tKIND\tTO\tSTATUS\tTRIES\tNEXT\tERROR")
		for _, r := range rows {
			next := r.NextAttempt.Local().Format("2006-01-02 15:04")
			if r.Status != mailstore.StatusWaiting {
				next = "-"
			}
			fmt.Fprintf(tw, "%d\t#%d\t%s\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.Ticket, r.Kind, text.SanitizeLine(r.To), r.Status, r.Attempts, next, text.SanitizeLine(r.Error))
		}
		return tw.Flush()
	}
	return cmd
}
