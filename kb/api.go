package kb

import (
	"context"
	"errors"
	"io/fs"
	"strconv"
	"time"
)

// This file fixes the knowledge base's public API, which the command line
// and the interface are written against. Bodies live in the other files.

// Kind is tutorial or video.
type Kind string

const (
	KindTutorial Kind = "tutorial"
	KindVideo    Kind = "video"
)

// Article is one tutorial or video.
type Article struct {
	ID         int64
	Kind       Kind
	Title      string
	Body       string // Markdown
	URL        string // a link or a local file path
	Duration   time.Duration
	Tags       []string
	Lang       string
	Verified   *time.Time
	Source     string // path of its file, relative to the imported folder; "" for an article written in Hotline
	Collection string // the team's own tutorials, a vendor corpus, drafts… (see ImportOptions.Collection)
	Hash       string
	Archived   bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// ReviewedAt is the last time someone checked the article: set by a
	// verified date, and by every edit in the interface.
	ReviewedAt *time.Time
	// Links is how many tickets were solved with it (see LearnLink).
	Links int
	// Author is who writes it in Hotline, recorded by Add (see Author).
	Author     string
	Transcript []Segment // filled by Get only

	origin string // the imported folder, see importRoot
}

// Key is the article's stable identity across databases: its collection
// and its path inside it ("equipe/vpn/lent.md"). Articles written in
// Hotline have no path, hence no key ("").
func (a *Article) Key() string {
	if a.Source == "" {
		return ""
	}
	return a.Collection + "/" + a.Source
}

// Segment is one cue of a video transcript.
type Segment struct {
	Start, End time.Duration
	Text       string
}

// Result is one search or suggestion hit.
type Result struct {
	ID      int64
	Title   string
	Kind    Kind
	Tags    []string
	URL     string // with #t=SECONDS for a transcript hit
	Score   float64
	Snippet string   // matched terms wrapped in SnippetOpen / SnippetClose
	At      *float64 // seconds into the video for a transcript hit
	Reason  string   // for suggestions: why it is suggested, in French (see Why for other languages)
	// Why a suggestion, for a front end to word in its language: the
	// ticket's words the article holds (stopwords and the category's name
	// left out), how many similar tickets it solved, and the moment of the
	// video whose transcript matched (At).
	Matched []string
	Solved  int
}

// Snippet markers: control-free so that sanitising never touches them, and
// unlikely in real text. The UI turns them into highlight styles; the CLI
// into [ ] or ANSI.
const (
	SnippetOpen  = "\uE000"
	SnippetClose = "\uE001"
)

// SearchOptions narrow a search.
type SearchOptions struct {
	Kind  Kind   // "" for both
	Tag   string // "" for any
	Limit int    // default 20
	// NoRecord skips recording a search that found nothing (the UI records
	// only the query a technician settled on, not every keystroke).
	NoRecord bool
}

// ListOptions page through articles by id (keyset).
type ListOptions struct {
	Kind     Kind
	Tag      string
	Limit    int   // default 50
	AfterID  int64 // 0 for the first page
	Archived bool  // include archived articles
	// Collection keeps the articles of one collection.
	Collection string
}

// SuggestInput is what Suggest needs of a ticket; the kb never imports the
// tickets package.
type SuggestInput struct {
	TicketID    int64 // excluded from "similar tickets"; 0 for a new ticket
	Title       string
	Description string
	Category    string
	Tags        []string
}

// ImportOptions tune an import.
type ImportOptions struct {
	Prune bool // archive articles whose source file disappeared
	// Collection names the collection the folders' articles belong to;
	// "" names each after its folder.
	Collection string
	// FollowSymlinks imports the files that symbolic links point to, when
	// they are inside the imported folder (never folders, never outside).
	FollowSymlinks bool
	// Progress, if set, is called after each file.
	Progress func(path string, outcome Outcome)
}

// Outcome of importing one file.
type Outcome string

const (
	Added     Outcome = "added"
	Updated   Outcome = "updated"
	Unchanged Outcome = "unchanged"
	Failed    Outcome = "failed"
)

// FileError is one file that could not be imported: path:line: reason.
type FileError struct {
	Path   string // relative to the imported folder
	Dir    string // the imported folder, when importing from disk
	Line   int    // 0 when not tied to a line
	Reason string
	// Err is the typed cause when there is one (ErrLinkNotFollowed,
	// *CollectionClashError, *ValidationError…), for a front end to word
	// its advice (the command line names its flags).
	Err error
}

// Unwrap gives the typed cause.
func (e FileError) Unwrap() error { return e.Err }

func (e FileError) Error() string {
	if e.Line > 0 {
		return e.Path + ":" + strconv.Itoa(e.Line) + ": " + e.Reason
	}
	return e.Path + ": " + e.Reason
}

// ImportReport sums up an import.
type ImportReport struct {
	Added, Updated, Unchanged, Failed int
	Errors                            []FileError
	Missing                           []string // sources no longer present (archived with Prune)
	Archived                          int

	missingKeys []string
}

// ErrNotFound is returned for an unknown or archived article id.
var ErrNotFound = errors.New("article not found")

// Compile-time list of the methods the other files implement.
var _ interface {
	Import(ctx context.Context, dir string, opts ImportOptions) (ImportReport, error)
	ImportFS(ctx context.Context, fsys fs.FS, root string, opts ImportOptions) (ImportReport, error)
	Search(ctx context.Context, query string, opts SearchOptions) ([]Result, error)
	Suggest(ctx context.Context, in SuggestInput, limit int) ([]Result, error)
	Get(ctx context.Context, id int64) (*Article, error)
	List(ctx context.Context, opts ListOptions) ([]Article, error)
	Add(ctx context.Context, a Article) (*Article, error)
	MissedSearches(ctx context.Context, since time.Time, limit int) ([]MissedSearch, error)
} = (*Store)(nil)

// MissedSearch is a search that returned nothing, for the reports.
type MissedSearch struct {
	Query string
	Count int
	Last  time.Time
}
