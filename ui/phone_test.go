package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"hotline/tickets"
)

func init() {
	namedKeys["ctrl+t"] = tea.KeyMsg{Type: tea.KeyCtrlT}
	namedKeys["ctrl+n"] = tea.KeyMsg{Type: tea.KeyCtrlN}
	namedKeys["ctrl+p"] = tea.KeyMsg{Type: tea.KeyCtrlP}
}

// phoneSizes are the two screens every phone-form behaviour is checked at.
var phoneSizes = [][2]int{{80, 24}, {120, 40}}

func openPhoneForm(t *testing.T, w, h int, opts ...harnessOpt) (*harness, *ticketForm) {
	t.Helper()
	hs := newHarness(t, w, h, opts...)
	hs.press("n")
	f, ok := hs.top().(*ticketForm)
	if !ok {
		t.Fatalf("n opened %T, not the form", hs.top())
	}
	return hs, f
}

// The caller's name (or address) typed brings the people who called
// before; enter on one fills service, email, phone, usual connection and
// device, and goes to the title.
func TestPhoneFormLooksUpTheRequester(t *testing.T) {
	for _, sz := range phoneSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			h, f := openPhoneForm(t, sz[0], sz[1])
			// Jeanne called again from home with her laptop, later.
			if _, err := h.tickets.Create(context.Background(), tickets.NewTicket{Title: "Écran noir",
				Requester:  tickets.Requester{Name: "Jeanne Martin", Service: "Urbanisme", Email: "jeanne.martin@exemple.fr", Phone: "01 23 45 67 89"},
				Connection: "4g", Device: "Dell Latitude 5440"}, "seed"); err != nil {
				t.Fatal(err)
			}
			h.press("jea")
			h.mustSee("Jeanne Martin · Urbanisme · jeanne.martin@exemple.fr", "2 tickets", "entrée remplit")
			h.press("enter")
			got := map[string]string{}
			for _, id := range []string{"requester", "service", "email", "phone", "connection", "device"} {
				got[id] = f.get(id)
			}
			want := map[string]string{"requester": "Jeanne Martin", "service": "Urbanisme", "email": "jeanne.martin@exemple.fr",
				"phone": "01 23 45 67 89", "connection": "4g", "device": "Dell Latitude 5440"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("filled %v, want %v", got, want)
			}
			if f.focus != fTitle {
				t.Fatalf("focus on field %d after choosing, want the title", f.focus)
			}
			h.mustNotSee("entrée remplit")

			// By address, from the email field; tab keeps what is typed.
			h2, f2 := openPhoneForm(t, sz[0], sz[1])
			h2.press("tab", "tab", "JEANNE.M")
			h2.mustSee("Jeanne Martin")
			h2.press("tab")
			if f2.get("email") != "JEANNE.M" || f2.get("service") != "" || f2.focus != fPhone {
				t.Fatalf("tab should keep the address as typed and move on: email %q service %q focus %d", f2.get("email"), f2.get("service"), f2.focus)
			}
		})
	}
}

// An answer for an older prefix does not replace the list of the newer.
func TestPhoneFormDropsALateLookup(t *testing.T) {
	h, f := openPhoneForm(t, 80, 24)
	h.press("jea")
	old := f.lookup.seq - 1
	h.send(requestersMsg{form: f, seq: old, field: fRequester, items: []tickets.KnownRequester{{Requester: tickets.Requester{Name: "Vieux Résultat"}}}})
	h.mustNotSee("Vieux Résultat")
	h.mustSee("Jeanne Martin")
}

// The service completes from the services of the config and of the
// tickets (accents and case ignored, any word); anything else is kept and
// shown as new.
func TestPhoneFormCompletesTheService(t *testing.T) {
	withServices := func(o *Options) { o.Config.Portal.Services = []string{"Eau et assainissement"} }
	for _, sz := range phoneSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			h, f := openPhoneForm(t, sz[0], sz[1], withServices)
			h.press("tab", "assain")
			h.mustSee("connus :", "›Eau et assainissement")
			h.press("enter")
			if f.get("service") != "Eau et assainissement" || f.focus != fService {
				t.Fatalf("service %q focus %d", f.get("service"), f.focus)
			}
			h.mustNotSee("nouveau service")
			h.press("ctrl+u", "urb")
			h.mustSee("›Urbanisme")
			h.press("ctrl+u", "Archives")
			h.mustSee("nouveau service")
			h.press("tab", "tab", "tab", "tab", "tab", "tab", "tab", "Carton d'archives perdu", "ctrl+s")
			tk := h.lastTicket()
			if tk.Requester.Service != "Archives" {
				t.Fatalf("service saved %q, want the new service as typed", tk.Requester.Service)
			}
		})
	}
}

// The description takes several lines: enter breaks the line there (and
// moves on from one-line fields), tab leaves it, ctrl+s saves.
func TestPhoneFormMultiLineDescription(t *testing.T) {
	for _, sz := range phoneSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			h, f := openPhoneForm(t, sz[0], sz[1])
			f.focusField(fTitle)
			h.press("Imprimante bloquée", "enter")
			if f.focus != fDescription {
				t.Fatalf("enter in the title should go to the description, focus %d", f.focus)
			}
			h.mustSee("entrée nouvelle ligne", "ctrl+s enregistre le ticket")
			h.press("Bourrage papier.", "enter", "Le voyant clignote.", "enter", "Déjà éteinte et rallumée.")
			if f.focus != fDescription {
				t.Fatal("enter in the description must not leave it")
			}
			h.mustSee("Bourrage papier.", "Le voyant clignote.")
			h.press("tab")
			if f.focus != fTags {
				t.Fatalf("tab should leave the description for the tags, focus %d", f.focus)
			}
			h.press("ctrl+s")
			tk := h.lastTicket()
			if tk.Description != "Bourrage papier.\nLe voyant clignote.\nDéjà éteinte et rallumée." {
				t.Fatalf("description = %q", tk.Description)
			}
		})
	}
}

// "Résolu pendant l'appel": the solution is asked for, and the ticket is
// filed solved with it as a public follow-up, first response and solved
// times set.
func TestPhoneFormSolvedDuringTheCall(t *testing.T) {
	for _, sz := range phoneSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			h, f := openPhoneForm(t, sz[0], sz[1])
			h.mustNotSee("Solution")
			f.focusField(fTitle)
			h.press("Mot de passe oublié")
			f.focusField(fSolved)
			h.press("space")
			h.mustSee("Résolu (appel)  ‹ oui ›", "Solution")
			h.press("ctrl+s")
			h.mustSee("tapez la solution")
			if n, _ := h.tickets.Count(context.Background(), tickets.Filter{All: true}); n != 6 {
				t.Fatalf("a ticket was filed without its solution (%d tickets)", n)
			}
			h.press("tab", "Mot de passe réinitialisé,", "enter", "l'agent s'est reconnecté.", "ctrl+s")
			tk := h.lastTicket()
			if tk.Status != tickets.StatusSolved || tk.SolvedAt == nil || tk.FirstResponseAt == nil || tk.Assignee != "marie" {
				t.Fatalf("ticket = %s solved %v first response %v assignee %q", tk.Status, tk.SolvedAt, tk.FirstResponseAt, tk.Assignee)
			}
			fs, _ := h.tickets.Followups(context.Background(), tk.ID)
			if len(fs) != 1 || fs[0].Private || fs[0].Body != "Mot de passe réinitialisé,\nl'agent s'est reconnecté." {
				t.Fatalf("follow-ups = %+v", fs)
			}
			h.mustSee("résolu pendant l'appel")
		})
	}
}

// Tutorials matching the title and description show beside the form
// (120 columns) or under it (80), once typing pauses; ctrl+t copies the
// Teams message, and the saved ticket has the tutorial linked and the
// "tutoriel envoyé" follow-up.
func TestPhoneFormSuggestsAndSendsATutorial(t *testing.T) {
	for _, sz := range phoneSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			h, f := openPhoneForm(t, sz[0], sz[1])
			h.press("Paul Durand")
			f.focusField(fTitle)
			h.press("Télétravail : préparer son poste")
			if len(f.suggest.items) == 0 {
				t.Fatal("no tutorial suggested for the title typed")
			}
			h.mustSee("Télétravail : préparer son poste", "ctrl+t envoyer")
			v := h.view()
			row := ""
			for _, l := range strings.Split(v, "\n") {
				if strings.Contains(l, "≡ Télétravail") {
					row = l
				}
			}
			switch sz[0] {
			case 120:
				if !strings.Contains(row, "│") || !strings.Contains(v, "Tutoriels suggérés") {
					t.Fatalf("at 120 columns the suggestions go beside the form:\n%s", v)
				}
			case 80:
				if !strings.HasPrefix(row, "Tutoriel 1/") {
					t.Fatalf("at 80 columns the suggestion goes under the form:\n%s", v)
				}
			}
			h.press("ctrl+t")
			if _, ok := h.top().(*teamsBox); !ok {
				t.Fatalf("ctrl+t opened %T, not the message box", h.top())
			}
			if len(h.copied) != 1 || !strings.Contains(h.copied[0], "Bonjour Paul") || !strings.Contains(h.copied[0], "https://kb.exemple.fr/teletravail") {
				t.Fatalf("copied %q", h.copied)
			}
			h.press("enter")
			if h.top() != screen(f) {
				t.Fatalf("enter should go back to the form, top %T", h.top())
			}
			h.mustSee("Tutoriel envoyé : Télétravail", "lié avec le suivi « tutoriel envoyé »")
			h.press("ctrl+s")
			tk := h.lastTicket()
			links, _ := h.tickets.Links(context.Background(), tk.ID)
			fs, _ := h.tickets.Followups(context.Background(), tk.ID)
			if len(links) != 1 || links[0].ArticleID != h.ids["teletravail"] || len(fs) != 1 || !strings.HasPrefix(fs[0].Body, "tutoriel envoyé : ") || tk.FirstResponseAt == nil {
				t.Fatalf("links %+v follow-ups %+v", links, fs)
			}
		})
	}
}

// Suggestions are asked once typing pauses: each keystroke arms a timer,
// only the last one's fires a query, and a late answer is dropped.
func TestPhoneFormSuggestionsAreDebounced(t *testing.T) {
	h, f := openPhoneForm(t, 120, 40)
	f.focusField(fTitle)
	// Keystrokes without their timers: nothing asked.
	for _, r := range "VPN" {
		f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	if cmd := f.Update(suggestTickMsg{form: f, seq: f.suggest.seq - 1}); cmd != nil {
		t.Fatal("an older keystroke's timer asked the knowledge base")
	}
	h.send(suggestTickMsg{form: f, seq: f.suggest.seq})
	if len(f.suggest.items) == 0 {
		t.Fatal("the last keystroke's timer should bring suggestions")
	}
	h.send(formSuggestionsMsg{form: f, seq: f.suggest.seq - 1})
	if len(f.suggest.items) == 0 {
		t.Fatal("a late answer replaced the suggestions")
	}
}

// lastTicket is the ticket created last.
func (h *harness) lastTicket() *tickets.Ticket {
	h.t.Helper()
	p, err := h.tickets.List(context.Background(), tickets.Filter{All: true}, tickets.SortID, 100, "")
	if err != nil {
		h.t.Fatal(err)
	}
	var last *tickets.Ticket
	for i := range p.Tickets {
		if last == nil || p.Tickets[i].ID > last.ID {
			last = &p.Tickets[i]
		}
	}
	if last == nil || last.ID <= 6 {
		h.t.Fatalf("no ticket created (form top %T, status %q)", h.top(), h.m.status)
	}
	return last
}

// Golden files of the phone form at 80x24 and 120x40: the requester
// lookup open, then the form filled with a tutorial suggested and sent.
func TestGoldenPhoneForm(t *testing.T) {
	states := []struct {
		name string
		keys []string
	}{
		{"lookup", []string{"n", "jea"}},
		{"suggested", []string{"n", "jea", "enter", "Télétravail : préparer son poste", "enter", "VPN lent", "enter", "depuis ce matin"}},
		{"sent", []string{"n", "jea", "enter", "Télétravail : préparer son poste", "ctrl+t", "enter"}},
	}
	for _, size := range phoneSizes {
		for _, st := range states {
			t.Run(fmt.Sprintf("%s_%dx%d", st.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, size[0], size[1])
				h.press(st.keys...)
				v := h.view()
				checkFrame(t, v, size[0], size[1])
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}

// The English form says it all in English, labels whole at 80 columns.
func TestPhoneFormInEnglish(t *testing.T) {
	h, _ := openPhoneForm(t, 80, 24, withLang("en"))
	h.press("jea")
	h.mustSee("Solved on call ", "enter fills service", "1 ticket")
	h.press("enter", "Télétravail", "tab")
	h.mustSee("Tutorial 1/", "ctrl+t send to the caller", "enter new line", "ctrl+s saves the ticket")
	h.mustNotSee("Résolu", "Tutoriel", "entrée", "enregistre")
}
