package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/spinner"

	"hotline/tickets"

	tea "github.com/charmbracelet/bubbletea"
)

// Messages the root model handles for every screen.

// statusMsg shows a line in the footer that clears itself.
type statusMsg struct {
	text  string
	isErr bool
	err   error // the error shown, when it is one (worded again by the root)
}

// clearStatusMsg clears the footer line numbered id, unless a newer one
// replaced it meanwhile.
type clearStatusMsg struct{ id int }

// pushMsg opens a screen on top of the current one; popMsg goes back.
type pushMsg struct{ screen screen }
type popMsg struct{}

// ticketChangedMsg tells every screen a ticket was written, so lists update
// their row and counts without reloading everything.
type ticketChangedMsg struct{ ticket tickets.Ticket }

// statusDuration is how long a footer message stays.
const statusDuration = 4 * time.Second

func status(text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text} }
}

func errStatus(err error) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: err.Error(), isErr: true, err: err} }
}

func push(s screen) tea.Cmd { return func() tea.Msg { return pushMsg{screen: s} } }

func pop() tea.Msg { return popMsg{} }

// spinnerNext schedules a spinner's next frame with the context's timer
// (the spinner's own would bypass it).
func spinnerNext(c *Context, sp spinner.Model) tea.Cmd {
	return c.Tick(sp.Spinner.FPS, func(time.Time) tea.Msg { return sp.Tick() })
}
