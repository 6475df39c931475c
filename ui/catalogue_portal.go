package ui

// Words of what agents say back through the portal (ratings, self-service
// answers) in the reports screen, kept apart from catalogue.go so that
// several people can add words at once; merged into messages at start.
var portalMessages = map[string][2]string{
	"report.satisfaction":      {"Agents' satisfaction", "Satisfaction des agents"},
	"report.ratings":           {"ratings of solved tickets: %d, average %s", "notes des tickets résolus : %d, moyenne %s"},
	"report.ratings.none":      {"ratings of solved tickets: — (none in this period)", "notes des tickets résolus : — (aucune sur la période)"},
	"report.ratings.category":  {"per category", "par catégorie"},
	"report.ratings.tech":      {"per technician", "par technicien"},
	"report.ratings.article":   {"per article used", "par article utilisé"},
	"report.ratings.empty":     {"%s: —", "%s : —"},
	"report.ratings.head":      {"%s:", "%s :"},
	"report.nratings":          {"%d ratings", "%d notes"},
	"report.nratings.1":        {"%d rating", "%d note"},
	"report.unassigned":        {"(not set)", "(non renseigné)"},
	"report.selfservice":       {"Self-service", "Libre-service"},
	"report.selfservice.n":     {"answered by a tutorial before any ticket: %d", "réponses par un tutoriel avant tout ticket : %d"},
	"report.selfservice.none":  {"answered by a tutorial before any ticket: — (none in this period)", "réponses par un tutoriel avant tout ticket : — (aucune sur la période)"},
	"report.selfservice.row":   {"%d answers", "%d réponses"},
	"report.selfservice.row.1": {"%d answer", "%d réponse"},
}

func init() {
	for id, m := range portalMessages {
		messages[id] = m
	}
}
