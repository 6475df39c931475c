package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"hotline/internal/i18n"
	"hotline/internal/text"
	"hotline/kb"
)

func newKBCmd(e *env) *cobra.Command {
	return group("kb", "import, search, list, show and add knowledge-base articles",
		newKBImportCmd(e),
		newKBSearchCmd(e),
		newKBListCmd(e),
		newKBShowCmd(e),
		newKBAddCmd(e),
		newKBDeleteCmd(e),
	)
}

func newKBImportCmd(e *env) *cobra.Command {
	var prune, asJSON, follow bool
	var collection string
	cmd := &cobra.Command{
		Use:   "import DIR... [--collection NAME] [--prune] [--follow-symlinks] [--json]",
		Short: "import tutorials (.md) and video transcripts (.vtt, .srt) from folders",
		Long: "Import every *.md file under the folders as an article, with the .vtt or .srt file of\n" +
			"the same name as its transcript (a transcript alone becomes a video). Articles belong\n" +
			"to a collection, named after the folder unless --collection is given, and are keyed by\n" +
			"collection and path: another folder with the same collection and path is reported, not\n" +
			"merged. Re-importing is safe: unchanged files are skipped, changed ones updated in place\n" +
			"(links to tickets kept). Files that disappeared are listed, and archived with --prune.\n" +
			"Only regular files are read; symbolic links are reported, not followed. A bad file is\n" +
			"reported as path:line: reason and the others are imported; the exit code is 1 then.",
	}
	cmd.Flags().BoolVar(&prune, "prune", false, "archive the articles whose file disappeared")
	cmd.Flags().StringVar(&collection, "collection", "", "collection of the imported articles (default: each folder's name)")
	cmd.Flags().BoolVar(&follow, "follow-symlinks", false, "import the files that symbolic links point to inside the folder")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if len(args) == 0 {
			return usageT("usage.kb.import.folder")
		}
		if collection != "" {
			if err := kb.ValidCollection(collection); err != nil {
				return usageT("usage.kb.import.collection", collection, &kbWorded{err: err, bare: true})
			}
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		rep, err := e.core.KB().ImportDirs(ctx, args, kb.ImportOptions{Prune: prune, Collection: collection, FollowSymlinks: follow})
		var ve *kb.ValidationError
		if errors.As(err, &ve) && ve.Field == "collection" {
			// The folder's name does not make a collection.
			return &kbWorded{err: err, advice: msgID("kb.import.namecollection")}
		}
		if err != nil {
			return err
		}
		if asJSON {
			type fileErr struct {
				Path   string `json:"path"`
				Line   int    `json:"line,omitempty"`
				Reason string `json:"reason"`
			}
			out := struct {
				Added     int       `json:"added"`
				Updated   int       `json:"updated"`
				Unchanged int       `json:"unchanged"`
				Failed    int       `json:"failed"`
				Errors    []fileErr `json:"errors"`
				Missing   []string  `json:"missing"`
				Archived  int       `json:"archived"`
			}{rep.Added, rep.Updated, rep.Unchanged, rep.Failed, []fileErr{}, rep.Missing, rep.Archived}
			if out.Missing == nil {
				out.Missing = []string{}
			}
			english := i18n.New(i18n.English, words) // JSON does not change with the language
			for _, fe := range rep.Errors {
				out.Errors = append(out.Errors, fileErr{filepath.Join(fe.Dir, fe.Path), fe.Line, importReason(english, fe)})
			}
			if err := e.printJSON(out); err != nil {
				return err
			}
		} else {
			for _, fe := range rep.Errors {
				fe.Path, fe.Reason = filepath.Join(fe.Dir, fe.Path), importReason(e.t, fe)
				fmt.Fprintln(e.stderr, text.SanitizeLine(fe.Error()))
			}
			for _, m := range rep.Missing {
				state := e.t.T("kb.import.prune")
				if prune {
					state = e.t.T("kb.import.pruned")
				}
				fmt.Fprintf(e.stdout, "%s: %s\n", text.SanitizeLine(m), state)
			}
			fmt.Fprintf(e.stdout, e.t.T("kb.import.summary"), rep.Added, rep.Updated, rep.Unchanged, rep.Failed)
			if len(rep.Missing) > 0 {
				fmt.Fprintf(e.stdout, e.t.T("kb.import.missing"), len(rep.Missing))
				if prune {
					fmt.Fprintf(e.stdout, e.t.T("kb.import.archived"), rep.Archived)
				}
			}
			fmt.Fprintln(e.stdout)
		}
		if rep.Failed > 0 {
			return errReported
		}
		return nil
	}
	return cmd
}

// kindFlag validates --kind.
func kindFlag(s string) (kb.Kind, error) {
	if s == "" {
		return "", nil
	}
	k, err := kb.ParseKind(s)
	if err != nil {
		return "", usageT("usage.kb.kind", s)
	}
	return k, nil
}

// resultJSON is a search hit or a suggestion. Snippets mark matched words
// with [ ] in JSON and when stdout is not a terminal.
type resultJSON struct {
	ID      int64    `json:"id"`
	Title   string   `json:"title"`
	Kind    string   `json:"kind"`
	Tags    []string `json:"tags"`
	URL     string   `json:"url"`
	Score   float64  `json:"score"`
	Snippet string   `json:"snippet"`
	At      *float64 `json:"at"`
	Reason  string   `json:"reason,omitempty"`
}

func toResultsJSON(rs []kb.Result) []resultJSON {
	out := make([]resultJSON, 0, len(rs))
	for _, r := range rs {
		tags := r.Tags
		if tags == nil {
			tags = []string{}
		}
		out = append(out, resultJSON{ID: r.ID, Title: r.Title, Kind: string(r.Kind), Tags: tags, URL: r.URL,
			Score: float64(int(r.Score*1000+0.5)) / 1000, Snippet: plainSnippet(r.Snippet), At: r.At, Reason: r.Reason})
	}
	return out
}

func plainSnippet(s string) string {
	return strings.NewReplacer(kb.SnippetOpen, "[", kb.SnippetClose, "]").Replace(s)
}

// isTerminal reports whether w is a terminal that may receive styles.
func (e *env) isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && !e.flags.noColor
}

// printResults prints search hits or suggestions: number, kind, title, the
// moment of a video, the reason, the snippet and the link. Everything from
// the data is sanitised, the highlight markers are turned into bold on a
// terminal and brackets elsewhere.
func (e *env) printResults(rs []kb.Result) {
	open, close := "[", "]"
	if e.isTerminal(e.stdout) {
		open, close = "\x1b[1m", "\x1b[22m"
	}
	line := text.SanitizeLine
	for _, r := range rs {
		at := ""
		if r.At != nil {
			at = " @ " + clock(time.Duration(*r.At*float64(time.Second)))
		}
		fmt.Fprintf(e.stdout, "#%-5d %-8s %s%s\n", r.ID, r.Kind, line(r.Title), at)
		if r.Reason != "" {
			fmt.Fprintf(e.stdout, "       %s\n", line(r.Reason))
		}
		if r.Snippet != "" {
			snip := strings.NewReplacer(kb.SnippetOpen, open, kb.SnippetClose, close).Replace(line(r.Snippet))
			fmt.Fprintf(e.stdout, "       %s\n", snip)
		}
		if r.URL != "" {
			fmt.Fprintf(e.stdout, "       %s\n", line(r.URL))
		}
	}
}

// clock writes a video position as 1:33 or 1:02:03.
func clock(d time.Duration) string {
	s := int(d.Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func newKBSearchCmd(e *env) *cobra.Command {
	var kindS, tag string
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "search QUERY [--kind tutorial|video] [--tag T] [--limit N] [--json]",
		Short: "search the knowledge base as a technician types",
		Long: "Search tutorials, videos and transcripts. Accents, case and one typo per word do not\n" +
			"matter, the last word may be cut, and a question or English jargon works too. Matched\n" +
			"words are in bold on a terminal and between [ ] otherwise (and in JSON).",
	}
	f := cmd.Flags()
	f.StringVar(&kindS, "kind", "", "tutorial or video")
	f.StringVar(&tag, "tag", "", "only articles with this tag")
	f.IntVar(&limit, "limit", 20, "number of results")
	f.BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		query := strings.Join(args, " ")
		if strings.TrimSpace(query) == "" {
			return usageT("usage.kb.search.words")
		}
		kind, err := kindFlag(kindS)
		if err != nil {
			return err
		}
		if limit <= 0 {
			return usageT("usage.limit.positive", "kb search")
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		rs, err := e.core.KB().Search(ctx, query, kb.SearchOptions{Kind: kind, Tag: tag, Limit: limit})
		if err != nil {
			return err
		}
		if asJSON {
			return e.printJSON(toResultsJSON(rs))
		}
		if len(rs) == 0 {
			fmt.Fprintln(e.stderr, e.t.T("kb.none"))
			return nil
		}
		e.printResults(rs)
		return nil
	}
	return cmd
}

// articleJSON is an article as `kb list --json` and `kb show --json` print
// it; show adds the body and the transcript.
type articleJSON struct {
	ID         int64          `json:"id"`
	Kind       string         `json:"kind"`
	Title      string         `json:"title"`
	Tags       []string       `json:"tags"`
	URL        string         `json:"url"`
	Duration   float64        `json:"duration"` // seconds
	Lang       string         `json:"lang"`
	Source     string         `json:"source"`
	Collection string         `json:"collection"`
	Key        string         `json:"key,omitempty"`
	Archived   bool           `json:"archived,omitempty"`
	Verified   *string        `json:"verified"`
	CreatedAt  string         `json:"created_at"`
	UpdatedAt  string         `json:"updated_at"`
	Body       *string        `json:"body,omitempty"`
	Transcript *[]segmentJSON `json:"transcript,omitempty"`
}

type segmentJSON struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	Text  string  `json:"text"`
}

func toArticleJSON(ar *kb.Article, full bool) articleJSON {
	out := articleJSON{ID: ar.ID, Kind: string(ar.Kind), Title: ar.Title, Tags: ar.Tags, URL: ar.URL,
		Duration: ar.Duration.Seconds(), Lang: ar.Lang, Source: ar.Source, Collection: ar.Collection, Key: ar.Key(), Archived: ar.Archived,
		CreatedAt: ar.CreatedAt.UTC().Format(time.RFC3339), UpdatedAt: ar.UpdatedAt.UTC().Format(time.RFC3339)}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if ar.Verified != nil {
		v := ar.Verified.Format("2006-01-02")
		out.Verified = &v
	}
	if full {
		body := ar.Body
		out.Body = &body
		tr := make([]segmentJSON, 0, len(ar.Transcript))
		for _, s := range ar.Transcript {
			tr = append(tr, segmentJSON{s.Start.Seconds(), s.End.Seconds(), s.Text})
		}
		out.Transcript = &tr
	}
	return out
}

func newKBListCmd(e *env) *cobra.Command {
	var kindS, tag string
	var limit int
	var after string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--kind tutorial|video] [--tag T] [--limit N] [--after CURSOR] [--json]",
		Short: "list articles by number, a page at a time",
		Long: "List articles by number, 50 at a time. The cursor of the next page is printed on\n" +
			"standard error as `next: CURSOR`; pass it back with --after. --limit 0 lists them all.",
	}
	f := cmd.Flags()
	f.StringVar(&kindS, "kind", "", "tutorial or video")
	f.StringVar(&tag, "tag", "", "only articles with this tag")
	f.IntVar(&limit, "limit", 50, "articles per page (0 for all)")
	f.StringVar(&after, "after", "", "cursor from the previous page")
	f.BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if len(args) > 0 {
			return usageT("usage.noargs", "kb list", args[0], "hotline kb list")
		}
		kind, err := kindFlag(kindS)
		if err != nil {
			return err
		}
		if err := checkLimit("kb list", limit, 1000); err != nil {
			return err
		}
		if _, err := idCursor("kb list", after); err != nil {
			return err
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		arts, next, err := pages(limit, 1000, after, func(after string, limit int) ([]kb.Article, string, error) {
			id, _ := idCursor("kb list", after)
			arts, err := e.core.KB().List(ctx, kb.ListOptions{Kind: kind, Tag: tag, Limit: limit, AfterID: id})
			if err != nil || len(arts) < limit {
				return arts, "", err
			}
			return arts, strconv.FormatInt(arts[len(arts)-1].ID, 10), nil
		})
		if err != nil {
			return err
		}
		defer e.printNext(next)
		if asJSON {
			out := make([]articleJSON, 0, len(arts))
			for i := range arts {
				out = append(out, toArticleJSON(&arts[i], false))
			}
			return e.printJSON(out)
		}
		line := text.SanitizeLine
		for _, ar := range arts {
			dur := ""
			if ar.Duration > 0 {
				dur = " (" + clock(ar.Duration) + ")"
			}
			fmt.Fprintf(e.stdout, "#%-5d %-8s %s%s  %s\n", ar.ID, ar.Kind, line(ar.Title), dur, line(strings.Join(ar.Tags, " ")))
		}
		return nil
	}
	return cmd
}

func newKBShowCmd(e *env) *cobra.Command {
	return e.showCmd(&cobra.Command{
		Use:   "show ID [--json]",
		Short: "show an article (Markdown) or, with --json, with its transcript",
		Long:  "Show an article's Markdown, or with --json its fields, body and transcript.",
	}, "article", "print JSON with the body and the transcript", func(ctx context.Context, id int64, asJSON bool) error {
		ar, err := e.core.KB().Get(ctx, id)
		if err != nil {
			return err
		}
		if asJSON {
			return e.printJSON(toArticleJSON(ar, true))
		}
		line := text.SanitizeLine
		fmt.Fprintf(e.stdout, "#%d  %s\n", ar.ID, line(ar.Title))
		meta := []string{string(ar.Kind)}
		if ar.Duration > 0 {
			meta = append(meta, clock(ar.Duration))
		}
		if len(ar.Tags) > 0 {
			meta = append(meta, e.t.F("kb.show.tags", line(strings.Join(ar.Tags, " "))))
		}
		if ar.Verified != nil {
			meta = append(meta, e.t.F("kb.show.verified", ar.Verified.Format("2006-01-02")))
		}
		meta = append(meta, e.t.F("kb.show.collection", line(ar.Collection)))
		if ar.Source != "" {
			meta = append(meta, e.t.F("kb.show.from", line(ar.Source)))
		}
		if ar.Archived {
			meta = append(meta, e.t.T("kb.show.archived"))
		}
		fmt.Fprintln(e.stdout, strings.Join(meta, " · "))
		if ar.URL != "" {
			fmt.Fprintln(e.stdout, line(ar.URL))
		}
		if ar.Body != "" {
			fmt.Fprintf(e.stdout, "\n%s\n", text.Sanitize(ar.Body))
		}
		if len(ar.Transcript) > 0 {
			fmt.Fprintln(e.stdout, e.t.T("kb.transcript"))
			for _, s := range ar.Transcript {
				fmt.Fprintf(e.stdout, "[%s] %s\n", clock(s.Start), line(s.Text))
			}
		}
		return nil
	})
}

func newKBAddCmd(e *env) *cobra.Command {
	var ar kb.Article
	var kindS, dur string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add --title T [--kind tutorial|video] [--url U] [--duration 3m20s] [--tag T]... [--lang fr] < body.md",
		Short: "add an article written by hand, its body read from standard input",
		Long:  "Add an article written by hand; its Markdown body is read from standard input.",
	}
	f := cmd.Flags()
	f.StringVar(&ar.Title, "title", "", "title (default: the first # heading of the body)")
	f.StringVar(&kindS, "kind", "", "tutorial (default) or video")
	f.StringVar(&ar.URL, "url", "", "link or local file of the tutorial or video")
	f.StringVar(&dur, "duration", "", "length of a video: 3m20s or 03:20")
	f.StringArrayVar(&ar.Tags, "tag", nil, "tag (repeatable)")
	f.StringVar(&ar.Lang, "lang", "fr", "language")
	f.BoolVar(&asJSON, "json", false, "print the article as JSON")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if len(args) > 0 {
			return usageT("usage.kb.add.arg", args[0])
		}
		kind, err := kindFlag(kindS)
		if err != nil {
			return err
		}
		ar.Kind = kind
		if dur != "" {
			if ar.Duration, err = kb.ParseDuration(dur); err != nil {
				return usageT("usage.cause", "kb add: --duration", &kbWorded{err: err, bare: true})
			}
		}
		if e.stdinTerminal {
			fmt.Fprintln(e.stderr, e.t.T("kb.add.typing"))
		}
		body, err := io.ReadAll(io.LimitReader(e.stdin, kb.MaxBodyLen+1))
		if err != nil {
			return fmt.Errorf("kb add: read body: %w", err)
		}
		ar.Body = strings.TrimSpace(string(body))
		if ar.Body == "" {
			return usageT("usage.kb.add.empty")
		}
		if strings.TrimSpace(ar.Title) == "" {
			ar.Title = kb.TitleOf(ar.Body)
		}
		if strings.TrimSpace(ar.Title) == "" {
			return usageT("usage.kb.add.title")
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		ar.Author = e.core.User()
		added, err := e.core.KB().Add(ctx, ar)
		if err != nil {
			var ve *kb.ValidationError
			if errors.As(err, &ve) {
				return usageT("usage.cause", "kb add", &kbWorded{err: ve})
			}
			return err
		}
		if asJSON {
			return e.printJSON(toArticleJSON(added, false))
		}
		fmt.Fprintf(e.stdout, e.t.T("kb.added"), added.ID, text.SanitizeLine(added.Title))
		return nil
	}
	return cmd
}

// ticketArticleArgs reads "N ID" of ticket link / unlink.
func ticketArticleArgs(cmd *cobra.Command, args []string) (ticket, article int64, err error) {
	if len(args) != 2 {
		return 0, 0, usageT("usage.kb.link", name(cmd), cmd.CommandPath())
	}
	if ticket, err = parseID(args[0], "ticket"); err != nil {
		return 0, 0, err
	}
	if article, err = parseID(args[1], "article"); err != nil {
		return 0, 0, err
	}
	return ticket, article, nil
}

func newTicketLinkCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "link N ID",
		Short: "link a knowledge-base article to a ticket",
		Long:  "Link knowledge-base article ID to ticket N (recorded in its history).",
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			tid, aid, err := ticketArticleArgs(cmd, args)
			if err != nil {
				return err
			}
			if err := e.open(ctx); err != nil {
				return err
			}
			ar, err := e.core.KB().Get(ctx, aid)
			if err != nil {
				return err
			}
			if err := e.core.Tickets().Link(ctx, tid, aid, e.core.User()); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("kb.linked"), aid, text.SanitizeLine(ar.Title), tid)
			return nil
		},
	}
}

func newTicketUnlinkCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "unlink N ID",
		Short: "remove the link between a ticket and an article",
		Long:  "Remove the link between ticket N and article ID.",
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			tid, aid, err := ticketArticleArgs(cmd, args)
			if err != nil {
				return err
			}
			if err := e.open(ctx); err != nil {
				return err
			}
			// An archived article may still be linked: unlinking it must
			// work, so only an id that never existed is refused.
			ok, err := e.core.KB().Exists(ctx, aid)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("article %d: %w", aid, kb.ErrNotFound)
			}
			if err := e.core.Tickets().Unlink(ctx, tid, aid, e.core.User()); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("kb.unlinked"), aid, tid)
			return nil
		},
	}
}

func newTicketSuggestCmd(e *env) *cobra.Command {
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "suggest N [--limit N] [--json]",
		Short: "suggest the articles most likely to solve a ticket",
		Long: "Suggest the articles most likely to solve ticket N, from its title, description,\n" +
			"category and tags, and from the articles that solved similar tickets.",
	}
	cmd.Flags().IntVar(&limit, "limit", 5, "number of suggestions")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		id, err := argID(cmd, args, "ticket")
		if err != nil {
			return err
		}
		if limit <= 0 {
			return usageT("usage.limit.positive", "ticket suggest")
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		t, err := e.core.Tickets().Get(ctx, id)
		if err != nil {
			return err
		}
		rs, err := e.core.KB().Suggest(ctx, kb.SuggestInput{TicketID: t.ID, Title: t.Title, Description: t.Description, Category: t.Category, Tags: t.Tags}, limit)
		if err != nil {
			return err
		}
		if asJSON {
			return e.printJSON(toResultsJSON(rs))
		}
		if len(rs) == 0 {
			fmt.Fprintln(e.stderr, e.t.T("kb.nosuggest"))
			return nil
		}
		e.printResults(rs)
		return nil
	}
	return cmd
}

// newKBDeleteCmd deletes an article created by mistake: only an admin or
// the technician who wrote it in Hotline may (app.ArticleDesk, the
// interface's rule too); the tickets it was sent with lose the link and
// their history names it.
func newKBDeleteCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "rm ID",
		Aliases: []string{"delete"},
		Short:   "delete an article created by mistake (an admin or its author)",
		Long: "Delete an article created by mistake, with its transcript and search entries. The tickets\n" +
			"it was linked to lose the link and their history names it; a problem pointing to it loses its\n" +
			"article. Only an admin or the technician who wrote it in Hotline may (imported articles: an\n" +
			"admin). An article from a file comes back at the next import unless the file is removed.",
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		id, err := e.openForID(cmd, args, "article")
		if err != nil {
			return err
		}
		n, err := e.core.ArticleDesk().DeleteArticle(cmd.Context(), id, e.core.User())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, e.t.T("kb.deleted"), id, n)
		return nil
	}
	return cmd
}
