package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"hotline/access"
	"hotline/attachments"
	"hotline/feedback"
	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// Desk holds the use cases through which agents reach the helpdesk
// themselves (the web portal, the JSON API, mail): filing a ticket with its
// attachments, following it through its private status link, replying,
// saying it is solved, rating the answer, and telling that a tutorial
// answered them. Every write goes through the stores, in one transaction
// per use case, so that a change detector watching the database sees it.
type Desk struct {
	db *sql.DB
	// Writes of the use cases are committed in groups (see write): the
	// one caller committing a group holds writeSem (a channel, so that a
	// caller can wait for it or for its result, whichever comes first),
	// queue holds the work waiting for the next group.
	writeSem    chan struct{}
	queue       *writeQueue
	ckpt        *checkpointer
	Tickets     *tickets.Store
	KB          *kb.Store
	Attachments *attachments.Store
	Access      *access.Store
	Feedback    *feedback.Store
	opts        DeskOptions
}

// DeskOptions are the portal settings of the config that the use cases
// enforce whatever the front end.
type DeskOptions struct {
	// AcceptedEmailDomains, when set, are the only email domains accepted
	// for a requester ("ville.fr"); subdomains are accepted too.
	AcceptedEmailDomains []string
	// ShowTechnicianNames shows who answered on the status page; otherwise
	// every follow-up of the helpdesk is signed "the helpdesk".
	ShowTechnicianNames bool
}

// NewDesk builds the use cases on opened stores (App.Desk does it for a
// front end).
func NewDesk(sqldb *sql.DB, t *tickets.Store, k *kb.Store, att *attachments.Store, acc *access.Store, fb *feedback.Store, opts DeskOptions) *Desk {
	return &Desk{db: sqldb, writeSem: make(chan struct{}, 1), queue: &writeQueue{}, ckpt: &checkpointer{}, Tickets: t, KB: k, Attachments: att, Access: acc, Feedback: fb, opts: opts}
}

// writeQueue is the work waiting for the next group commit.
type writeQueue struct {
	mu   sync.Mutex
	jobs []*writeJob
}

type writeJob struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan error
}

// maxGroup bounds the writes committed together.
var maxGroup = 64

// write runs fn in a write transaction and returns once it is committed
// (nil) or rolled back (its error). Writes arriving together are committed
// together, each in a savepoint of its own: one that fails is rolled back
// alone and the others commit; a commit that fails fails them all. The
// caller that finds the database free commits what is waiting (its own
// work included) while the others wait their turn or their result. This
// group commit is what lets 16 agents file at once without queueing behind
// one commit each, and without SQLite's busy-handler sleeps between
// writers of this process (other processes still wait in the busy handler).
func (d *Desk) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	job := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	q := d.queue
	q.mu.Lock()
	q.jobs = append(q.jobs, job)
	q.mu.Unlock()
	// Either another caller's group carries our work (we return as soon
	// as it is committed, instead of waiting for the lock behind the next
	// groups for nothing), or the database is ours to commit what is
	// waiting.
	select {
	case err := <-job.done:
		return err
	case d.writeSem <- struct{}{}:
	}
	defer func() { <-d.writeSem }()
	// Commit groups, oldest work first, until one has carried ours (it
	// may be past the first group when more than maxGroup wait).
	for {
		select {
		case err := <-job.done:
			return err
		default:
		}
		q.mu.Lock()
		n := min(len(q.jobs), maxGroup)
		group := q.jobs[:n:n]
		q.jobs = append([]*writeJob(nil), q.jobs[n:]...)
		q.mu.Unlock()
		d.commitGroup(group)
	}
}

// commitGroup runs every job of group in one transaction, a savepoint
// each, and tells each its outcome after the commit.
func (d *Desk) commitGroup(group []*writeJob) {
	results := make([]error, len(group))
	// The transaction outlives any one caller's cancellation: a caller
	// that gives up loses only its own work (its savepoint).
	base := context.WithoutCancel(group[0].ctx)
	err := d.withGroupTx(base, func(tx *sql.Tx) error {
		for i, j := range group {
			if err := j.ctx.Err(); err != nil {
				results[i] = err
				continue
			}
			if _, err := tx.ExecContext(base, "SAVEPOINT desk_write"); err != nil {
				return err
			}
			if err := j.fn(tx); err != nil {
				results[i] = err
				if _, rerr := tx.ExecContext(base, "ROLLBACK TO desk_write"); rerr != nil {
					return rerr
				}
			}
			if _, err := tx.ExecContext(base, "RELEASE desk_write"); err != nil {
				return err
			}
		}
		return nil
	})
	for i, j := range group {
		if err != nil && results[i] == nil {
			results[i] = err
		}
		j.done <- results[i]
	}
}

// Checkpoints. SQLite copies the write-ahead log back into the database
// file (a checkpoint) inside the commit that takes the log past
// wal_autocheckpoint (1,000 pages, 4 MB): that commit waits for the copy
// and its fsync, and with group commit so does every agent whose ticket
// is in the group, and those queued behind it. That was the tail of the
// portal's filing latency under load. The group commits therefore turn the
// automatic checkpoint off on their connection for their commit, and a
// PASSIVE checkpoint runs in the background after commits instead (one at
// a time, at most every checkpointEvery): it neither waits for nor blocks
// writers and readers, here or in other processes, which keep their
// automatic checkpoints. Killed halfway, a checkpoint is redone from the
// log at the next open: nothing committed is lost.
var checkpointEvery = 100 * time.Millisecond

// backgroundCheckpoints is off only to measure the difference
// (BenchmarkIntakeLatency).
var backgroundCheckpoints = true

type checkpointer struct {
	running atomic.Bool
	last    atomic.Int64 // unix nanoseconds of the last start
}

// withGroupTx is db.WithTx on a connection whose automatic checkpoint is
// off for this commit, then schedules a background checkpoint.
func (d *Desk) withGroupTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if !backgroundCheckpoints {
		return db.WithTx(ctx, d.db, fn)
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open a connection: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
		return fmt.Errorf("turn automatic checkpoints off: %w", err)
	}
	// The connection goes back to the pool as it came: other writers of
	// this process checkpoint as usual.
	defer conn.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 1000")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	d.checkpointSoon()
	return nil
}

// checkpointSoon starts a background PASSIVE checkpoint unless one runs or
// one started less than checkpointEvery ago.
func (d *Desk) checkpointSoon() {
	c := d.ckpt
	now := time.Now().UnixNano()
	if now-c.last.Load() < int64(checkpointEvery) || !c.running.CompareAndSwap(false, true) {
		return
	}
	c.last.Store(now)
	go func() {
		defer c.running.Store(false)
		// A failure (the database closed meanwhile, another process
		// checkpointing) leaves the log for the next checkpoint.
		var busy, logFrames, done int
		_ = d.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logFrames, &done)
	}()
}

// FieldError is one refused field: Field is a stable name front ends map to
// their own words and to a form field (title, description, requester.name,
// requester.email, category, connection, urgency, attachments, text,
// rating…); Reason says why in English for logs, scripts and the API;
// Why is the same reason typed, for front ends to word in their user's
// language (nil for attachments: Err is then an *attachments.Error).
type FieldError struct {
	Field  string              `json:"field"`
	Reason string              `json:"reason"`
	Why    *tickets.FieldError `json:"-"`
	// Err is the typed cause (tickets.ErrInvalid, attachments.ErrTooLarge…).
	Err error `json:"-"`
}

// ValidationError lists every refused field of a request; nothing was
// written.
type ValidationError struct{ Fields []FieldError }

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Reason
	}
	return "invalid request: " + strings.Join(parts, "; ")
}

// Has reports whether field was refused.
func (e *ValidationError) Has(field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// ErrClosed is returned for a reply to a closed ticket.
var ErrClosed = errors.New("this ticket is closed")

// ErrNotSolved is returned when rating a ticket that is not solved.
var ErrNotSolved = errors.New("this ticket is not solved yet")

// storeField turns a field name of the tickets store ("requester email")
// into the stable name ("requester.email").
func storeField(f string) string { return strings.ReplaceAll(f, " ", ".") }

func fieldErrorOf(err error) (FieldError, bool) {
	var fe *tickets.FieldError
	if errors.As(err, &fe) {
		return FieldError{Field: storeField(fe.Field), Reason: fe.Reason(), Why: fe, Err: err}, true
	}
	var ae *attachments.Error
	if errors.As(err, &ae) {
		return FieldError{Field: "attachments", Reason: ae.Error(), Err: err}, true
	}
	return FieldError{}, false
}

// IntakeRequest is a ticket filed by an agent or another system.
type IntakeRequest struct {
	Ticket      tickets.NewTicket
	Attachments []attachments.Upload
	// Channel is how it arrived: tickets.ChannelPortal, ChannelAPI,
	// ChannelMail… recorded in the ticket's history.
	Channel string
	// Actor is recorded as who created it; default the requester's name,
	// else the channel.
	Actor string
}

// IntakeResult is what the agent gets back, once.
type IntakeResult struct {
	Ticket      *tickets.Ticket
	Attachments []attachments.Attachment
	// Token opens the private status page; it is stored only hashed and
	// can never be shown again.
	Token string
}

func (d *Desk) checkEmailDomain(email string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" || len(d.opts.AcceptedEmailDomains) == 0 {
		return nil
	}
	_, dom, _ := strings.Cut(email, "@")
	for _, ok := range d.opts.AcceptedEmailDomains {
		ok = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(ok), "@"))
		if dom == ok || strings.HasSuffix(dom, "."+ok) {
			return nil
		}
	}
	return &tickets.FieldError{Field: "requester email", Code: tickets.CodeDomain, Value: dom, Valid: d.opts.AcceptedEmailDomains}
}

// Validate checks a request as Intake would, writing nothing, and returns
// every refused field at once (*ValidationError) or nil.
func (d *Desk) Validate(req IntakeRequest) error {
	var ve ValidationError
	if err := d.Tickets.Validate(req.Ticket); err != nil {
		fe, ok := fieldErrorOf(err)
		if !ok {
			return err
		}
		ve.Fields = append(ve.Fields, fe)
	}
	if err := d.checkEmailDomain(req.Ticket.Requester.Email); err != nil && !ve.Has("requester.email") {
		fe, _ := fieldErrorOf(err)
		ve.Fields = append(ve.Fields, fe)
	}
	if _, err := attachments.Check(d.Attachments.Limits(), req.Attachments); err != nil {
		fe, _ := fieldErrorOf(err)
		ve.Fields = append(ve.Fields, fe)
	}
	if len(ve.Fields) > 0 {
		return &ve
	}
	return nil
}

// Intake files a ticket with its attachments and its private status link
// in ONE transaction: the ticket exists whole, with every file, or not at
// all. Bad input comes back as *ValidationError naming each field.
func (d *Desk) Intake(ctx context.Context, req IntakeRequest) (*IntakeResult, error) {
	var res *IntakeResult
	err := d.write(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = d.IntakeTx(ctx, tx, req)
		return err
	})
	if err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			return nil, err
		}
		return nil, fmt.Errorf("file ticket: %w", err)
	}
	return res, nil
}

// IntakeTx is Intake inside the caller's transaction (a mail filed with
// its record and its acknowledgement, in one commit).
func (d *Desk) IntakeTx(ctx context.Context, tx *sql.Tx, req IntakeRequest) (*IntakeResult, error) {
	if err := d.Validate(req); err != nil {
		return nil, err
	}
	actor := strings.TrimSpace(req.Actor)
	if actor == "" {
		actor = strings.TrimSpace(req.Ticket.Requester.Name)
	}
	if actor == "" {
		actor = req.Channel
	}
	req.Ticket.Channel = req.Channel
	res := &IntakeResult{}
	err := func() error {
		t, err := d.Tickets.CreateTx(ctx, tx, req.Ticket, actor)
		if err != nil {
			return err
		}
		res.Ticket = t
		if res.Attachments, err = d.Attachments.AddTx(ctx, tx, t.ID, 0, req.Attachments, actor, req.Channel); err != nil {
			return err
		}
		res.Token, err = d.Access.NewStatusTokenTx(ctx, tx, t.ID)
		return err
	}()
	if err != nil {
		if fe, ok := fieldErrorOf(err); ok {
			return nil, &ValidationError{Fields: []FieldError{fe}}
		}
		return nil, err
	}
	return res, nil
}

// PublicFollowup is a follow-up as the agent may see it.
type PublicFollowup struct {
	ID            int64
	FromRequester bool
	// Author is the requester's name for their replies; for the helpdesk,
	// the technician's name when the config shows names, else "".
	Author      string
	Body        string
	At          time.Time
	Attachments []attachments.Attachment
}

// PublicArticle is a tutorial linked to the ticket.
type PublicArticle struct {
	ID    int64
	Title string
	Kind  kb.Kind
}

// PublicTicket is everything the status page may show: never a private
// follow-up, the history, another ticket or, unless configured, who
// answered.
type PublicTicket struct {
	ID          int64
	Title       string
	Description string
	Status      tickets.Status
	Category    string
	Requester   string // the agent's own name
	CreatedAt   time.Time
	UpdatedAt   time.Time
	SolvedAt    *time.Time
	Followups   []PublicFollowup
	Articles    []PublicArticle
	Attachments []attachments.Attachment // those filed with the ticket itself
	Rating      *feedback.Rating
}

// ShownStatus is the status as the agent reads it: a new ticket the
// helpdesk has already answered publicly reads as being handled (the
// agent just read an answer: "waiting for a technician" would be wrong).
func (p *PublicTicket) ShownStatus() tickets.Status {
	if p.Status == tickets.StatusNew {
		for _, f := range p.Followups {
			if !f.FromRequester {
				return tickets.StatusAssigned
			}
		}
	}
	return p.Status
}

// CanReply reports whether the agent may still write.
func (p *PublicTicket) CanReply() bool { return p.Status != tickets.StatusClosed }

// CanRate reports whether the agent may rate the answer now.
func (p *PublicTicket) CanRate() bool {
	return (p.Status == tickets.StatusSolved || p.Status == tickets.StatusClosed) && p.Rating == nil
}

// TicketByToken returns the ticket a status token opens (access.ErrUnknownToken).
func (d *Desk) TicketByToken(ctx context.Context, token string) (int64, error) {
	return d.Access.TicketOf(ctx, token)
}

// Status is the public view of the ticket a status token opens.
func (d *Desk) Status(ctx context.Context, token string) (*PublicTicket, error) {
	id, err := d.Access.TicketOf(ctx, token)
	if err != nil {
		return nil, err
	}
	return d.PublicTicket(ctx, id)
}

// PublicTicket is the public view of ticket id (callers have checked the
// right to see it).
func (d *Desk) PublicTicket(ctx context.Context, id int64) (*PublicTicket, error) {
	t, err := d.Tickets.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &PublicTicket{ID: t.ID, Title: t.Title, Description: t.Description, Status: t.Status, Category: t.Category,
		Requester: t.Requester.Name, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt, SolvedAt: t.SolvedAt}
	fus, err := d.Tickets.Followups(ctx, id)
	if err != nil {
		return nil, err
	}
	atts, err := d.Attachments.List(ctx, id)
	if err != nil {
		return nil, err
	}
	byFollowup := map[int64][]attachments.Attachment{}
	for _, a := range atts {
		if a.FollowupID == 0 {
			p.Attachments = append(p.Attachments, a)
		} else {
			byFollowup[a.FollowupID] = append(byFollowup[a.FollowupID], a)
		}
	}
	for _, f := range fus {
		if f.Private {
			continue
		}
		pf := PublicFollowup{ID: f.ID, FromRequester: f.FromRequester, Body: f.Body, At: f.CreatedAt, Attachments: byFollowup[f.ID]}
		if f.FromRequester || d.opts.ShowTechnicianNames {
			pf.Author = f.Author
		}
		p.Followups = append(p.Followups, pf)
	}
	links, err := d.Tickets.Links(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		a, err := d.KB.Get(ctx, l.ArticleID)
		if errors.Is(err, kb.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		p.Articles = append(p.Articles, PublicArticle{ID: a.ID, Title: a.Title, Kind: a.Kind})
	}
	if p.Rating, err = d.Feedback.RatingOf(ctx, id); err != nil {
		return nil, err
	}
	return p, nil
}

// Reply adds the agent's reply (and its files) to the ticket a status
// token opens: a public follow-up; a pending ticket goes back to the
// technician; a solved one is reopened. One transaction.
func (d *Desk) Reply(ctx context.Context, token, body string, ups []attachments.Upload, channel string) (*tickets.Followup, error) {
	id, err := d.Access.TicketOf(ctx, token)
	if err != nil {
		return nil, err
	}
	return d.ReplyToTicket(ctx, id, "", body, ups, channel)
}

// ReplyToTicket is Reply for a ticket already identified (a mail threaded
// by its number). author defaults to the requester's name.
func (d *Desk) ReplyToTicket(ctx context.Context, id int64, author, body string, ups []attachments.Upload, channel string) (*tickets.Followup, error) {
	var f *tickets.Followup
	err := d.write(ctx, func(tx *sql.Tx) error {
		var err error
		f, err = d.ReplyTx(ctx, tx, id, author, body, ups, channel)
		return err
	})
	if err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			return nil, err
		}
		return nil, fmt.Errorf("reply to ticket #%d: %w", id, err)
	}
	return f, nil
}

// ReplyTx is ReplyToTicket inside the caller's transaction (a mail reply
// stored with its record in one commit).
func (d *Desk) ReplyTx(ctx context.Context, tx *sql.Tx, id int64, author, body string, ups []attachments.Upload, channel string) (*tickets.Followup, error) {
	var ve ValidationError
	if err := tickets.CheckReply(body); err != nil {
		fe, _ := fieldErrorOf(err)
		ve.Fields = append(ve.Fields, fe)
	}
	if _, err := attachments.Check(d.Attachments.Limits(), ups); err != nil {
		fe, _ := fieldErrorOf(err)
		ve.Fields = append(ve.Fields, fe)
	}
	if len(ve.Fields) > 0 {
		return nil, &ve
	}
	var f *tickets.Followup
	err := func() error {
		t, err := d.Tickets.GetTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Status == tickets.StatusClosed {
			return ErrClosed
		}
		if author = strings.TrimSpace(author); author == "" {
			author = t.Requester.Name
		}
		if author == "" {
			author = channel
		}
		if f, _, err = d.Tickets.RequesterReplyTx(ctx, tx, id, author, body, channel); err != nil {
			return err
		}
		_, err = d.Attachments.AddTx(ctx, tx, id, f.ID, ups, author, channel)
		return err
	}()
	if err != nil {
		if fe, ok := fieldErrorOf(err); ok {
			return nil, &ValidationError{Fields: []FieldError{fe}}
		}
		return nil, err
	}
	return f, nil
}

// ConfirmSolved records that the agent says the problem is solved: the
// ticket becomes solved (already solved or closed: nothing changes).
func (d *Desk) ConfirmSolved(ctx context.Context, token, channel string) error {
	id, err := d.Access.TicketOf(ctx, token)
	if err != nil {
		return err
	}
	return d.write(ctx, func(tx *sql.Tx) error {
		t, err := d.Tickets.GetTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if !t.Status.IsOpen() {
			return nil
		}
		actor := t.Requester.Name
		if actor == "" {
			actor = channel
		}
		st := tickets.StatusSolved
		_, err = d.Tickets.UpdateTx(ctx, tx, id, 0, tickets.Patch{Status: &st}, actor)
		return err
	})
}

// Rate records the agent's rating of a solved ticket, once
// (feedback.ErrAlreadyRated after; ErrNotSolved before it is solved).
func (d *Desk) Rate(ctx context.Context, token string, score int, comment string) error {
	id, err := d.Access.TicketOf(ctx, token)
	if err != nil {
		return err
	}
	err = d.write(ctx, func(tx *sql.Tx) error {
		t, err := d.Tickets.GetTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Status.IsOpen() {
			return ErrNotSolved
		}
		return d.Feedback.RateTx(ctx, tx, feedback.Rating{TicketID: id, Score: score, Comment: comment, Category: t.Category, Technician: t.Assignee})
	})
	switch {
	case errors.Is(err, feedback.ErrBadScore):
		why := &tickets.FieldError{Field: "rating", Code: tickets.CodeOutOfRange, Value: strconv.Itoa(score), N: int64(score), Min: 1, Limit: 5}
		return &ValidationError{Fields: []FieldError{{Field: "rating", Reason: why.Reason(), Why: why, Err: err}}}
	case errors.Is(err, feedback.ErrTooLong):
		why := &tickets.FieldError{Field: "comment", Code: tickets.CodeTooBig, N: int64(len(comment)), Limit: feedback.MaxCommentLen}
		return &ValidationError{Fields: []FieldError{{Field: "comment", Reason: why.Reason(), Why: why, Err: err}}}
	}
	return err
}

// SelfServiceAnswer records that an article answered an agent, who files
// nothing (kb.ErrNotFound for an unknown article).
func (d *Desk) SelfServiceAnswer(ctx context.Context, articleID int64, channel string) error {
	if _, err := d.KB.Get(ctx, articleID); err != nil {
		return err
	}
	d.writeSem <- struct{}{}
	defer func() { <-d.writeSem }()
	return d.Feedback.SelfService(ctx, articleID, channel)
}

// Attachment returns one file of the ticket a status token opens.
func (d *Desk) Attachment(ctx context.Context, token string, id int64) (*attachments.Attachment, []byte, error) {
	p, err := d.Status(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	// Only the files the status page lists: those of the ticket itself and
	// of public follow-ups, never one added with a private note.
	public := false
	for _, a := range p.Attachments {
		public = public || a.ID == id
	}
	for _, f := range p.Followups {
		for _, a := range f.Attachments {
			public = public || a.ID == id
		}
	}
	if !public {
		return nil, nil, fmt.Errorf("attachment %d: %w", id, attachments.ErrNotFound)
	}
	return d.Attachments.Open(ctx, p.ID, id)
}

// AttachmentLimits are the config's attachment limits (defaults 5 MB, 3
// files).
func (a *App) AttachmentLimits() attachments.Limits {
	size, _ := a.Config.Attachments.MaxSizeBytes() // validated when the config was read
	return attachments.Limits{MaxSize: size, MaxFiles: a.Config.Attachments.MaxFiles}.WithDefaults()
}

// Attachments is the attachment store; nil before Open.
func (a *App) Attachments() *attachments.Store {
	if a.db == nil {
		return nil
	}
	return attachments.NewStore(a.db.DB, a.AttachmentLimits(), nil)
}

// Access is the store of status links and API keys; nil before Open.
func (a *App) Access() *access.Store {
	if a.db == nil {
		return nil
	}
	return access.NewStore(a.db.DB, nil)
}

// Feedback is the store of ratings and self-service answers; nil before
// Open.
func (a *App) Feedback() *feedback.Store {
	if a.db == nil {
		return nil
	}
	return feedback.NewStore(a.db.DB, nil)
}

// Desk is the agents' use cases on the opened database (one per App, so
// that every front end of the process shares its write queue); nil before
// Open.
func (a *App) Desk() *Desk {
	if a.db == nil {
		return nil
	}
	a.deskOnce.Do(func() {
		a.desk = NewDesk(a.db.DB, a.tickets, a.kb, a.Attachments(), a.Access(), a.Feedback(), DeskOptions{
			AcceptedEmailDomains: a.Config.Portal.AcceptedEmailDomains,
			ShowTechnicianNames:  a.Config.Portal.ShowTechnicianNames,
		})
	})
	return a.desk
}
