package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"hotline/app"
	"hotline/internal/text"
	"hotline/tickets"
)

func newTicketBulkCmd(e *env) *cobra.Command {
	var ids, status, assignee, category, comment string
	var tagEdits []string
	var article int64
	var private, asJSON bool
	cmd := &cobra.Command{
		Use:   "bulk --ids 1,2,3 [--assignee X] [--status S] [--tag +a,-b] [--category C] [--comment T [--private]] [--article N]",
		Short: "change many tickets at once, all or nothing",
		Long: "Apply one change to several tickets in one transaction: assignee, status, tags,\n" +
			"category, a follow-up and a linked article. Either every ticket changes (each with\n" +
			"its history) or none does: an unknown ticket, an assignee not in the directory or a\n" +
			"status a ticket cannot take stops the whole change and names the ticket.\n" +
			"--tag +vpn,-urgent adds vpn and removes urgent (a tag without sign is added).\n" +
			"--ids - reads the numbers from standard input (one or more per line).",
	}
	f := cmd.Flags()
	f.StringVar(&ids, "ids", "", "ticket numbers: 1,2,3 (or - for standard input)")
	f.StringVar(&status, "status", "", "new, assigned, planned, pending, solved or closed")
	f.StringVar(&assignee, "assignee", "", "technician (\"\" to unassign, \"me\" for --user)")
	f.StringArrayVar(&tagEdits, "tag", nil, "+tag to add, -tag to remove; comma-separated or repeated")
	f.StringVar(&category, "category", "", "category")
	f.StringVar(&comment, "comment", "", "a follow-up added to every ticket")
	f.BoolVar(&private, "private", false, "the follow-up is visible to technicians only")
	f.Int64Var(&article, "article", 0, "link this knowledge-base article (its number) to every ticket")
	f.BoolVar(&asJSON, "json", false, "print the changed tickets as JSON")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		set := cmd.Flags().Changed
		if len(args) > 0 {
			return usageT("usage.bulk.args", strings.Join(args, ","))
		}
		if ids == "-" {
			data, err := io.ReadAll(io.LimitReader(e.stdin, 1<<20))
			if err != nil {
				return fmt.Errorf("read ticket numbers from standard input: %w", err)
			}
			ids = string(data)
		}
		nums, err := parseIDList(ids)
		if err != nil {
			return err
		}
		if err := e.load(); err != nil {
			return err
		}
		var c app.BulkChange
		if c.Status, err = statusFlag(set("status"), status); err != nil {
			return err
		}
		c.Assignee = e.assigneeFlag(set("assignee"), assignee)
		if set("category") {
			c.Category = &category
		}
		for _, edit := range tagEdits {
			for _, tag := range strings.Split(edit, ",") {
				tag = strings.TrimSpace(tag)
				switch {
				case tag == "" || tag == "+" || tag == "-":
				case strings.HasPrefix(tag, "-"):
					c.RemoveTags = append(c.RemoveTags, tag[1:])
				default:
					c.AddTags = append(c.AddTags, strings.TrimPrefix(tag, "+"))
				}
			}
		}
		c.Comment, c.Private, c.ArticleID = comment, private, article
		if private && strings.TrimSpace(comment) == "" {
			return usageT("usage.bulk.private")
		}
		if c.Empty() {
			return usageT("usage.bulk.nothing")
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		targets := make([]app.BulkTarget, len(nums))
		for i, n := range nums {
			targets[i] = app.BulkTarget{ID: n}
		}
		res, err := e.core.Bulk(ctx, targets, c)
		if err != nil {
			return bulkError(err)
		}
		if asJSON {
			out := make([]tickets.Record, len(res.Tickets))
			for i, t := range res.Tickets {
				out[i] = tickets.RecordAt(t, time.Now())
			}
			return e.printJSON(out)
		}
		fmt.Fprintln(e.stdout, bulkSummary(res, c))
		return nil
	}
	return cmd
}

// parseIDList reads "1,2,3", "#4 5" or one number per line.
func parseIDList(s string) ([]int64, error) {
	var out []int64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == ';' }) {
		n, err := strconv.ParseInt(strings.TrimPrefix(f, "#"), 10, 64)
		if err != nil || n <= 0 {
			return nil, usageT("usage.bulk.notid", f)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, usageT("usage.bulk.noids")
	}
	return out, nil
}

// bulkError adds to a refused bulk action what to do at a shell.
func bulkError(err error) error {
	var stale *app.BulkStaleError
	var tooMany *app.BulkTooManyError
	switch {
	case errors.As(err, &stale):
		return fmt.Errorf("%w (`hotline ticket history %d` shows the change)", err, stale.ID)
	case errors.As(err, &tooMany):
		return fmt.Errorf("%w: run it several times on parts of the list", err)
	}
	return err
}

// bulkSummary is one line: "3 tickets → ndiallo, status assigned, +vpn -urgent, comment, article 12: #1 #2 #3".
func bulkSummary(res *app.BulkResult, c app.BulkChange) string {
	var what []string
	if c.Assignee != nil {
		what = append(what, "→ "+text.SanitizeLine(orDash(*c.Assignee)))
	}
	if c.Status != nil {
		what = append(what, "status "+string(*c.Status))
	}
	if c.Category != nil {
		what = append(what, "category "+text.SanitizeLine(*c.Category))
	}
	var tags []string
	for _, t := range c.AddTags {
		tags = append(tags, "+"+text.SanitizeLine(t))
	}
	for _, t := range c.RemoveTags {
		tags = append(tags, "-"+text.SanitizeLine(t))
	}
	if len(tags) > 0 {
		what = append(what, "tags "+strings.Join(tags, " "))
	}
	if strings.TrimSpace(c.Comment) != "" {
		if c.Private {
			what = append(what, "private note")
		} else {
			what = append(what, "public follow-up")
		}
	}
	if res.Article != nil {
		what = append(what, fmt.Sprintf("article %d %q", res.Article.ID, text.SanitizeLine(res.Article.Title)))
	}
	nums := make([]string, len(res.Tickets))
	for i, t := range res.Tickets {
		nums[i] = "#" + strconv.FormatInt(t.ID, 10)
	}
	noun := "tickets"
	if len(res.Tickets) == 1 {
		noun = "ticket"
	}
	return fmt.Sprintf("%d %s %s: %s", len(res.Tickets), noun, strings.Join(what, ", "), strings.Join(nums, " "))
}
