package cli

import (
	"errors"

	"hotline/internal/i18n"
	"hotline/internal/text"
	"hotline/kb"
	"hotline/reasons"
)

// The knowledge base's refusals carry a typed reason (kb.Reason: a code,
// the value, the limit); the command line words it from those fields in
// the user's language, naming the flag that sets the field (kb add) or the
// front matter's key (kb import). Error() of the kb errors stays English,
// and so does JSON.

// kbReasonText words a reason in the user's language (reasons.KB).
func kbReasonText(t i18n.Catalogue, r kb.Reason) string { return reasons.KB(t.Lang(), r) }

// kbFlags maps the fields of an article to the flags of kb add and kb
// import that set them; a field without a flag (the body, the text as a
// whole) is named by the reason's own words.
var kbFlags = map[string]string{
	"title":      "title",
	"kind":       "kind",
	"duration":   "duration",
	"tags":       "tag",
	"collection": "collection",
	"url":        "url",
	"lang":       "lang",
}

// kbFieldText words a refused field of an article: "--title: …".
func kbFieldText(t i18n.Catalogue, ve *kb.ValidationError) string {
	reason := kbReasonText(t, ve.Reason)
	if flag, ok := kbFlags[ve.Field]; ok {
		return t.F("err.field", "--"+flag, reason)
	}
	return reason
}

// kbWorded is a knowledge-base refusal worded in the user's language
// (explain and usage errors word it with in), with the catalogue id of an
// advice after it when there is one.
type kbWorded struct {
	err    error
	advice msgID
	// bare words the reason alone, when the message already names the
	// flag.
	bare bool
}

func (k *kbWorded) Error() string { return k.in(i18n.New(i18n.English, words)) }
func (k *kbWorded) Unwrap() error { return k.err }

func (k *kbWorded) in(t i18n.Catalogue) string {
	var ve *kb.ValidationError
	s := k.err.Error()
	if errors.As(k.err, &ve) && !k.bare {
		s = kbFieldText(t, ve)
	} else if r, ok := kb.ReasonOf(k.err); ok {
		s = kbReasonText(t, r)
	}
	if k.advice != "" {
		s += t.T(string(k.advice))
	}
	return s
}

// importReason words why a file was not imported, with the flag that
// changes it when there is one. A cause without a type of its own (the
// database) keeps its English words.
func importReason(t i18n.Catalogue, fe kb.FileError) string {
	var (
		clash *kb.CollectionClashError
		ve    *kb.ValidationError
		le    *kb.LineError
		s     = text.SanitizeLine
	)
	switch {
	case errors.As(fe.Err, &clash) && clash.SameImport:
		return t.F("kb.clash.same", s(clash.Other), s(clash.Collection))
	case errors.As(fe.Err, &clash):
		return t.F("kb.clash.other", s(clash.Collection), s(clash.Source), s(clash.Other))
	case errors.As(fe.Err, &ve):
		// Raised by the article's fields: named by the front matter's key.
		return t.F("err.field", ve.Field, kbReasonText(t, ve.Reason))
	case errors.As(fe.Err, &le):
		r := kbReasonText(t, le.Reason)
		if errors.Is(fe.Err, kb.ErrLinkNotFollowed) {
			r += t.T("kb.import.follow")
		}
		return r
	}
	return fe.Reason
}
