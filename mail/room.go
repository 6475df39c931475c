package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"hotline/app"
	"hotline/attachments"
	"hotline/internal/config"
	"hotline/mailstore"
)

// Room stores mails through the application's mail use cases: the
// Receiver of Fetch and Import in Hotline.
type Room struct {
	Room *app.Mailroom
	// Files are the portal's attachment limits: a mail keeps what the
	// portal would.
	Files attachments.Limits
}

// Limits are the parsing limits matching the attachment limits.
func (r Room) Limits() Limits {
	lim := r.Files.WithDefaults()
	return Limits{MaxAttachmentSize: lim.MaxSize, MaxAttachments: 50}
}

// Receive turns a parsed mail into the use case's input and stores it.
func (r Room) Receive(ctx context.Context, m *Message) (Outcome, error) {
	in := app.InboundMail{
		Key: m.Key, From: m.From.Email, FromName: m.From.Name, Subject: m.Subject,
		Title: Title(m.Subject), TicketRef: TicketRef(m.Subject), Text: m.Text, Reply: Reply(m.Text),
		Auto: m.Auto, Bounce: m.Bounce, Language: m.Language,
	}
	in.References = append(append(in.References, m.InReplyTo...), m.References...)
	lim := r.Files.WithDefaults()
	for _, f := range m.Refused {
		in.Refused = append(in.Refused, fmt.Sprintf("%s (%s) : %s", f.Name, HumanSize(f.Size), frenchReason(f.Reason)))
	}
	for _, a := range m.Attachments {
		up := attachments.Upload{Name: a.Name, Data: a.Data}
		if len(in.Files) >= lim.MaxFiles {
			in.Refused = append(in.Refused, fmt.Sprintf("%s (%s) : plus de %d fichiers dans le mail", a.Name, HumanSize(int64(len(a.Data))), lim.MaxFiles))
			continue
		}
		if _, err := attachments.Check(lim, []attachments.Upload{up}); err != nil {
			in.Refused = append(in.Refused, fmt.Sprintf("%s (%s) : %v", a.Name, HumanSize(int64(len(a.Data))), err))
			continue
		}
		in.Files = append(in.Files, up)
	}
	out, err := r.Room.Receive(ctx, in)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Kind: out.Kind, TicketID: out.TicketID, Duplicate: out.Duplicate, Detail: out.Detail}, nil
}

func frenchReason(reason string) string {
	if s, ok := strings.CutPrefix(reason, "larger than "); ok {
		return "plus grand que " + s
	}
	return reason
}

// Servers builds the IMAP and SMTP settings from the config; the
// passwords may come from the environment (HOTLINE_IMAP_PASSWORD,
// HOTLINE_SMTP_PASSWORD), never from the command line.
func Servers(c config.Mail, getenv func(string) string) (IMAP, SMTP, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	inTLS, err := tlsConfig(c.IMAP)
	if err != nil {
		return IMAP{}, SMTP{}, err
	}
	outTLS, err := tlsConfig(c.SMTP)
	if err != nil {
		return IMAP{}, SMTP{}, err
	}
	in := IMAP{
		Addr: c.IMAP.Host, Security: c.IMAP.Security, User: c.IMAP.User,
		Password: getenv("HOTLINE_IMAP_PASSWORD"), PasswordCommand: c.IMAP.PasswordCommand, TokenCommand: c.IMAP.TokenCommand,
		Mailbox: c.IMAP.Folder, MoveTo: c.IMAP.MoveTo, TLSConfig: inTLS,
	}
	out := SMTP{
		Addr: c.SMTP.Host, Security: c.SMTP.Security, User: c.SMTP.User,
		Password: getenv("HOTLINE_SMTP_PASSWORD"), PasswordCommand: c.SMTP.PasswordCommand, TokenCommand: c.SMTP.TokenCommand,
		TLSConfig: outTLS,
	}
	return in, out, nil
}

// tlsConfig trusts the server's ca_file besides the system's authorities.
func tlsConfig(s config.MailServer) (*tls.Config, error) {
	if s.CAFile == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(s.CAFile)
	if err != nil {
		return nil, fmt.Errorf("mail ca_file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("mail ca_file %s: no PEM certificate in it", s.CAFile)
	}
	host, _, _ := net.SplitHostPort(s.Host)
	return &tls.Config{RootCAs: pool, ServerName: host}, nil
}

// Outbox sends the queued mails.
type Outbox struct {
	Room      *app.Mailroom
	SMTP      SMTP
	Templates *Templates
	From      Address
	// BaseURL is the portal's address, for status and rating links.
	BaseURL string
	Log     *slog.Logger
}

// FlushReport sums up a pass over the outbox.
type FlushReport struct {
	Queued      int // solved tickets queued by this pass
	Sent        int
	Failed      int // attempts that failed (retried later, or set aside)
	Interrupted int // found 'sending' after a crash: set aside, not resent
}

// Flush queues the mails of newly solved tickets, sets aside those a
// crash interrupted, and sends what is due, each at most once: the mail is
// taken (committed) before the SMTP conversation and marked sent after.
func (o *Outbox) Flush(ctx context.Context) (FlushReport, error) {
	var rep FlushReport
	var err error
	if rep.Queued, err = o.Room.QueueSolved(ctx); err != nil {
		return rep, err
	}
	store := o.Room.Store()
	if rep.Interrupted, err = store.SetAsideInterrupted(ctx); err != nil {
		return rep, err
	}
	for {
		due, err := store.Due(ctx, 50)
		if err != nil {
			return rep, err
		}
		if len(due) == 0 {
			return rep, nil
		}
		for _, it := range due {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			switch o.sendOne(ctx, it) {
			case sent:
				rep.Sent++
			case failed:
				rep.Failed++
			}
		}
	}
}

type sendResult int

const (
	skipped sendResult = iota // another process took it
	sent
	failed // recorded on the mail
)

// sendOne renders (the first time), takes and sends one mail.
func (o *Outbox) sendOne(ctx context.Context, it mailstore.Item) sendResult {
	store := o.Room.Store()
	raw := it.Raw
	if raw == nil {
		var err error
		if raw, err = o.render(ctx, it); err != nil {
			o.fail(ctx, it, err, true)
			return failed
		}
	}
	ok, err := store.Claim(ctx, it.ID, raw)
	if err != nil {
		o.log().Error("outbox", "id", it.ID, "err", err)
		return failed
	}
	if !ok {
		return skipped
	}
	if err := o.SMTP.Send(ctx, o.From.Email, it.To, raw); err != nil {
		var se *SendError
		o.fail(ctx, it, err, errors.As(err, &se) && se.Permanent)
		return failed
	}
	if err := store.MarkSent(ctx, it.ID); err != nil {
		o.log().Error("mail sent but not marked", "outbox", it.ID, "err", err)
	}
	o.log().Info("mail sent", "outbox", it.ID, "ticket", it.TicketID, "kind", it.Kind, "to", it.To)
	return sent
}

func (o *Outbox) fail(ctx context.Context, it mailstore.Item, cause error, permanent bool) {
	store := o.Room.Store()
	if it.Status == mailstore.StatusWaiting && it.Raw == nil && permanent {
		// Not taken yet (a template or data problem): take it to record
		// the attempt.
		if _, err := store.Claim(ctx, it.ID, nil); err != nil {
			o.log().Error("outbox", "id", it.ID, "err", err)
		}
	}
	if err := store.MarkFailed(ctx, it.ID, cause, permanent); err != nil {
		o.log().Error("outbox", "id", it.ID, "err", err)
	}
	o.log().Warn("mail not sent", "outbox", it.ID, "ticket", it.TicketID, "to", it.To, "permanent", permanent, "err", cause)
}

func (o *Outbox) log() *slog.Logger {
	if o.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Log
}

func (o *Outbox) render(ctx context.Context, it mailstore.Item) ([]byte, error) {
	l, err := o.Room.Letter(ctx, it)
	if err != nil {
		return nil, err
	}
	letter := Letter{
		Helpdesk: firstNonEmpty(o.From.Name, "Le support informatique"), Requester: it.ToName,
		Ticket:   LetterTicket{ID: l.Ticket.ID, Title: l.Ticket.Title, Status: string(l.Ticket.Status)},
		Followup: l.Followup, Author: l.Author, ReopenDays: l.ReopenDays,
	}
	if l.Token != "" && o.BaseURL != "" {
		base := strings.TrimRight(o.BaseURL, "/") + "/suivi/" + l.Token
		letter.StatusLink = base
		if it.Kind == mailstore.KindSolved || it.Kind == mailstore.KindProblem {
			letter.StatusLink, letter.RatingLink = "", base+"#note"
		}
	}
	for _, t := range l.Tutorials {
		letter.Tutorials = append(letter.Tutorials, Tutorial{Title: t.Title, Link: t.URL})
	}
	if l.Problem != nil {
		letter.Problem = LetterProblem{Title: l.Problem.Title, Workaround: l.Problem.Workaround}
	}
	subject, text, err := o.Templates.Render(it.Kind, it.Language, letter)
	if err != nil {
		return nil, err
	}
	env := Envelope{
		From: o.From, To: Address{Name: it.ToName, Email: it.To}, Subject: subject, MessageID: it.MessageID,
		Date: time.Now(), Automatic: it.Kind != mailstore.KindFollowup,
	}
	if it.InReplyTo != "" {
		env.InReplyTo, env.References = it.InReplyTo, []string{it.InReplyTo}
	}
	return Compose(env, text)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
