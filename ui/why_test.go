package ui

import (
	"testing"

	"hotline/kb"
)

// A suggestion's reason is in the interface's language.
func TestWhyInTheInterfaceLanguage(t *testing.T) {
	at := 149.0
	r := kb.Result{Matched: []string{"caméra", "teams"}, Solved: 3, At: &at}
	if got := whyOf(NewCatalogue(English), r); got != "words: caméra, teams · at 2:29 · solved 3 similar tickets" {
		t.Errorf("English: %q", got)
	}
	if got := whyOf(NewCatalogue(French), r); got != "mots : caméra, teams · à 2:29 · a résolu 3 tickets similaires" {
		t.Errorf("French: %q", got)
	}
}
