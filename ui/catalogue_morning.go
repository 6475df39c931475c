package ui

// Words of the technician's-morning features (the Teams message box,
// drafting, triage, help, filters…), kept apart from catalogue.go so that
// several people can add words at once; merged into messages at start.
var morningMessages = map[string][2]string{
	"screen.teams":       {"Teams message", "Message Teams"},
	"teams.agent":        {"the agent", "l'agent"},
	"teams.for":          {"Message for %s", "Message pour %s"},
	"teams.forticket":    {"Message for %s (ticket #%d)", "Message pour %s (ticket n°%d)"},
	"teams.nolink":       {"This article has no web link: the agent could not open it. Nothing was copied.", "Cet article n'a pas de lien web : l'agent ne pourrait pas l'ouvrir. Rien n'a été copié."},
	"teams.local":        {"This article's link is a file on this computer (%s): the agent could not open it. Nothing was copied.", "Le lien de cet article est un fichier de cet ordinateur (%s) : l'agent ne pourrait pas l'ouvrir. Rien n'a été copié."},
	"teams.offertext":    {"t copies the article's text instead.", "t copie plutôt le texte de l'article."},
	"teams.copyfailed":   {"Copy failed (%v): select the message below by hand.", "Copie impossible (%v) : sélectionnez le message ci-dessous à la main."},
	"teams.copied":       {"Message copied (also shown below, to select by hand if your terminal does not copy).", "Message copié (aussi affiché ci-dessous, à sélectionner à la main si le terminal ne copie pas)."},
	"teams.textcopied":   {"Article text copied (also shown below).", "Texte de l'article copié (aussi affiché ci-dessous)."},
	"teams.copying":      {"Copying…", "Copie…"},
	"teams.willrecord":   {"enter records the public follow-up \"tutoriel envoyé\" on #%d (first response); esc closes without recording.", "entrée note le suivi public « tutoriel envoyé » sur le n°%d (première réponse)\u00a0; échap ferme sans rien noter."},
	"key.teams.record":   {"close, record as sent", "fermer et noter l'envoi"},
	"key.teams.norecord": {"close, record nothing", "fermer sans noter"},
	"key.teams.close":    {"close", "fermer"},
	"key.teams.cancel":   {"close", "fermer"},
	"key.teams.again":    {"copy again", "copier à nouveau"},
	"key.teams.text":     {"copy the article's text", "copier le texte de l'article"},

	"draft.unchanged": {"Draft left unchanged: nothing stored.", "Brouillon inchangé : rien n'est enregistré."},
	"draft.exists":    {"This ticket already produced tutorial #%d « %s »:", "Ce ticket a déjà donné le tutoriel n°%d « %s » :"},
	"draft.openit":    {"open it", "l'ouvrir"},
	"draft.another":   {"draft another one", "rédiger un autre"},

	"err.noassignee":   {"\"Assigned\" needs someone assigned: press a to choose who, or leave it new.", "« Assigné » demande quelqu'un : a pour choisir qui, ou laissez-le nouveau."},
	"triage.savedmark": {"✓ saved: %s (p/← comes back here to fix it)", "✓ enregistré : %s (p/← revient ici pour corriger)"},
	"triage.suggested": {"Suggested tutorial:", "Tutoriel suggéré :"},
	"triage.nosuggest": {"no tutorial suggested", "aucun tutoriel suggéré"},
	"triage.similar":   {"Similar this week:", "Similaires cette semaine :"},
	"triage.nosimilar": {"none", "aucun"},
	"triage.info":      {"Looking for tutorials and similar tickets…", "Recherche des tutoriels et tickets similaires…"},

	"screen.goto":   {"Go to a ticket", "Aller à un ticket"},
	"goto.prompt":   {"Ticket number:", "Ticket n° :"},
	"goto.none":     {"No ticket #%d.", "Pas de ticket n°%d."},
	"goto.nan":      {"Type a ticket number, like 370 or #370.", "Tapez un numéro de ticket, comme 370 ou #370."},
	"key.goto":      {"go to ticket #…", "aller au ticket n°…"},
	"key.goto.open": {"open", "ouvrir"},
	"key.sortdue":   {"sort by time left", "trier par échéance"},
	"sort.due":      {"Sorted by time left before the SLA.", "Trié par échéance (temps restant avant le délai)."},
	"sort.default":  {"Sorted by priority then age (activity for All and Solved).", "Trié par priorité puis âge (activité pour Tous et Résolus)."},
	"col.due":       {"Due", "Éch."},

	"help.scroll": {"↑↓ scroll · any other key closes this help.", "↑↓ défiler · toute autre touche ferme l'aide."},

	"key.triage.save": {"save, next", "enreg. et suivant"},
	"key.triage.me":   {"take it, next", "à moi et suivant"},

	"screen.requester":      {"Tickets of %s", "Tickets de %s"},
	"key.requester.tickets": {"requester's tickets", "tickets du demandeur"},

	"why.draft":        {"w drafts a tutorial from a solved or closed ticket: solve this one first (s r).", "w rédige un tutoriel à partir d'un ticket résolu ou clos : résolvez-le d'abord (s r)."},
	"why.noarticle":    {"No article linked or suggested: b searches the knowledge base.", "Aucun article lié ni suggéré : b cherche dans la base de connaissances."},
	"why.nosuggestion": {"Nothing to link: no suggestion (b searches the knowledge base).", "Rien à lier : aucune suggestion (b cherche dans la base de connaissances)."},
	"why.nolinked":     {"No linked article to unlink.", "Aucun article lié à délier."},
	"why.noreapply":    {"R re-applies a change refused by a conflict: there is none.", "R ré-applique un changement refusé par un conflit : il n'y en a pas."},
	"why.kblink":       {"l links to a ticket: open the knowledge base from a ticket (b on its screen).", "l lie à un ticket : ouvrez la base depuis un ticket (b sur son écran)."},

	"confirm.quit": {"Quit and lose the text you typed?", "Quitter et perdre le texte tapé ?"},

	"prompt.pick": {"choose", "choisir"},

	"problem.created.1":   {"Problem Pb %d created with %d incident.", "Problème Pb %d créé avec %d incident."},
	"problem.linked.1":    {"%d ticket linked to problem Pb %d.", "%d ticket lié au problème Pb %d."},
	"problem.incidents.1": {"%d incident (%d open)", "%d incident (%d ouvert)"},

	"history.article.linked":   {"linked the article %s", "a lié l'article %s"},
	"history.article.unlinked": {"unlinked the article %s", "a délié l'article %s"},

	"why.nolink": {"this article has no link", "cet article n'a pas de lien"},

	"screen.cluster": {"Tickets: %s", "Tickets : %s"},

	"report.firstresponse.1": {"first response: median %s, 90%% under %s (%d ticket)", "première réponse : médiane %s, 90 %% sous %s (%d ticket)"},
	"report.resolution.1":    {"resolution:     median %s, 90%% under %s (%d ticket)", "résolution       : médiane %s, 90 %% sous %s (%d ticket)"},
}

func init() {
	for id, m := range morningMessages {
		messages[id] = m
	}
}
