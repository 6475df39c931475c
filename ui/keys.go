package ui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// GlobalKeys work on every screen (q and ? only when no text input has the
// focus; ctrl+c always).
type GlobalKeys struct {
	Quit      key.Binding
	ForceQuit key.Binding
	Help      key.Binding
	Back      key.Binding
	// Goto asks for a ticket number, from any screen.
	Goto key.Binding
}

func newGlobalKeys(t Catalogue) GlobalKeys {
	return GlobalKeys{
		Quit:      bind(t, "quit", "q", "q"),
		ForceQuit: bind(t, "quit", "ctrl+c", "ctrl+c"),
		Help:      bind(t, "help", "?", "?"),
		Back:      bind(t, "back", "esc", "esc"),
		Goto:      bind(t, "goto", ":", ":"),
	}
}

// navKeys move a cursor in a list; every list screen embeds them.
type navKeys struct {
	Up, Down, Top, Bottom, PageDown, PageUp key.Binding
}

func newNavKeys(t Catalogue) navKeys {
	return navKeys{
		Up:       bind(t, "up", "↑/k", "up", "k"),
		Down:     bind(t, "down", "↓/j", "down", "j"),
		Top:      bind(t, "top", "g", "g", "home"),
		Bottom:   bind(t, "bottom", "G", "G", "end"),
		PageDown: bind(t, "pagedown", "ctrl+d", "ctrl+d", "pgdown"),
		PageUp:   bind(t, "pageup", "ctrl+u", "ctrl+u", "pgup"),
	}
}

func (n navKeys) list() []key.Binding {
	return []key.Binding{n.Up, n.Down, n.Top, n.Bottom, n.PageDown, n.PageUp}
}

// move applies a navigation key to cursor over n items with a page of
// page rows; ok is false when msg is not a navigation key.
func (k navKeys) move(msg tea.KeyMsg, cursor, n, page int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		cursor--
	case key.Matches(msg, k.Down):
		cursor++
	case key.Matches(msg, k.Top):
		cursor = 0
	case key.Matches(msg, k.Bottom):
		cursor = n - 1
	case key.Matches(msg, k.PageDown):
		cursor += max(page/2, 1)
	case key.Matches(msg, k.PageUp):
		cursor -= max(page/2, 1)
	default:
		return cursor, false
	}
	return clamp(cursor, 0, n-1), true
}

// scroll applies a navigation key to a viewport (timeline, article,
// report); ok is false when msg is not a navigation key.
func (k navKeys) scroll(msg tea.KeyMsg, vp *viewport.Model) bool {
	switch {
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.PageDown):
		vp.HalfPageDown()
	case key.Matches(msg, k.PageUp):
		vp.HalfPageUp()
	case key.Matches(msg, k.Top):
		vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		vp.GotoBottom()
	default:
		return false
	}
	return true
}

// bind declares a binding whose help text comes from the catalogue
// ("key."+id), so help is generated in the technician's language.
func bind(t Catalogue, id, help string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, t.T("key."+id)))
}

func clamp(v, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return min(max(v, lo), hi)
}
