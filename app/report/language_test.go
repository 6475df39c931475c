package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"hotline/internal/i18n"
)

// The text of the report is in the reader's language; JSON and CSV are the
// same in every language.
func TestReportLanguage(t *testing.T) {
	ts, ks, now := seeded(t)
	r, err := Build(context.Background(), ts, ks, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	write := func(format string, lang i18n.Lang) string {
		var b bytes.Buffer
		if err := r.WriteIn(&b, format, 100, lang); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	en, fr := write("text", i18n.English), write("text", i18n.French)
	for _, w := range []string{"HOTLINE — report from", "BY CONNECTION", "home ", "10 tickets created, 4 solved", "RECURRING PROBLEMS", "deflection: 100 %"} {
		if !strings.Contains(en, w) {
			t.Errorf("English report lacks %q:\n%s", w, en)
		}
	}
	for _, w := range []string{"HOTLINE — rapport du", "PAR CONNEXION", "box maison ", "10 tickets créés, 4 résolus", "PROBLÈMES RÉCURRENTS"} {
		if !strings.Contains(fr, w) {
			t.Errorf("French report lacks %q:\n%s", w, fr)
		}
	}
	if md := write("markdown", i18n.English); !strings.Contains(md, "## Recurring problems") || !strings.Contains(md, "| subject |") {
		t.Errorf("English Markdown:\n%s", md)
	}
	for _, format := range []string{"json", "csv"} {
		if a, b := write(format, i18n.English), write(format, i18n.French); a != b {
			t.Errorf("%s differs with the language", format)
		}
	}
}
