package reasons

import (
	"strings"
	"testing"

	"hotline/internal/i18n"
	"hotline/kb"
)

// Every reason the knowledge base gives has words in both languages here,
// the one table the command line and the interface word it from; the
// English is kb's own. A code or a file kind added to kb without words
// fails.
func TestEveryKBReasonHasWordsInBothLanguages(t *testing.T) {
	for _, c := range kb.Codes() {
		r := kb.Reason{Code: c, Value: "zq9", Other: "qz8", Limit: 5, OtherID: 7}
		if c == kb.CodeNotRegular || c == kb.CodeLinkNotRegular {
			r.Value = kb.FileKinds()[0]
		}
		e, f := KB(i18n.English, r), KB(i18n.French, r)
		if e != r.String() {
			t.Errorf("%s: English %q, kb says %q", c, e, r.String())
		}
		if f == e || strings.Contains(f, "kb.reason.") || strings.Contains(f, "%!") {
			t.Errorf("%s: French %q (English %q)", c, f, e)
		}
	}
	for _, k := range kb.FileKinds() {
		r := kb.Reason{Code: kb.CodeNotRegular, Value: k}
		if e, f := KB(i18n.English, r), KB(i18n.French, r); e == f || strings.Contains(f, "kb.filekind.") {
			t.Errorf("file kind %s: French %q, English %q", k, f, e)
		}
	}
}
