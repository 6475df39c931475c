package ui

import (
	"errors"
	"strings"

	"hotline/app"
	"hotline/internal/text"
	"hotline/kb"
	"hotline/reasons"
	"hotline/tickets"
)

// wordedError is a typed error worded for the technician: its text is in
// the interface's language, and errors.Is/As still see the cause.
type wordedError struct {
	text string
	err  error
}

func (e *wordedError) Error() string { return e.text }
func (e *wordedError) Unwrap() error { return e.err }

// wordError words the domain's typed errors for the technician, in the
// interface's language; other errors (storage, file system) pass as they
// are.
func wordError(t Catalogue, err error) error {
	if s, ok := wordErrorText(t, err); ok {
		return &wordedError{text: s, err: err}
	}
	return err
}

// wordErrorText words err from its type's fields (never its text); ok is
// false for an error without a type of its own.
func wordErrorText(t Catalogue, err error) (string, bool) {
	if err == nil {
		return "", false
	}
	var (
		worded     *wordedError
		notFound   *tickets.NotFoundError
		problemNF  *tickets.ProblemNotFoundError
		techNF     *tickets.TechnicianNotFoundError
		unknown    *tickets.UnknownAssigneeError
		forbidden  *tickets.ForbiddenError
		notCreator *tickets.NotCreatorError
		conflict   *tickets.ConflictError
		noTag      *tickets.NoSuchTagError
		tagInUse   *tickets.TagInUseError
		badCursor  *tickets.BadCursorError
		field      *tickets.FieldError
		kbInvalid  *kb.ValidationError
		kbLine     *kb.LineError
		appInvalid *app.ValidationError
		stale      *app.BulkStaleError
		bulkTicket *app.BulkTicketError
		bulkArt    *app.BulkArticleError
		tooMany    *app.BulkTooManyError
	)
	s := text.SanitizeLine
	switch {
	case errors.As(err, &worded):
		return worded.text, true
	case errors.As(err, &stale):
		by := stale.By
		if by == "" {
			by = "?"
		}
		return t.F("bulk.err.stale", stale.ID, s(by)), true
	case errors.As(err, &bulkTicket):
		if errors.Is(bulkTicket.Err, tickets.ErrNotFound) {
			return t.F("bulk.err.gone", bulkTicket.ID), true
		}
		return t.F("bulk.err.ticket", bulkTicket.ID, s(wordError(t, bulkTicket.Err).Error())), true
	case errors.As(err, &bulkArt):
		return t.F("bulk.err.article", bulkArt.ID), true
	case errors.As(err, &tooMany):
		return t.F("bulk.err.toomany", tooMany.Count, tooMany.Max), true
	case errors.Is(err, app.ErrBulkEmpty):
		return t.T("err.bulk.empty"), true
	case errors.Is(err, tickets.ErrNoAssignee):
		return t.T("err.noassignee"), true
	case errors.As(err, &notCreator):
		what := t.T("err.what.problem")
		if notCreator.What == "article" {
			what = t.T("err.what.article")
		}
		if notCreator.Creator == "" {
			return t.F("err.notcreator.noauthor", what, notCreator.ID), true
		}
		return t.F("err.notcreator", what, notCreator.ID, s(notCreator.Creator)), true
	case errors.As(err, &forbidden):
		admins := s(strings.Join(forbidden.Admins, ", "))
		switch {
		case forbidden.Reason == "unknown":
			return t.F("err.forbidden.unknown", s(forbidden.Actor), admins), true
		case forbidden.Reason == "disabled":
			return t.F("err.forbidden.disabled", s(forbidden.Actor), admins), true
		case forbidden.Role == tickets.RoleObserver:
			return t.F("err.forbidden.observer", admins), true
		}
		return t.F("role.forbidden", admins), true
	case errors.As(err, &conflict):
		return t.F("err.conflict", conflict.ID, conflict.Expected, conflict.Actual), true
	case errors.As(err, &unknown):
		return t.F("err.assignee.unknown", s(unknown.Login), s(strings.Join(unknown.Logins, ", "))), true
	case errors.As(err, &techNF):
		return t.F("err.tech.notfound", s(techNF.Login)), true
	case errors.As(err, &problemNF):
		return t.F("err.problem.notfound", problemNF.ID), true
	case errors.As(err, &notFound):
		return t.F("err.ticket.notfound", notFound.ID), true
	case errors.Is(err, kb.ErrNotFound):
		return t.T("err.article.notfound"), true
	case errors.As(err, &noTag):
		return t.F("err.tag.none", s(noTag.Tag)), true
	case errors.As(err, &tagInUse):
		return t.F("err.tag.inuse", s(tagInUse.Into), tagInUse.Tickets), true
	case errors.As(err, &badCursor):
		return t.T("err.badcursor"), true
	case errors.As(err, &appInvalid):
		parts := make([]string, len(appInvalid.Fields))
		for i, f := range appInvalid.Fields {
			why := f.Reason // attachments (Why is nil): the interface files none
			if f.Why != nil {
				why = reasons.Text(t.Lang(), f.Why)
			}
			parts[i] = fieldText(t, f.Field, why)
		}
		return t.F("err.invalid", strings.Join(parts, "; ")), true
	case errors.As(err, &field):
		return t.F("err.invalid", fieldText(t, field.Field, reasons.Text(t.Lang(), field))), true
	case errors.As(err, &kbInvalid):
		return t.F("err.invalid", kbFieldText(t, kbInvalid)), true
	case errors.As(err, &kbLine):
		return t.F("err.invalid", kbReasonText(t, kbLine.Reason)), true
	case errors.Is(err, kb.ErrFileBased):
		return t.T("err.article.filebased"), true
	}
	return "", false
}

// fieldText names a refused field by its label on screen, before the
// reason (worded in the interface's language by reasons.Text, or
// kbReasonText for the knowledge base).
func fieldText(t Catalogue, field, reason string) string {
	if field == "" {
		return text.SanitizeLine(reason)
	}
	label := field
	if id, ok := fieldLabels[field]; ok {
		label = t.T(id)
	}
	return t.F("err.field", text.SanitizeLine(label), text.SanitizeLine(reason))
}

// fieldLabels maps the domain's field names (tickets, kb, app) to the
// labels the screens show.
var fieldLabels = map[string]string{
	"title":           "field.title",
	"description":     "field.description",
	"status":          "field.status",
	"priority":        "field.priority",
	"category":        "field.category",
	"assignee":        "field.assignee",
	"requester":       "field.requester",
	"requester.name":  "field.requester",
	"requester name":  "field.requester",
	"requester email": "field.email",
	"requester.email": "field.email",
	"email":           "field.email",
	"service":         "field.service",
	"phone":           "field.phone",
	"connection":      "field.connection",
	"device":          "field.device",
	"tag":             "field.tags",
	"tags":            "field.tags",
	"urgency":         "field.urgency",
	"impact":          "field.impact",
	"article":         "field.article",
	"url":             "field.url",
	"collection":      "field.collection",
	"body":            "field.body",
	"text":            "field.body",
	"solution":        "field.solution",
}

var wordsMessages = map[string][2]string{
	"err.what.problem":        {"problem", "le problème"},
	"err.what.article":        {"article", "l'article"},
	"err.notcreator":          {"The %s %d was created by %s: only an admin or %[3]s may delete it.", "Seul un admin ou %[3]s peut supprimer %[1]s %[2]d : c'est %[3]s qui l'a créé."},
	"err.notcreator.noauthor": {"The %s %d has no recorded author: only an admin may delete it.", "Seul un admin peut supprimer %s %d : son auteur n'est pas connu."},
	"err.forbidden.unknown":   {"%s is not in the technicians directory: ask an admin (%s) to add them.", "%s n'est pas dans l'annuaire des techniciens : demandez à un admin (%s) de l'ajouter."},
	"err.forbidden.disabled":  {"%s is disabled: ask an admin (%s) to enable them again.", "%s est désactivé : demandez à un admin (%s) de le réactiver."},
	"err.forbidden.observer":  {"Observers read everything and change nothing (ask an admin for the technician role: %s).", "Un observateur lit tout et ne modifie rien (demandez le rôle de technicien à un admin : %s)."},
	"err.conflict":            {"Ticket #%d was changed by someone else (you had version %d, it is now at %d): reload it and apply your change again.", "Quelqu'un d'autre a modifié le ticket n°%d (vous aviez la version %d, il en est à la %d) : rechargez-le et refaites votre modification."},
	"err.assignee.unknown":    {"%s is not a technician who can be assigned tickets; choose one of: %s", "%s n'est pas un technicien à qui assigner des tickets ; choisissez parmi : %s"},
	"err.tech.notfound":       {"No technician %q.", "Aucun technicien %q."},
	"err.problem.notfound":    {"Problem %d does not exist.", "Le problème %d n'existe pas."},
	"err.ticket.notfound":     {"Ticket #%d does not exist.", "Le ticket n°%d n'existe pas."},
	"err.article.notfound":    {"This article does not exist (any more).", "Cet article n'existe pas (ou plus)."},
	"err.tag.none":            {"No ticket is tagged %q.", "Aucun ticket n'a le tag %q."},
	"err.tag.inuse":           {"%q is already used on %d tickets: merge the two tags instead.", "%q est déjà sur %d tickets : fusionnez plutôt les deux tags."},
	"err.badcursor":           {"This page is out of date: go back to the first page.", "Cette page n'est plus à jour : revenez à la première page."},
	"err.invalid":             {"Refused: %s.", "Refusé : %s."},
	"err.field":               {"%s: %s", "%s : %s"},
	"err.bulk.empty":          {"Nothing to do: no ticket, or a change that changes nothing.", "Rien à faire : aucun ticket, ou une modification qui ne change rien."},
}

func init() {
	for id, m := range wordsMessages {
		messages[id] = m
	}
}
