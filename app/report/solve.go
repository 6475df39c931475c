package report

import (
	"fmt"
	"strings"

	"hotline/kb"
	"hotline/tickets"
)

// SolveMessage is the follow-up sent to agents when their ticket is solved
// with its problem: the workaround and the article that explains it (art
// may be nil). It is in French: the agents read French. Shared by
// `hotline problem solve --incidents` and the interface's problem screen.
func SolveMessage(p *tickets.Problem, art *kb.Article) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Bonjour,\n\nVotre demande fait partie d'un incident connu : %s.\n", p.Title)
	if p.Workaround != "" {
		fmt.Fprintf(&b, "\nSolution : %s\n", p.Workaround)
	}
	if art != nil {
		fmt.Fprintf(&b, "\nLe tutoriel « %s » explique la marche à suivre : %s\n", art.Title, art.URL)
	}
	b.WriteString("\nN'hésitez pas à rouvrir ce ticket si le problème persiste.\nLe support informatique")
	return b.String()
}
