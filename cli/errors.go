package cli

import (
	"context"
	"errors"
	"fmt"

	"hotline/app"
	"hotline/mailstore"
	"hotline/tickets"
)

// explain words an error for someone at a shell, in their language: the
// domain and the application layer say what went wrong (typed errors); the
// command line says it again in its words, with how to fix it with its
// commands and flags. Causes without a type of their own (SQLite, the
// file system) keep their English text.
func (e *env) explain(err error) string {
	var ue *usageError
	var mf *app.MissingFolderError
	var tnf *tickets.NotFoundError
	var pnf *tickets.ProblemNotFoundError
	var techNF *tickets.TechnicianNotFoundError
	var unknownAssignee *tickets.UnknownAssigneeError
	var forbidden *tickets.ForbiddenError
	var notCreator *tickets.NotCreatorError
	switch {
	case errors.Is(err, context.Canceled):
		// ctrl+c: every write is a transaction, so nothing is half-done.
		return e.t.T("err.interrupted")
	case errors.As(err, &notCreator):
		return e.t.F("err.notcreator", err)
	case errors.As(err, &ue) && ue.id != "":
		return ue.in(e.t)
	case errors.As(err, &techNF):
		return e.t.F("err.tech.notfound", err)
	case errors.As(err, &unknownAssignee):
		return e.t.F("err.assignee.unknown", err, unknownAssignee.Login)
	case errors.As(err, &forbidden) && forbidden.Reason == "unknown":
		return e.t.F("err.forbidden.unknown", err, forbidden.Actor)
	case errors.As(err, &mf):
		return e.t.F("err.folder.missing", err, mf.Dir)
	case errors.As(err, &tnf):
		return e.t.F("err.ticket.notfound", err)
	case errors.As(err, &pnf):
		return e.t.F("err.problem.notfound", err)
	case errors.Is(err, mailstore.ErrNoMail), errors.Is(err, mailstore.ErrNotRetrying):
		return e.t.F("err.mail.see", err)
	}
	return fmt.Sprint(err)
}
