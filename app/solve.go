package app

import (
	"context"
	"fmt"
	"strings"

	"hotline/kb"
	"hotline/tickets"
)

// SolveMessage is the follow-up each agent receives when their ticket is
// solved with its problem: the problem, its workaround and the tutorial
// that explains it. Every front end sends the same words.
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

// ProblemSolver is what SolveProblem needs of the tickets; *tickets.Store
// implements it.
type ProblemSolver interface {
	Problem(ctx context.Context, id int64) (*tickets.Problem, error)
	SolveProblem(ctx context.Context, id int64, solveIncidents bool, message, actor string) (int, error)
}

// SolveProblem marks problem id solved as actor and, with incidents, solves
// its open tickets with a public follow-up: message, or SolveMessage from
// the problem and its article when message is empty. It returns how many
// incidents were solved. The interface and the command line both call it.
func SolveProblem(ctx context.Context, ts ProblemSolver, ks ArticleReader, id int64, incidents bool, message, actor string) (int, error) {
	if incidents && message == "" {
		p, err := ts.Problem(ctx, id)
		if err != nil {
			return 0, err
		}
		var art *kb.Article
		if p.ArticleID != 0 && ks != nil {
			art, _ = ks.Get(ctx, p.ArticleID) // an archived or deleted article: the message without it
		}
		message = SolveMessage(p, art)
	}
	return ts.SolveProblem(ctx, id, incidents, message, actor)
}

// SolveProblem is SolveProblem on this App's stores, as its technician.
func (a *App) SolveProblem(ctx context.Context, id int64, incidents bool, message string) (int, error) {
	if err := a.Open(ctx); err != nil {
		return 0, err
	}
	return SolveProblem(ctx, a.tickets, a.kb, id, incidents, message, a.user)
}
