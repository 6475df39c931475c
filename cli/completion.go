package cli

import (
	"context"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"hotline/internal/text"
	"hotline/tickets"
)

// Shell completion: cobra's `hotline completion bash|zsh|fish|powershell`
// prints the script; the values below are completed from the database
// and the config: categories, statuses, tags, technicians, ticket numbers.

// ticketArgCommands take ticket numbers as arguments.
var ticketArgCommands = map[string]bool{
	"ticket show": true, "ticket history": true, "ticket update": true, "ticket comment": true,
	"ticket link": true, "ticket unlink": true, "ticket suggest": true, "ticket similar": true,
}

// addCompletions registers the dynamic completions on every command that
// has the flag or the argument.
func (e *env) addCompletions(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		flags := map[string]cobra.CompletionFunc{
			"category":   e.completeCategories,
			"tag":        e.completeTags,
			"add-tag":    e.completeTags,
			"remove-tag": e.completeTags,
			"assignee":   e.completeTechnicians,
			"connection": fixed(connections()...),
		}
		if strings.HasPrefix(name(c), "ticket ") {
			flags["status"] = fixed(append(statuses(), "open", "overdue", "all")...)
		}
		if strings.HasPrefix(name(c), "problem ") {
			flags["status"] = fixed("open", "known", "solved", "closed", "all")
		}
		for flag, fn := range flags {
			if c.Flags().Lookup(flag) != nil {
				_ = c.RegisterFlagCompletionFunc(flag, fn)
			}
		}
		if ticketArgCommands[name(c)] && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = e.completeTicketNumbers
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func fixed(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

func statuses() []string {
	var out []string
	for _, s := range tickets.Statuses {
		out = append(out, string(s))
	}
	return out
}

func connections() []string {
	var out []string
	for _, c := range tickets.Connections {
		out = append(out, string(c))
	}
	return out
}

// openForCompletion opens the database only if it exists: completing a
// word never creates one.
func (e *env) openForCompletion(cmd *cobra.Command) bool {
	if e.load() != nil {
		return false
	}
	if _, err := os.Stat(e.core.DBPath()); err != nil {
		return false
	}
	return e.open(completionContext(cmd)) == nil
}

// completionContext is the command's context; cobra leaves it unset on
// the command being completed.
func completionContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

func (e *env) completeCategories(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if e.load() != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	cats := e.core.Config.Categories
	if len(cats) == 0 {
		cats = tickets.DefaultCategories
	}
	return cats, cobra.ShellCompDirectiveNoFileComp
}

func (e *env) completeTags(cmd *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if !e.openForCompletion(cmd) {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	rows, err := e.core.TagCounts(completionContext(cmd), prefix)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	out := make([]cobra.Completion, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.Tag)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func (e *env) completeTechnicians(cmd *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if !e.openForCompletion(cmd) {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	list, err := e.core.Tickets().Assignees(completionContext(cmd), prefix, 50)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	out := []cobra.Completion{"me"}
	for _, a := range list {
		out = append(out, cobra.CompletionWithDesc(a.Name, text.SanitizeLine(a.Display)))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeTicketNumbers offers the open tickets, highest priority first,
// with their titles.
func (e *env) completeTicketNumbers(cmd *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 || !e.openForCompletion(cmd) {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	page, err := e.core.Tickets().List(completionContext(cmd), tickets.Filter{Statuses: tickets.OpenStatuses}, tickets.SortPriority, 100, "")
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	out := make([]cobra.Completion, 0, len(page.Tickets))
	for _, t := range page.Tickets {
		out = append(out, cobra.CompletionWithDesc(strconv.FormatInt(t.ID, 10), text.Truncate(text.SanitizeLine(t.Title), 60)))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
