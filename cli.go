package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// globalFlags may stand before the command or among its flags.
type globalFlags struct {
	db, user, configPath string
	noColor, help        bool
}

func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.db, "db", "", "database file (env HOTLINE_DB)")
	fs.StringVar(&g.user, "user", "", "technician acting (default: config user, else $USER)")
	fs.StringVar(&g.configPath, "config", "", "config file")
	fs.BoolVar(&g.noColor, "no-color", false, "monochrome interface")
}

// merge takes the global flags given after the command over those before.
func (g *globalFlags) merge(after *globalFlags) {
	if after.db != "" {
		g.db = after.db
	}
	if after.user != "" {
		g.user = after.user
	}
	if after.configPath != "" {
		g.configPath = after.configPath
	}
	g.noColor = g.noColor || after.noColor
}

// parseLeading reads the global flags that come before the command.
func (g *globalFlags) parseLeading(args []string) ([]string, error) {
	fs := flag.NewFlagSet("hotline", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	fs.BoolVar(&g.help, "help", false, "show help")
	fs.BoolVar(&g.help, "h", false, "show help")
	if err := fs.Parse(args); err != nil {
		return nil, usageErrorf("%v (run `hotline help`)", err)
	}
	return fs.Args(), nil
}

// usageError is a mistake in how the command was called: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// flags makes a command's flag set, with the global flags and a usage text.
func (a *app) flags(name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if a.lateGlobals == nil {
		a.lateGlobals = map[*flag.FlagSet]*globalFlags{}
	}
	late := &globalFlags{}
	late.register(fs)
	a.lateGlobals[fs] = late
	fs.Usage = func() {
		fmt.Fprintf(a.stdout, "Usage: %s\n\n%s\n\nFlags:\n", synopsis, about)
		printFlags(a.stdout, fs, late)
	}
	return fs
}

// printFlags lists a command's own flags, then the global ones, GNU style.
func printFlags(w io.Writer, fs *flag.FlagSet, late *globalFlags) {
	global := map[string]bool{"db": true, "user": true, "config": true, "no-color": true}
	show := func(wantGlobal bool) {
		fs.VisitAll(func(f *flag.Flag) {
			if global[f.Name] != wantGlobal {
				return
			}
			name, usage := flag.UnquoteUsage(f)
			line := "  --" + f.Name
			if name != "" && name != "value" {
				line += " " + strings.ToUpper(name)
			} else if name == "value" {
				line += " VALUE"
			}
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				usage += " (default " + f.DefValue + ")"
			}
			fmt.Fprintf(w, "%-26s %s\n", line, usage)
		})
	}
	show(false)
	fmt.Fprintln(w, "\nGlobal flags:")
	show(true)
}

// errHelp means --help was printed: exit 0.
var errHelp = errors.New("help shown")

// parse parses a command's flags, allowing flags after positional
// arguments too (`ticket show 12 --json`).
func (a *app) parse(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return errHelp // fs.Parse printed the usage
			}
			return usageErrorf("%s: %v (run `hotline %s --help`)", fs.Name(), err, fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Keep the positional arguments where fs.Args() finds them.
	_ = fs.Parse(append([]string{"--"}, positional...))
	if late := a.lateGlobals[fs]; late != nil {
		a.globals.merge(late)
		// The config file may have been named after the command.
		if late.configPath != "" {
			return a.loadConfig()
		}
	}
	return nil
}

// stringList is a repeatable flag (--tag a --tag b).
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// optionalString records whether a flag was given at all, so that
// `--assignee ""` (unassign) differs from no --assignee.
type optionalString struct {
	set   bool
	value string
}

func (o *optionalString) String() string     { return o.value }
func (o *optionalString) Set(v string) error { o.set, o.value = true, v; return nil }

type optionalInt struct {
	set   bool
	value int
}

func (o *optionalInt) String() string { return strconv.Itoa(o.value) }
func (o *optionalInt) Set(v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return fmt.Errorf("%q is not a whole number", v)
	}
	o.set, o.value = true, n
	return nil
}

func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// parseOneID is the prologue of the commands about one ticket or problem:
// parse the flags, read the single number argument, open the database.
func (a *app) parseOneID(ctx context.Context, fs *flag.FlagSet, args []string, what string) (int64, error) {
	if err := a.parse(fs, args); err != nil {
		return 0, err
	}
	id, err := argID(fs, what)
	if err != nil {
		return 0, err
	}
	return id, a.open(ctx)
}

// argID reads the single numeric argument of `ticket show N` and the like.
func argID(fs *flag.FlagSet, what string) (int64, error) {
	if fs.NArg() != 1 {
		return 0, usageErrorf("%s: give exactly one %s number (run `hotline %s --help`)", fs.Name(), what, fs.Name())
	}
	return parseID(fs.Arg(0), what)
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
		return 0, usageErrorf("%q is not a %s number: give a positive whole number like 42", s, what)
	}
	return n, nil
}
