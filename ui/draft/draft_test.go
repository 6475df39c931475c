package draft

import (
	"strings"
	"testing"
	"time"

	"hotline/tickets"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Caméra noire dans Teams": "camera-noire-dans-teams",
		"  VPN : coupé (4G) !! ":  "vpn-coupe-4g",
		"":                        "tutoriel",
		"\x1b]0;pwned\a":          "0-pwned",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownKeepsPublicStepsOnly(t *testing.T) {
	tk := &tickets.Ticket{ID: 7, Title: `Imprimante "hors ligne"`, Description: "Elle ne sort rien.", Tags: []string{"impression"}}
	md := string(Markdown(tk, []tickets.Followup{{Body: "Redémarrez-la."}, {Body: "secret", Private: true}}, time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)))
	for _, want := range []string{"title: \"Imprimante \\\"hors ligne\\\"\"", "kind: tutorial", "tags: [\"impression\"]", "lang: fr",
		"verified: 2025-03-10", "## Symptôme\n\nElle ne sort rien.", "## Solution\n\n1. Redémarrez-la."} {
		if !strings.Contains(md, want) {
			t.Errorf("draft lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "secret") {
		t.Fatal("a private note is in the draft")
	}
}

func TestDraftIsNotVerifiedUntilMarked(t *testing.T) {
	md := string(Markdown(&tickets.Ticket{ID: 1, Title: "x"}, nil, time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)))
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "verified:") {
			t.Fatalf("draft is verified from the start: %q", l)
		}
	}
	if !strings.Contains(md, "# verified: 2025-03-10") {
		t.Fatalf("draft does not say how to mark it verified:\n%s", md)
	}
}

func TestSolutionIsTheTechnicalStepsNotTheChat(t *testing.T) {
	tk := &tickets.Ticket{ID: 9, Title: "Caméra noire", Requester: tickets.Requester{Name: "Luc Petit", Email: "luc.petit@exemple.fr"}}
	md := string(Markdown(tk, []tickets.Followup{
		{Author: "marie", Body: "Bonjour Luc,\n\nFermez Teams complètement.\nPuis rouvrez-le.\n\nN'hésitez pas à me recontacter.\nBonne journée,\nMarie"},
		{Author: "Luc Petit", Body: "Merci, ça marche !"},
		{Author: "luc.petit@exemple.fr", Body: "Toujours noir."},
		{Author: "marie", Body: "tutoriel envoyé : Caméra — https://kb/x"},
		{Author: "marie", Body: "Bonjour,\nAutorisez la caméra dans Paramètres > Confidentialité.\nCordialement"},
	}, time.Now()))
	sol := md[strings.Index(md, "## Solution"):]
	want := "## Solution\n\n1. Fermez Teams complètement.\n   Puis rouvrez-le.\n2. Autorisez la caméra dans Paramètres > Confidentialité.\n"
	if sol != want {
		t.Fatalf("solution:\n%s\nwant:\n%s", sol, want)
	}
}
