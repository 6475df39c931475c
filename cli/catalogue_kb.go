package cli

import "hotline/internal/i18n"

// kbWords are the command line's words around the knowledge base's and
// mail's refusals (the reasons themselves: reasons.KB).
var kbWords = i18n.Table{
	// The YAML parser's words are English: the French says where to look
	// instead (%.0[1]s prints nothing).

	"kb.import.follow":         {" (import with --follow-symlinks to take files it points to inside the folder)", " (importez avec --follow-symlinks pour prendre les fichiers du dossier vers lesquels il pointe)"},
	"kb.import.namecollection": {" (name one with --collection)", " (donnez-en une avec --collection)"},
	"kb.lexicon":               {"lexicon %s:%d: %s (fix the file or move it away)", "lexique %s:%d : %s (corrigez le fichier ou déplacez-le)"},
	"kb.import.folder":         {"import %s: %s", "import de %s : %s"},
	"mail.import.missing":      {"import mail: %s: no such file or folder", "import de mails : %s : ce fichier ou ce dossier n'existe pas"},
	"mail.import.notfile":      {"import mail: %s is not a file or a folder", "import de mails : %s n'est ni un fichier ni un dossier"},
	"mail.import.nomail":       {"import mail: %s holds no mail (a Maildir with cur/ and new/, or .eml files)", "import de mails : %s ne contient aucun mail (un Maildir avec cur/ et new/, ou des fichiers .eml)"},
	"mail.outbox.nomail":       {"outbox: mail %d: no such mail in the outbox (see `hotline mail outbox`)", "file d'envoi : le mail %d n'y est pas (voir `hotline mail outbox`)"},
	"mail.outbox.noretry":      {"outbox: mail %d: mail is not waiting or failed (see `hotline mail outbox`)", "file d'envoi : le mail %d n'est ni en attente ni en échec (voir `hotline mail outbox`)"},
	"kb.clash.same":            {"also in %s for collection %q: import one of the folders with another --collection, or rename the file", "aussi dans %s pour la collection %q : importez l'un des dossiers avec une autre --collection, ou renommez le fichier"},
	"kb.clash.other":           {"collection %q already has %s, imported from %s: import this folder with another --collection, or rename the file", "la collection %q a déjà %s, importé depuis %s : importez ce dossier avec une autre --collection, ou renommez le fichier"},

	// kb show's line under the title.
	"kb.show.tags":       {"tags %s", "tags %s"},
	"kb.show.verified":   {"verified %s", "vérifié le %s"},
	"kb.show.collection": {"collection %s", "collection %s"},
	"kb.show.from":       {"from %s", "fichier %s"},
	"kb.show.archived":   {"archived", "archivé"},

	// mail import / mail fetch: why a mail was not read, and the report.
	// The MIME parser's words (%s) are English: the French leaves them out.
	"mail.reason.bad-header":  {"unreadable header: %s", "en-tête illisible : ce n'est pas un mail, ou son en-tête est abîmé%.0s"},
	"mail.reason.broken-mime": {"broken MIME structure: %s", "structure MIME cassée : ni texte ni pièce jointe lisible%.0s"},
	"mail.reason.no-sender":   {"no sender address (From: %q)", "aucune adresse d'expéditeur (From : %q)"},
	"mail.reason.no-address":  {"%s: no address in %q", "%s : aucune adresse dans %q"},
	"mail.reason.no-body":     {"the server sent no body (the mail may have been deleted meanwhile)", "le serveur n'a pas envoyé le contenu (le mail a peut-être été supprimé entre-temps)"},
	"mail.summary":            {"%d mails read: %d new tickets, %d replies, %d already known, %d ignored", "%d mails lus : %d nouveaux tickets, %d réponses, %d déjà connus, %d écartés"},
	"mail.ignored.auto":       {"%d auto", "%d réponses automatiques"},
	"mail.ignored.bounce":     {"%d bounce", "%d retours d'erreur"},
	"mail.ignored.own":        {"%d own", "%d envoyés par Hotline"},
	"mail.ignored.rate":       {"%d rate", "%d au-delà de la limite d'envoi"},
	"mail.unreadable":         {", %d unreadable", ", %d illisibles"},
}

func init() {
	for id, w := range kbWords {
		words[id] = w
	}
}
