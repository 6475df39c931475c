package kb

import (
	"context"
	"strings"
	"testing"
)

// The demo knowledge base (French tutorials and videos written for the
// demo) answers the questions technicians get every day.
func TestDemoContentAnswersEverydayQuestions(t *testing.T) {
	s := demoStore(t)
	ctx := context.Background()
	cases := []struct {
		query string
		top   int    // the article must be within the first top results
		want  string // folded words all in its title
	}{
		{"teams marche pas", 3, "teams"},
		{"imprimente", 1, "imprimante"},
		{"comment partager mon écran dans teams ?", 3, "partager ecran"},
		{"teletravail", 3, "teletravail"},
		{"hotspot", 3, "partage connexion 4g"},
		{"out of office", 1, "reponse automatique"},
		{"share screen", 1, "partager ecran"},
		{"vpn lent", 1, "vpn lent"},
		{"outlok signature", 1, "outlook signature"},
		{"mdp expiré", 1, "mot passe expire"},
	}
	for _, c := range cases {
		rs, err := s.Search(ctx, c.query, SearchOptions{NoRecord: true, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if !titleWithin(rs, c.top, c.want) {
			t.Errorf("Search(%q): want a title with %q in the first %d, got %q", c.query, c.want, c.top, titles(rs))
		}
	}
	suggestions := []struct {
		in   SuggestInput
		want string
	}{
		{SuggestInput{Title: "teams marche pas", Description: "ma camera ne s'allume pas en visio"}, "camera"},
		{SuggestInput{Title: "imprimente hors ligne", Category: "Impression"}, "imprimante hors ligne"},
		{SuggestInput{Title: "Probleme connexion", Description: "Bonjour, depuis ce matin le vpn se deconecte toutes les 5 minutes, et aussi mon ecran externe clignote mais c'est pas grave. Merci", Category: "Réseau/VPN"}, "vpn deconnecte"},
		{SuggestInput{Title: "plus d'internet à la maison", Description: "ma box ne marche plus, comment faire un partage de connexion avec mon telephone android ?"}, "android"},
	}
	for _, c := range suggestions {
		rs, err := s.Suggest(ctx, c.in, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !titleWithin(rs, 3, c.want) {
			t.Errorf("Suggest(%q): want a title with %q in the first 3, got %q", c.in.Title, c.want, titles(rs))
		}
	}
}

func titleWithin(rs []Result, top int, words string) bool {
	for i, r := range rs {
		if i >= top {
			break
		}
		folded := " " + strings.Join(strings.FieldsFunc(strings.ToLower(foldTag(r.Title)), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		}), " ") + " "
		ok := true
		for _, w := range strings.Fields(words) {
			if !strings.Contains(folded, w) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}
