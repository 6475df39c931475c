package reasons

import (
	"fmt"
	"strings"

	"hotline/internal/i18n"
	"hotline/internal/text"
	"hotline/kb"
)

// kbWords are the knowledge base's refusals (kb.Reason), by code, for every
// front end: the verbs are indexed, %[1] the value, %[2] the limit, %[3]
// the other, %[4] the other article. The English is kb's own, which JSON
// keeps.
var kbWords = i18n.Table{
	"kb.reason.title-missing":          {"an article needs a title", "un article doit avoir un titre"},
	"kb.reason.not-text":               {"invalid UTF-8 or NUL byte", "texte illisible (UTF-8 invalide ou octet NUL)"},
	"kb.reason.title-too-long":         {"title longer than %[2]d bytes", "titre de plus de %[2]d octets"},
	"kb.reason.body-too-long":          {"body longer than %[2]d MiB", "contenu de plus de %[2]d Mio"},
	"kb.reason.negative-duration":      {"negative duration", "durée négative"},
	"kb.reason.cue-not-utf8":           {"cue %[2]d: invalid UTF-8", "sous-titre n°%[2]d : UTF-8 invalide"},
	"kb.reason.unknown-kind":           {"kind %[1]q is neither tutorial nor video", "type %[1]q : ni tutoriel (tutorial) ni vidéo (video)"},
	"kb.reason.tag-not-utf8":           {"invalid UTF-8 in a tag", "UTF-8 invalide dans un tag"},
	"kb.reason.too-many-tags":          {"more than %[2]d tags", "plus de %[2]d tags"},
	"kb.reason.bad-duration":           {"duration %[1]q is not like 3m20s or 03:20", "durée %[1]q : écrivez-la comme 3m20s ou 03:20"},
	"kb.reason.duration-too-long":      {"duration %[1]q is not a video length (like 3m20s or 03:20, at most %[2]d hours)", "durée %[1]q : ce n'est pas la durée d'une vidéo (comme 3m20s ou 03:20, %[2]d heures au plus)"},
	"kb.reason.collection-missing":     {"a collection needs a name", "une collection doit avoir un nom"},
	"kb.reason.collection-spaces":      {"collection %[1]q starts or ends with a space", "la collection %[1]q commence ou finit par une espace"},
	"kb.reason.collection-control":     {"collection name holds control characters", "le nom de la collection contient des caractères de contrôle"},
	"kb.reason.collection-slash":       {"collection %[1]q holds a /", "la collection %[1]q contient un /"},
	"kb.reason.collection-too-long":    {"collection name longer than %[2]d bytes", "nom de collection de plus de %[2]d octets"},
	"kb.reason.collection-taken":       {"collection %[1]q already has %[3]s (article %[4]d)", "la collection %[1]q a déjà %[3]s (article %[4]d)"},
	"kb.reason.front-matter-too-long":  {"front matter longer than %[2]d KiB: is its closing --- missing?", "en-tête (front matter) de plus de %[2]d Kio : manque-t-il le --- qui le ferme ?"},
	"kb.reason.front-matter-unclosed":  {"front matter opened with --- is never closed", "l'en-tête ouvert par --- n'est jamais fermé"},
	"kb.reason.bad-yaml":               {"invalid YAML front matter: %[1]s", "en-tête YAML illisible à cette ligne : vérifiez les crochets, les guillemets et les deux-points%.0[1]s"},
	"kb.reason.front-matter-not-map":   {"front matter must be a list of key: value lines", "l'en-tête doit être une liste de lignes clé: valeur"},
	"kb.reason.not-single-value":       {"%[1]s must be a single value", "%[1]s : une seule valeur attendue"},
	"kb.reason.bad-date":               {"verified: %[1]q is not a date like 2026-05-12", "verified : %[1]q n'est pas une date comme 2026-05-12"},
	"kb.reason.tags-nested":            {"tags must be words, not nested lists", "tags : des mots, pas des listes imbriquées"},
	"kb.reason.tags-not-list":          {"tags must be a list like [teams, camera]", "tags : une liste comme [teams, camera]"},
	"kb.reason.not-webvtt":             {"not a WebVTT file: the first line must be WEBVTT", "ce n'est pas un fichier WebVTT : la première ligne doit être WEBVTT"},
	"kb.reason.vtt-header-no-blank":    {"a blank line must separate the WEBVTT header from the first cue", "une ligne vide doit séparer l'en-tête WEBVTT du premier sous-titre"},
	"kb.reason.cue-no-timing":          {"cue without a timing line (%[1]s)", "sous-titre sans ligne de temps (%[1]s)"},
	"kb.reason.bad-cue-timing":         {"invalid cue timing %[1]q (expected 00:01:02.500 --> 00:01:05.000)", "temps de sous-titre %[1]q illisible (attendu : 00:01:02.500 --> 00:01:05.000)"},
	"kb.reason.no-cue-number":          {"expected a cue number or a timing line, found %[1]q", "numéro de sous-titre ou ligne de temps attendu, trouvé %[1]q"},
	"kb.reason.no-cues":                {"no subtitle cue found", "aucun sous-titre trouvé"},
	"kb.reason.binary":                 {"binary file (NUL byte), not text", "fichier binaire (octet NUL), pas du texte"},
	"kb.reason.file-not-utf8":          {"invalid UTF-8 (save the file as UTF-8)", "UTF-8 invalide (enregistrez le fichier en UTF-8)"},
	"kb.reason.read-denied":            {"cannot read: permission denied", "illisible : permission refusée"},
	"kb.reason.cannot-read":            {"cannot read: %[1]s", "illisible : %[1]s"},
	"kb.reason.not-regular":            {"not a regular file (%[1]s): only files are imported", "pas un fichier ordinaire (%[1]s) : seuls les fichiers sont importés"},
	"kb.reason.file-too-large":         {"file too large (%[1]s MiB, the limit is %[2]d MiB)", "fichier trop gros (%[1]s Mio, la limite est de %[2]d Mio)"},
	"kb.reason.file-over-limit":        {"file too large (more than %[2]d MiB)", "fichier trop gros (plus de %[2]d Mio)"},
	"kb.reason.link-not-followed":      {"symbolic link, not followed", "lien symbolique, non suivi"},
	"kb.reason.link-missing":           {"symbolic link to a missing file", "lien symbolique vers un fichier absent"},
	"kb.reason.link-loop":              {"symbolic link that cannot be resolved (a loop?): %[1]s", "lien symbolique impossible à résoudre (une boucle ?) : %[1]s"},
	"kb.reason.link-failed":            {"symbolic link: %[1]s", "lien symbolique : %[1]s"},
	"kb.reason.link-to-folder":         {"symbolic link to a folder, not followed", "lien symbolique vers un dossier, non suivi"},
	"kb.reason.link-outside":           {"symbolic link leading outside the imported folder, not followed", "lien symbolique qui sort du dossier importé, non suivi"},
	"kb.reason.link-not-regular":       {"symbolic link to something that is not a regular file (%[1]s)", "lien symbolique vers autre chose qu'un fichier ordinaire (%[1]s)"},
	"kb.reason.second-transcript":      {"a second transcript for the same article (%[3]s already is): remove one", "une deuxième transcription pour le même article (%[3]s en est déjà une) : retirez-en une"},
	"kb.reason.folder-missing":         {"no such folder", "ce dossier n'existe pas"},
	"kb.reason.not-folder":             {"not a folder", "ce n'est pas un dossier"},
	"kb.reason.lexicon-no-equals":      {"want: what people type | another way = tutorial words ; other words", "attendu : ce que les gens tapent | une autre façon = mots des tutoriels ; autres mots"},
	"kb.reason.lexicon-nothing-after":  {"nothing after = (write the words the tutorials use)", "rien après = (écrivez les mots qu'emploient les tutoriels)"},
	"kb.reason.lexicon-nothing-before": {"nothing before = (write what people type)", "rien avant = (écrivez ce que les gens tapent)"},
	"kb.filekind.pipe":                 {"a named pipe", "un tube nommé"},
	"kb.filekind.socket":               {"a socket", "une socket"},
	"kb.filekind.device":               {"a device", "un périphérique"},
	"kb.filekind.irregular":            {"an irregular file", "un fichier spécial"},
	"kb.filekind.other":                {"not a file", "pas un fichier"},
}

// KB words a refusal of the knowledge base from its fields, in lang: the
// command line puts the flag or the front matter's key before it, the
// interface the field's label or the draft's line.
func KB(lang i18n.Lang, r kb.Reason) string {
	t := i18n.New(lang, kbWords)
	f := t.T("kb.reason." + string(r.Code))
	if !strings.Contains(f, "%") {
		return f
	}
	value := text.SanitizeLine(r.Value)
	if r.Code == kb.CodeNotRegular || r.Code == kb.CodeLinkNotRegular {
		value = t.T("kb.filekind." + r.Value)
	}
	return fmt.Sprintf(f, value, r.Limit, text.SanitizeLine(r.Other), r.OtherID)
}
