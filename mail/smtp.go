package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP is how to send mail.
type SMTP struct {
	Addr     string // host:port
	Security string // "starttls" (default), "tls", or "none" (loopback only)
	// User, with Password, PasswordCommand or TokenCommand (XOAUTH2);
	// no user means no authentication (a relay that trusts the host).
	User            string
	Password        string
	PasswordCommand string
	TokenCommand    string
	TLSConfig       *tls.Config
	Timeout         time.Duration // each network step (default 60 s)
}

// SendError is a failed sending; Permanent means trying again will not
// help (the server refused the address or the mail: a 5xx answer).
type SendError struct {
	Err       error
	Permanent bool
}

func (e *SendError) Error() string { return e.Err.Error() }
func (e *SendError) Unwrap() error { return e.Err }

func (c SMTP) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return 60 * time.Second
}

func (c SMTP) dial() (*smtp.Client, error) {
	tcfg := c.TLSConfig
	if tcfg == nil {
		host, _, _ := net.SplitHostPort(c.Addr)
		tcfg = &tls.Config{ServerName: host}
	}
	conn, err := (&net.Dialer{Timeout: c.timeout()}).Dial("tcp", c.Addr)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(4 * c.timeout()))
	switch strings.ToLower(c.Security) {
	case "", "starttls":
		return smtp.NewClientStartTLS(conn, tcfg)
	case "tls":
		tc := tls.Client(conn, tcfg)
		if err := tc.Handshake(); err != nil {
			conn.Close()
			return nil, err
		}
		return smtp.NewClient(tc), nil
	case "none":
		return smtp.NewClient(conn), nil
	}
	conn.Close()
	return nil, fmt.Errorf("smtp security %q: use starttls or tls", c.Security)
}

// Send sends one mail, raw as composed, from from to to.
func (c SMTP) Send(ctx context.Context, from, to string, raw []byte) error {
	cl, err := c.dial()
	if err != nil {
		return &SendError{Err: fmt.Errorf("smtp connect to %s: %w", c.Addr, err)}
	}
	defer cl.Close()
	stop := context.AfterFunc(ctx, func() { cl.Close() })
	defer stop()
	if c.User != "" {
		var auth sasl.Client
		switch {
		case c.TokenCommand != "":
			tok, err := Secret(ctx, c.TokenCommand)
			if err != nil {
				return &SendError{Err: fmt.Errorf("smtp token: %w", err)}
			}
			auth = NewXOAUTH2(c.User, tok)
		default:
			pw := c.Password
			if c.PasswordCommand != "" {
				if pw, err = Secret(ctx, c.PasswordCommand); err != nil {
					return &SendError{Err: fmt.Errorf("smtp password: %w", err)}
				}
			}
			auth = sasl.NewPlainClient("", c.User, pw)
		}
		if err := cl.Auth(auth); err != nil {
			return &SendError{Err: fmt.Errorf("smtp login as %s: %w", c.User, err)}
		}
	}
	if err := cl.SendMail(from, []string{to}, bytes.NewReader(raw)); err != nil {
		return &SendError{Err: fmt.Errorf("smtp send to %s: %w", to, err), Permanent: permanent(err)}
	}
	_ = cl.Quit()
	return nil
}

// permanent reports a 5xx answer: the server will refuse again.
func permanent(err error) bool {
	var se *smtp.SMTPError
	return errors.As(err, &se) && se.Code >= 500 && se.Code < 600
}
