package ui

// Words of the canned replies, undo, deletion and the help's legend, kept
// apart from catalogue.go so that several people can add words at once;
// merged into messages at start.
var cannedMessages = map[string][2]string{
	// The help's legend: the marks a screen shows, explained under its keys.
	"legend.selected":  {"selected row", "ligne choisie"},
	"legend.elsewhere": {"open elsewhere", "ouvert ailleurs"},
	"legend.marked":    {"marked (space)", "marqué (espace)"},
	"legend.overdue":   {"overdue (SLA passed)", "en retard (SLA dépassé)"},
	"legend.cluster":   {"recurring issue", "sujet récurrent"},
	"legend.recur":     {"similar lately; red from %d", "semblables ; rouge dès %d"},
	"legend.badge":     {"similar tickets lately", "tickets semblables récents"},

	// Undo (u).
	"key.undo":         {"undo my last change (10 s)", "annuler ma modif (10 s)"},
	"undo.nothing":     {"Nothing to undo: no change made in this session.", "Rien à annuler : aucune modification faite dans cette session."},
	"undo.otherticket": {"Nothing to undo on this ticket: your last change was on #%d.", "Rien à annuler sur ce ticket : votre dernière modification concerne le n°%d."},
	"undo.toolate":     {"Too late to undo the change of #%d: more than %d s ago. Change it back by hand.", "Trop tard pour annuler la modification du n°%d : plus de %d s. Corrigez-la à la main."},
	"undo.conflict":    {"Not undone: someone else changed #%d since. Check it and correct by hand.", "Non annulé : quelqu'un d'autre a modifié le n°%d depuis. Vérifiez et corrigez à la main."},
	"undo.done":        {"Change of #%d undone (recorded in its history).", "Modification du n°%d annulée (notée dans son historique)."},

	// Canned replies.
	"screen.replies":       {"Canned replies", "Réponses types"},
	"screen.replyeditor":   {"Canned reply", "Réponse type"},
	"key.reply":            {"canned reply", "réponse type"},
	"key.replies":          {"canned replies", "réponses types"},
	"key.reply.insert":     {"put in the comment", "mettre dans le commentaire"},
	"key.reply.new":        {"new reply", "nouvelle réponse"},
	"key.reply.edit":       {"edit the reply", "modifier la réponse"},
	"key.reply.delete":     {"delete the reply", "supprimer la réponse"},
	"reply.filter":         {"type to filter by title", "tapez pour filtrer par titre"},
	"reply.head.insert":    {"Canned replies for #%d (enter puts it in the comment)", "Réponses types pour le n°%d (entrée la met dans le commentaire)"},
	"reply.head.manage":    {"The team's canned replies", "Les réponses types de l'équipe"},
	"reply.head.new":       {"New canned reply", "Nouvelle réponse type"},
	"reply.head.edit":      {"Canned reply « %s »", "Réponse type « %s »"},
	"reply.none":           {"No canned reply yet: ctrl+n writes the first one.", "Aucune réponse type : ctrl+n écrit la première."},
	"reply.nomatch":        {"No reply has these words in its title.", "Aucune réponse n'a ces mots dans son titre."},
	"reply.badfile":        {"Reply file %s skipped (%s); %d file(s) skipped in all.", "Fichier de réponse %s ignoré (%s) ; %d fichier(s) ignoré(s) en tout."},
	"reply.writefailed":    {"The reply was not written: %s", "La réponse n'a pas été écrite : %s"},
	"reply.saved":          {"Reply « %s » saved.", "Réponse « %s » enregistrée."},
	"reply.deleted":        {"Reply « %s » deleted.", "Réponse « %s » supprimée."},
	"reply.cancelled":      {"Reply left unchanged.", "Réponse inchangée."},
	"reply.notitle":        {"Give the reply a title (it is how it is found).", "Donnez un titre à la réponse (c'est par lui qu'on la trouve)."},
	"reply.unclosed":       {"the front matter opened with --- is never closed with ---", "l'en-tête ouvert par --- n'est jamais fermé par ---"},
	"reply.badlang":        {"lang %q: write fr, en, or leave it out", "lang %q : écrivez fr, en, ou omettez-le"},
	"reply.nobody":         {"The reply has no text.", "La réponse n'a pas de texte."},
	"reply.unknownvar":     {"Unknown variables %s: the variables are %s.", "Variables inconnues %s : les variables sont %s."},
	"reply.unknownvar.1":   {"Unknown variable %s: the variables are %s.", "Variable inconnue %s : les variables sont %s."},
	"reply.novalue.prenom": {"{prenom} has no value: the requester has no name.", "{prenom} n'a pas de valeur : le demandeur n'a pas de nom."},
	"reply.novalue.numero": {"{numero} has no value here.", "{numero} n'a pas de valeur ici."},
	"reply.novalue.tutoriel": {"{tutoriel} has no value: no tutorial is linked to this ticket (l links the suggested one).",
		"{tutoriel} n'a pas de valeur : aucun tutoriel n'est lié à ce ticket (l lie celui suggéré)."},
	"reply.novalue.technicien": {"{technicien} has no value here.", "{technicien} n'a pas de valeur ici."},
	"reply.field.title":        {"Title", "Titre"},
	"reply.field.lang":         {"Language", "Langue"},
	"reply.field.body":         {"Text", "Texte"},
	"reply.lang.fr":            {"French", "français"},
	"reply.lang.en":            {"English", "anglais"},
	"reply.lang.any":           {"any", "toutes"},
	"reply.vars":               {"variables: %s", "variables : %s"},
	"confirm.deletereply":      {"Delete the reply « %s »?", "Supprimer la réponse « %s » ?"},
	"why.noreplies":            {"No replies folder: the interface was started without one.", "Pas de dossier de réponses : l'interface a été lancée sans."},

	// Deleting a problem created by mistake.
	"key.deleteproblem":          {"delete the problem", "supprimer le problème"},
	"confirm.deleteproblem":      {"Delete Pb %d « %s »? Its %d incidents lose the link (noted in their history)", "Supprimer Pb %d « %s » ? Ses %d incidents perdent ce lien (noté dans leur historique)"},
	"confirm.deleteproblem.1":    {"Delete Pb %d « %s »? Its %d incident loses the link (noted in its history)", "Supprimer Pb %d « %s » ? Son %d incident perd ce lien (noté dans son historique)"},
	"confirm.deleteproblem.none": {"Delete Pb %d « %s »? (no incident linked)", "Supprimer Pb %d « %s » ? (aucun incident lié)"},
	"problem.notcreator":         {"Only an admin or its creator (%s) may delete this problem.", "Seul un admin ou son créateur (%s) peut supprimer ce problème."},
	"problem.deleted":            {"Problem Pb %d deleted; %d incidents lost the link.", "Problème Pb %d supprimé ; %d incidents ont perdu ce lien."},
	"problem.deleted.1":          {"Problem Pb %d deleted; %d incident lost the link.", "Problème Pb %d supprimé ; %d incident a perdu ce lien."},
	"history.problem deleted":    {"problem deleted", "problème supprimé"},
	"key.deletearticle":          {"delete the article", "supprimer l'article"},
	"confirm.deletearticle":      {"Delete « %s »? %d tickets lose the link (noted in their history)", "Supprimer « %s » ? %d tickets perdent ce lien (noté dans leur historique)"},
	"confirm.deletearticle.1":    {"Delete « %s »? %d ticket loses the link (noted in its history)", "Supprimer « %s » ? %d ticket perd ce lien (noté dans son historique)"},
	"confirm.deletearticle.file": {"Delete « %s »? Its file %s brings it back at the next import unless removed", "Supprimer « %s » ? Son fichier %s le ramène au prochain import s'il reste"},
	"article.notcreator":         {"Only an admin or its author (%s) may delete this article.", "Seul un admin ou son auteur (%s) peut supprimer cet article."},
	"article.notcreator.none":    {"Only an admin may delete this article (imported, no author recorded).", "Seul un admin peut supprimer cet article (importé, sans auteur connu)."},
	"article.deleted":            {"Article %d deleted; %d tickets lost the link.", "Article %d supprimé ; %d tickets ont perdu ce lien."},
	"article.deleted.1":          {"Article %d deleted; %d ticket lost the link.", "Article %d supprimé ; %d ticket a perdu ce lien."},
	"history.article deleted":    {"article deleted", "article supprimé"},
	"history.articledeleted":     {"article « %s » deleted", "article « %s » supprimé"},
	"history.problemdeleted":     {"removed from problem Pb %s (problem deleted)", "retiré du problème Pb %s (problème supprimé)"},

	// Opening a link or a file.
	"open.nolink":         {"No link to open.", "Aucun lien à ouvrir."},
	"open.notfound":       {"Cannot open: the program %s is not installed on this computer (install it, or copy the link with y).", "Ouverture impossible : le programme %s n'est pas installé sur ce poste (installez-le, ou copiez le lien avec y)."},
	"open.notstarted":     {"Cannot open: the program %s did not start (copy the link with y instead).", "Ouverture impossible : le programme %s n'a pas démarré (copiez plutôt le lien avec y)."},
	"copy.failed":         {"Copy failed", "Copie impossible"},
	"err.notticketnumber": {"“%s” is not a ticket number: type numbers such as 12 15 #18.", "« %s » n'est pas un numéro de ticket : tapez des numéros comme 12 15 #18."},

	// Singulars (see Catalogue.P): French puts 0 and 1 in the singular.
	"kb.count.1":               {"%d result", "%d résultat"},
	"why.solved.1":             {"solved %d similar ticket", "a résolu %d ticket similaire"},
	"problem.saved.solve.1":    {"Problem solved; %d open incident solved.", "Problème résolu ; %d incident ouvert résolu."},
	"confirm.solveincidents.1": {"Also solve its open incident (%d), with the workaround sent to the agent?", "Résoudre aussi son incident ouvert (%d), en envoyant la solution à l'agent ?"},
	"screen.picker.1":          {"Link %d ticket to a problem", "Lier %d ticket à un problème"},
	"picker.head.1":            {"%d ticket: %s", "%d ticket : %s"},
	"queue.marked.1":           {"%d marked", "%d marqué"},
	"report.sla.1":             {"%d ticket past its SLA", "%d ticket hors délai (SLA)"},
	"report.gap.1":             {"%s — %d ticket with no linked article", "%s — %d ticket sans article lié"},
	"review.reopened.1":        {"%d ticket reopened", "%d ticket rouvert"},
	"bar.mailstuck.1":          {"✉ %d mail stuck", "✉ %d mail bloqué"},
	"triage.saved.1":           {"%d ticket triaged in this session.", "%d ticket trié dans cette session."},
	"similar.badge.1":          {"↻ %d similar in %d d", "↻ %d similaire en %d j"},
	"article.tickets.1":        {"%d ticket", "%d ticket"},
	"article.selfservice.1":    {"%d self-service answer", "%d réponse en libre-service"},
}

// P formats the text for id with args, in the singular (id+".1", when
// there is one) when n is singular in the catalogue's language: 1 in
// English, 0 and 1 in French.
func (c Catalogue) P(id string, n int, args ...any) string {
	if n == 1 || (c.lang == French && n == 0) {
		if _, ok := messages[id+".1"]; ok {
			id += ".1"
		}
	}
	return c.F(id, args...)
}

func init() {
	for id, m := range cannedMessages {
		messages[id] = m
	}
}
