package ui

import (
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
)

// input is a one-line text field. bubbles' textinput and textarea pull in a
// system-clipboard package the module does not carry; this covers what the
// screens need: typing and pasting, moving by character and word, deleting,
// and an optional line break (ctrl+j) for comments.
type input struct {
	value       []rune
	pos         int
	focused     bool
	prompt      string
	placeholder string
	width       int
	charLimit   int
	multiline   bool
}

func newInput(prompt string, limit int) input {
	return input{prompt: prompt, charLimit: limit, width: 40}
}

func (in *input) Focus()        { in.focused = true }
func (in *input) Blur()         { in.focused = false }
func (in *input) Value() string { return string(in.value) }
func (in *input) CursorEnd()    { in.pos = len(in.value) }
func (in *input) SetValue(s string) {
	in.value = []rune(s)
	if in.charLimit > 0 && len(in.value) > in.charLimit {
		in.value = in.value[:in.charLimit]
	}
	in.pos = len(in.value)
}

// Update applies a key; it reports whether the value changed.
func (in *input) Update(msg tea.Msg) bool {
	km, ok := msg.(tea.KeyMsg)
	if !ok || !in.focused {
		return false
	}
	before := string(in.value)
	switch km.Type {
	case tea.KeyRunes, tea.KeySpace:
		in.insert(km.Runes)
	case tea.KeyCtrlJ:
		if in.multiline {
			in.insert([]rune{'\n'})
		}
	case tea.KeyBackspace:
		if in.pos > 0 {
			in.value = append(in.value[:in.pos-1], in.value[in.pos:]...)
			in.pos--
		}
	case tea.KeyDelete, tea.KeyCtrlD:
		if in.pos < len(in.value) {
			in.value = append(in.value[:in.pos], in.value[in.pos+1:]...)
		}
	case tea.KeyLeft, tea.KeyCtrlB:
		in.pos = max(in.pos-1, 0)
	case tea.KeyRight, tea.KeyCtrlF:
		in.pos = min(in.pos+1, len(in.value))
	case tea.KeyHome, tea.KeyCtrlA:
		in.pos = 0
	case tea.KeyEnd, tea.KeyCtrlE:
		in.pos = len(in.value)
	case tea.KeyCtrlU:
		in.value = in.value[in.pos:]
		in.pos = 0
	case tea.KeyCtrlK:
		in.value = in.value[:in.pos]
	case tea.KeyCtrlW:
		start := in.pos
		for start > 0 && unicode.IsSpace(in.value[start-1]) {
			start--
		}
		for start > 0 && !unicode.IsSpace(in.value[start-1]) {
			start--
		}
		in.value = append(in.value[:start], in.value[in.pos:]...)
		in.pos = start
	}
	return string(in.value) != before
}

func (in *input) insert(rs []rune) {
	var clean []rune
	for _, r := range rs {
		switch {
		case r == '\n' && in.multiline:
			clean = append(clean, r)
		case r == '\t' || r == '\n' || r == '\r':
			clean = append(clean, ' ') // a pasted line break in a one-line field
		case unicode.IsControl(r):
		default:
			clean = append(clean, r)
		}
	}
	if in.charLimit > 0 {
		clean = clean[:max(min(len(clean), in.charLimit-len(in.value)), 0)]
	}
	in.value = append(in.value[:in.pos], append(clean, in.value[in.pos:]...)...)
	in.pos += len(clean)
}

// View shows the part of the value around the cursor that fits the width;
// line breaks show as ⏎. The cursor is a reversed cell.
func (in *input) View(st Styles) string {
	if len(in.value) == 0 && !in.focused && in.placeholder != "" {
		return in.prompt + st.Muted.Render(in.placeholder)
	}
	if len(in.value) == 0 && in.placeholder != "" {
		return in.prompt + st.Cursor.Render(" ") + st.Muted.Render(text.Truncate(in.placeholder, in.width-1))
	}
	vis := []rune(text.SanitizeLine(strings.ReplaceAll(string(in.value), "\n", "⏎")))
	w := max(in.width-1, 1)
	start := 0
	if in.pos > w {
		start = in.pos - w
	}
	end := min(start+w, len(vis))
	var b strings.Builder
	b.WriteString(in.prompt)
	b.WriteString(string(vis[start:min(in.pos, end)]))
	if in.focused {
		cur := " "
		if in.pos < len(vis) {
			cur = string(vis[in.pos])
		}
		b.WriteString(st.Cursor.Render(cur))
		if in.pos < end {
			b.WriteString(string(vis[in.pos+1 : end]))
		}
	} else if in.pos < end {
		b.WriteString(string(vis[in.pos:end]))
	}
	return b.String()
}
