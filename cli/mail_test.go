package cli

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/mail"
	"hotline/mail/mailtest"
)

// mailSetup writes a config pointing at loopback IMAP and SMTP servers
// that trust their test certificate through ca_file.
func mailSetup(t *testing.T, c *cli) (*mailtest.IMAPServer, *mailtest.SMTPServer, string) {
	t.Helper()
	imapSrv := mailtest.StartIMAP(t, mailtest.IMAPOptions{})
	smtpSrv := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	dir := filepath.Dir(c.db)
	writeCA := func(name string, tls mailtest.TLS) string {
		var b []byte
		for _, der := range tls.Server.Certificates[0].Certificate {
			b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := fmt.Sprintf(`mail:
  address: hotline@mairie.example
  name: Support informatique
  imap:
    host: %s
    security: starttls
    user: %s
    password_command: echo '%s'
    ca_file: %s
  smtp:
    host: %s
    user: %s
    password_command: echo '%s'
    ca_file: %s
serve:
  base_url: https://support.mairie.example
`, imapSrv.Addr, mailtest.User, mailtest.Password, writeCA("imap-ca.pem", imapSrv.TLS),
		smtpSrv.Addr, mailtest.User, mailtest.Password, writeCA("smtp-ca.pem", smtpSrv.TLS))
	path := filepath.Join(dir, "mail.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return imapSrv, smtpSrv, path
}

func parseMail(t *testing.T, raw []byte) *mail.Message {
	t.Helper()
	m, err := mail.Parse(bytes.NewReader(raw), mail.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// An agent's mail becomes a ticket, the agent gets the acknowledgement,
// the technician answers by mail, the agent replies from Outlook, and the
// reply lands on the same ticket.
func TestMailRoundTrip(t *testing.T) {
	c := newCLI(t)
	imapSrv, smtpSrv, cfg := mailSetup(t, c)
	raw, err := os.ReadFile("../mail/testdata/outlook-fr.eml")
	if err != nil {
		t.Fatal(err)
	}
	imapSrv.Deliver(t, raw)

	out := c.ok("--config", cfg, "mail", "fetch")
	if !strings.Contains(out, "1 mails read: 1 new tickets") {
		t.Fatalf("fetch: %s", out)
	}
	out = c.ok("--config", cfg, "mail", "send")
	if !strings.Contains(out, "1 mails sent") {
		t.Fatalf("send: %s", out)
	}
	ack := smtpSrv.Wait(t, 1)[0]
	if ack.To[0] != "elodie.marchand@mairie.example" {
		t.Fatalf("acknowledgement to %v", ack.To)
	}
	am := parseMail(t, ack.Data)
	if mail.TicketRef(am.Subject) != 1 || !strings.Contains(am.Text, "https://support.mairie.example/suivi/") {
		t.Fatalf("acknowledgement %q:\n%s", am.Subject, am.Text)
	}
	if len(am.InReplyTo) != 1 || !strings.HasPrefix(am.InReplyTo[0], "DB9PR05MB8123") {
		t.Fatalf("acknowledgement does not answer the agent's mail: %v", am.InReplyTo)
	}

	c.ok("--config", cfg, "ticket", "comment", "1", "--mail", "--text", "Bonjour, mettez Teams à jour depuis le Centre logiciel puis redémarrez.")
	c.ok("--config", cfg, "mail", "send")
	answer := parseMail(t, smtpSrv.Wait(t, 2)[1].Data)
	if !strings.Contains(answer.Text, "mettez Teams à jour depuis le Centre logiciel") || mail.TicketRef(answer.Subject) != 1 {
		t.Fatalf("answer %q:\n%s", answer.Subject, answer.Text)
	}

	// The agent replies from Outlook: a new subject, only the threading
	// headers link it to the ticket.
	reply := fmt.Sprintf("From: =?utf-8?Q?Marchand_=C3=89lodie?= <elodie.marchand@mairie.example>\r\nTo: Support informatique <hotline@mairie.example>\r\n"+
		"Subject: RE: merci\r\nMessage-ID: <reply-1@mairie.example>\r\nIn-Reply-To: <%s>\r\nReferences: <%s>\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"+
		"C'est réglé, merci !\r\n\r\nDe : Support informatique <hotline@mairie.example>\r\nEnvoyé : lundi 3 mars 2025 11:00\r\nObjet : [#1] Teams\r\n\r\nBonjour, mettez Teams à jour\r\n",
		answer.MessageID, answer.MessageID)
	imapSrv.Deliver(t, []byte(reply))
	out = c.ok("--config", cfg, "mail", "fetch")
	if !strings.Contains(out, "1 replies") {
		t.Fatalf("fetch of the reply: %s", out)
	}
	show := c.ok("--config", cfg, "ticket", "show", "1")
	if !strings.Contains(show, "C'est réglé, merci !") || strings.Contains(show, "Objet : [#1] Teams") {
		t.Fatalf("the reply is not on ticket #1, trimmed:\n%s", show)
	}
	if list := c.ok("--config", cfg, "ticket", "list", "--json"); strings.Count(list, `"id"`) != 1 {
		t.Fatalf("the reply made another ticket:\n%s", list)
	}
	if out := c.ok("--config", cfg, "mail", "outbox"); !strings.Contains(out, "outbox empty") {
		t.Fatalf("outbox: %s", out)
	}
}

func TestMailOutboxShowsFailuresAndRetries(t *testing.T) {
	c := newCLI(t)
	_, smtpSrv, cfg := mailSetup(t, c)
	c.ok("ticket", "add", "--title", "Écran noir", "--requester", "Paul", "--email", "gone@mairie.example")
	smtpSrv.Refuse("gone@mairie.example", 550)
	c.ok("--config", cfg, "ticket", "comment", "1", "--mail", "--text", "Essayez ceci.")
	r := c.run("", "--config", cfg, "mail", "send")
	if r.code != 1 || !strings.Contains(r.stdout, "0 mails sent, 1 failed") {
		t.Fatalf("send to a refused address: %+v", r)
	}
	out := c.ok("--config", cfg, "mail", "outbox")
	if !strings.Contains(out, "failed") || !strings.Contains(out, "gone@mairie.example") || !strings.Contains(out, "550") {
		t.Fatalf("outbox:\n%s", out)
	}
	smtpSrv.Refuse("gone@mairie.example", 0)
	c.ok("--config", cfg, "mail", "outbox", "--retry", "1")
	c.ok("--config", cfg, "mail", "send")
	if n := len(smtpSrv.Wait(t, 1)); n != 1 {
		t.Fatalf("%d mails, want 1", n)
	}
	if r := c.run("", "--config", cfg, "ticket", "comment", "1", "--mail", "--private", "--text", "x"); r.code != 2 {
		t.Fatalf("--mail --private: %+v", r)
	}
	if r := c.run("", "mail", "fetch"); r.code != 2 || !strings.Contains(r.stderr, "mail.imap.host") {
		t.Fatalf("fetch without IMAP: %+v", r)
	}
}

func TestMailCheckReportsATemplateMistake(t *testing.T) {
	c := newCLI(t)
	dir := filepath.Dir(c.db)
	tpl := filepath.Join(dir, "templates")
	if err := os.MkdirAll(tpl, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "check.yaml")
	if err := os.WriteFile(cfg, []byte("mail:\n  templates: "+tpl+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := c.ok("--config", cfg, "mail", "check"); !strings.Contains(out, "templates: ok") || !strings.Contains(out, "imap: not configured") {
		t.Fatalf("check: %s", out)
	}
	if err := os.WriteFile(filepath.Join(tpl, "followup.fr.txt"), []byte("Subject: [#{{.Ticket.ID}}] {{.Tiket.Title}}\n\n{{.Followup}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := c.run("", "--config", cfg, "mail", "check")
	if r.code != 1 || !strings.Contains(r.stderr, filepath.Join(tpl, "followup.fr.txt")) || !strings.Contains(r.stderr, "Tiket") {
		t.Fatalf("check of a broken template: %+v", r)
	}
}
