package ui

import (
	"errors"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
	"hotline/tickets"
)

// The new-ticket form, for the calls technicians take on the phone: who is
// calling, how they connect, what is wrong. tab moves between fields, ←/→
// pick in a list, ctrl+s saves from anywhere.

type formField struct {
	id      string // catalogue key "field.<id>" and the tickets field name
	input   input
	choices []option // a pick list when not nil
	choice  int
	err     string
	tags    *tagCompleter // completion of the tags field
}

func (f *formField) value() string {
	if f.choices != nil {
		return f.choices[f.choice].value
	}
	return strings.TrimSpace(f.input.Value())
}

type formKeys struct {
	Next, Prev, Pick, Save, Cancel key.Binding
}

func (k formKeys) ShortHelp() []key.Binding { return []key.Binding{k.Next, k.Pick, k.Save, k.Cancel} }
func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Pick, k.Save, k.Cancel}}
}

// ticketCreatedMsg answers the form's save.
type ticketCreatedMsg struct {
	ticket *tickets.Ticket
	err    error
}

type ticketForm struct {
	ctx     *Context
	keys    formKeys
	fields  []*formField
	focus   int
	saving  bool
	confirm *prompt // discard typed data? (y/N)
	width   int
	height  int
}

func newTicketForm(c *Context) *ticketForm {
	t := c.T
	f := &ticketForm{ctx: c, keys: formKeys{
		Next:   bind(t, "nextfield", "tab/↓", "tab", "down"),
		Prev:   bind(t, "prevfield", "shift+tab/↑", "shift+tab", "up"),
		Pick:   bind(t, "pick", "←/→", "left", "right"),
		Save:   bind(t, "save", "ctrl+s", "ctrl+s"),
		Cancel: bind(t, "cancel", "esc", "esc"),
	}}
	text := func(id string, limit int) *formField {
		return &formField{id: id, input: newInput(c.Styles, "", limit)}
	}
	pick := func(id string, opts []option, def int) *formField {
		return &formField{id: id, choices: opts, choice: def}
	}
	levels := levelOptions()
	for i := range levels {
		levels[i].label = levels[i].value
	}
	cats := categoryOptions(c.Categories)
	defCat := len(cats) - 1
	for i, o := range cats {
		if o.value == "Autre" {
			defCat = i
		}
	}
	conns := connectionOptions(t)
	tagsField := text("tags", 200)
	tagsField.tags = newTagCompleter(c, completeTags)
	f.fields = []*formField{
		text("requester", tickets.MaxFieldLen),
		text("service", tickets.MaxFieldLen),
		text("email", tickets.MaxFieldLen),
		text("phone", tickets.MaxFieldLen),
		pick("connection", conns, len(conns)-1),
		pick("category", cats, defCat),
		pick("urgency", levels, 2),
		pick("impact", levels, 2),
		text("title", tickets.MaxTitleLen),
		text("description", 4000),
		tagsField,
		text("device", tickets.MaxFieldLen),
		// A call taken is usually handled by whoever took it: on by default.
		pick("assignme", []option{{"", t.T("no"), ""}, {"", t.T("yes"), c.User}}, 1),
	}
	f.focusField(0)
	return f
}

func (f *ticketForm) Title() string     { return f.ctx.T.T("screen.new") }
func (f *ticketForm) Keys() help.KeyMap { return f.keys }
func (f *ticketForm) Typing() bool      { return true }
func (f *ticketForm) Init() tea.Cmd     { return nil }

func (f *ticketForm) SetSize(w, h int) {
	f.width, f.height = w, h
	for _, fd := range f.fields {
		fd.input.setWidth(max(w-labelWidth-2, 10))
	}
}

const labelWidth = 16

func (f *ticketForm) focusField(i int) tea.Cmd {
	f.focus = clamp(i, 0, len(f.fields)-1)
	for j, fd := range f.fields {
		if j == f.focus && fd.choices == nil {
			fd.input.Focus()
		} else {
			fd.input.Blur()
		}
	}
	return nil
}

func (f *ticketForm) dirty() bool {
	for _, fd := range f.fields {
		if fd.choices == nil && fd.value() != "" {
			return true
		}
	}
	return false
}

func (f *ticketForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ticketCreatedMsg:
		f.saving = false
		if msg.err != nil {
			f.showError(msg.err)
			return errStatus(msg.err)
		}
		id := msg.ticket.ID
		return tea.Sequence(pop, push(newTicketScreen(f.ctx, id)), changedCmd(msg.ticket),
			status(f.ctx.T.F("created", id)))
	case tagsMsg:
		for _, fd := range f.fields {
			if fd.tags != nil {
				if used, cmd := fd.tags.update(msg, &fd.input); used {
					return cmd
				}
			}
		}
		return nil
	case tea.KeyMsg:
		if f.confirm != nil {
			res, _ := f.confirm.update(msg)
			f.confirm = nil
			if res.done && !res.cancelled {
				return pop
			}
			return nil
		}
		return f.handleKey(msg)
	}
	return nil
}

func (f *ticketForm) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := f.keys
	fd := f.fields[f.focus]
	if fd.tags != nil {
		if used, cmd := fd.tags.update(msg, &fd.input); used {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, k.Cancel):
		if f.dirty() {
			f.confirm = newConfirmPrompt("discard", f.ctx.T.T("confirm.discard"))
			return nil
		}
		return pop
	case key.Matches(msg, k.Save):
		return f.save()
	case msg.Type == tea.KeyEnter:
		if f.focus == len(f.fields)-1 {
			return f.save()
		}
		return f.focusField(f.focus + 1)
	case key.Matches(msg, k.Next):
		return f.focusField((f.focus + 1) % len(f.fields))
	case key.Matches(msg, k.Prev):
		return f.focusField((f.focus + len(f.fields) - 1) % len(f.fields))
	case fd.choices != nil && (key.Matches(msg, k.Pick) || msg.String() == " "):
		d := 1
		if msg.Type == tea.KeyLeft {
			d = -1
		}
		fd.choice = (fd.choice + d + len(fd.choices)) % len(fd.choices)
		return nil
	case fd.choices != nil:
		// A pick list also takes its option's key (4 for 4G, 3 for Teams).
		for i, o := range fd.choices {
			if o.key != "" && msg.String() == o.key {
				fd.choice = i
			}
		}
		return nil
	}
	if fd.input.edit(msg) {
		fd.err = ""
		if fd.tags != nil {
			return fd.tags.changed(&fd.input)
		}
	}
	return nil
}

func (f *ticketForm) get(id string) string {
	for _, fd := range f.fields {
		if fd.id == id {
			return fd.value()
		}
	}
	return ""
}

func (f *ticketForm) setErr(id, msg string) {
	for _, fd := range f.fields {
		if fd.id == id {
			fd.err = msg
		}
	}
}

// validate checks on the spot what the store would refuse, with messages
// in the technician's language.
func (f *ticketForm) validate() bool {
	t := f.ctx.T
	for _, fd := range f.fields {
		fd.err = ""
	}
	ok := true
	if f.get("title") == "" && f.get("description") == "" {
		f.setErr("title", t.T("form.err.title"))
		ok = false
	}
	if e := f.get("email"); e != "" && !strings.Contains(e, "@") {
		f.setErr("email", t.T("form.err.email"))
		ok = false
	}
	if _, remove := parseTagEdit(f.get("tags")); len(remove) > 0 {
		f.setErr("tags", t.T("form.err.tags"))
		ok = false
	}
	for _, tag := range strings.Fields(strings.ReplaceAll(f.get("tags"), ",", " ")) {
		if _, err := tickets.NormalizeTag(tag); err != nil {
			f.setErr("tags", err.Error())
			ok = false
		}
	}
	return ok
}

func (f *ticketForm) save() tea.Cmd {
	if f.saving {
		return nil
	}
	if !f.validate() {
		return errStatus(errors.New(f.ctx.T.T("form.invalid")))
	}
	urgency, _ := strconv.Atoi(f.get("urgency"))
	impact, _ := strconv.Atoi(f.get("impact"))
	add, _ := parseTagEdit(f.get("tags"))
	n := tickets.NewTicket{
		Title: f.get("title"), Description: f.get("description"),
		Requester:  tickets.Requester{Name: f.get("requester"), Service: f.get("service"), Email: f.get("email"), Phone: f.get("phone")},
		Connection: f.get("connection"), Category: f.get("category"),
		Urgency: urgency, Impact: impact, Tags: add, Assignee: f.get("assignme"), Device: f.get("device"),
		Channel: tickets.ChannelPhone,
	}
	f.saving = true
	store, base, user := f.ctx.Tickets, f.ctx.Base, f.ctx.User
	return func() tea.Msg {
		t, err := store.Create(base, n, user)
		return ticketCreatedMsg{ticket: t, err: err}
	}
}

// showError puts a store's field error next to its field.
func (f *ticketForm) showError(err error) {
	var fe *tickets.FieldError
	if errors.As(err, &fe) {
		id := strings.TrimPrefix(fe.Field, "requester ")
		if id == "name" {
			id = "requester"
		}
		f.setErr(id, fe.Reason)
	}
}

func (f *ticketForm) View() string {
	st, t := f.ctx.Styles, f.ctx.T
	var b strings.Builder
	b.WriteString(st.Title.Render(t.T("screen.new")) + "\n")
	for i, fd := range f.fields {
		label := padRight(text.Truncate(t.T("field."+fd.id), labelWidth-1), labelWidth)
		mark := " "
		if i == f.focus {
			mark = "›"
			label = st.Label.Render(label)
		} else {
			label = st.Muted.Render(label)
		}
		var val string
		if fd.choices != nil {
			o := fd.choices[fd.choice]
			// Sanitise the label (categories come from the config) before
			// styling: the sanitiser would show the style's own escape
			// codes as text.
			lbl := text.SanitizeLine(o.label)
			if fd.id == "category" || fd.id == "connection" {
				lbl += st.Muted.Render(" (" + o.key + ")")
			}
			val = "‹ " + lbl + " ›"
			if i == f.focus {
				val = st.Selected.Render("‹ "+text.SanitizeLine(o.label)+" ›") + st.Muted.Render(" ←/→")
			}
		} else {
			val = fd.input.View()
		}
		b.WriteString(mark + label + val + "\n")
		if fd.tags != nil && i == f.focus && fd.tags.active() {
			b.WriteString(strings.Repeat(" ", labelWidth+1) + fd.tags.view(st, t, f.width-labelWidth-1) + "\n")
		}
		if fd.err != "" {
			b.WriteString(strings.Repeat(" ", labelWidth+1) + st.Error.Render(text.Truncate(fd.err, f.width-labelWidth-2)) + "\n")
		}
	}
	if f.saving {
		b.WriteString(st.Muted.Render(t.T("saving")) + "\n")
	}
	if f.confirm != nil {
		b.WriteString(f.confirm.view(st, t))
	} else {
		b.WriteString(st.Muted.Render(t.T("form.hint")))
	}
	return b.String()
}
