package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
)

// promptKind is what the footer prompt asks for.
type promptKind int

const (
	promptText    promptKind = iota // one line of text, enter validates
	promptComment                   // several lines, enter breaks the line, ctrl+s sends
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
	area    area
	width   int
	// tags, when set, completes the word being typed from the tags in use.
	tags *tagCompleter
}

// promptResult is what a key did to the prompt.
type promptResult struct {
	done, cancelled bool
	value           string
}

func newTextPrompt(st Styles, action, label, value string, width int) *prompt {
	in := newInput(st, "", 400)
	in.Width = max(width-text.Width(label)-3, 10)
	in.SetValue(value)
	in.Focus()
	return &prompt{kind: promptText, action: action, label: label, line: in, width: width}
}

// commentHeight is the number of lines a multi-line field shows.
const commentHeight = 4

// newCommentPrompt asks for several lines: enter breaks the line, ctrl+s
// sends.
func newCommentPrompt(st Styles, action, label, value string, width, limit int) *prompt {
	a := newArea(st, limit, max(width, 12), commentHeight)
	a.SetValue(value)
	a.Focus()
	return &prompt{kind: promptComment, action: action, label: label, area: a, width: width}
}

func newChoicePrompt(action, label string, options []option) *prompt {
	return &prompt{kind: promptChoice, action: action, label: label, options: options}
}

func newConfirmPrompt(action, label string) *prompt {
	return &prompt{kind: promptConfirm, action: action, label: label}
}

// withTags turns on tag completion for a text prompt.
func (p *prompt) withTags(c *Context, mode completeMode) *prompt {
	p.tags = newTagCompleter(c, mode)
	return p
}

// focusCmd is kept for symmetry with bubbles inputs: the cursor does not
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
	case promptComment:
		if isKey && km.Type == tea.KeyCtrlS {
			return promptResult{done: true, value: strings.TrimSpace(p.area.Value())}, nil
		}
		p.area.edit(msg)
		return promptResult{}, nil
	default:
		if p.tags != nil {
			if used, cmd := p.tags.update(msg, &p.line); used {
				return promptResult{}, cmd
			}
		}
		if isKey && km.Type == tea.KeyEnter {
			return promptResult{done: true, value: strings.TrimSpace(p.line.Value())}, nil
		}
		if p.line.edit(msg) && p.tags != nil {
			return promptResult{}, p.tags.changed(&p.line)
		}
		return promptResult{}, nil
	}
}

// value is what was typed so far (kept when a write fails).
func (p *prompt) value() string {
	if p.kind == promptComment {
		return p.area.Value()
	}
	return p.line.Value()
}

func (p *prompt) view(st Styles, t Catalogue) string {
	label := st.Prompt.Render(p.label)
	switch p.kind {
	case promptChoice:
		var b strings.Builder
		b.WriteString(label)
		indent := p.choiceIndent()
		if indent < text.Width(p.label) {
			b.WriteString("\n") // a long question: the choices go below it
		}
		for i, line := range p.choiceLines() {
			if i > 0 {
				b.WriteString("\n" + strings.Repeat(" ", indent))
			}
			for _, o := range line {
				if o.key == "" {
					b.WriteString("  " + st.Muted.Render("esc"))
					continue
				}
				b.WriteString("  " + st.Label.Render(o.key) + " " + o.label)
			}
		}
		return b.String()
	case promptConfirm:
		// The question gives way to its (y/N): it is cut, never the choices.
		yn := t.T("confirm.yn")
		if p.width > 0 && text.Width(p.label)+1+text.Width(yn) > p.width {
			label = st.Prompt.Render(text.Truncate(p.label, max(p.width-1-text.Width(yn), 1)))
		}
		return label + " " + st.Warning.Render(yn)
	case promptText:
		v := label + " " + p.line.View()
		if p.tags != nil {
			v += "\n" + p.tags.view(st, t, p.width)
		}
		return v
	}
	return label + " " + st.Muted.Render(t.T("comment.hint")) + "\n" + p.area.View()
}

// choiceLines lays the options (then "esc", as an option with no key) out
// in lines that fit the prompt's width, after its label; with no width
// known, on one line.
func (p *prompt) choiceLines() [][]option {
	items := append(append([]option{}, p.options...), option{label: "esc"})
	lines := [][]option{nil}
	indent := p.choiceIndent()
	used := indent
	for _, o := range items {
		w := 2 + text.Width(o.key) + 1 + text.Width(o.label)
		if o.key == "" {
			w = 2 + 3
		}
		if p.width > 0 && used+w > p.width && len(lines[len(lines)-1]) > 0 {
			lines = append(lines, nil)
			used = indent
		}
		lines[len(lines)-1] = append(lines[len(lines)-1], o)
		used += w
	}
	return lines
}

// choiceIndent is where the choices start: after the question, or at the
// line's start below a question longer than half the width.
func (p *prompt) choiceIndent() int {
	if w := text.Width(p.label); p.width == 0 || w <= p.width/2 {
		return w
	}
	return 0
}

// sized gives a prompt built without a width the width it is drawn in.
func (p *prompt) sized(width int) *prompt {
	if p.width == 0 {
		p.width = width
	}
	return p
}

// height is the number of lines view takes.
func (p *prompt) height() int {
	switch {
	case p.kind == promptComment:
		return 1 + commentHeight
	case p.tags != nil:
		return 2
	case p.kind == promptChoice:
		if p.choiceIndent() < text.Width(p.label) {
			return 1 + len(p.choiceLines())
		}
		return len(p.choiceLines())
	}
	return 1
}
