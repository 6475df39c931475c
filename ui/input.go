package ui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// Text fields are bubbles' textinput (one line) and textarea (comments,
// root cause, workaround), styled with the session's styles so NO_COLOR
// and per-session renderers hold. The cursor does not blink: no timer to
// route through the screens, and frames stay the same from one render to
// the next (golden files, SSH bandwidth). ctrl+v is off: it would read the
// clipboard of the machine running Hotline, not the technician's; the
// terminal's own paste (bracketed) arrives as one message and is typed in
// whole.

// input is a one-line field.
type input struct {
	textinput.Model
}

func newInput(st Styles, prompt string, limit int) input {
	m := textinput.New()
	m.Prompt = prompt
	m.CharLimit = limit
	m.Width = 40
	m.PromptStyle = st.Prompt
	m.TextStyle = st.plain()
	m.PlaceholderStyle = st.Muted
	m.CompletionStyle = st.Muted
	m.Cursor.Style = st.Cursor
	m.Cursor.TextStyle = st.plain()
	m.Cursor.SetMode(cursor.CursorStatic)
	m.KeyMap.Paste = key.NewBinding(key.WithDisabled())
	// Completion is ours (tag lists); these keys must not be swallowed.
	m.KeyMap.AcceptSuggestion = key.NewBinding(key.WithDisabled())
	m.KeyMap.NextSuggestion = key.NewBinding(key.WithDisabled())
	m.KeyMap.PrevSuggestion = key.NewBinding(key.WithDisabled())
	return input{Model: m}
}

// Focus gives the field the keyboard; the static cursor needs no command.
func (in *input) Focus() { in.Model.Focus() }

// edit applies a message and reports whether the value changed.
func (in *input) edit(msg tea.Msg) bool {
	before := in.Value()
	in.Model, _ = in.Model.Update(msg)
	return in.Value() != before
}

// setWidth sets the visible width of the field, prompt included.
func (in *input) setWidth(w int) {
	in.Width = max(w-len([]rune(in.Prompt))-1, 5)
}

// area is a multi-line field: enter (or ctrl+j, alt+enter) breaks the line;
// the screen decides which key sends (ctrl+s).
type area struct {
	textarea.Model
}

func newArea(st Styles, limit, width, height int) area {
	m := textarea.New()
	m.CharLimit = limit
	m.MaxHeight = 0
	m.ShowLineNumbers = false
	m.Prompt = "│ "
	style := textarea.Style{
		Base: st.plain(), CursorLine: st.plain(), CursorLineNumber: st.Muted, EndOfBuffer: st.Muted,
		LineNumber: st.Muted, Placeholder: st.Muted, Prompt: st.Prompt, Text: st.plain(),
	}
	m.FocusedStyle, m.BlurredStyle = style, style
	m.Cursor.Style = st.Cursor
	m.Cursor.TextStyle = st.plain()
	m.Cursor.SetMode(cursor.CursorStatic)
	m.KeyMap.Paste = key.NewBinding(key.WithDisabled())
	m.KeyMap.InsertNewline = key.NewBinding(key.WithKeys("enter", "ctrl+m", "ctrl+j", "alt+enter"))
	m.SetWidth(width)
	m.SetHeight(height)
	return area{Model: m}
}

func (a *area) Focus() { a.Model.Focus() }

// edit applies a message and reports whether the value changed.
func (a *area) edit(msg tea.Msg) bool {
	before := a.Value()
	a.Model, _ = a.Model.Update(msg)
	return a.Value() != before
}
