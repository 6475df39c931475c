package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"hotline/app"
	"hotline/internal/text"
	"hotline/reasons"
	"hotline/tickets"
)

// The new-ticket form, for the calls technicians take on the phone: who is
// calling (looked up among past requesters as the name or the address is
// typed), how they connect, what is wrong (a multi-line description), what
// was done during the call (a tutorial sent, solved on the line). tab moves
// between fields, enter makes a new line in the description, ←/→ pick in
// a list, ctrl+s saves from anywhere. Tutorials matching the title and
// description are suggested beside the form (below it on a small screen);
// ctrl+t sends the highlighted one to the caller and links it.

// CallTaker files a phone call in one transaction (app.Calls implements
// it). Without it the form files a plain ticket: no "solved during the
// call", no tutorial sent.
type CallTaker interface {
	TakeCall(ctx context.Context, c app.Call, actor string) (*tickets.Ticket, error)
}

var _ CallTaker = (*app.Calls)(nil)

type formField struct {
	id      string // catalogue key "field.<id>" and the tickets field name
	input   input
	area    *area    // a multi-line field (description, solution) when not nil
	choices []option // a pick list when not nil
	choice  int
	err     string
	tags    *tagCompleter // completion of the tags field
}

func (f *formField) value() string {
	switch {
	case f.choices != nil:
		return f.choices[f.choice].value
	case f.area != nil:
		return strings.TrimSpace(f.area.Value())
	}
	return strings.TrimSpace(f.input.Value())
}

type formKeys struct {
	Next, Prev, Pick, Choose, Save, Cancel key.Binding
	// The suggested tutorials: highlight the next or previous, send the
	// highlighted one.
	SugNext, SugPrev, Send key.Binding
}

func (k formKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Save, k.Next, k.Send, k.Pick, k.Cancel}
}
func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Pick, k.Choose, k.Save, k.Cancel}, {k.SugNext, k.SugPrev, k.Send}}
}

// ticketCreatedMsg answers the form's save.
type ticketCreatedMsg struct {
	ticket *tickets.Ticket
	solved bool
	err    error
}

// Field positions (tests and the code name them).
const (
	fRequester = iota
	fService
	fEmail
	fPhone
	fConnection
	fCategory
	fUrgency
	fImpact
	fTitle
	fDescription
	fTags
	fDevice
	fAssignMe
	fSolved
	fSolution
)

type ticketForm struct {
	ctx     *Context
	keys    formKeys
	fields  []*formField
	focus   int
	saving  bool
	confirm *prompt // discard typed data? (y/N)
	width   int
	height  int
	// scroll is the first field line shown when the form is taller than
	// the screen.
	scroll int

	lookup  requesterLookup
	service serviceCompletion
	suggest tutorialSuggestions
	// sent is the tutorial sent to the caller during the call (ctrl+t):
	// linked to the ticket when it is saved; sentNote, once the box
	// recorded it, the "tutoriel envoyé" follow-up saved with it.
	sent     *articleRef
	sentNote string
}

func newTicketForm(c *Context) *ticketForm {
	t := c.T
	f := &ticketForm{ctx: c, keys: formKeys{
		Next:    bind(t, "nextfield", "tab/↓", "tab", "down"),
		Prev:    bind(t, "prevfield", "shift+tab/↑", "shift+tab", "up"),
		Pick:    bind(t, "pick", "←/→", "left", "right"),
		Choose:  bind(t, "form.choose", "enter", "enter"),
		Save:    bind(t, "form.save", "ctrl+s", "ctrl+s"),
		Cancel:  bind(t, "cancel", "esc", "esc"),
		SugNext: bind(t, "form.sugnext", "ctrl+n", "ctrl+n"),
		SugPrev: bind(t, "form.sugprev", "ctrl+p", "ctrl+p"),
		Send:    bind(t, "form.send", "ctrl+t", "ctrl+t"),
	}}
	textField := func(id string, limit int) *formField {
		return &formField{id: id, input: newInput(c.Styles, "", limit)}
	}
	areaField := func(id string, limit, height int) *formField {
		a := newArea(c.Styles, limit, 40, height)
		return &formField{id: id, area: &a}
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
	tagsField := textField("tags", 200)
	tagsField.tags = newTagCompleter(c, completeTags)
	f.fields = []*formField{
		fRequester:   textField("requester", tickets.MaxFieldLen),
		fService:     textField("service", tickets.MaxFieldLen),
		fEmail:       textField("email", tickets.MaxFieldLen),
		fPhone:       textField("phone", tickets.MaxFieldLen),
		fConnection:  pick("connection", conns, len(conns)-1),
		fCategory:    pick("category", cats, defCat),
		fUrgency:     pick("urgency", levels, 2),
		fImpact:      pick("impact", levels, 2),
		fTitle:       textField("title", tickets.MaxTitleLen),
		fDescription: areaField("description", tickets.MaxDescriptionLen, 3),
		fTags:        tagsField,
		fDevice:      textField("device", tickets.MaxFieldLen),
		// A call taken is usually handled by whoever took it: on by default.
		fAssignMe: pick("assignme", []option{{"", t.T("no"), ""}, {"", t.T("yes"), c.User}}, 1),
		fSolved:   pick("solved", []option{{"", t.T("no"), ""}, {"", t.T("yes"), "yes"}}, 0),
		fSolution: areaField("solution", tickets.MaxCommentLen, 2),
	}
	f.updateKeys()
	f.focusField(0)
	return f
}

func (f *ticketForm) Title() string     { return f.ctx.T.T("screen.new") }
func (f *ticketForm) Keys() help.KeyMap { return f.keys }
func (f *ticketForm) Typing() bool      { return true }
func (f *ticketForm) Init() tea.Cmd     { return f.service.load(f) }

// calls is the use case filing the call; nil files a plain ticket.
func (f *ticketForm) calls() CallTaker { return f.ctx.Calls }

// visible: "solved during the call" needs the call use case, and the
// solution shows once the call is marked solved.
func (f *ticketForm) visible(i int) bool {
	switch i {
	case fSolved:
		return f.calls() != nil
	case fSolution:
		return f.calls() != nil && f.fields[fSolved].value() != ""
	}
	return true
}

func (f *ticketForm) updateKeys() {
	has := len(f.suggest.items) > 0
	f.keys.SugNext.SetEnabled(has && len(f.suggest.items) > 1)
	f.keys.SugPrev.SetEnabled(has && len(f.suggest.items) > 1)
	f.keys.Send.SetEnabled(has)
	f.keys.Choose.SetEnabled(f.listActive())
}

// beside: the suggested tutorials get a column of their own.
func (f *ticketForm) beside() bool { return f.width >= 110 }

// formWidth is the width of the form's column.
func (f *ticketForm) formWidth() int {
	if f.beside() {
		return f.width - suggestPanelWidth(f.width) - 1
	}
	return f.width
}

func suggestPanelWidth(w int) int { return clamp(w/3, 30, 48) }

func (f *ticketForm) SetSize(w, h int) {
	f.width, f.height = w, h
	fw := max(f.formWidth()-labelWidth-2, 10)
	for _, fd := range f.fields {
		if fd.area != nil {
			fd.area.SetWidth(fw)
			// More room, more lines for the description.
			if fd.id == "description" {
				fd.area.SetHeight(clamp(h/8, 3, 6))
			}
			continue
		}
		fd.input.setWidth(fw)
	}
}

const labelWidth = 16

func (f *ticketForm) focusField(i int) tea.Cmd {
	f.focus = clamp(i, 0, len(f.fields)-1)
	for j, fd := range f.fields {
		focused := j == f.focus && fd.choices == nil
		switch {
		case fd.area != nil && focused:
			fd.area.Focus()
		case fd.area != nil:
			fd.area.Blur()
		case focused:
			fd.input.Focus()
		default:
			fd.input.Blur()
		}
	}
	f.lookup.close()
	f.service.close()
	f.updateKeys()
	return nil
}

// move goes d fields on (±1), skipping hidden ones, wrapping around.
func (f *ticketForm) move(d int) tea.Cmd {
	n := len(f.fields)
	i := f.focus
	for range n {
		i = (i + d + n) % n
		if f.visible(i) {
			break
		}
	}
	return f.focusField(i)
}

// lastField is the last visible field (enter there saves).
func (f *ticketForm) lastField() int {
	for i := len(f.fields) - 1; i > 0; i-- {
		if f.visible(i) {
			return i
		}
	}
	return 0
}

func (f *ticketForm) dirty() bool {
	for _, fd := range f.fields {
		if fd.choices == nil && fd.value() != "" {
			return true
		}
	}
	return f.sent != nil
}

// listActive: a list under the focused field takes ↑/↓ and enter.
func (f *ticketForm) listActive() bool {
	switch f.focus {
	case fRequester, fEmail:
		return f.lookup.active(f.focus)
	case fService:
		return f.service.active()
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
		done := f.ctx.T.F("created", id)
		if msg.solved {
			done = f.ctx.T.F("created.solved", id)
		}
		return tea.Sequence(pop, push(newTicketScreen(f.ctx, id)), changedCmd(msg.ticket), status(done))
	case tagsMsg:
		for _, fd := range f.fields {
			if fd.tags != nil {
				if used, cmd := fd.tags.update(msg, &fd.input); used {
					return cmd
				}
			}
		}
		return nil
	case formServicesMsg:
		if msg.form == f {
			f.service.loaded(f, msg)
		}
		return nil
	case requestersMsg:
		if msg.form == f {
			f.lookup.answered(msg)
			f.updateKeys()
		}
		return nil
	case suggestTickMsg:
		if msg.form == f {
			return f.suggest.tick(f, msg)
		}
		return nil
	case formSuggestionsMsg:
		if msg.form == f {
			cmd := f.suggest.answered(msg)
			f.updateKeys()
			return cmd
		}
		return nil
	case tutorialRecordedMsg:
		if msg.form == f {
			f.sentNote = msg.note
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
		if f.listActive() {
			f.lookup.close()
			f.service.close()
			f.updateKeys()
			return nil
		}
		if f.dirty() {
			f.confirm = newConfirmPrompt("discard", f.ctx.T.T("confirm.discard"))
			return nil
		}
		return pop
	case key.Matches(msg, k.Save):
		return f.save()
	case key.Matches(msg, k.SugNext):
		f.suggest.moveCursor(1)
		return nil
	case key.Matches(msg, k.SugPrev):
		f.suggest.moveCursor(-1)
		return nil
	case key.Matches(msg, k.Send):
		return f.sendTutorial()
	}
	if f.listActive() {
		switch msg.String() {
		case "down":
			f.lookup.moveCursor(1)
			f.service.moveCursor(1)
			return nil
		case "up":
			f.lookup.moveCursor(-1)
			f.service.moveCursor(-1)
			return nil
		case "enter":
			if f.focus == fService {
				f.service.choose(&fd.input)
				f.updateKeys()
				return nil
			}
			return f.fillFrom(f.lookup.chosen())
		}
	}
	if fd.area != nil {
		return f.areaKey(fd, msg)
	}
	switch {
	case msg.Type == tea.KeyEnter:
		if f.focus == f.lastField() {
			return f.save()
		}
		return f.move(1)
	case key.Matches(msg, k.Next):
		return f.move(1)
	case key.Matches(msg, k.Prev):
		return f.move(-1)
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
		return f.changed(fd)
	}
	return nil
}

// areaKey: in a multi-line field enter breaks the line, tab and shift+tab
// leave, ↑ on the first line and ↓ on the last go to the field above or
// below (as everywhere else in the form).
func (f *ticketForm) areaKey(fd *formField, msg tea.KeyMsg) tea.Cmd {
	a := fd.area
	switch msg.String() {
	case "tab":
		return f.move(1)
	case "shift+tab":
		return f.move(-1)
	case "up":
		if a.Line() == 0 {
			return f.move(-1)
		}
	case "down":
		if a.Line() >= a.LineCount()-1 {
			return f.move(1)
		}
	}
	if a.edit(msg) {
		fd.err = ""
		return f.changed(fd)
	}
	return nil
}

// changed reacts to a field's new value: the requester lookup, the
// services' completion, the tags' completion, the suggested tutorials.
func (f *ticketForm) changed(fd *formField) tea.Cmd {
	switch f.focus {
	case fRequester, fEmail:
		return f.lookup.ask(f, f.focus, fd.value())
	case fService:
		f.service.match(fd.value())
		f.updateKeys()
		return nil
	case fTitle, fDescription:
		return f.suggest.typed(f)
	case fTags:
		return fd.tags.changed(&fd.input)
	}
	return nil
}

// fillFrom fills the form with a known requester's usual values and goes
// to the title: the caller is identified, now what is wrong.
func (f *ticketForm) fillFrom(r *tickets.KnownRequester) tea.Cmd {
	if r == nil {
		return nil
	}
	set := func(i int, v string) {
		if v = strings.TrimSpace(v); v != "" {
			f.fields[i].input.SetValue(v)
			f.fields[i].err = ""
		}
	}
	set(fRequester, r.Name)
	set(fService, r.Service)
	set(fEmail, r.Email)
	set(fPhone, r.Phone)
	set(fDevice, r.Device)
	conn := f.fields[fConnection]
	for i, o := range conn.choices {
		if o.value == string(r.Connection) {
			conn.choice = i
		}
	}
	f.lookup.close()
	return f.focusField(fTitle)
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
			f.setErr("tags", wordError(t, err).Error())
			ok = false
		}
	}
	if f.visible(fSolution) && f.get("solution") == "" {
		f.setErr("solution", t.T("form.err.solution"))
		ok = false
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
	store, calls, base, user := f.ctx.Tickets, f.calls(), f.ctx.Base, f.ctx.User
	if calls == nil {
		return func() tea.Msg {
			t, err := store.Create(base, n, user)
			return ticketCreatedMsg{ticket: t, err: err}
		}
	}
	call := app.Call{Ticket: n, Solved: f.visible(fSolution), Solution: f.get("solution"), SentNote: f.sentNote}
	if f.sent != nil {
		call.ArticleID = f.sent.ID
	}
	return func() tea.Msg {
		t, err := calls.TakeCall(base, call, user)
		return ticketCreatedMsg{ticket: t, solved: call.Solved, err: err}
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
		f.setErr(id, reasons.Text(f.ctx.T.Lang(), fe))
	}
}

// formLines renders the fields in a column w wide; top and bottom are the
// lines of the focused field (its list and error included), to keep it on
// screen.
func (f *ticketForm) formLines(w int) (lines []string, top, bottom int) {
	st, t := f.ctx.Styles, f.ctx.T
	indent := strings.Repeat(" ", labelWidth+1)
	for i, fd := range f.fields {
		if !f.visible(i) {
			continue
		}
		start := len(lines)
		label := padRight(text.Truncate(t.T("field."+fd.id), labelWidth-1), labelWidth)
		mark := " "
		if i == f.focus {
			mark = "›"
			label = st.Label.Render(label)
		} else {
			label = st.Muted.Render(label)
		}
		switch {
		case fd.choices != nil:
			o := fd.choices[fd.choice]
			// Sanitise the label (categories come from the config) before
			// styling: the sanitiser would show the style's own escape
			// codes as text.
			lbl := text.SanitizeLine(o.label)
			if fd.id == "category" || fd.id == "connection" {
				lbl += st.Muted.Render(" (" + o.key + ")")
			}
			val := "‹ " + lbl + " ›"
			if i == f.focus {
				val = st.Selected.Render("‹ "+text.SanitizeLine(o.label)+" ›") + st.Muted.Render(" ←/→")
			}
			lines = append(lines, mark+label+val)
		case fd.area != nil:
			for j, l := range strings.Split(fd.area.View(), "\n") {
				if j == 0 {
					lines = append(lines, mark+label+l)
				} else {
					lines = append(lines, indent+l)
				}
			}
		default:
			lines = append(lines, mark+label+fd.input.View())
		}
		if i == f.focus {
			lines = append(lines, f.fieldHelp(i, fd, w-labelWidth-1)...)
		}
		if i == fService && fd.value() != "" && f.service.isNew(fd.value()) {
			lines = append(lines, indent+st.Warning.Render(t.T("form.newservice")))
		}
		if fd.err != "" {
			lines = append(lines, indent+st.Error.Render(text.Truncate(fd.err, w-labelWidth-2)))
		}
		if i == f.focus {
			top, bottom = start, len(lines)-1
		}
	}
	if f.sent != nil {
		lines = append(lines, " "+st.Success.Render(text.Truncate(t.F("form.sent", oneLine(articleName(f.sent.Title))), w-2)))
		then := t.T("form.sent.link")
		if f.sentNote != "" {
			then = t.T("form.sent.recorded")
		}
		lines = append(lines, "   "+st.Muted.Render(text.Truncate(then, w-4)))
	}
	return lines, top, bottom
}

// fieldHelp is what shows under the focused field: the tags' completion,
// the requesters found, the known services.
func (f *ticketForm) fieldHelp(i int, fd *formField, w int) []string {
	st, t := f.ctx.Styles, f.ctx.T
	indent := strings.Repeat(" ", labelWidth+1)
	switch {
	case fd.tags != nil && fd.tags.active():
		return []string{indent + fd.tags.view(st, t, w)}
	case (i == fRequester || i == fEmail) && f.lookup.active(i):
		// The people found take the form's whole width: name, service
		// and address must be readable at 80 columns.
		return f.lookup.view(st, t, "   ", w+labelWidth-2)
	case i == fService && f.service.active():
		return []string{indent + f.service.view(st, t, w)}
	}
	return nil
}

func (f *ticketForm) hint() string {
	t := f.ctx.T
	switch {
	case f.fields[f.focus].area != nil:
		return t.T("form.hint.area")
	case f.listActive():
		return t.T("form.hint.list")
	}
	return t.T("form.hint")
}

func (f *ticketForm) View() string {
	st, t := f.ctx.Styles, f.ctx.T
	w := f.formWidth()
	fieldLines, top, bottom := f.formLines(w)
	var tail []string
	if f.saving {
		tail = append(tail, st.Muted.Render(t.T("saving")))
	}
	if f.confirm != nil {
		tail = append(tail, strings.Split(f.confirm.view(st, t), "\n")...)
	} else {
		tail = append(tail, st.Muted.Render(text.Truncate(f.hint(), w)))
	}
	var below []string
	if !f.beside() {
		below = f.suggest.below(f, f.width)
	}
	room := max(f.height-1-len(tail)-len(below), 1)
	// Keep the focused field (with its list) in view.
	if bottom-f.scroll >= room {
		f.scroll = bottom - room + 1
	}
	if top < f.scroll {
		f.scroll = top
	}
	f.scroll = clamp(f.scroll, 0, max(len(fieldLines)-room, 0))
	end := min(f.scroll+room, len(fieldLines))
	left := append([]string{st.Title.Render(t.T("screen.new"))}, fieldLines[f.scroll:end]...)
	left = append(left, tail...)
	if !f.beside() {
		for len(left) < f.height-len(below) && len(below) > 0 {
			left = append(left, "")
		}
		return strings.Join(append(left, below...), "\n")
	}
	panel := f.suggest.panel(f, suggestPanelWidth(f.width), f.height)
	n := max(len(left), len(panel), f.height)
	out := make([]string, n)
	sep := st.Muted.Render("│")
	for i := range n {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(panel) {
			r = panel[i]
		}
		out[i] = fitCell(l, w) + sep + r
	}
	return strings.Join(out, "\n")
}

// fitCell cuts or pads a styled line to w cells.
func fitCell(s string, w int) string {
	s = ansi.Truncate(s, w, "")
	if d := w - text.Width(s); d > 0 {
		s += strings.Repeat(" ", d)
	}
	return s
}

// sendTutorial sends the highlighted suggestion to the caller: the Teams
// message is built and copied (the box of y, with its OSC 52 and system
// clipboard and its text to select by hand), and the tutorial will be
// linked to the ticket when it is saved; closing the box with enter adds
// the "tutoriel envoyé" follow-up too.
func (f *ticketForm) sendTutorial() tea.Cmd {
	r, ok := f.suggest.chosen()
	if !ok {
		return nil
	}
	ref := refFromResult(r)
	f.sent, f.sentNote = &ref, ""
	form := f
	return teamsBoxCmd(f.ctx, ref, nil, f.get("requester"), func(note string) tea.Msg {
		return tutorialRecordedMsg{form: form, note: note}
	})
}

// tutorialRecordedMsg: the Teams box was closed with enter; note is the
// follow-up to save with the ticket.
type tutorialRecordedMsg struct {
	form *ticketForm
	note string
}
