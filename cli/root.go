// Package cli is Hotline's command line, on cobra: it parses flags, calls
// the application layer (hotline/app) and words results and errors for a
// terminal or a script.
//
// Adding a command group is a one-file affair:
//
//  1. Write cli/<group>.go with
//
//     func newGroupCmd(e *env) *cobra.Command
//
//     returning the group command with its subcommands (see tag.go for a
//     small one). Each subcommand declares its flags on cmd.Flags() and does
//     its work in RunE. Inside RunE:
//     - e.open(cmd.Context()) opens the database (through app.App) and
//     e.core gives the stores, the config and the acting technician;
//     - read standard input from e.stdin and print to e.stdout / e.stderr
//     (never os.Stdout: tests run the command line in-process);
//     - a mistake in how the command was called returns usageT(id, ...)
//     (exit 2); anything else returns an error (exit 1), wrapped with what
//     was being done; a flag whose value is bad is a usage error too.
//     - lists follow one convention: a JSON array with --json, the next
//     page's cursor on stderr as "next: CURSOR", --after CURSOR, --limit 0
//     for everything.
//
//  2. Add newGroupCmd to the list in groups() below.
//
// The global flags (--db, --user, --config, --no-color) are persistent:
// they work before or after the command.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"hotline/app"
	"hotline/internal/db"
	"hotline/internal/i18n"
	"hotline/internal/text"
	"hotline/tickets"
)

// Exit codes.
const (
	exitOK      = 0
	exitRuntime = 1
	exitUsage   = 2
	// exitInterrupted is the shell's code for a command stopped by
	// ctrl+c (128 + SIGINT).
	exitInterrupted = 130
)

// IO is what the command line reads and writes: the process's streams and
// environment in main, buffers and a map in tests.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// StdinIsTerminal says a person types on standard input (no file or
	// pipe): commands reading it say how to end.
	StdinIsTerminal bool
	// StdoutWidth is the width of the terminal on standard output, 0 when
	// it is not a terminal (tables then print every column in full).
	StdoutWidth int
}

// env is what every command needs: the streams, the global flags and,
// once loaded, the application (config, actor, stores).
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	stdinTerminal  bool
	stdoutWidth    int
	version        string

	flags struct {
		db, user, config string
		noColor          bool
	}
	core *app.App
	// t gives the command line's words in the interface's language: the
	// config's "language", else the acting technician's own setting (once
	// the database is open), else LC_ALL/LC_MESSAGES/LANG.
	t i18n.Catalogue
}

// noConfig marks a command that reads neither the config nor the
// database (`hotline man`): a broken config must not stop it.
const noConfig = "hotline:noconfig"

// groups lists the command groups, in the order `hotline --help` shows them.
func groups(e *env) []*cobra.Command {
	return []*cobra.Command{
		newTicketCmd(e),
		newKBCmd(e),
		newTagCmd(e),
		newProblemCmd(e),
		newReplyCmd(e),
		newReportCmd(e),
		newMailCmd(e),
		newDemoCmd(e),
		newServeCmd(e),
		newAPIKeyCmd(e),
		newTechCmd(e),
		newBackupCmd(e),
		newRestoreCmd(e),
		newCheckCmd(e),
		newPrivacyCmd(e),
		newVersionCmd(e),
		newManCmd(e),
	}
}

// Run runs the command line with args (without the program name) and
// returns the exit code.
func Run(ctx context.Context, streams IO, version string, args []string) int {
	e := &env{stdin: streams.Stdin, stdout: streams.Stdout, stderr: streams.Stderr, getenv: streams.Getenv, stdinTerminal: streams.StdinIsTerminal, stdoutWidth: streams.StdoutWidth, version: version}
	if e.getenv == nil {
		e.getenv = func(string) string { return "" }
	}
	e.t = i18n.New(i18n.Choose("", e.getenv), words)
	defer e.close()
	root := e.newRootCmd()
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	return e.exitCode(cmd, err)
}

func (e *env) newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "hotline",
		Short: "a terminal helpdesk for IT technicians supporting remote agents",
		Long: "hotline — a terminal helpdesk for IT technicians supporting remote agents\n\n" +
			"Without a command, hotline starts the interface; the commands script everything.",
		Version:       e.version,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageT("usage.badcmd", args[0])
			}
			return nil
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Name() == cobra.ShellCompRequestCmd || cmd.Name() == cobra.ShellCompNoDescRequestCmd {
				return nil // its flags are parsed later: the completions load what they need
			}
			if cmd.Annotations[noConfig] != "" {
				return nil
			}
			if f := cmd.Flags().Lookup("db"); f != nil && f.Changed && strings.TrimSpace(e.flags.db) == "" {
				return usageT("usage.db.empty")
			}
			return e.load()
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runUI(cmd.Context())
		},
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetVersionTemplate("hotline {{.Version}}\n")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		// A value of the wrong type (--urgency abc): say which flag wants
		// what, without the parser's internals.
		var bad *pflag.InvalidValueError
		if errors.As(err, &bad) {
			var want any = "a value of type " + bad.GetFlag().Value.Type()
			switch bad.GetFlag().Value.Type() {
			case "int", "int64":
				want = msgID("usage.whole")
			case "bool":
				want = msgID("usage.bool")
			}
			return usageT("usage.flagvalue", name(cmd), bad.GetFlag().Name, bad.GetValue(), want, cmd.CommandPath())
		}
		return usageT("usage.flag", name(cmd), err, cmd.CommandPath())
	})
	pf := root.PersistentFlags()
	pf.StringVar(&e.flags.db, "db", "", "database file (env HOTLINE_DB; default $XDG_DATA_HOME/hotline/hotline.db)")
	pf.StringVar(&e.flags.user, "user", "", "technician acting (default: config \"user\", else $USER)")
	pf.StringVar(&e.flags.config, "config", "", "config file (default $XDG_CONFIG_HOME/hotline/config.yaml)")
	pf.BoolVar(&e.flags.noColor, "no-color", false, "monochrome interface (also NO_COLOR)")
	root.AddCommand(groups(e)...)
	e.addCompletions(root)
	return root
}

// group makes a command that only holds subcommands: without one, or with
// an unknown one, it is a usage error (exit 2) after the list.
func group(use, short string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				cmd.SetOut(cmd.ErrOrStderr())
				_ = cmd.Usage()
				return usageT("usage.nosub", name(cmd))
			}
			return usageT("usage.badsub", name(cmd), args[0], cmd.CommandPath())
		},
	}
	cmd.AddCommand(subs...)
	return cmd
}

// load reads the config and resolves the actor and the database path,
// once (after the flags are parsed).
func (e *env) load() error {
	if e.core != nil {
		return nil
	}
	a, err := app.New(app.Settings{DBPath: e.flags.db, ConfigPath: e.flags.config, User: e.flags.user, Getenv: e.getenv,
		Indexing: func(done, total int) {
			if done == 0 {
				fmt.Fprintf(e.stderr, e.t.T("notice.indexes"), total)
			}
		}})
	if err != nil {
		return err
	}
	e.core = a
	e.t = i18n.New(i18n.Choose(a.Config.Language, e.getenv), words)
	return nil
}

// open opens the database and builds the stores, once.
func (e *env) open(ctx context.Context) error {
	if err := e.load(); err != nil {
		return err
	}
	if err := e.core.Open(ctx); err != nil {
		return err
	}
	if e.core.Config.Language == "" {
		// As the interface: without a language in the config, the
		// technician's own setting comes before the environment.
		if act, err := e.core.ActorOf(ctx, e.core.User()); err == nil && act.Language != "" {
			e.t = i18n.New(i18n.Choose(act.Language, nil), words)
		}
	}
	return nil
}

func (e *env) close() {
	if e.core != nil {
		e.core.Close()
	}
}

// exitCode prints err, as "hotline: <command>: <what was being done>:
// <why>", and turns it into an exit code.
func (e *env) exitCode(cmd *cobra.Command, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errReported) {
		return exitRuntime
	}
	if e.core != nil {
		// Locked, read-only, full or damaged database: say which file and
		// what to do rather than SQLite's words.
		err = db.Explain(e.core.DBPath(), err)
	}
	msg := e.explain(err)
	if cmd != nil && cmd.HasParent() {
		if p := name(cmd); !strings.HasPrefix(msg, p+": ") {
			msg = p + ": " + msg
		}
	}
	fmt.Fprintln(e.stderr, "hotline:", msg)
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	if errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	if errors.Is(err, tickets.ErrInvalid) {
		// A value the store refused (urgency 9, unknown status…) is a
		// mistake in how the command was called.
		return exitUsage
	}
	return exitRuntime
}

// errReported means the command already printed what went wrong (an import
// with failed rows) and only the exit code remains to be set.
var errReported = errors.New("errors reported above")

// usageError is a mistake in how the command was called: exit code 2.
// Every one carries its catalogue id (see usageT), worded in the user's
// language when printed; Error() is the English.
type usageError struct {
	id   string
	args []any
}

func (e *usageError) Error() string {
	return e.in(i18n.New(i18n.English, words), func(err error) string { return err.Error() })
}

// in words the error in t's language; a cause given as an argument (a
// domain's typed error) is worded by explain, in the same language.
func (e *usageError) in(t i18n.Catalogue, explain func(error) string) string {
	return word(t, explain, e.id, e.args...)
}

// usageT is a usage error worded from the catalogue.
func usageT(id string, args ...any) error { return &usageError{id: id, args: args} }

// failure is a runtime error (exit 1) the command line words itself from
// the catalogue, as usageError is.
type failure struct{ usageError }

// failT is a runtime error worded from the catalogue.
func failT(id string, args ...any) error { return &failure{usageError{id: id, args: args}} }

// msgID is a catalogue id given as an argument of a worded message ("a
// whole number", "problem"): it is worded in the same language.
type msgID string

func word(t i18n.Catalogue, explain func(error) string, id string, args ...any) string {
	a := make([]any, len(args))
	for i, v := range args {
		switch m := v.(type) {
		case msgID:
			v = t.T(string(m))
		case error:
			if explain != nil {
				v = explain(m)
			}
		}
		a[i] = v
	}
	return t.F(id, a...)
}

func (e *env) printJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// argID reads the single numeric argument of `ticket show N` and the like.
func argID(cmd *cobra.Command, args []string, what string) (int64, error) {
	if len(args) != 1 {
		return 0, usageT("usage.id", name(cmd), msgID("numberof."+what), cmd.CommandPath())
	}
	return parseID(args[0], what)
}

// name is a command's path without "hotline ": "ticket show".
func name(cmd *cobra.Command) string {
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// parseIDs reads ticket (or other) numbers given as arguments.
func parseIDs(args []string, what string) ([]int64, error) {
	ids := make([]int64, 0, len(args))
	for _, arg := range args {
		id, err := parseID(arg, what)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func parseID(s, what string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || n <= 0 {
		return 0, usageT("usage.notid", s, msgID("numberof."+what))
	}
	return n, nil
}

// stdoutIsTerminal reports whether w is a terminal; tests replace it.
var stdoutIsTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// inert returns w itself when it is a file or a pipe (the data stays
// exact) and a sanitising writer when it is a terminal, so that escape
// sequences held in tickets never act on the technician's screen. Close it
// when done.
func (e *env) inert(w io.Writer) io.WriteCloser {
	if stdoutIsTerminal(w) {
		return text.NewInertWriter(w)
	}
	return nopCloser{w}
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// openForID reads the single number a command takes, then opens the
// database: a bad argument is a usage error before any file is touched.
func (e *env) openForID(cmd *cobra.Command, args []string, what string) (int64, error) {
	id, err := argID(cmd, args, what)
	if err != nil {
		return 0, err
	}
	return id, e.open(cmd.Context())
}

// showCmd completes a command that shows one thing by its number, as text
// or with --json as JSON: it reads the number (a usage error before any
// file is touched), opens the database and calls show.
func (e *env) showCmd(cmd *cobra.Command, what, jsonHelp string, show func(ctx context.Context, id int64, asJSON bool) error) *cobra.Command {
	var asJSON bool
	cmd.Flags().BoolVar(&asJSON, "json", false, jsonHelp)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		id, err := e.openForID(cmd, args, what)
		if err != nil {
			return err
		}
		return show(cmd.Context(), id, asJSON)
	}
	return cmd
}
