package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"hotline/app"
	"hotline/internal/text"
	"hotline/tickets"
)

func newTagCmd(e *env) *cobra.Command {
	return group("tag", "list, rename and merge tags",
		newTagListCmd(e),
		newRetagCmd(e, false),
		newRetagCmd(e, true),
	)
}

func newTagListCmd(e *env) *cobra.Command {
	var prefix string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--prefix P] [--json]",
		Args:  noArgs,
		Short: "list tags with how many tickets and articles carry them",
		Long:  "List tags, most used first, with their ticket and article counts.",
	}
	cmd.Flags().StringVar(&prefix, "prefix", "", "only tags starting with this")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if err := e.open(ctx); err != nil {
			return err
		}
		rows, err := e.core.TagCounts(ctx, prefix)
		if err != nil {
			return err
		}
		if asJSON {
			if rows == nil {
				rows = []app.TagCount{}
			}
			return e.printJSON(rows)
		}
		if len(rows) == 0 {
			fmt.Fprintln(e.stdout, e.t.T("tag.none"))
			return nil
		}
		fmt.Fprintf(e.stdout, "%s %8s %8s\n", pad(e.t.T("col.tag"), 30), e.t.T("col.tickets"), e.t.T("col.articles"))
		for _, r := range rows {
			fmt.Fprintf(e.stdout, "%s %8d %8d\n", pad(r.Tag, 30), r.Tickets, r.Articles)
		}
		return nil
	}
	return cmd
}

func newRetagCmd(e *env, merge bool) *cobra.Command {
	verb, short, about := "rename", "rename a tag on every ticket and article (OLD NEW)",
		"Rename tag OLD to NEW on every ticket (with a history entry on each) and every\narticle. Refused if NEW is already used: merge them instead."
	if merge {
		verb, short, about = "merge", "merge tag A into tag B on every ticket and article (A B)",
			"Merge tag A into tag B: every ticket and article tagged A is tagged B instead\n(with a history entry on each ticket)."
	}
	return &cobra.Command{
		Use:   verb + " A B",
		Short: short,
		Long:  about,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			name := "tag " + verb
			if len(args) != 2 {
				return usageT("usage.tag.two", name, name)
			}
			from, into := args[0], args[1]
			if err := e.open(ctx); err != nil {
				return err
			}
			res, err := e.core.RetagTags(ctx, from, into, merge)
			var inUse *tickets.TagInUseError
			if errors.As(err, &inUse) {
				return err
			}
			if errors.Is(err, tickets.ErrNoSuchTag) {
				return usageT("usage.cause", name, err)
			}
			if err != nil {
				return err
			}
			n, m := res.Tickets, res.Articles
			fmt.Fprintf(e.stdout, e.t.T("tag.changed"), text.SanitizeLine(from), text.SanitizeLine(into), n, m)
			return nil
		},
	}
}
