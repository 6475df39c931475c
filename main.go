// Command hotline is a terminal helpdesk for IT technicians who assist
// remote staff: a ticket queue, a knowledge base of tutorials and videos,
// and the links between them. `hotline` starts the interface; subcommands
// script everything (see `hotline help`).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"hotline/internal/config"
	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// Exit codes.
const (
	exitOK      = 0
	exitRuntime = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(a.run(ctx, os.Args[1:]))
}

// app is what every command needs: the global settings and, once opened,
// the database and its stores.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string

	globals globalFlags
	// lateGlobals are global flags given after the command, per flag set.
	lateGlobals map[*flag.FlagSet]*globalFlags
	cfg         config.Config

	db      *db.DB
	tickets *tickets.Store
	kb      *kb.Store
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

func commands() []command {
	return []command{
		{"ticket", "create, list, show, update, comment, link, import and export tickets", runTicket},
		{"kb", "import, search, list, show and add knowledge-base articles", runKB},
		{"tag", "list, rename and merge tags", runTag},
		{"problem", "group recurring incidents into problems and solve them at once", runProblem},
		{"report", "what keeps coming back, response times, SLA, knowledge-base gaps", runReport},
		{"demo", "write a demo database (agents, tickets, tutorials, videos)", runDemo},
		{"version", "print the version and the database schema versions", runVersion},
		{"help", "show this help", func(ctx context.Context, a *app, args []string) error { a.usage(a.stdout); return nil }},
	}
}

func (a *app) usage(w io.Writer) {
	fmt.Fprintf(w, `hotline — a terminal helpdesk for IT technicians supporting remote agents

Usage:
  hotline [global flags]               start the interface
  hotline [global flags] COMMAND ...   run a command (COMMAND --help for its flags)

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, `
Global flags (before or after the command):
  --db PATH      database file (env HOTLINE_DB; default %s)
  --user NAME    technician acting (default: config "user", else $USER)
  --config PATH  config file (default %s)
  --no-color     monochrome interface (also NO_COLOR)
`, config.DefaultDBPath(), config.DefaultPath())
}

func (a *app) run(ctx context.Context, args []string) int {
	defer a.close()
	rest, err := a.globals.parseLeading(args)
	if err == nil {
		err = a.loadConfig()
	}
	if err == nil {
		err = a.dispatch(ctx, rest)
	}
	return a.report(err)
}

func (a *app) dispatch(ctx context.Context, args []string) error {
	if a.globals.help {
		a.usage(a.stdout)
		return nil
	}
	if len(args) == 0 {
		return runUI(ctx, a)
	}
	name := args[0]
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, a, args[1:])
		}
	}
	return usageErrorf("unknown command %q: run `hotline help` for the list", name)
}

// report prints err and turns it into an exit code.
func (a *app) report(err error) int {
	if err == nil {
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(a.stderr, "hotline:", ue.Error())
		return exitUsage
	}
	if errors.Is(err, tickets.ErrInvalid) {
		// A value the store refused (urgency 9, unknown status…) is a
		// mistake in how the command was called.
		fmt.Fprintln(a.stderr, "hotline:", err)
		return exitUsage
	}
	if errors.Is(err, errReported) {
		return exitRuntime
	}
	fmt.Fprintln(a.stderr, "hotline:", err)
	return exitRuntime
}

// errReported means the command already printed what went wrong (an import
// with failed rows) and only the exit code remains to be set.
var errReported = errors.New("errors reported above")

func (a *app) loadConfig() error {
	path := a.globals.configPath
	if path == "" {
		path = config.DefaultPath()
	}
	cfg, err := config.Load(path)
	if err != nil {
		return err
	}
	a.cfg = cfg
	return nil
}

// user is the technician acting: --user, else the config, else $USER.
func (a *app) user() string {
	for _, u := range []string{a.globals.user, a.cfg.User, a.getenv("USER"), a.getenv("USERNAME")} {
		if u = strings.TrimSpace(u); u != "" {
			return u
		}
	}
	return "technicien"
}

func (a *app) dbPath() string {
	if a.globals.db != "" {
		return a.globals.db
	}
	if p := a.getenv("HOTLINE_DB"); p != "" {
		return p
	}
	return config.DefaultDBPath()
}

// open opens the database and builds the stores, once.
func (a *app) open(ctx context.Context) error {
	if a.db != nil {
		return nil
	}
	d, err := db.Open(ctx, a.dbPath(), tickets.Schema, kb.Schema)
	if err != nil {
		return err
	}
	a.db = d
	opts := tickets.Options{Categories: a.cfg.Categories}
	if sla := a.cfg.SLADurations(); len(sla) > 0 {
		opts.SLA = tickets.SLA(sla)
	}
	a.tickets = tickets.NewStore(d.DB, opts)
	a.kb = kb.NewStore(d.DB, kb.Options{Links: a.tickets})
	return nil
}

func (a *app) close() {
	if a.db != nil {
		a.db.Close()
		a.db = nil
	}
}

func runVersion(ctx context.Context, a *app, args []string) error {
	fs := a.flags("version", "hotline version", "Print the version of hotline and of the database schemas.")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "hotline %s\n", version)
	fmt.Fprintf(a.stdout, "schemas known: tickets v%d, kb v%d\n", tickets.Schema.Latest(), kb.Schema.Latest())
	// The database's own versions, when there is one: version never
	// creates a database.
	if _, err := os.Stat(a.dbPath()); err != nil {
		fmt.Fprintf(a.stdout, "database %s: none yet\n", a.dbPath())
		return nil
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	v, err := db.Versions(ctx, a.db)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "database %s: tickets v%d, kb v%d\n", a.dbPath(), v["tickets"], v["kb"])
	return nil
}
