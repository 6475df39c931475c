package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"hotline/internal/text"
	"hotline/tickets"
)

func runTicket(ctx context.Context, a *app, args []string) error {
	return runGroup(ctx, a, "ticket", []subcommand{
		{"add", "create a ticket", runTicketAdd},
		{"list", "list tickets (open ones by default), a page at a time", runTicketList},
		{"show", "show a ticket with its comments and linked articles", runTicketShow},
		{"history", "show every change made to a ticket", runTicketHistory},
		{"update", "change a ticket's fields, status, assignee or tags", runTicketUpdate},
		{"comment", "add a public or private follow-up", runTicketComment},
		{"link", "link a knowledge-base article to a ticket", runTicketLink},
		{"unlink", "remove the link between a ticket and an article", runTicketUnlink},
		{"suggest", "suggest the articles most likely to solve a ticket", runTicketSuggest},
		{"similar", "list the most similar tickets and the recurrence count", runTicketSimilar},
		{"import", "import tickets from a .csv or .jsonl file", runTicketImport},
		{"export", "export every ticket as csv or jsonl", runTicketExport},
	}, args)
}

func runTicketAdd(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket add", "hotline ticket add --title T --description D [flags]",
		"Create a ticket and print its number. With --json-in, read one JSON object with the\nsame field names as `ticket show --json` from standard input instead of flags.")
	var n tickets.NewTicket
	var tags stringList
	fs.StringVar(&n.Title, "title", "", "short title (default: start of the description)")
	fs.StringVar(&n.Description, "description", "", "what the agent reports")
	fs.StringVar(&n.Requester.Name, "requester", "", "agent's name")
	fs.StringVar(&n.Requester.Service, "service", "", "agent's service")
	fs.StringVar(&n.Requester.Email, "email", "", "agent's email")
	fs.StringVar(&n.Requester.Phone, "phone", "", "phone number to call back")
	fs.StringVar(&n.Connection, "connection", "", "home, 4g, vpn, office or unknown")
	fs.StringVar(&n.Device, "device", "", "the agent's device")
	fs.StringVar(&n.Category, "category", "", "category (default Autre)")
	var urgency, impact optionalInt
	fs.Var(&urgency, "urgency", "urgency 1 (very low) to 5 (very high) (default 3)")
	fs.Var(&impact, "impact", "impact 1 (very low) to 5 (very high) (default 3)")
	fs.StringVar(&n.Assignee, "assignee", "", "technician to assign")
	fs.Var(&tags, "tag", "tag (repeatable)")
	jsonIn := fs.Bool("json-in", false, "read the ticket as one JSON object on standard input")
	asJSON := fs.Bool("json", false, "print the created ticket as JSON")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("ticket add: unexpected argument %q (quote the title: --title \"...\")", fs.Arg(0))
	}
	n.Tags = tags
	// The store reads 0 as "not given"; a 0 typed by a person is a mistake.
	for _, lv := range []struct {
		name string
		v    optionalInt
		dst  *int
	}{{"urgency", urgency, &n.Urgency}, {"impact", impact, &n.Impact}} {
		if lv.v.set && (lv.v.value < 1 || lv.v.value > 5) {
			return usageErrorf("ticket add: %s: %d is out of range: use 1 (very low) to 5 (very high)", lv.name, lv.v.value)
		}
		*lv.dst = lv.v.value
	}
	if *jsonIn {
		rec, err := decodeTicketJSON(a.stdin)
		if err != nil {
			return usageErrorf("ticket add --json-in: %v", err)
		}
		n = rec
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	t, err := a.tickets.Create(ctx, n, a.user())
	if err != nil {
		return err
	}
	if *asJSON {
		return a.printJSON(toTicketJSON(t, time.Now()))
	}
	fmt.Fprintln(a.stdout, t.ID)
	return nil
}

// decodeTicketJSON reads one ticket object from standard input.
func decodeTicketJSON(r io.Reader) (tickets.NewTicket, error) {
	limit := int64(tickets.MaxDescriptionLen + 64<<10)
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return tickets.NewTicket{}, fmt.Errorf("read standard input: %w", err)
	}
	if int64(len(data)) > limit {
		return tickets.NewTicket{}, fmt.Errorf("standard input is over %d KiB: a ticket's description is limited to 1 MiB; keep the relevant part", limit>>10)
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return tickets.NewTicket{}, errors.New("no JSON object on standard input")
	}
	return tickets.DecodeRecord(data)
}

func runTicketList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket list", "hotline ticket list [flags]",
		"List tickets, the ones not yet solved or closed by default, highest priority first,\n50 at a time. The cursor of the next page is printed on standard error as\n`next: CURSOR`; pass it back with --after.")
	status := fs.String("status", "", "new, assigned, planned, pending, solved, closed, open, overdue or all (comma-separated)")
	assignee := optionalString{}
	fs.Var(&assignee, "assignee", "technician (\"\" for unassigned, \"me\" for --user)")
	category := fs.String("category", "", "category")
	tag := fs.String("tag", "", "tag")
	priority := fs.Int("priority", 0, "priority 1-6")
	connection := fs.String("connection", "", "home, 4g, vpn, office, unknown")
	service := fs.String("service", "", "requester's service")
	search := fs.String("search", "", "full-text search (accent-insensitive)")
	sortName := fs.String("sort", "priority", "priority, newest, updated or id")
	limit := fs.Int("limit", tickets.DefaultPageSize, fmt.Sprintf("tickets per page (1-%d)", tickets.MaxPageSize))
	after := fs.String("after", "", "cursor from the previous page")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if *limit < 1 || *limit > tickets.MaxPageSize {
		return usageErrorf("ticket list: --limit %d is out of range: use 1 to %d", *limit, tickets.MaxPageSize)
	}
	f := tickets.Filter{Category: *category, Tag: *tag, Priority: *priority, Connection: tickets.Connection(*connection), Service: *service, Text: *search}
	if err := parseStatusFilter(*status, &f); err != nil {
		return usageErrorf("ticket list: %v", err)
	}
	if assignee.set {
		v := assignee.value
		if v == "me" {
			v = a.user()
		}
		f.Assignee = &v
	}
	sort, err := tickets.ParseSort(*sortName)
	if err != nil {
		return usageErrorf("ticket list: %v", err)
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	page, err := a.tickets.List(ctx, f, sort, *limit, *after)
	if err != nil {
		if errors.Is(err, tickets.ErrInvalid) || strings.Contains(err.Error(), "invalid cursor") {
			return usageErrorf("%v", err)
		}
		return err
	}
	now := time.Now()
	if *asJSON {
		out := make([]ticketJSON, len(page.Tickets))
		for i := range page.Tickets {
			out[i] = toTicketJSON(&page.Tickets[i], now)
		}
		if err := a.printJSON(out); err != nil {
			return err
		}
	} else {
		printTicketTable(a.stdout, page.Tickets, now)
	}
	if page.Next != "" {
		fmt.Fprintln(a.stderr, "next:", page.Next)
	}
	return nil
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
				return fmt.Errorf("--status: %v, open, overdue or all", err)
			}
			f.Statuses = append(f.Statuses, st)
		}
	}
	return nil
}

func printTicketTable(w io.Writer, ts []tickets.Ticket, now time.Time) {
	if len(ts) == 0 {
		fmt.Fprintln(w, "no tickets")
		return
	}
	fmt.Fprintf(w, "%6s  %-2s %-8s %5s  %-24s %-18s %-40s %s\n", "#", "P", "STATUS", "AGE", "REQUESTER", "CATEGORY", "TITLE", "ASSIGNEE")
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
		fmt.Fprintf(w, "%6d%s %-2s %-8s %5s  %s %s %s %s\n", t.ID, mark, priorityCode(t.Priority), t.Status, age(now.Sub(t.CreatedAt)),
			pad(req, 24), pad(t.Category, 18), pad(t.Title, 40), text.SanitizeLine(t.Assignee))
	}
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

func runTicketShow(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket show", "hotline ticket show N [--json]", "Show a ticket with its follow-ups and linked articles.")
	asJSON := fs.Bool("json", false, "print JSON")
	id, err := a.parseOneID(ctx, fs, args, "ticket")
	if err != nil {
		return err
	}
	t, err := a.tickets.Get(ctx, id)
	if err != nil {
		return err
	}
	comments, err := a.tickets.Followups(ctx, id)
	if err != nil {
		return err
	}
	links, err := a.tickets.Links(ctx, id)
	if err != nil {
		return err
	}
	articles := make([]linkedArticleJSON, 0, len(links))
	for _, l := range links {
		ref := linkedArticleJSON{ID: l.ArticleID, LinkedBy: l.LinkedBy, LinkedAt: rfc3339(l.LinkedAt)}
		if art, err := a.kb.Get(ctx, l.ArticleID); err == nil {
			ref.Title, ref.Kind, ref.URL = art.Title, string(art.Kind), art.URL
		}
		articles = append(articles, ref)
	}
	now := time.Now()
	if *asJSON {
		out := ticketDetailJSON{ticketJSON: toTicketJSON(t, now), Comments: []commentJSON{}, Articles: articles}
		for _, c := range comments {
			out.Comments = append(out.Comments, commentJSON{ID: c.ID, Author: c.Author, Body: c.Body, Private: c.Private, CreatedAt: rfc3339(c.CreatedAt)})
		}
		return a.printJSON(out)
	}
	printTicket(a.stdout, t, comments, articles, now)
	return nil
}

func printTicket(w io.Writer, t *tickets.Ticket, comments []tickets.Followup, articles []linkedArticleJSON, now time.Time) {
	line := text.SanitizeLine
	fmt.Fprintf(w, "#%d  %s\n", t.ID, line(t.Title))
	fmt.Fprintf(w, "status %s · priority %s (%s; urgency %d, impact %d) · %s · version %d\n",
		t.Status, priorityCode(t.Priority), tickets.PriorityLabel(t.Priority), t.Urgency, t.Impact, line(t.Category), t.Version)
	assignee := t.Assignee
	if assignee == "" {
		assignee = "(unassigned)"
	}
	fmt.Fprintf(w, "assignee %s · tags %s\n", line(assignee), line(strings.Join(t.Tags, " ")))
	fmt.Fprintf(w, "requester %s · %s · %s · %s\n", line(t.Requester.Name), line(t.Requester.Service), line(t.Requester.Email), line(t.Requester.Phone))
	fmt.Fprintf(w, "connection %s · device %s\n", t.Connection, line(t.Device))
	due := "due " + t.DueAt.Local().Format("2006-01-02 15:04")
	if t.Overdue(now) {
		due += " — OVERDUE"
	}
	fmt.Fprintf(w, "created %s · updated %s · %s\n\n", t.CreatedAt.Local().Format("2006-01-02 15:04"), t.UpdatedAt.Local().Format("2006-01-02 15:04"), due)
	fmt.Fprintln(w, text.Sanitize(t.Description))
	for _, c := range comments {
		kind := ""
		if c.Private {
			kind = " (private)"
		}
		fmt.Fprintf(w, "\n— %s, %s%s\n%s\n", line(c.Author), c.CreatedAt.Local().Format("2006-01-02 15:04"), kind, text.Sanitize(c.Body))
	}
	if len(articles) > 0 {
		fmt.Fprintln(w, "\nLinked articles:")
		for _, ar := range articles {
			fmt.Fprintf(w, "  [%d] %s  %s\n", ar.ID, line(ar.Title), line(ar.URL))
		}
	}
}

func runTicketHistory(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket history", "hotline ticket history N [--json]", "Show every change made to a ticket: who, when, which field, old and new value.")
	asJSON := fs.Bool("json", false, "print a JSON array")
	id, err := a.parseOneID(ctx, fs, args, "ticket")
	if err != nil {
		return err
	}
	changes, err := a.tickets.History(ctx, id)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]changeJSON, len(changes))
		for i, c := range changes {
			out[i] = changeJSON{At: rfc3339(c.At), Actor: c.Actor, Field: c.Field, Old: c.Old, New: c.New}
		}
		return a.printJSON(out)
	}
	for _, c := range changes {
		fmt.Fprintf(a.stdout, "%s  %-12s %s", c.At.Local().Format("2006-01-02 15:04"), text.SanitizeLine(c.Actor), c.Field)
		switch {
		case c.Old == "" && c.New != "":
			fmt.Fprintf(a.stdout, ": %s", text.Truncate(text.SanitizeLine(c.New), 60))
		case c.Old != "" || c.New != "":
			fmt.Fprintf(a.stdout, ": %s → %s", text.Truncate(text.SanitizeLine(c.Old), 40), text.Truncate(text.SanitizeLine(c.New), 40))
		}
		fmt.Fprintln(a.stdout)
	}
	return nil
}

func runTicketUpdate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket update", "hotline ticket update N [flags]",
		"Change a ticket. With --if-version V the change is applied only if the ticket is\nstill at version V (as printed by show --json), so two technicians never silently\noverwrite each other.")
	var status, assignee, priority, category, title, description, connection, device optionalString
	var urgency, impact optionalInt
	var addTags, removeTags stringList
	fs.Var(&status, "status", "new, assigned, planned, pending, solved or closed")
	fs.Var(&assignee, "assignee", "technician (\"\" to unassign, \"me\" for --user)")
	fs.Var(&urgency, "urgency", "1-5")
	fs.Var(&impact, "impact", "1-5")
	fs.Var(&priority, "priority", "\"major\" to force priority 6, \"auto\" to go back to the matrix")
	fs.Var(&category, "category", "category")
	fs.Var(&title, "title", "title")
	fs.Var(&description, "description", "description")
	fs.Var(&connection, "connection", "home, 4g, vpn, office or unknown")
	fs.Var(&device, "device", "device")
	fs.Var(&addTags, "add-tag", "add a tag (repeatable)")
	fs.Var(&removeTags, "remove-tag", "remove a tag (repeatable)")
	ifVersion := fs.Int64("if-version", 0, "apply only if the ticket is at this version")
	asJSON := fs.Bool("json", false, "print the updated ticket as JSON")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	id, err := argID(fs, "ticket")
	if err != nil {
		return err
	}
	var p tickets.Patch
	if status.set {
		st, err := tickets.ParseStatus(status.value)
		if err != nil {
			return usageErrorf("ticket update: --status: %v", err)
		}
		p.Status = &st
	}
	if assignee.set {
		v := assignee.value
		if v == "me" {
			v = a.user()
		}
		p.Assignee = &v
	}
	if urgency.set {
		p.Urgency = &urgency.value
	}
	if impact.set {
		p.Impact = &impact.value
	}
	if priority.set {
		var major bool
		switch strings.ToLower(priority.value) {
		case "major", "6":
			major = true
		case "auto", "matrix":
		default:
			return usageErrorf("ticket update: --priority %q: use major (forces priority 6) or auto (from urgency × impact)", priority.value)
		}
		p.Major = &major
	}
	if category.set {
		p.Category = &category.value
	}
	if title.set {
		p.Title = &title.value
	}
	if description.set {
		p.Description = &description.value
	}
	if connection.set {
		c := tickets.Connection(connection.value)
		p.Connection = &c
	}
	if device.set {
		p.Device = &device.value
	}
	p.AddTags, p.RemoveTags = addTags, removeTags
	if p.Empty() {
		return usageErrorf("ticket update: nothing to change: give at least one of --status, --assignee, --urgency, --impact, --priority, --category, --title, --add-tag, --remove-tag…")
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	t, err := a.tickets.Update(ctx, id, *ifVersion, p, a.user())
	if err != nil {
		return err
	}
	if *asJSON {
		return a.printJSON(toTicketJSON(t, time.Now()))
	}
	fmt.Fprintf(a.stdout, "#%d updated: status %s, priority %s, assignee %s, version %d\n", t.ID, t.Status, priorityCode(t.Priority), text.SanitizeLine(orDash(t.Assignee)), t.Version)
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runTicketComment(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket comment", "hotline ticket comment N --text T [--private]",
		"Add a follow-up to a ticket. --text - reads it from standard input.")
	body := fs.String("text", "", "the comment (- for standard input)")
	private := fs.Bool("private", false, "visible to technicians only")
	asJSON := fs.Bool("json", false, "print the comment as JSON")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	id, err := argID(fs, "ticket")
	if err != nil {
		return err
	}
	if *body == "-" {
		data, err := io.ReadAll(io.LimitReader(a.stdin, tickets.MaxCommentLen+1))
		if err != nil {
			return fmt.Errorf("read comment from standard input: %w", err)
		}
		*body = string(data)
	}
	if strings.TrimSpace(*body) == "" {
		return usageErrorf("ticket comment: give the comment with --text \"...\" (or --text - to read standard input)")
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	c, err := a.tickets.Comment(ctx, id, a.user(), *body, *private)
	if err != nil {
		return err
	}
	if *asJSON {
		return a.printJSON(commentJSON{ID: c.ID, Author: c.Author, Body: c.Body, Private: c.Private, CreatedAt: rfc3339(c.CreatedAt)})
	}
	fmt.Fprintf(a.stdout, "comment %d added to #%d\n", c.ID, id)
	return nil
}
