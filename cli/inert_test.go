package cli

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evil is what an attacker puts in a ticket: clear the screen, set the
// pane title, write the clipboard (OSC 52), reorder text, and a formula.
const evil = "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\u202eexe.txt"

func withTerminal(t *testing.T, tty bool) {
	old := stdoutIsTerminal
	stdoutIsTerminal = func(io.Writer) bool { return tty }
	t.Cleanup(func() { stdoutIsTerminal = old })
}

func TestExportAndReportAreInertOnATerminalAndExactInAFile(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "=HYPERLINK(\"http://x\")"+evil, "--description", "@SUM(A1)"+evil,
		"--requester", "-2+3", "--phone", "+33 1 23 45 67 89", "--tag", "vpn")
	c.ok("kb", "search", "=cmd|' /C calc'!A0") // a missed search, shown in the report

	withTerminal(t, true)
	for _, args := range [][]string{
		{"ticket", "export", "--format", "csv"}, {"ticket", "export", "--format", "jsonl"},
		{"report", "--format", "csv"}, {"report", "--format", "json"}, {"report", "--format", "text"}, {"report", "--format", "markdown"},
	} {
		out := c.ok(args...)
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("%v on a terminal lets a control through: %q", args, out)
		}
	}

	withTerminal(t, false)
	out := c.ok("ticket", "export", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, row := rows[0], rows[1]
	cell := map[string]string{}
	for i, h := range header {
		cell[h] = row[i]
	}
	if cell["title"] != "'=HYPERLINK(\"http://x\")"+evil || cell["description"] != "'@SUM(A1)"+evil {
		t.Errorf("file export: title %q description %q; want the exact text behind an apostrophe", cell["title"], cell["description"])
	}
	if cell["requester_name"] != "'-2+3" || cell["requester_phone"] != "+33 1 23 45 67 89" {
		t.Errorf("requester %q phone %q: a formula is neutralised, a phone number is not", cell["requester_name"], cell["requester_phone"])
	}
	rep := c.ok("report", "--format", "csv")
	if !strings.Contains(rep, "'=cmd|' /C calc'!A0") {
		t.Errorf("report csv: missed search not neutralised:\n%s", rep)
	}

	// Read back, the apostrophes go: the data is what was typed.
	c2 := newCLI(t)
	file := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	c2.ok("ticket", "import", file)
	back := c2.ok("ticket", "export", "--format", "jsonl")
	if !strings.Contains(back, `"title":"=HYPERLINK(\"http://x\")\u001b[2J`) {
		t.Errorf("csv import kept the apostrophe or lost the text: %s", back)
	}
}
