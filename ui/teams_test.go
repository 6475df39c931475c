package ui

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/kb"
	"hotline/tickets"
)

func TestTeamsGreetingFromTheNameAsWritten(t *testing.T) {
	for name, want := range map[string]string{
		"Mme Durand":               "Bonjour Madame Durand,",
		"Madame Claire Durand":     "Bonjour Madame Claire Durand,",
		"M. Dupont":                "Bonjour Monsieur Dupont,",
		"Karim Benali":             "Bonjour Karim,",
		"DURAND Karim":             "Bonjour Karim,",
		"Jean-Luc Picard":          "Bonjour Jean-Luc,",
		"Durand":                   "Bonjour,", // first name or surname: unsure
		"karim":                    "Bonjour,",
		"jeanne.martin@exemple.fr": "Bonjour,",
		"":                         "Bonjour,",
		"\x1b[1mX":                 "Bonjour,",
		"Mme":                      "Bonjour Madame,",
	} {
		if got := greeting(name); got != want {
			t.Errorf("greeting(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestTeamsSummaryIsWholeSentencesWithoutMarkup(t *testing.T) {
	for _, c := range []struct{ name, body, want string }{
		{"html heading and bold",
			"# <a name=\"11-call-recording\"></a>Enregistrement des appels 1:1\n\nSi le **bouton Démarrer** est grisé dans un appel 1:1, modifiez la stratégie. Pour vérifier, lancez le diagnostic.\n",
			"Si le bouton Démarrer est grisé dans un appel 1:1, modifiez la stratégie. Pour vérifier, lancez le diagnostic."},
		{"a sentence announcing a list is left out",
			"Si vous recevez l'erreur « (401) », elle peut être liée à TLS 1.0/1.1. Pour plus d'informations, consultez :\n\n- [TLS](https://x)\n",
			"Si vous recevez l'erreur « (401) », elle peut être liée à TLS 1.0/1.1."},
		{"list first: nothing to summarise but the prose after",
			"- étape\n- étape\n\nRedémarrez la box. Attendez deux minutes.",
			"Redémarrez la box. Attendez deux minutes."},
		{"only a line ending on a colon", "Voici comment faire :\n\n1. Ouvrir\n", ""},
		{"links keep their words", "Téléchargez le [complément](https://go.microsoft.com/x) depuis le site. C'est tout.",
			"Téléchargez le complément depuis le site. C'est tout."},
		{"abbreviations do not end a sentence", "Demandez à M. Dupont le code, p. ex. 1234. Puis validez.",
			"Demandez à M. Dupont le code, p. ex. 1234. Puis validez."},
		{"unfinished paragraph", "Ouvrez Outlook et cliquez sur", ""},
		{"a sentence pointing at what is not sent", "FortiClient reste bloqué ? Repérez votre message dans le tableau ci-dessous.", "FortiClient reste bloqué ?"},
	} {
		if got := summaryOf(c.body); got != c.want {
			t.Errorf("%s: summaryOf = %q, want %q", c.name, got, c.want)
		}
	}
}

// Every article of the real corpus gives a summary of whole sentences with
// no markup left (the corpus has HTML anchors, links, bold and lists).
func TestTeamsSummaryOnTheRealCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "kb-fr-alchemy")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared corpus not here: %v", err)
	}
	n, with := 0, 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || strings.EqualFold(d.Name(), "README.md") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		a, err := kb.ParseArticle(p, data)
		if err != nil {
			return nil // not an article
		}
		n++
		s := summaryOf(a.Body)
		if s == "" {
			return nil
		}
		with++
		for _, bad := range []string{"<", ">", "](", "**", "`", "\n"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: summary holds %q: %q", p, bad, s)
			}
		}
		if strings.HasPrefix(s, "…") || strings.HasPrefix(s, "-") || strings.HasSuffix(s, ":") {
			t.Errorf("%s: summary is not whole sentences: %q", p, s)
		}
		if last := []rune(s)[len([]rune(s))-1]; !strings.ContainsRune(".!?…»\")", last) {
			t.Errorf("%s: summary ends mid-sentence: %q", p, s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 1000 || with < n*2/3 {
		t.Fatalf("%d articles, %d with a summary", n, with)
	}
}

// teamsTicket adds a ticket from "Mme Durand" linked to article.
func (h *harness) teamsTicket(article int64) *ticketScreen {
	h.t.Helper()
	ctx := context.Background()
	tk, err := h.tickets.Create(ctx, tickets.NewTicket{Title: "VPN impossible", Description: "Le VPN refuse la connexion.",
		Requester: tickets.Requester{Name: "Mme Durand", Service: "Eau"}, Category: "Réseau/VPN"}, "seed")
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.tickets.Link(ctx, tk.ID, article, "seed"); err != nil {
		h.t.Fatal(err)
	}
	h.ids["durand"] = tk.ID
	h.send(tea.KeyMsg{Type: tea.KeyCtrlR})
	return h.openTicket("durand")
}

func TestTeamsMessageIsSentUnchangedAndRecorded(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.teamsTicket(h.ids["vpnvideo"])
	h.press("y")
	if _, ok := h.top().(*teamsBox); !ok {
		t.Fatalf("y opened %T, want the message box", h.top())
	}
	if len(h.copied) != 1 {
		t.Fatalf("copied %d messages", len(h.copied))
	}
	msg := h.copied[0]
	for _, want := range []string{"Bonjour Madame Durand,\n", "la vidéo « Se connecter au VPN »", "https://video.exemple.fr/vpn.mp4",
		"En bref : Comment lancer FortiClient et se connecter au VPN.", "Bonne journée,\nmarie"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if n := strings.Count(strings.ToLower(msg), "vidéo"); n != 1 {
		t.Errorf("\"vidéo\" %d times:\n%s", n, msg)
	}
	for _, l := range strings.Split(msg, "\n") {
		if strings.HasSuffix(strings.TrimSpace(l), ":") || strings.HasPrefix(l, "- ") || strings.Contains(l, "#t=") {
			t.Errorf("line %q: a dangling colon, a Markdown dash or a time without a transcript hit", l)
		}
	}
	// The box shows the message, readable at 80 columns, and what enter does.
	h.mustSee("Message copié", "Bonjour Madame Durand,", "https://video.exemple.fr/vpn.mp4", "tutoriel envoyé")
	checkFrame(t, h.view(), 80, 24)
	h.press("enter")
	if _, ok := h.top().(*ticketScreen); !ok {
		t.Fatalf("enter left %T on top", h.top())
	}
	fs, _ := h.tickets.Followups(context.Background(), h.ids["durand"])
	if len(fs) != 1 || fs[0].Private || fs[0].Author != "marie" ||
		fs[0].Body != "tutoriel envoyé : Se connecter au VPN — https://video.exemple.fr/vpn.mp4" {
		t.Fatalf("follow-ups = %+v", fs)
	}
	if tk := h.ticket("durand"); tk.FirstResponseAt == nil {
		t.Fatal("sending the tutorial is not the first response")
	}
	// esc closes without recording.
	h.press("y", "esc")
	if fs, _ := h.tickets.Followups(context.Background(), h.ids["durand"]); len(fs) != 1 {
		t.Fatalf("esc recorded a follow-up: %+v", fs)
	}
	if len(h.copied) != 2 {
		t.Fatalf("copied %d", len(h.copied))
	}
}

func TestTeamsWithoutAWebLinkSaysSoAndOffersTheText(t *testing.T) {
	h := newHarness(t, 120, 40)
	ctx := context.Background()
	local, err := h.kb.Add(ctx, kb.Article{Kind: kb.KindVideo, Title: "Vidéo : redémarrer la box", URL: "/srv/kb/redemarrer-box.vtt",
		Body: "# Redémarrer la box\n\nÉteignez la box. Attendez dix secondes.\n\n1. Débranchez\n2. **Rebranchez**\n", Lang: "fr",
		Transcript: []kb.Segment{{Start: 0, End: 5 * time.Second, Text: "éteignez la box"}, {Start: 40 * time.Second, End: 50 * time.Second, Text: "rebranchez la box internet"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.teamsTicket(local.ID)
	h.press("y")
	if len(h.copied) != 0 {
		t.Fatalf("a message with a local link was copied: %q", h.copied)
	}
	h.mustSee("fichier de cet ordinateur (redemarrer-box.vtt)", "t copie plutôt le texte", "l'agent ne pourrait pas l'ouvrir")
	h.mustNotSee("Message copié")
	h.press("t")
	if len(h.copied) != 1 {
		t.Fatal("t copied nothing")
	}
	msg := h.copied[0]
	for _, want := range []string{"Bonjour Madame Durand,", "Éteignez la box. Attendez dix secondes.", "1. Débranchez", "2. Rebranchez", "marie"} {
		if !strings.Contains(msg, want) {
			t.Errorf("text message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "/srv/kb") || strings.Contains(msg, "**") || strings.Contains(msg, "# ") {
		t.Errorf("text message holds the local path or markup:\n%s", msg)
	}
	h.press("enter")
	fs, _ := h.tickets.Followups(ctx, h.ids["durand"])
	if len(fs) != 1 || fs[0].Body != "tutoriel envoyé : Redémarrer la box (texte de l'article)" {
		t.Fatalf("follow-ups = %+v", fs)
	}

	// A transcript hit of a video without a web link: no "#t=" anywhere.
	h.press("b", "rebranchez box")
	k := h.top().(*kbScreen)
	for i, r := range k.results {
		if r.ID == local.ID {
			k.cursor = i
		}
	}
	h.press("tab", "y")
	h.mustSee("fichier de cet ordinateur")
	h.press("t")
	if strings.Contains(h.copied[len(h.copied)-1], "#t=") {
		t.Fatalf("#t= without a web link: %q", h.copied[len(h.copied)-1])
	}
}

func TestTeamsFromTheKnowledgeBaseAloneRecordsNothing(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.press("b", "teletravail")
	h.press("tab", "y")
	if len(h.copied) != 1 || !strings.HasPrefix(h.copied[0], "Bonjour,\n") ||
		!strings.Contains(h.copied[0], "le tutoriel « Télétravail : préparer son poste » qui devrait vous aider.\nLien : https://kb.exemple.fr/teletravail") {
		t.Fatalf("copied = %q", h.copied)
	}
	h.mustNotSee("tutoriel envoyé")
	h.press("enter")
	if _, ok := h.top().(*kbScreen); !ok {
		t.Fatalf("enter left %T", h.top())
	}
}

// The message is signed with the technician's display name when known.
func TestTeamsSignedWithTheDisplayName(t *testing.T) {
	h := newHarness(t, 100, 30, func(o *Options) { o.UserName = "Marie Lefebvre" })
	h.teamsTicket(h.ids["teletravail"])
	h.press("y")
	if len(h.copied) != 1 || !strings.HasSuffix(h.copied[0], "Bonne journée,\nMarie Lefebvre") {
		t.Fatalf("copied = %q", h.copied)
	}
}
