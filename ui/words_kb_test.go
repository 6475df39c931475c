package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"hotline/kb"
)

// words a reason may keep in French: the front matter's keys and values
// people write, the formats' names.
var kbBothLanguages = map[string]bool{"collection": true, "article": true, "tags": true, "verified": true, "front": true,
	"matter": true, "webvtt": true, "yaml": true, "tutorial": true, "video": true, "teams": true, "camera": true, "autre": true,
	"date": true, "permission": true}

var kbWordRe = regexp.MustCompile(`[\p{L}]+`)

// Every reason the knowledge base gives is worded by the interface in
// both languages: the English is kb's own, the French keeps none of its
// words, and a refused field is named by its label. A code added to kb
// without words here fails.
func TestEveryKBReasonIsWordedByTheInterface(t *testing.T) {
	en, fr := NewCatalogue(English), NewCatalogue(French)
	for _, c := range kb.Codes() {
		r := kb.Reason{Code: c, Value: "zz", Limit: 3, Other: "autre.vtt", OtherID: 4}
		if c == kb.CodeNotRegular || c == kb.CodeLinkNotRegular {
			r.Value = kb.KindPipe
		}
		e, f := kbReasonText(en, r), kbReasonText(fr, r)
		if e != r.String() {
			t.Errorf("%s: English %q, kb says %q", c, e, r.String())
		}
		if f == e || strings.Contains(f, "kb.") || strings.Contains(f, "%!") {
			t.Errorf("%s: French %q (English %q)", c, f, e)
		}
		frWords := map[string]bool{}
		for _, w := range kbWordRe.FindAllString(strings.ToLower(f), -1) {
			frWords[w] = true
		}
		for _, w := range kbWordRe.FindAllString(strings.ToLower(e), -1) {
			if len(w) >= 4 && frWords[w] && !kbBothLanguages[w] {
				t.Errorf("%s: the French %q keeps the English word %q", c, f, w)
			}
		}
	}
	ve := &kb.ValidationError{Field: "tags", Reason: kb.Reason{Code: kb.CodeTooManyTags, Limit: 50}}
	if got := wordError(fr, ve).Error(); got != "Refusé : Tags : plus de 50 tags." {
		t.Errorf("French: %q", got)
	}
	if got := wordError(en, ve).Error(); got != "Refused: Tags: more than 50 tags." {
		t.Errorf("English: %q", got)
	}
	le := fmt.Errorf("draft: %w", &kb.LineError{Line: 2, Reason: kb.Reason{Code: kb.CodeTagsNested}})
	if got := wordError(fr, le).Error(); got != "Refusé : tags : des mots, pas des listes imbriquées." {
		t.Errorf("French, a line's reason: %q", got)
	}
	fb := fmt.Errorf("edit article 3: %w (kb/vpn.md)", kb.ErrFileBased)
	if got := wordError(fr, fb).Error(); !strings.HasPrefix(got, "Le contenu d'un article importé se modifie dans son fichier") {
		t.Errorf("French, an imported article's body: %q", got)
	}
	ve = &kb.ValidationError{Field: "text", Reason: kb.Reason{Code: kb.CodeNotText}}
	if got := wordError(fr, ve).Error(); got != "Refusé : texte illisible (UTF-8 invalide ou octet NUL)." {
		t.Errorf("French, a field without a label: %q", got)
	}
}
