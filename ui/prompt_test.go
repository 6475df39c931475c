package ui

import (
	"strings"
	"testing"

	"hotline/internal/config"
	"hotline/internal/text"
)

// A choice prompt with more options than fit wraps them under its label,
// and says how many lines it takes so the screen leaves room for them.
func TestChoicePromptWrapsToItsWidth(t *testing.T) {
	c := newContext(Options{Config: config.Config{Language: "fr"}, Getenv: func(string) string { return "" }})
	p := newChoicePrompt("edit", "Modifier :", editOptions(c.T)).sized(46)
	view := p.view(c.Styles, c.T)
	lines := strings.Split(view, "\n")
	if len(lines) < 3 || p.height() != len(lines) {
		t.Fatalf("%d lines, height() %d:\n%s", len(lines), p.height(), view)
	}
	for _, l := range lines {
		if w := text.Width(l); w > 46 {
			t.Errorf("line %q is %d wide, more than 46", l, w)
		}
	}
	for _, o := range editOptions(c.T) {
		if !strings.Contains(view, o.label) {
			t.Errorf("option %q missing:\n%s", o.label, view)
		}
	}
	if one := newChoicePrompt("edit", "Modifier :", editOptions(c.T)); one.height() != 1 {
		t.Errorf("without a width the options stay on one line, got %d", one.height())
	}
}
