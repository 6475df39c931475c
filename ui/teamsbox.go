package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"hotline/internal/text"
	"hotline/kb"
)

// y, from the ticket screen, the knowledge base or an article: the message
// for the agent is built, copied, and shown in a box the technician can
// read or select by hand (terminals without OSC 52). Closing the box with
// enter records a public follow-up "tutoriel envoyé : …" on the ticket
// (the first response, and what deflection counts); esc closes it without
// recording. An article without a web link is not sent with an empty or a
// local link: the box says what is missing and t copies the article's text
// instead.

// teamsCmd fetches the article (for its summary, its text and its link)
// and opens the box. from is the ticket the message answers (nil when the
// knowledge base was opened on its own).
func teamsCmd(c *Context, ref articleRef, from *ticketRef) tea.Cmd {
	agent := ""
	if from != nil {
		agent = from.Requester
	}
	return teamsBoxCmd(c, ref, from, agent, nil)
}

// teamsBoxCmd is teamsCmd for agent by name; onRecord, when set, is what
// closing the box with enter sends instead of a follow-up on from (the
// phone form keeps the follow-up until the ticket is saved).
func teamsBoxCmd(c *Context, ref articleRef, from *ticketRef, agent string, onRecord func(note string) tea.Msg) tea.Cmd {
	kbase, base := c.KB, c.Base
	signer := c.signature()
	return func() tea.Msg {
		var a *kb.Article
		if kbase != nil {
			var err error
			if a, err = kbase.Get(base, ref.ID); err != nil {
				return statusMsg{text: fmt.Sprintf("article #%d: %v", ref.ID, err), isErr: true}
			}
			ref.Summary = summaryOf(a.Body)
			ref.URL = a.URL
			if ref.At != nil && a.Kind == kb.KindVideo && linkProblem(a.URL) == "" {
				ref.URL = atTime(a.URL, *ref.At)
			} else {
				ref.At = nil
			}
		}
		b := &teamsBox{ctx: c, ref: ref, article: a, from: from, agent: agent, signer: signer, missing: linkProblem(ref.URL), onRecord: onRecord}
		if b.missing == "" {
			b.message = teamsMessage(ref, agent, signer)
		}
		return pushMsg{screen: b}
	}
}

// teamsCopiedMsg answers the box's copy.
type teamsCopiedMsg struct {
	box  *teamsBox
	text bool // the article's text rather than the message
	err  error
}

type teamsKeys struct {
	navKeys
	Record, Close, CopyAgain, CopyText key.Binding
}

func (k teamsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Record, k.Close, k.CopyText, k.CopyAgain}
}

func (k teamsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Record, k.Close, k.CopyText, k.CopyAgain}, k.navKeys.list()}
}

type teamsBox struct {
	ctx     *Context
	keys    teamsKeys
	ref     articleRef
	article *kb.Article
	from    *ticketRef
	agent   string
	signer  string
	// missing is why the link cannot be sent: "", "none" or "local".
	missing string
	message string // what is (or would be) copied; empty until there is one
	asText  bool   // message is the article's text
	copied  bool
	copyErr error
	vp      viewport.Model
	// onRecord, when set, receives the follow-up enter records (the phone
	// form, whose ticket does not exist yet).
	onRecord func(note string) tea.Msg
	width    int
	height   int
}

func (b *teamsBox) Title() string     { return b.ctx.T.T("screen.teams") }
func (b *teamsBox) Keys() help.KeyMap { return b.keys }
func (b *teamsBox) Typing() bool      { return false }

func (b *teamsBox) Init() tea.Cmd {
	t := b.ctx.T
	b.keys = teamsKeys{
		navKeys:   newNavKeys(t),
		Record:    bind(t, "teams.close", "enter", "enter"),
		Close:     bind(t, "teams.cancel", "esc", "esc"),
		CopyAgain: bind(t, "teams.again", "y", "y"),
		CopyText:  bind(t, "teams.text", "t", "t"),
	}
	if b.from != nil || b.onRecord != nil {
		b.keys.Record = bind(t, "teams.record", "enter", "enter")
		b.keys.Close = bind(t, "teams.norecord", "esc", "esc")
	}
	b.vp = viewport.New(40, 10)
	b.vp.KeyMap = viewport.KeyMap{}
	b.updateKeys()
	b.layout()
	if b.message == "" {
		return nil
	}
	return b.copyCmd()
}

func (b *teamsBox) updateKeys() {
	b.keys.CopyText.SetEnabled(b.missing != "" && !b.asText && b.article != nil)
	b.keys.CopyAgain.SetEnabled(b.message != "")
	b.keys.Record.SetEnabled(b.message != "")
}

func (b *teamsBox) copyCmd() tea.Cmd {
	cp, msg, asText := b.ctx.Copy, b.message, b.asText
	return func() tea.Msg { return teamsCopiedMsg{box: b, text: asText, err: cp(msg)} }
}

func (b *teamsBox) SetSize(w, h int) {
	b.width, b.height = w, h
	b.layout()
}

// head is the lines above the message: what it is and what happened.
func (b *teamsBox) head() []string {
	t, st := b.ctx.T, b.ctx.Styles
	who := oneLine(b.agent)
	if who == "" {
		who = t.T("teams.agent")
	}
	title := t.F("teams.for", who)
	if b.from != nil {
		title = t.F("teams.forticket", who, b.from.ID)
	}
	lines := []string{st.Title.Render(text.Truncate(title, b.width))}
	var state string
	switch {
	case b.missing != "" && !b.asText:
		why := t.T("teams.nolink")
		if b.missing == "local" {
			why = t.F("teams.local", linkName(b.ref.URL))
		}
		state = st.Warning.Render(why)
		if b.article != nil {
			state += "\n" + t.T("teams.offertext")
		}
	case b.copyErr != nil:
		state = st.Error.Render(t.F("teams.copyfailed", b.copyErr))
	case b.copied && b.asText:
		state = st.Success.Render(t.T("teams.textcopied"))
	case b.copied:
		state = st.Success.Render(t.T("teams.copied"))
	default:
		state = st.Muted.Render(t.T("teams.copying"))
	}
	return append(lines, strings.Split(ansi.Wordwrap(state, b.width, " "), "\n")...)
}

// foot is the lines below the message: what enter and esc do.
func (b *teamsBox) foot() []string {
	t := b.ctx.T
	if b.onRecord != nil && b.message != "" {
		return strings.Split(ansi.Wordwrap(b.ctx.Styles.Muted.Render(t.T("teams.willrecordcall")), b.width, " "), "\n")
	}
	if b.from == nil || b.message == "" {
		return nil
	}
	return strings.Split(ansi.Wordwrap(b.ctx.Styles.Muted.Render(t.F("teams.willrecord", b.from.ID)), b.width, " "), "\n")
}

func (b *teamsBox) layout() {
	if b.width == 0 {
		return
	}
	// Rules above and below, no side border: selecting the lines by hand
	// takes the message and nothing else.
	h := b.height - len(b.head()) - len(b.foot()) - 2
	b.vp.Width = max(b.width, 10)
	b.vp.Height = max(h, 1)
	b.vp.SetContent(b.body())
}

func (b *teamsBox) body() string {
	if b.message == "" {
		return ""
	}
	// The message goes out as written; it is only wrapped for the screen,
	// at spaces: a link is never broken in two.
	return wrapSpaces(text.Sanitize(b.message), max(b.width-1, 10))
}

func (b *teamsBox) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case teamsCopiedMsg:
		if msg.box != b {
			return nil
		}
		b.copied, b.copyErr = msg.err == nil, msg.err
		b.layout()
		return nil
	case tea.KeyMsg:
		if b.keys.navKeys.scroll(msg, &b.vp) {
			return nil
		}
		k := b.keys
		switch {
		case key.Matches(msg, k.CopyText):
			b.asText = true
			b.message = textMessage(b.article, b.agent, b.signer)
			b.copied, b.copyErr = false, nil
			b.updateKeys()
			b.layout()
			b.vp.GotoTop()
			return b.copyCmd()
		case key.Matches(msg, k.CopyAgain):
			return b.copyCmd()
		case key.Matches(msg, k.Record):
			if b.onRecord != nil && b.message != "" {
				note, record := b.sentNote(), b.onRecord
				return tea.Batch(pop, func() tea.Msg { return record(note) })
			}
			if b.from == nil || b.message == "" {
				return pop
			}
			return tea.Batch(pop, writeCmd(b.ctx, b.from.ID, 0, change{kind: "comment", body: b.sentNote()}))
		}
	}
	return nil
}

// sentNote is the public follow-up that records what was sent.
func (b *teamsBox) sentNote() string {
	note := "tutoriel envoyé : " + articleName(b.ref.Title)
	if b.asText {
		return note + " (texte de l'article)"
	}
	return note + " — " + oneLine(b.ref.URL)
}

func (b *teamsBox) View() string {
	if b.message == "" {
		return strings.Join(b.head(), "\n")
	}
	rule := b.ctx.Styles.Muted.Render(strings.Repeat("─", max(b.width, 1)))
	parts := append(b.head(), rule, b.vp.View(), rule)
	parts = append(parts, b.foot()...)
	return strings.Join(parts, "\n")
}

// atTime points a video's web link at a moment (Media Fragments "#t=").
func atTime(link string, at float64) string {
	if i := strings.IndexByte(link, '#'); i >= 0 {
		link = link[:i]
	}
	return fmt.Sprintf("%s#t=%d", link, int(at))
}

// signature is how the technician signs a message.
func (c *Context) signature() string { return c.UserName }

// wrapSpaces wraps each line of s at spaces to w cells; a word longer than
// w (a link) keeps a line of its own, whole.
func wrapSpaces(s string, w int) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		cur := ""
		for _, word := range strings.Split(line, " ") {
			switch {
			case cur == "":
				cur = word
			case text.Width(cur)+1+text.Width(word) <= w:
				cur += " " + word
			default:
				out = append(out, cur)
				cur = word
			}
		}
		out = append(out, cur)
	}
	return strings.Join(out, "\n")
}
