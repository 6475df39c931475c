package kb

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"strings"
	"time"

	"hotline/internal/db"
)

// helpdeskWords are the words of the real articles, most frequent first
// (the order of their document frequency in kb-fr-alchemy, roughly).
var helpdeskWords = strings.Fields(`microsoft office utilisateurs informations paramètres compte
sharepoint outlook teams erreur onedrive exchange licence groupe fichier connexion partage
messagerie courriel réunion calendrier mobile signature écran dossier application windows
navigateur accès session service synchronisation réseau poste ordinateur mise jour version
boîte partagée archive téléphone mot passe quarantaine courrier indésirable enregistrement
menu bouton réglages cliquez ouvrez sélectionnez vérifiez activez désactivez installez fermez
relancez redémarrer pilote logiciel métier chrome edge pdf intranet agent collectivité badge
internet box wifi câble débit lent bluetooth clavier souris batterie dock station accueil
portable 4g hotspot point réponse automatique absence télétravail caméra micro casque vpn
forticlient imprimante imprimer scanner numériser`)

// frenchFiller is the grammar of the articles: most of their words, in
// every article, and never searched for (stopwords).
var frenchFiller = strings.Fields(`le la les de des du un une et en pour dans sur vous votre
vos est sont avec par pas que qui ou au aux ce cette si plus ne puis`)

// generate writes n articles whose words follow what real knowledge bases
// show (measured on kb-fr-alchemy): the grammar words are everywhere; the
// content words follow a Zipf law (the top ones, "microsoft",
// "utilisateurs", are in most articles, "teams" or "outlook" in one in
// five to one in three, "imprimante" in a few percent); each article is
// about a topic whose own words (a dozen, rare elsewhere) make its title,
// its tags and a third of its body. 40,000 made-up words extend the
// vocabulary past the helpdesk words, as product names, error codes and
// jargon do.
// Generate adds n synthetic articles in bulk, for benchmarks and load
// tests: a fifth of them videos with a 40-cue transcript. The corpus looks
// like the real one (kb-fr-alchemy, measured): grammar words in every
// article, content words on a Zipf law, each article about one of 2,000
// topics whose dozen words make its title, tags and a quarter of its body,
// 40,000 rarer words. Deterministic for a seed.
func (s *Store) Generate(ctx context.Context, n int, seed int64) error {
	rng := rand.New(rand.NewSource(seed))
	vocab := append([]string(nil), helpdeskWords...)
	syll := []string{"pro", "con", "tra", "ges", "ser", "var", "lin", "mat", "dor", "pel"}
	for i := 0; len(vocab) < len(helpdeskWords)+40000; i++ {
		vocab = append(vocab, fmt.Sprintf("%s%s%s%d", syll[i%10], syll[(i/10)%10], []string{"ta", "ri", "lo", "ne", "su", "vi"}[i%6], i))
	}
	zipf := rand.NewZipf(rng, 1.05, 8, uint64(len(vocab)-1))
	common := func() string { return vocab[zipf.Uint64()] }
	// Topics: words drawn from the whole vocabulary, biased towards the
	// middle of it, so that a topic word is frequent in its topic only.
	topics := make([][]string, 2000)
	for t := range topics {
		for k := 0; k < 12; k++ {
			var w string
			if rng.Intn(4) == 0 {
				w = helpdeskWords[rng.Intn(len(helpdeskWords))]
			} else {
				w = vocab[len(helpdeskWords)+rng.Intn(20000)]
			}
			topics[t] = append(topics[t], w)
		}
	}
	text := func(topic []string, k int) string {
		var sb strings.Builder
		for j := 0; j < k; j++ {
			switch r := rng.Intn(100); {
			case r < 45:
				sb.WriteString(frenchFiller[rng.Intn(len(frenchFiller))])
			case r < 70:
				sb.WriteString(topic[rng.Intn(len(topic))])
			default:
				sb.WriteString(common())
			}
			sb.WriteByte(' ')
		}
		return sb.String()
	}
	title := func(topic []string) string {
		var sb strings.Builder
		for j, k := 0, 3+rng.Intn(5); j < k; j++ {
			if rng.Intn(5) == 0 {
				sb.WriteString(common())
			} else {
				sb.WriteString(topic[rng.Intn(len(topic))])
			}
			sb.WriteByte(' ')
		}
		return sb.String()
	}
	known := vocabSet{}
	const batch = 2000
	for start := 0; start < n; start += batch {
		err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
			w := newArticleWriter(tx)
			defer w.close()
			for i := start; i < min(start+batch, n); i++ {
				topic := topics[rng.Intn(len(topics))]
				a := &Article{Kind: KindTutorial, Title: title(topic), Body: text(topic, 100+rng.Intn(200)),
					Tags: []string{topic[rng.Intn(4)], topic[4+rng.Intn(4)]}, Source: fmt.Sprintf("gen/%06d.md", i), Collection: "generated"}
				if i%5 == 0 {
					a.Kind = KindVideo
					for c := 0; c < 40; c++ {
						a.Transcript = append(a.Transcript, Segment{Start: time.Duration(c*5) * time.Second, End: time.Duration(c*5+5) * time.Second, Text: text(topic, 12)})
					}
				}
				if err := normalize(a); err != nil {
					return err
				}
				if _, err := w.insert(ctx, a, s.now()); err != nil {
					return err
				}
				fresh, err := w.addVocab(ctx, known, a, nil)
				if err != nil {
					return err
				}
				for _, t := range fresh {
					known[t] = struct{}{}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return s.optimize(ctx)
}
