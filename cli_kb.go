package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"hotline/internal/text"
	"hotline/kb"
)

func runKB(ctx context.Context, a *app, args []string) error {
	return runGroup(ctx, a, "kb", []subcommand{
		{"import", "import tutorials (.md) and video transcripts (.vtt, .srt) from folders", runKBImport},
		{"search", "search the knowledge base as a technician types", runKBSearch},
		{"list", "list articles by number, a page at a time", runKBList},
		{"show", "show an article (Markdown) or, with --json, with its transcript", runKBShow},
		{"add", "add an article written by hand, its body read from standard input", runKBAdd},
	}, args)
}

func runKBImport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("kb import", "hotline kb import DIR... [--collection NAME] [--prune] [--follow-symlinks] [--json]",
		"Import every *.md file under the folders as an article, with the .vtt or .srt file of\n"+
			"the same name as its transcript (a transcript alone becomes a video). Articles belong\n"+
			"to a collection, named after the folder unless --collection is given, and are keyed by\n"+
			"collection and path: another folder with the same collection and path is reported, not\n"+
			"merged. Re-importing is safe: unchanged files are skipped, changed ones updated in place\n"+
			"(links to tickets kept). Files that disappeared are listed, and archived with --prune.\n"+
			"Only regular files are read; symbolic links are reported, not followed. A bad file is\n"+
			"reported as path:line: reason and the others are imported; the exit code is 1 then.")
	prune := fs.Bool("prune", false, "archive the articles whose file disappeared")
	collection := fs.String("collection", "", "collection of the imported articles (default: each folder's name)")
	follow := fs.Bool("follow-symlinks", false, "import the files that symbolic links point to inside the folder")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("kb import: give at least one folder (run `hotline kb import --help`)")
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	rep, err := a.kb.ImportDirs(ctx, fs.Args(), kb.ImportOptions{Prune: *prune, Collection: *collection, FollowSymlinks: *follow})
	if err != nil {
		return err
	}
	if *asJSON {
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
		for _, e := range rep.Errors {
			out.Errors = append(out.Errors, fileErr{filepath.Join(e.Dir, e.Path), e.Line, e.Reason})
		}
		if err := a.printJSON(out); err != nil {
			return err
		}
	} else {
		for _, e := range rep.Errors {
			e.Path = filepath.Join(e.Dir, e.Path)
			fmt.Fprintln(a.stderr, text.SanitizeLine(e.Error()))
		}
		for _, m := range rep.Missing {
			state := "missing (run with --prune to archive)"
			if *prune {
				state = "missing, archived"
			}
			fmt.Fprintf(a.stdout, "%s: %s\n", text.SanitizeLine(m), state)
		}
		fmt.Fprintf(a.stdout, "kb import: %d added, %d updated, %d unchanged, %d failed", rep.Added, rep.Updated, rep.Unchanged, rep.Failed)
		if len(rep.Missing) > 0 {
			fmt.Fprintf(a.stdout, ", %d missing", len(rep.Missing))
			if *prune {
				fmt.Fprintf(a.stdout, " (%d archived)", rep.Archived)
			}
		}
		fmt.Fprintln(a.stdout)
	}
	if rep.Failed > 0 {
		return errReported
	}
	return nil
}

// kindFlag validates --kind.
func kindFlag(s string) (kb.Kind, error) {
	if s == "" {
		return "", nil
	}
	k, err := kb.ParseKind(s)
	if err != nil {
		return "", usageErrorf("--kind %q: use tutorial or video", s)
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
func (a *app) isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && !a.globals.noColor
}

// printResults prints search hits or suggestions: number, kind, title, the
// moment of a video, the reason, the snippet and the link. Everything from
// the data is sanitised, the highlight markers are turned into bold on a
// terminal and brackets elsewhere.
func (a *app) printResults(rs []kb.Result) {
	open, close := "[", "]"
	if a.isTerminal(a.stdout) {
		open, close = "\x1b[1m", "\x1b[22m"
	}
	line := text.SanitizeLine
	for _, r := range rs {
		at := ""
		if r.At != nil {
			at = " @ " + clock(time.Duration(*r.At*float64(time.Second)))
		}
		fmt.Fprintf(a.stdout, "#%-5d %-8s %s%s\n", r.ID, r.Kind, line(r.Title), at)
		if r.Reason != "" {
			fmt.Fprintf(a.stdout, "       %s\n", line(r.Reason))
		}
		if r.Snippet != "" {
			snip := strings.NewReplacer(kb.SnippetOpen, open, kb.SnippetClose, close).Replace(line(r.Snippet))
			fmt.Fprintf(a.stdout, "       %s\n", snip)
		}
		if r.URL != "" {
			fmt.Fprintf(a.stdout, "       %s\n", line(r.URL))
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

func runKBSearch(ctx context.Context, a *app, args []string) error {
	fs := a.flags("kb search", "hotline kb search QUERY [--kind tutorial|video] [--tag T] [--limit N] [--json]",
		"Search tutorials, videos and transcripts. Accents, case and one typo per word do not\n"+
			"matter, the last word may be cut, and a question or English jargon works too. Matched\n"+
			"words are in bold on a terminal and between [ ] otherwise (and in JSON).")
	kindS := fs.String("kind", "", "tutorial or video")
	tag := fs.String("tag", "", "only articles with this tag")
	limit := fs.Int("limit", 20, "number of results")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(query) == "" {
		return usageErrorf("kb search: give the words to search for (run `hotline kb search --help`)")
	}
	kind, err := kindFlag(*kindS)
	if err != nil {
		return err
	}
	if *limit <= 0 {
		return usageErrorf("kb search: --limit must be a positive number")
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	rs, err := a.kb.Search(ctx, query, kb.SearchOptions{Kind: kind, Tag: *tag, Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		return a.printJSON(toResultsJSON(rs))
	}
	if len(rs) == 0 {
		fmt.Fprintln(a.stderr, "no article found")
		return nil
	}
	a.printResults(rs)
	return nil
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

func runKBList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("kb list", "hotline kb list [--kind tutorial|video] [--tag T] [--limit N] [--after ID] [--json]",
		"List articles by number. For the next page, pass the last number shown as --after.")
	kindS := fs.String("kind", "", "tutorial or video")
	tag := fs.String("tag", "", "only articles with this tag")
	limit := fs.Int("limit", 50, "articles per page")
	after := fs.Int64("after", 0, "show articles numbered after this one")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("kb list: unexpected argument %q (run `hotline kb list --help`)", fs.Arg(0))
	}
	kind, err := kindFlag(*kindS)
	if err != nil {
		return err
	}
	if *limit <= 0 || *after < 0 {
		return usageErrorf("kb list: --limit must be positive and --after not negative")
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	arts, err := a.kb.List(ctx, kb.ListOptions{Kind: kind, Tag: *tag, Limit: *limit, AfterID: *after})
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]articleJSON, 0, len(arts))
		for i := range arts {
			out = append(out, toArticleJSON(&arts[i], false))
		}
		return a.printJSON(out)
	}
	line := text.SanitizeLine
	for _, ar := range arts {
		dur := ""
		if ar.Duration > 0 {
			dur = " (" + clock(ar.Duration) + ")"
		}
		fmt.Fprintf(a.stdout, "#%-5d %-8s %s%s  %s\n", ar.ID, ar.Kind, line(ar.Title), dur, line(strings.Join(ar.Tags, " ")))
	}
	if len(arts) == *limit {
		fmt.Fprintf(a.stderr, "next page: hotline kb list --after %d\n", arts[len(arts)-1].ID)
	}
	return nil
}

func runKBShow(ctx context.Context, a *app, args []string) error {
	fs := a.flags("kb show", "hotline kb show ID [--json]", "Show an article's Markdown, or with --json its fields, body and transcript.")
	asJSON := fs.Bool("json", false, "print JSON with the body and the transcript")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	id, err := argID(fs, "article")
	if err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	ar, err := a.kb.Get(ctx, id)
	if err != nil {
		return err
	}
	if *asJSON {
		return a.printJSON(toArticleJSON(ar, true))
	}
	line := text.SanitizeLine
	fmt.Fprintf(a.stdout, "#%d  %s\n", ar.ID, line(ar.Title))
	meta := []string{string(ar.Kind)}
	if ar.Duration > 0 {
		meta = append(meta, clock(ar.Duration))
	}
	if len(ar.Tags) > 0 {
		meta = append(meta, "tags "+line(strings.Join(ar.Tags, " ")))
	}
	if ar.Verified != nil {
		meta = append(meta, "verified "+ar.Verified.Format("2006-01-02"))
	}
	meta = append(meta, "collection "+line(ar.Collection))
	if ar.Source != "" {
		meta = append(meta, "from "+line(ar.Source))
	}
	if ar.Archived {
		meta = append(meta, "archived")
	}
	fmt.Fprintln(a.stdout, strings.Join(meta, " · "))
	if ar.URL != "" {
		fmt.Fprintln(a.stdout, line(ar.URL))
	}
	if ar.Body != "" {
		fmt.Fprintf(a.stdout, "\n%s\n", text.Sanitize(ar.Body))
	}
	if len(ar.Transcript) > 0 {
		fmt.Fprintln(a.stdout, "\nTranscript:")
		for _, s := range ar.Transcript {
			fmt.Fprintf(a.stdout, "[%s] %s\n", clock(s.Start), line(s.Text))
		}
	}
	return nil
}

func runKBAdd(ctx context.Context, a *app, args []string) error {
	fs := a.flags("kb add", "hotline kb add --title T [--kind tutorial|video] [--url U] [--duration 3m20s] [--tag T]... [--lang fr] < body.md",
		"Add an article written by hand; its Markdown body is read from standard input.")
	var ar kb.Article
	var tags stringList
	var kindS, dur string
	fs.StringVar(&ar.Title, "title", "", "title (default: the first # heading of the body)")
	fs.StringVar(&kindS, "kind", "", "tutorial (default) or video")
	fs.StringVar(&ar.URL, "url", "", "link or local file of the tutorial or video")
	fs.StringVar(&dur, "duration", "", "length of a video: 3m20s or 03:20")
	fs.Var(&tags, "tag", "tag (repeatable)")
	fs.StringVar(&ar.Lang, "lang", "fr", "language")
	asJSON := fs.Bool("json", false, "print the article as JSON")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("kb add: unexpected argument %q: the body is read from standard input", fs.Arg(0))
	}
	kind, err := kindFlag(kindS)
	if err != nil {
		return err
	}
	ar.Kind, ar.Tags = kind, tags
	if dur != "" {
		if ar.Duration, err = kb.ParseDuration(dur); err != nil {
			return usageErrorf("kb add: --duration: %v", err)
		}
	}
	body, err := io.ReadAll(io.LimitReader(a.stdin, kb.MaxBodyLen+1))
	if err != nil {
		return fmt.Errorf("kb add: read body: %w", err)
	}
	ar.Body = strings.TrimSpace(string(body))
	if strings.TrimSpace(ar.Title) == "" {
		ar.Title = kb.TitleOf(ar.Body)
	}
	if strings.TrimSpace(ar.Title) == "" {
		return usageErrorf("kb add: give --title (or start the body with a # heading)")
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	added, err := a.kb.Add(ctx, ar)
	if err != nil {
		var ve *kb.ValidationError
		if errors.As(err, &ve) {
			return usageErrorf("kb add: %v", ve)
		}
		return err
	}
	if *asJSON {
		return a.printJSON(toArticleJSON(added, false))
	}
	fmt.Fprintf(a.stdout, "added article #%d  %s\n", added.ID, text.SanitizeLine(added.Title))
	return nil
}

// articleArgs reads "N ID" of ticket link / unlink.
func articleArgs(fs interface {
	NArg() int
	Arg(int) string
	Name() string
}) (ticket, article int64, err error) {
	if fs.NArg() != 2 {
		return 0, 0, usageErrorf("%s: give a ticket number and an article number (run `hotline %s --help`)", fs.Name(), fs.Name())
	}
	if ticket, err = parseID(fs.Arg(0), "ticket"); err != nil {
		return 0, 0, err
	}
	if article, err = parseID(fs.Arg(1), "article"); err != nil {
		return 0, 0, err
	}
	return ticket, article, nil
}

// parseTicketArticle is the prologue of ticket link and unlink: the flags,
// the ticket and article numbers, the database.
func (a *app) parseTicketArticle(ctx context.Context, fs *flag.FlagSet, args []string) (ticket, article int64, err error) {
	if err := a.parse(fs, args); err != nil {
		return 0, 0, err
	}
	if ticket, article, err = articleArgs(fs); err != nil {
		return 0, 0, err
	}
	return ticket, article, a.open(ctx)
}

func runTicketLink(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket link", "hotline ticket link N ID", "Link knowledge-base article ID to ticket N (recorded in its history).")
	tid, aid, err := a.parseTicketArticle(ctx, fs, args)
	if err != nil {
		return err
	}
	ar, err := a.kb.Get(ctx, aid)
	if err != nil {
		return err
	}
	if err := a.tickets.Link(ctx, tid, aid, a.user()); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "linked article #%d (%s) to ticket #%d\n", aid, text.SanitizeLine(ar.Title), tid)
	return nil
}

func runTicketUnlink(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket unlink", "hotline ticket unlink N ID", "Remove the link between ticket N and article ID.")
	tid, aid, err := a.parseTicketArticle(ctx, fs, args)
	if err != nil {
		return err
	}
	// An archived article may still be linked: unlinking it must work, so
	// only an id that never existed is refused.
	ok, err := a.kb.Exists(ctx, aid)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("article %d: %w", aid, kb.ErrNotFound)
	}
	if err := a.tickets.Unlink(ctx, tid, aid, a.user()); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "unlinked article #%d from ticket #%d\n", aid, tid)
	return nil
}

func runTicketSuggest(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket suggest", "hotline ticket suggest N [--limit N] [--json]",
		"Suggest the articles most likely to solve ticket N, from its title, description,\ncategory and tags, and from the articles that solved similar tickets.")
	limit := fs.Int("limit", 5, "number of suggestions")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	id, err := argID(fs, "ticket")
	if err != nil {
		return err
	}
	if *limit <= 0 {
		return usageErrorf("ticket suggest: --limit must be a positive number")
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	t, err := a.tickets.Get(ctx, id)
	if err != nil {
		return err
	}
	rs, err := a.kb.Suggest(ctx, kb.SuggestInput{TicketID: t.ID, Title: t.Title, Description: t.Description, Category: t.Category, Tags: t.Tags}, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		return a.printJSON(toResultsJSON(rs))
	}
	if len(rs) == 0 {
		fmt.Fprintln(a.stderr, "no article to suggest")
		return nil
	}
	a.printResults(rs)
	return nil
}
