package ui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"hotline/app"
	"hotline/internal/config"
	"hotline/mail"
	"hotline/mail/mailtest"
	"hotline/tickets"
)

// The mail channel end to end, against loopback IMAP and SMTP servers: an
// agent's mail becomes a ticket, the technician answers in the interface
// (M), the agent gets the answer by mail, replies from Outlook, and the
// reply lands on the same ticket.
func TestMailRoundTripThroughTheInterface(t *testing.T) {
	ctx := context.Background()
	imapSrv := mailtest.StartIMAP(t, mailtest.IMAPOptions{})
	smtpSrv := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf("mail:\n  address: hotline@mairie.example\n  name: Support informatique\n  imap:\n    host: %s\n  smtp:\n    host: %s\n", imapSrv.Addr, smtpSrv.Addr)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Settings{DBPath: filepath.Join(dir, "hotline.db"), ConfigPath: cfgPath, User: "marie", Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	room := a.Mailroom()
	rcv := mail.Room{Room: room, Files: a.AttachmentLimits()}
	in := mail.IMAP{Addr: imapSrv.Addr, Security: "starttls", User: mailtest.User, Password: mailtest.Password, TLSConfig: imapSrv.TLS.Client}
	ts, err := mail.LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	outbox := &mail.Outbox{Room: room, Templates: ts, From: mail.Address{Name: "Support informatique", Email: "hotline@mairie.example"},
		SMTP: mail.SMTP{Addr: smtpSrv.Addr, User: mailtest.User, Password: mailtest.Password, TLSConfig: smtpSrv.TLS.Client}}
	fetch := func() *mail.Report {
		t.Helper()
		rep, err := in.Fetch(ctx, rcv, rcv.Limits(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	flush := func() {
		t.Helper()
		if _, err := outbox.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}

	// 1. The agent writes from Outlook.
	raw, err := os.ReadFile("../mail/testdata/outlook-fr.eml")
	if err != nil {
		t.Fatal(err)
	}
	imapSrv.Deliver(t, raw)
	if rep := fetch(); rep.Created != 1 {
		t.Fatalf("fetch: %+v", rep)
	}
	flush()
	smtpSrv.Wait(t, 1) // the acknowledgement

	// 2. The technician answers in the interface.
	r := lipgloss.NewRenderer(&strings.Builder{})
	r.SetColorProfile(termenv.Ascii)
	h := &harness{t: t, tickets: a.Tickets(), kb: a.KB(), ids: map[string]int64{"mail": 1}}
	h.m = New(Options{
		Tickets: a.Tickets(), KB: a.KB(), Mail: room, User: "marie", DBPath: a.DBPath(),
		Config: config.Config{Language: "fr"}, Renderer: r, Now: func() time.Time { return fixedNow }, Context: ctx,
		Getenv: func(string) string { return "" },
		Copy:   func(string) error { return nil }, Open: func(string) error { return nil },
		Exec: func(c *exec.Cmd, done tea.ExecCallback) tea.Cmd { return func() tea.Msg { return done(c.Run()) } },
		Tick: func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
			return func() tea.Msg { return timerMsg{d, fn} }
		},
	})
	h.m.ctx.Loc = time.UTC
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.run(h.m.Init())
	h.openTicket("mail")
	h.mustSee("Teams se ferme dès que je partage mon écran", "elodie.marchand@mairie.example")
	h.press("M")
	h.mustSee("envoyée aussi par mail à elodie.marchand@")
	h.press("Bonjour, mettez Teams à jour depuis le Centre logiciel puis redémarrez.", "ctrl+s")
	h.mustSee("elle part par mail", "✉ à envoyer par mail")

	// 3. The agent receives the answer.
	flush()
	got := smtpSrv.Wait(t, 2)[1]
	answer, err := mail.Parse(bytes.NewReader(got.Data), mail.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got.To[0] != "elodie.marchand@mairie.example" || !strings.Contains(answer.Text, "mettez Teams à jour depuis le Centre logiciel") || mail.TicketRef(answer.Subject) != 1 {
		t.Fatalf("answer to %v, %q:\n%s", got.To, answer.Subject, answer.Text)
	}

	// 4. The agent replies (Outlook keeps the threading headers).
	reply := fmt.Sprintf("From: Marchand Elodie <elodie.marchand@mairie.example>\r\nTo: Support informatique <hotline@mairie.example>\r\n"+
		"Subject: RE: %s\r\nMessage-ID: <reply-ui-1@mairie.example>\r\nIn-Reply-To: <%s>\r\nReferences: <%s>\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\nC'est réglé, merci beaucoup !\r\n\r\n"+
		"________________________________\r\nDe : Support informatique <hotline@mairie.example>\r\nEnvoyé : lundi 3 mars 2025 11:00\r\nÀ : Marchand Elodie\r\nObjet : [#1] Teams\r\n\r\nBonjour, mettez Teams à jour\r\n",
		answer.Subject, answer.MessageID, answer.MessageID)
	imapSrv.Deliver(t, []byte(reply))
	if rep := fetch(); rep.Replies != 1 || rep.Tickets[0] != 1 {
		t.Fatalf("fetch of the reply: %+v", rep)
	}

	// 5. The reply is on the same ticket, trimmed; the answer shows as sent.
	h.press("r")
	h.mustSee("C'est réglé, merci beaucoup !", "✉ envoyé par mail")
	h.mustNotSee("Objet : [#1] Teams")
	if n, _ := a.Tickets().Count(ctx, tickets.Filter{}); n != 1 {
		t.Fatalf("%d tickets, want the one", n)
	}

	// A mail that cannot go shows in the status bar.
	smtpSrv.Refuse("elodie.marchand@mairie.example", 550)
	h.press("M", "Une dernière chose.", "ctrl+s")
	flush()
	h.run(mailStuckCmd(h.m.ctx))
	h.mustSee("✉ 1 mail bloqué")
}

// A mail whose subject, sender and body carry escape sequences and a bidi
// override becomes a ticket that the interface shows inert.
func TestMailWithEscapeSequencesIsInertOnScreen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte("mail:\n  address: hotline@mairie.example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Settings{DBPath: filepath.Join(dir, "hotline.db"), ConfigPath: cfgPath, User: "marie", Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	raw, err := os.ReadFile("../mail/testdata/escape-subject.eml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.Parse(bytes.NewReader(raw), mail.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rcv := mail.Room{Room: a.Mailroom(), Files: a.AttachmentLimits()}
	if out, err := rcv.Receive(ctx, m); err != nil || out.Kind != "created" {
		t.Fatalf("%+v %v", out, err)
	}
	r := lipgloss.NewRenderer(&strings.Builder{})
	r.SetColorProfile(termenv.Ascii)
	h := &harness{t: t, tickets: a.Tickets(), kb: a.KB(), ids: map[string]int64{"evil": 1}}
	h.m = New(Options{Tickets: a.Tickets(), KB: a.KB(), User: "marie", DBPath: a.DBPath(),
		Config: config.Config{Language: "fr"}, Renderer: r, Now: func() time.Time { return fixedNow }, Context: ctx,
		Getenv: func(string) string { return "" },
		Tick: func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
			return func() tea.Msg { return timerMsg{d, fn} }
		}})
	h.m.ctx.Loc = time.UTC
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.run(h.m.Init())
	for _, screen := range []string{"queue", "ticket"} {
		if screen == "ticket" {
			h.openTicket("evil")
		}
		v := h.view()
		if strings.ContainsAny(v, "\x1b\x07\u202e") {
			t.Fatalf("%s screen lets a sequence from the mail through: %q", screen, v)
		}
		if !strings.Contains(v, "ROUGE") {
			t.Fatalf("%s screen does not show the title:\n%s", screen, v)
		}
	}
	h.mustSee("clignotant")
}
