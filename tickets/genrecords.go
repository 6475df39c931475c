package tickets

import (
	"fmt"
	"math/rand"
	"strings"
	"time"
)

// GenerateRecords calls fn with n synthetic tickets as import records, in
// creation order, drawn from the same vocabulary and distributions as
// Generate. The sequence is deterministic for a seed: the benchmark script
// writes the same import files on every run.
func GenerateRecords(n int, seed int64, fn func(Record) error) error {
	rng := rand.New(rand.NewSource(seed))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	span := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Unix() - start
	step := max(span/int64(max(n, 1)), 1)
	subjects := []string{"Teams", "caméra", "micro", "VPN", "partage de connexion", "Outlook", "mot de passe", "OneDrive", "imprimante", "réseau lent", "écran", "clavier", "casque", "télétravail", "logiciel métier", "Wi-Fi"}
	problems := []string{"ne fonctionne plus", "marche pas", "très lent", "se déconnecte", "message d'erreur", "bloqué", "impossible de se connecter", "plus de son", "écran noir", "demande encore le mot de passe"}
	services := []string{"Voirie", "Eau et assainissement", "Déchets", "Espaces verts", "Urbanisme", "Ressources humaines", "Finances", "Transports", "Culture", "Systèmes d'information"}
	techs := []string{"mlefebvre", "ndiallo", "cmartin", "sbernard", "atraore"}
	tagsPool := []string{"teams", "vpn", "4g", "mfa", "onedrive", "imprimante", "camera", "micro", "reseau", "outlook"}
	conns := []Connection{ConnHome, Conn4G, ConnVPN, ConnOffice, ConnUnknown}
	for i := 0; i < n; i++ {
		subj := subjects[rng.Intn(len(subjects))]
		title := subj + " " + problems[rng.Intn(len(problems))]
		desc := fmt.Sprintf("Bonjour, depuis %s mon %s %s. Je suis en télétravail. Merci",
			[]string{"ce matin", "hier", "la mise à jour"}[rng.Intn(3)], strings.ToLower(subj), problems[rng.Intn(len(problems))])
		created := time.Unix(start+int64(i)*step+rng.Int63n(step), 0).UTC()
		u, im := 1+rng.Intn(5), 1+rng.Intn(5)
		status := StatusClosed
		switch r := rng.Intn(100); {
		case r < 4:
			status = StatusNew
		case r < 10:
			status = StatusAssigned
		case r < 12:
			status = StatusPlanned
		case r < 15:
			status = StatusPending
		case r < 25:
			status = StatusSolved
		}
		assignee := ""
		if status != StatusNew {
			assignee = techs[rng.Intn(len(techs))]
		}
		agent := rng.Intn(1500)
		rec := Record{
			Title: title, Description: desc, Status: string(status), Urgency: &u, Impact: &im,
			Category: DefaultCategories[rng.Intn(len(DefaultCategories))],
			Requester: Requester{Name: fmt.Sprintf("Agent %d", agent), Service: services[rng.Intn(len(services))],
				Email: fmt.Sprintf("agent%d@example.org", agent)},
			Connection: string(conns[rng.Intn(len(conns))]), Assignee: assignee,
			Tags:      []string{tagsPool[rng.Intn(len(tagsPool))]},
			CreatedAt: created.Format(time.RFC3339),
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}
