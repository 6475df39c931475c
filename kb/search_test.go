package kb

import (
	"context"
	"strings"
	"testing"
	"time"

	"hotline/tickets"
)

// fixtureStore imports a small knowledge base written by the test.
func fixtureStore(t *testing.T, links bool) *Store {
	t.Helper()
	s, _ := openStore(t, links)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"camera.md":      "---\ntitle: \"Teams : la caméra ne fonctionne pas\"\ntags: [teams, camera]\n---\nVérifiez la caméra dans les paramètres de Teams.",
		"imprimante.md":  "---\ntitle: Mon imprimante est hors ligne\ntags: [imprimante]\n---\nRedémarrez l'imprimante et le spouleur.",
		"partage.md":     "---\ntitle: Partager mon écran dans Teams\ntags: [teams, partage]\n---\nCliquez sur Partager pendant la réunion.",
		"teletravail.md": "---\ntitle: \"Télétravail : préparer son poste\"\ntags: [teletravail]\n---\nLes règles du travail à la maison.",
		"hotspot.md":     "---\ntitle: Partage de connexion 4G depuis le téléphone\ntags: [4g]\n---\nActivez le point d'accès mobile.",
		"absence.md":     "---\ntitle: Réponse automatique d'absence dans Outlook\ntags: [outlook]\n---\nAvant vos congés, activez la réponse automatique.",
		"mdp.md":         "---\ntitle: Changer son mot de passe\ntags: [compte]\n---\nAppuyez sur Ctrl+Alt+Suppr.",
		"box.md":         "# Redémarrer sa box\n\nDébranchez la box trente secondes.",
		"box.vtt":        "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nBonjour.\n\n00:01:33.000 --> 00:01:40.000\nVérifiez aussi le voyant du routeur fibre optique.\n",
		"mention.md":     "# Liste du matériel\n\nimprimante, caméra, outlook, écran.",
	})
	if rep, err := s.Import(context.Background(), dir, ImportOptions{}); err != nil || rep.Failed > 0 {
		t.Fatalf("import fixtures: %+v %v", rep, err)
	}
	return s
}

func titles(rs []Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Title
	}
	return out
}

func TestSearchFindsWhatPeopleType(t *testing.T) {
	s := fixtureStore(t, false)
	cases := []struct {
		name, query, first string
	}{
		{"accent-insensitive", "camera", "Teams : la caméra ne fonctionne pas"},
		{"case and accents", "TELETRAVAIL", "Télétravail : préparer son poste"},
		{"prefix while typing", "partag conn", "Partage de connexion 4G depuis le téléphone"},
		{"typo substitution", "imprimente", "Mon imprimante est hors ligne"},
		{"typo deletion", "outlok", "Réponse automatique d'absence dans Outlook"},
		{"elision", "l'imprimante", "Mon imprimante est hors ligne"},
		{"question", "comment partager mon écran dans teams ?", "Partager mon écran dans Teams"},
		{"question with extra words", "comment je peux partager mon écran à mes collègues dans teams ?", "Partager mon écran dans Teams"},
		{"jargon share screen", "share screen", "Partager mon écran dans Teams"},
		{"jargon hotspot", "hotspot", "Partage de connexion 4G depuis le téléphone"},
		{"jargon out of office", "out of office", "Réponse automatique d'absence dans Outlook"},
		{"jargon password", "password", "Changer son mot de passe"},
		{"jargon printer", "printer", "Mon imprimante est hors ligne"},
	}
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs, err := s.Search(ctx, c.query, SearchOptions{NoRecord: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) == 0 || rs[0].Title != c.first {
				t.Errorf("Search(%q) = %q, want %q first", c.query, titles(rs), c.first)
			}
		})
	}
}

func TestSearchExactBeatsCorrected(t *testing.T) {
	s, _ := openStore(t, false)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md": "# Le mot imprimante\n\nimprimante imprimante",
		"b.md": "# Le mot imprimente\n\nune coquille dans le texte",
	})
	if _, err := s.Import(context.Background(), dir, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	rs, err := s.Search(context.Background(), "imprimente", SearchOptions{NoRecord: true})
	if err != nil || len(rs) == 0 || rs[0].Title != "Le mot imprimente" {
		t.Fatalf("exact word must come first: %q %v", titles(rs), err)
	}
	rs, _ = s.Search(context.Background(), "imprimante", SearchOptions{NoRecord: true})
	if len(rs) == 0 || rs[0].Title != "Le mot imprimante" {
		t.Errorf("exact word must come first: %q", titles(rs))
	}
}

func TestSearchTranscriptHitPointsAtTheCue(t *testing.T) {
	s := fixtureStore(t, false)
	rs, err := s.Search(context.Background(), "fibre optique", SearchOptions{NoRecord: true})
	if err != nil || len(rs) != 1 {
		t.Fatalf("transcript search: %+v %v", rs, err)
	}
	r := rs[0]
	if r.Title != "Redémarrer sa box" || r.At == nil || *r.At != 93 || !strings.HasSuffix(r.URL, "#t=93") {
		t.Errorf("transcript hit = %+v (at %v), want the box video at 93 s", r, r.At)
	}
	if !strings.Contains(r.Snippet, SnippetOpen+"fibre"+SnippetClose) {
		t.Errorf("snippet should mark the words: %q", r.Snippet)
	}
	rs, _ = s.Search(context.Background(), "box", SearchOptions{NoRecord: true})
	if len(rs) == 0 || rs[0].At != nil {
		t.Errorf("a text hit has no time: %+v", rs)
	}
}

func TestSearchHostileInputNeverFails(t *testing.T) {
	s := fixtureStore(t, false)
	for _, q := range []string{`"`, `*`, `-vpn`, `+`, `a:b`, `(x`, `AND`, `OR NOT`, `NEAR(a b)`, `title:teams`, `"unterminated`, `😀`, `l'`, `^`, ``, `   `, `camera*`, `{title}: x`, `'; DROP TABLE articles; --`, strings.Repeat("teams ", 300)} {
		if _, err := s.Search(context.Background(), q, SearchOptions{}); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
}

func TestSearchFiltersAndMisses(t *testing.T) {
	s := fixtureStore(t, false)
	ctx := context.Background()
	rs, err := s.Search(ctx, "teams", SearchOptions{Tag: "PARTAGE", NoRecord: true})
	if err != nil || len(rs) != 1 || rs[0].Title != "Partager mon écran dans Teams" {
		t.Errorf("tag filter: %q %v", titles(rs), err)
	}
	rs, _ = s.Search(ctx, "redemarrer", SearchOptions{Kind: KindVideo, NoRecord: true})
	if len(rs) != 1 || rs[0].Kind != KindVideo {
		t.Errorf("kind filter: %+v", rs)
	}
	for _, q := range []string{"Zorglub", "zorglub ", "ZORGLUB", "scanner réseau"} {
		if _, err := s.Search(ctx, q, SearchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Search(ctx, "kwyjibo", SearchOptions{NoRecord: true}); err != nil {
		t.Fatal(err)
	}
	ms, err := s.MissedSearches(ctx, time.Time{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Count != 3 || !strings.EqualFold(ms[0].Query, "zorglub") || ms[1].Query != "scanner réseau" {
		t.Errorf("missed searches = %+v", ms)
	}
}

func TestSuggestForTickets(t *testing.T) {
	s := fixtureStore(t, false)
	ctx := context.Background()
	cases := []struct {
		in    SuggestInput
		first string
	}{
		{SuggestInput{Title: "teams marche pas", Description: "la camera reste noire"}, "Teams : la caméra ne fonctionne pas"},
		{SuggestInput{Title: "imprimente", Description: "impossible d'imprimer depuis ce matin, j'ai tout essayé"}, "Mon imprimante est hors ligne"},
		{SuggestInput{Title: "pb partage ecran", Description: "bonjour, en reunion teams je n'arrive pas a partager mon ecran. Par contre ma camera marche. merci"}, "Partager mon écran dans Teams"},
		{SuggestInput{Title: "plus d'internet", Description: "la box est eteinte, est ce que je peux faire un hotspot avec le telephone ?", Category: "réseau"}, "Partage de connexion 4G depuis le téléphone"},
	}
	for _, c := range cases {
		rs, err := s.Suggest(ctx, c.in, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) == 0 || rs[0].Title != c.first {
			t.Errorf("Suggest(%q) = %q, want %q first", c.in.Title, titles(rs), c.first)
			continue
		}
		if !strings.HasPrefix(rs[0].Reason, "mot") {
			t.Errorf("reason = %q", rs[0].Reason)
		}
	}
}

func TestSuggestBoostsArticlesThatSolvedSimilarTickets(t *testing.T) {
	s := fixtureStore(t, true)
	ctx := context.Background()
	ts := s.links.(*tickets.Store)
	box, err := s.Search(ctx, "box", SearchOptions{NoRecord: true})
	if err != nil || len(box) == 0 {
		t.Fatal(box, err)
	}
	for i := 0; i < 3; i++ {
		tk, err := ts.Create(ctx, tickets.NewTicket{Title: "internet coupé à la maison", Description: "plus rien ne marche, pas de réseau", Category: "Réseau/VPN", Urgency: 3, Impact: 2}, "tech")
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.Link(ctx, tk.ID, box[0].ID, "tech"); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := s.Suggest(ctx, SuggestInput{Title: "internet coupé", Description: "pas de réseau chez moi"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) == 0 || rs[0].ID != box[0].ID || !strings.Contains(rs[0].Reason, "tickets similaires") {
		t.Fatalf("suggestions = %+v, want the box article first, explained", rs)
	}
}
