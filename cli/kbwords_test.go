package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"hotline/internal/i18n"
	"hotline/kb"
)

// sampleReason fills every field a code may quote.
func sampleReason(c kb.Code) kb.Reason {
	r := kb.Reason{Code: c, Value: "zz", Limit: 3, Other: "autre.vtt", OtherID: 4}
	if c == kb.CodeNotRegular || c == kb.CodeLinkNotRegular {
		r.Value = kb.KindPipe
	}
	return r
}

// bothLanguages are the words a reason may keep in French: the front
// matter's keys and values people write, and the formats' names.
var bothLanguages = map[string]bool{"collection": true, "article": true, "tags": true, "verified": true, "front": true,
	"matter": true, "webvtt": true, "yaml": true, "tutorial": true, "video": true, "teams": true, "camera": true, "autre": true,
	"date": true, "permission": true,
	"mime": true, "from": true, "reply": true, "mail": true, "structure": true} // mail's headers

var wordRe = regexp.MustCompile(`[\p{L}]+`)

// englishLeak returns the first word of the English text (4 letters or
// more) found as a whole word in the French one.
func englishLeak(en, fr string) string {
	frWords := map[string]bool{}
	for _, w := range wordRe.FindAllString(strings.ToLower(fr), -1) {
		frWords[w] = true
	}
	for _, w := range wordRe.FindAllString(strings.ToLower(en), -1) {
		if len(w) >= 4 && frWords[w] && !bothLanguages[w] {
			return w
		}
	}
	return ""
}

// Every reason the knowledge base gives is worded by the command line in
// both languages: the English is kb's own (JSON and scripts keep it), the
// French has none of its words. A code added to kb without words here
// fails.
func TestEveryKBReasonIsWordedInBothLanguages(t *testing.T) {
	en, fr := i18n.New(i18n.English, words), i18n.New(i18n.French, words)
	for _, c := range kb.Codes() {
		r := sampleReason(c)
		e, f := kbReasonText(en, r), kbReasonText(fr, r)
		if e != r.String() {
			t.Errorf("%s: English %q, kb says %q", c, e, r.String())
		}
		if f == e || strings.Contains(f, "kb.reason.") || strings.Contains(f, "%!") || strings.Contains(f, "kb.filekind.") {
			t.Errorf("%s: French %q (English %q)", c, f, e)
		}
		if w := englishLeak(e, f); w != "" {
			t.Errorf("%s: the French %q keeps the English word %q", c, f, w)
		}
		for _, v := range []string{r.Value, r.Other} {
			// The YAML parser's words are English: the French says where
			// to look instead. A file kind is worded.
			dropped := c == kb.CodeBadYAML || c == kb.CodeNotRegular || c == kb.CodeLinkNotRegular
			if strings.Contains(e, v) && !strings.Contains(f, v) && !dropped {
				t.Errorf("%s: the French %q lost %q", c, f, v)
			}
		}
	}
	for _, k := range kb.FileKinds() {
		r := kb.Reason{Code: kb.CodeNotRegular, Value: k}
		if e, f := kbReasonText(en, r), kbReasonText(fr, r); e == f || strings.Contains(f, "kb.filekind.") {
			t.Errorf("file kind %s: French %q, English %q", k, f, e)
		}
	}
}

// A folder with bad files, imported under LANG=fr: each bad file is one
// line "file:line: reason" with the reason in French, the good files are
// imported, the exit code is 1; the JSON report keeps English reasons, and
// under LANG=en the lines are the English they always were.
func TestKBImportWordsBadFilesInFrench(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "arts")
	files := map[string]string{
		"bon.md":         "# Bon article\nTout va bien.\n",
		"bonne.vtt":      "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nBonjour\n",
		"genre.md":       "---\nkind: poster\n---\n# T\n",
		"duree.md":       "---\nduration: toujours\n---\n# T\n",
		"date.md":        "---\nverified: hier\n---\n# T\n",
		"yaml.md":        "---\ntitle: [a\n---\ncorps\n",
		"ouvert.md":      "---\ntitle: x\n",
		"imbrique.md":    "---\ntags: [a, [b]]\n---\n# T\n",
		"titres.md":      "---\ntitle: [x, y]\n---\n# T\n",
		"latin.md":       "# latin \xe9\n",
		"binaire.md":     "# bin\x00\n",
		"temps.vtt":      "WEBVTT\n\n00:01 --> zz\nbonjour\n",
		"vide.srt":       "bonjour\n",
		"long.md":        "---\ntitle: " + strings.Repeat("x", 400) + "\n---\ncorps\n",
		"tags.md":        "---\ntags: [" + strings.Repeat("t,", 30) + strings.Repeat("u,", 0) + manyTags(60) + "]\n---\n# T\n",
		"deux.srt":       "1\n00:00:01,000 --> 00:00:02,000\nun\n",
		"deux.vtt":       "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nun\n",
		"pas-vtt.vtt":    "bonjour\n",
		"entete.vtt":     "WEBVTT\n00:00:01.000 --> 00:00:02.000\nun\n",
		"sans-temps.vtt": "WEBVTT\n\nun\ndeux\n",
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "dehors.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "bon.md"), filepath.Join(dir, "lien.md")); err != nil {
		t.Fatal(err)
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	want := map[string][2]string{ // English, French
		"genre.md":       {p("genre.md") + `:2: kind "poster" is neither tutorial nor video`, p("genre.md") + `:2: type "poster" : ni tutoriel (tutorial) ni vidéo (video)`},
		"duree.md":       {p("duree.md") + `:2: duration "toujours" is not like 3m20s or 03:20`, p("duree.md") + `:2: durée "toujours" : écrivez-la comme 3m20s ou 03:20`},
		"date.md":        {p("date.md") + `:2: verified: "hier" is not a date like 2026-05-12`, p("date.md") + `:2: verified : "hier" n'est pas une date comme 2026-05-12`},
		"yaml.md":        {p("yaml.md") + `:2: invalid YAML front matter: `, p("yaml.md") + `:2: en-tête YAML illisible à cette ligne`},
		"ouvert.md":      {p("ouvert.md") + `:1: front matter opened with --- is never closed`, p("ouvert.md") + `:1: l'en-tête ouvert par --- n'est jamais fermé`},
		"imbrique.md":    {p("imbrique.md") + `:2: tags must be words, not nested lists`, p("imbrique.md") + `:2: tags : des mots, pas des listes imbriquées`},
		"titres.md":      {p("titres.md") + `:2: title must be a single value`, p("titres.md") + `:2: title : une seule valeur attendue`},
		"latin.md":       {p("latin.md") + `:1: invalid UTF-8 (save the file as UTF-8)`, p("latin.md") + `:1: UTF-8 invalide (enregistrez le fichier en UTF-8)`},
		"binaire.md":     {p("binaire.md") + `:1: binary file (NUL byte), not text`, p("binaire.md") + `:1: fichier binaire (octet NUL), pas du texte`},
		"temps.vtt":      {p("temps.vtt") + `:3: invalid cue timing "00:01 --> zz"`, p("temps.vtt") + `:3: temps de sous-titre "00:01 --> zz" illisible`},
		"vide.srt":       {p("vide.srt") + `:1: expected a cue number or a timing line, found "bonjour"`, p("vide.srt") + `:1: numéro de sous-titre ou ligne de temps attendu, trouvé "bonjour"`},
		"long.md":        {p("long.md") + `: title: title longer than 300 bytes`, p("long.md") + `: title : titre de plus de 300 octets`},
		"tags.md":        {p("tags.md") + `: tags: more than 50 tags`, p("tags.md") + `: tags : plus de 50 tags`},
		"deux.vtt":       {p("deux.vtt") + `: a second transcript for the same article (deux.srt already is): remove one`, p("deux.vtt") + `: une deuxième transcription pour le même article (deux.srt en est déjà une) : retirez-en une`},
		"pas-vtt.vtt":    {p("pas-vtt.vtt") + `:1: not a WebVTT file: the first line must be WEBVTT`, p("pas-vtt.vtt") + `:1: ce n'est pas un fichier WebVTT : la première ligne doit être WEBVTT`},
		"entete.vtt":     {p("entete.vtt") + `:2: a blank line must separate the WEBVTT header from the first cue`, p("entete.vtt") + `:2: une ligne vide doit séparer l'en-tête WEBVTT du premier sous-titre`},
		"sans-temps.vtt": {p("sans-temps.vtt") + `:3: cue without a timing line (00:00:01.000 --> 00:00:04.000)`, p("sans-temps.vtt") + `:3: sous-titre sans ligne de temps (00:00:01.000 --> 00:00:04.000)`},
		"dehors.md":      {p("dehors.md") + `: symbolic link leading outside the imported folder, not followed`, p("dehors.md") + `: lien symbolique qui sort du dossier importé, non suivi`},
		"lien.md":        {p("lien.md") + `: symbolic link, not followed (import with --follow-symlinks to take files it points to inside the folder)`, p("lien.md") + `: lien symbolique, non suivi (importez avec --follow-symlinks pour prendre les fichiers du dossier vers lesquels il pointe)`},
	}
	for i, lang := range []string{"en_GB.UTF-8", "fr_FR.UTF-8"} {
		c := newCLI(t)
		c.env["LANG"] = lang
		r := c.run("", "kb", "import", dir)
		if r.code != 1 {
			t.Fatalf("LANG=%s: exit %d\n%s", lang, r.code, r.stderr)
		}
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if len(lines) != len(want) {
			t.Errorf("LANG=%s: %d lines for %d bad files:\n%s", lang, len(lines), len(want), r.stderr)
		}
		for name, w := range want {
			found := false
			for _, l := range lines {
				if strings.HasPrefix(l, w[i]) {
					found = true
				}
			}
			if !found {
				t.Errorf("LANG=%s %s: no line starting %q in\n%s", lang, name, w[i], r.stderr)
			}
		}
		if i == 1 {
			for _, l := range lines {
				reason := l[strings.Index(l, ":")+1:]
				for _, en := range []string{" is ", " not ", " must ", " the ", "invalid ", "line", "symbolic", " more than", "longer", "expected", "found "} {
					if strings.Contains(reason, en) {
						t.Errorf("English %q left in %q", en, l)
					}
				}
			}
		}
		summary := []string{"kb import: 3 added, 0 updated, 0 unchanged, 19 failed", "kb import : 3 ajoutés, 0 mis à jour, 0 inchangés, 19 en échec"}[i]
		if !strings.Contains(r.stdout, summary) {
			t.Errorf("LANG=%s: %q, want %q", lang, r.stdout, summary)
		}
		for _, id := range []string{"1", "2", "3"} {
			c.ok("kb", "show", id) // the good files are in
		}
	}
	// JSON keeps the English words whatever the language.
	c := newCLI(t)
	c.env["LANG"] = "fr_FR.UTF-8"
	r := c.run("", "kb", "import", "--json", dir)
	var rep struct {
		Errors []struct {
			Path, Reason string
			Line         int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	english := 0
	for _, e := range rep.Errors {
		l := e.Path
		if e.Line > 0 {
			l += ":" + strconv.Itoa(e.Line)
		}
		l += ": " + e.Reason
		for _, w := range want {
			if strings.HasPrefix(l, w[0]) {
				english++
				break
			}
		}
	}
	if len(rep.Errors) != len(want) || english != len(want) {
		t.Errorf("JSON under LANG=fr: %d of %d reasons in English: %+v", english, len(rep.Errors), rep.Errors)
	}
}

func manyTags(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("tag")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteByte(byte('a' + i%26))
		b.WriteByte(byte('a' + i/26))
	}
	return b.String()
}

// kb add and kb import word the knowledge base's refusals in French, after
// the English start `hotline: <command>: `, naming the flag; the exit
// code is unchanged.
func TestKBRefusalsFollowTheLanguage(t *testing.T) {
	c := newCLI(t)
	empty := t.TempDir()
	bad := filepath.Join(t.TempDir(), " espace")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, tg := range strings.Split(manyTags(51), ",") {
		tags = append(tags, "--tag", tg)
	}
	missing := filepath.Join(empty, "absent")
	file := filepath.Join(empty, "fichier.md")
	if err := os.WriteFile(file, []byte("# T\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		stdin  string
		args   []string
		code   int
		en, fr string
	}{
		{"", []string{"kb", "import", missing}, 1, "hotline: kb import: import " + missing + ": no such folder", "hotline: kb import: import de " + missing + " : ce dossier n'existe pas"},
		{"", []string{"kb", "import", file}, 1, "hotline: kb import: import " + file + ": not a folder", "hotline: kb import: import de " + file + " : ce n'est pas un dossier"},
		{"", []string{"mail", "import", missing}, 1, "hotline: mail import: import mail: " + missing + ": no such file or folder", "hotline: mail import: import de mails : " + missing + " : ce fichier ou ce dossier n'existe pas"},
		{"", []string{"mail", "import", bad}, 1, "hotline: mail import: import mail: " + bad + " holds no mail", "hotline: mail import: import de mails : " + bad + " ne contient aucun mail"},
		{"", []string{"mail", "outbox", "--retry", "5"}, 1, "hotline: mail outbox: outbox: mail 5: mail is not waiting or failed (see `hotline mail outbox`)", "hotline: mail outbox: file d'envoi : le mail 5 n'est ni en attente ni en échec (voir `hotline mail outbox`)"},
		{"corps", []string{"kb", "add", "--title", strings.Repeat("x", 301)}, 2, "hotline: kb add: --title: title longer than 300 bytes", "hotline: kb add: --title : titre de plus de 300 octets"},
		{"corps", append([]string{"kb", "add", "--title", "T"}, tags...), 2, "hotline: kb add: --tag: more than 50 tags", "hotline: kb add: --tag : plus de 50 tags"},
		{"corps", []string{"kb", "add", "--title", "T", "--duration", "toujours"}, 2, `hotline: kb add: --duration: duration "toujours" is not like 3m20s or 03:20`, `hotline: kb add: --duration: durée "toujours" : écrivez-la comme 3m20s ou 03:20`},
		{"corps", []string{"kb", "add", "--title", "T", "--duration", "99999"}, 2, `at most 24 hours)`, `24 heures au plus)`},
		{"", []string{"kb", "import", "--collection", "a/b", empty}, 2, `hotline: kb import: --collection "a/b": collection "a/b" holds a /`, `hotline: kb import: --collection "a/b" : la collection "a/b" contient un /`},
		{"", []string{"kb", "import", bad}, 1, `hotline: kb import: --collection: collection " espace" starts or ends with a space (name one with --collection)`, `hotline: kb import: --collection : la collection " espace" commence ou finit par une espace (donnez-en une avec --collection)`},
	} {
		for _, lang := range []struct{ env, want string }{{"en_GB.UTF-8", w.en}, {"fr_FR.UTF-8", w.fr}} {
			c.env["LANG"] = lang.env
			r := c.run(w.stdin, w.args...)
			if r.code != w.code || !strings.Contains(r.stderr, lang.want) {
				t.Errorf("LANG=%s hotline %s: exit %d %q, want %d %q", lang.env, strings.Join(w.args[:min(len(w.args), 5)], " "), r.code, r.stderr, w.code, lang.want)
			}
		}
	}
}

// kb show's line under the title follows the language (the kind stays the
// value --kind takes).
func TestKBShowFollowsTheLanguage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "arts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "vpn.md"), []byte("---\ntags: [vpn]\nverified: 2026-05-12\n---\n# VPN\ncorps\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	c.ok("kb", "import", dir)
	for _, w := range []struct{ lang, want string }{
		{"en_GB.UTF-8", "tutorial · tags vpn · verified 2026-05-12 · collection arts · from vpn.md"},
		{"fr_FR.UTF-8", "tutorial · tags vpn · vérifié le 2026-05-12 · collection arts · fichier vpn.md"},
	} {
		c.env["LANG"] = w.lang
		if out := c.ok("kb", "show", "1"); !strings.Contains(out, w.want) {
			t.Errorf("LANG=%s: %q, want %q", w.lang, out, w.want)
		}
	}
}

// A bad line of the helpdesk's lexicon file stops the command with its
// file and line, the reason in the user's language.
func TestBadLexiconLineFollowsTheLanguage(t *testing.T) {
	c := newCLI(t)
	lex := filepath.Join(filepath.Dir(c.db), "lexicon.txt")
	if err := os.WriteFile(lex, []byte("ok = fine\n = mot\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ lang, want string }{
		{"en_GB.UTF-8", "hotline: kb list: lexicon " + lex + ":2: nothing before = (write what people type) (fix the file or move it away)"},
		{"fr_FR.UTF-8", "hotline: kb list: lexique " + lex + ":2 : rien avant = (écrivez ce que les gens tapent) (corrigez le fichier ou déplacez-le)"},
	} {
		c.env["LANG"] = w.lang
		if r := c.run("", "kb", "list"); r.code != 1 || strings.TrimSpace(r.stderr) != w.want {
			t.Errorf("LANG=%s: exit %d %q, want %q", w.lang, r.code, r.stderr, w.want)
		}
	}
}

// Two folders holding the same path for one collection, under LANG=fr:
// the clash is worded in French with the flag that fixes it.
func TestKBImportClashInFrench(t *testing.T) {
	c := newCLI(t)
	c.env["LANG"] = "fr_FR.UTF-8"
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	for _, dir := range []string{a, b} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "vpn.md"), []byte("# VPN "+dir), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := c.run("", "kb", "import", "--collection", "kb", a, b)
	if want := filepath.Join(b, "vpn.md") + ": aussi dans " + a + ` pour la collection "kb" : importez l'un des dossiers avec une autre --collection, ou renommez le fichier`; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("same file in two folders: %+v, want %q", r, want)
	}
	r = c.run("", "kb", "import", "--collection", "kb", b)
	if want := filepath.Join(b, "vpn.md") + `: la collection "kb" a déjà vpn.md, importé depuis ` + a + " : importez ce dossier avec une autre --collection, ou renommez le fichier"; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("collection already holding the file: %+v, want %q", r, want)
	}
}
