package kb

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlainTextOfHTMLishMarkdown(t *testing.T) {
	cases := map[string]string{
		`<a name="cant-sign-in-to-teams"></a>Impossible de se connecter à Teams`:                 "Impossible de se connecter à Teams",
		`Consultez [Gérer les comptes](https://learn.microsoft.com/fr-fr/teams/manage "titre").`: "Consultez Gérer les comptes.",
		`[![Logo](https://x/logo.png)](https://x) Texte`:                                         " Texte",
		`> [!NOTE]` + "\n" + `> Une note **importante** avec ` + "`code`":                        "\nUne note importante avec code",
		`Sélectionnez Paramètres \> Compte | Sécurité`:                                           "Sélectionnez Paramètres > Compte   Sécurité",
		`Voir https://aka.ms/mfa pour l&#39;aide &amp; le reste`:                                 "Voir  pour l'aide & le reste",
		`un [lien non fermé puis du texte`:                                                       "un lien non fermé puis du texte",
		`# Titre` + "\n- point un\n- point deux":                                                 "Titre\npoint un\npoint deux",
		`[ref][1] et [[imbriqué](x)](y)`:                                                         "ref et imbriqué",
		`nom_de_fichier et __gras__`:                                                             "nom_de_fichier et gras",
	}
	for in, want := range cases {
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

// Snippets of the real vendor corpus (HTML anchors, nested links, link
// targets, notes) are clean text.
func TestRealCorpusSnippetsAreCleanText(t *testing.T) {
	dir := filepath.Join(sharedData, "kb-fr-alchemy")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real corpus not present at %s: %v", dir, err)
	}
	if testing.Short() {
		t.Skip("imports 3,024 articles; skipped with -short")
	}
	s, _ := openStore(t, false)
	ctx := context.Background()
	if _, err := s.Import(ctx, dir, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, q := range realisticQueries {
		rs, err := s.Search(ctx, q, SearchOptions{NoRecord: true, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			n++
			for _, bad := range []string{`">`, "</", "<a ", "<img", "<br", "[", "]", "](", "http", "**", "`"} {
				if strings.Contains(r.Snippet, bad) {
					t.Errorf("%q: snippet of %q holds %q: %q", q, r.Title, bad, r.Snippet)
					break
				}
			}
		}
	}
	if n < 300 {
		t.Errorf("only %d results checked", n)
	}
}
