package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
)

// Receiver stores one mail, committing before it returns: only then is the
// mail marked in the mailbox. Storing the same mail twice must create
// nothing (Outcome.Duplicate).
type Receiver interface {
	Receive(ctx context.Context, m *Message) (Outcome, error)
}

// Outcome is what became of a mail.
type Outcome struct {
	// Kind is one of mailstore's outcomes: created, reply, note, refiled,
	// ignored-auto, ignored-bounce, ignored-own, ignored-rate.
	Kind      string
	TicketID  int64
	Duplicate bool
	// Detail says more for the log ("reopened", "2 files refused").
	Detail string
}

// Ignored reports whether the mail was set aside without a ticket.
func (o Outcome) Ignored() bool { return strings.HasPrefix(o.Kind, "ignored-") }

// ErrNoBody is a mail the IMAP server listed but sent without its body.
var ErrNoBody = errors.New("the server sent no body (the mail may have been deleted meanwhile)")

// Failure is a mail that could not be read or stored: Where is "UID 12"
// or a file path.
type Failure struct {
	Where  string
	Reason string // in English, for logs
	// Err is the cause (a *ParseError, the store's typed errors…), for a
	// front end to word in its user's language.
	Err error
}

func (f Failure) String() string { return f.Where + ": " + f.Reason }

// Report sums up a fetch or an import.
type Report struct {
	Read       int
	Created    int
	Replies    int // follow-ups and notes on existing tickets
	Duplicates int
	Ignored    map[string]int // by outcome
	Failed     []Failure
	Tickets    []int64 // tickets created or followed up, in order
}

func (r *Report) add(o Outcome) {
	switch {
	case o.Duplicate:
		r.Duplicates++
	case o.Ignored():
		if r.Ignored == nil {
			r.Ignored = map[string]int{}
		}
		r.Ignored[o.Kind]++
	case o.Kind == "created" || o.Kind == "refiled":
		r.Created++
		r.Tickets = append(r.Tickets, o.TicketID)
	default:
		r.Replies++
		r.Tickets = append(r.Tickets, o.TicketID)
	}
}

// IgnoredTotal is the number of mails set aside.
func (r *Report) IgnoredTotal() int {
	n := 0
	for _, v := range r.Ignored {
		n += v
	}
	return n
}

// Summary is one line for a log or a terminal.
func (r *Report) Summary() string {
	s := fmt.Sprintf("%d mails read: %d new tickets, %d replies, %d already known, %d ignored", r.Read, r.Created, r.Replies, r.Duplicates, r.IgnoredTotal())
	if n := r.IgnoredTotal(); n > 0 {
		var parts []string
		for _, k := range []string{"ignored-auto", "ignored-bounce", "ignored-own", "ignored-rate"} {
			if v := r.Ignored[k]; v > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", v, strings.TrimPrefix(k, "ignored-")))
			}
		}
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	if len(r.Failed) > 0 {
		s += fmt.Sprintf(", %d unreadable", len(r.Failed))
	}
	return s
}

// IMAP is how to reach the helpdesk's mailbox.
type IMAP struct {
	Addr     string // host:port
	Security string // "tls" (default), "starttls", or "none" (loopback only)
	User     string
	// Password, or PasswordCommand whose output is the password.
	Password        string
	PasswordCommand string
	// TokenCommand prints an OAuth2 access token: XOAUTH2 is used
	// (Microsoft 365, where plain passwords are refused).
	TokenCommand string
	Mailbox      string // default INBOX
	// MoveTo, when set, is the folder each stored mail is moved to;
	// otherwise it is flagged \Seen.
	MoveTo string
	// TLSConfig overrides the TLS settings (tests trust their own CA).
	TLSConfig *tls.Config
	// Timeout bounds each network step (default 60 s).
	Timeout time.Duration
}

// Secret runs command (with sh -c) and returns its output without the
// final newline: the password or token never appears on a command line or
// in the config file.
func Secret(ctx context.Context, command string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg != "" {
			return "", fmt.Errorf("command %q failed: %v: %s", command, err, firstLine(msg, 200))
		}
		return "", fmt.Errorf("command %q failed: %v", command, err)
	}
	s := strings.TrimRight(string(out), "\r\n")
	if s == "" {
		return "", fmt.Errorf("command %q printed nothing", command)
	}
	return s, nil
}

// xoauth2 is the SASL mechanism Microsoft 365 and Gmail take a bearer
// token with (go-sasl has OAUTHBEARER, which Exchange Online does not).
type xoauth2 struct{ user, token string }

func (x *xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

// Next answers the server's error challenge with an empty response, after
// which the server fails the command with its message.
func (x *xoauth2) Next(challenge []byte) ([]byte, error) { return []byte{}, nil }

// NewXOAUTH2 is the XOAUTH2 SASL client for user and token.
func NewXOAUTH2(user, token string) sasl.Client { return &xoauth2{user: user, token: token} }

func (c IMAP) dial() (*imapclient.Client, error) {
	opts := &imapclient.Options{TLSConfig: c.TLSConfig, Dialer: &net.Dialer{Timeout: c.timeout()}}
	switch strings.ToLower(c.Security) {
	case "", "tls":
		return imapclient.DialTLS(c.Addr, opts)
	case "starttls":
		return imapclient.DialStartTLS(c.Addr, opts)
	case "none":
		return imapclient.DialInsecure(c.Addr, opts)
	}
	return nil, fmt.Errorf("imap security %q: use tls or starttls", c.Security)
}

func (c IMAP) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return 60 * time.Second
}

func (c IMAP) login(ctx context.Context, cl *imapclient.Client) error {
	if c.TokenCommand != "" {
		tok, err := Secret(ctx, c.TokenCommand)
		if err != nil {
			return fmt.Errorf("imap token: %w", err)
		}
		if err := cl.Authenticate(NewXOAUTH2(c.User, tok)); err != nil {
			return fmt.Errorf("imap XOAUTH2 login as %s: %w", c.User, err)
		}
		return nil
	}
	pw := c.Password
	if c.PasswordCommand != "" {
		var err error
		if pw, err = Secret(ctx, c.PasswordCommand); err != nil {
			return fmt.Errorf("imap password: %w", err)
		}
	}
	if err := cl.Login(c.User, pw).Wait(); err != nil {
		return fmt.Errorf("imap login as %s: %w", c.User, err)
	}
	return nil
}

// Fetch reads the unseen mails of the mailbox, hands each one to rcv and,
// once rcv has committed it, marks it (flag or move). A mail that cannot be
// read is reported and left unseen in the mailbox; it never stops the
// others. A crash at any point loses nothing (unmarked mails are read
// again) and duplicates nothing (rcv knows each Message-ID). limits are
// the attachment limits; max > 0 stops after that many mails.
func (c IMAP) Fetch(ctx context.Context, rcv Receiver, limits Limits, max int) (*Report, error) {
	cl, err := c.dial()
	if err != nil {
		return nil, fmt.Errorf("imap connect to %s: %w", c.Addr, err)
	}
	defer cl.Close()
	stop := context.AfterFunc(ctx, func() { cl.Close() })
	defer stop()
	if err := c.login(ctx, cl); err != nil {
		return nil, err
	}
	box := c.Mailbox
	if box == "" {
		box = "INBOX"
	}
	if _, err := cl.Select(box, nil).Wait(); err != nil {
		return nil, fmt.Errorf("imap open folder %q: %w", box, err)
	}
	found, err := cl.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen, imap.FlagDeleted}}, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("imap search unseen mails: %w", err)
	}
	rep := &Report{}
	for _, uid := range found.AllUIDs() {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		if max > 0 && rep.Read >= max {
			break
		}
		where := fmt.Sprintf("UID %d", uid)
		m, err := fetchOne(cl, uid, limits)
		if err != nil {
			if isConnError(err) {
				return rep, fmt.Errorf("imap read %s: %w", where, err)
			}
			rep.Failed = append(rep.Failed, Failure{Where: where, Reason: err.Error(), Err: err})
			continue
		}
		rep.Read++
		out, err := rcv.Receive(ctx, m)
		if err != nil {
			if ctx.Err() != nil {
				return rep, ctx.Err()
			}
			rep.Failed = append(rep.Failed, Failure{Where: where, Reason: err.Error(), Err: err})
			continue
		}
		rep.add(out)
		if err := c.mark(cl, uid); err != nil {
			return rep, fmt.Errorf("imap mark %s as done: %w", where, err)
		}
	}
	if err := cl.Logout().Wait(); err != nil && ctx.Err() == nil && !isConnError(err) {
		return rep, fmt.Errorf("imap logout: %w", err)
	}
	return rep, nil
}

func isConnError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}

// fetchOne reads one mail without setting \Seen (BODY.PEEK[]).
func fetchOne(cl *imapclient.Client, uid imap.UID, limits Limits) (*Message, error) {
	cmd := cl.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
	defer cmd.Close()
	var m *Message
	var perr error
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		for item := msg.Next(); item != nil; item = msg.Next() {
			if body, ok := item.(imapclient.FetchItemDataBodySection); ok && body.Literal != nil && m == nil && perr == nil {
				m, perr = Parse(body.Literal, limits)
				_, _ = io.Copy(io.Discard, body.Literal)
			}
		}
	}
	if err := cmd.Close(); err != nil {
		return nil, err
	}
	if perr != nil {
		return nil, perr
	}
	if m == nil {
		return nil, ErrNoBody
	}
	return m, nil
}

func (c IMAP) mark(cl *imapclient.Client, uid imap.UID) error {
	set := imap.UIDSetNum(uid)
	if c.MoveTo != "" {
		_, err := cl.Move(set, c.MoveTo).Wait()
		return err
	}
	return cl.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close()
}
