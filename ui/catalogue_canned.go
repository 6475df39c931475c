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
	"key.undo":         {"undo my last change (10 s)", "annuler ma dernière modif (10 s)"},
	"undo.nothing":     {"Nothing to undo: no change made in this session.", "Rien à annuler : aucune modification faite dans cette session."},
	"undo.otherticket": {"Nothing to undo on this ticket: your last change was on #%d.", "Rien à annuler sur ce ticket : votre dernière modification concerne le n°%d."},
	"undo.toolate":     {"Too late to undo the change of #%d: more than %d s ago. Change it back by hand.", "Trop tard pour annuler la modification du n°%d : plus de %d s. Corrigez-la à la main."},
	"undo.conflict":    {"Not undone: someone else changed #%d since. Check it and correct by hand.", "Non annulé : quelqu'un d'autre a modifié le n°%d depuis. Vérifiez et corrigez à la main."},
	"undo.done":        {"Change of #%d undone (recorded in its history).", "Modification du n°%d annulée (notée dans son historique)."},

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
