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
	"bulk.menu.1":            {"%d marked ticket:", "%d ticket marqué :"},
	"bulk.assign":            {"assign", "assigner"},
	"bulk.status":            {"status", "statut"},
	"bulk.tags":              {"tags", "tags"},
	"bulk.category":          {"category", "catégorie"},
	"bulk.comment":           {"public reply", "réponse publique"},
	"bulk.private":           {"private note", "note privée"},
	"bulk.link":              {"link an article", "lier un tutoriel"},
	"bulk.prompt.assign":     {"Assign %d marked tickets to:", "Assigner %d tickets marqués à :"},
	"bulk.prompt.assign.1":   {"Assign %d marked ticket to:", "Assigner %d ticket marqué à :"},
	"bulk.prompt.status":     {"Status of %d marked tickets:", "Statut de %d tickets marqués :"},
	"bulk.prompt.status.1":   {"Status of %d marked ticket:", "Statut de %d ticket marqué :"},
	"bulk.prompt.tags":       {"Tags of %d marked tickets (+add -remove):", "Tags de %d tickets marqués (+ajout -retrait) :"},
	"bulk.prompt.tags.1":     {"Tags of %d marked ticket (+add -remove):", "Tags de %d ticket marqué (+ajout -retrait) :"},
	"bulk.prompt.category":   {"Category of %d marked tickets:", "Catégorie de %d tickets marqués :"},
	"bulk.prompt.category.1": {"Category of %d marked ticket:", "Catégorie de %d ticket marqué :"},
	"bulk.prompt.comment":    {"Public reply to %d marked tickets:", "Réponse publique à %d tickets marqués :"},
	"bulk.prompt.comment.1":  {"Public reply to %d marked ticket:", "Réponse publique à %d ticket marqué :"},
	"bulk.prompt.private":    {"Private note on %d marked tickets:", "Note privée sur %d tickets marqués :"},
	"bulk.prompt.private.1":  {"Private note on %d marked ticket:", "Note privée sur %d ticket marqué :"},
	"bulk.confirm.close":     {"Close %d marked tickets?", "Clore %d tickets marqués ?"},
	"bulk.confirm.close.1":   {"Close %d marked ticket?", "Clore %d ticket marqué ?"},
	"bulk.nobody":            {"nobody", "personne"},
	"bulk.sum.tickets":       {"%d tickets", "%d tickets"},
	"bulk.sum.tickets.1":     {"%d ticket", "%d ticket"},
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
	"kb.forbulk":        {"l links to %d marked tickets", "l lie à %d tickets marqués"},
	"kb.forbulk.1":      {"l links to %d marked ticket", "l lie à %d ticket marqué"},
	"screen.kb.bulk":    {"Knowledge base — for %d marked tickets", "Base de connaissances — pour %d tickets marqués"},
	"screen.kb.bulk.1":  {"Knowledge base — for %d marked ticket", "Base de connaissances — pour %d ticket marqué"},
}

func init() {
	for id, m := range bulkMessages {
		messages[id] = m
	}
}
