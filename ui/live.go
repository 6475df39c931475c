package ui

import (
	"errors"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/live"
	"hotline/internal/text"
	"hotline/tickets"
)

// Live changes: the root model waits on the hub's subscription in a command
// (never in Update), turns what it hears into dataChangedMsg or presenceMsg
// for every screen, and arms the wait again. Each screen reloads what it
// shows in its own commands and keeps the cursor and what is being typed.

// liveMsg is what the subscription heard.
type liveMsg struct{ kind live.Kind }

// liveArmMsg arms the next wait once the pause between reloads is over.
type liveArmMsg struct{}

// dataChangedMsg tells every screen that the database changed (another
// technician, the portal, the mail, a script).
type dataChangedMsg struct{}

// presenceMsg says who has which ticket open, other than this interface.
type presenceMsg struct{ viewers []live.Viewer }

// liveGap is the least time between two reloads caused by others' changes:
// a burst of portal tickets reloads an interface a few times a second at
// most, and a change still shows well within a second.
const liveGap = 300 * time.Millisecond

// waitLive blocks (in the command's goroutine) until the hub signals.
func waitLive(sub *live.Sub) tea.Cmd {
	return func() tea.Msg {
		k, ok := sub.Wait()
		if !ok {
			return nil
		}
		return liveMsg{kind: k}
	}
}

// startLive subscribes the interface to changes and joins presence.
func (m *Model) startLive() tea.Cmd {
	c := m.ctx
	if c.Live == nil || m.sub != nil {
		return nil
	}
	m.sub = c.Live.Subscribe()
	m.presence = c.Live.Join(c.User, c.UserName)
	return tea.Batch(waitLive(m.sub), m.viewersCmd())
}

// Close ends the interface's subscription and presence (the program ended
// or the SSH connection dropped). Safe to call more than once.
func (m *Model) Close() {
	if m.sub != nil {
		m.sub.Close()
	}
	if m.presence != nil {
		m.presence.Leave()
	}
}

func (m *Model) viewersCmd() tea.Cmd {
	hub, self := m.ctx.Live, m.presence.ID()
	return func() tea.Msg {
		var others []live.Viewer
		for _, v := range hub.Viewers() {
			if v.Elsewhere || v.Session != self {
				others = append(others, v)
			}
		}
		return presenceMsg{viewers: others}
	}
}

// handleLive turns a signal into messages for the screens and arms the next
// wait after liveGap.
func (m *Model) handleLive(msg liveMsg) tea.Cmd {
	var cmds []tea.Cmd
	if msg.kind&live.Data != 0 {
		cmds = append(cmds, func() tea.Msg { return dataChangedMsg{} })
	}
	if msg.kind&live.Presence != 0 {
		cmds = append(cmds, m.viewersCmd())
	}
	// The next wait only after a pause: a busy helpdesk (tickets arriving,
	// colleagues moving between tickets) redraws each interface a few
	// times a second at most.
	cmds = append(cmds, m.ctx.Tick(liveGap, func(time.Time) tea.Msg { return liveArmMsg{} }))
	return tea.Batch(cmds...)
}

// presenceReporter is a screen that shows one ticket.
type presenceReporter interface {
	// presence is the ticket shown and whether an answer is being typed.
	presence() (ticket int64, writing bool)
}

// reportPresence tells the hub when what this interface shows changed.
func (m *Model) reportPresence() tea.Cmd {
	if m.presence == nil {
		return nil
	}
	var id int64
	var writing bool
	if p, ok := m.top().(presenceReporter); ok && !m.showHelp {
		id, writing = p.presence()
	}
	if id == m.shownTicket && writing == m.shownWriting {
		return nil
	}
	m.shownTicket, m.shownWriting = id, writing
	sess := m.presence
	return func() tea.Msg {
		sess.Look(id, writing)
		return nil
	}
}

// notifyCmd tells the other interfaces of this process at once that this
// one wrote, rather than at the hub's next look.
func notifyCmd(c *Context) tea.Cmd {
	if c.Live == nil {
		return nil
	}
	hub := c.Live
	return func() tea.Msg {
		hub.Notify()
		return nil
	}
}

// othersLine is the ticket screen's presence line: who else has it open and
// who is writing an answer. It warns; it never blocks anything.
func othersLine(c *Context, viewers []live.Viewer, ticket int64) string {
	var looking, writing []string
	seen := map[string]bool{}
	for _, v := range viewers {
		if v.Ticket != ticket || v.Login == c.User && !v.Writing {
			continue
		}
		name := viewerName(v)
		if v.Writing {
			writing = append(writing, name)
			continue
		}
		if !seen[name] {
			seen[name] = true
			looking = append(looking, name)
		}
	}
	var parts []string
	for _, w := range writing {
		parts = append(parts, c.T.F("presence.writing", w))
	}
	if len(looking) > 0 {
		parts = append(parts, c.T.F("presence.looking", strings.Join(looking, ", ")))
	}
	return strings.Join(parts, " · ")
}

// viewerName is how a colleague is named in a short notice: the first word
// of their full name, else their login.
func viewerName(v live.Viewer) string {
	n := strings.TrimSpace(text.SanitizeLine(v.Name))
	if n == "" || n == v.Login {
		return text.SanitizeLine(v.Login)
	}
	first, _, _ := strings.Cut(n, " ")
	return first
}

// liveMessages are the words of live changes and presence, merged into the
// catalogue at start (kept here so the catalogue file is not a place where
// every change meets).
var liveMessages = map[string][2]string{
	"live.new.one":     {"1 new ticket", "1 nouveau ticket"},
	"live.new.many":    {"%d new tickets", "%d nouveaux tickets"},
	"presence.writing": {"%s is writing an answer", "%s rédige une réponse"},
	"presence.looking": {"also open by %s", "ouvert aussi par %s"},
	"queue.openby":     {"#%d open by %s", "n°%d ouvert par %s"},
	"role.forbidden":   {"your role does not allow this change (ask an admin: %s)", "votre rôle ne permet pas cette modification (demandez à un admin : %s)"},
	"screen.editor":    {"Draft tutorial from #%d", "Brouillon de tutoriel du n°%d"},
	"editor.hint":      {"ctrl+s saves and stores the tutorial · esc leaves it", "ctrl+s enregistre et range le tutoriel · esc abandonne"},
	"editor.cancelled": {"Draft left as it was: nothing stored.", "Brouillon laissé tel quel : rien n'est enregistré."},
	"open.remote":      {"Link copied (open it on your computer): %s", "Lien copié (ouvrez-le sur votre poste) : %s"},
	"role.readonly":    {"read only: observers change nothing (an admin can change your role)", "lecture seule : un observateur ne modifie rien (un admin peut changer votre rôle)"},
}

// readOnly: the acting technician is an observer.
func (c *Context) readOnly() bool { return c.Role == tickets.RoleObserver }

// forbiddenText words a refusal by role for the technician.
func forbiddenText(t Catalogue, err error) (string, bool) {
	var fe *tickets.ForbiddenError
	if !errors.As(err, &fe) {
		return "", false
	}
	return t.F("role.forbidden", strings.Join(fe.Admins, ", ")), true
}

func init() {
	for id, m := range liveMessages {
		messages[id] = m
	}
}

// newTicketsMsg answers arrivalsCmd: tickets others created since the last
// look.
type newTicketsMsg struct {
	gen  int
	n    int
	last int64
	err  error
}

// arrivalsCmd counts the tickets created after id by someone else than
// this technician (the portal, the mail, a colleague).
func arrivalsCmd(c *Context, gen int, after int64) tea.Cmd {
	store, base, me := c.Tickets, c.Base, c.User
	return func() tea.Msg {
		n, last, err := store.Arrivals(base, after, me)
		return newTicketsMsg{gen: gen, n: n, last: last, err: err}
	}
}

func newTicketsNotice(t Catalogue, n int) string {
	if n == 1 {
		return t.T("live.new.one")
	}
	return t.F("live.new.many", n)
}

// openElsewhere says who else has ticket id open (first names), "" if nobody.
func openElsewhere(c *Context, id int64) string {
	var names []string
	for _, v := range c.Viewers {
		if v.Ticket == id {
			if n := viewerName(v); !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	return strings.Join(names, ", ")
}
