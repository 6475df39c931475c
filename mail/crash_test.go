package mail_test

import (
	"bufio"
	"context"
	"encoding/pem"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"crypto/tls"
	"crypto/x509"

	"hotline/app"
	"hotline/mail"
	"hotline/mail/mailtest"
)

// The crash test runs the fetch in a child process (this test binary run
// again) and kills it with SIGKILL at random points: while a mail is being
// stored, right after its transaction committed but before it was marked
// in the mailbox, or after the mark. After 20 kills a last fetch runs to
// the end: every mail must be stored exactly once and marked.

const crashChildEnv = "HOTLINE_MAIL_CRASH_CHILD"

// openApp opens a Hotline on dbPath with a config naming Hotline's address.
func openApp(t testing.TB, dir, dbPath string, extraConfig string) *app.App {
	t.Helper()
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte("mail:\n  address: hotline@mairie.example\n"+extraConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Settings{DBPath: dbPath, ConfigPath: cfgPath, User: "technicien", Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// stepReceiver prints where the fetch stands, so the parent can kill it
// at a chosen point.
type stepReceiver struct{ inner mail.Receiver }

func (s stepReceiver) Receive(ctx context.Context, m *mail.Message) (mail.Outcome, error) {
	fmt.Println("receiving")
	out, err := s.inner.Receive(ctx, m)
	if err == nil {
		fmt.Println("committed")
	}
	return out, err
}

// TestCrashChild is the child's body; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) == "" {
		t.Skip("run by TestFetchSurvivesKills")
	}
	dir := os.Getenv("HOTLINE_CRASH_DIR")
	a := openApp(t, t.TempDir(), filepath.Join(dir, "hotline.db"), "")
	pool := x509.NewCertPool()
	pemBytes, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool.AppendCertsFromPEM(pemBytes)
	room := mail.Room{Room: a.Mailroom(), Files: a.AttachmentLimits()}
	cfg := mail.IMAP{Addr: os.Getenv("HOTLINE_CRASH_IMAP"), Security: "starttls", User: mailtest.User, Password: mailtest.Password,
		TLSConfig: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}}
	fmt.Println("started")
	if _, err := cfg.Fetch(context.Background(), stepReceiver{room}, room.Limits(), 0); err != nil {
		t.Fatal(err)
	}
	fmt.Println("done")
}

func TestFetchSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 20 processes")
	}
	const mails = 60
	srv := mailtest.StartIMAP(t, mailtest.IMAPOptions{})
	for i := 1; i <= mails; i++ {
		srv.Deliver(t, simple(i))
	}
	dir := t.TempDir()
	var ca []byte
	for _, c := range srv.TLS.Server.Certificates[0].Certificate {
		ca = append(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c})...)
	}
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), ca, 0o644); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), 10))
	points := []string{"receiving", "committed", "started"}
	kills := 0
	for run := 0; run < 20; run++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"=1", "HOTLINE_CRASH_DIR="+dir, "HOTLINE_CRASH_IMAP="+srv.Addr)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = cmd.Stdout
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		point := points[run%len(points)]
		nth := 1 + rng.IntN(2) // at most 2 mails a run: mails remain for every run
		if point == "started" {
			nth = 1
		}
		seen, killed := 0, false
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == point {
				seen++
				if seen == nth {
					_ = cmd.Process.Kill() // SIGKILL: no deferred code, no rollback
					killed = true
					break
				}
			}
		}
		_, _ = bufio.NewReader(out).WriteTo(discard{})
		_ = cmd.Wait()
		if killed {
			kills++
		}
	}
	if kills < 10 {
		t.Fatalf("only %d of 20 runs were killed mid-fetch: the test did not test much", kills)
	}
	// A last fetch, to the end.
	a := openApp(t, t.TempDir(), filepath.Join(dir, "hotline.db"), "")
	room := mail.Room{Room: a.Mailroom(), Files: a.AttachmentLimits()}
	cfg := mail.IMAP{Addr: srv.Addr, Security: "starttls", User: mailtest.User, Password: mailtest.Password, TLSConfig: srv.TLS.Client}
	if _, err := cfg.Fetch(context.Background(), room, room.Limits(), 0); err != nil {
		t.Fatal(err)
	}
	if total, unseen := srv.Count(t, "INBOX"); total != mails || unseen != 0 {
		t.Fatalf("INBOX: %d mails, %d unseen; want %d all marked", total, unseen, mails)
	}
	var tickets, records, distinct int
	d := a.DB()
	if err := d.QueryRow(`SELECT count(*) FROM tickets`).Scan(&tickets); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(`SELECT count(*), count(DISTINCT title) FROM tickets`).Scan(&records, &distinct); err != nil {
		t.Fatal(err)
	}
	if tickets != mails || distinct != mails {
		t.Fatalf("%d tickets (%d distinct titles) after %d kills, want each of the %d mails stored exactly once", tickets, distinct, kills, mails)
	}
	if err := d.QueryRow(`SELECT count(*) FROM mail_messages WHERE direction = 'in'`).Scan(&records); err != nil {
		t.Fatal(err)
	}
	if records != mails {
		t.Fatalf("%d mails recorded, want %d", records, mails)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
