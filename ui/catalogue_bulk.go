package ui

// Words of the queue's bulk actions, kept apart from catalogue.go so that
// several people can add words at once; merged into messages at start.
var bulkMessages = map[string][2]string{
	"queue.marked.1": {"1 marked", "1 marqué"},
	"key.markall":    {"mark the whole list", "marquer toute la liste"},
	"key.clearmarks": {"clear marks", "effacer les marques"},
	"key.bulk":       {"act on marked", "agir sur les marqués"},
	"why.bulk.nomarks": {"no ticket is marked: space or m marks a row, M the whole list",
		"aucun ticket marqué : espace ou m marque une ligne, M toute la liste"},
	"why.bulk.unavailable":   {"bulk actions are not available here", "les actions groupées ne sont pas disponibles ici"},
	"bulk.menu":              {"%d marked tickets:", "%d tickets marqués :"},
	"bulk.menu.1":            {"1 marked ticket:", "1 ticket marqué :"},
	"bulk.assign":            {"assign", "assigner"},
	"bulk.status":            {"status", "statut"},
	"bulk.tags":              {"tags", "tags"},
	"bulk.category":          {"category", "catégorie"},
	"bulk.comment":           {"public reply", "réponse publique"},
	"bulk.private":           {"private note", "note privée"},
	"bulk.link":              {"link an article", "lier un tutoriel"},
	"bulk.prompt.assign":     {"Assign the %d marked tickets to:", "Assigner les %d tickets marqués à :"},
	"bulk.prompt.assign.1":   {"Assign the marked ticket to:", "Assigner le ticket marqué à :"},
	"bulk.prompt.status":     {"Status of the %d marked tickets:", "Statut des %d tickets marqués :"},
	"bulk.prompt.status.1":   {"Status of the marked ticket:", "Statut du ticket marqué :"},
	"bulk.prompt.tags":       {"Tags of the %d marked tickets (+add -remove):", "Tags des %d tickets marqués (+ajout -retrait) :"},
	"bulk.prompt.tags.1":     {"Tags of the marked ticket (+add -remove):", "Tags du ticket marqué (+ajout -retrait) :"},
	"bulk.prompt.category":   {"Category of the %d marked tickets:", "Catégorie des %d tickets marqués :"},
	"bulk.prompt.category.1": {"Category of the marked ticket:", "Catégorie du ticket marqué :"},
	"bulk.prompt.comment":    {"Public reply to the %d marked tickets:", "Réponse publique aux %d tickets marqués :"},
	"bulk.prompt.comment.1":  {"Public reply to the marked ticket:", "Réponse publique au ticket marqué :"},
	"bulk.prompt.private":    {"Private note on the %d marked tickets:", "Note privée sur les %d tickets marqués :"},
	"bulk.prompt.private.1":  {"Private note on the marked ticket:", "Note privée sur le ticket marqué :"},
	"bulk.confirm.close":     {"Close the %d marked tickets?", "Clore les %d tickets marqués ?"},
	"bulk.confirm.close.1":   {"Close the marked ticket?", "Clore le ticket marqué ?"},
	"bulk.nobody":            {"nobody", "personne"},
	"bulk.sum.tickets":       {"%d tickets", "%d tickets"},
	"bulk.sum.tickets.1":     {"1 ticket", "1 ticket"},
	"bulk.sum.status":        {"status %s", "statut %s"},
	"bulk.sum.category":      {"category %s", "catégorie %s"},
	"bulk.sum.tags":          {"tags %s", "tags %s"},
	"bulk.sum.comment":       {"public reply", "réponse publique"},
	"bulk.sum.private":       {"private note", "note privée"},
	"bulk.sum.article":       {"tutorial « %s »", "tutoriel « %s »"},
	"bulk.err.stale": {"#%d was changed by %s since you marked it: nothing was changed (check it, then A again)",
		"#%d a été modifié par %s depuis le marquage : rien n'a été changé (vérifiez-le, puis A à nouveau)"},
	"bulk.err.assignee": {"%s is not in the technicians directory: nothing was changed", "%s n'est pas dans l'annuaire des techniciens : rien n'a été changé"},
	"bulk.err.gone":     {"#%d no longer exists: nothing was changed (X clears the marks)", "#%d n'existe plus : rien n'a été changé (X efface les marques)"},
	"bulk.err.ticket":   {"#%d refuses this change (%s): nothing was changed", "#%d refuse ce changement (%s) : rien n'a été changé"},
	"bulk.err.article":  {"article %d no longer exists: nothing was changed", "le tutoriel %d n'existe plus : rien n'a été changé"},
	"bulk.err.toomany":  {"%d tickets marked: at most %d at once", "%d tickets marqués : %d au plus à la fois"},
	"kb.forbulk":        {"l links to the %d marked tickets", "l lie aux %d tickets marqués"},
	"kb.forbulk.1":      {"l links to the marked ticket", "l lie au ticket marqué"},
	"screen.kb.bulk":    {"Knowledge base — for %d marked tickets", "Base de connaissances — pour %d tickets marqués"},
	"screen.kb.bulk.1":  {"Knowledge base — for the marked ticket", "Base de connaissances — pour le ticket marqué"},
}

func init() {
	for id, m := range bulkMessages {
		messages[id] = m
	}
}
