package kb

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/tickets"
)

// With the 3,024-article vendor corpus imported beside the team's own
// tutorials (the demo's), a topic the team covers brings the team's
// tutorial first, given the weights a helpdesk sets in its config.
func TestRealCorpusTeamTutorialsFirst(t *testing.T) {
	vendor := filepath.Join(sharedData, "kb-fr-alchemy")
	if _, err := os.Stat(vendor); err != nil {
		t.Skipf("real corpus not present at %s: %v", vendor, err)
	}
	if testing.Short() {
		t.Skip("imports 3,024 articles; skipped with -short")
	}
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "hotline.db"), tickets.Schema, Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := NewStore(d.DB, Options{CollectionWeights: map[string]float64{"equipe": 1, "kb-fr-alchemy": 0.5},
		Now: func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }})
	if rep, err := s.ImportFS(ctx, os.DirFS(demoContent), ".", ImportOptions{Collection: "equipe"}); err != nil || rep.Failed > 0 {
		t.Fatalf("team tutorials: %+v %v", rep, err)
	}
	if rep, err := s.Import(ctx, vendor, ImportOptions{}); err != nil || rep.Failed > 0 {
		t.Fatalf("vendor corpus: %+v %v", rep, err)
	}
	for _, q := range []string{"partage ecran teams", "vpn lent", "mot de passe expiré", "camera teams", "imprimante hors ligne", "signature outlook"} {
		rs, err := s.Search(ctx, q, SearchOptions{NoRecord: true, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) == 0 {
			t.Errorf("%q: nothing found", q)
			continue
		}
		a, err := s.Get(ctx, rs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Collection != "equipe" {
			t.Errorf("%q: first is %q from %s, want the team's tutorial; got %q", q, a.Title, a.Collection, titles(rs))
		}
	}
	// A suggestion too.
	rs, err := s.Suggest(ctx, SuggestInput{Title: "partage d'écran dans teams", Description: "comment je partage mon écran en réunion ?"}, 3)
	if err != nil || len(rs) == 0 {
		t.Fatalf("suggest: %v %v", rs, err)
	}
	if a, _ := s.Get(ctx, rs[0].ID); a.Collection != "equipe" {
		t.Errorf("suggestion: first is %q from %s, want the team's tutorial", a.Title, a.Collection)
	}
}

// Articles of equal text: the heavier collection first; a verified one
// before one nobody vouched for.
func TestCollectionWeightsAndPriorsBreakTies(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	writeFiles(t, filepath.Join(base, "equipe"), map[string]string{"vpn.md": "# Le VPN est lent\n\nRelancez FortiClient."})
	writeFiles(t, filepath.Join(base, "editeur"), map[string]string{"vpn.md": "# Le VPN est lent\n\nRelancez FortiClient."})
	first := func(weights map[string]float64) string {
		t.Helper()
		s, _ := openStore(t, false)
		s.weights, s.maxWeight = weights, 1
		for _, w := range weights {
			s.maxWeight = max(s.maxWeight, w)
		}
		if _, err := s.ImportDirs(ctx, []string{filepath.Join(base, "editeur"), filepath.Join(base, "equipe")}, ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		rs, err := s.Search(ctx, "vpn lent", SearchOptions{NoRecord: true})
		if err != nil || len(rs) != 2 {
			t.Fatalf("search: %v %v", rs, err)
		}
		sug, err := s.Suggest(ctx, SuggestInput{Title: "vpn lent"}, 2)
		if err != nil || len(sug) != 2 || sug[0].ID != rs[0].ID {
			t.Fatalf("suggest disagrees with search: %v / %v %v", titles(sug), titles(rs), err)
		}
		a, _ := s.Get(ctx, rs[0].ID)
		return a.Collection
	}
	if got := first(map[string]float64{"equipe": 2}); got != "equipe" {
		t.Errorf("equipe weighs 2: first is from %s", got)
	}
	if got := first(map[string]float64{"equipe": 0.5}); got != "editeur" {
		t.Errorf("equipe weighs 0.5: first is from %s", got)
	}
	// Same collection weight, one verified recently.
	if got := first(nil); got != "editeur" {
		t.Fatalf("without weights nor priors, the first imported comes first: %s", got)
	}
	writeFiles(t, filepath.Join(base, "equipe"), map[string]string{"vpn.md": "---\nverified: 2026-05-20\n---\n# Le VPN est lent\n\nRelancez FortiClient."})
	if got := first(nil); got != "equipe" {
		t.Errorf("the verified article is not first: %s", got)
	}
}
