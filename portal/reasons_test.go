package portal

import (
	"strings"
	"testing"

	"hotline/app"
	"hotline/reasons"
	"hotline/tickets"
)

// The portal words a refused field from its typed reason in the agent's
// language: no English reason inside a French page.
func TestFormFieldWordsTheReason(t *testing.T) {
	for _, code := range tickets.Codes {
		fe := reasons.Sample(code)
		fe.Field = "requester name"
		_, msg := formField(lang("fr"), app.FieldError{Field: "requester.name", Reason: fe.Reason(), Why: fe})
		if !strings.HasPrefix(msg, "Valeur refusée : ") || len(reasons.EnglishLeak(fe, msg)) > 0 {
			t.Errorf("%s: %q", code, msg)
		}
	}
	long := &tickets.FieldError{Field: "requester service", Code: tickets.CodeTooBig, N: 250, Limit: 200}
	k, msg := formField(lang("fr"), app.FieldError{Field: "requester.service", Reason: long.Reason(), Why: long})
	if k != "service" || msg != "Valeur refusée : 250 octets, 200 octets au plus : gardez l'essentiel" {
		t.Errorf("service: %q %q", k, msg)
	}
	_, msg = formField(lang("en"), app.FieldError{Field: "requester.service", Reason: long.Reason(), Why: long})
	if msg != "Value refused: 250 bytes, at most 200 bytes: keep the relevant part" {
		t.Errorf("English: %q", msg)
	}
	// No title nor description: the description is asked for.
	none := &tickets.FieldError{Field: "title", Code: tickets.CodeNoTitle}
	if k, msg := formField(lang("fr"), app.FieldError{Field: "title", Reason: none.Reason(), Why: none, Err: none}); k != "description" || msg != lang("fr").T("v.description") {
		t.Errorf("no title: %q %q", k, msg)
	}
}
