package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// A key that does nothing in a state says why in the footer, instead of
// nothing happening: help hides disabled keys, but a technician who
// presses one from habit must learn what is missing.

// disabledReason is a binding and why it does nothing when disabled.
type disabledReason struct {
	b   key.Binding
	why string // catalogue id
}

// whyDisabled answers a key of a disabled binding with its reason; nil
// when msg is not one of them.
func whyDisabled(t Catalogue, msg tea.KeyMsg, reasons []disabledReason) tea.Cmd {
	k := msg.String()
	for _, r := range reasons {
		if !r.b.Enabled() && slices.Contains(r.b.Keys(), k) {
			return errStatus(errors.New(t.T(r.why)))
		}
	}
	return nil
}

// unsaved is a screen holding text the technician typed and has not saved
// (a comment, the form, a prompt): ctrl+c asks before quitting.
type unsaved interface{ Unsaved() bool }

func (s *ticketScreen) Unsaved() bool {
	return s.prompt != nil && strings.TrimSpace(s.prompt.value()) != ""
}

func (s *triageScreen) Unsaved() bool {
	return (s.prompt != nil && strings.TrimSpace(s.prompt.value()) != "") || !s.draft.Empty()
}

func (f *ticketForm) Unsaved() bool { return f.dirty() }

// anyUnsaved: some screen of the stack holds typed text.
func (m *Model) anyUnsaved() bool {
	for _, s := range m.stack {
		if u, ok := s.(unsaved); ok && u.Unsaved() {
			return true
		}
	}
	return false
}

// helpKeys are the keys of an open prompt, for the footer: while a
// question is asked, the screen's keys do not apply.
func (p *prompt) helpKeys(t Catalogue) []key.Binding {
	cancel := bind(t, "cancel", "esc", "esc")
	switch p.kind {
	case promptConfirm:
		yes := key.NewBinding(key.WithKeys("o", "y"), key.WithHelp(map[Lang]string{French: "o", English: "y"}[t.Lang()], t.T("yes")))
		no := key.NewBinding(key.WithKeys("n"), key.WithHelp(map[Lang]string{French: "N/échap", English: "N/esc"}[t.Lang()], t.T("no")))
		return []key.Binding{yes, no}
	case promptChoice:
		var keys []string
		for _, o := range p.options {
			keys = append(keys, o.key)
		}
		pick := key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(firstN(keys, 6), "/"), t.T("prompt.pick")))
		return []key.Binding{pick, cancel}
	case promptComment:
		return []key.Binding{bind(t, "send", "ctrl+s", "ctrl+s"), bind(t, "newline", "enter", "enter"), cancel}
	}
	out := []key.Binding{bind(t, "apply", "enter", "enter"), cancel}
	if p.tags != nil {
		out = append(out, bind(t, "complete", "tab", "tab"))
	}
	return out
}

func (s *ticketScreen) activePrompt() *prompt { return s.prompt }
func (s *triageScreen) activePrompt() *prompt { return s.prompt }

// fmtProblemID is how a problem is named everywhere in the interface:
// "Pb 3", never "P3", which is a priority.
func fmtProblemID(id int64) string { return fmt.Sprintf("Pb %d", id) }

// plural is the catalogue id for a count: id+".1" for exactly one (French
// and English both say "1 incident", "2 incidents"), else id.
func plural(id string, n int) string {
	if n == 1 {
		if _, ok := messages[id+".1"]; ok {
			return id + ".1"
		}
	}
	return id
}
