package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/internal/i18n"
	"hotline/mail"
)

// Every reason a mail cannot be read is worded in both languages; the
// French keeps none of the English words (the MIME parser's own words are
// left out).
func TestEveryMailReasonIsWordedInBothLanguages(t *testing.T) {
	en := &env{t: i18n.New(i18n.English, words)}
	fr := &env{t: i18n.New(i18n.French, words)}
	for _, c := range mail.ParseCodes() {
		pe := &mail.ParseError{Code: c, Header: "Reply-To", Value: "zq9", Detail: "xdetailx parser words"}
		f := mail.Failure{Where: "UID 3", Reason: pe.Error(), Err: pe}
		e, fw := en.mailReason(f), fr.mailReason(f)
		if e != pe.Error() {
			t.Errorf("%s: English %q, mail says %q", c, e, pe.Error())
		}
		if strings.HasPrefix(fw, "mail.") || strings.Contains(fw, "%!") || fw == e {
			t.Errorf("%s: French %q", c, fw)
		}
		if w := englishLeak(e, fw); w != "" || strings.Contains(fw, "parser") {
			t.Errorf("%s: the French %q keeps English (%q)", c, fw, w)
		}
	}
	noBody := mail.Failure{Where: "UID 4", Reason: mail.ErrNoBody.Error(), Err: mail.ErrNoBody}
	if e, f := en.mailReason(noBody), fr.mailReason(noBody); e != mail.ErrNoBody.Error() || englishLeak(e, f) != "" || f == e {
		t.Errorf("no body: %q / %q", e, f)
	}
}

// mail import under LANG=fr: each unreadable mail is one line "file:
// reason" in French, the good mail becomes a ticket, the summary is
// French, the exit code 1; under LANG=en the words are the English they
// were.
func TestMailImportWordsUnreadableMailsInFrench(t *testing.T) {
	dir := t.TempDir()
	raw, err := os.ReadFile("../mail/testdata/outlook-fr.eml")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"outlook.eml":     string(raw),
		"personne.eml":    "From: nobody\nSubject: x\n\nbonjour\n",
		"mime.eml":        "From: a@b.fr\nSubject: y\nContent-Type: multipart/mixed; boundary=\"zz\"\n\n--zz\nContent-Type: text/plain\n",
		"pas-un-mail.eml": "pas un mail du tout\x00\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, lang := range []struct {
		env     string
		summary string
		lines   []string
	}{
		{"en_GB.UTF-8", "1 mails read: 1 new tickets, 0 replies, 0 already known, 0 ignored, 3 unreadable", []string{
			p("personne.eml") + `: From: no address in "nobody"`,
			p("mime.eml") + ": broken MIME structure: ",
			p("pas-un-mail.eml") + ": unreadable header: ",
		}},
		{"fr_FR.UTF-8", "1 mails lus : 1 nouveaux tickets, 0 réponses, 0 déjà connus, 0 écartés, 3 illisibles", []string{
			p("personne.eml") + `: From : aucune adresse dans "nobody"`,
			p("mime.eml") + ": structure MIME cassée : ni texte ni pièce jointe lisible",
			p("pas-un-mail.eml") + ": en-tête illisible : ce n'est pas un mail, ou son en-tête est abîmé",
		}},
	} {
		c := newCLI(t)
		c.env["LANG"] = lang.env
		r := c.run("", "mail", "import", dir)
		if r.code != 1 || !strings.Contains(r.stdout, lang.summary) {
			t.Errorf("LANG=%s: exit %d, %q, want %q", lang.env, r.code, r.stdout, lang.summary)
		}
		got := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if len(got) != len(lang.lines) {
			t.Errorf("LANG=%s: %d lines, want %d:\n%s", lang.env, len(got), len(lang.lines), r.stderr)
		}
		for _, w := range lang.lines {
			found := false
			for _, l := range got {
				if strings.HasPrefix(l, w) {
					found = true
					if strings.HasPrefix(lang.env, "fr") && (strings.Contains(l, "multipart") || strings.Contains(l, "malformed")) {
						t.Errorf("the parser's English in %q", l)
					}
				}
			}
			if !found {
				t.Errorf("LANG=%s: no line starting %q in\n%s", lang.env, w, r.stderr)
			}
		}
		c.ok("ticket", "show", "1")
	}
}
