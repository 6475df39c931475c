package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
)

// articleViewer shows one article in full in a scrolling viewport. Opened
// from a ticket (directly or through the KB screen), l links it.

type viewerKeys struct {
	navKeys
	Copy, OpenLink, Link key.Binding
}

func (k viewerKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.PageDown, k.Copy, k.OpenLink, k.Link}
}

func (k viewerKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.navKeys.list(), {k.Copy, k.OpenLink, k.Link}}
}

type articleViewer struct {
	ctx     *Context
	keys    viewerKeys
	ref     articleRef
	from    *ticketRef
	vp      viewport.Model
	width   int
	height  int
	waiting bool
	linked  bool
}

func newArticleViewer(c *Context, ref articleRef, from *ticketRef) *articleViewer {
	t := c.T
	v := &articleViewer{ctx: c, ref: ref, from: from, vp: viewport.New(40, 10), keys: viewerKeys{
		navKeys:  newNavKeys(t),
		Copy:     bind(t, "copy", "y", "y"),
		OpenLink: bind(t, "openlink", "o", "o"),
		Link:     bind(t, "link", "l", "l"),
	}}
	v.vp.KeyMap = viewport.KeyMap{}
	v.keys.Link.SetEnabled(from != nil)
	return v
}

func (v *articleViewer) Title() string     { return v.ctx.T.T("screen.article") }
func (v *articleViewer) Keys() help.KeyMap { return v.keys }
func (v *articleViewer) Typing() bool      { return false }

func (v *articleViewer) Init() tea.Cmd { return v.fill() }

func (v *articleViewer) SetSize(w, h int) {
	v.width, v.height = w, h
	v.vp.Width, v.vp.Height = w, max(h-2, 1)
	// A new width needs a new rendering; outside Update (SetSize runs from
	// Update too) the command is picked up by the next Init or resize.
	v.setContent()
}

// fill shows the cached rendering or asks for it.
func (v *articleViewer) fill() tea.Cmd {
	if v.setContent() {
		return nil
	}
	v.waiting = true
	return renderCmd(v.ctx, v.ref.ID, v.width)
}

func (v *articleViewer) setContent() bool {
	out, ok := v.ctx.Renders[renderKey{id: v.ref.ID, width: v.width}]
	if ok {
		v.vp.SetContent(out)
	}
	return ok
}

func (v *articleViewer) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return v.fill()
	case renderedMsg:
		v.ctx.storeRender(msg)
		if msg.key.id == v.ref.ID && msg.key.width == v.width {
			v.waiting = false
			if msg.err != nil {
				return errStatus(msg.err)
			}
			if msg.article != nil && v.ref.Summary == "" {
				v.ref.Summary = summaryOf(msg.article.Body)
			}
			v.setContent()
		}
		return nil
	case ticketWriteMsg:
		if v.from != nil && msg.id == v.from.ID && msg.change.articleID == v.ref.ID && msg.err == nil {
			v.linked = msg.change.kind == "link"
		}
		return nil
	case tea.KeyMsg:
		k := v.keys
		if k.navKeys.scroll(msg, &v.vp) {
			return nil
		}
		switch {
		case key.Matches(msg, k.Copy):
			return teamsCmd(v.ctx, v.ref, v.from)
		case key.Matches(msg, k.OpenLink):
			return openCmd(v.ctx, v.ref.URL)
		case key.Matches(msg, k.Link):
			if v.from != nil {
				return writeCmd(v.ctx, v.from.ID, 0, change{kind: "link", articleID: v.ref.ID})
			}
		}
	}
	return nil
}

func (v *articleViewer) View() string {
	st := v.ctx.Styles
	head := kindMark(v.ref.Kind) + " " + text.SanitizeLine(v.ref.Title)
	if v.linked {
		head += " ✓ " + v.ctx.T.F("linked.to", v.from.ID)
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(text.Truncate(head, v.width)))
	b.WriteByte('\n')
	b.WriteString(st.Muted.Render(text.Truncate(text.SanitizeLine(v.ref.URL), v.width)))
	b.WriteByte('\n')
	if v.waiting && v.vp.TotalLineCount() == 0 {
		b.WriteString(st.Muted.Render(v.ctx.T.T("loading")))
	} else {
		b.WriteString(v.vp.View())
	}
	return b.String()
}
