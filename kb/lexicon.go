package kb

import (
	"strings"

	"hotline/internal/fts"
)

// The lexicon turns the way agents and technicians really type into what
// the articles say: words that carry no meaning are dropped, English
// office jargon and abbreviations map to the French terms of the articles.
// Everything here is folded (lower case, no accents), like the index.

// synonyms maps what people type (one or more folded words) to the ways the
// articles say it. Each alternative is a set of words that must all appear
// (not a phrase: "partager mon écran" must match "partager écran").
// Entries are read both ways only where listed both ways.
var synonyms = buildSynonyms(map[string][]string{
	// Sharing a screen.
	"share screen|screen share|screen sharing|screensharing|partage ecran|partager ecran|partage d ecran": {"partager ecran", "partage ecran", "share screen"},
	"share":  {"partager", "partage"},
	"screen": {"ecran"},
	// Tethering.
	"hotspot|hot spot|tethering|partage de connexion|partage connexion|point d acces|point acces|modem": {"partage connexion", "point acces", "hotspot"},
	// Out of office.
	"out of office|ooo|auto reply|autoreply|automatic reply|absence|absent|message d absence|reponse automatique|repondeur automatique|conges": {"reponse automatique", "absence", "out office"},
	// Credentials.
	"password|passwd|pwd|mdp|pass|mot de passe|mot passe": {"mot passe", "password", "mdp"},
	"login|log in|sign in|signin|logon":                   {"connexion", "connecter", "identifiant"},
	"logout|log out|sign out|signout":                     {"deconnexion", "deconnecter"},
	"locked|lock|lockout|verrouille|bloque|bloquee":       {"verrouille", "bloque", "locked"},
	"mfa|2fa|authenticator|double authentification|otp":   {"mfa", "authenticator", "double authentification"},
	// Devices.
	"printer|printers|imprimante|imprimantes":                        {"imprimante", "printer"},
	"print|imprimer|impression":                                      {"imprimer", "impression", "print"},
	"webcam|camera|cam":                                              {"camera", "webcam"},
	"mic|micro|microphone|mike":                                      {"micro", "microphone"},
	"headset|headphones|casque|ecouteurs|oreillette":                 {"casque", "ecouteurs", "headset"},
	"laptop|pc|ordi|ordinateur|computer":                             {"ordinateur", "pc", "portable"},
	"phone|smartphone|mobile|telephone|tel|portable":                 {"telephone", "smartphone", "mobile"},
	"keyboard|clavier":                                               {"clavier", "keyboard"},
	"battery|batterie":                                               {"batterie", "battery"},
	"dock|docking|docking station|station d accueil|station accueil": {"station accueil", "dock"},
	"second screen|dual screen|double ecran|deuxieme ecran|second ecran|ecran externe|external monitor|monitor": {"deuxieme ecran", "second ecran", "double ecran", "ecran externe"},
	// Meetings and mail.
	"meeting|meetings|reunion|reunions|visio|visioconference|call|calls":   {"reunion", "visio", "meeting", "appel"},
	"mail|mails|email|emails|e mail|courriel|courriels|messagerie|outlook": {"courriel", "messagerie", "mail", "outlook"},
	"mailbox|shared mailbox|boite partagee|boite mail partagee":            {"boite partagee", "boite"},
	"voicemail|messagerie vocale|repondeur":                                {"messagerie vocale", "repondeur"},
	"blur|flou|floute|flouter":                                             {"flou", "flouter"},
	"background|arriere plan|fond":                                         {"arriere plan", "fond"},
	"echo|larsen":                                                          {"echo", "larsen"},
	// Network.
	"wifi|wi fi|wlan|sans fil":                    {"wifi", "wi fi"},
	"internet|web|connexion internet":             {"internet", "connexion"},
	"box|livebox|freebox|bbox|routeur|router":     {"box", "routeur"},
	"slow|lent|lente|lenteur|lenteurs|rame|ramer": {"lent", "lente", "lenteur", "debit"},
	"vpn|forticlient|fortinet":                    {"vpn", "forticlient"},
	"4g|5g|data|donnees mobiles|forfait":          {"4g", "donnees mobiles", "forfait"},
	// Files.
	"sync|synchro|synchronisation|synchroniser|synchronise":                                {"synchronisation", "synchroniser", "sync"},
	"onedrive|one drive|cloud":                                                             {"onedrive", "one drive"},
	"update|updates|mise a jour|mises a jour|maj|windows update":                           {"mise jour", "mises jour", "update"},
	"remote work|home office|work from home|wfh|teletravail|travail a distance|distanciel": {"teletravail", "travail distance"},
	"delete|deleted|supprime|supprimer|efface|perdu":                                       {"supprime", "supprimer", "restaurer", "corbeille"},
	"restore|recover|recuperer|restaurer":                                                  {"restaurer", "recuperer", "corbeille"},
})

// synonymEntry is one way of saying something, and what it may match.
type synonymEntry struct {
	words []string   // as typed
	alts  [][]string // each: words that must all appear
}

type synonymTable struct {
	byFirst map[string][]synonymEntry // first word → entries, longest first
}

func buildSynonyms(m map[string][]string) synonymTable {
	t := synonymTable{byFirst: map[string][]synonymEntry{}}
	for keys, alts := range m {
		var parsed [][]string
		for _, a := range alts {
			parsed = append(parsed, significant(strings.Fields(a)))
		}
		for _, k := range strings.Split(keys, "|") {
			words := strings.Fields(k)
			if len(words) == 0 {
				continue
			}
			e := synonymEntry{words: words, alts: parsed}
			t.byFirst[words[0]] = append(t.byFirst[words[0]], e)
		}
	}
	for w, es := range t.byFirst {
		// Longest first so that "mot de passe" wins over "mot".
		for i := 1; i < len(es); i++ {
			for j := i; j > 0 && len(es[j].words) > len(es[j-1].words); j-- {
				es[j], es[j-1] = es[j-1], es[j]
			}
		}
		t.byFirst[w] = es
	}
	return t
}

// match returns the longest entry starting at words[i], and how many words
// it covers.
func (t synonymTable) match(words []string, i int) (synonymEntry, int) {
	for _, e := range t.byFirst[words[i]] {
		if i+len(e.words) > len(words) {
			continue
		}
		ok := true
		for k, w := range e.words {
			if words[i+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return e, len(e.words)
		}
	}
	return synonymEntry{}, 0
}

// significant drops stopwords (and one-letter words: the "l" of
// "l'imprimante") from a list of folded words.
func significant(words []string) []string {
	out := words[:0:0]
	for _, w := range words {
		if !isStopword(w) {
			out = append(out, w)
		}
	}
	return out
}

// isStopword uses the list shared with the ticket similarity code
// (fts.IsStopword), plus one-letter words that are not digits.
func isStopword(w string) bool {
	return fts.IsStopword(w) || (len(w) == 1 && (w[0] < '0' || w[0] > '9'))
}

// stemPrefix is a light French stemmer for recall: "partager", "partagez",
// "partagée" all share "partag", matched as a prefix. Only long words get
// one, so that a short stem never matches half the vocabulary.
func stemPrefix(w string) string {
	if len(w) < 6 {
		return ""
	}
	for _, suf := range []string{"ements", "ement", "ations", "ation", "ees", "ee", "ees", "er", "ez", "es", "e", "s", "x"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 5 {
			return w[:len(w)-len(suf)]
		}
	}
	return ""
}
