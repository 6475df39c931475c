package reasons

import (
	"strings"
	"testing"

	"hotline/internal/i18n"
	"hotline/tickets"
)

// Every reason code is worded in both languages, and the French holds no
// English word of the reason: adding a code without its words fails here.
func TestEveryCodeIsWordedInBothLanguages(t *testing.T) {
	for _, code := range tickets.Codes {
		if !Has(code) {
			t.Errorf("%s: no words", code)
			continue
		}
		fe := Sample(code)
		en, fr := Text(i18n.English, fe), Text(i18n.French, fe)
		if en == "" || fr == "" || en == fr {
			t.Errorf("%s: English %q, French %q", code, en, fr)
		}
		if strings.Contains(en, "%!") || strings.Contains(fr, "%!") {
			t.Errorf("%s: arguments do not fit the words: %q / %q", code, en, fr)
		}
		if leak := EnglishLeak(fe, fr); len(leak) > 0 {
			t.Errorf("%s: the French %q holds English words %q", code, fr, leak)
		}
		if fe.Reason() == string(code) {
			t.Errorf("%s: no English reason in tickets for logs", code)
		}
	}
}

// A code missing from tickets.Codes is caught: every code of words is in
// the list (the list is what the front ends' tests walk).
func TestCodesListIsComplete(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range tickets.Codes {
		listed[string(c)] = true
	}
	for id := range words {
		base, _, _ := strings.Cut(id, ".")
		if base == "kind" || base == "size" {
			continue
		}
		if !listed[base] {
			t.Errorf("words for %q, which tickets.Codes does not list", id)
		}
	}
}

// Sizes and values read as the language writes them.
func TestSizesAndValues(t *testing.T) {
	fe := &tickets.FieldError{Field: "description", Code: tickets.CodeTooBig, N: 3 << 20, Limit: 1 << 20}
	if got := Text(i18n.French, fe); got != "3,0 Mio, 1,0 Mio au plus : gardez l'essentiel" {
		t.Errorf("French size: %q", got)
	}
	if got := Text(i18n.English, fe); got != "3.0 MiB, at most 1.0 MiB: keep the relevant part" {
		t.Errorf("English size: %q", got)
	}
	bad := &tickets.FieldError{Field: "tag", Code: tickets.CodeBadChar, Value: "a\x1b[31mb", Other: ";"}
	if got := Text(i18n.French, bad); strings.ContainsRune(got, 0x1b) {
		t.Errorf("a control character reached the terminal: %q", got)
	}
}
