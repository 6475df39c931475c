package ui

import (
	"strings"
	"testing"

	"hotline/app"
	"hotline/reasons"
	"hotline/replies"
	"hotline/tickets"
)

// Every reason the domain gives for a refused value is worded by the
// interface in both languages, after the field's label, and the French
// holds no English word of the reason (a code added without words fails).
func TestWordErrorWordsEveryReasonCode(t *testing.T) {
	fr, en := NewCatalogue(French), NewCatalogue(English)
	for _, code := range tickets.Codes {
		fe := reasons.Sample(code)
		gotFR, gotEN := wordError(fr, fe).Error(), wordError(en, fe).Error()
		if !strings.HasPrefix(gotFR, "Refusé : Titre : ") || !strings.HasPrefix(gotEN, "Refused: Title: ") {
			t.Errorf("%s: %q / %q", code, gotFR, gotEN)
		}
		if leak := reasons.EnglishLeak(fe, gotFR); len(leak) > 0 {
			t.Errorf("%s: the French %q holds English words %q", code, gotFR, leak)
		}
		ve := &app.ValidationError{Fields: []app.FieldError{{Field: "urgency", Reason: fe.Reason(), Why: fe}}}
		if got := wordError(fr, ve).Error(); !strings.HasPrefix(got, "Refusé : Urgence : ") || len(reasons.EnglishLeak(fe, got)) > 0 {
			t.Errorf("%s in app.ValidationError: %q", code, got)
		}
	}
}

// A field the store refuses on the phone form is refused in French, next
// to the field and in the footer; nothing is filed.
func TestRefusedFieldIsFrenchInTheFooter(t *testing.T) {
	h, f := openPhoneForm(t, 120, 40)
	f.focusField(fTitle)
	h.press("Imprimante")
	// 101 letters fit the field; their 202 bytes do not fit the store.
	f.focusField(fDevice)
	h.press(strings.Repeat("é", 101))
	h.press("ctrl+s")
	want := "Refusé : Poste : 202 octets, 200 octets au plus : gardez l'essentiel."
	if !h.m.statusErr || h.m.status != want {
		t.Errorf("footer = %q, want %q", h.m.status, want)
	}
	h.mustSee("202 octets, 200 octets au plus")
	h.mustNotSee("bytes", "long; the limit")
	if _, ok := h.top().(*ticketForm); !ok {
		t.Errorf("the form closed on a refused title: %T", h.top())
	}
}

// A reply file skipped is said in French, with why.
func TestReplyFileReasonIsFrench(t *testing.T) {
	fr := NewCatalogue(French)
	for _, c := range []struct {
		err  error
		want string
	}{
		{&replies.ParseError{Problem: replies.Unclosed}, "l'en-tête ouvert par --- n'est jamais fermé par ---"},
		{&replies.ParseError{Problem: replies.BadLang, Value: "de"}, `lang "de" : écrivez fr, en, ou omettez-le`},
		{&replies.ParseError{Problem: replies.Empty}, "La réponse n'a pas de texte."},
	} {
		if got := replyFileReason(fr, c.err); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
	_, err := replies.Parse("x", "---\nlang: de\n---\nSalut")
	if got := replyFileReason(fr, err); !strings.HasPrefix(got, `lang "de" : `) {
		t.Errorf("Parse's error: %q", got)
	}
}
