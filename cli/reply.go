package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"hotline/internal/text"
	"hotline/replies"
)

// The team's canned replies (files in replies/ beside the config), the same
// the interface offers with T.
func newReplyCmd(e *env) *cobra.Command {
	return group("reply", "list, add and remove the team's canned replies",
		newReplyListCmd(e),
		newReplyAddCmd(e),
		newReplyRemoveCmd(e),
	)
}

func newReplyListCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Args:  noArgs,
		Short: "list the canned replies (name, language, title)",
		Long:  "List the canned replies kept in the replies/ folder beside the config; a file that cannot be read is named.",
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		book := e.core.Replies()
		list, bad := book.List()
		for _, err := range bad {
			fmt.Fprintf(e.stderr, "hotline: reply list: %s\n", text.SanitizeLine(e.explain(err)))
		}
		if len(list) == 0 {
			fmt.Fprintf(e.stdout, e.t.T("reply.none"), book.Dir)
			return nil
		}
		for _, r := range list {
			lang := r.Lang
			if lang == "" {
				lang = "*"
			}
			fmt.Fprintf(e.stdout, "%s  %-2s  %s\n", pad(r.Name, 30), lang, r.Title)
		}
		return nil
	}
	return cmd
}

func newReplyAddCmd(e *env) *cobra.Command {
	var title, lang, body string
	cmd := &cobra.Command{
		Use:   "add --title T --text T [--lang fr|en]",
		Args:  noArgs,
		Short: "add a canned reply",
		Long: "Add a canned reply. The text may use {" + strings.Join(replies.Variables, "} {") + "},\n" +
			"filled for the ticket when the reply is put into a comment.",
	}
	cmd.Flags().StringVar(&title, "title", "", "how the reply is found (required)")
	cmd.Flags().StringVar(&body, "text", "", "the reply (required)")
	cmd.Flags().StringVar(&lang, "lang", "", "fr or en; empty: both languages")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		title, body = strings.TrimSpace(title), strings.TrimSpace(body)
		switch {
		case title == "" || body == "":
			return usageT("usage.reply.required")
		case lang != "" && lang != "fr" && lang != "en":
			return usageT("usage.reply.lang", lang)
		}
		all := map[string]string{}
		for _, v := range replies.Variables {
			all[v] = "x"
		}
		if _, err := replies.Expand(body, all); err != nil {
			return usageT("usage.reply.text", err, strings.Join(replies.Variables, "} {"))
		}
		book := e.core.Replies()
		r := replies.Reply{Name: book.NameFor(title), Title: title, Lang: lang, Body: body}
		if err := book.Save(r); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, e.t.T("reply.added"), r.Name, book.Path(r.Name))
		return nil
	}
	return cmd
}

func newReplyRemoveCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rm NAME",
		Args:  exactArgs(1),
		Short: "remove a canned reply (its name as reply list prints it)",
		Long:  "Remove a canned reply: its file is deleted.",
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := e.core.Replies().Delete(args[0]); err != nil {
			if errors.Is(err, replies.ErrNotFound) {
				return failT("err.reply.notfound", args[0])
			}
			return err
		}
		fmt.Fprintf(e.stdout, e.t.T("reply.removed"), args[0])
		return nil
	}
	return cmd
}
