package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
)

// The knowledge-base screen: a search box with results as you type, each
// with its kind, tags and highlighted snippet, and a preview of the
// selected article rendered with glamour.

// ticketRef is the ticket a KB screen was opened from, to link articles.
type ticketRef struct {
	ID        int64
	Title     string
	Requester string
}

// searchDebounce lets a burst of keystrokes become one query.
const searchDebounce = 60 * time.Millisecond

type kbKeys struct {
	navKeys
	Focus, Open, Copy, OpenLink, Link, Search, Review key.Binding
	typing                                            bool
}

func newKBKeys(t Catalogue) kbKeys {
	return kbKeys{
		navKeys:  newNavKeys(t),
		Focus:    bind(t, "pane", "tab", "tab"),
		Open:     bind(t, "read", "enter", "enter"),
		Copy:     bind(t, "copy", "y", "y"),
		OpenLink: bind(t, "openlink", "o", "o"),
		Link:     bind(t, "link", "l/ctrl+l", "l", "ctrl+l"),
		Search:   bind(t, "search", "/", "/"),
		Review:   bind(t, "review", "V", "V"),
	}
}

func (k kbKeys) ShortHelp() []key.Binding {
	if k.typing {
		return []key.Binding{k.Up, k.Down, k.Open, k.Focus}
	}
	return []key.Binding{k.Open, k.Copy, k.OpenLink, k.Link, k.Search, k.Review}
}

func (k kbKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.navKeys.list(), {k.Focus, k.Search, k.Open, k.Copy, k.OpenLink, k.Link, k.Review}}
}

// kbSearchTickMsg fires after the debounce for query number seq.
type kbSearchTickMsg struct{ seq int }

// kbResultsMsg answers query number seq.
type kbResultsMsg struct {
	seq     int
	query   string
	results []kb.Result
	err     error
}

type kbScreen struct {
	ctx  *Context
	keys kbKeys
	from *ticketRef
	// forProblem, in pick mode, is the problem l sets the article of.
	forProblem *tickets.Problem
	// forBulk, in pick mode, is how many marked tickets of the queue l
	// links the article to (the queue runs the bulk action).
	forBulk int

	input    input
	typing   bool
	seq      int // latest query asked
	shownSeq int // query whose results are on screen
	query    string
	// shownQuery is the query whose results are on screen.
	shownQuery string
	results    []kb.Result
	cursor     int
	offset     int

	pending map[renderKey]bool
	linked  map[int64]bool
	// used: the technician opened, copied, opened the link of or linked
	// a result of the query shown; a query left unused is recorded as a
	// missed search for the reports (Leave).
	used bool

	width, height      int
	listW, listH       int
	previewW, previewH int
}

func newKBScreen(c *Context, from *ticketRef) *kbScreen {
	s := &kbScreen{ctx: c, keys: newKBKeys(c.T), from: from, typing: true,
		pending: map[renderKey]bool{}, linked: map[int64]bool{}}
	s.input = newInput(c.Styles, "› ", 200)
	s.input.Placeholder = c.T.T("kb.placeholder")
	s.input.Focus()
	s.updateKeys()
	return s
}

// newKBPicker opens the knowledge base to pick the article of problem p:
// l sets it and goes back.
func newKBPicker(c *Context, p *tickets.Problem) *kbScreen {
	s := newKBScreen(c, nil)
	cp := *p
	s.forProblem = &cp
	s.input.SetValue(p.Title)
	s.query = p.Title
	s.updateKeys()
	return s
}

// newKBBulkPicker opens the knowledge base to pick the article to link
// to the n tickets marked in the queue: l goes back with it.
func newKBBulkPicker(c *Context, n int) *kbScreen {
	s := newKBScreen(c, nil)
	s.forBulk = n
	s.updateKeys()
	return s
}

// newKBQuery opens the knowledge base searching query (from a recurring
// issue: is there a tutorial for it?).
func newKBQuery(c *Context, query string) *kbScreen {
	s := newKBScreen(c, nil)
	s.input.SetValue(query)
	s.query = query
	return s
}

func (s *kbScreen) Title() string {
	if s.forProblem != nil {
		return s.ctx.T.F("screen.kb.problem", s.forProblem.ID)
	}
	if s.forBulk > 0 {
		return countF(s.ctx.T, "screen.kb.bulk", s.forBulk)
	}
	if s.from != nil {
		return s.ctx.T.F("screen.kb.for", s.from.ID)
	}
	return s.ctx.T.T("screen.kb")
}
func (s *kbScreen) Keys() help.KeyMap { return s.keys }
func (s *kbScreen) Typing() bool      { return s.typing }

// Init searches the query the screen was opened with, if any.
func (s *kbScreen) Init() tea.Cmd {
	if strings.TrimSpace(s.query) == "" {
		return nil
	}
	s.seq++
	return s.searchCmd(s.seq, s.query)
}

func (s *kbScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.input.setWidth(max(w-2, 10))
	body := max(h-2, 2) // input line and a rule
	if w >= 100 {
		s.listW, s.listH = w*9/20, body
		s.previewW, s.previewH = w-s.listW-1, body
	} else {
		s.listW, s.listH = w, max(body/2, 2)
		s.previewW, s.previewH = w, body-s.listH-1
	}
	s.scroll()
}

// rowsPerResult: a title line and a snippet line.
const rowsPerResult = 2

func (s *kbScreen) visible() int { return max(s.listH/rowsPerResult, 1) }

func (s *kbScreen) scroll() {
	n := s.visible()
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+n {
		s.offset = s.cursor - n + 1
	}
	s.offset = clamp(s.offset, 0, max(len(s.results)-n, 0))
}

func (s *kbScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return s.preview()
	case kbSearchTickMsg:
		if msg.seq != s.seq {
			return nil // a newer keystroke is waiting for its own tick
		}
		return s.searchCmd(msg.seq, s.query)
	case kbResultsMsg:
		// Keep only answers newer than what is shown: a slow old query
		// answering late must not replace a newer one.
		if msg.seq <= s.shownSeq {
			return nil
		}
		s.shownSeq = msg.seq
		if msg.err != nil {
			return errStatus(msg.err)
		}
		if msg.query != s.shownQuery {
			s.used = false
		}
		s.results, s.cursor, s.offset, s.shownQuery = msg.results, 0, 0, msg.query
		s.updateKeys()
		return s.preview()
	case renderedMsg:
		delete(s.pending, msg.key)
		s.ctx.storeRender(msg)
		if msg.err != nil {
			return errStatus(msg.err)
		}
		return nil
	case problemWriteMsg:
		if s.forProblem != nil && msg.id == s.forProblem.ID && msg.kind == "article" {
			if msg.err != nil {
				return errStatus(msg.err)
			}
			return tea.Sequence(pop, status(s.ctx.T.T("problem.saved.article")), func() tea.Msg { return problemChangedMsg{id: msg.id} })
		}
		return nil
	case ticketWriteMsg:
		if s.from != nil && msg.id == s.from.ID && msg.change.kind == "link" && msg.err == nil {
			s.linked[msg.change.articleID] = true
		}
		return nil
	case copiedMsg:
		if s.from == nil { // the ticket screen below reports it otherwise
			if msg.err != nil {
				return errStatus(msg.err)
			}
			return status(s.ctx.T.T("copied"))
		}
		return nil
	case tea.KeyMsg:
		return s.handleKey(msg)
	}
	return nil
}

func (s *kbScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Focus):
		s.setTyping(!s.typing)
		return nil
	case msg.Type == tea.KeyEnter:
		if r := s.selected(); r != nil {
			s.used = true
			return push(newArticleViewer(s.ctx, refFromResult(*r), s.from))
		}
		return nil
	case !s.typing && key.Matches(msg, k.Review):
		if _, ok := s.ctx.KB.(Curator); ok {
			return push(newReviewScreen(s.ctx))
		}
		return nil
	case s.typing && msg.Type == tea.KeyEsc:
		return pop
	case s.typing && msg.Type == tea.KeyCtrlL:
		// Link from the search box too: no need to leave it first.
		return s.link()
	case s.typing && (msg.Type == tea.KeyUp || msg.Type == tea.KeyDown || msg.Type == tea.KeyPgUp || msg.Type == tea.KeyPgDown):
		// Arrows move in the results while typing; letters stay text.
		return s.moveCursor(msg)
	case s.typing:
		if !s.input.edit(msg) {
			return nil
		}
		s.query = s.input.Value()
		s.seq++
		seq := s.seq
		return s.ctx.Tick(searchDebounce, func(time.Time) tea.Msg { return kbSearchTickMsg{seq: seq} })
	case key.Matches(msg, k.Search):
		s.setTyping(true)
		return nil
	case key.Matches(msg, k.Copy):
		if r := s.selected(); r != nil {
			s.used = true
			return teamsCmd(s.ctx, refFromResult(*r), s.from)
		}
	case key.Matches(msg, k.OpenLink):
		if r := s.selected(); r != nil {
			s.used = true
			return openCmd(s.ctx, r.URL)
		}
	case key.Matches(msg, k.Link):
		s.used = s.used || s.selected() != nil
		return s.link()
	case msg.String() == "l" && s.from == nil && s.forProblem == nil && s.forBulk == 0:
		return whyDisabled(s.ctx.T, msg, []disabledReason{{k.Link, "why.kblink"}})
	}
	return s.moveCursor(msg)
}

// link links the selected article to the ticket (or the problem) the
// knowledge base was opened from.
func (s *kbScreen) link() tea.Cmd {
	r := s.selected()
	switch {
	case r == nil:
		return nil
	case s.forProblem != nil:
		return setProblemArticleCmd(s.ctx, s.forProblem, r.ID)
	case s.forBulk > 0:
		picked := bulkArticleMsg{id: r.ID, title: r.Title}
		return tea.Sequence(pop, func() tea.Msg { return picked })
	case s.from != nil:
		return writeCmd(s.ctx, s.from.ID, 0, change{kind: "link", articleID: r.ID})
	}
	return whyDisabled(s.ctx.T, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'l'}}, []disabledReason{{s.keys.Link, "why.kblink"}})
}

func (s *kbScreen) moveCursor(msg tea.KeyMsg) tea.Cmd {
	c, ok := s.keys.move(msg, s.cursor, len(s.results), s.visible()*2)
	if !ok || c == s.cursor {
		return nil
	}
	s.cursor = c
	s.scroll()
	return s.preview()
}

func (s *kbScreen) setTyping(on bool) {
	s.typing = on
	if on {
		s.input.Focus()
	} else {
		s.input.Blur()
	}
	s.updateKeys()
}

func (s *kbScreen) searchCmd(seq int, query string) tea.Cmd {
	kbase, base := s.ctx.KB, s.ctx.Base
	return func() tea.Msg {
		if strings.TrimSpace(query) == "" {
			return kbResultsMsg{seq: seq, query: query}
		}
		res, err := kbase.Search(base, query, kb.SearchOptions{Limit: 50, NoRecord: true})
		return kbResultsMsg{seq: seq, query: query, results: res, err: err}
	}
}

// preview asks for the selected article's rendering unless it is cached or
// already on its way.
func (s *kbScreen) preview() tea.Cmd {
	r := s.selected()
	if r == nil || s.previewW < 20 {
		return nil
	}
	k := renderKey{id: r.ID, width: s.previewW}
	if _, ok := s.ctx.Renders[k]; ok || s.pending[k] {
		return nil
	}
	s.pending[k] = true
	return renderCmd(s.ctx, r.ID, s.previewW)
}

func (s *kbScreen) selected() *kb.Result {
	if s.cursor < 0 || s.cursor >= len(s.results) {
		return nil
	}
	return &s.results[s.cursor]
}

func (s *kbScreen) updateKeys() {
	k := &s.keys
	k.typing = s.typing
	has := len(s.results) > 0
	for _, b := range []*key.Binding{&k.Open, &k.Copy, &k.OpenLink} {
		b.SetEnabled(has)
	}
	k.Link.SetEnabled(has && (s.from != nil || s.forProblem != nil || s.forBulk > 0))
	k.Search.SetEnabled(!s.typing)
	for _, b := range []*key.Binding{&k.Copy, &k.OpenLink, &k.Link} {
		b.SetEnabled(b.Enabled() && !s.typing)
	}
	if s.typing {
		k.Up.SetKeys("up")
		k.Down.SetKeys("down")
		k.Up.SetHelp("↑", k.Up.Help().Desc)
		k.Down.SetHelp("↓", k.Down.Help().Desc)
	} else {
		k.Up.SetKeys("up", "k")
		k.Down.SetKeys("down", "j")
		k.Up.SetHelp("↑/k", k.Up.Help().Desc)
		k.Down.SetHelp("↓/j", k.Down.Help().Desc)
	}
	for _, b := range []*key.Binding{&k.Top, &k.Bottom} {
		b.SetEnabled(!s.typing)
	}
}

func (s *kbScreen) View() string {
	st, t := s.ctx.Styles, s.ctx.T
	var b strings.Builder
	b.WriteString(s.input.View())
	b.WriteByte('\n')
	info := ""
	switch {
	case s.query == "":
		info = t.T("kb.hint")
	case s.shownSeq < s.seq:
		info = t.T("searching")
	default:
		info = t.P("kb.count", len(s.results), len(s.results))
	}
	if s.from != nil {
		info += " · " + t.F("kb.from", s.from.ID)
	}
	if s.forProblem != nil {
		info += " · " + t.F("kb.forproblem", s.forProblem.ID)
	}
	if s.forBulk > 0 {
		info += " · " + countF(t, "kb.forbulk", s.forBulk)
	}
	b.WriteString(st.Muted.Render(text.Truncate(info, s.width)))
	b.WriteByte('\n')
	list := fitBlock(s.listView(), s.listW, s.listH)
	prev := fitBlock(s.previewView(), s.previewW, s.previewH)
	if s.width >= 100 {
		sep := strings.TrimSuffix(strings.Repeat("│\n", s.listH), "\n")
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, list, st.Muted.Render(sep), prev))
	} else {
		b.WriteString(list + "\n" + st.Muted.Render(strings.Repeat("─", s.width)) + "\n" + prev)
	}
	return b.String()
}

func (s *kbScreen) listView() string {
	st := s.ctx.Styles
	if len(s.results) == 0 {
		if s.query != "" && s.shownSeq == s.seq {
			return st.Muted.Render(s.ctx.T.T("kb.none"))
		}
		return ""
	}
	var lines []string
	end := min(s.offset+s.visible(), len(s.results))
	for i := s.offset; i < end; i++ {
		r := &s.results[i]
		head := kindMark(r.Kind) + " "
		if s.linked[r.ID] {
			head = "✓" + head // first, so a long title never hides it
		}
		if r.At != nil {
			head += "@" + fmtSeconds(*r.At) + " "
		}
		head += text.SanitizeLine(r.Title)
		tags := ""
		if len(r.Tags) > 0 {
			tags = " " + text.SanitizeLine(strings.Join(r.Tags, ","))
		}
		w := s.listW - 1
		headW := min(text.Width(head), w-min(text.Width(tags), w/3))
		line := text.Truncate(head, headW)
		if i == s.cursor {
			line = st.Selected.Render(padRight("›"+line+text.Truncate(tags, w-headW), w+1))
		} else {
			line = " " + line + st.Muted.Render(text.Truncate(tags, w-headW))
		}
		lines = append(lines, line, "  "+truncateStyled(highlightSnippet(st, r.Snippet), s.listW-2))
	}
	return strings.Join(lines, "\n")
}

func (s *kbScreen) previewView() string {
	r := s.selected()
	if r == nil {
		return ""
	}
	if out, ok := s.ctx.Renders[renderKey{id: r.ID, width: s.previewW}]; ok {
		return firstLines(out, s.previewH)
	}
	return s.ctx.Styles.Muted.Render(s.ctx.T.T("loading"))
}

// firstLines returns at most n lines of s without splitting all of it.
func firstLines(s string, n int) string {
	end := 0
	for i := 0; i < n; i++ {
		j := strings.IndexByte(s[end:], '\n')
		if j < 0 {
			return s
		}
		end += j + 1
	}
	return s[:max(end-1, 0)]
}

func truncateStyled(s string, w int) string {
	if text.Width(s) <= w {
		return s
	}
	return text.Truncate(s, w)
}

// setProblemArticleCmd makes article the one that explains problem p.
func setProblemArticleCmd(c *Context, p *tickets.Problem, article int64) tea.Cmd {
	store, base, user, id, version := c.Tickets, c.Base, c.User, p.ID, p.Version
	return func() tea.Msg {
		_, err := store.UpdateProblem(base, id, version, tickets.ProblemPatch{ArticleID: &article}, user)
		return problemWriteMsg{id: id, kind: "article", err: err}
	}
}

// whyOf words why an article is suggested, in the interface's language:
// the ticket's words it holds, where in the video, the similar tickets it
// solved.
func whyOf(t Catalogue, r kb.Result) string {
	var parts []string
	words := r.Matched
	if len(words) > 4 {
		words = words[:4]
	}
	switch len(words) {
	case 0:
	case 1:
		parts = append(parts, t.F("why.word", words[0]))
	default:
		parts = append(parts, t.F("why.words", strings.Join(words, ", ")))
	}
	if r.At != nil {
		parts = append(parts, t.F("why.at", kb.Clock(*r.At)))
	}
	switch {
	case r.Solved == 1:
		parts = append(parts, t.T("why.solved1"))
	case r.Solved > 1:
		parts = append(parts, t.P("why.solved", r.Solved, r.Solved))
	}
	return strings.Join(parts, " · ")
}

// Leave records the search on screen as missed when nothing of it was
// used: it found nothing, or the technician left without opening, copying
// or linking a result. Best effort: a failure is not worth a message.
func (s *kbScreen) Leave() tea.Cmd {
	q := strings.TrimSpace(s.shownQuery)
	cur, ok := s.ctx.KB.(Curator)
	if q == "" || s.used || !ok || s.forProblem != nil || s.forBulk > 0 {
		return nil
	}
	base := s.ctx.Base
	return func() tea.Msg {
		_ = cur.RecordMiss(base, q)
		return nil
	}
}
