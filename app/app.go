// Package app is Hotline's application layer: the one place that reads the
// config, resolves the technician acting, opens the database and builds the
// stores. Every front end (the command line, the interface, the servers)
// starts from an App and calls its stores and use cases; none opens the
// database itself.
package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"hotline/access"
	"hotline/attachments"
	"hotline/feedback"
	"hotline/internal/config"
	"hotline/internal/db"
	"hotline/internal/live"
	"hotline/kb"
	"hotline/mailstore"
	"hotline/tickets"
)

// Schemas are the schemas of every package that owns tables in the
// database, migrated in this order when it is opened. A new area with its
// own schema adds it here.
var Schemas = []db.Schema{tickets.Schema, kb.Schema, attachments.Schema, access.Schema, feedback.Schema, mailstore.Schema, live.Schema}

// Settings are what a front end knows before the config is read: the
// flags it was given and the environment.
type Settings struct {
	DBPath     string // "" means $HOTLINE_DB, else the default path
	ConfigPath string // "" means $XDG_CONFIG_HOME/hotline/config.yaml
	User       string // "" means the config's user, else $USER
	// Getenv reads the environment (os.Getenv when nil); tests inject it.
	Getenv func(string) string
	// Indexing, if set, is told before each index Open builds again for a
	// bulk import that was killed (done so far, total): it can take
	// seconds at a million tickets, and the user should know why.
	Indexing func(done, total int)
}

// App is an opened (or about to be opened) Hotline: its config, who acts,
// and, after Open, the database and its stores.
type App struct {
	Config      config.Config
	user        string
	dbPath      string
	dbPathGiven bool

	db      *db.DB
	live    *live.Hub
	tickets *tickets.Store
	kb      *kb.Store
	lexicon *kb.Lexicon

	indexing func(done, total int)

	desk     *Desk // built once by Desk (desk.go)
	deskOnce sync.Once

	side     *SidePanes // built once by SidePanes (sidepane.go)
	sideOnce sync.Once
}

// New reads the config and resolves the acting technician and the
// database path. It does not touch the database: see Open.
func New(s Settings) (*App, error) {
	getenv := s.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	path := s.ConfigPath
	if path == "" {
		path = DefaultConfigPath(getenv)
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, indexing: s.Indexing}
	if a.lexicon, err = loadLexicon(path); err != nil {
		return nil, err
	}
	a.user = "technicien"
	for _, u := range []string{s.User, cfg.User, getenv("USER"), getenv("USERNAME")} {
		if u = strings.TrimSpace(u); u != "" {
			a.user = u
			break
		}
	}
	// How long a write waits for another program's lock before giving up
	// with a clear message (default 10s); for slow network disks, and for
	// tests that hold a lock on purpose.
	if v := getenv("HOTLINE_BUSY_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > time.Hour {
			return nil, fmt.Errorf("HOTLINE_BUSY_TIMEOUT=%q: give a duration like 10s or 500ms", v)
		}
		db.BusyTimeout = int(d.Milliseconds())
	}
	a.dbPath = s.DBPath
	if a.dbPath == "" {
		a.dbPath = getenv("HOTLINE_DB")
	}
	// A path someone typed must be in a folder that exists: a typo must
	// not create a new, empty database somewhere. The default folder is
	// created.
	a.dbPathGiven = a.dbPath != ""
	if a.dbPath == "" {
		a.dbPath = DefaultDBPath(getenv)
	}
	return a, nil
}

// DefaultConfigPath is $XDG_CONFIG_HOME/hotline/config.yaml, ~/.config
// when XDG_CONFIG_HOME is not set.
func DefaultConfigPath(getenv func(string) string) string {
	if dir := getenv("XDG_CONFIG_HOME"); dir != "" {
		return filepath.Join(dir, "hotline", "config.yaml")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".config", "hotline", "config.yaml")
	}
	return config.DefaultPath()
}

// DefaultDBPath is $XDG_DATA_HOME/hotline/hotline.db, ~/.local/share when
// XDG_DATA_HOME is not set.
func DefaultDBPath(getenv func(string) string) string {
	if dir := getenv("XDG_DATA_HOME"); dir != "" {
		return filepath.Join(dir, "hotline", "hotline.db")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".local", "share", "hotline", "hotline.db")
	}
	return config.DefaultDBPath()
}

// User is the technician acting: the setting, else the config's user,
// else $USER.
func (a *App) User() string { return a.user }

// DBPath is the database file this App opens.
func (a *App) DBPath() string { return a.dbPath }

// Open opens the database (once), applies the migrations and builds the
// stores.
func (a *App) Open(ctx context.Context) error {
	if a.db != nil {
		return nil
	}
	if a.dbPathGiven {
		dir := filepath.Dir(a.dbPath)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return &MissingFolderError{Path: a.dbPath, Dir: dir}
		}
	}
	d, err := db.Open(ctx, a.dbPath, Schemas...)
	if err != nil {
		return err
	}
	a.db = d
	opts := tickets.Options{Categories: a.Config.Categories}
	if sla := a.Config.SLADurations(); len(sla) > 0 {
		opts.SLA = tickets.SLA(sla)
	}
	opts.Clock = tickets.CalendarClock{}
	if cal := a.Config.WorkingCalendar(); cal != nil {
		opts.Clock = tickets.WorkingClock{Cal: cal}
	}
	// Technicians' writes (command line, interface, SSH) are checked
	// against their role in the directory; see Authorize.
	var ts *tickets.Store
	opts.Guard = func(ctx context.Context, actor string, perm tickets.Permission) error {
		return ts.Authorize(ctx, actor, perm)
	}
	ts = tickets.NewStore(d.DB, opts)
	// Due times stored before the SLA clock existed (migration 0009) are
	// recounted once, all or nothing; afterwards this is one small read.
	if _, err := ts.RecomputeDue(ctx, false); err != nil {
		d.Close()
		a.db = nil
		return err
	}
	// A bulk import killed half-way left indexes to build: every query
	// is right without them, but slow at a million tickets.
	if _, err := ts.BuildDeferredIndexes(ctx, a.indexing); err != nil {
		d.Close()
		a.db = nil
		return err
	}
	a.tickets = ts
	a.kb = kb.NewStore(d.DB, kb.Options{Links: a.tickets, Lexicon: a.lexicon, CollectionWeights: a.Config.KB.Collections})
	return nil
}

// Close closes the database if it was opened.
func (a *App) Close() error {
	if a.db == nil {
		return nil
	}
	err := a.db.Close()
	a.db, a.tickets, a.kb, a.live = nil, nil, nil, nil
	a.desk, a.deskOnce = nil, sync.Once{}
	a.side, a.sideOnce = nil, sync.Once{}
	return err
}

// Tickets is the ticket store; nil before Open.
func (a *App) Tickets() *tickets.Store { return a.tickets }

// KB is the knowledge-base store; nil before Open.
func (a *App) KB() *kb.Store { return a.kb }

// DB is the open database; nil before Open.
func (a *App) DB() *db.DB { return a.db }

// RecurringRule is the config's rule for what counts as recurring.
func (a *App) RecurringRule() tickets.RecurringRule {
	return tickets.RecurringRule{Count: a.Config.Recurring.Count, Days: a.Config.Recurring.Days}
}

// DatabaseVersions is the schema version of each package in the database,
// or nil when there is no database file yet. It changes nothing: it neither
// creates nor migrates the file, and reports a newer database's versions.
func (a *App) DatabaseVersions(ctx context.Context) (map[string]int, error) {
	if a.db != nil {
		return db.Versions(ctx, a.db)
	}
	return db.Inspect(ctx, a.dbPath, Schemas...)
}

// LexiconFile is the helpdesk's own lexicon, next to the config file: how
// agents say things, mapped to the tutorials' words (format of
// kb/lexicon.txt). It adds to the shipped lexicon.
const LexiconFile = "lexicon.txt"

// loadLexicon reads the lexicon file beside the config file at
// configPath; none is the shipped lexicon alone.
func loadLexicon(configPath string) (*kb.Lexicon, error) {
	if configPath == "" {
		return nil, nil
	}
	p := filepath.Join(filepath.Dir(configPath), LexiconFile)
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read lexicon %s: %w", p, err)
	}
	lex, err := kb.LoadLexicon(data, p)
	if err != nil {
		return nil, fmt.Errorf("lexicon %w (fix the file or move it away)", err)
	}
	return lex, nil
}

// MissingFolderError is returned by Open when the database path given
// (setting or HOTLINE_DB) is in a folder that does not exist.
type MissingFolderError struct{ Path, Dir string }

func (e *MissingFolderError) Error() string {
	return fmt.Sprintf("open database %s: folder %s does not exist", e.Path, e.Dir)
}
