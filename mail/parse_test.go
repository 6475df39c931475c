package mail

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/internal/text"
)

func parseFixture(t *testing.T, name string) *Message {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Parse(f, Limits{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

func TestParseFixtures(t *testing.T) {
	cases := []struct {
		file      string
		from      Address
		title     string
		ref       int64
		has       []string // in Reply(Text)
		hasNot    []string // not in Reply(Text)
		auto      bool
		bounce    bool
		files     int
		refsMatch string
	}{
		{file: "outlook-fr.eml", from: Address{"Marchand Élodie", "elodie.marchand@mairie.example"},
			title:  "Teams se ferme dès que je partage mon écran",
			has:    []string{"J’ai déjà redémarré le PC deux fois… sans succès.", "06 12 34 56 78", "Service Voirie – Mairie"},
			hasNot: []string{"Envoyé :", "maintenance Teams", "____"}},
		{file: "gmail.eml", from: Address{"Karim Benali", "karim.benali@gmail.com"}, title: "VPN qui coupe en 4G",
			has: []string{"téléphone pro.\nÀ la maison ça marche.", "Karim"}, hasNot: []string{"a\nécrit", "> Bonjour", "préciser"}},
		{file: "iphone.eml", from: Address{"Sophie Lefèvre", "sophie.lefevre@mairie.example"}, title: "Imprimante du 2e étage",
			has: []string{"« bourrage papier »"}, hasNot: []string{"iPhone"}, files: 1},
		{file: "html-only.eml", from: Address{"Dupont, Jean", "jean.dupont@mairie.example"}, title: "OneDrive ne se synchronise plus",
			has:    []string{"Je n'arrive plus à ouvrir OneDrive :", "- message d'erreur 0x8004de40\n- depuis la mise à jour d'hier", "la capture (https://support.example/onedrive)"},
			hasNot: []string{"alert", "font-family", "<p>", "&agrave;"}},
		{file: "latin1-subject.eml", from: Address{"Hélène Girard", "helene.girard@mairie.example"}, title: "Problème d'accès à l'intranet – urgent",
			has: []string{"« accès refusé »", "Hélène"}},
		{file: "out-of-office.eml", from: Address{"Paul Martin", "paul.martin@mairie.example"}, title: "Réponse automatique : Votre demande", ref: 57, auto: true},
		{file: "bounce.eml", from: Address{"Mail Delivery System", "mailer-daemon@mx.mairie.example"}, title: "Undelivered Mail Returned to Sender", auto: true, bounce: true},
		{file: "reply-tag.eml", from: Address{"Elodie Marchand", "elodie.marchand@mairie.example"}, title: "Teams se ferme", ref: 123,
			has: []string{"C'est réglé après la mise à jour, merci !"}, hasNot: []string{"Service Voirie", "Mettez Teams"}},
		{file: "reply-references.eml", from: Address{"Karim Benali", "karim.benali@gmail.com"}, title: "Votre demande",
			has: []string{"Toujours pareil ce matin en 4G."}, hasNot: []string{"wrote", "réessayer"}, refsMatch: "hotline.124.7f3a9c@hotline.mairie.example"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			m := parseFixture(t, c.file)
			if m.From != c.from {
				t.Errorf("from = %+v, want %+v", m.From, c.from)
			}
			if got := Title(m.Subject); got != c.title {
				t.Errorf("title = %q, want %q", got, c.title)
			}
			if got := TicketRef(m.Subject); got != c.ref {
				t.Errorf("ticket ref = %d, want %d", got, c.ref)
			}
			reply := Reply(m.Text)
			for _, s := range c.has {
				if !strings.Contains(reply, s) {
					t.Errorf("reply lacks %q:\n%s", s, reply)
				}
			}
			for _, s := range c.hasNot {
				if strings.Contains(reply, s) {
					t.Errorf("reply keeps %q:\n%s", s, reply)
				}
			}
			if (m.Auto != "") != c.auto {
				t.Errorf("auto = %q, want auto %v", m.Auto, c.auto)
			}
			if m.Bounce != c.bounce {
				t.Errorf("bounce = %v, want %v", m.Bounce, c.bounce)
			}
			if len(m.Attachments) != c.files {
				t.Errorf("%d attachments, want %d", len(m.Attachments), c.files)
			}
			if c.refsMatch != "" && !contains(m.References, c.refsMatch) {
				t.Errorf("references %v lack %s", m.References, c.refsMatch)
			}
			if m.MessageID == "" || m.Key != m.MessageID {
				t.Errorf("message id %q, key %q", m.MessageID, m.Key)
			}
			if len(m.Problems) > 0 {
				t.Errorf("problems: %v", m.Problems)
			}
		})
	}
}

func contains(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

func TestIPhoneAttachmentKeptWithItsName(t *testing.T) {
	m := parseFixture(t, "iphone.eml")
	a := m.Attachments[0]
	if a.Name != "IMG_0421.jpeg" || a.ContentType != "image/jpeg" || !bytes.HasPrefix(a.Data, []byte{0xFF, 0xD8}) || len(a.Data) != 1024+10 {
		t.Fatalf("attachment = %s %s %d bytes", a.Name, a.ContentType, len(a.Data))
	}
}

func TestBrokenMIMEIsReportedNotGuessed(t *testing.T) {
	f, err := os.Open("testdata/broken-mime.eml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = Parse(f, Limits{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Code != CodeBrokenMIME || !strings.Contains(pe.Error(), "boundary") {
		t.Fatalf("err = %v, want a ParseError naming the boundary", err)
	}
	for _, raw := range []string{"", "Subject: no sender\r\n\r\nbody\r\n", "\x00\x01\x02 not a mail"} {
		if _, err := Parse(strings.NewReader(raw), Limits{}); err == nil {
			t.Errorf("%q parsed without error", raw)
		}
	}
}

func TestEscapeSequencesStayDataAndRenderInert(t *testing.T) {
	m := parseFixture(t, "escape-subject.eml")
	if !strings.Contains(m.Subject, "\x1b[2J") {
		t.Fatalf("subject %q: the sequence should be kept as data", m.Subject)
	}
	shown := text.SanitizeLine(Title(m.Subject))
	if strings.ContainsAny(shown, "\x1b\x07\u202e") {
		t.Fatalf("sanitised title still acts on the terminal: %q", shown)
	}
	if !strings.Contains(shown, "ROUGE") {
		t.Fatalf("sanitised title lost its text: %q", shown)
	}
}

// bigMail is a mail with an attachment of size bytes, base64 encoded, the
// way Outlook sends a large file.
func bigMail(size int) []byte {
	var b bytes.Buffer
	b.WriteString("From: Agent <agent@mairie.example>\r\nTo: hotline@mairie.example\r\nSubject: Fichier lourd\r\n" +
		"Message-ID: <big-0001@mairie.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n" +
		"--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoici le journal demandé et une capture.\r\n" +
		"--XX\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=capture.png\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		"iVBORw0KGgo=\r\n" +
		"--XX\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"journal.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	line := strings.Repeat("QUJD", 19) + "\r\n" // 76 chars = 57 bytes
	for n := 0; n < size; n += 57 {
		b.WriteString(line)
	}
	b.WriteString("--XX--\r\n")
	return b.Bytes()
}

func TestLargeAttachmentRefusedRestKept(t *testing.T) {
	raw := bigMail(20 << 20)
	m, err := Parse(bytes.NewReader(raw), Limits{MaxAttachmentSize: 10 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Refused) != 1 || m.Refused[0].Name != "journal.zip" || m.Refused[0].Size < 20<<20 {
		t.Fatalf("refused = %+v", m.Refused)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Name != "capture.png" {
		t.Fatalf("kept = %+v", m.Attachments)
	}
	if !strings.Contains(m.Text, "journal demandé") {
		t.Fatalf("text lost: %q", m.Text)
	}
}

func TestTitleAndTicketRef(t *testing.T) {
	cases := []struct {
		subject, title string
		ref            int64
	}{
		{"Re: RE : TR: Fwd: AW: Imprimante", "Imprimante", 0},
		{"RE: [#123] Teams", "Teams", 123},
		{"[#7] Re: Votre demande", "Votre demande", 7},
		{"Réf : Re[2]: WG: Écran noir", "Écran noir", 0},
		{"Retour du portable", "Retour du portable", 0},
		{"Trop lent", "Trop lent", 0},
		{"Awaiting approval", "Awaiting approval", 0},
		{"[#abc] pas un numéro", "[#abc] pas un numéro", 0},
	}
	for _, c := range cases {
		if got := Title(c.subject); got != c.title {
			t.Errorf("Title(%q) = %q, want %q", c.subject, got, c.title)
		}
		if got := TicketRef(c.subject); got != c.ref {
			t.Errorf("TicketRef(%q) = %d, want %d", c.subject, got, c.ref)
		}
	}
}

func TestReplyTrimming(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Merci.\n\nDe : Hotline <h@x>\nEnvoyé : mardi\nÀ : moi\nObjet : test\n\nancien", "Merci."},
		{"Ok pour moi\nLe mar. 4 mars 2025 à 09:00, Hotline <h@x> a écrit :\n> question", "Ok pour moi"},
		{"Ça marche\n\n-----Message d'origine-----\nDe : Hotline", "Ça marche"},
		{"Voilà\n-- \nJean\nPoste 1234", "Voilà"},
		{"> cité seulement\n> encore", "> cité seulement\n> encore"},
		{"De : mon côté, tout va bien.\nMerci", "De : mon côté, tout va bien.\nMerci"},
		{"réponse\n> cité\nsuite", "réponse\nsuite"},
	}
	for _, c := range cases {
		if got := Reply(c.in); got != c.want {
			t.Errorf("Reply(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	got := HTMLToText(`<p>Un&nbsp;<b>deux</b></p><p>trois<br>quatre</p><table><tr><td>a</td><td>b</td></tr></table><a href="https://x.example/y">https://x.example/y</a>`)
	for _, want := range []string{"Un\u00a0deux\n\ntrois\nquatre", "a b", "https://x.example/y"} {
		if !strings.Contains(got, want) {
			t.Errorf("HTMLToText lacks %q in %q", want, got)
		}
	}
	if strings.Count(got, "https://x.example/y") != 1 {
		t.Errorf("link repeated: %q", got)
	}
}

func BenchmarkParseFixtures(b *testing.B) {
	files, _ := filepath.Glob("testdata/*.eml")
	var raws [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, data)
	}
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, raw := range raws {
			m, err := Parse(bytes.NewReader(raw), Limits{})
			if err == nil {
				_ = Reply(m.Text)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}
