package kb

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/tickets"
)

// Benchmarks run only with -bench; their data is generated (or imported)
// once per run into a temporary folder shared by the benchmarks.

// realisticQueries are what technicians type: one to three words, some
// cut, some misspelt, some in English.
var realisticQueries = []string{
	"teams", "outlook", "imprimante", "mot de passe", "vpn", "onedrive", "camera teams", "partage ecran",
	"signature outlook", "boite partagee", "mfa", "licence", "sharepoint", "synchronisation onedrive",
	"imprimente", "outlok", "partag conn", "reunion", "calendrier partage", "courrier indesirable",
	"share screen", "password", "out of office", "exchange", "mobile", "teams reunion enregistrement",
	"erreur connexion", "quarantaine", "groupe", "archive",
}

var benchDir struct {
	once sync.Once
	path string
	err  error
}

func benchTemp(b *testing.B) string {
	benchDir.once.Do(func() { benchDir.path, benchDir.err = os.MkdirTemp("", "hotline-kb-bench-") })
	if benchDir.err != nil {
		b.Fatal(benchDir.err)
	}
	return benchDir.path
}

func alchemyDir(b *testing.B) string {
	dir := filepath.Join(sharedData, "kb-fr-alchemy")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("real corpus not present at %s: %v", dir, err)
	}
	return dir
}

func openBenchStore(b *testing.B, path string) *Store {
	d, err := db.Open(context.Background(), path, tickets.Schema, Schema)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return NewStore(d.DB, Options{Links: tickets.NewStore(d.DB, tickets.Options{})})
}

func BenchmarkImportAlchemy(b *testing.B) {
	dir := alchemyDir(b)
	var n int
	var total time.Duration
	for i := 0; i < b.N; i++ {
		s := openBenchStore(b, filepath.Join(b.TempDir(), "kb.db"))
		start := time.Now()
		rep, err := s.Import(context.Background(), dir, ImportOptions{})
		total += time.Since(start)
		if err != nil || rep.Failed > 0 {
			b.Fatal(rep, err)
		}
		n += rep.Added
	}
	b.ReportMetric(float64(n)/total.Seconds(), "articles/s")
}

var alchemyDB sync.Once

func BenchmarkSearchAlchemy(b *testing.B) {
	dir := alchemyDir(b)
	path := filepath.Join(benchTemp(b), "alchemy.db")
	alchemyDB.Do(func() {
		s := openBenchStore(b, path)
		if _, err := s.Import(context.Background(), dir, ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	})
	benchSearch(b, openBenchStore(b, path))
}

func benchSearch(b *testing.B, s *Store) {
	ctx := context.Background()
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := realisticQueries[i%len(realisticQueries)]
		start := time.Now()
		if _, err := s.Search(ctx, q, SearchOptions{NoRecord: true, Limit: 20}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	reportPercentiles(b, lat)
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

var big struct {
	once sync.Once
	path string
}

// bigStore is a generated knowledge base of 100,000 articles (a fifth of
// them videos with a 40-cue transcript) built from a French helpdesk
// vocabulary plus 30,000 rarer made-up words with a Zipf distribution, so
// that common words are in most articles as in real life.
func bigStore(b *testing.B) *Store {
	big.once.Do(func() {
		big.path = filepath.Join(benchTemp(b), "big.db")
		s := openBenchStore(b, big.path)
		start := time.Now()
		if err := generate(s, 100_000); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated 100k articles in %v", time.Since(start))
	})
	return openBenchStore(b, big.path)
}

var helpdeskWords = strings.Fields(`teams outlook imprimante caméra micro casque écran partage connexion vpn
forticlient wifi box internet mot passe compte verrouillé onedrive synchronisation fichier dossier
sharepoint réunion calendrier signature messagerie courriel boîte partagée téléphone mobile 4g
hotspot point accès réponse automatique absence télétravail poste ordinateur portable batterie
station accueil dock clavier souris windows mise jour redémarrer session licence erreur lent
débit réseau câble pilote bluetooth logiciel métier application navigateur edge chrome pdf
imprimer scanner numériser badge accès intranet agent service collectivité paramètres réglages
cliquez ouvrez sélectionnez vérifiez activez désactivez installez fermez relancez menu bouton`)

func generate(s *Store, n int) error {
	ctx := context.Background()
	rng := rand.New(rand.NewSource(42))
	rare := make([]string, 30000)
	for i := range rare {
		rare[i] = fmt.Sprintf("%s%s%d", []string{"pro", "con", "tra", "ges", "ser", "var", "lin", "mat"}[i%8], []string{"ta", "ri", "lo", "ne", "su", "vi"}[i%6], i)
	}
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(rare)-1))
	words := func(k int) string {
		var sb strings.Builder
		for j := 0; j < k; j++ {
			if rng.Intn(3) == 0 {
				sb.WriteString(rare[zipf.Uint64()])
			} else {
				sb.WriteString(helpdeskWords[rng.Intn(len(helpdeskWords))])
			}
			sb.WriteByte(' ')
		}
		return sb.String()
	}
	vocab := vocabSet{}
	const batch = 2000
	for start := 0; start < n; start += batch {
		err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
			for i := start; i < min(start+batch, n); i++ {
				a := &Article{Kind: KindTutorial, Title: words(5 + rng.Intn(5)), Body: words(150 + rng.Intn(300)),
					Tags: strings.Fields(words(3)), Source: fmt.Sprintf("gen/%06d.md", i)}
				if i%5 == 0 {
					a.Kind = KindVideo
					for c := 0; c < 40; c++ {
						a.Transcript = append(a.Transcript, Segment{Start: time.Duration(c*5) * time.Second, End: time.Duration(c*5+5) * time.Second, Text: words(12)})
					}
				}
				if err := normalize(a); err != nil {
					return err
				}
				if _, err := insertArticle(ctx, tx, a, s.now()); err != nil {
					return err
				}
				fresh, err := addVocab(ctx, tx, vocab, a)
				if err != nil {
					return err
				}
				for _, t := range fresh {
					vocab[t] = struct{}{}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func BenchmarkSearch100k(b *testing.B) {
	benchSearch(b, bigStore(b))
}

var realisticTickets = []SuggestInput{
	{Title: "teams marche pas", Description: "ma caméra ne s'allume plus depuis la mise à jour"},
	{Title: "Probleme connexion", Description: "Bonjour, depuis ce matin le vpn se deconecte toutes les 5 minutes et mon ecran externe clignote. Merci", Category: "Réseau/VPN"},
	{Title: "imprimente hors ligne", Category: "Impression"},
	{Title: "plus d'internet", Description: "la box est éteinte, comment faire un hotspot avec le téléphone ?"},
	{Title: "mot de passe expiré", Description: "outlook redemande le mot de passe en boucle sur mon portable", Tags: []string{"compte"}},
	{Title: "onedrive", Description: "la synchronisation est en pause et il y a des croix rouges sur les dossiers partagés sharepoint"},
}

func BenchmarkSuggest100k(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := s.Suggest(ctx, realisticTickets[i%len(realisticTickets)], 5); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	reportPercentiles(b, lat)
}
