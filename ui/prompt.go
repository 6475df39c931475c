package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
	"hotline/tickets"
)

// promptKind is what the footer prompt asks for.
type promptKind int

const (
	promptText    promptKind = iota // one line of text, enter validates
	promptComment                   // several lines, enter sends, ctrl+j breaks the line
	promptChoice                    // one key picks an option
	promptConfirm                   // (y/N): only y confirms
)

// option is one single-key choice.
type option struct {
	key, label, value string
}

// prompt is the small question a screen asks at its bottom: a comment, a
// tag list, a status to pick, a (y/N). It reports what was answered and the
// screen acts on it; action says which question it was.
type prompt struct {
	kind    promptKind
	action  string
	label   string
	options []option
	line    input
	width   int
}

// promptResult is what a key did to the prompt.
type promptResult struct {
	done, cancelled bool
	value           string
}

func newTextPrompt(action, label, value string, width int) *prompt {
	in := newInput("", 400)
	in.width = max(width-text.Width(label)-3, 10)
	in.SetValue(value)
	in.Focus()
	return &prompt{kind: promptText, action: action, label: label, line: in, width: width}
}

func newCommentPrompt(action, label, value string, width int) *prompt {
	in := newInput("│ ", tickets.MaxCommentLen)
	in.multiline = true // enter sends; ctrl+j breaks the line
	in.width = max(width-2, 10)
	in.SetValue(value)
	in.Focus()
	return &prompt{kind: promptComment, action: action, label: label, line: in, width: width}
}

func newChoicePrompt(action, label string, options []option) *prompt {
	return &prompt{kind: promptChoice, action: action, label: label, options: options}
}

func newConfirmPrompt(action, label string) *prompt {
	return &prompt{kind: promptConfirm, action: action, label: label}
}

// focusCmd is kept for symmetry with bubbles inputs: the field does not
// blink, so there is nothing to start.
func (p *prompt) focusCmd() tea.Cmd { return nil }

func (p *prompt) update(msg tea.Msg) (promptResult, tea.Cmd) {
	km, isKey := msg.(tea.KeyMsg)
	if isKey && km.Type == tea.KeyEsc {
		return promptResult{done: true, cancelled: true}, nil
	}
	switch p.kind {
	case promptChoice:
		if !isKey {
			return promptResult{}, nil
		}
		for _, o := range p.options {
			if km.String() == o.key {
				return promptResult{done: true, value: o.value}, nil
			}
		}
		return promptResult{}, nil
	case promptConfirm:
		if !isKey {
			return promptResult{}, nil
		}
		if s := km.String(); s == "y" || s == "Y" || s == "o" || s == "O" {
			return promptResult{done: true, value: "y"}, nil
		}
		return promptResult{done: true, cancelled: true}, nil
	default:
		if isKey && km.Type == tea.KeyEnter {
			return promptResult{done: true, value: strings.TrimSpace(p.line.Value())}, nil
		}
		p.line.Update(msg)
		return promptResult{}, nil
	}
}

// value is what was typed so far (kept when a write fails).
func (p *prompt) value() string {
	return p.line.Value()
}

func (p *prompt) view(st Styles, t Catalogue) string {
	label := st.Prompt.Render(p.label)
	switch p.kind {
	case promptChoice:
		parts := make([]string, len(p.options))
		for i, o := range p.options {
			parts[i] = st.Label.Render(o.key) + " " + o.label
		}
		return label + "  " + strings.Join(parts, "  ") + "  " + st.Muted.Render("esc")
	case promptConfirm:
		return label + " " + st.Warning.Render(t.T("confirm.yn"))
	case promptText:
		return label + " " + p.line.View(st)
	}
	return label + " " + st.Muted.Render(t.T("comment.hint")) + "\n" + p.line.View(st)
}

// height is the number of lines view takes.
func (p *prompt) height() int {
	if p.kind == promptComment {
		return 2
	}
	return 1
}
