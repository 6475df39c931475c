package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// A key that does nothing in a state says why in the footer.
func TestDisabledKeysSayWhy(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.openTicket("wifi")
	h.press("w")
	if !h.m.statusErr || !strings.Contains(h.m.status, "résolu ou clos") {
		t.Fatalf("w on an open ticket: footer %q", h.m.status)
	}
	h.press("R")
	if !strings.Contains(h.m.status, "conflit") {
		t.Fatalf("R with nothing kept: footer %q", h.m.status)
	}
	// l in the knowledge base opened on its own.
	h.press("esc", "esc", "b", "teletravail", "tab", "l")
	if !h.m.statusErr || !strings.Contains(h.m.status, "ouvrez la base depuis un ticket") {
		t.Fatalf("l without a ticket: footer %q", h.m.status)
	}
}

// ctrl+l links from the KB search box, without leaving it.
func TestLinkFromTheSearchBox(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.openTicket("vpn")
	h.press("b", "teletravail")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlL})
	k := h.top().(*kbScreen)
	if !k.typing {
		t.Fatal("ctrl+l left the search box")
	}
	links, _ := h.tickets.Links(context.Background(), h.ids["vpn"])
	if len(links) != 1 || links[0].ArticleID != h.ids["teletravail"] {
		t.Fatalf("links = %+v", links)
	}
}

// ctrl+c with typed text asks first; (o/N) is visible; N goes back to the
// text, o quits.
func TestCtrlCWithTypedTextAsks(t *testing.T) {
	h := newHarness(t, 80, 24)
	s := h.openTicket("vpn")
	h.press("c", "Bonjour, pouvez-vous")
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("ctrl+c threw the typed comment away without asking")
		}
	}
	h.mustSee("Quitter et perdre le texte tapé ? (o/N)")
	h.press("n")
	if s.prompt == nil || s.prompt.value() != "Bonjour, pouvez-vous" {
		t.Fatal("N did not go back to the comment")
	}
	h.m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	_, cmd = h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'o'}})
	if cmd == nil {
		t.Fatal("o did not quit")
	}
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatal("o did not quit")
	}
	// Nothing typed: ctrl+c quits at once.
	h2 := newHarness(t, 80, 24)
	_, cmd = h2.m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatal("ctrl+c with nothing typed did not quit")
	}
}

// While a prompt is open the footer shows its keys, not the screen's.
func TestPromptFooterShowsThePromptsKeys(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.openTicket("vpn")
	h.press("s")
	foot := h.view()[strings.LastIndex(h.view(), "\n")+1:]
	if !strings.Contains(foot, "choisir") || !strings.Contains(foot, "esc annuler") || strings.Contains(foot, "commenter") {
		t.Fatalf("footer with the status menu open: %q", foot)
	}
	h.press("esc", "a")
	foot = h.view()[strings.LastIndex(h.view(), "\n")+1:]
	if !strings.Contains(foot, "enter appliquer") || strings.Contains(foot, "commenter") {
		t.Fatalf("footer with the assign prompt open: %q", foot)
	}
	h.press("esc", "s", "x") // close asks (o/N)
	foot = h.view()[strings.LastIndex(h.view(), "\n")+1:]
	if !strings.Contains(foot, "o oui") || !strings.Contains(foot, "N/échap non") {
		t.Fatalf("footer with a confirmation open: %q", foot)
	}
}

// Problems are "Pb 3" everywhere, never "P3" (a priority).
func TestProblemNumbersNeverLookLikePriorities(t *testing.T) {
	h := newHarness(t, 120, 40)
	p := h.seedProblem()
	h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
	h.press("P")
	h.mustSee(fmtProblemID(p.ID))
	h.press("enter")
	h.mustSee("Problème Pb")
	h.press("esc", "esc")
	h.openTicket("vpn")
	h.press("tab")
	h.mustSee(fmtProblemID(p.ID) + " ")
	h.mustNotSee(fmt.Sprintf("P%d ", p.ID) + "ouvert")
}
