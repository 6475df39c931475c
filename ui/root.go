package ui

import (
	"time"

	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"hotline/internal/live"
	"hotline/internal/text"
)

// screen is one focused view. Screens are pointers mutated by Update, which
// returns only the command to run.
type screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	Keys() help.KeyMap
	// Typing reports that a text input has the focus: the root then lets
	// q, ?, esc and letters through to the screen.
	Typing() bool
	Title() string
}

// Model is the root model: global keys, window size, the screen stack, the
// status bar and the footer.
type Model struct {
	ctx   *Context
	stack []screen
	// lastView is the frame View last drew; viewKept: the message since
	// changed nothing shown (see unseen), so View gives it again.
	lastView string
	viewKept bool
	renders  int // frames rendered, for tests
	width    int
	height   int
	help     help.Model
	showHelp bool
	// helpScroll is the first line of the help shown.
	helpScroll int
	// quitting: ctrl+c was pressed with unsaved typed text; the footer
	// asks (o/N).
	quitting bool

	status    string
	statusErr bool
	statusID  int

	barCounts queueCountsMsg
	// mailStuck is how many mails failed or wait after a failure.
	mailStuck int
	// damaged is what the start-up check found wrong with the database;
	// the status bar says so until the interface quits.
	damaged []string

	// Live changes and presence (nil without a hub).
	sub          *live.Sub
	presence     *live.Session
	shownTicket  int64
	shownWriting bool
}

// New builds the root model with the queue as home screen.
func New(o Options) *Model {
	c := newContext(o)
	m := &Model{ctx: c, help: help.New(), width: 80, height: 24}
	m.help.Styles.ShortKey = c.Styles.Label
	m.help.Styles.FullKey = c.Styles.Label
	m.help.Styles.ShortDesc = c.Styles.Muted
	m.help.Styles.FullDesc = c.Styles.Muted
	m.help.Styles.ShortSeparator = c.Styles.Muted
	m.help.Styles.FullSeparator = c.Styles.Muted
	m.help.Styles.Ellipsis = c.Styles.Muted
	m.stack = []screen{newQueue(c)}
	m.resize()
	return m
}

// Context exposes the shared context (for tests and main).
func (m *Model) Context() *Context { return m.ctx }

func (m *Model) top() screen { return m.stack[len(m.stack)-1] }

// Init loads the home screen's first page and starts listening for others'
// changes.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.top().Init(), m.startLive(), mailStuckCmd(m.ctx), startupCheckCmd(m.ctx))
}

// startupCheckedMsg carries what the start-up check found.
type startupCheckedMsg struct {
	report StartupReport
	err    error
}

// startupCheckCmd runs the database check of the start in the background;
// nil without one.
func startupCheckCmd(c *Context) tea.Cmd {
	if c.StartupCheck == nil {
		return nil
	}
	check, base := c.StartupCheck, c.Base
	return func() tea.Msg {
		r, err := check(base)
		return startupCheckedMsg{report: r, err: err}
	}
}

// mailStuckMsg carries the count of stuck mails for the status bar.
type mailStuckMsg struct{ n int }

// mailStuckCmd counts the stuck mails; nil without mail. A failure to
// count shows nothing rather than a wrong number.
func mailStuckCmd(c *Context) tea.Cmd {
	if c.Mail == nil {
		return nil
	}
	mailer, base := c.Mail, c.Base
	return func() tea.Msg {
		n, err := mailer.Stuck(base)
		if err != nil {
			return nil
		}
		return mailStuckMsg{n: n}
	}
}

// chrome is the status bar plus the footer.
const chrome = 2

func (m *Model) resize() {
	for _, s := range m.stack {
		s.SetSize(m.width, max(m.height-chrome, 1))
	}
	m.help.Width = m.width
}

// Update handles what is global and routes the rest, then tells the other
// interfaces if the ticket shown or the writing state changed.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.viewKept = unseen(msg)
	_, cmd := m.update(msg)
	if p := m.reportPresence(); p != nil {
		cmd = tea.Batch(cmd, p)
	}
	if wrote(msg) {
		cmd = tea.Batch(cmd, notifyCmd(m.ctx))
	}
	return m, cmd
}

// wrote reports whether msg answers a write of this interface, which the
// other interfaces of the process then hear about at once.
func wrote(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case ticketWriteMsg:
		return msg.err == nil
	case undoneMsg:
		return msg.err == nil
	case ticketCreatedMsg, problemWriteMsg, problemLinkedMsg, draftStoredMsg:
		return true
	}
	return false
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case liveMsg:
		return m, m.handleLive(msg)
	case liveArmMsg:
		if m.sub == nil {
			return m, nil
		}
		return m, waitLive(m.sub)
	case presenceMsg:
		m.ctx.Viewers = msg.viewers
	case ticketWriteMsg:
		m.recordUndo(msg)
	case undoneMsg:
		return m, m.undone(msg)
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		// Screens whose content depends on the width (rendered articles)
		// ask for it again.
		var cmds []tea.Cmd
		for _, s := range m.stack {
			cmds = append(cmds, s.Update(msg))
		}
		return m, tea.Batch(cmds...)
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case statusMsg:
		m.statusID++
		m.status, m.statusErr = msg.text, msg.isErr
		if s, ok := forbiddenText(m.ctx.T, msg.err); ok {
			m.status = s
		} else if msg.err != nil && msg.text == msg.err.Error() {
			// A screen that showed a typed error as it came gets it in
			// the interface's language.
			if s, ok := wordErrorText(m.ctx.T, msg.err); ok {
				m.status = s
			}
		}
		id := m.statusID
		return m, m.ctx.Tick(statusDuration, func(_ time.Time) tea.Msg { return clearStatusMsg{id: id} })
	case clearStatusMsg:
		if msg.id == m.statusID {
			m.status, m.statusErr = "", false
		}
		return m, nil
	case pushMsg:
		msg.screen.SetSize(m.width, max(m.height-chrome, 1))
		m.stack = append(m.stack, msg.screen)
		m.showHelp = false
		return m, msg.screen.Init()
	case popMsg:
		if len(m.stack) > 1 {
			return m, m.popScreen()
		}
		return m, nil
	case openedMsg:
		// Whichever screen opened it (ticket, knowledge base, article),
		// the footer says how it went, worded by the command.
		if msg.err != nil {
			return m, errStatus(msg.err)
		}
		return m, status(m.ctx.T.T("opened"))
	case mailStuckMsg:
		m.mailStuck = msg.n
		return m, nil
	case startupCheckedMsg:
		switch {
		case msg.err != nil:
			t := m.ctx.T.F("check.failed", text.SanitizeLine(msg.err.Error()))
			return m, func() tea.Msg { return statusMsg{text: t, isErr: true} }
		case len(msg.report.Findings) > 0:
			m.damaged = msg.report.Findings
		case msg.report.Anonymised > 0:
			t := m.ctx.T.F("check.retention", msg.report.Anonymised)
			return m, func() tea.Msg { return statusMsg{text: t} }
		}
		return m, nil
	case queueCountsMsg:
		if msg.err == nil {
			m.barCounts = msg
		}
		// The counts follow every change seen; so does the mail count.
		return m, tea.Batch(m.route(msg), mailStuckCmd(m.ctx))
	}
	return m, m.route(msg)
}

// route gives an async result to every screen: each keeps only what it
// asked for (tagged with ids and sequence numbers), so a result that
// arrives after the technician moved on still lands in the right place.
func (m *Model) route(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range m.stack {
		cmds = append(cmds, s.Update(msg))
	}
	return tea.Batch(cmds...)
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	// Keys typed faster than the terminal is read arrive as one message
	// ("3um"); single-key screens must see them one by one. A paste stays
	// whole.
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
		cmds := make([]tea.Cmd, 0, len(msg.Runes))
		for _, r := range msg.Runes {
			cmds = append(cmds, m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
		}
		return tea.Batch(cmds...)
	}
	k := m.ctx.Keys
	if m.quitting {
		// ctrl+c with typed text asked first: o (or y, or ctrl+c again)
		// quits, anything else goes back to the text.
		m.quitting = false
		if s := msg.String(); s == "o" || s == "y" || s == "O" || s == "Y" || key.Matches(msg, k.ForceQuit) {
			return tea.Quit
		}
		return nil
	}
	if key.Matches(msg, k.ForceQuit) {
		if m.anyUnsaved() {
			m.quitting = true
			return nil
		}
		return tea.Quit
	}
	if m.showHelp {
		// ↑↓ scroll a help longer than the screen; any other key (q
		// included) closes it.
		if n := len(m.helpLayout()); n > m.helpPage() {
			switch msg.String() {
			case "down", "j", "pgdown", "ctrl+d":
				m.helpScroll = min(m.helpScroll+1, n-m.helpPage())
				return nil
			case "up", "k", "pgup", "ctrl+u":
				m.helpScroll = max(m.helpScroll-1, 0)
				return nil
			}
		}
		m.showHelp = false
		return nil
	}
	top := m.top()
	if top.Typing() {
		return top.Update(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp, m.helpScroll = true, 0
		return nil
	case key.Matches(msg, k.Goto):
		return push(newGotoScreen(m.ctx))
	case key.Matches(msg, k.Back) && len(m.stack) > 1:
		// A screen with something to cancel (a menu, a selection) says so
		// through Typing; otherwise esc goes back.
		return m.popScreen()
	}
	return top.Update(msg)
}

// leaver is a screen with something to do when the technician leaves it
// (the knowledge base records a search that ended without a click).
type leaver interface{ Leave() tea.Cmd }

// popScreen closes the top screen.
func (m *Model) popScreen() tea.Cmd {
	top := m.top()
	m.stack = m.stack[:len(m.stack)-1]
	if l, ok := top.(leaver); ok {
		return l.Leave()
	}
	return nil
}

// View renders the focused screen, the status bar and the footer, exactly
// width × height.
func (m *Model) View() string {
	if m.viewKept {
		// Once: a screen changed by a test between two messages is
		// drawn again.
		m.viewKept = false
		return m.lastView
	}
	m.lastView = m.render()
	m.renders++
	return m.lastView
}

// unseen: msg changes nothing an interface shows, so the frame drawn
// before it still holds. Bubble Tea draws after every message, and the
// live plumbing's messages (a signal heard, the next wait armed) are a
// third of what an interface over SSH handles when colleagues move between
// tickets; what they bring (others' presence, a reload) comes in messages
// of its own.
func unseen(msg tea.Msg) bool {
	switch msg.(type) {
	case liveMsg, liveArmMsg:
		return true
	}
	return false
}

func (m *Model) render() string {
	bodyH := max(m.height-chrome, 1)
	var body string
	if m.showHelp {
		body = m.helpView()
	} else {
		body = m.top().View()
	}
	var b strings.Builder
	b.WriteString(fitBlock(body, m.width, bodyH))
	b.WriteByte('\n')
	b.WriteString(m.statusBar())
	b.WriteByte('\n')
	b.WriteString(m.footer())
	return b.String()
}

func (m *Model) statusBar() string {
	c := m.ctx
	if len(m.damaged) > 0 {
		// Damage outranks everything else the bar says: writing on goes on
		// into a broken file.
		line := " ⚠ " + c.T.F("check.damaged", len(m.damaged), text.SanitizeLine(m.damaged[0]))
		return c.Styles.Error.Render(padRight(text.Truncate(line, m.width), m.width))
	}
	left := " Hotline · " + m.top().Title()
	right := c.T.F("bar.db", text.SanitizeLine(c.dbName())) + " · " + c.T.F("bar.user", text.SanitizeLine(c.User))
	if m.barCounts.counts != nil {
		right += " · " + c.T.F("bar.counts", fmtCount(m.barCounts.open), fmtCount(m.barCounts.overdue))
	}
	if m.mailStuck > 0 {
		right += " · " + c.T.P("bar.mailstuck", m.mailStuck, m.mailStuck)
	}
	right += " "
	gap := m.width - text.Width(left) - text.Width(right)
	line := left + strings.Repeat(" ", max(gap, 1)) + right
	return c.Styles.StatusBar.Render(padRight(text.Truncate(line, m.width), m.width))
}

func (m *Model) footer() string {
	if m.quitting {
		q := m.ctx.T.T("confirm.quit")
		yn := " " + m.ctx.T.T("confirm.yn")
		return m.ctx.Styles.Warning.Render(text.Truncate(q, max(m.width-text.Width(yn), 1)) + yn)
	}
	if m.status != "" {
		st := m.ctx.Styles.Success
		if m.statusErr {
			st = m.ctx.Styles.Error
		}
		return st.Render(text.Truncate(text.SanitizeLine(m.status), m.width))
	}
	km := m.top().Keys()
	bindings := km.ShortHelp()
	if p, ok := m.top().(interface{ activePrompt() *prompt }); ok && p.activePrompt() != nil {
		bindings = p.activePrompt().helpKeys(m.ctx.T)
	}
	// "? help" always shows: the screen's keys give way.
	var tail string
	if !m.top().Typing() {
		tail = m.help.ShortHelpView([]key.Binding{m.ctx.Keys.Help})
	}
	line := m.help.ShortHelpView(bindings)
	// A screen may say something before its keys (the queue: rows marked).
	if n, ok := m.top().(interface{ Note() string }); ok && n.Note() != "" {
		line = m.ctx.Styles.Label.Render(text.SanitizeLine(n.Note())) + "  " + line
	}
	if tail != "" {
		sep := m.help.Styles.ShortSeparator.Render(m.help.ShortSeparator)
		room := m.width - text.Width(tail) - text.Width(sep)
		line = ansi.Truncate(line, max(room, 0), "…") + sep + tail
	}
	return ansi.Truncate(line, m.width, "…")
}

// fitBlock cuts or pads s to exactly h lines of at most w cells, so a
// screen can never push the status bar off the terminal.
func fitBlock(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if text.Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// padRight pads s with spaces to w cells.
func padRight(s string, w int) string {
	if d := w - text.Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// cell is one table cell: sanitised, cut and padded to w cells.
func cell(s string, w int) string {
	return padRight(text.Truncate(text.SanitizeLine(s), w), w)
}
