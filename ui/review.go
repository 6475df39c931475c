package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
	"hotline/kb"
)

// The review list: the articles that need a look (never verified, not
// reviewed for six months, solved tickets that were reopened, a broken or
// missing link), a page at a time; enter opens one on the article screen,
// where it is edited, verified or archived. Opened with V from the
// knowledge base.

type reviewKeys struct {
	navKeys
	Open, Reload key.Binding
}

func (k reviewKeys) ShortHelp() []key.Binding { return []key.Binding{k.Down, k.Open, k.Reload} }
func (k reviewKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.navKeys.list(), {k.Open, k.Reload}}
}

// reviewPage is how many articles the list asks for at a time.
const reviewPage = 100

// reviewLoadedMsg answers a page of the review list; after is the id the
// page started after (0 for the first).
type reviewLoadedMsg struct {
	after int64
	items []kb.ReviewItem
	err   error
}

type reviewScreen struct {
	ctx     *Context
	keys    reviewKeys
	items   []kb.ReviewItem
	cursor  int
	offset  int
	loading bool
	more    bool // the last page was full: there may be more
	width   int
	height  int
}

func newReviewScreen(c *Context) *reviewScreen {
	t := c.T
	return &reviewScreen{ctx: c, loading: true, keys: reviewKeys{
		navKeys: newNavKeys(t),
		Open:    bind(t, "open", "enter", "enter"),
		Reload:  bind(t, "refresh", "ctrl+r", "ctrl+r"),
	}}
}

func (s *reviewScreen) Title() string     { return s.ctx.T.T("screen.review") }
func (s *reviewScreen) Keys() help.KeyMap { return s.keys }
func (s *reviewScreen) Typing() bool      { return false }
func (s *reviewScreen) Init() tea.Cmd     { return reviewCmd(s.ctx, 0) }

func (s *reviewScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.scroll()
}

func reviewCmd(c *Context, after int64) tea.Cmd {
	cur, _ := c.KB.(Curator)
	base := c.Base
	return func() tea.Msg {
		if cur == nil {
			return reviewLoadedMsg{after: after}
		}
		items, err := cur.ReviewList(base, kb.ReviewOptions{AfterID: after, Limit: reviewPage})
		return reviewLoadedMsg{after: after, items: items, err: err}
	}
}

// rows is how many articles fit: a title line and a reasons line each.
func (s *reviewScreen) rows() int { return max((s.height-1)/2, 1) }

func (s *reviewScreen) scroll() {
	n := s.rows()
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+n {
		s.offset = s.cursor - n + 1
	}
	s.offset = clamp(s.offset, 0, max(len(s.items)-n, 0))
}

func (s *reviewScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reviewLoadedMsg:
		s.loading = false
		if msg.err != nil {
			return errStatus(msg.err)
		}
		if msg.after == 0 {
			s.items, s.cursor, s.offset = nil, 0, 0
		}
		s.items = append(s.items, msg.items...)
		s.more = len(msg.items) == reviewPage
		s.scroll()
		return nil
	case articleCuratedMsg:
		// An article edited from here may have left the list.
		s.loading = true
		return reviewCmd(s.ctx, 0)
	case tea.KeyMsg:
		k := s.keys
		switch {
		case key.Matches(msg, k.Reload):
			s.loading = true
			return reviewCmd(s.ctx, 0)
		case key.Matches(msg, k.Open):
			if s.cursor < len(s.items) {
				a := s.items[s.cursor].Article
				return push(newArticleViewer(s.ctx, articleRef{ID: a.ID, Title: a.Title, Kind: a.Kind, URL: a.URL}, nil))
			}
			return nil
		}
		c, ok := s.keys.move(msg, s.cursor, len(s.items), s.rows())
		if ok && c != s.cursor {
			s.cursor = c
			s.scroll()
			// The next page is asked for when the cursor nears the end.
			if s.more && !s.loading && s.cursor >= len(s.items)-s.rows() {
				s.loading = true
				return reviewCmd(s.ctx, s.items[len(s.items)-1].Article.ID)
			}
		}
	}
	return nil
}

// reasons words why an article is on the list.
func (s *reviewScreen) reasons(it kb.ReviewItem) string {
	t := s.ctx.T
	parts := make([]string, 0, len(it.Reasons))
	for _, r := range it.Reasons {
		if r == kb.Reopened {
			parts = append(parts, t.P("review.reopened", it.Reopened, it.Reopened))
			continue
		}
		parts = append(parts, t.T("review."+string(r)))
	}
	return strings.Join(parts, " · ")
}

func (s *reviewScreen) View() string {
	st := s.ctx.Styles
	t := s.ctx.T
	var lines []string
	head := t.T("screen.review")
	if len(s.items) > 0 {
		n := fmt.Sprint(len(s.items))
		if s.more {
			n += "+"
		}
		head += " (" + n + ")"
	}
	lines = append(lines, st.Title.Render(text.Truncate(head, s.width)))
	switch {
	case s.loading && len(s.items) == 0:
		lines = append(lines, st.Muted.Render(t.T("loading")))
	case len(s.items) == 0:
		lines = append(lines, st.Muted.Render(text.Truncate(t.T("review.empty"), s.width)))
	}
	for i := s.offset; i < min(len(s.items), s.offset+s.rows()); i++ {
		it := s.items[i]
		a := it.Article
		title := text.Truncate(fmt.Sprintf("%s #%-5d %s  %s", kindMark(a.Kind), a.ID, text.SanitizeLine(a.Title), st.Muted.Render("· "+text.SanitizeLine(a.Collection))), s.width)
		if i == s.cursor {
			title = st.Selected.Render(padRight(text.Truncate(fmt.Sprintf("%s #%-5d %s  · %s", kindMark(a.Kind), a.ID, text.SanitizeLine(a.Title), text.SanitizeLine(a.Collection)), s.width), s.width))
		}
		lines = append(lines, title, "   "+st.Warning.Render(text.Truncate(s.reasons(it), max(s.width-3, 1))))
	}
	return strings.Join(lines, "\n")
}
