package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hotline/app"
	"hotline/internal/text"
	"hotline/kb"
	"hotline/mail"
	"hotline/mailstore"
	"hotline/reasons"
	"hotline/replies"
	"hotline/tickets"
)

// explain words an error for someone at a shell, in their language: the
// domain and the application layer say what went wrong (typed errors); the
// command line words them again from their fields (never their text), with
// how to fix it with its commands and flags. Causes without a type of
// their own (SQLite, the file system) keep their English text.
func (e *env) explain(err error) string {
	var (
		ue         *usageError
		worded     *kbWorded
		fail       *failure
		mf         *app.MissingFolderError
		tnf        *tickets.NotFoundError
		pnf        *tickets.ProblemNotFoundError
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
		lexicon    *kb.LexiconError
		folder     *kb.FolderError
		outbox     *mailstore.OutboxError
		mailPath   *mail.PathError
		appInvalid *app.ValidationError
		stale      *app.BulkStaleError
		bulkTicket *app.BulkTicketError
		bulkArt    *app.BulkArticleError
		tooMany    *app.BulkTooManyError
		replyFile  *replies.FileError
		replyBad   *replies.ParseError
		replyVars  *replies.VariableError
		s          = text.SanitizeLine
	)
	switch {
	case errors.Is(err, context.Canceled):
		// ctrl+c: every write is a transaction, so nothing is half-done.
		return e.t.T("err.interrupted")
	case errors.As(err, &ue) && ue.id != "":
		return ue.in(e.t, e.explain)
	case errors.As(err, &worded):
		return worded.in(e.t)
	case errors.As(err, &fail):
		return fail.in(e.t, e.explain)
	case errors.As(err, &stale):
		by := stale.By
		if by == "" {
			by = "?"
		}
		return e.t.F("err.bulk.stale", stale.ID, s(by), stale.Expected, stale.Actual)
	case errors.As(err, &bulkTicket):
		return e.t.F("err.bulk.ticket", bulkTicket.ID, e.explain(bulkTicket.Err))
	case errors.As(err, &bulkArt):
		return e.t.F("err.bulk.article", bulkArt.ID)
	case errors.As(err, &tooMany):
		return e.t.F("err.bulk.toomany", tooMany.Count, tooMany.Max)
	case errors.As(err, &notCreator):
		what := e.t.T("noun." + notCreator.What)
		if notCreator.Creator == "" {
			return e.t.F("err.notcreator.noauthor", what, notCreator.ID)
		}
		return e.t.F("err.notcreator", what, notCreator.ID, s(notCreator.Creator))
	case errors.As(err, &techNF):
		return e.t.F("err.tech.notfound", s(techNF.Login))
	case errors.As(err, &unknown):
		return e.t.F("err.assignee.unknown", s(unknown.Login), s(strings.Join(unknown.Logins, ", ")), s(unknown.Login))
	case errors.As(err, &forbidden):
		admins := s(strings.Join(forbidden.Admins, ", "))
		switch {
		case forbidden.Reason == "unknown":
			return e.t.F("err.forbidden.unknown", s(forbidden.Actor), admins, s(forbidden.Actor))
		case forbidden.Reason == "disabled":
			return e.t.F("err.forbidden.disabled", s(forbidden.Actor), admins)
		case forbidden.Role == tickets.RoleObserver:
			return e.t.F("err.forbidden.observer", s(forbidden.Actor), admins)
		}
		return e.t.F("err.forbidden.admin", s(forbidden.Actor), admins)
	case errors.As(err, &mf):
		return e.t.F("err.folder.missing", err, mf.Dir)
	case errors.As(err, &conflict):
		return e.t.F("err.conflict", conflict.ID, conflict.Expected, conflict.Actual)
	case errors.As(err, &tnf):
		return e.t.F("err.ticket.notfound", tnf.ID)
	case errors.As(err, &pnf):
		return e.t.F("err.problem.notfound", pnf.ID)
	case errors.As(err, &noTag):
		return e.t.F("err.tag.none", s(noTag.Tag))
	case errors.As(err, &tagInUse):
		return e.t.F("err.tag.inuse", s(tagInUse.Into), tagInUse.Tickets, s(tagInUse.From), s(tagInUse.Into))
	case errors.As(err, &badCursor):
		return e.t.F("err.badcursor", s(badCursor.Cursor))
	case errors.Is(err, tickets.ErrNoAssignee):
		return e.t.T("err.noassignee")
	case errors.As(err, &appInvalid):
		parts := make([]string, len(appInvalid.Fields))
		for i, f := range appInvalid.Fields {
			why := f.Reason // attachments (Why is nil): the command line has none
			if f.Why != nil {
				why = reasons.Text(e.t.Lang(), f.Why)
			}
			parts[i] = e.fieldText(f.Field, why)
		}
		return e.t.F("err.invalid", strings.Join(parts, "; "))
	case errors.As(err, &field):
		if field.Field == "" || wholeReasons[field.Code] {
			return e.t.F("err.invalid", reasons.Text(e.t.Lang(), field))
		}
		return e.t.F("err.invalid", e.fieldText(field.Field, reasons.Text(e.t.Lang(), field)))
	case errors.As(err, &lexicon):
		return e.t.F("kb.lexicon", s(lexicon.Path), lexicon.Line, kbReasonText(e.t, lexicon.Reason))
	case errors.As(err, &kbInvalid):
		return e.t.F("err.invalid", kbFieldText(e.t, kbInvalid))
	case errors.Is(err, kb.ErrNotFound):
		return e.t.T("err.article.notfound")
	case errors.As(err, &replyFile):
		return e.t.F("err.field", s(replyFile.Path), e.explain(replyFile.Err))
	case errors.As(err, &replyBad):
		switch replyBad.Problem {
		case replies.Unclosed:
			return e.t.T("err.reply.unclosed")
		case replies.BadLang:
			return e.t.F("err.reply.lang", s(replyBad.Value))
		}
		return e.t.T("err.reply.empty")
	case errors.As(err, &replyVars):
		var parts []string
		if len(replyVars.Unknown) > 0 {
			parts = append(parts, e.t.F("err.reply.unknownvar", s("{"+strings.Join(replyVars.Unknown, "} {")+"}")))
		}
		if len(replyVars.Empty) > 0 {
			parts = append(parts, e.t.F("err.reply.novalue", s("{"+strings.Join(replyVars.Empty, "} {")+"}")))
		}
		return strings.Join(parts, "; ")
	case errors.As(err, &outbox) && errors.Is(err, mailstore.ErrNoMail):
		return e.t.F("mail.outbox.nomail", outbox.ID)
	case errors.As(err, &outbox) && errors.Is(err, mailstore.ErrNotRetrying):
		return e.t.F("mail.outbox.noretry", outbox.ID)
	case errors.As(err, &folder):
		return e.t.F("kb.import.folder", s(folder.Dir), kbReasonText(e.t, folder.Reason))
	case errors.As(err, &mailPath):
		return e.mailPathText(mailPath)
	case errors.Is(err, mailstore.ErrNoMail), errors.Is(err, mailstore.ErrNotRetrying):
		return e.t.F("err.mail.see", err)
	}
	return fmt.Sprint(err)
}

// fieldText names a refused field by the flag that sets it, before the
// reason (worded in the user's language: reasons.Text, kbReasonText).
func (e *env) fieldText(field, reason string) string {
	name := field
	if flag, ok := fieldFlags[field]; ok {
		name = "--" + flag
	}
	return e.t.F("err.field", text.SanitizeLine(name), text.SanitizeLine(reason))
}

// wholeReasons are refusals no flag can fix (the last admin, a closed
// ticket, a link that is not there): they are worded without a flag.
var wholeReasons = map[tickets.Code]bool{
	tickets.CodeLastAdmin: true, tickets.CodeClosed: true, tickets.CodeNotLinked: true, tickets.CodeNotIncident: true,
}

// fieldFlags maps the domain's field names (tickets, kb, app) to the flags
// of ticket add/update and kb add that set them.
var fieldFlags = map[string]string{
	"title":           "title",
	"description":     "description",
	"status":          "status",
	"priority":        "priority",
	"category":        "category",
	"assignee":        "assignee",
	"requester":       "requester",
	"requester.name":  "requester",
	"requester name":  "requester",
	"requester email": "email",
	"requester.email": "email",
	"service":         "service",
	"phone":           "phone",
	"connection":      "connection",
	"device":          "device",
	"tag":             "tag",
	"tags":            "tag",
	"urgency":         "urgency",
	"impact":          "impact",
	"collection":      "collection",
	"text":            "text",
	"period":          "to",
	"role":            "role",
	"language":        "language",
	"key":             "key",
	"sort":            "sort",
}
