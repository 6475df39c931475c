package portal

import (
	"context"
	"os"
	"testing"

	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// BenchmarkSuggestCorpus measures the suggestions the portal asks for on a
// database given by HOTLINE_BENCH_DB (the 3,024-article corpus imported);
// skipped without it. scripts/portal-load.sh measures the same over HTTP.
func BenchmarkSuggestCorpus(b *testing.B) {
	path := os.Getenv("HOTLINE_BENCH_DB")
	if path == "" {
		b.Skip("set HOTLINE_BENCH_DB to a database with the corpus imported")
	}
	ctx := context.Background()
	d, err := db.Open(ctx, path, tickets.Schema, kb.Schema)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	ts := tickets.NewStore(d.DB, tickets.Options{})
	ks := kb.NewStore(d.DB, kb.Options{Links: ts})
	qs := []string{"Teams coupe pendant les réunions en partage 4G", "mot de passe expiré impossible de me connecter", "Outlook ne démarre pas", "VPN erreur 809", "imprimante hors ligne"}
	b.Run("suggest", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := ks.Suggest(ctx, kb.SuggestInput{Description: qs[i%len(qs)]}, 5); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("search", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := ks.Search(ctx, qs[i%len(qs)], kb.SearchOptions{Limit: 5, NoRecord: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
