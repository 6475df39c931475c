package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// goto (:, from any screen): asks for a ticket number and opens it.

type gotoKeys struct{ Open, Cancel key.Binding }

func (k gotoKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Open, k.Cancel} }
func (k gotoKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Open, k.Cancel}} }

type gotoScreen struct {
	ctx    *Context
	keys   gotoKeys
	in     input
	width  int
	height int
	err    string
}

func newGotoScreen(c *Context) *gotoScreen {
	g := &gotoScreen{ctx: c, keys: gotoKeys{
		Open:   bind(c.T, "goto.open", "enter", "enter"),
		Cancel: bind(c.T, "cancel", "esc", "esc"),
	}, in: newInput(c.Styles, "", 12)}
	g.in.Focus()
	return g
}

func (g *gotoScreen) Title() string     { return g.ctx.T.T("screen.goto") }
func (g *gotoScreen) Keys() help.KeyMap { return g.keys }
func (g *gotoScreen) Typing() bool      { return true }
func (g *gotoScreen) Init() tea.Cmd     { return nil }
func (g *gotoScreen) SetSize(w, h int)  { g.width, g.height = w, h }

func (g *gotoScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, g.keys.Cancel):
		return pop
	case key.Matches(k, g.keys.Open):
		n, ok := ticketNumber(g.in.Value())
		if !ok {
			g.err = g.ctx.T.T("goto.nan")
			return nil
		}
		return tea.Sequence(pop, gotoNumber(g.ctx, n))
	}
	g.err = ""
	g.in.edit(k)
	return nil
}

func (g *gotoScreen) View() string {
	st := g.ctx.Styles
	lines := []string{st.Prompt.Render(g.ctx.T.T("goto.prompt")) + " " + g.in.View()}
	if g.err != "" {
		lines = append(lines, st.Error.Render(g.err))
	}
	return strings.Join(lines, "\n")
}
