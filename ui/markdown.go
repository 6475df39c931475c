package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour"
	"github.com/muesli/termenv"

	"hotline/internal/text"
	"hotline/kb"
)

// renderedMsg carries an article rendered with glamour at a width.
type renderedMsg struct {
	key     renderKey
	article *kb.Article
	out     string
	err     error
}

// renderCmd fetches article id and renders it at width, in a command:
// glamour takes milliseconds per article, far too slow for Update.
func renderCmd(c *Context, id int64, width int) tea.Cmd {
	kbase, base, style, profile := c.KB, c.Base, c.GlamourStyle, c.Profile
	cached := c.Articles[id]
	return func() tea.Msg {
		k := renderKey{id: id, width: width}
		a := cached
		if a == nil {
			var err error
			if a, err = kbase.Get(base, id); err != nil {
				return renderedMsg{key: k, err: fmt.Errorf("article %d: %w", id, err)}
			}
		}
		out, err := renderMarkdown(articleMarkdown(a), width, style, profile)
		return renderedMsg{key: k, article: a, out: out, err: err}
	}
}

// articleMarkdown is the body, plus the transcript of a video as a list of
// timed lines. Everything is sanitised before glamour sees it, so no escape
// sequence from an article reaches the terminal.
func articleMarkdown(a *kb.Article) string {
	var b strings.Builder
	b.WriteString(text.Sanitize(a.Body))
	if len(a.Transcript) > 0 {
		b.WriteString("\n\n---\n\n")
		for _, sg := range a.Transcript {
			fmt.Fprintf(&b, "- `%s` %s\n", fmtSeconds(sg.Start.Seconds()), text.SanitizeLine(sg.Text))
		}
	}
	return b.String()
}

func renderMarkdown(md string, width int, style string, profile termenv.Profile) (string, error) {
	r, err := glamour.NewTermRenderer(
		glamour.WithStandardStyle(style),
		glamour.WithColorProfile(profile),
		glamour.WithWordWrap(max(width-4, 20)),
	)
	if err != nil {
		return "", fmt.Errorf("render article: %w", err)
	}
	out, err := r.Render(md)
	if err != nil {
		return "", fmt.Errorf("render article: %w", err)
	}
	return strings.Trim(out, "\n"), nil
}

const maxRenders = 500

// storeRender keeps a rendered article in the shared caches (from Update).
func (c *Context) storeRender(msg renderedMsg) {
	if msg.err != nil {
		return
	}
	if len(c.Renders) >= maxRenders {
		clear(c.Renders) // a day of browsing; re-rendering is cheap enough
	}
	c.Renders[msg.key] = msg.out
	if msg.article != nil {
		c.Articles[msg.article.ID] = msg.article
	}
}
