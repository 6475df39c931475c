package ui

import (
	"fmt"
	"hotline/app"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/attachments"
	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
)

// The ticket screen: a header with every field and the SLA state, the
// description, follow-ups and history as a timeline, and a side pane with
// the linked articles, the suggestions of the knowledge base and the most
// similar past tickets.

type ticketKeys struct {
	navKeys
	Pane, Open, Comment, Private, Mail, Status, AssignMe, Assign, Tag, Edit,
	Link, Unlink, Copy, OpenLink, Search, Reload, Reapply, Problem, Draft key.Binding
	// Requester lists the other tickets of the same person.
	Requester key.Binding
	// Undo takes back this session's last change of the ticket.
	Undo key.Binding
	// Reply opens the canned replies (ctrl+r in the comment field).
	Reply, ReplyInComment key.Binding
	// Send, NewLine and Cancel are the comment field's keys, shown in the
	// footer while it is open.
	Send, NewLine, Cancel key.Binding
	commenting            bool
}

func newTicketKeys(t Catalogue) ticketKeys {
	return ticketKeys{
		navKeys:        newNavKeys(t),
		Pane:           bind(t, "pane", "tab", "tab"),
		Open:           bind(t, "open", "enter", "enter"),
		Comment:        bind(t, "comment", "c", "c"),
		Private:        bind(t, "private", "C", "C"),
		Mail:           bind(t, "mail", "M", "M"),
		Status:         bind(t, "status", "s", "s"),
		AssignMe:       bind(t, "assignme", "m", "m"),
		Assign:         bind(t, "assign", "a", "a"),
		Tag:            bind(t, "tag", "t", "t"),
		Edit:           bind(t, "edit", "e", "e"),
		Link:           bind(t, "link", "l", "l"),
		Unlink:         bind(t, "unlink", "d", "d"),
		Copy:           bind(t, "copy", "y", "y"),
		OpenLink:       bind(t, "openlink", "o", "o"),
		Search:         bind(t, "kb", "b", "b"),
		Reload:         bind(t, "refresh", "r", "r"),
		Reapply:        bind(t, "reapply", "R", "R"),
		Problem:        bind(t, "problem", "p", "p"),
		Draft:          bind(t, "draft", "w", "w"),
		Requester:      bind(t, "requester.tickets", "v", "v"),
		Undo:           bind(t, "undo", "u", "u"),
		Reply:          bind(t, "reply", "T", "T"),
		ReplyInComment: bind(t, "reply", "ctrl+r", "ctrl+r"),
		Send:           bind(t, "send", "ctrl+s", "ctrl+s"),
		NewLine:        bind(t, "newline", "enter/ctrl+j", "enter", "ctrl+j"),
		Cancel:         bind(t, "cancel", "esc", "esc"),
	}
}

func (k ticketKeys) ShortHelp() []key.Binding {
	if k.commenting {
		return []key.Binding{k.Send, k.NewLine, k.ReplyInComment, k.Cancel}
	}
	return []key.Binding{k.Pane, k.Comment, k.Status, k.AssignMe, k.Link, k.Copy, k.Problem, k.Draft, k.Reapply}
}

func (k ticketKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.navKeys.list(),
		{k.Pane, k.Open, k.Comment, k.Private, k.Mail, k.Status, k.AssignMe, k.Assign, k.Tag, k.Edit},
		{k.Link, k.Unlink, k.Copy, k.OpenLink, k.Search, k.Reload, k.Reapply, k.Undo},
		{k.Problem, k.Draft, k.Requester, k.Reply},
	}
}

// ticketLoadedMsg carries everything the screen shows of a ticket.
type ticketLoadedMsg struct {
	id        int64
	seq       int
	ticket    *tickets.Ticket
	followups []tickets.Followup
	history   []tickets.Change
	links     []linkedArticle
	problems  []tickets.Problem
	mailed    map[int64]string // follow-ups sent by mail
	files     []attachments.Attachment
	// articleTitles name the articles the history mentions (linked or
	// unlinked since), so the timeline shows titles, not numbers.
	articleTitles map[int64]string
	err           error
}

type linkedArticle struct {
	link    tickets.Link
	article *kb.Article // nil when the article is gone
}

// suggestionsMsg answers suggestCmd for a ticket at a version.
type suggestionsMsg struct {
	id, version int64
	results     []kb.Result
	similar     tickets.SimilarResult
	err         error
}

// sideItem is one selectable line of the side pane.
type sideItem struct {
	section string // "linked", "suggested", "similar"
	article articleRef
	ticket  *tickets.Ticket
	similar *tickets.Similar
	problem *tickets.Problem
	file    *attachments.Attachment
	reason  string
}

type pane int

const (
	paneTimeline pane = iota
	paneSide
)

type ticketScreen struct {
	ctx  *Context
	keys ticketKeys
	id   int64

	seq       int
	loading   bool
	ticket    *tickets.Ticket
	followups []tickets.Followup
	history   []tickets.Change
	links     []linkedArticle
	problems  []tickets.Problem
	mailed    map[int64]string
	// articleTitles: see ticketLoadedMsg.
	articleTitles map[int64]string
	files         []attachments.Attachment
	err           error

	suggestedFor int64 // version the suggestions answer
	suggestions  []kb.Result
	similar      tickets.SimilarResult

	focus      pane
	side       []sideItem
	sideCursor int
	timeline   viewport.Model

	prompt *prompt
	// kept is the change that hit a conflict or an error, ready to re-apply
	// with R once the technician has seen the new version.
	kept *change

	width, height int
	mainW, sideW  int
	// others is the presence line shown (who else has it open).
	others string
}

func newTicketScreen(c *Context, id int64) *ticketScreen {
	s := &ticketScreen{ctx: c, keys: newTicketKeys(c.T), id: id, timeline: viewport.New(40, 10)}
	s.timeline.KeyMap = viewport.KeyMap{} // keys are ours
	s.updateKeys()
	return s
}

func (s *ticketScreen) Title() string {
	return s.ctx.T.F("screen.ticket", s.id)
}
func (s *ticketScreen) Keys() help.KeyMap { return s.keys }
func (s *ticketScreen) Typing() bool      { return s.prompt != nil }

func (s *ticketScreen) Init() tea.Cmd { return s.load() }

// presence: this ticket, and whether an answer (a comment) is being typed.
func (s *ticketScreen) presence() (int64, bool) {
	return s.id, s.prompt != nil && s.prompt.kind == promptComment
}

func (s *ticketScreen) load() tea.Cmd {
	s.seq++
	s.loading = true
	seq, id := s.seq, s.id
	store, kbase, mailer, files, base := s.ctx.Tickets, s.ctx.KB, s.ctx.Mail, s.ctx.Attachments, s.ctx.Base
	return func() tea.Msg {
		msg := ticketLoadedMsg{id: id, seq: seq}
		if mailer != nil {
			msg.mailed, _ = mailer.MailedFollowups(base, id) // the marks are a nicety: never fail the screen
		}
		var ks app.ArticleReader
		if kbase != nil {
			ks = kbase
		}
		d, err := app.LoadTicketDetail(base, store, ks, id)
		if msg.err = err; err != nil {
			return msg
		}
		if files != nil {
			if msg.files, msg.err = files.List(base, id); msg.err != nil {
				return msg
			}
		}
		msg.ticket, msg.followups, msg.history, msg.problems = d.Ticket, d.Followups, d.History, d.Problems
		msg.articleTitles = map[int64]string{}
		for _, l := range d.Links {
			msg.links = append(msg.links, linkedArticle{link: l.Link, article: l.Article})
			if l.Article != nil {
				msg.articleTitles[l.Link.ArticleID] = l.Article.Title
			}
		}
		for _, c := range msg.history {
			id := historyArticleID(c)
			if _, known := msg.articleTitles[id]; id == 0 || known || kbase == nil || len(msg.articleTitles) > 50 {
				continue
			}
			if a, err := kbase.Get(base, id); err == nil {
				msg.articleTitles[id] = a.Title
			}
		}
		return msg
	}
}

// suggestCmd asks the knowledge base for articles and the ticket store for
// the most similar past tickets with the recurrence count (the badge).
func (s *ticketScreen) suggestCmd() tea.Cmd {
	t := *s.ticket
	store, kbase, base := s.ctx.Tickets, s.ctx.KB, s.ctx.Base
	if side := s.ctx.SidePanes; side != nil {
		return func() tea.Msg {
			msg := suggestionsMsg{id: t.ID, version: t.Version}
			res, sim, err := side.SidePane(base, &t, sideArticles, similarLimit)
			// Other interfaces hold the same answer: this screen gets
			// its own slices.
			msg.results, msg.similar, msg.err = slices.Clone(res), sim, err
			msg.similar.Tickets = slices.Clone(sim.Tickets)
			return msg
		}
	}
	return func() tea.Msg {
		msg := suggestionsMsg{id: t.ID, version: t.Version}
		if kbase != nil {
			msg.results, msg.err = kbase.Suggest(base, kb.SuggestInput{
				TicketID: t.ID, Title: t.Title, Description: t.Description, Category: t.Category, Tags: t.Tags,
			}, sideArticles)
		}
		sim, err := store.SimilarTo(base, tickets.ProbeOf(&t), similarLimit)
		if err != nil && msg.err == nil {
			msg.err = err
		}
		msg.similar = sim
		return msg
	}
}

// similarLimit is how many similar tickets the side pane lists,
// sideArticles how many articles it suggests.
const (
	similarLimit = 5
	sideArticles = 8
)

func (s *ticketScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.sideW = clamp(w*2/5, 28, 48)
	if w < 60 {
		s.sideW = 0
	}
	s.mainW = w - s.sideW
	s.layout()
}

// layout sizes the timeline to what the header and the prompt leave.
func (s *ticketScreen) layout() {
	h := s.height - s.headerHeight()
	if s.prompt != nil {
		h -= s.prompt.height()
	}
	s.timeline.Width = max(s.mainW-2, 10)
	s.timeline.Height = max(h-2, 1)
	s.timeline.SetContent(s.timelineContent())
}

func (s *ticketScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ticketLoadedMsg:
		if msg.id != s.id || msg.seq != s.seq {
			return nil
		}
		s.loading = false
		if msg.err != nil {
			s.err = msg.err
			return errStatus(msg.err)
		}
		s.err = nil
		grew := s.ticket != nil && len(msg.followups)+len(msg.history) > len(s.followups)+len(s.history)
		s.ticket, s.followups, s.history, s.links, s.problems, s.mailed, s.files = msg.ticket, msg.followups, msg.history, msg.links, msg.problems, msg.mailed, msg.files
		s.articleTitles = msg.articleTitles
		s.rebuildSide()
		s.layout()
		if grew {
			s.timeline.GotoBottom() // a new entry scrolls into view
		}
		s.updateKeys()
		var cmd tea.Cmd
		if s.suggestedFor != s.ticket.Version {
			cmd = s.suggestCmd()
		}
		return tea.Batch(cmd, changedCmd(s.ticket))
	case dataChangedMsg:
		// Others' follow-ups and changes show; what is being typed is in
		// the prompt, which a reload leaves alone.
		return s.load()
	case presenceMsg:
		// Others moving between tickets: lay out again only when the
		// presence line of this ticket changed.
		if line := othersLine(s.ctx, s.ctx.Viewers, s.id); line != s.others {
			s.others = line
			s.layout()
		}
		return nil
	case suggestionsMsg:
		if msg.id != s.id || s.ticket == nil || msg.version != s.ticket.Version {
			return nil
		}
		s.suggestedFor = msg.version
		s.suggestions, s.similar = msg.results, msg.similar
		s.rebuildSide()
		s.updateKeys()
		if msg.err != nil {
			return errStatus(msg.err)
		}
		return nil
	case replyChosenMsg:
		if msg.ticketID == s.id {
			return s.insertReply(msg.text)
		}
		return nil
	case undoneMsg:
		if msg.id == s.id && msg.err == nil {
			return s.load()
		}
		return nil
	case ticketWriteMsg:
		if msg.id != s.id {
			return nil
		}
		return s.written(msg)
	case problemLinkedMsg:
		if msg.err == nil && slices.Contains(msg.ticketIDs, s.id) {
			return s.load()
		}
		return nil
	case problemChangedMsg:
		for _, p := range s.problems {
			if p.ID == msg.id {
				return s.load()
			}
		}
		return nil
	case draftWrittenMsg, draftEditedMsg, draftStoredMsg:
		return s.updateDraft(msg)
	case copiedMsg:
		if msg.err != nil {
			return errStatus(msg.err)
		}
		return status(s.ctx.T.T("copied"))
	case tea.KeyMsg:
		if s.prompt != nil {
			return s.updatePrompt(msg)
		}
		return s.handleKey(msg)
	}
	if s.prompt != nil {
		_, cmd := s.prompt.update(msg) // cursor blink
		return cmd
	}
	return nil
}

// written handles the answer to a write: reload on success; on a conflict
// reload and keep the change for R; on another error keep it too and, for a
// comment, give the typed text back.
func (s *ticketScreen) written(msg ticketWriteMsg) tea.Cmd {
	t := s.ctx.T
	switch {
	case msg.err == nil:
		s.kept = nil
		s.updateKeys()
		return tea.Batch(s.load(), status(t.T("saved."+msg.change.kind)))
	case msg.conflict():
		ch := msg.change
		s.kept = &ch
		s.updateKeys()
		return tea.Batch(s.load(), errStatus(fmt.Errorf("%s", t.T("conflict"))))
	default:
		ch := msg.change
		s.kept = &ch
		if ch.kind == "comment" && s.prompt == nil {
			s.openComment(ch.private, ch.body)
		}
		s.updateKeys()
		return errStatus(wordError(t, msg.err))
	}
}

func (s *ticketScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if key.Matches(msg, k.Pane) && s.sideW > 0 {
		s.focus = 1 - s.focus
		return nil
	}
	if s.focus == paneSide {
		if c, ok := k.move(msg, s.sideCursor, len(s.side), s.height); ok {
			s.sideCursor = c
			return nil
		}
	} else if s.scrollTimeline(msg) {
		return nil
	}
	if s.ticket == nil {
		if key.Matches(msg, k.Reload) {
			return s.load()
		}
		return nil
	}
	t := s.ctx.T
	if cmd := whyDisabled(t, msg, []disabledReason{
		{k.Draft, "why.draft"}, {k.Copy, "why.noarticle"}, {k.OpenLink, "why.noarticle"},
		{k.Link, "why.nosuggestion"}, {k.Unlink, "why.nolinked"}, {k.Reapply, "why.noreapply"},
	}); cmd != nil {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Comment):
		return s.openComment(false, "")
	case key.Matches(msg, k.Private):
		return s.openComment(true, "")
	case key.Matches(msg, k.Mail):
		return s.setPrompt(newCommentPrompt(s.ctx.Styles, "mail", t.F("prompt.mail", text.SanitizeLine(s.ticket.Requester.Email)), "", s.mainW-2, tickets.MaxCommentLen))
	case key.Matches(msg, k.Status):
		s.setPrompt(newChoicePrompt("status", t.T("prompt.status"), statusOptions(t)))
	case key.Matches(msg, k.AssignMe):
		user := s.ctx.User
		return s.apply(change{kind: "patch", patch: tickets.Patch{Assignee: &user}})
	case key.Matches(msg, k.Assign):
		return s.setPrompt(newTextPrompt(s.ctx.Styles, "assign", t.T("prompt.assign"), s.ticket.Assignee, s.mainW).withTags(s.ctx, completeAssignee))
	case key.Matches(msg, k.Tag):
		return s.setPrompt(newTextPrompt(s.ctx.Styles, "tags", t.T("prompt.tags"), "", s.mainW).withTags(s.ctx, completeTags))
	case key.Matches(msg, k.Edit):
		s.setPrompt(newChoicePrompt("edit", t.T("prompt.edit"), editOptions(t)))
	case key.Matches(msg, k.Link):
		if it := s.selectedItem(); it != nil && it.section == "suggested" {
			return s.apply(change{kind: "link", articleID: it.article.ID})
		}
	case key.Matches(msg, k.Unlink):
		if it := s.selectedItem(); it != nil && it.section == "linked" {
			s.setPrompt(newConfirmPrompt("unlink", t.F("confirm.unlink", oneLine(it.article.Title))))
		}
	case key.Matches(msg, k.Copy):
		if ref := s.articleForAction(); ref != nil {
			return teamsCmd(s.ctx, *ref, s.ref())
		}
	case key.Matches(msg, k.OpenLink):
		if it := s.selectedItem(); it != nil && s.focus == paneSide && it.file != nil {
			return openAttachmentCmd(s.ctx, *it.file)
		}
		if ref := s.articleForAction(); ref != nil {
			return openCmd(s.ctx, ref.URL)
		}
	case key.Matches(msg, k.Open):
		if it := s.selectedItem(); it != nil && s.focus == paneSide {
			if it.file != nil {
				return openAttachmentCmd(s.ctx, *it.file)
			}
			if it.problem != nil {
				return push(newProblemScreen(s.ctx, it.problem.ID))
			}
			if it.ticket != nil {
				return push(newTicketScreen(s.ctx, it.ticket.ID))
			}
			return push(newArticleViewer(s.ctx, it.article, s.ref()))
		}
	case key.Matches(msg, k.Search):
		return push(newKBScreen(s.ctx, s.ref()))
	case key.Matches(msg, k.Problem):
		return push(newProblemPicker(s.ctx, []int64{s.ticket.ID}, s.ticket.Title, false))
	case key.Matches(msg, k.Draft):
		return s.draft()
	case key.Matches(msg, k.Requester):
		return push(newRequesterQueue(s.ctx, s.ticket.Requester))
	case key.Matches(msg, k.Reload):
		return s.load()
	case key.Matches(msg, k.Undo):
		return undoCmd(s.ctx, s.id)
	case key.Matches(msg, k.Reply):
		return s.openReplies()
	case key.Matches(msg, k.Reapply):
		if s.kept != nil {
			ch := *s.kept
			if ch.kind == "comment" {
				return s.openComment(ch.private, ch.body)
			}
			return s.apply(ch)
		}
	}
	return nil
}

// ref is the ticket as the KB screens need it to link articles.
func (s *ticketScreen) ref() *ticketRef {
	if s.ticket == nil {
		return nil
	}
	return &ticketRef{ID: s.ticket.ID, Title: s.ticket.Title, Requester: s.ticket.Requester.Name}
}

func (s *ticketScreen) scrollTimeline(msg tea.KeyMsg) bool {
	return s.keys.navKeys.scroll(msg, &s.timeline)
}

func (s *ticketScreen) openComment(private bool, body string) tea.Cmd {
	label := s.ctx.T.T("prompt.comment")
	action := "comment"
	if private {
		label, action = s.ctx.T.T("prompt.private"), "private"
	}
	return s.setPrompt(newCommentPrompt(s.ctx.Styles, action, label, body, s.mainW-2, tickets.MaxCommentLen))
}

func (s *ticketScreen) setPrompt(p *prompt) tea.Cmd {
	s.prompt = p.sized(s.mainW)
	s.keys.commenting = p.kind == promptComment
	s.layout()
	return p.focusCmd()
}

func (s *ticketScreen) closePrompt() {
	s.prompt = nil
	s.keys.commenting = false
	s.layout()
}

func (s *ticketScreen) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	if s.prompt.kind == promptComment && key.Matches(msg, s.keys.ReplyInComment) {
		return s.openReplies()
	}
	res, cmd := s.prompt.update(msg)
	if !res.done {
		return cmd
	}
	p := s.prompt
	s.closePrompt()
	if res.cancelled {
		return nil
	}
	return s.answer(p.action, res.value)
}

// answer acts on what the technician answered to the prompt action.
func (s *ticketScreen) answer(action, v string) tea.Cmd {
	t := s.ctx.T
	switch action {
	case "comment", "private":
		if v == "" {
			return nil
		}
		return s.apply(change{kind: "comment", body: v, private: action == "private"})
	case "mail":
		if v == "" {
			return nil
		}
		return s.apply(change{kind: "mail", body: v})
	case "status":
		st := tickets.Status(v)
		if st == tickets.StatusClosed {
			return s.setPrompt(newConfirmPrompt("close", t.T("confirm.close")))
		}
		return s.apply(change{kind: "patch", patch: tickets.Patch{Status: &st}})
	case "close":
		st := tickets.StatusClosed
		return s.apply(change{kind: "patch", patch: tickets.Patch{Status: &st}})
	case "assign":
		return s.apply(change{kind: "patch", patch: tickets.Patch{Assignee: &v}})
	case "tags":
		add, remove := parseTagEdit(v)
		if len(add)+len(remove) == 0 {
			return nil
		}
		return s.apply(change{kind: "patch", patch: tickets.Patch{AddTags: add, RemoveTags: remove}})
	case "unlink":
		if it := s.selectedItem(); it != nil && it.section == "linked" {
			return s.apply(change{kind: "unlink", articleID: it.article.ID})
		}
	case "edit":
		return s.editField(v)
	case "drafted":
		if a := s.draftedTutorial(); a != nil && v == "open" {
			return push(newArticleViewer(s.ctx, refFromArticle(a), s.ref()))
		}
		if v == "new" {
			return s.newDraft()
		}
	case "title":
		return s.apply(change{kind: "patch", patch: tickets.Patch{Title: &v}})
	case "category":
		return s.apply(change{kind: "patch", patch: tickets.Patch{Category: &v}})
	case "urgency", "impact":
		n := int(v[0] - '0')
		p := tickets.Patch{Urgency: &n}
		if action == "impact" {
			p = tickets.Patch{Impact: &n}
		}
		return s.apply(change{kind: "patch", patch: p})
	case "connection":
		c := tickets.Connection(v)
		return s.apply(change{kind: "patch", patch: tickets.Patch{Connection: &c}})
	case "description":
		return s.apply(change{kind: "patch", patch: tickets.Patch{Description: &v}})
	case "device":
		return s.apply(change{kind: "patch", patch: tickets.Patch{Device: &v}})
	case "requester", "service", "email", "phone":
		if s.ticket == nil {
			return nil
		}
		r := requesterWith(s.ticket.Requester, action, v)
		return s.apply(change{kind: "patch", patch: tickets.Patch{Requester: &r}})
	}
	return nil
}

func (s *ticketScreen) editField(field string) tea.Cmd {
	t := s.ctx.T
	switch field {
	case "title":
		return s.setPrompt(newTextPrompt(s.ctx.Styles, "title", t.T("field.title"), s.ticket.Title, s.mainW))
	case "category":
		return s.setPrompt(newChoicePrompt("category", t.T("field.category"), categoryOptions(s.ctx.Categories)))
	case "urgency", "impact":
		return s.setPrompt(newChoicePrompt(field, t.T("field."+field), levelOptions()))
	case "connection":
		return s.setPrompt(newChoicePrompt("connection", t.T("field.connection"), connectionOptions(t)))
	case "description":
		return s.setPrompt(newCommentPrompt(s.ctx.Styles, "description", t.T("field.description"), s.ticket.Description, s.mainW-2, tickets.MaxDescriptionLen))
	case "device":
		return s.setPrompt(newTextPrompt(s.ctx.Styles, "device", t.T("field.device"), s.ticket.Device, s.mainW))
	case "requester", "service", "email", "phone":
		r := s.ticket.Requester
		value := map[string]string{"requester": r.Name, "service": r.Service, "email": r.Email, "phone": r.Phone}[field]
		return s.setPrompt(newTextPrompt(s.ctx.Styles, field, t.T("field."+field), value, s.mainW))
	}
	return nil
}

// requesterWith is the ticket's requester with one field changed.
func requesterWith(r tickets.Requester, field, value string) tickets.Requester {
	switch field {
	case "requester":
		r.Name = value
	case "service":
		r.Service = value
	case "email":
		r.Email = value
	case "phone":
		r.Phone = value
	}
	return r
}

// apply sends ch for the ticket at the version on screen.
func (s *ticketScreen) apply(ch change) tea.Cmd {
	if s.ticket == nil {
		return nil
	}
	return writeCmd(s.ctx, s.ticket.ID, s.ticket.Version, ch)
}

func (s *ticketScreen) selectedItem() *sideItem {
	if s.sideCursor < 0 || s.sideCursor >= len(s.side) {
		return nil
	}
	return &s.side[s.sideCursor]
}

// articleForAction is the article y and o act on: the selected one in the
// side pane, else the first linked article, else the first suggestion.
func (s *ticketScreen) articleForAction() *articleRef {
	if it := s.selectedItem(); it != nil && s.focus == paneSide && it.isArticle() {
		return &it.article
	}
	for _, it := range s.side {
		if it.isArticle() {
			ref := it.article
			return &ref
		}
	}
	return nil
}

func (s *ticketScreen) rebuildSide() {
	s.side = s.side[:0]
	for i := range s.files {
		s.side = append(s.side, sideItem{section: "attachments", file: &s.files[i]})
	}
	linked := map[int64]bool{}
	for _, l := range s.links {
		ref := articleRef{ID: l.link.ArticleID, Title: fmt.Sprintf("#%d", l.link.ArticleID)}
		if l.article != nil {
			ref = refFromArticle(l.article)
		}
		linked[ref.ID] = true
		s.side = append(s.side, sideItem{section: "linked", article: ref})
	}
	for _, r := range s.suggestions {
		if linked[r.ID] {
			continue
		}
		s.side = append(s.side, sideItem{section: "suggested", article: refFromResult(r), reason: whyOf(s.ctx.T, r)})
	}
	for i := range s.problems {
		s.side = append(s.side, sideItem{section: "problems", problem: &s.problems[i]})
	}
	for i := range s.similar.Tickets {
		sim := &s.similar.Tickets[i]
		s.side = append(s.side, sideItem{section: "similar", ticket: &sim.Ticket, similar: sim,
			reason: s.ctx.T.F("similar.shared", strings.Join(sim.Shared, ", "))})
	}
	s.sideCursor = clamp(s.sideCursor, 0, len(s.side)-1)
}

func (s *ticketScreen) updateKeys() {
	k := &s.keys
	has := s.ticket != nil
	for _, b := range []*key.Binding{&k.Comment, &k.Private, &k.Status, &k.AssignMe, &k.Assign, &k.Tag, &k.Edit, &k.Search} {
		b.SetEnabled(has)
	}
	hasArticle := false
	for _, it := range s.side {
		hasArticle = hasArticle || it.isArticle()
	}
	k.Mail.SetEnabled(has && s.ctx.Mail != nil && strings.Contains(s.ticket.Requester.Email, "@"))
	k.Problem.SetEnabled(has)
	k.Requester.SetEnabled(has && (oneLine(s.ticket.Requester.Email) != "" || oneLine(s.ticket.Requester.Name) != ""))
	k.Draft.SetEnabled(has && (s.ticket.Status == tickets.StatusSolved || s.ticket.Status == tickets.StatusClosed))
	k.Copy.SetEnabled(hasArticle)
	k.OpenLink.SetEnabled(hasArticle || len(s.files) > 0)
	k.Link.SetEnabled(len(s.suggestions) > 0)
	k.Unlink.SetEnabled(len(s.links) > 0)
	k.Open.SetEnabled(len(s.side) > 0)
	k.Pane.SetEnabled(s.sideW > 0)
	k.Reapply.SetEnabled(s.kept != nil)
	if s.ctx.readOnly() {
		// An observer reads: the keys that write are off, and the footer
		// says why (Note).
		for _, b := range []*key.Binding{&k.Comment, &k.Private, &k.Mail, &k.Status, &k.AssignMe, &k.Assign, &k.Tag, &k.Edit,
			&k.Link, &k.Unlink, &k.Problem, &k.Draft, &k.Reapply} {
			b.SetEnabled(false)
		}
	}
}

// Note tells an observer why the keys that write are off.
func (s *ticketScreen) Note() string {
	if s.ctx.readOnly() {
		return s.ctx.T.T("role.readonly")
	}
	return ""
}

// isArticle: the item is an article (linked or suggested).
func (it *sideItem) isArticle() bool { return it.ticket == nil && it.problem == nil && it.file == nil }
