package mail_test

import (
	"context"
	"path/filepath"
	"testing"

	"hotline/mail"
	"hotline/mail/mailtest"
)

// BenchmarkFetch1000 is the time to fetch 1,000 mails from the loopback
// IMAP server (STARTTLS) into a Hotline database: each mail read, parsed,
// stored as a ticket in its own transaction, then marked read.
func BenchmarkFetch1000(b *testing.B) {
	const n = 1000
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		srv := mailtest.StartIMAP(b, mailtest.IMAPOptions{})
		c := srv.Client(b)
		for j := 1; j <= n; j++ {
			srv.DeliverWith(b, c, simple(j))
		}
		c.Close()
		dir := b.TempDir()
		a := openApp(b, dir, filepath.Join(dir, "hotline.db"), "")
		room := mail.Room{Room: a.Mailroom(), Files: a.AttachmentLimits()}
		cfg := mail.IMAP{Addr: srv.Addr, Security: "starttls", User: mailtest.User, Password: mailtest.Password, TLSConfig: srv.TLS.Client}
		b.StartTimer()
		rep, err := cfg.Fetch(context.Background(), room, room.Limits(), 0)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Created != n {
			b.Fatalf("%d tickets, want %d", rep.Created, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/1000mails")
}
