package cli

import (
	"strings"
	"testing"
)

// A mistake in how a command was called is worded in the interface's
// language like the rest of the command line's output: the line still
// starts "hotline: <command>: ", flags and values stay as typed, and the
// exit code stays 2.
func TestUsageErrorsFollowTheLanguage(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "VPN coupé", "--requester", "Paul")
	for _, w := range []struct {
		args   []string
		en, fr string
	}{
		{[]string{"ticket", "update", "1"},
			"hotline: ticket update: nothing to change: give at least one of --status,",
			"hotline: ticket update: rien à modifier : donnez au moins une des options --status,"},
		{[]string{"ticket", "add", "--title", "x", "--urgency", "9"},
			"hotline: ticket add: --urgency: 9 is out of range: use 1 (very low) to 5 (very high)",
			"hotline: ticket add: --urgency : 9 est hors limites : donnez de 1 (très faible) à 5 (très forte)"},
		{[]string{"ticket", "add", "oops"},
			`hotline: ticket add: unexpected argument "oops" (quote the title: --title "...")`,
			`hotline: ticket add: argument inattendu "oops" (mettez le titre entre guillemets : --title "...")`},
		{[]string{"ticket", "comment", "1"},
			`hotline: ticket comment: give the comment with --text "..."`,
			`hotline: ticket comment: donnez le suivi avec --text "..."`},
		{[]string{"ticket", "list", "--limit", "-1"},
			"hotline: ticket list: --limit -1 is out of range: use 1 to",
			"hotline: ticket list: --limit -1 est hors limites : donnez de 1 à"},
		{[]string{"ticket", "export", "--format", "xml"},
			`hotline: ticket export: --format "xml": use csv or jsonl`,
			`hotline: ticket export: --format "xml" : utilisez csv ou jsonl`},
		{[]string{"report", "--from", "hier"},
			`hotline: report: --from "hier": use a date like 2026-09-01`,
			`hotline: report: --from "hier" : donnez une date comme 2026-09-01`},
		{[]string{"kb", "search"},
			"hotline: kb search: give the words to search for (run `hotline kb search --help`)",
			"hotline: kb search: donnez les mots à chercher (lancez `hotline kb search --help`)"},
		{[]string{"tag", "merge", "vpn"},
			"hotline: tag merge: give two tags, for example `hotline tag merge vpn-forti vpn`",
			"hotline: tag merge: donnez deux tags, par exemple `hotline tag merge vpn-forti vpn`"},
		{[]string{"problem", "link", "1"},
			"hotline: problem link: give a problem number and at least one ticket number",
			"hotline: problem link: donnez un numéro de problème et au moins un numéro de ticket"},
		{[]string{"kb", "show", "abc"},
			`hotline: kb show: "abc" is not a valid article number`,
			`hotline: kb show: "abc" n'est pas un numéro d'article valide : donnez un nombre entier positif comme 42`},
		{[]string{"ticket", "show"},
			"hotline: ticket show: give exactly one ticket number",
			"hotline: ticket show: donnez un seul numéro de ticket"},
		{[]string{"backup"},
			"hotline: backup: give exactly one file to write",
			"hotline: backup: donnez un seul fichier à écrire"},
	} {
		for _, lang := range []struct{ env, want string }{{"en_GB.UTF-8", w.en}, {"fr_FR.UTF-8", w.fr}} {
			c.env["LANG"] = lang.env
			r := c.run("", w.args...)
			if r.code != 2 || !strings.HasPrefix(r.stderr, lang.want) {
				t.Errorf("LANG=%s hotline %s: exit %d %q\nwant exit 2 and %q", lang.env, strings.Join(w.args, " "), r.code, r.stderr, lang.want)
			}
		}
	}
}
