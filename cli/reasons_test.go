package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/app"
	"hotline/internal/i18n"
	"hotline/reasons"
	"hotline/tickets"
)

// Every reason the domain gives for a refused value is worded by the
// command line in both languages, after the flag that sets the field, and
// the French holds no English word of the reason. A code added without
// words fails here (and in package reasons).
func TestExplainWordsEveryReasonCode(t *testing.T) {
	en := &env{t: i18n.New(i18n.English, words)}
	fr := &env{t: i18n.New(i18n.French, words)}
	for _, code := range tickets.Codes {
		fe := reasons.Sample(code)
		gotFR, gotEN := fr.explain(fe), en.explain(fe)
		flag, flagEN := "--title : ", "--title: "
		if wholeReasons[code] {
			flag, flagEN = "", ""
		}
		if !strings.HasPrefix(gotFR, "refusé : "+flag) || !strings.HasPrefix(gotEN, "invalid: "+flagEN) {
			t.Errorf("%s: %q / %q", code, gotFR, gotEN)
		}
		if leak := reasons.EnglishLeak(fe, gotFR); len(leak) > 0 {
			t.Errorf("%s: the French %q holds English words %q", code, gotFR, leak)
		}
		// The application layer's refusals carry the same typed reason.
		ve := &app.ValidationError{Fields: []app.FieldError{{Field: "requester.email", Reason: fe.Reason(), Why: fe}}}
		if got := fr.explain(ve); !strings.HasPrefix(got, "refusé : --email : ") || len(reasons.EnglishLeak(fe, got)) > 0 {
			t.Errorf("%s in app.ValidationError: %q", code, got)
		}
		// Row errors of an import name the field as the file does.
		if got := fr.rowReason(fe); !strings.HasPrefix(got, "title : ") || len(reasons.EnglishLeak(fe, got)) > 0 {
			t.Errorf("%s in an import row: %q", code, got)
		}
	}
}

// Bad values given to commands are refused in French under LANG=fr: the
// line keeps its start "hotline: <command>: ", the flag and the value as
// typed, and exit code 2; no English reason is left inside.
func TestBadValuesAreWordedInFrench(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "VPN coupé", "--requester", "Paul", "--tag", "vpn")
	c.ok("problem", "add", "--title", "Coupures VPN", "1")
	c.env["LANG"] = "fr_FR.UTF-8"
	for _, w := range []struct {
		args []string
		want string
	}{
		{[]string{"ticket", "list", "--status", "bogus"}, "hotline: ticket list: refusé : --status : « bogus » n'est pas une valeur connue : choisissez parmi new, assigned, planned, pending, solved, closed, open, overdue, all"},
		{[]string{"ticket", "list", "--sort", "zz"}, "hotline: ticket list: refusé : --sort : « zz » n'est pas une valeur connue : choisissez parmi priority, newest, updated, due, id"},
		{[]string{"ticket", "list", "--priority", "9"}, "hotline: ticket list: refusé : --priority : 9 est hors limites : donnez de 1 à 5, ou 6 pour majeure"},
		{[]string{"ticket", "list", "--connection", "5g"}, "hotline: ticket list: refusé : --connection : « 5g » n'est pas une valeur connue : choisissez parmi home, 4g, vpn, office, unknown"},
		{[]string{"ticket", "list", "--category", "Cuisine"}, "hotline: ticket list: refusé : --category : « Cuisine » n'est pas une valeur connue : choisissez parmi Teams,"},
		{[]string{"ticket", "list", "--after", "zz"}, `hotline: ticket list: --after "zz" : ce n'est pas un curseur de cette liste`},
		{[]string{"ticket", "export", "--status", "bogus"}, "hotline: ticket export: refusé : --status : « bogus » n'est pas une valeur connue"},
		{[]string{"ticket", "add", "--title", "x", "--connection", "5g"}, "hotline: ticket add: refusé : --connection : « 5g » n'est pas une valeur connue"},
		{[]string{"ticket", "add", "--title", "x", "--email", "paul"}, "hotline: ticket add: refusé : --email : « paul » n'est pas une adresse e-mail"},
		{[]string{"ticket", "add", "--title", "x", "--tag", "a;b"}, "hotline: ticket add: refusé : --tag : « a;b » contient « ; » : seulement des lettres, des chiffres et - _ . /"},
		{[]string{"ticket", "add", "--title", strings.Repeat("é", 201)}, "hotline: ticket add: refusé : --title : 201 caractères, 200 au plus : raccourcissez"},
		{[]string{"ticket", "update", "1", "--status", "done"}, "hotline: ticket update: refusé : --status : « done » n'est pas une valeur connue : choisissez parmi new, assigned"},
		{[]string{"ticket", "update", "1", "--email", "paul"}, "hotline: ticket update: refusé : --email : « paul » n'est pas une adresse e-mail"},
		{[]string{"ticket", "update", "1", "--title", " "}, "hotline: ticket update: refusé : --title : vide : donnez une valeur"},
		{[]string{"ticket", "update", "1", "--urgency", "0"}, "hotline: ticket update: refusé : --urgency : 0 est hors limites : donnez de 1 (très faible) à 5 (très forte)"},
		{[]string{"ticket", "bulk", "--ids", "1", "--status", "zz"}, "hotline: ticket bulk: refusé : --status : « zz » n'est pas une valeur connue"},
		{[]string{"ticket", "bulk", "--ids", "1,x", "--status", "new"}, `hotline: ticket bulk: --ids : "x" n'est pas un numéro de ticket`},
		{[]string{"tech", "add", "king", "--role", "king"}, "hotline: tech add: refusé : --role : « king » n'est pas une valeur connue : choisissez parmi admin, technician, observer"},
		{[]string{"tech", "add", "Bad Login"}, "hotline: tech add: refusé : login : « Bad Login » n'est pas un identifiant"},
		{[]string{"problem", "list", "--status", "zz"}, "hotline: problem list: refusé : --status : « zz » n'est pas une valeur connue : choisissez parmi open, known, solved, closed"},
		{[]string{"problem", "update", "1", "--status", "zz"}, "hotline: problem update: refusé : --status : « zz » n'est pas une valeur connue"},
		{[]string{"report", "--from", "2026-11-01", "--to", "2026-10-01"}, "hotline: report: refusé : --to : la fin (2026-10-01) doit venir après le début (2026-11-01)"},
		{[]string{"tag", "rename", "vpn", "vpn"}, "hotline: tag rename: refusé : --tag : « vpn » et « vpn » sont le même tag"},
		{[]string{"apikey", "revoke", "nope"}, `hotline: apikey revoke: aucune clé active ne s'appelle "nope"`},
	} {
		r := c.run("", w.args...)
		if r.code != 2 || !strings.HasPrefix(r.stderr, w.want) {
			t.Errorf("LANG=fr hotline %s: exit %d %q\nwant exit 2 and %q", strings.Join(w.args, " "), r.code, r.stderr, w.want)
		}
		for _, english := range []string{"not a known", "use one of", "is not", "invalid", "out of range", "must", "same tag", "cannot", "is empty", "characters"} {
			if strings.Contains(r.stderr, english) {
				t.Errorf("LANG=fr hotline %s: English %q left in %q", strings.Join(w.args, " "), english, r.stderr)
			}
		}
	}
}

// `ticket import` reports each bad row as file:line: reason, the reason
// in French under LANG=fr; the good rows are imported.
func TestImportRowsAreWordedInFrench(t *testing.T) {
	c := newCLI(t)
	c.env["LANG"] = "fr_FR.UTF-8"
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "t.jsonl")
	data := `{"title":"bon"}` + "\n" +
		`{"title":5}` + "\n" +
		`{"title":"x","zzz":1}` + "\n" +
		`{"title":"x"` + "\n" +
		`{"title":"x","urgency":9}` + "\n" +
		`{"title":"x","created_at":"hier"}` + "\n" +
		`{"title":"x","articles":[{"key":"ailleurs","title":"Absent"}]}` + "\n" +
		`{"title":"bon aussi"}` + "\n"
	if err := os.WriteFile(jsonl, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	r := c.run("", "ticket", "import", jsonl)
	want := []string{
		jsonl + ":2: title : attendu : un texte, trouvé : un nombre",
		jsonl + ":3: champ « zzz » inconnu : utilisez les champs de `ticket export`",
		jsonl + ":4: JSON non valable : l'objet est coupé avant la fin",
		jsonl + ":5: urgency : 9 est hors limites : donnez de 1 (très faible) à 5 (très forte)",
		jsonl + ":6: created_at : « hier » n'est pas une date et heure comme 2026-11-28T09:30:00Z",
		jsonl + ":7: ticket n°2 importé sans son lien vers \"Absent\" (ailleurs) : absent de cette base de connaissances",
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code != 1 || len(lines) != len(want) || !strings.Contains(r.stdout, "importés 3, déjà présents 0, en échec 5") {
		t.Fatalf("import: exit %d\nstdout %q\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d: %q, want %q…", i+1, lines[i], w)
		}
	}
	for _, english := range []string{"expected", "unknown field", "not valid", "out of range", "not an RFC", "imported without"} {
		if strings.Contains(r.stderr, english) {
			t.Errorf("English %q left in:\n%s", english, r.stderr)
		}
	}

	csvFile := filepath.Join(dir, "t.csv")
	if err := os.WriteFile(csvFile, []byte("title,urgency\nbon,3\nmauvais,x\n\"ouvert,3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = c.run("", "ticket", "import", csvFile)
	if r.code != 1 || !strings.Contains(r.stderr, csvFile+":3: urgency : « x » n'est pas un nombre : donnez de 1 à 5") ||
		!strings.Contains(r.stderr, csvFile+":4: CSV mal formé à la colonne") {
		t.Errorf("csv import: exit %d\n%s", r.code, r.stderr)
	}
	header := filepath.Join(dir, "h.csv")
	if err := os.WriteFile(header, []byte("titre,urgence\nx,1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = c.run("", "ticket", "import", header)
	if r.code != 1 || !strings.HasPrefix(r.stderr, "hotline: ticket import: "+header+": ligne 1 : colonne « titre » inconnue : colonnes possibles : id, title,") {
		t.Errorf("bad header: exit %d %q", r.code, r.stderr)
	}
	// Under LANG=en the rows keep the domain's English reasons.
	c.env["LANG"] = "en_GB.UTF-8"
	r = c.run("", "ticket", "import", csvFile)
	if !strings.Contains(r.stderr, csvFile+`:3: urgency: "x" is not a number: use 1 to 5`) {
		t.Errorf("English rows:\n%s", r.stderr)
	}
}

// Canned replies, attachments and --json-in word their refusals in French
// too: unknown variables, bad reply files, a missing reply or attachment.
func TestRepliesAndAttachmentsAreWordedInFrench(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "VPN coupé")
	c.env["LANG"] = "fr_FR.UTF-8"
	dir := filepath.Join(filepath.Dir(c.db), "replies")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"a.md": "---\ntitle: x\n", "b.md": "---\nlang: de\n---\nSalut\n", "c.md": "  \n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := c.run("", "reply", "list")
	for _, want := range []string{
		filepath.Join(dir, "a.md") + " : l'en-tête ouvert par --- n'est jamais fermé par ---",
		filepath.Join(dir, "b.md") + ` : lang "de" : écrivez fr, en, ou omettez-le`,
		filepath.Join(dir, "c.md") + " : la réponse est vide",
	} {
		if !strings.Contains(r.stderr, "hotline: reply list: "+want) {
			t.Errorf("reply list: %q, want %q", r.stderr, want)
		}
	}
	for _, w := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"reply", "add", "--title", "T", "--text", "Bonjour {zz}"}, 2, "hotline: reply add: --text : variable inconnue {zz} (les variables sont {prenom}"},
		{[]string{"reply", "rm", "nope"}, 1, `hotline: reply rm: aucune réponse type "nope" (voir`},
		{[]string{"ticket", "attachment", "get", "1", "9", "-o", "-"}, 1, "hotline: ticket attachment get: le ticket n°1 n'a pas de pièce jointe 9"},
		{[]string{"ticket", "add", "--json-in"}, 2, "hotline: ticket add: --json-in: aucun objet JSON sur l'entrée standard"},
		{[]string{"ticket", "add", "--json-in"}, 2, "hotline: ticket add: --json-in: title : attendu : un texte, trouvé : un nombre"},
	} {
		stdin := ""
		if strings.Contains(w.want, "title :") {
			stdin = `{"title":5}`
		}
		if r := c.run(stdin, w.args...); r.code != w.code || !strings.HasPrefix(r.stderr, w.want) {
			t.Errorf("LANG=fr hotline %s: exit %d %q\nwant exit %d and %q", strings.Join(w.args, " "), r.code, r.stderr, w.code, w.want)
		}
	}
}
