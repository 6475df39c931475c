package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
)

// articleViewer shows one article in full in a scrolling viewport, with a
// line about where it comes from and how it is kept (collection, file,
// verified, last review, tickets, self-service answers). Opened from a
// ticket (directly or through the KB screen), l links it. The team curates
// it here: e edits its title, tags, link, collection, verified state (and
// its text when it was written in Hotline; a file-based article says which
// file to edit), a archives it, tab shows its tickets.

// Curator is what the article screen needs to curate the knowledge base;
// *kb.Store implements it. Without it the curation keys are off.
type Curator interface {
	Edit(ctx context.Context, id int64, e kb.ArticleEdit) (*kb.Article, error)
	Archive(ctx context.Context, id int64, archived bool) error
	ReviewList(ctx context.Context, opts kb.ReviewOptions) ([]kb.ReviewItem, error)
	RecordMiss(ctx context.Context, query string) error
}

// articleTickets lists the tickets linked to an article; *tickets.Store
// implements it.
type articleTickets interface {
	ArticleTickets(ctx context.Context, articleID int64, limit int) ([]tickets.ArticleTicket, error)
}

type viewerKeys struct {
	navKeys
	Copy, OpenLink, Link, Edit, Archive, Delete, Pane, Open key.Binding
}

func (k viewerKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.PageDown, k.Copy, k.OpenLink, k.Link, k.Edit, k.Archive, k.Pane}
}

func (k viewerKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.navKeys.list(), {k.Copy, k.OpenLink, k.Link}, {k.Edit, k.Archive, k.Delete, k.Pane, k.Open}}
}

// articleInfoMsg brings what the article screen shows about an article
// besides its text.
type articleInfoMsg struct {
	id          int64
	article     *kb.Article
	tickets     []tickets.ArticleTicket
	selfService int
	hasSelf     bool
	err         error
}

// articleDeletedMsg answers the deletion of an article: n tickets lost
// the link.
type articleDeletedMsg struct {
	id  int64
	n   int
	err error
}

// articleCuratedMsg answers an edit or an archiving.
type articleCuratedMsg struct {
	id      int64
	article *kb.Article
	what    string // the field changed, or "archive"/"unarchive"
	err     error
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

	info      *articleInfoMsg
	prompt    *prompt
	field     string // being edited
	showLinks bool   // tab: the tickets pane
	cursor    int
}

// viewerTicketsShown bounds the tickets listed on the article screen.
const viewerTicketsShown = 200

func newArticleViewer(c *Context, ref articleRef, from *ticketRef) *articleViewer {
	t := c.T
	v := &articleViewer{ctx: c, ref: ref, from: from, vp: viewport.New(40, 10), keys: viewerKeys{
		navKeys:  newNavKeys(t),
		Copy:     bind(t, "copy", "y", "y"),
		OpenLink: bind(t, "openlink", "o", "o"),
		Link:     bind(t, "link", "l", "l"),
		Edit:     bind(t, "edit", "e", "e"),
		Archive:  bind(t, "archive", "a", "a"),
		Delete:   bind(t, "deletearticle", "D", "D"),
		Pane:     bind(t, "articletickets", "tab", "tab"),
		Open:     bind(t, "open", "enter", "enter"),
	}}
	v.vp.KeyMap = viewport.KeyMap{}
	v.keys.Link.SetEnabled(from != nil)
	_, curate := c.KB.(Curator)
	v.keys.Edit.SetEnabled(curate)
	v.keys.Archive.SetEnabled(curate)
	v.keys.Delete.SetEnabled(c.ArticleDesk != nil)
	v.keys.Open.SetEnabled(false)
	return v
}

func (v *articleViewer) Title() string     { return v.ctx.T.T("screen.article") }
func (v *articleViewer) Keys() help.KeyMap { return v.keys }
func (v *articleViewer) Typing() bool      { return v.prompt != nil }

func (v *articleViewer) Init() tea.Cmd { return tea.Batch(v.fill(), articleInfoCmd(v.ctx, v.ref.ID)) }

// articleInfoCmd loads the article's record, its tickets and its
// self-service answers.
func articleInfoCmd(c *Context, id int64) tea.Cmd {
	kbase, base, ts, self := c.KB, c.Base, c.Tickets, c.SelfService
	return func() tea.Msg {
		msg := articleInfoMsg{id: id}
		if msg.article, msg.err = kbase.Get(base, id); msg.err != nil {
			return msg
		}
		if lister, ok := ts.(articleTickets); ok {
			if msg.tickets, msg.err = lister.ArticleTickets(base, id, viewerTicketsShown); msg.err != nil {
				return msg
			}
		}
		if self != nil {
			msg.hasSelf = true
			msg.selfService, _, msg.err = self(base, id)
		}
		return msg
	}
}

// curateCmd applies an edit (or archives) in a command.
func curateCmd(c *Context, id int64, what string, e kb.ArticleEdit) tea.Cmd {
	cur, _ := c.KB.(Curator)
	base := c.Base
	return func() tea.Msg {
		msg := articleCuratedMsg{id: id, what: what}
		switch what {
		case "archive", "unarchive":
			if msg.err = cur.Archive(base, id, what == "archive"); msg.err == nil {
				msg.article, msg.err = c.KB.Get(base, id)
			}
		default:
			msg.article, msg.err = cur.Edit(base, id, e)
		}
		return msg
	}
}

func (v *articleViewer) SetSize(w, h int) {
	v.width, v.height = w, h
	v.layout()
	// A new width needs a new rendering; outside Update (SetSize runs from
	// Update too) the command is picked up by the next Init or resize.
	v.setContent()
}

func (v *articleViewer) layout() {
	h := v.height - 3
	if v.prompt != nil {
		h -= v.prompt.height()
	}
	v.vp.Width, v.vp.Height = v.width, max(h, 1)
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
	case articleInfoMsg:
		if msg.id != v.ref.ID {
			return nil
		}
		if msg.err != nil {
			return errStatus(msg.err)
		}
		v.info = &msg
		v.keys.Open.SetEnabled(v.showLinks && len(msg.tickets) > 0)
		return nil
	case articleDeletedMsg:
		if msg.id != v.ref.ID {
			return nil
		}
		var nc *tickets.NotCreatorError
		switch {
		case errors.As(msg.err, &nc) && nc.Creator == "":
			return errStatus(errors.New(v.ctx.T.T("article.notcreator.none")))
		case errors.As(msg.err, &nc):
			return errStatus(errors.New(v.ctx.T.F("article.notcreator", nc.Creator)))
		case msg.err != nil:
			return errStatus(msg.err)
		}
		return tea.Batch(pop, status(v.ctx.T.P("article.deleted", msg.n, msg.id, msg.n)))
	case articleCuratedMsg:
		if msg.id != v.ref.ID {
			return nil
		}
		if msg.err != nil {
			return errStatus(msg.err)
		}
		// The text shown may have changed: forget the cached renderings.
		delete(v.ctx.Articles, msg.id)
		for k := range v.ctx.Renders {
			if k.id == msg.id {
				delete(v.ctx.Renders, k)
			}
		}
		if msg.article != nil {
			v.ref.Title, v.ref.URL = msg.article.Title, msg.article.URL
		}
		return tea.Batch(v.fill(), articleInfoCmd(v.ctx, v.ref.ID), status(v.ctx.T.T("article.saved."+msg.what)))
	case ticketWriteMsg:
		if v.from != nil && msg.id == v.from.ID && msg.change.articleID == v.ref.ID && msg.err == nil {
			v.linked = msg.change.kind == "link"
		}
		return nil
	case tea.KeyMsg:
		if v.prompt != nil {
			return v.answerKey(msg)
		}
		k := v.keys
		if v.showLinks {
			if cmd, ok := v.ticketsKey(msg); ok {
				return cmd
			}
		} else if k.navKeys.scroll(msg, &v.vp) {
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
		case key.Matches(msg, k.Pane):
			v.showLinks = !v.showLinks
			v.keys.Open.SetEnabled(v.showLinks && v.info != nil && len(v.info.tickets) > 0)
		case key.Matches(msg, k.Edit):
			if v.info != nil {
				v.setPrompt(newChoicePrompt("field", v.ctx.T.T("prompt.articlefield"), v.editOptions()))
			}
		case key.Matches(msg, k.Delete):
			if v.info != nil {
				a := v.info.article
				title := text.SanitizeLine(a.Title)
				n := len(v.info.tickets)
				q := v.ctx.T.P("confirm.deletearticle", n, title, n)
				if a.Source != "" {
					q = v.ctx.T.F("confirm.deletearticle.file", title, text.SanitizeLine(a.Source))
				}
				v.setPrompt(newConfirmPrompt("delete", q))
			}
		case key.Matches(msg, k.Archive):
			if v.info != nil {
				q := "confirm.archive"
				if v.info.article.Archived {
					q = "confirm.unarchive"
				}
				v.setPrompt(newConfirmPrompt("archive", v.ctx.T.T(q)))
			}
		}
	}
	return nil
}

// ticketsKey moves in the tickets pane; enter opens the ticket.
func (v *articleViewer) ticketsKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	n := 0
	if v.info != nil {
		n = len(v.info.tickets)
	}
	k := v.keys
	switch {
	case key.Matches(msg, k.Down):
		v.cursor = clamp(v.cursor+1, 0, n-1)
	case key.Matches(msg, k.Up):
		v.cursor = clamp(v.cursor-1, 0, n-1)
	case key.Matches(msg, k.Open):
		if n > 0 {
			return push(newTicketScreen(v.ctx, v.info.tickets[v.cursor].ID)), true
		}
	default:
		return nil, false
	}
	return nil, true
}

func (v *articleViewer) editOptions() []option {
	t := v.ctx.T
	opts := []option{
		{"t", t.T("field.title"), "title"},
		{"g", t.T("field.tags"), "tags"},
		{"u", t.T("field.url"), "url"},
		{"c", t.T("field.collection"), "collection"},
		{"v", t.T("field.verified"), "verified"},
	}
	if v.info != nil && v.info.article.Source == "" {
		opts = append(opts, option{"b", t.T("field.body"), "body"})
	}
	return opts
}

func (v *articleViewer) setPrompt(p *prompt) {
	v.prompt = p.sized(v.width)
	v.layout()
}

func (v *articleViewer) answerKey(msg tea.KeyMsg) tea.Cmd {
	res, cmd := v.prompt.update(msg)
	if !res.done && !res.cancelled {
		return cmd
	}
	p := v.prompt
	v.prompt = nil
	v.layout()
	if res.cancelled {
		return nil
	}
	a := v.info.article
	t := v.ctx.T
	switch p.action {
	case "delete":
		if res.value != "y" {
			return nil
		}
		desk, base, user, id := v.ctx.ArticleDesk, v.ctx.Base, v.ctx.User, a.ID
		return func() tea.Msg {
			n, err := desk.DeleteArticle(base, id, user)
			return articleDeletedMsg{id: id, n: n, err: err}
		}
	case "archive":
		if res.value != "y" {
			return nil
		}
		what := "archive"
		if a.Archived {
			what = "unarchive"
		}
		return curateCmd(v.ctx, a.ID, what, kb.ArticleEdit{})
	case "field":
		v.field = res.value
		switch res.value {
		case "title":
			v.setPrompt(newTextPrompt(v.ctx.Styles, "edit", t.T("field.title"), a.Title, v.width))
		case "tags":
			v.setPrompt(newTextPrompt(v.ctx.Styles, "edit", t.T("field.tags"), strings.Join(a.Tags, " "), v.width).withTags(v.ctx, completeTags))
		case "url":
			v.setPrompt(newTextPrompt(v.ctx.Styles, "edit", t.T("field.url"), a.URL, v.width))
		case "collection":
			v.setPrompt(newTextPrompt(v.ctx.Styles, "edit", t.T("field.collection"), a.Collection, v.width))
		case "verified":
			yes := a.Verified == nil
			return curateCmd(v.ctx, a.ID, "verified", kb.ArticleEdit{Verified: &yes})
		case "body":
			v.setPrompt(newCommentPrompt(v.ctx.Styles, "edit", t.T("field.body"), a.Body, v.width, kb.MaxBodyLen))
		}
		return nil
	case "edit":
		val := res.value
		if v.field == "body" {
			val = p.value()
		}
		var e kb.ArticleEdit
		switch v.field {
		case "title":
			e.Title = &val
		case "tags":
			tags := strings.FieldsFunc(val, func(r rune) bool { return r == ' ' || r == ',' || r == ';' })
			e.Tags = &tags
		case "url":
			e.URL = &val
		case "collection":
			e.Collection = &val
		case "body":
			e.Body = &val
		}
		return curateCmd(v.ctx, a.ID, v.field, e)
	}
	return nil
}

func (v *articleViewer) View() string {
	st := v.ctx.Styles
	t := v.ctx.T
	head := kindMark(v.ref.Kind) + " " + text.SanitizeLine(v.ref.Title)
	if v.linked {
		head += " ✓ " + t.F("linked.to", v.from.ID)
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(text.Truncate(head, v.width)))
	b.WriteByte('\n')
	b.WriteString(st.Muted.Render(text.Truncate(text.SanitizeLine(v.ref.URL), v.width)))
	b.WriteByte('\n')
	b.WriteString(st.Muted.Render(text.Truncate(v.metaLine(), v.width)))
	b.WriteByte('\n')
	switch {
	case v.showLinks:
		b.WriteString(v.ticketsView())
	case v.waiting && v.vp.TotalLineCount() == 0:
		b.WriteString(st.Muted.Render(t.T("loading")))
	default:
		b.WriteString(v.vp.View())
	}
	if v.prompt != nil {
		b.WriteByte('\n')
		b.WriteString(v.prompt.view(st, t))
	}
	return b.String()
}

// metaLine says where the article comes from and how it is kept.
func (v *articleViewer) metaLine() string {
	if v.info == nil {
		return ""
	}
	t := v.ctx.T
	a := v.info.article
	var parts []string
	if a.Archived {
		parts = append(parts, strings.ToUpper(t.T("article.archived")))
	}
	parts = append(parts, t.F("article.collection", text.SanitizeLine(a.Collection)))
	if a.Source != "" {
		parts = append(parts, t.F("article.file", text.SanitizeLine(a.Source)))
	} else {
		parts = append(parts, t.T("article.inhotline"))
	}
	if a.Verified != nil {
		parts = append(parts, t.F("article.verified", a.Verified.Format("2006-01-02")))
	} else {
		parts = append(parts, t.T("article.notverified"))
	}
	if a.ReviewedAt != nil {
		parts = append(parts, t.F("article.reviewed", a.ReviewedAt.In(v.ctx.Loc).Format("2006-01-02")))
	} else {
		parts = append(parts, t.T("article.neverreviewed"))
	}
	parts = append(parts, t.P("article.tickets", len(v.info.tickets), len(v.info.tickets)))
	if v.info.hasSelf {
		parts = append(parts, t.P("article.selfservice", v.info.selfService, v.info.selfService))
	}
	return strings.Join(parts, " · ")
}

// ticketsView lists the tickets solved with the article, newest link
// first.
func (v *articleViewer) ticketsView() string {
	st := v.ctx.Styles
	t := v.ctx.T
	h := v.vp.Height
	var lines []string
	if v.info != nil && v.info.article.Source != "" {
		lines = append(lines, st.Muted.Render(text.Truncate(t.F("article.editfile", text.SanitizeLine(v.info.article.Key())), v.width)))
	}
	if v.info == nil || len(v.info.tickets) == 0 {
		lines = append(lines, st.Muted.Render(t.T("article.notickets")))
		return strings.Join(lines, "\n")
	}
	rows := h - len(lines)
	start := clamp(v.cursor-rows+1, 0, max(len(v.info.tickets)-rows, 0))
	for i := start; i < min(len(v.info.tickets), start+rows); i++ {
		tk := v.info.tickets[i]
		line := fmt.Sprintf("#%-5d %-9s %s  %s", tk.ID, t.T("status."+tk.Status), tk.LinkedAt.In(v.ctx.Loc).Format("2006-01-02"), text.SanitizeLine(tk.Title))
		line = text.Truncate(line, v.width)
		if i == v.cursor {
			line = st.Selected.Render(padRight(line, v.width))
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
