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
}

func init() {
	for id, m := range cannedMessages {
		messages[id] = m
	}
}
