package tickets

import (
	"fmt"
	"math/rand"
	"strings"
)

// The synthetic helpdesk that Generate (rows straight into the tables) and
// GenerateRecords (import records) both draw from: a small French
// vocabulary with realistic term frequencies, and the status mix of a
// helpdesk where most old tickets are closed.
var (
	genSubjects = []string{"Teams", "caméra", "micro", "VPN", "partage de connexion", "Outlook", "mot de passe", "OneDrive", "imprimante", "réseau lent", "écran", "clavier", "casque", "télétravail", "logiciel métier", "Wi-Fi"}
	genProblems = []string{"ne fonctionne plus", "marche pas", "très lent", "se déconnecte", "message d'erreur", "bloqué", "impossible de se connecter", "plus de son", "écran noir", "demande encore le mot de passe"}
	genServices = []string{"Voirie", "Eau et assainissement", "Déchets", "Espaces verts", "Urbanisme", "Ressources humaines", "Finances", "Transports", "Culture", "Systèmes d'information"}
	genTechs    = []string{"mlefebvre", "ndiallo", "cmartin", "sbernard", "atraore"}
	genTags     = []string{"teams", "vpn", "4g", "mfa", "onedrive", "imprimante", "camera", "micro", "reseau", "outlook"}
	genConns    = []Connection{ConnHome, Conn4G, ConnVPN, ConnOffice, ConnUnknown}
)

// genText draws a ticket's title and description.
func genText(rng *rand.Rand) (title, desc string) {
	subj := genSubjects[rng.Intn(len(genSubjects))]
	title = subj + " " + genProblems[rng.Intn(len(genProblems))]
	when := []string{"ce matin", "hier", "la mise à jour"}[rng.Intn(3)]
	desc = fmt.Sprintf("Bonjour, depuis %s mon %s %s. Je suis en télétravail. Merci",
		when, strings.ToLower(subj), genProblems[rng.Intn(len(genProblems))])
	return title, desc
}

// genStatus draws a status: 75 % closed, the rest spread over the open
// states and solved.
func genStatus(rng *rand.Rand) Status {
	switch r := rng.Intn(100); {
	case r < 4:
		return StatusNew
	case r < 10:
		return StatusAssigned
	case r < 12:
		return StatusPlanned
	case r < 15:
		return StatusPending
	case r < 25:
		return StatusSolved
	}
	return StatusClosed
}
