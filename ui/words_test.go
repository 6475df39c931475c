package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"hotline/app"
	"hotline/kb"
	"hotline/tickets"
)

// The domain's typed errors reach the technician in the interface's
// language, worded from their fields: the French footer no longer quotes
// the domain's English.
func TestTypedErrorsAreWordedInBothLanguages(t *testing.T) {
	fr, en := NewCatalogue(French), NewCatalogue(English)
	cases := []struct {
		err    error
		fr, en string
	}{
		{&tickets.NotFoundError{ID: 99}, "Le ticket n°99 n'existe pas.", "Ticket #99 does not exist."},
		{fmt.Errorf("get: %w", &tickets.ProblemNotFoundError{ID: 7}), "Le problème 7 n'existe pas.", "Problem 7 does not exist."},
		{&tickets.TechnicianNotFoundError{Login: "zoe"}, `Aucun technicien "zoe".`, `No technician "zoe".`},
		{&tickets.UnknownAssigneeError{Login: "zoe", Logins: []string{"ana", "bob"}}, "zoe n'est pas un technicien à qui assigner des tickets ; choisissez parmi : ana, bob", "zoe is not a technician who can be assigned tickets; choose one of: ana, bob"},
		{&tickets.ForbiddenError{Actor: "zoe", Reason: "unknown", Admins: []string{"ana"}}, "zoe n'est pas dans l'annuaire des techniciens : demandez à un admin (ana) de l'ajouter.", "zoe is not in the technicians directory: ask an admin (ana) to add them."},
		{&tickets.ForbiddenError{Actor: "zoe", Reason: "disabled", Admins: []string{"ana"}}, "zoe est désactivé : demandez à un admin (ana) de le réactiver.", "zoe is disabled: ask an admin (ana) to enable them again."},
		{&tickets.ForbiddenError{Actor: "zoe", Role: tickets.RoleObserver, Admins: []string{"ana"}}, "Un observateur lit tout et ne modifie rien", "Observers read everything and change nothing"},
		{&tickets.ForbiddenError{Actor: "zoe", Role: tickets.RoleTechnician, Perm: tickets.PermAdmin, Admins: []string{"ana"}}, "votre rôle ne permet pas cette modification (demandez à un admin : ana)", "your role does not allow this change (ask an admin: ana)"},
		{&tickets.NotCreatorError{What: "problem", ID: 4, Actor: "zoe", Creator: "ana"}, "Seul un admin ou ana peut supprimer le problème 4 : c'est ana qui l'a créé.", "The problem 4 was created by ana: only an admin or ana may delete it."},
		{&tickets.NotCreatorError{What: "article", ID: 5, Actor: "zoe"}, "Seul un admin peut supprimer l'article 5 : son auteur n'est pas connu.", "The article 5 has no recorded author"},
		{&tickets.ConflictError{ID: 3, Expected: 2, Actual: 4}, "Quelqu'un d'autre a modifié le ticket n°3 (vous aviez la version 2, il en est à la 4)", "Ticket #3 was changed by someone else (you had version 2, it is now at 4)"},
		{tickets.ErrNoAssignee, "« Assigné » demande quelqu'un", `"Assigned" needs someone assigned`},
		{&tickets.NoSuchTagError{Tag: "vpn"}, `Aucun ticket n'a le tag "vpn".`, `No ticket is tagged "vpn".`},
		{&tickets.TagInUseError{From: "vpn", Into: "wifi", Tickets: 3}, `"wifi" est déjà sur 3 tickets : fusionnez plutôt les deux tags.`, `"wifi" is already used on 3 tickets`},
		{&tickets.BadCursorError{Cursor: "x"}, "Cette page n'est plus à jour", "This page is out of date"},
		{&tickets.FieldError{Field: "requester email", Code: tickets.CodeNotEmail, Value: "zz"}, "Refusé : E-mail : « zz » n'est pas une adresse e-mail.", `Refused: Email: "zz" is not an email address.`},
		{fmt.Errorf("get: %w", kb.ErrNotFound), "Cet article n'existe pas (ou plus).", "This article does not exist (any more)."},
		{&kb.ValidationError{Field: "title", Reason: kb.Reason{Code: kb.CodeTitleTooLong, Limit: 300}}, "Refusé : Titre : titre de plus de 300 octets.", "Refused: Title: title longer than 300 bytes."},
		{&app.ValidationError{Fields: []app.FieldError{{Field: "title", Reason: "a"}, {Field: "urgency", Reason: "b"}}}, "Refusé : Titre : a; Urgence : b.", "Refused: Title: a; Urgency: b."},
		{&app.BulkTicketError{ID: 8, Err: tickets.ErrNoAssignee}, "#8 refuse ce changement (« Assigné » demande quelqu'un", "#8 refuses this change (\"Assigned\" needs someone"},
		{&app.BulkStaleError{ID: 8, Expected: 1, Actual: 2, By: "ana"}, "#8 a été modifié par ana", "#8 was changed by ana"},
	}
	for _, c := range cases {
		for _, l := range []struct {
			cat  Catalogue
			want string
		}{{fr, c.fr}, {en, c.en}} {
			got := wordError(l.cat, c.err)
			if !strings.Contains(got.Error(), l.want) {
				t.Errorf("%T in %v: %q, want %q", c.err, l.cat.Lang(), got.Error(), l.want)
			}
			if !errors.Is(got, c.err) {
				t.Errorf("%T: the worded error lost its cause", c.err)
			}
		}
		if got := wordError(fr, c.err).Error(); strings.Contains(got, c.err.Error()) {
			t.Errorf("%T: French quotes the English %q", c.err, got)
		}
	}
	// An error without a type of its own passes as it is.
	plain := errors.New("disk I/O error")
	if wordError(fr, plain) != plain {
		t.Error("an untyped error was changed")
	}
	// bulk's footer words the inner error too.
	if got := bulkErrorText(fr, &app.BulkTicketError{ID: 8, Err: &tickets.FieldError{Field: "status", Code: tickets.CodeClosed, ID: 8}}); !strings.Contains(got, "#8 refuse ce changement (Refusé : Statut : le ticket n°8 est clos : rouvrez-le avant de le modifier.)") {
		t.Errorf("bulk: %q", got)
	}
}

// A ticket that does not exist says so in French on the ticket screen, and
// a typed error sent to the footer as it came is worded there.
func TestMissingTicketAndFooterAreFrench(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.send(pushMsg{screen: newTicketScreen(h.m.ctx, 9999)})
	h.mustSee("Le ticket n°9999 n'existe pas")
	h.mustNotSee("does not exist")
	h.run(errStatus(&tickets.TagInUseError{From: "a", Into: "b", Tickets: 2}))
	if !h.m.statusErr || h.m.status != `"b" est déjà sur 2 tickets : fusionnez plutôt les deux tags.` {
		t.Errorf("footer = %q", h.m.status)
	}
	en := newHarness(t, 100, 30, withLang("en"))
	en.send(pushMsg{screen: newTicketScreen(en.m.ctx, 9999)})
	en.mustSee("Ticket #9999 does not exist.")
}
