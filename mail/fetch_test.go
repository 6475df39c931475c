package mail_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"hotline/mail"
	"hotline/mail/mailtest"
)

// memReceiver keeps mails by key, as the database does: the same mail
// twice is a duplicate. It is the sink of the fetch, not a stand-in for
// the IMAP client, which talks to a real server.
type memReceiver struct {
	mu   sync.Mutex
	keys []string
	seen map[string]bool
	fail map[string]error // by subject
}

func (r *memReceiver) Receive(ctx context.Context, m *mail.Message) (mail.Outcome, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.fail[m.Subject]; err != nil {
		return mail.Outcome{}, err
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	if r.seen[m.Key] {
		return mail.Outcome{Duplicate: true}, nil
	}
	r.seen[m.Key] = true
	r.keys = append(r.keys, m.Key)
	if m.Auto != "" {
		return mail.Outcome{Kind: "ignored-auto"}, nil
	}
	return mail.Outcome{Kind: "created", TicketID: int64(len(r.keys))}, nil
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func simple(i int) []byte {
	return []byte(fmt.Sprintf("From: Agent %d <agent%d@mairie.example>\r\nTo: hotline@mairie.example\r\nSubject: Demande %d\r\n"+
		"Message-ID: <simple-%d@mairie.example>\r\nDate: Mon, 3 Mar 2025 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour, problème n° %d.\r\n", i, i, i, i, i))
}

func TestFetchTakesUnseenMailsAndMarksThem(t *testing.T) {
	for _, c := range []struct {
		name  string
		imap  mailtest.IMAPOptions
		sec   string
		token bool
	}{
		{"starttls+password", mailtest.IMAPOptions{}, "starttls", false},
		{"tls+xoauth2 (Microsoft 365)", mailtest.IMAPOptions{ImplicitTLS: true, OAuthOnly: true}, "tls", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.StartIMAP(t, c.imap)
			srv.Deliver(t, fixture(t, "outlook-fr.eml"), fixture(t, "gmail.eml"), fixture(t, "out-of-office.eml"))
			cfg := mail.IMAP{Addr: srv.Addr, Security: c.sec, User: mailtest.User, TLSConfig: srv.TLS.Client}
			if c.token {
				cfg.TokenCommand = "printf '%s\\n' " + mailtest.Token
			} else {
				cfg.PasswordCommand = "echo '" + mailtest.Password + "'"
			}
			rcv := &memReceiver{}
			rep, err := cfg.Fetch(context.Background(), rcv, mail.Limits{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Read != 3 || rep.Created != 2 || rep.Ignored["ignored-auto"] != 1 || len(rep.Failed) != 0 {
				t.Fatalf("report: %+v", rep)
			}
			if total, unseen := srv.Count(t, "INBOX"); total != 3 || unseen != 0 {
				t.Fatalf("INBOX: %d mails, %d unseen; want 3 all seen", total, unseen)
			}
			// A second fetch finds nothing new.
			rep, err = cfg.Fetch(context.Background(), rcv, mail.Limits{}, 0)
			if err != nil || rep.Read != 0 {
				t.Fatalf("second fetch: %+v, %v", rep, err)
			}
		})
	}
}

func TestFetchRefusesWrongCredentialsClearly(t *testing.T) {
	srv := mailtest.StartIMAP(t, mailtest.IMAPOptions{OAuthOnly: true})
	cfg := mail.IMAP{Addr: srv.Addr, Security: "starttls", User: mailtest.User, Password: mailtest.Password, TLSConfig: srv.TLS.Client}
	_, err := cfg.Fetch(context.Background(), &memReceiver{}, mail.Limits{}, 0)
	if err == nil || !strings.Contains(err.Error(), "imap login as "+mailtest.User) {
		t.Fatalf("plain password on an XOAUTH2-only server: %v", err)
	}
	cfg.Password, cfg.TokenCommand = "", "exit 3"
	_, err = cfg.Fetch(context.Background(), &memReceiver{}, mail.Limits{}, 0)
	if err == nil || !strings.Contains(err.Error(), "imap token") {
		t.Fatalf("failing token command: %v", err)
	}
}

func TestFetchReportsUnreadableAndKeepsGoing(t *testing.T) {
	srv := mailtest.StartIMAP(t, mailtest.IMAPOptions{})
	srv.Deliver(t, simple(1), fixture(t, "broken-mime.eml"), simple(2), simple(3))
	srv.CreateFolder(t, "Traités")
	rcv := &memReceiver{fail: map[string]error{"Demande 3": errors.New("database is locked")}}
	cfg := mail.IMAP{Addr: srv.Addr, Security: "starttls", User: mailtest.User, Password: mailtest.Password, TLSConfig: srv.TLS.Client, MoveTo: "Traités"}
	rep, err := cfg.Fetch(context.Background(), rcv, mail.Limits{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 2 || len(rep.Failed) != 2 {
		t.Fatalf("report: %+v", rep)
	}
	if f := rep.Failed[0].String(); !strings.HasPrefix(f, "UID 2: ") || !strings.Contains(f, "boundary") {
		t.Errorf("failure = %q, want the UID and the reason", f)
	}
	if f := rep.Failed[1].String(); !strings.HasPrefix(f, "UID 4: ") || !strings.Contains(f, "database is locked") {
		t.Errorf("failure = %q", f)
	}
	// The two stored mails moved; the two failed ones stay, unseen.
	if total, unseen := srv.Count(t, "INBOX"); total != 2 || unseen != 2 {
		t.Fatalf("INBOX: %d mails, %d unseen; want the 2 failed ones left unseen", total, unseen)
	}
	if total, _ := srv.Count(t, "Traités"); total != 2 {
		t.Fatalf("Traités holds %d mails, want 2", total)
	}
}

func TestImportMboxMaildirAndEml(t *testing.T) {
	dir := t.TempDir()
	var mbox bytes.Buffer
	for i := 1; i <= 3; i++ {
		mbox.WriteString("From agent@mairie.example Mon Mar  3 10:00:00 2025\n")
		body := strings.ReplaceAll(string(simple(i)), "\r\n", "\n")
		if i == 2 {
			body += "From the start, it failed.\n"
			body = strings.Replace(body, "From the start", ">From the start", 1)
		}
		mbox.WriteString(body + "\n")
	}
	mbox.WriteString("From broken Mon Mar  3 10:00:00 2025\nSubject: no sender\n\nbody\n")
	mboxPath := filepath.Join(dir, "export.mbox")
	if err := os.WriteFile(mboxPath, mbox.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	rcv := &memReceiver{}
	rep, err := mail.Import(context.Background(), mboxPath, rcv, mail.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 3 || len(rep.Failed) != 1 || !strings.Contains(rep.Failed[0].Where, "export.mbox: mail 4 (line") {
		t.Fatalf("mbox report: %+v", rep)
	}
	md := filepath.Join(dir, "Maildir")
	for _, sub := range []string{"cur", "new", "tmp"} {
		if err := os.MkdirAll(filepath.Join(md, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(md, "new", "1700000000.1.host"), simple(4), 0o644)
	os.WriteFile(filepath.Join(md, "cur", "1600000000.1.host:2,S"), simple(1), 0o644) // already imported from the mbox
	os.WriteFile(filepath.Join(md, "tmp", "1800000000.1.host"), simple(9), 0o644)     // being delivered: not read
	rep, err = mail.Import(context.Background(), md, rcv, mail.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 1 || rep.Duplicates != 1 || rep.Read != 2 {
		t.Fatalf("Maildir report: %+v", rep)
	}
	rep, err = mail.Import(context.Background(), "testdata/gmail.eml", rcv, mail.Limits{})
	if err != nil || rep.Created != 1 {
		t.Fatalf(".eml report: %+v %v", rep, err)
	}
	if _, err := mail.Import(context.Background(), filepath.Join(dir, "nothing"), rcv, mail.Limits{}); err == nil {
		t.Fatal("a missing path imported without error")
	}
}
