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

	"hotline/internal/config"
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

// Options are what the caller (main) gives the interface.
type Options struct {
	Tickets *tickets.Store
	KB      KnowledgeBase
	User    string
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
	Live   *live.Hub
	DBPath string
	Config config.Config
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
}

// Context is shared by pointer with every screen: the stores, who is acting,
// the look, the words and the clock. It holds no per-screen state.
type Context struct {
	Tickets  *tickets.Store
	KB       KnowledgeBase
	User     string
	UserName string
	Role     tickets.Role
	Remote   bool
	Live     *live.Hub
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

	// Categories are the ticket categories in force (config or defaults).
	Categories []string
	// GlamourStyle is the glamour style name matching the theme, and
	// Profile the colour profile glamour renders for.
	GlamourStyle string
	Profile      termenv.Profile
	// Renders caches glamour output by article id and width, shared by the
	// KB preview and the article viewer. Mutated only from Update.
	Renders map[renderKey]string
	// Articles caches fetched articles (for summaries in copied messages).
	Articles map[int64]*kb.Article
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
		Tickets: o.Tickets, KB: o.KB, User: o.User, UserName: o.UserName, Role: o.Role, Remote: o.Remote, Live: o.Live, DBPath: o.DBPath, Config: o.Config,
		Styles:   NewStyles(r, mono),
		Keys:     GlobalKeys{},
		T:        NewCatalogue(chooseLanguage(o.Config.Language, getenv)),
		Now:      o.Now,
		Copy:     o.Copy,
		Open:     o.Open,
		Base:     o.Context,
		Getenv:   getenv,
		Exec:     o.Exec,
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
// French), else English.
func chooseLanguage(cfg string, getenv func(string) string) Lang {
	switch strings.ToLower(cfg) {
	case "fr":
		return French
	case "en":
		return English
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := getenv(v); l != "" {
			if strings.HasPrefix(strings.ToLower(l), "fr") {
				return French
			}
			return English
		}
	}
	return English
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
