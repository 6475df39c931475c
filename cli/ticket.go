package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"hotline/app"
	"hotline/internal/text"
	"hotline/tickets"
)

func newTicketCmd(e *env) *cobra.Command {
	return group("ticket", "create, list, show, update, comment, link, import and export tickets",
		newTicketAddCmd(e),
		newTicketListCmd(e),
		newTicketShowCmd(e),
		newTicketHistoryCmd(e),
		newTicketUpdateCmd(e),
		newTicketBulkCmd(e),
		newTicketCommentCmd(e),
		newTicketLinkCmd(e),
		newTicketUnlinkCmd(e),
		newTicketSuggestCmd(e),
		newTicketSimilarCmd(e),
		newTicketImportCmd(e),
		newTicketExportCmd(e),
		newTicketAttachmentCmd(e),
	)
}

func newTicketAddCmd(e *env) *cobra.Command {
	var n tickets.NewTicket
	var jsonIn, asJSON bool
	cmd := &cobra.Command{
		Use:   "add --title T --description D [flags]",
		Short: "create a ticket",
		Long: "Create a ticket and print its number. With --json-in, read one JSON object with the\n" +
			"same field names as `ticket show --json` from standard input instead of flags.",
	}
	f := cmd.Flags()
	f.StringVar(&n.Title, "title", "", "short title (default: start of the description)")
	f.StringVar(&n.Description, "description", "", "what the agent reports")
	f.StringVar(&n.Requester.Name, "requester", "", "agent's name")
	f.StringVar(&n.Requester.Service, "service", "", "agent's service")
	f.StringVar(&n.Requester.Email, "email", "", "agent's email")
	f.StringVar(&n.Requester.Phone, "phone", "", "phone number to call back")
	f.StringVar(&n.Connection, "connection", "", "home, 4g, vpn, office or unknown")
	f.StringVar(&n.Device, "device", "", "the agent's device")
	f.StringVar(&n.Category, "category", "", "category (default Autre)")
	f.IntVar(&n.Urgency, "urgency", 0, "urgency 1 (very low) to 5 (very high) (default 3)")
	f.IntVar(&n.Impact, "impact", 0, "impact 1 (very low) to 5 (very high) (default 3)")
	f.StringVar(&n.Assignee, "assignee", "", "technician to assign")
	f.StringArrayVar(&n.Tags, "tag", nil, "tag (repeatable)")
	f.BoolVar(&jsonIn, "json-in", false, "read the ticket as one JSON object on standard input")
	f.BoolVar(&asJSON, "json", false, "print the created ticket as JSON")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if len(args) > 0 {
			return usageT("usage.ticket.add.arg", args[0])
		}
		// The store reads 0 as "not given"; a 0 typed by a person is a mistake.
		for _, lv := range []struct {
			name string
			v    int
		}{{"urgency", n.Urgency}, {"impact", n.Impact}} {
			if cmd.Flags().Changed(lv.name) && (lv.v < 1 || lv.v > 5) {
				return usageT("usage.ticket.level", lv.name, lv.v)
			}
		}
		if jsonIn {
			rec, err := decodeTicketJSON(e.stdin)
			var fe *tickets.FieldError
			if errors.As(err, &fe) {
				// The object's keys, not flags: named as in the JSON.
				return usageT("usage.cause", "--json-in", e.rowReason(fe))
			}
			if err != nil {
				return usageT("usage.cause", "--json-in", err)
			}
			n = rec
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		n.Channel = tickets.ChannelCLI
		t, err := e.core.Tickets().Create(ctx, n, e.core.User())
		if err != nil {
			return err
		}
		if asJSON {
			return e.printJSON(tickets.RecordAt(t, time.Now()))
		}
		fmt.Fprintln(e.stdout, t.ID)
		return nil
	}
	return cmd
}

// decodeTicketJSON reads one ticket object from standard input.
func decodeTicketJSON(r io.Reader) (tickets.NewTicket, error) {
	limit := int64(tickets.MaxDescriptionLen + 64<<10)
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return tickets.NewTicket{}, fmt.Errorf("read standard input: %w", err)
	}
	if int64(len(data)) > limit {
		return tickets.NewTicket{}, failT("err.jsonin.big", limit>>10)
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return tickets.NewTicket{}, failT("err.jsonin.none")
	}
	return tickets.DecodeRecord(data)
}

func newTicketListCmd(e *env) *cobra.Command {
	var status, assignee, category, tag, connection, service, search, sortName, after string
	var priority, limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [flags]",
		Args:  noArgs,
		Short: "list tickets (open ones by default), a page at a time",
		Long: "List tickets, the ones not yet solved or closed by default, highest priority first,\n" +
			"50 at a time. The cursor of the next page is printed on standard error as\n" +
			"`next: CURSOR`; pass it back with --after.",
	}
	f := cmd.Flags()
	f.StringVar(&status, "status", "", "new, assigned, planned, pending, solved, closed, open, overdue or all (comma-separated)")
	f.StringVar(&assignee, "assignee", "", "technician (\"\" for unassigned, \"me\" for --user)")
	f.StringVar(&category, "category", "", "category")
	f.StringVar(&tag, "tag", "", "tag")
	f.IntVar(&priority, "priority", 0, "priority 1-6")
	f.StringVar(&connection, "connection", "", "home, 4g, vpn, office, unknown")
	f.StringVar(&service, "service", "", "requester's service")
	f.StringVar(&search, "search", "", "full-text search (accent-insensitive)")
	f.StringVar(&sortName, "sort", "priority", "priority, newest, updated or id")
	f.IntVar(&limit, "limit", tickets.DefaultPageSize, fmt.Sprintf("tickets per page (1-%d, 0 for all)", tickets.MaxPageSize))
	f.StringVar(&after, "after", "", "cursor from the previous page")
	f.BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if err := checkLimit("ticket list", limit, tickets.MaxPageSize); err != nil {
			return err
		}
		fl := tickets.Filter{Category: category, Tag: tag, Priority: priority, Connection: tickets.Connection(connection), Service: service, Text: search}
		if err := parseStatusFilter(status, &fl); err != nil {
			return err
		}
		if err := e.load(); err != nil {
			return err
		}
		if cmd.Flags().Changed("assignee") {
			v := assignee
			if v == "me" {
				v = e.core.User()
			}
			fl.Assignee = &v
		}
		sort, err := tickets.ParseSort(sortName)
		if err != nil {
			return err
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		rows, next, err := pages(limit, tickets.MaxPageSize, after, func(after string, limit int) ([]tickets.Ticket, string, error) {
			page, err := e.core.Tickets().List(ctx, fl, sort, limit, after)
			return page.Tickets, page.Next, err
		})
		page := tickets.Page{Tickets: rows, Next: next}
		if err != nil {
			if errors.Is(err, tickets.ErrBadCursor) {
				return usageT("usage.ticket.after", after)
			}
			return err
		}
		now := time.Now()
		if asJSON {
			out := make([]tickets.Record, len(page.Tickets))
			for i := range page.Tickets {
				out[i] = tickets.RecordAt(&page.Tickets[i], now)
			}
			if err := e.printJSON(out); err != nil {
				return err
			}
		} else {
			e.printTicketTable(e.stdout, page.Tickets, now, e.stdoutWidth)
		}
		e.printNext(page.Next)
		return nil
	}
	return cmd
}

func parseStatusFilter(s string, f *tickets.Filter) error {
	for _, part := range strings.Split(s, ",") {
		switch part = strings.TrimSpace(strings.ToLower(part)); part {
		case "":
		case "all":
			f.All = true
		case "open":
			f.Statuses = append(f.Statuses, tickets.OpenStatuses...)
		case "overdue":
			f.Overdue = true
		default:
			st, err := tickets.ParseStatus(part)
			if err != nil {
				// The list also takes open, overdue and all.
				var fe *tickets.FieldError
				if errors.As(err, &fe) {
					fe.Valid = append(fe.Valid, "open", "overdue", "all")
				}
				return err
			}
			f.Statuses = append(f.Statuses, st)
		}
	}
	return nil
}

// printTicketTable prints tickets one per line. On a terminal of width
// cells the lines fit it (the requester and category narrow, then go);
// elsewhere (a file, a pipe) every column is printed in full.
func (e *env) printTicketTable(w io.Writer, ts []tickets.Ticket, now time.Time, width int) {
	if len(ts) == 0 {
		fmt.Fprintln(w, e.t.T("table.none"))
		return
	}
	const lead = 27 // "#", mark, priority, status, age and their spaces
	reqW, catW, titleW, asgW := 24, 18, 40, 0
	if width > 0 {
		asgW = 10
		rest := width - lead - 1 - asgW
		switch {
		case rest >= reqW+catW+titleW+2:
			titleW = rest - reqW - catW - 2
		case rest >= 16+12+20+2:
			reqW, catW = 16, 12
			titleW = rest - reqW - catW - 2
		default:
			reqW, catW = 0, 0
			titleW = max(10, rest)
		}
	}
	full := func(s string, n int) string {
		s = text.SanitizeLine(s)
		return s + strings.Repeat(" ", max(0, n-text.Width(s)))
	}
	cell := func(s string, n int) string {
		switch {
		case n == 0:
			return ""
		case width == 0:
			return full(s, n) + " " // not a terminal: every column in full
		}
		return pad(s, n) + " "
	}
	last := func(s string) string {
		if asgW > 0 {
			return text.Truncate(text.SanitizeLine(s), asgW)
		}
		return text.SanitizeLine(s)
	}
	title := func(s string) string {
		if width > 0 {
			return pad(s, titleW)
		}
		return full(s, titleW)
	}
	fmt.Fprintf(w, "%6s  %-2s %s %s  %s%s%s %s\n", "#", "P", full(e.t.T("col.status"), 8), fitLeft(e.t.T("col.age"), 5), cell(e.t.T("col.requester"), reqW), cell(e.t.T("col.category"), catW), pad(e.t.T("col.title"), titleW), last(e.t.T("col.assignee")))
	for i := range ts {
		t := &ts[i]
		mark := " "
		if t.Overdue(now) {
			mark = "!"
		}
		req := t.Requester.Name
		if t.Requester.Service != "" {
			req += " (" + t.Requester.Service + ")"
		}
		line := fmt.Sprintf("%6d%s %-2s %-8s %5s  %s%s%s %s", t.ID, mark, priorityCode(t.Priority), t.Status, age(now.Sub(t.CreatedAt)),
			cell(req, reqW), cell(t.Category, catW), title(t.Title), last(t.Assignee))
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// fitLeft right-aligns s in n cells (a header with accents: %5s counts
// bytes).
func fitLeft(s string, n int) string {
	return strings.Repeat(" ", max(0, n-text.Width(s))) + s
}

// pad sanitises and fits s to width cells.
func pad(s string, width int) string {
	s = text.Truncate(text.SanitizeLine(s), width)
	return s + strings.Repeat(" ", max(0, width-text.Width(s)))
}

func priorityCode(p int) string {
	if p == tickets.PriorityMajor {
		return "M"
	}
	return fmt.Sprintf("P%d", p)
}

// age is a short duration: 45m, 3h, 12d, 8w.
func age(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	}
	return fmt.Sprintf("%dw", int(d.Hours()/24/7))
}

func newTicketShowCmd(e *env) *cobra.Command {
	return e.showCmd(&cobra.Command{
		Use:   "show N [--json]",
		Short: "show a ticket with its comments and linked articles",
		Long:  "Show a ticket with its follow-ups and linked articles.",
	}, "ticket", "print JSON", func(ctx context.Context, id int64, asJSON bool) error {
		d, err := e.core.TicketDetail(ctx, id)
		if err != nil {
			return err
		}
		now := time.Now()
		if asJSON {
			return e.printJSON(d.Record(now))
		}
		e.printTicket(e.stdout, d, now)
		return nil
	})
}

func (e *env) printTicket(w io.Writer, d *app.TicketDetail, now time.Time) {
	t, comments := d.Ticket, d.Followups
	line := text.SanitizeLine
	fmt.Fprintf(w, "#%d  %s\n", t.ID, line(t.Title))
	fmt.Fprintf(w, e.t.T("show.status"),
		t.Status, priorityCode(t.Priority), tickets.PriorityLabel(t.Priority), t.Urgency, t.Impact, line(t.Category), t.Version)
	assignee := t.Assignee
	if assignee == "" {
		assignee = e.t.T("show.unassigned")
	}
	fmt.Fprintf(w, e.t.T("show.assignee"), line(assignee), line(strings.Join(t.Tags, " ")))
	fmt.Fprintf(w, e.t.T("show.requester"), line(t.Requester.Name), line(t.Requester.Service), line(t.Requester.Email), line(t.Requester.Phone))
	fmt.Fprintf(w, e.t.T("show.connection"), t.Connection, line(t.Device))
	due := e.t.T("show.due") + t.DueAt.Local().Format("2006-01-02 15:04")
	if t.Overdue(now) {
		due += e.t.T("show.overdue")
	}
	fmt.Fprintf(w, e.t.T("show.created"), t.CreatedAt.Local().Format("2006-01-02 15:04"), t.UpdatedAt.Local().Format("2006-01-02 15:04"), due)
	fmt.Fprintln(w, text.Sanitize(t.Description))
	for _, c := range comments {
		kind := ""
		if c.Private {
			kind = e.t.T("show.private")
		}
		fmt.Fprintf(w, "\n— %s, %s%s\n%s\n", line(c.Author), c.CreatedAt.Local().Format("2006-01-02 15:04"), kind, text.Sanitize(c.Body))
	}
	if len(d.Links) > 0 {
		fmt.Fprintln(w, e.t.T("show.articles"))
		for _, l := range d.Links {
			title, url := "", ""
			if l.Article != nil {
				title, url = l.Article.Title, l.Article.URL
			}
			fmt.Fprintf(w, "  [%d] %s  %s\n", l.ArticleID, line(title), line(url))
		}
	}
}

func newTicketHistoryCmd(e *env) *cobra.Command {
	return e.showCmd(&cobra.Command{
		Use:   "history N [--json]",
		Short: "show every change made to a ticket",
		Long:  "Show every change made to a ticket: who, when, which field, old and new value.",
	}, "ticket", "print a JSON array", func(ctx context.Context, id int64, asJSON bool) error {
		changes, err := e.core.Tickets().History(ctx, id)
		if err != nil {
			return err
		}
		if asJSON {
			out := make([]changeJSON, len(changes))
			for i, c := range changes {
				out[i] = changeJSON{At: rfc3339(c.At), Actor: c.Actor, Field: c.Field, Old: c.Old, New: c.New}
			}
			return e.printJSON(out)
		}
		for _, c := range changes {
			fmt.Fprintf(e.stdout, "%s  %-12s %s", c.At.Local().Format("2006-01-02 15:04"), text.SanitizeLine(c.Actor), c.Field)
			switch {
			case c.Old == "" && c.New != "":
				fmt.Fprintf(e.stdout, ": %s", text.Truncate(text.SanitizeLine(c.New), 60))
			case c.Old != "" || c.New != "":
				fmt.Fprintf(e.stdout, ": %s → %s", text.Truncate(text.SanitizeLine(c.Old), 40), text.Truncate(text.SanitizeLine(c.New), 40))
			}
			fmt.Fprintln(e.stdout)
		}
		return nil
	})
}

func newTicketUpdateCmd(e *env) *cobra.Command {
	var status, assignee, priority, category, title, description, connection, device string
	var reqName, reqService, reqEmail, reqPhone string
	var urgency, impact int
	var addTags, removeTags []string
	var ifVersion int64
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "update N [flags]",
		Short: "change a ticket's fields, status, assignee or tags",
		Long: "Change a ticket. With --if-version V the change is applied only if the ticket is\n" +
			"still at version V (as printed by show --json), so two technicians never silently\n" +
			"overwrite each other.",
	}
	f := cmd.Flags()
	f.StringVar(&status, "status", "", "new, assigned, planned, pending, solved or closed")
	f.StringVar(&assignee, "assignee", "", "technician (\"\" to unassign, \"me\" for --user)")
	f.IntVar(&urgency, "urgency", 0, "1-5")
	f.IntVar(&impact, "impact", 0, "1-5")
	f.StringVar(&priority, "priority", "", "\"major\" to force priority 6, \"auto\" to go back to the matrix")
	f.StringVar(&category, "category", "", "category")
	f.StringVar(&title, "title", "", "title")
	f.StringVar(&description, "description", "", "description")
	f.StringVar(&connection, "connection", "", "home, 4g, vpn, office or unknown")
	f.StringVar(&device, "device", "", "device")
	f.StringVar(&reqName, "requester", "", "agent's name")
	f.StringVar(&reqService, "service", "", "agent's service")
	f.StringVar(&reqEmail, "email", "", "agent's email")
	f.StringVar(&reqPhone, "phone", "", "phone number to call back")
	f.StringArrayVar(&addTags, "add-tag", nil, "add a tag (repeatable)")
	f.StringArrayVar(&removeTags, "remove-tag", nil, "remove a tag (repeatable)")
	f.Int64Var(&ifVersion, "if-version", 0, "apply only if the ticket is at this version")
	f.BoolVar(&asJSON, "json", false, "print the updated ticket as JSON")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		set := cmd.Flags().Changed
		id, err := argID(cmd, args, "ticket")
		if err != nil {
			return err
		}
		if err := e.load(); err != nil {
			return err
		}
		var p tickets.Patch
		if p.Status, err = statusFlag(set("status"), status); err != nil {
			return err
		}
		p.Assignee = e.assigneeFlag(set("assignee"), assignee)
		if set("urgency") {
			p.Urgency = &urgency
		}
		if set("impact") {
			p.Impact = &impact
		}
		if set("priority") {
			var major bool
			switch strings.ToLower(priority) {
			case "major", "6":
				major = true
			case "auto", "matrix":
			default:
				return usageT("usage.ticket.priority", priority)
			}
			p.Major = &major
		}
		if set("category") {
			p.Category = &category
		}
		if set("title") {
			p.Title = &title
		}
		if set("description") {
			p.Description = &description
		}
		if set("connection") {
			c := tickets.Connection(connection)
			p.Connection = &c
		}
		if set("device") {
			p.Device = &device
		}
		if set("requester") {
			p.RequesterName = &reqName
		}
		if set("service") {
			p.RequesterService = &reqService
		}
		if set("email") {
			p.RequesterEmail = &reqEmail
		}
		if set("phone") {
			p.RequesterPhone = &reqPhone
		}
		p.AddTags, p.RemoveTags = addTags, removeTags
		if p.Empty() {
			return usageT("usage.ticket.nothing")
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		t, err := e.core.Tickets().Update(ctx, id, ifVersion, p, e.core.User())
		if err != nil {
			return err
		}
		if asJSON {
			return e.printJSON(tickets.RecordAt(t, time.Now()))
		}
		fmt.Fprintf(e.stdout, e.t.T("ticket.updated"), t.ID, t.Status, priorityCode(t.Priority), text.SanitizeLine(orDash(t.Assignee)), t.Version)
		return nil
	}
	return cmd
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newTicketCommentCmd(e *env) *cobra.Command {
	var body string
	var private, asJSON, byMail bool
	cmd := &cobra.Command{
		Use:   "comment N --text T [--private | --mail]",
		Short: "add a public or private follow-up",
		Long: "Add a follow-up to a ticket. --text - reads it from standard input.\n" +
			"--mail also mails it to the requester (mail.smtp must be configured; see `hotline mail`).",
	}
	f := cmd.Flags()
	f.StringVar(&body, "text", "", "the comment (- for standard input)")
	f.BoolVar(&private, "private", false, "visible to technicians only")
	f.BoolVar(&byMail, "mail", false, "also mail this public follow-up to the requester")
	f.BoolVar(&asJSON, "json", false, "print the comment as JSON")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		id, err := argID(cmd, args, "ticket")
		if err != nil {
			return err
		}
		if body == "-" {
			data, err := io.ReadAll(io.LimitReader(e.stdin, tickets.MaxCommentLen+1))
			if err != nil {
				return fmt.Errorf("read comment from standard input: %w", err)
			}
			body = string(data)
		}
		if strings.TrimSpace(body) == "" {
			return usageT("usage.ticket.comment.text")
		}
		if private && byMail {
			return usageT("usage.ticket.comment.private")
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		var c *tickets.Followup
		if byMail {
			if !e.core.Config.Mail.SMTP.Configured() {
				return usageT("usage.nosmtp", "ticket comment --mail", e.configPath())
			}
			c, err = e.core.Mailroom().CommentByMail(ctx, id, 0, e.core.User(), body)
		} else {
			c, err = e.core.Tickets().Comment(ctx, id, e.core.User(), body, private)
		}
		if err != nil {
			return err
		}
		if asJSON {
			return e.printJSON(tickets.RecordComment{ID: c.ID, Author: c.Author, Body: c.Body, Private: c.Private, CreatedAt: rfc3339(c.CreatedAt),
				FromRequester: c.FromRequester, Channel: c.Channel})
		}
		if byMail {
			fmt.Fprintf(e.stdout, e.t.T("ticket.comment.mailed"), c.ID, id)
			return nil
		}
		fmt.Fprintf(e.stdout, e.t.T("ticket.comment.added"), c.ID, id)
		return nil
	}
	return cmd
}

// statusFlag reads --status when it was given (nil when not): an unknown
// status is the domain's field error (a usage error, exit 2).
func statusFlag(given bool, value string) (*tickets.Status, error) {
	if !given {
		return nil, nil
	}
	st, err := tickets.ParseStatus(value)
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// assigneeFlag reads --assignee when it was given (nil when not); "me" is
// the acting technician.
func (e *env) assigneeFlag(given bool, value string) *string {
	if !given {
		return nil
	}
	if value == "me" {
		value = e.core.User()
	}
	return &value
}
