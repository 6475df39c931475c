package ui

// Words of the phone form (requester lookup, services, the description,
// solved during the call, suggested tutorials), kept apart so that several
// people can add words at once; merged into messages at start.
var phoneMessages = map[string][2]string{
	"field.solved":   {"Solved on call", "Résolu (appel)"},
	"field.solution": {"Solution", "Solution"},
	"created.solved": {"Ticket #%d created, solved during the call.", "Ticket n°%d créé, résolu pendant l'appel."},

	"form.hint":             {"tab next field · ←/→ pick · ctrl+s saves the ticket · esc cancel", "tab champ suivant · ←/→ choisir · ctrl+s enregistre le ticket · échap annuler"},
	"form.hint.area":        {"enter new line · tab next field · ctrl+s saves the ticket · esc cancel", "entrée nouvelle ligne · tab champ suivant · ctrl+s enregistre le ticket"},
	"form.hint.list":        {"↑/↓ choose · enter fill in · tab keep as typed · esc close the list", "↑/↓ choisir · entrée remplir · tab garder tel quel · échap fermer la liste"},
	"form.err.solution":     {"type the solution: it is sent to the agent", "tapez la solution : elle est envoyée à l'agent"},
	"form.newservice":       {"new service (no ticket has it yet)", "nouveau service (aucun ticket ne l'a encore)"},
	"form.services":         {"known:", "connus :"},
	"form.lookup.tickets":   {"%d tickets", "%d tickets"},
	"form.lookup.tickets.1": {"%d ticket", "%d ticket"},
	"form.lookup.keys":      {"enter fills service, email, phone, connection, device", "entrée remplit service, e-mail, téléphone, connexion, poste"},
	"form.sent":             {"Tutorial sent: %s", "Tutoriel envoyé : %s"},
	"form.sent.link":        {"linked to the ticket when it is saved", "lié au ticket à son enregistrement"},
	"form.sent.recorded":    {"linked with the follow-up \"tutoriel envoyé\" when saved", "lié avec le suivi « tutoriel envoyé » à l'enregistrement"},
	"form.suggest.title":    {"Suggested tutorials", "Tutoriels suggérés"},
	"form.suggest.none":     {"Type the title or the description: matching tutorials show here.", "Tapez le titre ou la description : les tutoriels qui correspondent s'affichent ici."},
	"form.suggest.keys":     {"ctrl+n/ctrl+p another · ctrl+t send to the caller and link", "ctrl+n/ctrl+p autre · ctrl+t envoyer au demandeur et lier"},
	"form.suggest.one":      {"Tutorial %d/%d:", "Tutoriel %d/%d :"},

	"key.form.choose":  {"choose from the list", "choisir dans la liste"},
	"key.form.save":    {"save the ticket", "enregistrer le ticket"},
	"key.form.sugnext": {"next tutorial", "tutoriel suivant"},
	"key.form.sugprev": {"previous tutorial", "tutoriel précédent"},
	"key.form.send":    {"send the tutorial", "envoyer le tutoriel"},

	"teams.willrecordcall": {"enter: the ticket will record the public follow-up \"tutoriel envoyé\" (first response) when saved; esc: the tutorial is linked, nothing recorded.", "entrée : le ticket notera le suivi public « tutoriel envoyé » (première réponse) à l'enregistrement ; échap : le tutoriel est lié, rien n'est noté."},
}

func init() {
	for id, m := range phoneMessages {
		messages[id] = m
	}
}
