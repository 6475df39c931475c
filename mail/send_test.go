package mail_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/mail"
	"hotline/mail/mailtest"
)

func TestComposeAndSendOverSMTP(t *testing.T) {
	ts, err := mail.LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	subject, text, err := ts.Render("created", "fr", mail.Letter{
		Helpdesk: "Support informatique", Requester: "Élodie Marchand",
		Ticket:     mail.LetterTicket{ID: 123, Title: "Teams se ferme"},
		StatusLink: "https://helpdesk.mairie.example/s/abc",
		Tutorials:  []mail.Tutorial{{Title: "Réparer Teams", Link: "https://kb.mairie.example/a/7"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := mail.Compose(mail.Envelope{
		From: mail.Address{Name: "Support informatique", Email: "hotline@mairie.example"}, To: mail.Address{Name: "Élodie Marchand", Email: "elodie.marchand@mairie.example"},
		Subject: subject, MessageID: "hotline.123.abc@mairie.example", InReplyTo: "DB9PR05@outlook.com", References: []string{"DB9PR05@outlook.com"},
		Date: time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC), Automatic: true,
	}, text)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		opts mailtest.SMTPOptions
		cfg  func(*mailtest.SMTPServer) mail.SMTP
	}{
		{"starttls+plain", mailtest.SMTPOptions{}, func(s *mailtest.SMTPServer) mail.SMTP {
			return mail.SMTP{Addr: s.Addr, User: mailtest.User, PasswordCommand: "echo '" + mailtest.Password + "'", TLSConfig: s.TLS.Client}
		}},
		{"tls+xoauth2", mailtest.SMTPOptions{ImplicitTLS: true, OAuthOnly: true}, func(s *mailtest.SMTPServer) mail.SMTP {
			return mail.SMTP{Addr: s.Addr, Security: "tls", User: mailtest.User, TokenCommand: "echo " + mailtest.Token, TLSConfig: s.TLS.Client}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.StartSMTP(t, c.opts)
			if err := c.cfg(srv).Send(context.Background(), "hotline@mairie.example", "elodie.marchand@mairie.example", raw); err != nil {
				t.Fatal(err)
			}
			got := srv.Wait(t, 1)[0]
			if got.From != "hotline@mairie.example" || got.To[0] != "elodie.marchand@mairie.example" {
				t.Fatalf("envelope %s → %v", got.From, got.To)
			}
			// What the agent's mailer reads back.
			m, err := mail.Parse(bytes.NewReader(got.Data), mail.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if mail.TicketRef(m.Subject) != 123 || !strings.Contains(m.Subject, "Teams se ferme") {
				t.Errorf("subject %q", m.Subject)
			}
			if m.MessageID != "hotline.123.abc@mairie.example" || len(m.InReplyTo) != 1 || m.InReplyTo[0] != "DB9PR05@outlook.com" {
				t.Errorf("threading headers: id %q in-reply-to %v", m.MessageID, m.InReplyTo)
			}
			for _, want := range []string{"Bonjour Élodie Marchand,", "numéro 123", "https://helpdesk.mairie.example/s/abc", "- Réparer Teams : https://kb.mairie.example/a/7"} {
				if !strings.Contains(m.Text, want) {
					t.Errorf("text lacks %q:\n%s", want, m.Text)
				}
			}
			if m.Auto == "" {
				t.Error("a notification must carry Auto-Submitted (no out-of-office loops)")
			}
			decoded, _ := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(got.Data)))
			if !bytes.Contains(got.Data, []byte("text/html")) || !bytes.Contains(decoded, []byte(`<a href="https://helpdesk.mairie.example/s/abc">`)) {
				t.Error("no light HTML part with the link")
			}
		})
	}
}

func TestSendFailuresSayWhetherToRetry(t *testing.T) {
	srv := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	cfg := mail.SMTP{Addr: srv.Addr, User: mailtest.User, Password: mailtest.Password, TLSConfig: srv.TLS.Client}
	raw := []byte("Subject: x\r\n\r\nx\r\n")
	srv.Refuse("gone@mairie.example", 550)
	srv.Refuse("busy@mairie.example", 451)
	var se *mail.SendError
	err := cfg.Send(context.Background(), "hotline@mairie.example", "gone@mairie.example", raw)
	if !errors.As(err, &se) || !se.Permanent {
		t.Fatalf("550: %v, want a permanent failure", err)
	}
	err = cfg.Send(context.Background(), "hotline@mairie.example", "busy@mairie.example", raw)
	if !errors.As(err, &se) || se.Permanent {
		t.Fatalf("451: %v, want a failure to retry", err)
	}
	cfg.Password = "wrong"
	if err := cfg.Send(context.Background(), "hotline@mairie.example", "a@mairie.example", raw); err == nil || !strings.Contains(err.Error(), "smtp login as") {
		t.Fatalf("wrong password: %v", err)
	}
	closed := mail.SMTP{Addr: "127.0.0.1:1", Timeout: 2 * time.Second}
	if err := closed.Send(context.Background(), "h@x", "a@x", raw); !errors.As(err, &se) || se.Permanent {
		t.Fatalf("no server: %v, want a failure to retry", err)
	}
	if n := len(srv.Mails()); n != 0 {
		t.Fatalf("%d mails accepted, want none", n)
	}
}

func TestTemplatesCheckedAtStart(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("solved.fr.txt", "Subject: Résolu {{.Ticket.Title}}\n\nC'est réglé, {{.Requester}}.\n{{.RatingLink}}\n")
	ts, err := mail.LoadTemplates(dir)
	if err != nil {
		t.Fatal(err)
	}
	subject, body, err := ts.Render("solved", "fr", mail.Letter{Requester: "Paul", Ticket: mail.LetterTicket{ID: 9, Title: "VPN"}, RatingLink: "https://x/r"})
	if err != nil || subject != "[#9] Résolu VPN" || !strings.Contains(body, "C'est réglé, Paul.") {
		t.Fatalf("helpdesk's template: %q %q %v", subject, body, err)
	}
	for _, c := range []struct{ file, body, want string }{
		{"solved.fr.txt", "Subject: x {{.Ticket.Titel}}\n\ntext\n", "solved.fr.txt"},
		{"solved.fr.txt", "Subject: x {{if}}\n\ntext\n", "solved.fr.txt"},
		{"solved.fr.txt", "Bonjour\n", "first line must be \"Subject: …\""},
		{"resolu.fr.txt", "Subject: x\n\ny\n", "unknown name"},
	} {
		os.RemoveAll(dir)
		os.MkdirAll(dir, 0o755)
		write(c.file, c.body)
		_, err := mail.LoadTemplates(dir)
		var te *mail.TemplateError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), dir) {
			t.Errorf("%s %q: err = %v, want a TemplateError naming the file and %q", c.file, c.body, err, c.want)
		}
	}
	if _, err := mail.LoadTemplates(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing templates folder was accepted")
	}
}
