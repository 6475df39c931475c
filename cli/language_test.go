package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command line speaks the interface's language: the config's
// "language", else the technician's own setting, else LANG (LC_ALL,
// LC_MESSAGES). Its words change, its JSON never does.
func TestHumanOutputFollowsTheLanguage(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "VPN coupé", "--description", "plus de VPN", "--requester", "Paul")
	c.ok("ticket", "update", "1", "--status", "pending")
	enJSON := c.ok("ticket", "list", "--status", "all", "--json")
	enShow := c.ok("ticket", "show", "1", "--json")

	c.env["LANG"] = "fr_FR.UTF-8"
	if got := c.ok("ticket", "list", "--status", "all", "--json"); got != enJSON {
		t.Errorf("the JSON of ticket list changed with the language:\n%s\n%s", enJSON, got)
	}
	if got := c.ok("ticket", "show", "1", "--json"); got != enShow {
		t.Errorf("the JSON of ticket show changed with the language:\n%s\n%s", enShow, got)
	}
	for _, w := range []struct {
		args []string
		want []string
	}{
		{[]string{"ticket", "list", "--status", "all"}, []string{"STATUT", "ÂGE", "DEMANDEUR", "TITRE", "VPN coupé"}},
		{[]string{"ticket", "show", "1"}, []string{"statut pending · priorité", "demandeur Paul", "créé "}},
		{[]string{"ticket", "update", "1", "--urgency", "4"}, []string{"n°1 mis à jour : statut pending"}},
		{[]string{"ticket", "comment", "1", "--text", "Essayez ceci."}, []string{"suivi 1 ajouté au n°1"}},
		{[]string{"tag", "list"}, []string{"aucun tag"}},
		{[]string{"problem", "add", "--title", "Panne VPN", "1"}, []string{"problème 1 créé avec 1 incidents"}},
		{[]string{"problem", "show", "1"}, []string{"Problème 1  Panne VPN", "statut open · 1 incidents, 1 ouverts", "Incidents :", "DEMANDEUR"}},
		{[]string{"problem", "list"}, []string{"1 incidents (1 ouverts)"}},
		{[]string{"ticket", "similar", "1"}, []string{"tickets similaires ces 30 derniers jours"}},
	} {
		out := c.ok(w.args...)
		for _, s := range w.want {
			if !strings.Contains(out, s) {
				t.Errorf("LANG=fr: hotline %s: no %q in\n%s", strings.Join(w.args, " "), s, out)
			}
		}
	}
	for _, w := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ticket", "show", "99"}, 1, "hotline: ticket show: le ticket n°99 n'existe pas (voir `hotline ticket list --status all`)"},
		{[]string{"problem", "show", "x"}, 2, `hotline: problem show: "x" n'est pas un numéro de problème valide : donnez un nombre entier positif comme 42`},
		{[]string{"ticket", "list", "--limit", "abc"}, 2, `hotline: ticket list: --limit "abc" : donnez un nombre entier`},
		{[]string{"tech", "add"}, 2, "hotline: tech add: donnez un argument, pas 0"},
	} {
		r := c.run("", w.args...)
		if r.code != w.code || !strings.HasPrefix(r.stderr, w.want) {
			t.Errorf("LANG=fr: hotline %s: exit %d %q, want %d %q", strings.Join(w.args, " "), r.code, r.stderr, w.code, w.want)
		}
	}
	// The config wins over LANG.
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("language: en\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := c.ok("--config", cfg, "ticket", "list", "--status", "all"); !strings.Contains(out, "STATUS") || strings.Contains(out, "STATUT") {
		t.Errorf("language: en with LANG=fr:\n%s", out)
	}
	// Without a language in the config, the technician's own setting
	// comes before LANG, as in the interface.
	c.env["LANG"] = "en_GB.UTF-8"
	c.ok("tech", "add", "tester", "--name", "Testeur", "--role", "admin", "--language", "fr")
	if out := c.ok("ticket", "list", "--status", "all"); !strings.Contains(out, "STATUT") {
		t.Errorf("technician in French, LANG=en:\n%s", out)
	}
}
