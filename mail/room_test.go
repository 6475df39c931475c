package mail_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/app"
	"hotline/mail"
	"hotline/mail/mailtest"
	"hotline/tickets"
)

type desk struct {
	t    *testing.T
	app  *app.App
	room mail.Room
}

func newDesk(t *testing.T, extraConfig string) *desk {
	dir := t.TempDir()
	a := openApp(t, dir, filepath.Join(dir, "hotline.db"), extraConfig)
	return &desk{t: t, app: a, room: mail.Room{Room: a.Mailroom(), Files: a.AttachmentLimits()}}
}

func (d *desk) receive(raw []byte) mail.Outcome {
	d.t.Helper()
	m, err := mail.Parse(bytes.NewReader(raw), d.room.Limits())
	if err != nil {
		d.t.Fatal(err)
	}
	out, err := d.room.Receive(context.Background(), m)
	if err != nil {
		d.t.Fatal(err)
	}
	return out
}

func (d *desk) ticket(id int64) *tickets.Ticket {
	d.t.Helper()
	tk, err := d.app.Tickets().Get(context.Background(), id)
	if err != nil {
		d.t.Fatal(err)
	}
	return tk
}

func (d *desk) followups(id int64) []tickets.Followup {
	d.t.Helper()
	fs, err := d.app.Tickets().Followups(context.Background(), id)
	if err != nil {
		d.t.Fatal(err)
	}
	return fs
}

func mailFrom(from, subject, id, headers, body string) []byte {
	return []byte(fmt.Sprintf("From: %s\r\nTo: hotline@mairie.example\r\nSubject: %s\r\nMessage-ID: <%s>\r\n%sContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		from, subject, id, headers, strings.ReplaceAll(body, "\n", "\r\n")))
}

func TestMailBecomesTicketWithRequesterFromLastTicket(t *testing.T) {
	d := newDesk(t, "")
	ctx := context.Background()
	if _, err := d.app.Tickets().Create(ctx, tickets.NewTicket{Title: "ancien", Requester: tickets.Requester{Name: "É. Marchand", Service: "Voirie", Email: "Elodie.Marchand@mairie.example", Phone: "06 12 34 56 78"}}, "x"); err != nil {
		t.Fatal(err)
	}
	out := d.receive(fixture(t, "outlook-fr.eml"))
	if out.Kind != "created" || out.Duplicate {
		t.Fatalf("outcome %+v", out)
	}
	tk := d.ticket(out.TicketID)
	if tk.Title != "Teams se ferme dès que je partage mon écran" || !strings.Contains(tk.Description, "J’ai déjà redémarré le PC") {
		t.Fatalf("ticket %q: %q", tk.Title, tk.Description)
	}
	if tk.Requester.Email != "elodie.marchand@mairie.example" || tk.Requester.Name != "Marchand Élodie" || tk.Requester.Service != "Voirie" || tk.Requester.Phone != "06 12 34 56 78" {
		t.Fatalf("requester %+v", tk.Requester)
	}
	// The same mail again (a second fetch, a re-import) creates nothing.
	if again := d.receive(fixture(t, "outlook-fr.eml")); !again.Duplicate {
		t.Fatalf("second reading: %+v", again)
	}
	n, _ := d.app.Tickets().Count(ctx, tickets.Filter{})
	if n != 2 {
		t.Fatalf("%d tickets, want 2", n)
	}
}

func TestRepliesThreadAndMoveTheTicket(t *testing.T) {
	d := newDesk(t, "")
	ctx := context.Background()
	first := d.receive(mailFrom("Karim <karim@mairie.example>", "VPN qui coupe", "k1@x", "", "Le VPN coupe."))
	id := first.TicketID
	pending := tickets.StatusPending
	who := "mlefebvre"
	if _, err := d.app.Tickets().Update(ctx, id, 0, tickets.Patch{Assignee: &who}, "mlefebvre"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.app.Tickets().Update(ctx, id, 0, tickets.Patch{Status: &pending}, "mlefebvre"); err != nil {
		t.Fatal(err)
	}
	// Found by References alone (the subject says nothing).
	out := d.receive(mailFrom("Karim <karim@mairie.example>", "Re: question", "k2@x", "References: <k1@x>\r\n",
		"Toujours pareil.\n\nLe lun. 3 mars 2025 à 10:12, Hotline <hotline@mairie.example> a écrit :\n> Pouvez-vous…"))
	if out.Kind != "reply" || out.TicketID != id {
		t.Fatalf("reply by References: %+v", out)
	}
	if st := d.ticket(id).Status; st != tickets.StatusAssigned {
		t.Fatalf("a reply to a pending ticket leaves it %s, want assigned", st)
	}
	fs := d.followups(id)
	last := fs[len(fs)-1]
	if last.Private || !last.FromRequester || last.Body != "Toujours pareil." {
		t.Fatalf("follow-up %+v", last)
	}
	// Found by [#N]; from someone else: a private note, flagged.
	out = d.receive(mailFrom("Chef <chef@mairie.example>", fmt.Sprintf("TR: [#%d] VPN", id), "c1@x", "", "Je confirme, tout le service est touché."))
	if out.Kind != "note" || out.TicketID != id {
		t.Fatalf("reply from another address: %+v", out)
	}
	fs = d.followups(id)
	last = fs[len(fs)-1]
	if !last.Private || !strings.Contains(last.Body, "⚑") || !strings.Contains(last.Body, "chef@mairie.example") || !strings.Contains(last.Body, "tout le service") {
		t.Fatalf("note %+v", last)
	}
	// [#N] naming no ticket: a new ticket.
	out = d.receive(mailFrom("Karim <karim@mairie.example>", "Re: [#999] autre", "k3@x", "", "Autre chose."))
	if out.Kind != "created" || out.TicketID == id {
		t.Fatalf("unknown [#999]: %+v", out)
	}
}

func TestReplyToSolvedTicketReopensWithinTheWindowThenRefiles(t *testing.T) {
	d := newDesk(t, "  reopen_days: 7\n")
	ctx := context.Background()
	id := d.receive(mailFrom("Karim <karim@mairie.example>", "Imprimante", "p1@x", "", "Bourrage.")).TicketID
	solved := tickets.StatusSolved
	if _, err := d.app.Tickets().Update(ctx, id, 0, tickets.Patch{Status: &solved}, "mlefebvre"); err != nil {
		t.Fatal(err)
	}
	out := d.receive(mailFrom("Karim <karim@mairie.example>", fmt.Sprintf("RE: [#%d] Imprimante", id), "p2@x", "", "Ça recommence."))
	if out.Kind != "reply" || out.TicketID != id || d.ticket(id).Status.IsOpen() == false {
		t.Fatalf("reply within the window: %+v, status %s", out, d.ticket(id).Status)
	}
	if _, err := d.app.Tickets().Update(ctx, id, 0, tickets.Patch{Status: &solved}, "mlefebvre"); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-8 * 24 * time.Hour).Unix()
	if _, err := d.app.DB().Exec(`UPDATE tickets SET solved_at = ? WHERE id = ?`, old, id); err != nil {
		t.Fatal(err)
	}
	out = d.receive(mailFrom("Karim <karim@mairie.example>", fmt.Sprintf("RE: [#%d] Imprimante", id), "p3@x", "", "Encore !"))
	if out.Kind != "refiled" || out.TicketID == id {
		t.Fatalf("reply after the window: %+v", out)
	}
	if tk := d.ticket(out.TicketID); !strings.Contains(tk.Description, fmt.Sprintf("#%d", id)) || !strings.Contains(tk.Description, "Encore !") {
		t.Fatalf("new ticket does not point to the old one: %q", tk.Description)
	}
	if st := d.ticket(id).Status; st != tickets.StatusSolved {
		t.Fatalf("old ticket %s, want left solved", st)
	}
}

func TestIgnoredMailsAreCountedNotFiled(t *testing.T) {
	d := newDesk(t, "  rate_limit: {count: 3, per: 1h}\n")
	ctx := context.Background()
	for _, c := range []struct {
		raw  []byte
		kind string
	}{
		{fixture(t, "out-of-office.eml"), "ignored-auto"},
		{fixture(t, "bounce.eml"), "ignored-bounce"},
		{mailFrom("Hotline <hotline@mairie.example>", "[#1] Votre demande", "own@x", "", "loop"), "ignored-own"},
		{mailFrom("Liste <liste@mairie.example>", "Newsletter", "bulk@x", "Precedence: bulk\r\n", "news"), "ignored-auto"},
	} {
		if out := d.receive(c.raw); out.Kind != c.kind || out.TicketID != 0 {
			t.Errorf("outcome %+v, want %s", out, c.kind)
		}
	}
	for i := 1; i <= 5; i++ {
		out := d.receive(mailFrom("Robot <robot@mairie.example>", fmt.Sprintf("Alerte %d", i), fmt.Sprintf("r%d@x", i), "", "alerte"))
		want := "created"
		if i > 3 {
			want = "ignored-rate"
		}
		if out.Kind != want {
			t.Errorf("mail %d from one sender: %s, want %s", i, out.Kind, want)
		}
	}
	counts, err := d.room.Room.Store().Counts(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if counts["ignored-auto"] != 2 || counts["ignored-bounce"] != 1 || counts["ignored-own"] != 1 || counts["ignored-rate"] != 2 || counts["created"] != 3 {
		t.Fatalf("counts %v", counts)
	}
	if n, _ := d.app.Tickets().Count(ctx, tickets.Filter{}); n != 3 {
		t.Fatalf("%d tickets, want 3", n)
	}
}

func TestAttachmentsWithinPortalLimitsRestNoted(t *testing.T) {
	d := newDesk(t, "attachments:\n  max_size: 1MB\n")
	m, err := mail.Parse(bytes.NewReader(mail.BigMail(20<<20)), d.room.Limits())
	if err != nil {
		t.Fatal(err)
	}
	out, err := d.room.Receive(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	atts, err := d.app.Attachments().List(context.Background(), out.TicketID)
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 1 || atts[0].Name != "capture.png" {
		t.Fatalf("kept %+v, want capture.png only", atts)
	}
	fs := d.followups(out.TicketID)
	if len(fs) != 1 || !fs[0].Private || !strings.Contains(fs[0].Body, "journal.zip (20.0 MB)") {
		t.Fatalf("no note naming the refused file: %+v", fs)
	}
	if !strings.Contains(d.ticket(out.TicketID).Description, "journal demandé") {
		t.Fatal("the text of the mail was lost")
	}
}

// outboxFor builds the sender of a desk against a loopback SMTP server.
func (d *desk) outboxFor(srv *mailtest.SMTPServer) *mail.Outbox {
	d.t.Helper()
	ts, err := mail.LoadTemplates("")
	if err != nil {
		d.t.Fatal(err)
	}
	return &mail.Outbox{Room: d.room.Room, Templates: ts, From: mail.Address{Name: "Support", Email: "hotline@mairie.example"},
		BaseURL: "https://support.mairie.example",
		SMTP:    mail.SMTP{Addr: srv.Addr, User: mailtest.User, Password: mailtest.Password, TLSConfig: srv.TLS.Client}}
}

func TestSolvedAndProblemSolvedAreMailed(t *testing.T) {
	srv := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	d := newDesk(t, "  smtp:\n    host: "+srv.Addr+"\n")
	ctx := context.Background()
	ob := d.outboxFor(srv)
	// Solved before mail was set up: never mailed.
	early := d.receive(mailFrom("Paul <paul@mairie.example>", "Ancien", "old@x", "", "ancien")).TicketID
	solved := tickets.StatusSolved
	if _, err := d.app.Tickets().Update(ctx, early, 0, tickets.Patch{Status: &solved}, "marie"); err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Flush(ctx); err != nil { // the first pass sets the starting point (and sends the acknowledgement)
		t.Fatal(err)
	}
	sent := len(srv.Wait(t, 1))

	a := d.receive(mailFrom("Karim <karim@mairie.example>", "Imprimante", "s1@x", "", "Bourrage.")).TicketID
	b := d.receive(mailFrom("Sophie <sophie@mairie.example>", "VPN en 4G", "s2@x", "Content-Language: en-GB\r\n", "VPN drops.")).TicketID
	if _, err := d.app.Tickets().Comment(ctx, a, "marie", "Le bac 2 était mal enclenché.", false); err != nil {
		t.Fatal(err)
	}
	if _, err := d.app.Tickets().Update(ctx, a, 0, tickets.Patch{Status: &solved}, "marie"); err != nil {
		t.Fatal(err)
	}
	p, err := d.app.Tickets().CreateProblem(ctx, tickets.NewProblem{Title: "Coupures VPN en 4G", Workaround: "Passer le profil VPN en TCP.", TicketIDs: []int64{b}}, "marie")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.app.Tickets().SolveProblem(ctx, p.ID, true, "Passer le profil VPN en TCP.", "marie"); err != nil {
		t.Fatal(err)
	}
	rep, err := ob.Flush(ctx)
	if err != nil || rep.Queued != 2 {
		t.Fatalf("flush: %+v %v", rep, err)
	}
	got := srv.Wait(t, sent+4) // two acknowledgements, two solutions
	byTicket := map[int64]*mail.Message{}
	for _, r := range got[sent:] {
		m, err := mail.Parse(bytes.NewReader(r.Data), mail.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.Subject, "Demande enregistrée") && !strings.Contains(m.Subject, "Request received") {
			byTicket[mail.TicketRef(m.Subject)] = m
		}
	}
	if m := byTicket[early]; m != nil {
		t.Fatalf("a ticket solved before mail was set up was mailed: %q", m.Subject)
	}
	sa := byTicket[a]
	if sa == nil || !strings.Contains(sa.Subject, "Demande résolue") || !strings.Contains(sa.Text, "Le bac 2 était mal enclenché.") ||
		!strings.Contains(sa.Text, "https://support.mairie.example/suivi/") || !strings.Contains(sa.Text, "#note") {
		t.Fatalf("solved mail: %+v", sa)
	}
	sb := byTicket[b]
	if sb == nil || !strings.Contains(sb.Subject, "Solution:") || !strings.Contains(sb.Text, "Coupures VPN en 4G") || !strings.Contains(sb.Text, "Passer le profil VPN en TCP.") {
		t.Fatalf("problem mail (in English, as the agent wrote): %+v", sb)
	}
	// Nothing is queued twice.
	if rep, _ := ob.Flush(ctx); rep.Queued != 0 || rep.Sent != 0 {
		t.Fatalf("second flush: %+v", rep)
	}
}

func TestPollerPassReadsAndSends(t *testing.T) {
	imapSrv := mailtest.StartIMAP(t, mailtest.IMAPOptions{})
	smtpSrv := mailtest.StartSMTP(t, mailtest.SMTPOptions{})
	d := newDesk(t, "  smtp:\n    host: "+smtpSrv.Addr+"\n")
	imapSrv.Deliver(t, fixture(t, "gmail.eml"), fixture(t, "out-of-office.eml"), fixture(t, "broken-mime.eml"))
	var logs bytes.Buffer
	p := &mail.Poller{
		IMAP:     &mail.IMAP{Addr: imapSrv.Addr, Security: "starttls", User: mailtest.User, Password: mailtest.Password, TLSConfig: imapSrv.TLS.Client},
		Receiver: d.room, Limits: d.room.Limits(), Outbox: d.outboxFor(smtpSrv), Log: slog.New(slog.NewTextHandler(&logs, nil)),
	}
	p.Pass(context.Background())
	p.Pass(context.Background())
	smtpSrv.Wait(t, 1)
	out := logs.String()
	for _, want := range []string{"2 mails read: 1 new tickets", "1 ignored (1 auto), 1 unreadable", "UID 3", "boundary", "sent=1"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "UID 3") != 1 {
		t.Errorf("the unreadable mail is logged at every pass:\n%s", out)
	}
}
