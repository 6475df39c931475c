package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"hotline/internal/opener"
)

// o without an opener installed says so in French, on every screen that
// opens a link (the article screen opened from the queue used to say
// nothing; the ticket screen said "ouverture impossible: open … with
// xdg-open: exec: …: executable file not found in $PATH").
func TestOpenerFailureIsWordedInFrench(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no xdg-open, open or rundll32
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t, size[0], size[1], func(o *Options) { o.Open = opener.Open })
		h.press("b", "teletravail", "enter")
		if _, ok := h.top().(*articleViewer); !ok {
			t.Fatalf("top = %T", h.top())
		}
		h.press("o")
		h.mustSee("Ouverture impossible : le programme")
		h.mustNotSee("executable", "$PATH", "exec:")
		if !strings.Contains(h.m.status, "n'est pas installé sur ce poste (installez-le, ou copiez le lien avec y)") {
			t.Errorf("status = %q", h.m.status)
		}
		h.press("esc", "esc")
		h.openTicket("vpn")
		h.press("tab", "o")
		if !strings.Contains(h.m.status, "Ouverture impossible : le programme") || strings.Contains(h.m.status, "exec") {
			t.Errorf("ticket screen: status = %q", h.m.status)
		}
	}
}

// French plurals: 0 and 1 take the singular (« 1 ticket », « 0 résultat »),
// English only 1; a singular takes the same arguments as its plural.
func TestFrenchPlurals(t *testing.T) {
	verbs := regexp.MustCompile(`%(\[\d\])?[-+# 0-9.]*[a-zA-Z%]`)
	for id, m := range messages {
		base, ok := strings.CutSuffix(id, ".1")
		if !ok || messages[base] == [2]string{} {
			continue
		}
		for l := range 2 {
			if a, b := len(verbs.FindAllString(m[l], -1)), len(verbs.FindAllString(messages[base][l], -1)); a != b {
				t.Errorf("%s has %d verbs, %s has %d (lang %d)", id, a, base, b, l)
			}
		}
	}
	fr, en := NewCatalogue(French), NewCatalogue(English)
	for _, c := range []struct{ got, want string }{
		{fr.P("article.tickets", 1, 1), "1 ticket"},
		{fr.P("kb.count", 0, 0), "0 résultat"},
		{fr.P("kb.count", 2, 2), "2 résultats"},
		{en.P("kb.count", 0, 0), "0 results"},
		{fr.P("similar.badge", 1, 1, 7), "↻ 1 similaire en 7 j"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	// On screen: the article sent once says « 1 ticket ».
	h := newHarness(t, 120, 40)
	if err := h.tickets.Link(context.Background(), h.ids["solved"], h.ids["teletravail"], "marie"); err != nil {
		t.Fatal(err)
	}
	h.press("b", "teletravail", "enter")
	h.mustSee("jamais revu · 1 ticket")
	h.mustNotSee("1 tickets")
}

// l on a problem with a word that is no number says so in French.
func TestProblemLinkBadNumberInFrench(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.seedProblem()
	h.press("P", "enter", "l", "12 abc", "enter")
	if !strings.Contains(h.m.status, "« abc » n'est pas un numéro de ticket") {
		t.Fatalf("status = %q", h.m.status)
	}
}
