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
