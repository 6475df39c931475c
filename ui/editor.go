package ui

import (
	"fmt"
	"os"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
)

// The draft editor inside the interface: over SSH, drafting a tutorial
// cannot start $EDITOR on the server in the technician's terminal, so the
// draft opens here, in a text area. ctrl+s saves the file and goes on as
// an editor that exits would; esc leaves it unchanged (nothing is stored).

type editorKeys struct {
	Save, Cancel key.Binding
}

func (k editorKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Save, k.Cancel} }
func (k editorKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Save, k.Cancel}} }

type draftEditor struct {
	ctx   *Context
	keys  editorKeys
	draft draftWrittenMsg
	area  textarea.Model
}

func newDraftEditor(c *Context, msg draftWrittenMsg) *draftEditor {
	a := textarea.New()
	a.ShowLineNumbers = false
	a.CharLimit = 0
	a.MaxHeight = 0
	a.SetValue(string(msg.before))
	a.Focus()
	return &draftEditor{ctx: c, draft: msg, area: a, keys: editorKeys{
		Save:   bind(c.T, "save", "ctrl+s", "ctrl+s"),
		Cancel: bind(c.T, "cancel", "esc", "esc"),
	}}
}

func (e *draftEditor) Title() string     { return e.ctx.T.F("screen.editor", e.draft.id) }
func (e *draftEditor) Keys() help.KeyMap { return e.keys }
func (e *draftEditor) Typing() bool      { return true }
func (e *draftEditor) Init() tea.Cmd     { return textarea.Blink }

func (e *draftEditor) SetSize(w, h int) {
	e.area.SetWidth(max(w, 10))
	e.area.SetHeight(max(h-1, 1))
}

func (e *draftEditor) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, e.keys.Save):
			return e.save()
		case key.Matches(k, e.keys.Cancel):
			// Nothing written, nothing stored; the draft file stays for
			// next time.
			return tea.Batch(pop, status(e.ctx.T.T("editor.cancelled")))
		}
	}
	var cmd tea.Cmd
	e.area, cmd = e.area.Update(msg)
	return cmd
}

// save writes the text in a command, then hands the draft back to the
// ticket screen as if an outside editor had exited.
func (e *draftEditor) save() tea.Cmd {
	d, body := e.draft, e.area.Value()
	done := func() tea.Msg {
		msg := draftEditedMsg{id: d.id, path: d.path, before: d.before, fresh: d.fresh}
		if err := os.WriteFile(d.path, []byte(body), 0o644); err != nil {
			msg.err = fmt.Errorf("write draft: %w", err)
		}
		return msg
	}
	return tea.Sequence(pop, done)
}

func (e *draftEditor) View() string {
	return e.ctx.Styles.Title.Render(e.ctx.T.T("editor.hint")) + "\n" + e.area.View()
}
