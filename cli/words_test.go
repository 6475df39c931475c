package cli

import (
	"fmt"
	"strings"
	"testing"

	"hotline/app"
	"hotline/internal/i18n"
	"hotline/kb"
	"hotline/mail"
	"hotline/mailstore"
	"hotline/tickets"
)

// The domain's typed errors are worded from their fields in the user's
// language, after the line's English start `hotline: <command>: `, with
// the exit codes unchanged.
func TestTypedErrorsFollowTheLanguage(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "VPN coupé", "--requester", "Paul", "--tag", "vpn")
	c.ok("ticket", "add", "--title", "Wifi", "--requester", "Léa", "--tag", "wifi")
	for _, lang := range []string{"en_GB.UTF-8", "fr_FR.UTF-8"} {
		c.env["LANG"] = lang
		fr := strings.HasPrefix(lang, "fr")
		for _, w := range []struct {
			args   []string
			code   int
			en, fr string
		}{
			{[]string{"ticket", "show", "99"}, 1, "hotline: ticket show: ticket #99 does not exist (see `hotline ticket list --status all`)", "hotline: ticket show: le ticket n°99 n'existe pas (voir `hotline ticket list --status all`)"},
			{[]string{"problem", "show", "99"}, 1, "hotline: problem show: problem 99 does not exist", "hotline: problem show: le problème 99 n'existe pas"},
			{[]string{"ticket", "update", "1", "--status", "assigned"}, 2, "hotline: ticket update: --status assigned needs someone assigned: give --assignee", "hotline: ticket update: --status assigned demande quelqu'un : donnez --assignee"},
			{[]string{"tech", "enable", "nobody"}, 1, `hotline: tech enable: no technician "nobody"`, `hotline: tech enable: aucun technicien "nobody"`},
		} {
			want := w.en
			if fr {
				want = w.fr
			}
			r := c.run("", w.args...)
			if r.code != w.code || !strings.HasPrefix(r.stderr, want) {
				t.Errorf("LANG=%s hotline %s: exit %d %q, want %d %q", lang, strings.Join(w.args, " "), r.code, r.stderr, w.code, want)
			}
		}
	}
}

// Errors no command above easily provokes, worded from their fields.
func TestExplainWordsEveryTypedError(t *testing.T) {
	en := &env{t: i18n.New(i18n.English, words)}
	fr := &env{t: i18n.New(i18n.French, words)}
	for _, w := range []struct {
		err    error
		en, fr string
	}{
		{&tickets.ConflictError{ID: 3, Expected: 2, Actual: 4}, "ticket #3 was changed by someone else (you had version 2, it is now at 4)", "quelqu'un d'autre a modifié le ticket n°3 (vous aviez la version 2, il en est à la 4)"},
		{&tickets.ForbiddenError{Actor: "zoe", Reason: "unknown", Admins: []string{"ana"}}, "zoe is not in the technicians directory: ask an admin (ana) to add them (`hotline tech add zoe", "zoe n'est pas dans l'annuaire des techniciens : demandez à un admin (ana) de l'ajouter (`hotline tech add zoe"},
		{&tickets.ForbiddenError{Actor: "zoe", Reason: "disabled", Admins: []string{"ana"}}, "zoe is disabled", "zoe est désactivé : demandez à un admin (ana) de le réactiver"},
		{&tickets.ForbiddenError{Actor: "zoe", Role: tickets.RoleObserver, Admins: []string{"ana"}}, "zoe is an observer", "zoe est observateur"},
		{&tickets.ForbiddenError{Actor: "zoe", Role: tickets.RoleTechnician, Admins: []string{"ana"}}, "only admins manage technicians", "seuls les admins gèrent les techniciens"},
		{&tickets.NotCreatorError{What: "problem", ID: 4, Creator: "ana"}, "problem 4 was created by ana: only an admin or ana may delete it", "problème 4 : créé par ana, seul un admin ou ana peut le supprimer"},
		{&tickets.NotCreatorError{What: "article", ID: 5}, "article 5 has no recorded author", "article 5 : aucun auteur connu"},
		{&tickets.UnknownAssigneeError{Login: "zoe", Logins: []string{"ana", "bob"}}, `assignee: "zoe" is not a technician who can be assigned tickets; use one of: ana, bob`, `--assignee : "zoe" n'est pas un technicien à qui assigner des tickets ; choisissez parmi : ana, bob`},
		{&tickets.TagInUseError{From: "vpn", Into: "wifi", Tickets: 1}, `"wifi" is already used on 1 tickets: merge the two tags instead (` + "`hotline tag merge vpn wifi`)", `"wifi" est déjà sur 1 tickets : fusionnez plutôt les deux tags`},
		{&tickets.NoSuchTagError{Tag: "x"}, `no ticket is tagged "x"`, `aucun ticket n'a le tag "x"`},
		{&tickets.BadCursorError{Cursor: "zz"}, `invalid cursor "zz"`, `curseur "zz" invalide`},
		{&tickets.FieldError{Field: "requester email", Code: tickets.CodeNotEmail, Value: "zz"}, `invalid: --email: "zz" is not an email address`, "refusé : --email : « zz » n'est pas une adresse e-mail"},
		{&mailstore.OutboxError{ID: 5, Err: mailstore.ErrNoMail}, "outbox: mail 5: no such mail in the outbox", "file d'envoi : le mail 5 n'y est pas"},
		{&kb.FolderError{Dir: "d", Reason: kb.Reason{Code: kb.CodeNotFolder}}, "import d: not a folder", "import de d : ce n'est pas un dossier"},
		{&kb.LexiconError{Path: "l.txt", LineError: kb.LineError{Line: 2, Reason: kb.Reason{Code: kb.CodeLexiconNothingAfter}}}, "lexicon l.txt:2: nothing after =", "lexique l.txt:2 : rien après ="},
		{&mail.PathError{Path: "m", Code: mail.CodeNoMail}, "import mail: m holds no mail", "import de mails : m ne contient aucun mail"},
		{&kb.ValidationError{Field: "collection", Reason: kb.Reason{Code: kb.CodeCollectionSlash, Value: "a/b"}}, `invalid: --collection: collection "a/b" holds a /`, `refusé : --collection : la collection "a/b" contient un /`},
		{&app.ValidationError{Fields: []app.FieldError{{Field: "title", Reason: "a"}, {Field: "urgency", Reason: "b"}}}, "invalid: --title: a; --urgency: b", "refusé : --title : a; --urgency : b"},
		{fmt.Errorf("get: %w", kb.ErrNotFound), "article not found", "cet article n'existe pas"},
		{&app.BulkTicketError{ID: 8, Err: &tickets.NotFoundError{ID: 8}}, "ticket #8: ticket #8 does not exist", "ticket n°8 : le ticket n°8 n'existe pas"},
		{&app.BulkStaleError{ID: 8, Expected: 1, Actual: 2, By: "ana"}, "ticket #8 was changed by ana", "le ticket n°8 a été modifié par ana"},
		{&app.BulkTooManyError{Count: 600, Max: 500}, "bulk action on 600 tickets: at most 500", "action groupée sur 600 tickets : 500 au plus"},
		{&app.BulkArticleError{ID: 9, Err: kb.ErrNotFound}, "article 9 does not exist", "l'article 9 n'existe pas"},
	} {
		if got := en.explain(w.err); !strings.Contains(got, w.en) {
			t.Errorf("%T in English: %q, want %q", w.err, got, w.en)
		}
		got := fr.explain(w.err)
		if !strings.Contains(got, w.fr) {
			t.Errorf("%T in French: %q, want %q", w.err, got, w.fr)
		}
		if strings.Contains(got, w.err.Error()) {
			t.Errorf("%T in French quotes the English: %q", w.err, got)
		}
	}
}
