package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/replies"
)

func init() {
	// The replies' keys, for harness.press.
	namedKeys["ctrl+r"] = tea.KeyMsg{Type: tea.KeyCtrlR}
	namedKeys["ctrl+n"] = tea.KeyMsg{Type: tea.KeyCtrlN}
	namedKeys["ctrl+e"] = tea.KeyMsg{Type: tea.KeyCtrlE}
	namedKeys["ctrl+x"] = tea.KeyMsg{Type: tea.KeyCtrlX}
}

func withReplies(dir string) harnessOpt {
	return func(o *Options) { o.Replies = replies.Book{Dir: dir} }
}

func seedReplies(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "replies")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"merci.md":   "---\ntitle: Merci, ticket résolu\nlang: fr\n---\nBonjour {prenom}, merci ; le ticket n°{numero} est résolu.\n",
		"tuto.md":    "---\ntitle: Envoyer le tutoriel VPN\nlang: fr\n---\nBonjour {prenom},\nvoici le tutoriel {tutoriel}.\n{technicien}\n",
		"thanks.md":  "---\ntitle: Thanks, solved\nlang: en\n---\nHello {prenom}, ticket {numero} is solved.\n",
		"inconnu.md": "---\ntitle: Réponse cassée\nlang: fr\n---\nBonjour {foo}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// T on the ticket screen lists the team's replies in the interface's
// language, typing narrows them by title, enter fills the variables and
// puts the text in a public comment; a variable with no value, or unknown,
// is named and nothing is inserted.
func TestCannedReplyIntoComment(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t, size[0], size[1], withReplies(seedReplies(t)))
		ctx := context.Background()
		s := h.openTicket("vpn")
		h.press("T")
		if _, ok := h.top().(*replyScreen); !ok {
			t.Fatalf("T opened %T", h.top())
		}
		h.mustSee("Merci, ticket résolu", "Envoyer le tutoriel VPN")
		h.mustNotSee("Thanks, solved")
		h.press("merc")
		h.mustNotSee("Envoyer le tutoriel VPN")
		h.press("enter")
		if h.top() != s || s.prompt == nil || s.prompt.kind != promptComment {
			t.Fatalf("enter did not open the comment: %T", h.top())
		}
		if got := s.prompt.value(); got != "Bonjour Jeanne, merci ; le ticket n°1 est résolu." {
			t.Fatalf("comment = %q", got)
		}
		h.press("ctrl+s")
		fs, _ := h.tickets.Followups(ctx, h.ids["vpn"])
		if len(fs) == 0 || fs[len(fs)-1].Body != "Bonjour Jeanne, merci ; le ticket n°1 est résolu." || fs[len(fs)-1].Private {
			t.Fatalf("follow-ups: %+v", fs)
		}

		// {tutoriel} with no tutorial linked: said, nothing inserted.
		h.press("T", "tuto", "enter")
		if _, ok := h.top().(*replyScreen); !ok {
			t.Fatalf("a reply with no value was inserted: %T", h.top())
		}
		if !strings.Contains(h.m.status, "{tutoriel} n'a pas de valeur : aucun tutoriel n'est lié à ce ticket") {
			t.Errorf("status = %q", h.m.status)
		}
		// An unknown variable: named.
		h.press("ctrl+u")
		h.filterReplies("cass")
		h.press("enter")
		if !strings.Contains(h.m.status, "Variable inconnue {foo} : les variables sont {prenom} {numero} {tutoriel} {technicien}.") {
			t.Errorf("status = %q", h.m.status)
		}
		h.press("esc")

		// With a tutorial linked: its title and link, and the technician.
		if err := h.tickets.Link(ctx, h.ids["vpn"], h.ids["teletravail"], "marie"); err != nil {
			t.Fatal(err)
		}
		h.press("r", "T", "tuto", "enter")
		want := "Bonjour Jeanne,\nvoici le tutoriel Télétravail : préparer son poste : https://kb.exemple.fr/teletravail.\nmarie"
		if s.prompt == nil || s.prompt.value() != want {
			t.Fatalf("comment = %q", s.prompt.value())
		}
		// ctrl+r in a comment being typed adds the reply after the text.
		h.press("esc", "c", "Déjà fait.", "ctrl+r")
		if _, ok := h.top().(*replyScreen); !ok {
			t.Fatalf("ctrl+r in the comment opened %T", h.top())
		}
		h.press("merci", "enter")
		if got := s.prompt.value(); got != "Déjà fait.\nBonjour Jeanne, merci ; le ticket n°1 est résolu." {
			t.Errorf("comment after ctrl+r = %q", got)
		}
	}
}

// filterReplies types into the replies' filter.
func (h *harness) filterReplies(s string) {
	h.t.Helper()
	r, ok := h.top().(*replyScreen)
	if !ok {
		h.t.Fatalf("top = %T", h.top())
	}
	r.filter.SetValue("")
	r.refilter()
	h.press(s)
}

// The English interface offers the English replies.
func TestCannedRepliesFollowTheLanguage(t *testing.T) {
	h := newHarness(t, 80, 24, withLang("en"), withReplies(seedReplies(t)))
	h.openTicket("vpn")
	h.press("T")
	h.mustSee("Thanks, solved")
	h.mustNotSee("Merci, ticket résolu")
	h.press("enter")
	if got := h.top().(*ticketScreen).prompt.value(); got != "Hello Jeanne, ticket 1 is solved." {
		t.Errorf("comment = %q", got)
	}
}

// From the queue, T is where the team keeps the replies: ctrl+n writes one
// (an unknown variable refused with its name), ctrl+e edits, ctrl+x deletes
// after an (o/N) visible at 80 columns.
func TestCannedRepliesManaged(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		dir := seedReplies(t)
		h := newHarness(t, size[0], size[1], withReplies(dir))
		h.press("T")
		h.mustSee("Les réponses types de l'équipe", "Merci, ticket résolu")
		h.press("ctrl+n", "Écran noir", "tab", "tab", "Bonjour {prenom}, {bar}", "ctrl+s")
		if !strings.Contains(h.m.status, "Variable inconnue {bar}") {
			t.Fatalf("status = %q", h.m.status)
		}
		h.press("backspace", "backspace", "backspace", "backspace", "backspace", "redémarrez l'écran.", "ctrl+s")
		data, err := os.ReadFile(filepath.Join(dir, "ecran-noir.md"))
		if err != nil || string(data) != "---\ntitle: Écran noir\nlang: fr\n---\nBonjour {prenom}, redémarrez l'écran.\n" {
			t.Fatalf("file: %q %v", data, err)
		}
		h.mustSee("Réponse « Écran noir » enregistrée", "Écran noir")
		// Edit: the title.
		h.press("ecran", "ctrl+e", "ctrl+u", "Écran noir au démarrage", "ctrl+s")
		list, _ := replies.Book{Dir: dir}.List()
		found := false
		for _, r := range list {
			found = found || (r.Name == "ecran-noir" && r.Title == "Écran noir au démarrage")
		}
		if !found {
			t.Fatalf("edit: %+v", list)
		}
		// Delete, with the question's (o/N) on screen.
		h.filterReplies("ecran")
		h.press("ctrl+x")
		h.mustSee("Supprimer la réponse « Écran noir au démarrage » ? (o/N)")
		h.press("n")
		if _, err := os.Stat(filepath.Join(dir, "ecran-noir.md")); err != nil {
			t.Fatal("n deleted the reply")
		}
		h.press("ctrl+x", "o")
		if _, err := os.Stat(filepath.Join(dir, "ecran-noir.md")); !os.IsNotExist(err) {
			t.Fatalf("o did not delete the reply: %v", err)
		}
		h.mustSee("Réponse « Écran noir au démarrage » supprimée")
	}
}
