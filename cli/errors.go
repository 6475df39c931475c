package cli

import (
	"errors"
	"fmt"

	"hotline/app"
	"hotline/mailstore"
	"hotline/tickets"
)

// explain words an error for someone at a shell: the domain and the
// application layer say what went wrong; the command line adds how to fix
// it with its commands and flags.
func explain(err error) string {
	var mf *app.MissingFolderError
	var tnf *tickets.NotFoundError
	var pnf *tickets.ProblemNotFoundError
	var techNF *tickets.TechnicianNotFoundError
	var unknownAssignee *tickets.UnknownAssigneeError
	var forbidden *tickets.ForbiddenError
	switch {
	case errors.As(err, &techNF):
		return fmt.Sprintf("%v (see `hotline tech list`)", err)
	case errors.As(err, &unknownAssignee):
		return fmt.Sprintf("%v (or add them: `hotline tech add %s --name \"…\"`)", err, unknownAssignee.Login)
	case errors.As(err, &forbidden) && forbidden.Reason == "unknown":
		return fmt.Sprintf("%v (`hotline tech add %s --name \"…\"`)", err, forbidden.Actor)
	case errors.As(err, &mf):
		return fmt.Sprintf("%v: create it with `mkdir -p %s`, or check --db and HOTLINE_DB", err, mf.Dir)
	case errors.As(err, &tnf):
		return fmt.Sprintf("%v (see `hotline ticket list --status all`)", err)
	case errors.As(err, &pnf):
		return fmt.Sprintf("%v (see `hotline problem list --status all`)", err)
	case errors.Is(err, mailstore.ErrNoMail), errors.Is(err, mailstore.ErrNotRetrying):
		return fmt.Sprintf("%v (see `hotline mail outbox`)", err)
	}
	return err.Error()
}
