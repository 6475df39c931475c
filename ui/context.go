// Package ui is Hotline's terminal interface: a root model that routes
// messages to one focused screen (queue, triage, ticket, knowledge base, new
// ticket, help). Every screen renders state already in memory; all database,
// clipboard and process work runs in tea.Cmds that return typed messages.
package ui

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"hotline/app"
	"hotline/app/report"
	"hotline/internal/config"
	"hotline/internal/i18n"
	"hotline/internal/live"
	"hotline/kb"
	"hotline/tickets"
)

// KnowledgeBase is what the interface needs of the knowledge base; *kb.Store
// implements it. Keeping it narrow lets tests count calls or inject failures.
type KnowledgeBase interface {
	Search(ctx context.Context, query string, opts kb.SearchOptions) ([]kb.Result, error)
	Suggest(ctx context.Context, in kb.SuggestInput, limit int) ([]kb.Result, error)
	Get(ctx context.Context, id int64) (*kb.Article, error)
	// Tags lists article tags by use (autocompletion).
	Tags(ctx context.Context, prefix string, limit int) ([]kb.TagCount, error)
	// Add stores an article written in the interface (a drafted tutorial).
	Add(ctx context.Context, a kb.Article) (*kb.Article, error)
	// MissedSearches feeds the reports' knowledge-base gaps.
	MissedSearches(ctx context.Context, since time.Time, limit int) ([]kb.MissedSearch, error)
}

// SelfServiceCounter counts an article's self-service answers (the
// portal's "this answered me"), with the last one's time.
type SelfServiceCounter func(ctx context.Context, articleID int64) (int, time.Time, error)

// TicketStore is what the interface needs of the tickets; *tickets.Store
// implements it. Screens depend on this, not on the store, so they can be
// tested against a fake (and later served from another process).
type TicketStore interface {
	// Categories are the ticket categories in force.
	Categories() []string

	// The queue and triage.
	List(ctx context.Context, f tickets.Filter, sort tickets.Sort, limit int, cursor string) (tickets.Page, error)
	// ListBefore is List backwards (G: the true last page).
	ListBefore(ctx context.Context, f tickets.Filter, sort tickets.Sort, limit int, cursor string) (tickets.Page, error)
	Count(ctx context.Context, f tickets.Filter) (int, error)
	// Requesters are the people who filed tickets before whose name or
	// address starts with a prefix (the phone form's lookup).
	Requesters(ctx context.Context, prefix string, limit int) ([]tickets.KnownRequester, error)
	// ServiceNames are the services in use, alphabetical, without
	// grouping the table (the phone form's completion).
	ServiceNames(ctx context.Context, limit int) ([]string, error)
	// Services are the requesters' services in use (svc:, completion).
	Services(ctx context.Context, limit int) ([]string, error)
	Clusters(ctx context.Context, o tickets.ClusterOptions) ([]tickets.Cluster, error)
	SimilarTickets(ctx context.Context, id int64, limit int) (tickets.SimilarResult, error)
	SimilarTo(ctx context.Context, p tickets.Probe, limit int) (tickets.SimilarResult, error)
	// Reports.
	Stats(ctx context.Context, from, to, now time.Time) (*tickets.Stats, error)
	// Autocompletion.
	Assignees(ctx context.Context, prefix string, limit int) ([]tickets.Assignee, error)
	Tags(ctx context.Context, prefix string, limit int) ([]tickets.TagCount, error)

	// One ticket.
	Get(ctx context.Context, id int64) (*tickets.Ticket, error)
	Followups(ctx context.Context, id int64) ([]tickets.Followup, error)
	History(ctx context.Context, id int64) ([]tickets.Change, error)
	Links(ctx context.Context, id int64) ([]tickets.Link, error)
	ProblemsOf(ctx context.Context, ticketID int64) ([]tickets.Problem, error)
	Create(ctx context.Context, n tickets.NewTicket, actor string) (*tickets.Ticket, error)
	Update(ctx context.Context, id, expectedVersion int64, p tickets.Patch, actor string) (*tickets.Ticket, error)
	Comment(ctx context.Context, id int64, author, body string, private bool) (*tickets.Followup, error)
	Link(ctx context.Context, id, articleID int64, actor string) error
	Unlink(ctx context.Context, id, articleID int64, actor string) error

	// Problems.
	Problem(ctx context.Context, id int64) (*tickets.Problem, error)
	Problems(ctx context.Context, statuses []tickets.ProblemStatus, limit int, afterID int64) ([]tickets.Problem, error)
	Incidents(ctx context.Context, problemID int64, limit int) ([]tickets.Ticket, error)
	CreateProblem(ctx context.Context, n tickets.NewProblem, actor string) (*tickets.Problem, error)
	UpdateProblem(ctx context.Context, id, expectedVersion int64, p tickets.ProblemPatch, actor string) (*tickets.Problem, error)
	LinkIncidents(ctx context.Context, problemID int64, ticketIDs []int64, actor string) (int, error)
	UnlinkIncidents(ctx context.Context, problemID int64, ticketIDs []int64, actor string) (int, error)
	SolveProblem(ctx context.Context, id int64, solveIncidents bool, message, actor string) (int, error)
	// DeleteProblem deletes a problem created by mistake (admin or its
	// creator); its incidents' history says so.
	DeleteProblem(ctx context.Context, id int64, actor string) (int, error)

	// Arrivals counts the tickets filed after id by someone else (live
	// notice).
	Arrivals(ctx context.Context, after int64, actor string) (n int, last int64, err error)
}

var _ TicketStore = (*tickets.Store)(nil)

// MailDesk is what the interface needs of the mail channel (app.Mailroom
// implements it); nil when no SMTP server is configured.
type MailDesk interface {
	// CommentByMail adds a public follow-up and queues it to be mailed to
	// the requester, in one transaction.
	CommentByMail(ctx context.Context, id, expectedVersion int64, author, body string) (*tickets.Followup, error)
	// MailedFollowups says which follow-ups of a ticket went by mail.
	MailedFollowups(ctx context.Context, ticketID int64) (map[int64]string, error)
	// Stuck counts the mails that failed or wait after a failure.
	Stuck(ctx context.Context) (int, error)
}

// BulkDesk runs one change on many tickets, all or nothing (app.Bulk);
// app.BulkDesk implements it.
type BulkDesk interface {
	Bulk(ctx context.Context, targets []app.BulkTarget, c app.BulkChange, actor string) (*app.BulkResult, error)
}

// StartupReport is what the check run at start found: the damage (empty
// when the file is sound) and how many requesters the retention rule
// anonymised.
type StartupReport struct {
	Findings   []string
	Anonymised int
}

// StartupCheck checks the database once the interface is on screen: a
// quick check reads the whole file (seconds at a million tickets), so it
// runs in a command instead of delaying the first frame.
type StartupCheck func(ctx context.Context) (StartupReport, error)

// Options are what the caller (main) gives the interface.
type Options struct {
	Tickets TicketStore
	KB      KnowledgeBase
	// StartupCheck, when set, runs in the background at start; damage is
	// then shown in the status bar until the interface quits.
	StartupCheck StartupCheck
	// SelfService, when set, shows an article's self-service answers on
	// its screen.
	SelfService SelfServiceCounter
	// Feedback, when set, puts the agents' ratings and self-service
	// answers in the reports screen (*feedback.Store).
	Feedback report.Feedback
	// Mail, when set, lets a public answer go to the agent by mail (M).
	Mail MailDesk
	// Calls, when set, files the phone form's calls in one transaction
	// (solved during the call, the tutorial sent); nil files plain tickets.
	Calls CallTaker
	// Bulk runs the queue's bulk actions on marked tickets (app.BulkDesk);
	// nil: the action key says they are not available.
	Bulk BulkDesk
	// ArticleDesk deletes an article created by mistake (app.ArticleDesk);
	// nil: the article screen's delete key is off.
	ArticleDesk ArticleDeleter
	User        string
	// UserName is the acting technician's full name, which signs the
	// messages sent to agents; empty: the login.
	UserName string
	// Role is the acting technician's role: an observer's interface turns
	// the keys that write off and says why (the stores refuse anyway).
	Role tickets.Role
	// Remote: the interface runs on a server for a technician connected
	// over SSH. "Open" then shows and copies the link instead of starting
	// a browser on the server, and drafting opens an editor inside the
	// interface instead of $EDITOR.
	Remote bool
	// Live, when set, brings others' changes and presence to the interface
	// (see internal/live); nil: the interface shows what it loads.
	Live *live.Hub
	// Attachments lists and opens tickets' files; nil: none shown.
	Attachments AttachmentStore
	// Replies is the team's canned replies; nil: none (T says why).
	Replies ReplyBook
	// SidePanes, when set, gives the ticket screen's suggestions and
	// similar tickets from a cache shared by the process's interfaces
	// (app.SidePanes); nil: computed by each ticket screen.
	SidePanes SidePaneSource
	DBPath    string
	Config    config.Config
	// NoColor asks for the monochrome UI (--no-color); NO_COLOR in Getenv
	// does too.
	NoColor bool
	// Renderer is the lipgloss renderer of the session's output; nil uses
	// one on stdout. Tests pass one with a fixed colour profile.
	Renderer *lipgloss.Renderer
	// Now is the clock; nil is time.Now. Tests fix it so ages are stable.
	Now func() time.Time
	// Getenv reads LANG and NO_COLOR; nil is os.Getenv.
	Getenv func(string) string
	// Copy puts text on the technician's clipboard; nil writes OSC 52 to
	// stdout (see internal/clipboard).
	Copy func(text string) error
	// Open opens a link or a file with the platform opener; nil uses
	// internal/opener.
	Open func(target string) error
	// Context bounds every command's I/O; nil is context.Background().
	Context context.Context
	// Exec runs an outside program (the editor) with the terminal handed
	// over; nil is tea.ExecProcess. Tests run it directly.
	Exec func(cmd *exec.Cmd, done tea.ExecCallback) tea.Cmd
	// Tick is every timer of the interface (search debounce, spinner
	// frames, the footer's clearing); nil is tea.Tick. Tests fire timers at
	// once so nothing depends on the machine's speed.
	Tick func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
}

// SidePaneSource gives a ticket's suggested articles and similar tickets
// (app.SidePanes); the slices it returns are shared and only read.
type SidePaneSource interface {
	SidePane(ctx context.Context, t *tickets.Ticket, articles, similar int) ([]kb.Result, tickets.SimilarResult, error)
}

// Context is shared by pointer with every screen: the stores, who is acting,
// the look, the words and the clock. It holds no per-screen state.
type Context struct {
	Tickets     TicketStore
	KB          KnowledgeBase
	Mail        MailDesk
	Calls       CallTaker
	Bulk        BulkDesk
	ArticleDesk ArticleDeleter
	User        string
	UserName    string
	Role        tickets.Role
	Remote      bool
	Live        *live.Hub
	// Attachments lists and opens tickets' files (nil: none shown).
	Attachments AttachmentStore
	// Replies is the team's canned replies (nil: none).
	Replies ReplyBook
	// SidePanes: see Options.SidePanes.
	SidePanes SidePaneSource
	// Viewers are the other interfaces' open tickets (presence), set by
	// the root model from presenceMsg.
	Viewers []live.Viewer
	DBPath  string
	Config  config.Config
	Styles  Styles
	Keys    GlobalKeys
	T       Catalogue
	Now     func() time.Time
	// Loc is the time zone dates are shown in (tests fix it).
	Loc  *time.Location
	Copy func(text string) error
	Open func(target string) error
	Base context.Context
	// Getenv reads the environment (EDITOR, XDG_DATA_HOME…).
	Getenv func(string) string
	Exec   func(cmd *exec.Cmd, done tea.ExecCallback) tea.Cmd
	// Tick makes timers: never call tea.Tick or time.Sleep in a screen.
	Tick func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd

	// Categories are the ticket categories in force (config or defaults).
	Categories []string
	// GlamourStyle is the glamour style name matching the theme, and
	// Profile the colour profile glamour renders for.
	GlamourStyle string
	Profile      termenv.Profile
	// Renders caches glamour output by article id and width, shared by the
	// KB preview and the article viewer. Mutated only from Update.
	Renders map[renderKey]string
	// undo is the session's last change that u can take back (nil: none).
	undo *undoable
	// Articles caches fetched articles (for summaries in copied messages).
	Articles map[int64]*kb.Article
	// SelfService counts an article's self-service answers; nil when the
	// portal's feedback is not there.
	SelfService SelfServiceCounter
	// Feedback gives the reports the agents' ratings and self-service
	// answers; nil: the reports show none.
	Feedback report.Feedback
	// StartupCheck runs once from Init; nil: no check.
	StartupCheck StartupCheck
}

type renderKey struct {
	id    int64
	width int
}

func newContext(o Options) *Context {
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	r := o.Renderer
	if r == nil {
		r = lipgloss.NewRenderer(os.Stdout)
	}
	theme := strings.ToLower(o.Config.Theme)
	mono := o.NoColor || getenv("NO_COLOR") != "" || theme == "mono"
	if mono && r.ColorProfile() == termenv.Ascii && o.Renderer == nil {
		// NO_COLOR makes termenv drop every attribute; keep bold and
		// reverse so the selection still shows.
		r.SetColorProfile(termenv.ANSI)
	}
	switch theme {
	case "dark":
		r.SetHasDarkBackground(true)
	case "light":
		r.SetHasDarkBackground(false)
	}
	c := &Context{
		Tickets: o.Tickets, KB: o.KB, StartupCheck: o.StartupCheck, SelfService: o.SelfService, Feedback: o.Feedback, Mail: o.Mail, Calls: o.Calls, Bulk: o.Bulk, ArticleDesk: o.ArticleDesk, Attachments: o.Attachments, Replies: o.Replies, SidePanes: o.SidePanes, User: o.User, UserName: o.UserName, Role: o.Role, Remote: o.Remote, Live: o.Live, DBPath: o.DBPath, Config: o.Config,
		Styles:   NewStyles(r, mono),
		Keys:     GlobalKeys{},
		T:        NewCatalogue(chooseLanguage(o.Config.Language, getenv)),
		Now:      o.Now,
		Copy:     o.Copy,
		Open:     o.Open,
		Base:     o.Context,
		Getenv:   getenv,
		Exec:     o.Exec,
		Tick:     o.Tick,
		Renders:  map[renderKey]string{},
		Articles: map[int64]*kb.Article{},
	}
	c.Keys = newGlobalKeys(c.T)
	c.Loc = time.Local
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Exec == nil {
		c.Exec = tea.ExecProcess
	}
	if c.Tick == nil {
		c.Tick = tea.Tick
	}
	if c.Base == nil {
		c.Base = context.Background()
	}
	if c.User == "" {
		c.User = "technicien"
	}
	if strings.TrimSpace(c.UserName) == "" {
		c.UserName = c.User
	}
	if o.Tickets != nil {
		c.Categories = o.Tickets.Categories()
	} else {
		c.Categories = tickets.DefaultCategories
	}
	c.Profile = r.ColorProfile()
	switch {
	case mono || r.ColorProfile() == termenv.Ascii:
		c.GlamourStyle = "notty"
	case r.HasDarkBackground():
		c.GlamourStyle = "dark"
	default:
		c.GlamourStyle = "light"
	}
	return c
}

// chooseLanguage: the config wins, else LC_ALL, LC_MESSAGES, LANG (fr* is
// French), else English; the command line chooses the same way.
func chooseLanguage(cfg string, getenv func(string) string) Lang {
	return i18n.Choose(cfg, getenv)
}

// dbName is what the status bar shows of the database path.
func (c *Context) dbName() string {
	if c.DBPath == "" {
		return "-"
	}
	return filepath.Base(c.DBPath)
}

// rule is the recurrence rule in force (config, else 5 in 7 days).
func (c *Context) rule() tickets.RecurringRule {
	r := tickets.RecurringRule{Count: c.Config.Recurring.Count, Days: c.Config.Recurring.Days}
	if r.Count <= 0 || r.Days <= 0 {
		return tickets.DefaultRecurringRule
	}
	return r
}

// ArticleDeleter deletes an article created by mistake, with the tickets'
// links, in one transaction (app.ArticleDesk); it returns how many tickets
// lost the link.
type ArticleDeleter interface {
	DeleteArticle(ctx context.Context, id int64, actor string) (int, error)
}
