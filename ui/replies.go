package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"hotline/internal/text"
	"hotline/kb"
	"hotline/replies"
)

// Canned replies ("réponses types"): T on the ticket screen (or ctrl+r in
// the comment field) opens the team's replies in the interface's language;
// typing narrows them by title, enter fills the variables ({prenom},
// {numero}, {tutoriel}, {technicien}) and puts the text in the comment. The
// same screen, from the queue (T), is where the team keeps them: ctrl+n
// writes a new one, ctrl+e edits, ctrl+x deletes (o/N).

// ReplyBook is where the replies are kept (*replies.Book: files beside the
// config).
type ReplyBook interface {
	List() ([]replies.Reply, []error)
	Save(r replies.Reply) error
	Delete(name string) error
	NameFor(title string) string
}

var _ ReplyBook = replies.Book{}

type replyKeys struct {
	Up, Down, Insert, New, Edit, Delete, Back key.Binding
}

func (k replyKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Insert, k.New, k.Edit, k.Delete, k.Back}
}
func (k replyKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Insert, k.Back}, {k.New, k.Edit, k.Delete}}
}

// replyTarget is the ticket a reply goes into, with its variables' values
// (a missing key: no value for this ticket).
type replyTarget struct {
	id   int64
	vars map[string]string
}

// repliesLoadedMsg brings the replies; bad are the files skipped.
type repliesLoadedMsg struct {
	list []replies.Reply
	bad  []error
}

// replyWrittenMsg answers a save or a delete.
type replyWrittenMsg struct {
	what  string // "saved", "deleted"
	title string
	err   error
}

// replyChosenMsg carries a filled reply to the ticket screen.
type replyChosenMsg struct {
	ticketID int64
	text     string
}

type replyScreen struct {
	ctx    *Context
	keys   replyKeys
	target *replyTarget // nil: opened from the queue, to manage them
	filter input
	all    []replies.Reply
	shown  []replies.Reply
	cursor int
	loaded bool
	prompt *prompt
	width  int
	height int
}

func newReplyScreen(c *Context, target *replyTarget) *replyScreen {
	t := c.T
	s := &replyScreen{ctx: c, target: target, filter: newInput(c.Styles, "/ ", 80), keys: replyKeys{
		Up:     bind(t, "up", "↑", "up"),
		Down:   bind(t, "down", "↓", "down"),
		Insert: bind(t, "reply.insert", "enter", "enter"),
		New:    bind(t, "reply.new", "ctrl+n", "ctrl+n"),
		Edit:   bind(t, "reply.edit", "ctrl+e", "ctrl+e"),
		Delete: bind(t, "reply.delete", "ctrl+x", "ctrl+x"),
		Back:   bind(t, "back", "esc", "esc"),
	}}
	if target == nil {
		s.keys.Insert = bind(t, "reply.edit", "enter", "enter")
	}
	s.filter.Placeholder = t.T("reply.filter")
	s.filter.Focus()
	return s
}

func (s *replyScreen) Title() string     { return s.ctx.T.T("screen.replies") }
func (s *replyScreen) Keys() help.KeyMap { return s.keys }
func (s *replyScreen) Typing() bool      { return true }
func (s *replyScreen) Init() tea.Cmd     { return loadRepliesCmd(s.ctx) }

func (s *replyScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.filter.setWidth(w)
}

func loadRepliesCmd(c *Context) tea.Cmd {
	book := c.Replies
	return func() tea.Msg {
		list, bad := book.List()
		return repliesLoadedMsg{list: list, bad: bad}
	}
}

// langCode is the interface language as a reply's lang.
func langCode(t Catalogue) string {
	if t.Lang() == French {
		return "fr"
	}
	return "en"
}

// refilter keeps the replies of the interface's language (and those for
// any language) whose title holds every word typed, accents optional.
func (s *replyScreen) refilter() {
	words := strings.Fields(text.Fold(s.filter.Value()))
	lang := langCode(s.ctx.T)
	s.shown = s.shown[:0]
	for _, r := range s.all {
		if r.Lang != "" && r.Lang != lang {
			continue
		}
		title := text.Fold(r.Title)
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(title, w) }) {
			s.shown = append(s.shown, r)
		}
	}
	s.cursor = clamp(s.cursor, 0, len(s.shown)-1)
	s.keys.Edit.SetEnabled(len(s.shown) > 0)
	s.keys.Delete.SetEnabled(len(s.shown) > 0)
	s.keys.Insert.SetEnabled(len(s.shown) > 0)
}

func (s *replyScreen) selected() *replies.Reply {
	if s.cursor < 0 || s.cursor >= len(s.shown) {
		return nil
	}
	return &s.shown[s.cursor]
}

func (s *replyScreen) Update(msg tea.Msg) tea.Cmd {
	t := s.ctx.T
	switch msg := msg.(type) {
	case repliesLoadedMsg:
		s.all, s.loaded = msg.list, true
		s.refilter()
		if len(msg.bad) > 0 {
			var fe *replies.FileError
			if errors.As(msg.bad[0], &fe) {
				return errStatus(errors.New(t.F("reply.badfile", fe.Path, text.SanitizeLine(replyFileReason(t, fe.Err)), len(msg.bad))))
			}
			return errStatus(msg.bad[0])
		}
		return nil
	case replyWrittenMsg:
		if msg.err != nil {
			return errStatus(errors.New(t.F("reply.writefailed", text.SanitizeLine(msg.err.Error()))))
		}
		return tea.Batch(loadRepliesCmd(s.ctx), status(t.F("reply."+msg.what, msg.title)))
	case tea.KeyMsg:
		if s.prompt != nil {
			res, _ := s.prompt.update(msg)
			if res.done {
				s.prompt = nil
				if !res.cancelled {
					if r := s.selected(); r != nil {
						return deleteReplyCmd(s.ctx, *r)
					}
				}
			}
			return nil
		}
		return s.handleKey(msg)
	}
	return nil
}

func (s *replyScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	k, t := s.keys, s.ctx.T
	switch {
	case key.Matches(msg, k.Back):
		return pop
	case key.Matches(msg, k.Up):
		s.cursor = clamp(s.cursor-1, 0, len(s.shown)-1)
		return nil
	case key.Matches(msg, k.Down):
		s.cursor = clamp(s.cursor+1, 0, len(s.shown)-1)
		return nil
	case key.Matches(msg, k.New):
		return push(newReplyEditor(s.ctx, replies.Reply{Lang: langCode(t)}, true))
	case key.Matches(msg, k.Edit), key.Matches(msg, k.Insert) && s.target == nil:
		if r := s.selected(); r != nil {
			return push(newReplyEditor(s.ctx, *r, false))
		}
		return nil
	case key.Matches(msg, k.Delete):
		if r := s.selected(); r != nil {
			s.prompt = newConfirmPrompt("delete", t.F("confirm.deletereply", r.Title)).sized(s.width)
		}
		return nil
	case key.Matches(msg, k.Insert):
		r := s.selected()
		if r == nil {
			return nil
		}
		out, err := replies.Expand(r.Body, s.target.vars)
		if err != nil {
			return errStatus(wordReplyError(t, err))
		}
		id := s.target.id
		return tea.Sequence(pop, func() tea.Msg { return replyChosenMsg{ticketID: id, text: out} })
	}
	if s.filter.edit(msg) {
		s.cursor = 0
		s.refilter()
	}
	return nil
}

// wordReplyError says which variable is unknown or has no value here.
func wordReplyError(t Catalogue, err error) error {
	var ve *replies.VariableError
	if !errors.As(err, &ve) {
		return err
	}
	all := "{" + strings.Join(replies.Variables, "} {") + "}"
	var parts []string
	if len(ve.Unknown) > 0 {
		parts = append(parts, t.P("reply.unknownvar", len(ve.Unknown), "{"+strings.Join(ve.Unknown, "} {")+"}", all))
	}
	for _, name := range ve.Empty {
		parts = append(parts, t.T("reply.novalue."+name))
	}
	return errors.New(strings.Join(parts, " "))
}

func deleteReplyCmd(c *Context, r replies.Reply) tea.Cmd {
	book := c.Replies
	return func() tea.Msg {
		return replyWrittenMsg{what: "deleted", title: r.Title, err: book.Delete(r.Name)}
	}
}

func (s *replyScreen) View() string {
	st, t := s.ctx.Styles, s.ctx.T
	var b strings.Builder
	head := t.T("reply.head.manage")
	if s.target != nil {
		head = t.F("reply.head.insert", s.target.id)
	}
	b.WriteString(st.Title.Render(text.Truncate(head, s.width)) + "\n")
	b.WriteString(s.filter.View() + "\n")
	rows := max(s.height-4, 3)
	listRows := min(max(rows/2, 3), max(len(s.shown), 1))
	switch {
	case !s.loaded:
		b.WriteString(st.Muted.Render(t.T("loading")) + "\n")
	case len(s.all) == 0:
		b.WriteString(st.Muted.Render(text.Truncate(t.T("reply.none"), s.width)) + "\n")
	case len(s.shown) == 0:
		b.WriteString(st.Muted.Render(text.Truncate(t.T("reply.nomatch"), s.width)) + "\n")
	}
	from := clamp(s.cursor-listRows+1, 0, max(len(s.shown)-listRows, 0))
	for i := from; i < min(from+listRows, len(s.shown)); i++ {
		r := s.shown[i]
		line := "  " + r.Title
		if r.Lang != "" {
			line += " (" + r.Lang + ")"
		}
		if i == s.cursor {
			b.WriteString(st.Selected.Render(padRight(text.Truncate("›"+line[1:], s.width), s.width)) + "\n")
		} else {
			b.WriteString(text.Truncate(line, s.width) + "\n")
		}
	}
	used := 2 + max(min(len(s.shown), listRows), 1)
	if r := s.selected(); r != nil {
		body := r.Body
		if s.target != nil {
			if out, err := replies.Expand(r.Body, s.target.vars); err == nil {
				body = out
			}
		}
		b.WriteString(st.Muted.Render(strings.Repeat("─", max(s.width, 1))) + "\n")
		used++
		for _, l := range strings.Split(ansi.Wordwrap(text.Sanitize(body), max(s.width-2, 10), ""), "\n") {
			if used >= s.height-1 {
				break
			}
			b.WriteString(text.Truncate("  "+l, s.width) + "\n")
			used++
		}
	}
	if s.prompt != nil {
		b.WriteString(s.prompt.view(st, t))
	}
	return strings.TrimRight(b.String(), "\n")
}

// replyVars are a ticket screen's values of the variables: the first name
// as the Teams greeting reads it, the number, the last linked tutorial
// (title and link) and the technician's name. A variable with nothing
// behind it (no tutorial linked) is left out, and filling it says so.
func (s *ticketScreen) replyVars() map[string]string {
	vars := map[string]string{
		"numero":     strconv.FormatInt(s.id, 10),
		"technicien": s.ctx.UserName,
	}
	if vars["technicien"] == "" {
		vars["technicien"] = s.ctx.User
	}
	if s.ticket != nil {
		vars["prenom"] = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(greeting(s.ticket.Requester.Name), "Bonjour"), ","))
	}
	var last *linkedArticle
	for i := range s.links {
		l := &s.links[i]
		if l.article == nil || (l.article.Kind != kb.KindTutorial && l.article.Kind != kb.KindVideo) {
			continue
		}
		if last == nil || !l.link.LinkedAt.Before(last.link.LinkedAt) {
			last = l
		}
	}
	if last != nil {
		tut := oneLine(last.article.Title)
		if last.article.URL != "" && !isLocalPath(last.article.URL) {
			tut += " : " + last.article.URL
		}
		vars["tutoriel"] = tut
	}
	return vars
}

// isLocalPath: a link that is a file of this computer, which an agent
// could not open.
func isLocalPath(u string) bool {
	return !strings.Contains(u, "://")
}

// insertReply puts a chosen reply into the comment being typed, or opens
// a public comment with it.
func (s *ticketScreen) insertReply(body string) tea.Cmd {
	if s.prompt != nil && s.prompt.kind == promptComment {
		v := s.prompt.area.Value()
		if strings.TrimSpace(v) != "" {
			v = strings.TrimRight(v, "\n") + "\n"
		}
		s.prompt.area.SetValue(v + body)
		return nil
	}
	return s.openComment(false, body)
}

// The reply editor: title, language and text, saved to the reply's file
// with ctrl+s; a reply naming an unknown variable is refused with its name.

type replyEditorKeys struct {
	Next, Prev, Pick, Save, Cancel key.Binding
}

func (k replyEditorKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Pick, k.Save, k.Cancel}
}
func (k replyEditorKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Pick, k.Save, k.Cancel}}
}

type replyEditor struct {
	ctx    *Context
	keys   replyEditorKeys
	reply  replies.Reply
	fresh  bool
	title  input
	lang   int // index in replyLangs
	body   area
	focus  int // 0 title, 1 language, 2 text
	width  int
	height int
}

var replyLangs = []string{"fr", "en", ""}

func newReplyEditor(c *Context, r replies.Reply, fresh bool) *replyEditor {
	t := c.T
	e := &replyEditor{ctx: c, reply: r, fresh: fresh, keys: replyEditorKeys{
		Next:   bind(t, "nextfield", "tab", "tab"),
		Prev:   bind(t, "prevfield", "shift+tab", "shift+tab"),
		Pick:   bind(t, "pick", "←/→", "left", "right"),
		Save:   bind(t, "save", "ctrl+s", "ctrl+s"),
		Cancel: bind(t, "cancel", "esc", "esc"),
	}}
	e.title = newInput(c.Styles, "", 120)
	e.title.SetValue(r.Title)
	e.title.Focus()
	e.lang = max(slices.Index(replyLangs, r.Lang), 0)
	e.body = newArea(c.Styles, 8000, 60, 8)
	e.body.SetValue(r.Body)
	e.keys.Pick.SetEnabled(false)
	return e
}

func (e *replyEditor) Title() string     { return e.ctx.T.T("screen.replyeditor") }
func (e *replyEditor) Keys() help.KeyMap { return e.keys }
func (e *replyEditor) Typing() bool      { return true }
func (e *replyEditor) Init() tea.Cmd     { return nil }
func (e *replyEditor) Unsaved() bool {
	return e.title.Value() != e.reply.Title || e.body.Value() != e.reply.Body
}

func (e *replyEditor) SetSize(w, h int) {
	e.width, e.height = w, h
	e.title.setWidth(w - 12)
	e.body.SetWidth(max(w, 12))
	e.body.SetHeight(max(h-5, 3))
}

func (e *replyEditor) setFocus(f int) {
	e.focus = (f + 3) % 3
	e.title.Blur()
	e.body.Blur()
	switch e.focus {
	case 0:
		e.title.Focus()
	case 2:
		e.body.Focus()
	}
	e.keys.Pick.SetEnabled(e.focus == 1)
}

func (e *replyEditor) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := e.keys
	switch {
	case key.Matches(km, k.Cancel):
		return tea.Batch(pop, status(e.ctx.T.T("reply.cancelled")))
	case key.Matches(km, k.Save):
		return e.save()
	case key.Matches(km, k.Next):
		e.setFocus(e.focus + 1)
		return nil
	case key.Matches(km, k.Prev):
		e.setFocus(e.focus - 1)
		return nil
	}
	switch e.focus {
	case 0:
		e.title.edit(km)
	case 1:
		switch km.String() {
		case "left":
			e.lang = (e.lang + len(replyLangs) - 1) % len(replyLangs)
		case "right", " ":
			e.lang = (e.lang + 1) % len(replyLangs)
		}
	case 2:
		e.body.edit(km)
	}
	return nil
}

// save checks the reply (a title, a text, known variables) and writes it.
func (e *replyEditor) save() tea.Cmd {
	t := e.ctx.T
	r := e.reply
	r.Title = strings.TrimSpace(e.title.Value())
	r.Body = strings.TrimSpace(e.body.Value())
	r.Lang = replyLangs[e.lang]
	switch {
	case r.Title == "":
		e.setFocus(0)
		return errStatus(errors.New(t.T("reply.notitle")))
	case r.Body == "":
		e.setFocus(2)
		return errStatus(errors.New(t.T("reply.nobody")))
	}
	all := map[string]string{}
	for _, v := range replies.Variables {
		all[v] = "x"
	}
	if _, err := replies.Expand(r.Body, all); err != nil {
		e.setFocus(2)
		return errStatus(wordReplyError(t, err))
	}
	book := e.ctx.Replies
	if e.fresh {
		r.Name = book.NameFor(r.Title)
	}
	return tea.Sequence(pop, func() tea.Msg {
		return replyWrittenMsg{what: "saved", title: r.Title, err: book.Save(r)}
	})
}

func (e *replyEditor) View() string {
	st, t := e.ctx.Styles, e.ctx.T
	label := func(i int, id string) string {
		l := padRight(t.T(id), 10)
		if e.focus == i {
			return st.Label.Render("›" + l)
		}
		return " " + st.Muted.Render(l)
	}
	var langs []string
	for i, l := range replyLangs {
		name := t.T("reply.lang.any")
		if l != "" {
			name = t.T("reply.lang." + l)
		}
		if i == e.lang {
			name = st.Selected.Render(name)
		}
		langs = append(langs, name)
	}
	head := t.T("reply.head.new")
	if !e.fresh {
		head = t.F("reply.head.edit", e.reply.Title)
	}
	vars := t.F("reply.vars", "{"+strings.Join(replies.Variables, "} {")+"}")
	return st.Title.Render(text.Truncate(head, e.width)) + "\n" +
		label(0, "reply.field.title") + " " + e.title.View() + "\n" +
		label(1, "reply.field.lang") + " " + strings.Join(langs, "  ") + "\n" +
		label(2, "reply.field.body") + " " + st.Muted.Render(text.Truncate(vars, max(e.width-12, 10))) + "\n" +
		e.body.View()
}

// openReplies opens the replies to put one into this ticket's comment.
func (s *ticketScreen) openReplies() tea.Cmd {
	if s.ctx.Replies == nil {
		return errStatus(fmt.Errorf("%s", s.ctx.T.T("why.noreplies")))
	}
	if s.ticket == nil {
		return nil
	}
	return push(newReplyScreen(s.ctx, &replyTarget{id: s.id, vars: s.replyVars()}))
}

// replyFileReason words why a reply file was skipped; a file that could
// not be read keeps the system's words.
func replyFileReason(t Catalogue, err error) string {
	var pe *replies.ParseError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	switch pe.Problem {
	case replies.Unclosed:
		return t.T("reply.unclosed")
	case replies.BadLang:
		return t.F("reply.badlang", pe.Value)
	}
	return t.T("reply.nobody")
}
