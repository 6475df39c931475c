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

// A long question (a problem or article title in it) gives way to its
// (o/N) at 80 columns; a long choice question puts its choices below.
func TestPromptsKeepTheirChoicesVisibleAt80(t *testing.T) {
	c := newContext(Options{Config: config.Config{Language: "fr"}, Getenv: func(string) string { return "" }})
	long := "Délier l'article « " + strings.Repeat("Se connecter au VPN depuis la maison ", 4) + "» ?"
	v := newConfirmPrompt("unlink", long).sized(80).view(c.Styles, c.T)
	if text.Width(v) > 80 || !strings.HasSuffix(v, "(o/N)") {
		t.Fatalf("confirmation at 80 columns: %q (%d wide)", v, text.Width(v))
	}
	p := newChoicePrompt("drafted", long, []option{{"o", "l'ouvrir", "open"}, {"n", "rédiger un autre", "new"}}).sized(80)
	v = p.view(c.Styles, c.T)
	lines := strings.Split(v, "\n")
	if len(lines) != p.height() || !strings.HasPrefix(lines[1], "  o l'ouvrir") || !strings.Contains(v, "esc") {
		t.Fatalf("choices under a long question:\n%s", v)
	}
}
