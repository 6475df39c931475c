// Package reasons words why the domain refused a value (a
// *tickets.FieldError's Code and fields) in the user's language, for every
// front end: the command line puts the flag before it, the interface the
// field's label, the portal the form field's. It words the reason only,
// from the error's fields, never from its English text, which stays for
// logs, scripts and JSON.
package reasons

import (
	"fmt"
	"strings"

	"hotline/internal/i18n"
	"hotline/internal/text"
	"hotline/tickets"
)

// words holds {English, French} by code, plus a variant after a dot.
var words = i18n.Table{
	"missing":                    {"is empty: give a value", "vide : donnez une valeur"},
	"no_title":                   {"a ticket needs a title or a description", "un ticket a besoin d'un titre ou d'une description"},
	"not_utf8":                   {"not valid UTF-8 text (or holds a NUL byte): save the source as UTF-8", "texte non UTF-8 (ou contenant un octet nul) : enregistrez la source en UTF-8"},
	"not_utf8.at":                {"not valid UTF-8 text at byte %d: save the file as UTF-8", "texte non UTF-8 à l'octet %d : enregistrez le fichier en UTF-8"},
	"too_long":                   {"%d characters, at most %d: keep it shorter", "%d caractères, %d au plus : raccourcissez"},
	"too_big":                    {"%s, at most %s: keep the relevant part", "%s, %s au plus : gardez l'essentiel"},
	"out_of_range":               {"%s is out of range: use %d to %d", "%s est hors limites : donnez de %d à %d"},
	"out_of_range.level":         {"%s is out of range: use 1 (very low) to 5 (very high)", "%s est hors limites : donnez de 1 (très faible) à 5 (très forte)"},
	"out_of_range.major":         {"%s is out of range: use 1 to 5, or 6 for major", "%s est hors limites : donnez de 1 à 5, ou 6 pour majeure"},
	"not_number":                 {"%q is not a number: use %d to %d", "« %s » n'est pas un nombre : donnez de %d à %d"},
	"unknown_value":              {"%q is not a known value: use one of %s", "« %s » n'est pas une valeur connue : choisissez parmi %s"},
	"bad_char":                   {"%q holds %q: use letters, digits, - _ . / only", "« %s » contient « %s » : seulement des lettres, des chiffres et - _ . /"},
	"too_many":                   {"%d tags, at most %d: keep the ones that say what it is about", "%d tags, %d au plus : gardez ceux qui disent de quoi il s'agit"},
	"not_email":                  {"%q is not an email address", "« %s » n'est pas une adresse e-mail"},
	"domain":                     {"the domain %q is not accepted: use a work address (%s)", "le domaine « %s » n'est pas accepté : utilisez une adresse professionnelle (%s)"},
	"not_time":                   {"%q is not a time like 2026-11-28T09:30:00Z (RFC 3339)", "« %s » n'est pas une date et heure comme 2026-11-28T09:30:00Z (RFC 3339)"},
	"too_old":                    {"%s is before 1990: check the year", "%s est avant 1990 : vérifiez l'année"},
	"future":                     {"%s is in the future: check the year", "%s est dans le futur : vérifiez l'année"},
	"negative":                   {"%d is negative", "%d est négatif"},
	"end_before_start":           {"the end (%s) must come after the start (%s)", "la fin (%s) doit venir après le début (%s)"},
	"priority_mismatch":          {"priority %d does not follow from urgency and impact (they give %d; a major incident gives 6)", "la priorité %d ne découle pas de l'urgence et de l'impact (qui donnent %d ; un incident majeur donne 6)"},
	"incomplete":                 {"needs at least \"at\" and \"field\"", "il faut au moins « at » et « field »"},
	"closed":                     {"ticket #%d is closed: reopen it before changing it", "le ticket n°%d est clos : rouvrez-le avant de le modifier"},
	"not_linked":                 {"article %d is not linked to ticket #%d", "l'article %d n'est pas lié au ticket n°%d"},
	"not_incident":               {"ticket #%d is not an incident of problem %d", "le ticket n°%d n'est pas un incident du problème %d"},
	"same_tag":                   {"%q and %q are the same tag", "« %s » et « %s » sont le même tag"},
	"not_login":                  {"%q is not a login: use 1 to 32 lowercase letters, digits, '.', '_' or '-' (for example mlefebvre)", "« %s » n'est pas un identifiant : de 1 à 32 minuscules, chiffres, « . », « _ » ou « - » (par exemple mlefebvre)"},
	"exists":                     {"%q is already a technician", "« %s » est déjà un technicien"},
	"private_key":                {"this is a PRIVATE key: give the public one (the .pub file next to it), and keep the private key secret", "c'est une clé PRIVÉE : donnez la clé publique (le fichier .pub à côté), et gardez la clé privée secrète"},
	"not_key":                    {"not an SSH public key: give the content of a .pub file, such as ~/.ssh/id_ed25519.pub", "ce n'est pas une clé publique SSH : donnez le contenu d'un fichier .pub, comme ~/.ssh/id_ed25519.pub"},
	"key_held":                   {"%s is already one of %s's keys", "%s est déjà une des clés de %s"},
	"key_taken":                  {"%s already belongs to %s: one key identifies one technician", "%s appartient déjà à %s : une clé identifie un seul technicien"},
	"no_keys":                    {"%s has no key", "%s n'a aucune clé"},
	"no_such_key":                {"%s has no key %q; their keys: %s", "%s n'a pas de clé « %s » ; ses clés : %s"},
	"ambiguous_key":              {"%q matches %d of %s's keys: give more of the fingerprint", "« %s » correspond à %d clés de %s : donnez une plus grande partie de l'empreinte"},
	"last_admin":                 {"%s is the last admin: make someone else admin first", "%s est le dernier admin : nommez d'abord quelqu'un d'autre admin"},
	"needs_assignee":             {"the status assigned needs someone assigned", "le statut assigned demande quelqu'un à qui l'assigner"},
	"needs_message":              {"solving the incidents needs the follow-up to send them", "pour résoudre les incidents, il faut le suivi à leur envoyer"},
	"needs_solution":             {"a ticket solved during the call needs the solution: type what fixed it", "un ticket résolu pendant l'appel demande la solution : écrivez ce qui a réglé le problème"},
	"bad_json":                   {"not valid JSON at character %d", "JSON non valable au caractère %d"},
	"cut_short":                  {"not valid JSON: the object is cut short", "JSON non valable : l'objet est coupé avant la fin"},
	"not_object":                 {"expected a JSON object (one ticket per line), found %s", "un objet JSON était attendu (un ticket par ligne), trouvé : %s"},
	"wrong_type":                 {"expected %s, found %s", "attendu : %s, trouvé : %s"},
	"unknown_field":              {"unknown field %q: use the fields of `ticket export` (%s…)", "champ « %s » inconnu : utilisez les champs de `ticket export` (%s…)"},
	"more_than_one":              {"more than one JSON value: give one ticket object per line", "plus d'une valeur JSON : donnez un objet ticket par ligne"},
	"line_too_long":              {"line longer than %s: this ticket was not read (split its follow-ups or shorten its description)", "ligne de plus de %s : ce ticket n'a pas été lu (séparez ses suivis ou raccourcissez sa description)"},
	"bad_csv":                    {"malformed CSV at column %d: put a field holding quotes between quotes and double them: \"say \"\"hi\"\"\"", "CSV mal formé à la colonne %d : mettez entre guillemets un champ qui contient des guillemets, et doublez-les : \"dire \"\"bonjour\"\"\""},
	"empty_file":                 {"the file is empty: expected a header row such as title,description,category", "le fichier est vide : il faut une ligne d'en-tête comme title,description,category"},
	"unknown_column":             {"line 1: unknown column %q: use columns among %s", "ligne 1 : colonne « %s » inconnue : colonnes possibles : %s"},
	"no_title_column":            {"line 1: the header needs a title or a description column", "ligne 1 : l'en-tête doit avoir une colonne title ou description"},
	"kind." + tickets.KindText:   {"a text", "un texte"},
	"kind." + tickets.KindNumber: {"a number", "un nombre"},
	"kind." + tickets.KindBool:   {"true or false", "true ou false"},
	"kind." + tickets.KindList:   {"a list", "une liste"},
	"kind." + tickets.KindObject: {"an object", "un objet"},
	"size.bytes":                 {"%d bytes", "%d octets"},
	"size.kib":                   {"%.1f KiB", "%.1f Kio"},
	"size.mib":                   {"%.1f MiB", "%.1f Mio"},
}

// Has reports whether code has words (a test checks every code has).
func Has(code tickets.Code) bool {
	_, ok := words[string(code)]
	return ok
}

// Text words why fe was refused, in lang, without the field's name (each
// front end names the field its own way). Values from outside are
// sanitised for a terminal.
func Text(lang i18n.Lang, fe *tickets.FieldError) string {
	t := i18n.New(lang, words)
	s := text.SanitizeLine
	q := func(v string) any { return s(v) }
	valid := s(strings.Join(fe.Valid, ", "))
	id := string(fe.Code)
	var args []any
	switch fe.Code {
	case tickets.CodeNotUTF8:
		if fe.N > 0 {
			id, args = "not_utf8.at", []any{fe.N}
		}
	case tickets.CodeTooLong:
		args = []any{fe.N, fe.Limit}
	case tickets.CodeTooBig:
		args = []any{size(t, fe.N), size(t, fe.Limit)}
	case tickets.CodeOutOfRange:
		v := fe.Value
		if v == "" {
			v = fmt.Sprint(fe.N)
		}
		switch {
		case fe.Field == "priority" && fe.Min == 1 && fe.Limit == 6:
			id, args = "out_of_range.major", []any{s(v)}
		case (fe.Field == "urgency" || fe.Field == "impact") && fe.Min == 1 && fe.Limit == 5:
			id, args = "out_of_range.level", []any{s(v)}
		default:
			args = []any{s(v), fe.Min, fe.Limit}
		}
	case tickets.CodeNotNumber:
		args = []any{q(fe.Value), fe.Min, fe.Limit}
	case tickets.CodeUnknownValue:
		args = []any{q(fe.Value), valid}
	case tickets.CodeBadChar, tickets.CodeSameTag:
		args = []any{q(fe.Value), q(fe.Other)}
	case tickets.CodeTooMany:
		args = []any{fe.N, fe.Limit}
	case tickets.CodeNotEmail, tickets.CodeNotTime, tickets.CodeNotLogin, tickets.CodeExists:
		args = []any{q(fe.Value)}
	case tickets.CodeDomain:
		args = []any{q(fe.Value), valid}
	case tickets.CodeTooOld, tickets.CodeFuture:
		args = []any{s(fe.Value)}
	case tickets.CodeNegative, tickets.CodeBadJSON, tickets.CodeBadCSV:
		args = []any{fe.N}
	case tickets.CodeEndBeforeStart:
		args = []any{s(fe.Value), s(fe.Other)}
	case tickets.CodePriorityMismatch:
		args = []any{fe.N, fe.Limit}
	case tickets.CodeClosed:
		args = []any{fe.ID}
	case tickets.CodeNotLinked, tickets.CodeNotIncident:
		args = []any{fe.N, fe.ID}
	case tickets.CodeKeyHeld, tickets.CodeKeyTaken:
		args = []any{s(fe.Value), s(fe.Other)}
	case tickets.CodeNoKeys, tickets.CodeLastAdmin:
		args = []any{s(fe.Other)}
	case tickets.CodeNoSuchKey:
		args = []any{s(fe.Other), q(fe.Value), valid}
	case tickets.CodeAmbiguousKey:
		args = []any{q(fe.Value), fe.N, s(fe.Other)}
	case tickets.CodeNotObject:
		args = []any{kind(t, fe.Other)}
	case tickets.CodeWrongType:
		args = []any{kind(t, fe.Value), kind(t, fe.Other)}
	case tickets.CodeUnknownField, tickets.CodeUnknownColumn:
		args = []any{q(fe.Value), valid}
	case tickets.CodeLineTooLong:
		args = []any{size(t, fe.Limit)}
	}
	if _, ok := words[id]; !ok {
		// A code without words yet (a test fails on it): its English
		// reason rather than nothing.
		return s(fe.Reason())
	}
	return t.F(id, args...)
}

func kind(t i18n.Catalogue, k string) string {
	if _, ok := words["kind."+k]; ok {
		return t.T("kind." + k)
	}
	return text.SanitizeLine(k)
}

// size words a number of bytes.
func size(t i18n.Catalogue, n int64) string {
	switch {
	case n >= 1<<20:
		return decimal(t, t.F("size.mib", float64(n)/(1<<20)))
	case n >= 1<<10:
		return decimal(t, t.F("size.kib", float64(n)/(1<<10)))
	}
	return t.F("size.bytes", n)
}

// decimal writes the decimal point as the language does (1,5 Mio).
func decimal(t i18n.Catalogue, s string) string {
	if t.Lang() == i18n.French {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}
