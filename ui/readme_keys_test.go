package ui

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// The README's key table (| Screen | Keys |) matches the help, screen by
// screen: every key the help (?) lists for a screen appears in that
// screen's row, and every key the row names is a key of that screen (or a
// global or list key, explained in the paragraph above the table).
func TestReadmeKeyTableMatchesHelp(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	intro, rows := readmeKeyTable(t, string(raw))
	var h *harness
	fresh := func() {
		h = newHarness(t, 120, 40, withReplies(t.TempDir()))
		h.seedProblem()
	}
	fresh()
	// Every global key and list key is named before the table.
	var shared []string
	for _, b := range append(newNavKeys(h.m.ctx.T).list(), h.m.ctx.Keys.Back, h.m.ctx.Keys.Goto, h.m.ctx.Keys.Help,
		h.m.ctx.Keys.Quit, h.m.ctx.Keys.ForceQuit) {
		shared = append(shared, helpKeys(b)...)
	}
	for _, k := range shared {
		if !strings.Contains(intro, k) {
			t.Errorf("README: the paragraph before the key table does not name %q", k)
		}
	}
	screens := []struct {
		row  string
		open func()
	}{
		{"Queue", func() {}},
		{"Triage", func() { h.press("t") }},
		{"Ticket", func() { h.openTicket("vpn") }},
		{"Teams message", func() { h.teamsTicket(h.ids["teletravail"]); h.press("y") }},
		{"Knowledge base", func() { h.press("b") }},
		{"Article", func() { h.press("b", "teletravail", "enter") }},
		{"Articles to review", func() { h.press("b", "tab", "V") }},
		{"New ticket", func() { h.press("n") }},
		{"Reports", func() { h.press("r") }},
		{"Problems", func() { h.press("P") }},
		{"Problem", func() { h.press("P", "enter") }},
		{"Canned replies", func() { h.press("T") }},
		{"Canned reply", func() { h.press("T", "ctrl+n") }},
	}
	seen := map[string]bool{}
	for _, sc := range screens {
		seen[sc.row] = true
		fresh()
		sc.open()
		s := h.top()
		cell, ok := rows[sc.row]
		if !ok {
			t.Errorf("README key table: no row for **%s** (%T)", sc.row, s)
			continue
		}
		named := readmeKeys(cell)
		// The help's keys, less the list and global keys of the paragraph.
		var helped []string
		for _, g := range s.Keys().FullHelp() {
			for _, b := range g {
				for _, k := range helpKeys(b) {
					if !slices.Contains(shared, k) && !slices.Contains(helped, k) {
						helped = append(helped, k)
					}
				}
			}
		}
		for _, k := range helped {
			if !slices.Contains(named, k) {
				t.Errorf("README **%s**: the help lists `%s`, the table does not", sc.row, k)
			}
		}
		// Every key the row names is one of the screen's (its keymap
		// includes the keys of its prompts, shown in the footer).
		declared := append(keymapKeys(s.Keys()), shared...)
		for _, k := range named {
			if !slices.Contains(declared, k) {
				t.Errorf("README **%s**: the table names `%s`, which is no key of the screen (%T)", sc.row, k, s)
			}
		}
	}
	for name := range rows {
		if !seen[name] {
			t.Errorf("README key table: row **%s** matches no screen of the test", name)
		}
	}
}

// readmeKeyTable returns the README's interface text before the key table
// and the table's rows: screen name (first bold words) → keys cell.
func readmeKeyTable(t *testing.T, readme string) (string, map[string]string) {
	t.Helper()
	start := strings.Index(readme, "| Screen | Keys |")
	sec := strings.LastIndex(readme[:max(start, 0)], "## The interface")
	if start < 0 || sec < 0 {
		t.Fatal("README: no `| Screen | Keys |` table under `## The interface`")
	}
	rows := map[string]string{}
	bold := regexp.MustCompile(`\*\*([^*]+)\*\*`)
	for _, line := range strings.Split(readme[start:], "\n")[2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 2 {
			t.Fatalf("README key table: a row has %d cells, want 2: %s", len(cells), line)
		}
		m := bold.FindStringSubmatch(cells[0])
		if m == nil {
			t.Fatalf("README key table: a row names no **screen**: %s", line)
		}
		rows[m[1]] = cells[1]
	}
	return readme[sec:start], rows
}

// readmeKeys are the keys a README cell names: the `quoted` spans that are
// keys (`c`/`C` is c and C; filter words such as `tag:vpn`, ticket numbers
// such as `#370` or `370`, and examples with spaces are not keys).
func readmeKeys(cell string) []string {
	var out []string
	spans := regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(cell, -1)
	for _, m := range spans {
		s := m[1]
		if strings.ContainsAny(s, " #\"") || (strings.Contains(s, ":") && s != ":") || regexp.MustCompile(`^\d\d+$`).MatchString(s) {
			continue
		}
		for _, k := range splitKeys(s) {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// helpKeys are the keys of a binding as its help writes them ("u/U" is u
// and U, "1-9" stays one key).
func helpKeys(b key.Binding) []string { return splitKeys(b.Help().Key) }

func splitKeys(s string) []string {
	if s == "/" {
		return []string{s}
	}
	return strings.Split(s, "/")
}

// keymapKeys are the help keys of every binding of a screen's keymap,
// including those not in its full help (the keys of its prompts).
func keymapKeys(km any) []string {
	var out []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return
		}
		if v.Type() == reflect.TypeOf(key.Binding{}) {
			if v.CanInterface() {
				out = append(out, helpKeys(v.Interface().(key.Binding))...)
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanInterface() || v.Type().Field(i).Anonymous {
				walk(f)
			}
		}
	}
	walk(reflect.ValueOf(km))
	return out
}
