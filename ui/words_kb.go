package ui

import (
	"hotline/kb"
	"hotline/reasons"
)

// The knowledge base's refusals carry a typed reason (kb.Reason: a code,
// the value, the limit); the interface words it from those fields in its
// language, naming the field by its label on screen or, in the draft
// editor, the draft's line.

// kbReasonText words a reason in the interface's language (reasons.KB).
func kbReasonText(t Catalogue, r kb.Reason) string { return reasons.KB(t.Lang(), r) }

// kbFieldText words a refused field of an article by its label on screen;
// a field without one (the text as a whole, the transcript) is named by
// the reason's own words.
func kbFieldText(t Catalogue, ve *kb.ValidationError) string {
	reason := kbReasonText(t, ve.Reason)
	if _, ok := fieldLabels[ve.Field]; ok && ve.Field != "text" {
		return fieldText(t, ve.Field, reason)
	}
	return reason
}

// kbWords are the interface's words about articles beside their refusals
// (the reasons themselves: reasons.KB).
var kbWords = map[string][2]string{
	// The YAML parser's words are English: the French says where to look
	// instead (%.0[1]s prints nothing).

	"err.article.filebased": {"The body of an imported article is edited in its file: change the file and import its folder again.", "Le contenu d'un article importé se modifie dans son fichier : changez le fichier puis réimportez son dossier."},
}

func init() {
	for id, m := range kbWords {
		messages[id] = m
	}
}
