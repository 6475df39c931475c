package cli

import (
	"errors"
	"fmt"
	"strings"

	"hotline/internal/text"
	"hotline/mail"
)

// mailReason words why a mail was not read or stored, in the user's
// language: a mail that cannot be parsed from its code, the store's typed
// refusals as explain words them; causes without a type of their own (the
// file system, the database) keep their English words.
func (e *env) mailReason(f mail.Failure) string {
	var pe *mail.ParseError
	s := text.SanitizeLine
	switch {
	case errors.As(f.Err, &pe):
		switch pe.Code {
		case mail.CodeBadHeader:
			return e.t.F("mail.reason.bad-header", s(pe.Detail))
		case mail.CodeBrokenMIME:
			return e.t.F("mail.reason.broken-mime", s(pe.Detail))
		case mail.CodeNoSender:
			return e.t.F("mail.reason.no-sender", s(pe.Value))
		case mail.CodeNoAddress:
			return e.t.F("mail.reason.no-address", s(pe.Header), s(pe.Value))
		}
	case errors.Is(f.Err, mail.ErrNoBody):
		return e.t.T("mail.reason.no-body")
	case f.Err != nil:
		return e.explain(f.Err)
	}
	return f.Reason
}

// mailSummary is the report of a fetch or an import in the user's
// language (the log of hotline serve keeps mail.Report.Summary).
func (e *env) mailSummary(r *mail.Report) string {
	out := e.t.F("mail.summary", r.Read, r.Created, r.Replies, r.Duplicates, r.IgnoredTotal())
	if r.IgnoredTotal() > 0 {
		var parts []string
		for _, k := range []struct{ kind, words string }{
			{"ignored-auto", e.t.T("mail.ignored.auto")}, {"ignored-bounce", e.t.T("mail.ignored.bounce")},
			{"ignored-own", e.t.T("mail.ignored.own")}, {"ignored-rate", e.t.T("mail.ignored.rate")},
		} {
			if v := r.Ignored[k.kind]; v > 0 {
				parts = append(parts, fmt.Sprintf(k.words, v))
			}
		}
		out += " (" + strings.Join(parts, ", ") + ")"
	}
	if len(r.Failed) > 0 {
		out += e.t.F("mail.unreadable", len(r.Failed))
	}
	return out
}

// mailPathText words a path mail import cannot read.
func (e *env) mailPathText(pe *mail.PathError) string {
	p := text.SanitizeLine(pe.Path)
	switch pe.Code {
	case mail.CodePathMissing:
		return e.t.F("mail.import.missing", p)
	case mail.CodeNotFileOrFolder:
		return e.t.F("mail.import.notfile", p)
	}
	return e.t.F("mail.import.nomail", p)
}
