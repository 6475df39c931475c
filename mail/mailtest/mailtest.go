// Package mailtest runs real IMAP and SMTP servers on loopback for tests:
// go-imap's imapserver with its in-memory backend, and go-smtp's server
// keeping what it receives. The client code under test holds the real
// conversation with them.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Credentials the servers accept.
const (
	User     = "hotline@mairie.example"
	Password = "s3cret pass"
	Token    = "ya29.test-access-token"
)

// TLS is a certificate for 127.0.0.1 and the client config trusting it.
type TLS struct {
	Server *tls.Config
	Client *tls.Config
}

// NewTLS makes a self-signed certificate for 127.0.0.1.
func NewTLS(t testing.TB) TLS {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return TLS{
		Server: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		Client: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"},
	}
}

// IMAPServer is a loopback IMAP server with one user and its INBOX.
type IMAPServer struct {
	Addr     string
	TLS      TLS
	user     *imapmemserver.User
	implicit bool
}

// IMAPOptions choose how the server is reached.
type IMAPOptions struct {
	ImplicitTLS bool // TLS from the first byte (port 993 style); else STARTTLS
	// OAuthOnly refuses LOGIN and plain passwords: XOAUTH2 only, as
	// Exchange Online.
	OAuthOnly bool
}

// server is what the IMAP and SMTP servers have in common for serve.
type server interface {
	Serve(net.Listener) error
	Close() error
}

// serve runs srv on a loopback port (TLS from the first byte when
// implicit) until the test ends, and returns its address.
func serve(t testing.TB, srv server, pair TLS, implicit bool) string {
	t.Helper()
	var ln net.Listener
	var err error
	if implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", pair.Server)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	t.Cleanup(func() {
		// Closing the listener too: Close before Serve began would not.
		ln.Close()
		srv.Close()
		<-done
	})
	return ln.Addr().String()
}

// StartIMAP starts the server; it stops with the test.
func StartIMAP(t testing.TB, opts IMAPOptions) *IMAPServer {
	t.Helper()
	s := &IMAPServer{TLS: NewTLS(t), user: imapmemserver.NewUser(User, Password), implicit: opts.ImplicitTLS}
	if err := s.user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem := imapmemserver.New()
	mem.AddUser(s.user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &session{Session: mem.NewSession(), oauthOnly: opts.OAuthOnly}, nil, nil
		},
		TLSConfig: s.TLS.Server,
		Caps:      imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapMove: {}, imap.CapSASLIR: {}},
		// Clients killed on purpose (the crash test) reset connections.
		Logger: log.New(io.Discard, "", 0),
	})
	s.Addr = serve(t, srv, s.TLS, opts.ImplicitTLS)
	return s
}

// session adds XOAUTH2 to the in-memory backend's session.
type session struct {
	imapserver.Session
	oauthOnly bool
}

func (s *session) Login(user, pass string) error {
	if s.oauthOnly {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAuthenticationFailed, Text: "LOGIN is disabled: use XOAUTH2"}
	}
	return s.Session.Login(user, pass)
}

func (s *session) AuthenticateMechanisms() []string {
	if s.oauthOnly {
		return []string{"XOAUTH2"}
	}
	return []string{"PLAIN", "XOAUTH2"}
}

func (s *session) Authenticate(mech string) (sasl.Server, error) {
	switch mech {
	case "PLAIN":
		if s.oauthOnly {
			break
		}
		return sasl.NewPlainServer(func(identity, user, pass string) error { return s.Session.Login(user, pass) }), nil
	case "XOAUTH2":
		return &xoauth2Server{login: func(user, token string) error {
			if token != Token {
				return errors.New("invalid token")
			}
			return s.Session.Login(user, Password)
		}}, nil
	}
	return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "mechanism not supported"}
}

func (s *session) Move(w *imapserver.MoveWriter, set imap.NumSet, dest string) error {
	return s.Session.(imapserver.SessionMove).Move(w, set, dest)
}

type xoauth2Server struct {
	login func(user, token string) error
	done  bool
}

func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if x.done {
		return nil, true, errors.New("authentication failed")
	}
	if resp == nil {
		return []byte{}, false, nil
	}
	var user, token string
	for _, f := range strings.Split(string(resp), "\x01") {
		if v, ok := strings.CutPrefix(f, "user="); ok {
			user = v
		}
		if v, ok := strings.CutPrefix(f, "auth=Bearer "); ok {
			token = v
		}
	}
	x.done = true
	if err := x.login(user, token); err != nil {
		return nil, true, err
	}
	return nil, true, nil
}

// Client opens a client session on the server (to deliver or inspect).
func (s *IMAPServer) Client(t testing.TB) *imapclient.Client {
	t.Helper()
	opts := &imapclient.Options{TLSConfig: s.TLS.Client}
	var c *imapclient.Client
	var err error
	if s.implicit {
		c, err = imapclient.DialTLS(s.Addr, opts)
	} else {
		c, err = imapclient.DialStartTLS(s.Addr, opts)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Authenticate(tokenClient{}); err != nil {
		t.Fatalf("test client login: %v", err)
	}
	return c
}

type tokenClient struct{}

func (tokenClient) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + User + "\x01auth=Bearer " + Token + "\x01\x01"), nil
}
func (tokenClient) Next([]byte) ([]byte, error) { return []byte{}, nil }

// Deliver appends mails to INBOX, unseen.
func (s *IMAPServer) Deliver(t testing.TB, mails ...[]byte) {
	t.Helper()
	c := s.Client(t)
	defer c.Close()
	s.deliver(t, c, mails...)
}

// DeliverWith appends mails through an open client (many mails).
func (s *IMAPServer) DeliverWith(t testing.TB, c *imapclient.Client, mails ...[]byte) {
	t.Helper()
	s.deliver(t, c, mails...)
}

func (s *IMAPServer) deliver(t testing.TB, c *imapclient.Client, mails ...[]byte) {
	for _, m := range mails {
		cmd := c.Append("INBOX", int64(len(m)), nil)
		if _, err := cmd.Write(m); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
}

// Count returns how many mails a folder holds and how many are unseen.
func (s *IMAPServer) Count(t testing.TB, folder string) (total, unseen int) {
	t.Helper()
	c := s.Client(t)
	defer c.Close()
	st, err := c.Status(folder, &imap.StatusOptions{NumMessages: true, NumUnseen: true}).Wait()
	if err != nil {
		t.Fatalf("status %s: %v", folder, err)
	}
	return int(*st.NumMessages), int(*st.NumUnseen)
}

// CreateFolder makes a folder (to move stored mails to).
func (s *IMAPServer) CreateFolder(t testing.TB, name string) {
	t.Helper()
	if err := s.user.Create(name, nil); err != nil {
		t.Fatal(err)
	}
}

// SMTPServer is a loopback SMTP server keeping the mails it accepts.
type SMTPServer struct {
	Addr string
	TLS  TLS

	mu     sync.Mutex
	mails  []Received
	refuse map[string]int // recipient → SMTP code to answer
	notify chan struct{}
}

// Received is a mail the SMTP server accepted.
type Received struct {
	From string
	To   []string
	Data []byte
}

// SMTPOptions choose how the server is reached.
type SMTPOptions struct {
	ImplicitTLS bool
	OAuthOnly   bool
}

// StartSMTP starts the server; it stops with the test.
func StartSMTP(t testing.TB, opts SMTPOptions) *SMTPServer {
	t.Helper()
	s := &SMTPServer{TLS: NewTLS(t), refuse: map[string]int{}, notify: make(chan struct{}, 1000)}
	srv := smtp.NewServer(&backend{s: s, oauthOnly: opts.OAuthOnly})
	srv.Domain = "127.0.0.1"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLSConfig = s.TLS.Server
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.MaxMessageBytes = 30 << 20
	s.Addr = serve(t, srv, s.TLS, opts.ImplicitTLS)
	return s
}

// Refuse makes the server answer code (4xx: try later, 5xx: never) to
// mails for rcpt; 0 accepts again.
func (s *SMTPServer) Refuse(rcpt string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		delete(s.refuse, rcpt)
		return
	}
	s.refuse[rcpt] = code
}

// Mails returns what was accepted so far.
func (s *SMTPServer) Mails() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.mails...)
}

// Wait blocks until n mails were accepted in all, or the deadline.
func (s *SMTPServer) Wait(t testing.TB, n int) []Received {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		if m := s.Mails(); len(m) >= n {
			return m
		}
		select {
		case <-s.notify:
		case <-deadline:
			t.Fatalf("waited for %d mails, got %d", n, len(s.Mails()))
		}
	}
}

type backend struct {
	s         *SMTPServer
	oauthOnly bool
}

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &smtpSession{b: b}, nil
}

type smtpSession struct {
	b    *backend
	auth bool
	from string
	to   []string
}

func (ss *smtpSession) AuthMechanisms() []string {
	if ss.b.oauthOnly {
		return []string{"XOAUTH2"}
	}
	return []string{sasl.Plain, "XOAUTH2"}
}

func (ss *smtpSession) Auth(mech string) (sasl.Server, error) {
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(identity, user, pass string) error {
			if user != User || pass != Password {
				return errors.New("invalid user or password")
			}
			ss.auth = true
			return nil
		}), nil
	case "XOAUTH2":
		return &xoauth2Server{login: func(user, token string) error {
			if user != User || token != Token {
				return errors.New("invalid token")
			}
			ss.auth = true
			return nil
		}}, nil
	}
	return nil, smtp.ErrAuthUnsupported
}

func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if !ss.auth {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.b.s.mu.Lock()
	code := ss.b.s.refuse[to]
	ss.b.s.mu.Unlock()
	if code != 0 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 1, 1}, Message: "refused by the test"}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.b.s.mu.Lock()
	ss.b.s.mails = append(ss.b.s.mails, Received{From: ss.from, To: ss.to, Data: data})
	ss.b.s.mu.Unlock()
	select {
	case ss.b.s.notify <- struct{}{}:
	default:
	}
	return nil
}

func (ss *smtpSession) Reset()        { ss.from, ss.to = "", nil }
func (ss *smtpSession) Logout() error { return nil }
