package kb

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// The shipped lexicon maps how agents say things to the tutorials' words:
// each abbreviation and colloquial phrase the issue names has an entry.
func TestLexiconMapsAgentsWords(t *testing.T) {
	s, _ := openStore(t, false)
	ctx := context.Background()
	cases := map[string]string{
		"site caf":                          "cache",
		"rh":                                "paie",
		"la dgs":                            "direction generale",
		"le vpn":                            "forticlient",
		"mfa":                               "authenticator",
		"la box est en panne":               "partage connexion",
		"sur le pro":                        "telephone professionnel",
		"l'ordi":                            "ordinateur",
		"je parle dans le vide":             "micro",
		"mdp":                               "mot passe",
		"teams tout blanc":                  "vider cache",
		"les élus n'entendent pas la vidéo": "inclure",
	}
	for text, want := range cases {
		cs, err := s.analyze(ctx, text, false)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range cs {
			for _, a := range c.alts {
				if strings.Join(a.Terms, " ") == want {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%q: no concept offers %q: %+v", text, want, cs)
		}
	}
}

// A helpdesk's own lexicon file adds entries: a phrasing that found
// nothing finds the tutorial once the file says what it means.
func TestLexiconFileExtendsTheShippedOne(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"parapheur.md": "# Signer un document dans le parapheur électronique\n\nOuvrez le parapheur."})
	search := func(lex *Lexicon) []Result {
		s, _ := openStore(t, false)
		s.lex = synonyms
		if lex != nil {
			s.lex = lex.table
		}
		if _, err := s.Import(ctx, dir, ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		rs, err := s.Search(ctx, "envoyer dans iXBus", SearchOptions{NoRecord: true})
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	if rs := search(nil); len(rs) != 0 {
		t.Fatalf("found without the entry: %v", titles(rs))
	}
	lex, err := LoadLexicon([]byte("# our e-signature tool\nixbus | i xbus = parapheur ; signature electronique\n"), "lexicon.txt")
	if err != nil {
		t.Fatal(err)
	}
	rs := search(lex)
	if len(rs) == 0 || !strings.Contains(rs[0].Title, "parapheur") {
		t.Errorf("with the entry: %v", titles(rs))
	}
	// The shipped entries are still there.
	if e, n := lex.table.match([]string{"mdp"}, 0); n != 1 || !slices.ContainsFunc(e.alts, func(a []string) bool { return strings.Join(a, " ") == "mot passe" }) {
		t.Errorf("shipped entry lost: %+v", e)
	}
	// Mistakes are reported with their line.
	for data, want := range map[string]string{
		"ok = fine\nno equals sign here\n": "lexicon.txt:2: want",
		"a = \n":                           "lexicon.txt:1: nothing after =",
		" = mot\n":                         "lexicon.txt:1: nothing before =",
		"caf\xe9 = x\n":                    "lexicon.txt:1: invalid UTF-8",
	} {
		if _, err := LoadLexicon([]byte(data), "lexicon.txt"); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("LoadLexicon(%q) = %v, want %q", data, err, want)
		}
	}
}
