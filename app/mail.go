package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotline/attachments"
	"hotline/internal/db"
	"hotline/kb"
	"hotline/mailstore"
	"hotline/tickets"
)

// InboundMail is a mail as the mail front end read it, ready to become a
// ticket or a follow-up.
type InboundMail struct {
	Key        string // the Message-ID, else a digest of the mail
	From       string // the sender's address
	FromName   string
	Subject    string   // as sent, for the log
	Title      string   // the subject without Re:, TR:… and [#N]
	TicketRef  int64    // the [#N] of the subject, 0 if none
	References []string // In-Reply-To then References
	Text       string   // the whole body (a new ticket's description)
	Reply      string   // the body without quotes and signature (a follow-up)
	Files      []attachments.Upload
	// Refused are files the mail brought but that were not kept, each
	// with why ("journal.zip (20.0 MB): larger than 5 MB").
	Refused  []string
	Auto     string // why it is an automatic answer, "" when a person wrote
	Bounce   bool
	Language string // "fr", "en" or "" (unknown)
}

// MailOutcome is what became of a mail.
type MailOutcome struct {
	Kind       string // mailstore.Outcome*
	TicketID   int64
	FollowupID int64
	Duplicate  bool   // already read before: nothing was written
	Detail     string // for the log
}

// MailOptions are the mail settings the use cases enforce.
type MailOptions struct {
	Address      string        // Hotline's own address
	Domain       string        // for Message-IDs
	Language     string        // of mails when the agent's is unknown
	ReopenWindow time.Duration // a reply reopens a ticket solved less than this ago
	RateCount    int           // more mails than this from one sender…
	RatePer      time.Duration // …in this period are ignored
	// Outgoing is false when no SMTP server is configured: nothing is
	// queued to send.
	Outgoing bool
}

// Mailroom holds the mail channel's use cases: a mail read becomes a
// ticket or a follow-up (one transaction with its record, so that the same
// mail never counts twice), and what the helpdesk writes is queued to be
// mailed to the agent.
type Mailroom struct {
	db      *sql.DB
	desk    *Desk
	tickets *tickets.Store
	mail    *mailstore.Store
	opts    MailOptions
}

// NewMailroom builds the use cases on opened stores.
func NewMailroom(sqldb *sql.DB, desk *Desk, ms *mailstore.Store, opts MailOptions) *Mailroom {
	if opts.ReopenWindow <= 0 {
		opts.ReopenWindow = 7 * 24 * time.Hour
	}
	if opts.RateCount <= 0 {
		opts.RateCount = 20
	}
	if opts.RatePer <= 0 {
		opts.RatePer = time.Hour
	}
	if opts.Language != "en" {
		opts.Language = "fr"
	}
	opts.Address = strings.ToLower(strings.TrimSpace(opts.Address))
	if opts.Domain == "" {
		if _, d, ok := strings.Cut(opts.Address, "@"); ok {
			opts.Domain = d
		}
	}
	return &Mailroom{db: sqldb, desk: desk, tickets: desk.Tickets, mail: ms, opts: opts}
}

// Mailroom is the mail channel's use cases on the opened database, with
// the config's mail settings; nil before Open.
func (a *App) Mailroom() *Mailroom {
	if a.db == nil {
		return nil
	}
	m := a.Config.Mail
	count, per := m.Rate()
	return NewMailroom(a.db.DB, a.Desk(), mailstore.NewStore(a.db.DB, nil), MailOptions{
		Address: m.Address, Language: firstNonEmpty(m.Language, a.Config.Language), ReopenWindow: m.ReopenWindow(),
		RateCount: count, RatePer: per, Outgoing: m.SMTP.Configured(),
	})
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// Store is the mail records and the outbox.
func (m *Mailroom) Store() *mailstore.Store { return m.mail }

// Options are the settings in force.
func (m *Mailroom) Options() MailOptions { return m.opts }

// Receive stores one mail: a new ticket, a follow-up on the ticket it
// answers, or nothing when it is an automatic answer, a bounce, Hotline's
// own mail or one too many from its sender; in every case the mail is
// recorded, in the same transaction, so reading it again creates nothing.
func (m *Mailroom) Receive(ctx context.Context, in InboundMail) (MailOutcome, error) {
	in.From = strings.ToLower(strings.TrimSpace(in.From))
	if in.Key == "" {
		return MailOutcome{}, errors.New("mail without a Message-ID or digest")
	}
	if seen, err := m.mail.Seen(ctx, m.db, in.Key); err != nil || seen {
		return MailOutcome{Duplicate: seen}, err
	}
	var out MailOutcome
	err := db.WithTx(ctx, m.db, func(tx *sql.Tx) error {
		var err error
		out, err = m.receiveTx(ctx, tx, in)
		if err != nil {
			return err
		}
		return m.mail.RecordTx(ctx, tx, mailstore.Record{Key: in.Key, Direction: mailstore.DirectionIn, TicketID: out.TicketID,
			FollowupID: out.FollowupID, Sender: in.From, Outcome: out.Kind, Detail: out.Detail, Language: in.Language})
	})
	if errors.Is(err, mailstore.ErrDuplicate) {
		// Another process stored it meanwhile: what it wrote stands.
		return MailOutcome{Duplicate: true}, nil
	}
	if err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			return MailOutcome{}, fmt.Errorf("mail from %s refused: %w", in.From, err)
		}
		return MailOutcome{}, fmt.Errorf("store mail from %s: %w", in.From, err)
	}
	return out, nil
}

func (m *Mailroom) receiveTx(ctx context.Context, tx *sql.Tx, in InboundMail) (MailOutcome, error) {
	switch {
	case m.opts.Address != "" && in.From == m.opts.Address:
		return MailOutcome{Kind: mailstore.OutcomeOwn, Detail: "from Hotline's own address"}, nil
	case in.Bounce:
		return MailOutcome{Kind: mailstore.OutcomeBounce, Detail: in.Subject}, nil
	case in.Auto != "":
		return MailOutcome{Kind: mailstore.OutcomeAuto, Detail: in.Auto}, nil
	}
	n, err := m.mail.CountFrom(ctx, tx, in.From, m.mail.Now().Add(-m.opts.RatePer))
	if err != nil {
		return MailOutcome{}, err
	}
	if n >= m.opts.RateCount {
		return MailOutcome{Kind: mailstore.OutcomeRate, Detail: fmt.Sprintf("%d mails from %s in %s", n, in.From, m.opts.RatePer)}, nil
	}
	id, err := m.thread(ctx, tx, in)
	if err != nil {
		return MailOutcome{}, err
	}
	if id == 0 {
		return m.newTicket(ctx, tx, in, 0)
	}
	t, err := m.tickets.GetTx(ctx, tx, id)
	if err != nil {
		return MailOutcome{}, err
	}
	if !strings.EqualFold(strings.TrimSpace(t.Requester.Email), in.From) {
		return m.note(ctx, tx, t, in)
	}
	if !t.Status.IsOpen() && (t.Status == tickets.StatusClosed || t.SolvedAt == nil || m.mail.Now().Sub(*t.SolvedAt) > m.opts.ReopenWindow) {
		return m.newTicket(ctx, tx, in, t.ID)
	}
	body := in.Reply
	if strings.TrimSpace(body) == "" {
		body = in.Text
	}
	if strings.TrimSpace(body) == "" {
		body = "(mail sans texte)"
	}
	reopened := !t.Status.IsOpen()
	author := firstNonEmpty(in.FromName, t.Requester.Name, in.From)
	f, err := m.desk.ReplyTx(ctx, tx, t.ID, author, body, in.Files, tickets.ChannelMail)
	if err != nil {
		return MailOutcome{}, err
	}
	out := MailOutcome{Kind: mailstore.OutcomeReply, TicketID: t.ID, FollowupID: f.ID}
	if reopened {
		out.Detail = "reopened"
	} else if t.Status == tickets.StatusPending {
		out.Detail = "back from pending"
	}
	return out, m.refusedNote(ctx, tx, t.ID, in)
}

// thread finds the ticket a mail answers: a Message-ID Hotline sent or
// read in its References, else the [#N] of its subject.
func (m *Mailroom) thread(ctx context.Context, tx *sql.Tx, in InboundMail) (int64, error) {
	id, err := m.mail.TicketOf(ctx, tx, in.References)
	if err != nil || id != 0 {
		return id, err
	}
	if in.TicketRef > 0 {
		if _, err := m.tickets.GetTx(ctx, tx, in.TicketRef); err == nil {
			return in.TicketRef, nil
		} else if !errors.Is(err, tickets.ErrNotFound) {
			return 0, err
		}
	}
	return 0, nil
}

// note keeps a mail about a ticket from someone else than its requester
// as a private note flagged for the technician: it may be a colleague, or
// someone who should not see the answers.
func (m *Mailroom) note(ctx context.Context, tx *sql.Tx, t *tickets.Ticket, in InboundMail) (MailOutcome, error) {
	body := fmt.Sprintf("⚑ Mail de %s, qui n'est pas le demandeur (%s) : à vérifier avant de répondre.\n\n%s",
		firstNonEmpty(in.FromName+" <"+in.From+">", in.From), firstNonEmpty(t.Requester.Email, "sans adresse"), firstNonEmpty(in.Reply, in.Text, "(mail sans texte)"))
	f, err := m.tickets.CommentTx(ctx, tx, t.ID, in.From, body, true)
	if err != nil {
		return MailOutcome{}, err
	}
	if len(in.Files) > 0 {
		if _, err := m.desk.Attachments.AddTx(ctx, tx, t.ID, f.ID, in.Files, in.From, tickets.ChannelMail); err != nil {
			return MailOutcome{}, err
		}
	}
	return MailOutcome{Kind: mailstore.OutcomeNote, TicketID: t.ID, FollowupID: f.ID, Detail: "from " + in.From + ", not the requester"},
		m.refusedNote(ctx, tx, t.ID, in)
}

// newTicket files the mail as a ticket (after, when set, is the solved
// ticket it follows up too late to reopen) and queues the acknowledgement
// with the status link.
func (m *Mailroom) newTicket(ctx context.Context, tx *sql.Tx, in InboundMail, after int64) (MailOutcome, error) {
	req := tickets.Requester{Name: firstNonEmpty(in.FromName, in.From), Email: in.From}
	last, err := m.tickets.LastOfRequester(ctx, tx, in.From)
	if err != nil {
		return MailOutcome{}, err
	}
	if last != nil {
		req.Service, req.Phone = last.Requester.Service, last.Requester.Phone
		if in.FromName == "" {
			req.Name = firstNonEmpty(last.Requester.Name, req.Name)
		}
	}
	desc := strings.TrimSpace(in.Text)
	kind := mailstore.OutcomeCreated
	detail := ""
	if after > 0 {
		desc = fmt.Sprintf("Suite de la demande #%d (résolue depuis plus de %d jours).\n\n%s", after, int(m.opts.ReopenWindow.Hours()/24), firstNonEmpty(in.Reply, desc))
		kind, detail = mailstore.OutcomeRefiled, fmt.Sprintf("follows #%d, solved too long ago", after)
	}
	if len(desc) > tickets.MaxDescriptionLen {
		desc = desc[:tickets.MaxDescriptionLen-4] + "\n[…]"
		desc = strings.ToValidUTF8(desc, "")
	}
	title := in.Title
	if r := []rune(title); len(r) > tickets.MaxTitleLen {
		title = string(r[:tickets.MaxTitleLen-1]) + "…"
	}
	if strings.TrimSpace(title) == "" && desc == "" {
		title = "Mail sans objet de " + in.From
	}
	res, err := m.desk.IntakeTx(ctx, tx, IntakeRequest{
		Ticket:      tickets.NewTicket{Title: title, Description: desc, Requester: req},
		Attachments: in.Files, Channel: tickets.ChannelMail, Actor: in.From,
	})
	if err != nil {
		return MailOutcome{}, err
	}
	out := MailOutcome{Kind: kind, TicketID: res.Ticket.ID, Detail: detail}
	if err := m.refusedNote(ctx, tx, res.Ticket.ID, in); err != nil {
		return out, err
	}
	if m.opts.Outgoing {
		_, err := m.mail.EnqueueTx(ctx, tx, mailstore.Outgoing{TicketID: res.Ticket.ID, Kind: mailstore.KindCreated,
			To: in.From, ToName: req.Name, Language: m.languageFor(in.Language), InReplyTo: refOf(in.Key), LinkToken: res.Token}, m.opts.Domain)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

func refOf(key string) string {
	if strings.HasPrefix(key, "sha256:") {
		return ""
	}
	return key
}

func (m *Mailroom) languageFor(lang string) string {
	if lang == "fr" || lang == "en" {
		return lang
	}
	return m.opts.Language
}

// refusedNote tells the technician which files the mail brought that were
// not kept, so that they can ask for them another way.
func (m *Mailroom) refusedNote(ctx context.Context, tx *sql.Tx, id int64, in InboundMail) error {
	if len(in.Refused) == 0 {
		return nil
	}
	body := "Pièces jointes du mail non gardées :\n- " + strings.Join(in.Refused, "\n- ")
	_, err := m.tickets.CommentTx(ctx, tx, id, "hotline", body, true)
	return err
}

// CommentByMail adds a technician's public follow-up and queues it to be
// mailed to the requester, in one transaction (expectedVersion > 0: only
// if the ticket is still at that version).
func (m *Mailroom) CommentByMail(ctx context.Context, id, expectedVersion int64, author, body string) (*tickets.Followup, error) {
	if !m.opts.Outgoing {
		return nil, errors.New("mail is not configured (mail.smtp in the config)")
	}
	var f *tickets.Followup
	err := db.WithTx(ctx, m.db, func(tx *sql.Tx) error {
		t, err := m.tickets.GetTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if expectedVersion > 0 && t.Version != expectedVersion {
			return &tickets.ConflictError{ID: id, Expected: expectedVersion, Actual: t.Version}
		}
		if !strings.Contains(t.Requester.Email, "@") {
			return fmt.Errorf("ticket #%d has no requester email to mail the answer to: %w", id, tickets.ErrInvalid)
		}
		if f, err = m.tickets.CommentTx(ctx, tx, id, author, body, false); err != nil {
			return err
		}
		return m.enqueue(ctx, tx, t, mailstore.KindFollowup, f.ID, false)
	})
	if err != nil {
		return nil, fmt.Errorf("comment on ticket #%d by mail: %w", id, err)
	}
	return f, nil
}

// enqueue queues a mail about t to its requester, threaded after the
// latest mail of the ticket; withLink adds a fresh status link (the
// solved mail's rating link).
func (m *Mailroom) enqueue(ctx context.Context, tx *sql.Tx, t *tickets.Ticket, kind string, followupID int64, withLink bool) error {
	lang, err := m.mail.LanguageOf(ctx, tx, t.ID)
	if err != nil {
		return err
	}
	last, err := m.mail.LastMessageOf(ctx, tx, t.ID)
	if err != nil {
		return err
	}
	o := mailstore.Outgoing{TicketID: t.ID, Kind: kind, FollowupID: followupID, To: strings.TrimSpace(t.Requester.Email),
		ToName: t.Requester.Name, Language: m.languageFor(lang), InReplyTo: last}
	if withLink {
		if o.LinkToken, err = m.desk.Access.NewStatusTokenTx(ctx, tx, t.ID); err != nil {
			return err
		}
	}
	_, err = m.mail.EnqueueTx(ctx, tx, o, m.opts.Domain)
	return err
}

// cursorSolved names the feeder's position in the tickets' history.
const cursorSolved = "solved"

// QueueSolved queues the "solved" mail (with its rating link) of every
// ticket solved since the last call, to requesters with an address; a
// ticket solved with its problem gets the problem's mail with the
// workaround. The first call only sets the starting point: tickets solved
// before mail was set up are not mailed. It returns how many were queued.
func (m *Mailroom) QueueSolved(ctx context.Context) (int, error) {
	if !m.opts.Outgoing {
		return 0, nil
	}
	queued := 0
	for {
		n, more, err := m.queueSolvedBatch(ctx)
		queued += n
		if err != nil || !more {
			return queued, err
		}
	}
}

func (m *Mailroom) queueSolvedBatch(ctx context.Context) (queued int, more bool, err error) {
	const batch = 200
	err = db.WithTx(ctx, m.db, func(tx *sql.Tx) error {
		pos, ok, err := m.mail.CursorTx(ctx, tx, cursorSolved)
		if err != nil {
			return err
		}
		if !ok {
			last, err := m.tickets.LastChangeID(ctx, tx)
			if err != nil {
				return err
			}
			return m.mail.SetCursorTx(ctx, tx, cursorSolved, last)
		}
		changes, err := m.tickets.StatusChangesSince(ctx, tx, pos, tickets.StatusSolved, batch)
		if err != nil {
			return err
		}
		more = len(changes) == batch
		for _, c := range changes {
			pos = c.ID
			t, err := m.tickets.GetTx(ctx, tx, c.TicketID)
			if errors.Is(err, tickets.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if !strings.Contains(t.Requester.Email, "@") || t.Status != tickets.StatusSolved {
				continue
			}
			kind := mailstore.KindSolved
			if p, err := m.solvedProblemOf(ctx, t.ID); err != nil {
				return err
			} else if p != nil {
				kind = mailstore.KindProblem
			}
			if err := m.enqueue(ctx, tx, t, kind, 0, true); err != nil {
				return err
			}
			queued++
		}
		if len(changes) == 0 {
			return nil
		}
		return m.mail.SetCursorTx(ctx, tx, cursorSolved, pos)
	})
	return queued, more, err
}

// solvedProblemOf is the solved problem with a workaround the ticket is an
// incident of, nil when none.
func (m *Mailroom) solvedProblemOf(ctx context.Context, ticketID int64) (*tickets.Problem, error) {
	ps, err := m.tickets.ProblemsOf(ctx, ticketID)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].Status == tickets.ProblemSolved && strings.TrimSpace(ps[i].Workaround) != "" {
			return &ps[i], nil
		}
	}
	return nil, nil
}

// MailLetter is what a queued mail says, read when it is first sent.
type MailLetter struct {
	Ticket    *tickets.Ticket
	Followup  string // the technician's message (followup; the solution for solved)
	Author    string
	Tutorials []MailTutorial
	Problem   *tickets.Problem // kind problem
	// Token is the status link's secret ("" when the mail has none).
	Token      string
	ReopenDays int
}

// MailTutorial is an article offered in a mail: only those with a link
// an agent can open.
type MailTutorial struct {
	Title string
	URL   string
}

// Letter gathers what a queued mail says.
func (m *Mailroom) Letter(ctx context.Context, it mailstore.Item) (*MailLetter, error) {
	t, err := m.tickets.Get(ctx, it.TicketID)
	if err != nil {
		return nil, err
	}
	l := &MailLetter{Ticket: t, Token: it.LinkToken, ReopenDays: int(m.opts.ReopenWindow.Hours() / 24)}
	fus, err := m.tickets.Followups(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	switch it.Kind {
	case mailstore.KindFollowup:
		for _, f := range fus {
			if f.ID == it.FollowupID {
				l.Followup, l.Author = f.Body, f.Author
			}
		}
		if l.Followup == "" {
			return nil, fmt.Errorf("follow-up %d of #%d no longer exists", it.FollowupID, t.ID)
		}
	case mailstore.KindSolved, mailstore.KindProblem:
		// The solution is the helpdesk's last public word.
		for i := len(fus) - 1; i >= 0; i-- {
			if !fus[i].Private && !fus[i].FromRequester {
				l.Followup, l.Author = fus[i].Body, fus[i].Author
				break
			}
		}
	}
	switch it.Kind {
	case mailstore.KindCreated:
		res, err := m.desk.KB.Suggest(ctx, kbSuggestInput(t), 3)
		if err != nil {
			return nil, err
		}
		for _, r := range res {
			if isWebLink(r.URL) {
				l.Tutorials = append(l.Tutorials, MailTutorial{Title: r.Title, URL: r.URL})
			}
		}
	case mailstore.KindProblem:
		if l.Problem, err = m.solvedProblemOf(ctx, t.ID); err != nil {
			return nil, err
		}
		if l.Problem != nil && l.Problem.ArticleID > 0 {
			if a, err := m.desk.KB.Get(ctx, l.Problem.ArticleID); err == nil && isWebLink(a.URL) {
				l.Tutorials = append(l.Tutorials, MailTutorial{Title: a.Title, URL: a.URL})
			}
		}
	}
	return l, nil
}

func isWebLink(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}

func kbSuggestInput(t *tickets.Ticket) kb.SuggestInput {
	return kb.SuggestInput{TicketID: t.ID, Title: t.Title, Description: t.Description, Category: t.Category, Tags: t.Tags}
}

// MailedFollowups says which follow-ups of a ticket were (or are to be)
// mailed, with the state of their mail.
func (m *Mailroom) MailedFollowups(ctx context.Context, ticketID int64) (map[int64]string, error) {
	return m.mail.MailedFollowups(ctx, ticketID)
}

// Stuck counts the mails that failed or wait after a failed attempt.
func (m *Mailroom) Stuck(ctx context.Context) (int, error) { return m.mail.Stuck(ctx) }
