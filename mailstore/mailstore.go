// Package mailstore keeps the mail channel's records in the database: the
// mails read and written (by Message-ID, for idempotence and threading)
// and the outbox of mails to send, with their attempts. It knows nothing of
// IMAP, SMTP or MIME (package mail does); the use cases that span it and
// the tickets live in package app.
package mailstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotline/internal/db"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the mail tables and their migrations.
var Schema = db.MustLoadSchema("mail", migrationFiles, "migrations")

// Outcomes of a mail read.
const (
	OutcomeCreated  = "created" // a new ticket
	OutcomeReply    = "reply"   // a public follow-up from the requester
	OutcomeNote     = "note"    // a private note: someone else wrote
	OutcomeRefiled  = "refiled" // a reply to a ticket solved too long ago: a new ticket
	OutcomeAuto     = "ignored-auto"
	OutcomeBounce   = "ignored-bounce"
	OutcomeOwn      = "ignored-own"
	OutcomeRate     = "ignored-rate"
	OutcomeSent     = "sent"
	DirectionIn     = "in"
	DirectionOut    = "out"
	cursorSolved    = "history"
	claimTimeout    = 10 * time.Minute
	maxErrorLen     = 500
	defaultMaxTries = 12
)

// Store is the mail channel's records.
type Store struct {
	db  *sql.DB
	now func() time.Time
}

// NewStore returns a Store on an opened database; now is the clock (nil:
// time.Now).
func NewStore(sqldb *sql.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: sqldb, now: now}
}

// DB is the database the store writes to, for use cases that open a
// transaction spanning it and other stores.
func (s *Store) DB() *sql.DB { return s.db }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now().UTC().Truncate(time.Second) }

// Record is one mail read or written.
type Record struct {
	Key        string
	Direction  string
	TicketID   int64
	FollowupID int64
	Sender     string
	Outcome    string
	Detail     string
	Language   string
	At         time.Time
}

// ErrDuplicate is returned when a mail's key is already recorded.
var ErrDuplicate = errors.New("mail already recorded")

// Errors of the outbox: a mail number it does not hold, and a retry of a
// mail that is being sent or was sent.
var (
	ErrNoMail      = errors.New("no such mail in the outbox")
	ErrNotRetrying = errors.New("mail is not waiting or failed")
)

// OutboxError is a mail of the outbox that cannot be had or retried: Err
// is ErrNoMail or ErrNotRetrying, ID the mail.
type OutboxError struct {
	ID  int64
	Err error
}

func (e *OutboxError) Error() string { return fmt.Sprintf("outbox: mail %d: %v", e.ID, e.Err) }
func (e *OutboxError) Unwrap() error { return e.Err }

// Seen reports whether a mail with this key was already read or written.
func (s *Store) Seen(ctx context.Context, q db.Querier, key string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM mail_messages WHERE key = ?`, key).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up mail %s: %w", key, err)
	}
	return n > 0, nil
}

// RecordTx records a mail inside the caller's transaction; ErrDuplicate if
// its key is known.
func (s *Store) RecordTx(ctx context.Context, tx *sql.Tx, r Record) error {
	if r.At.IsZero() {
		r.At = s.Now()
	}
	var ticket, followup any
	if r.TicketID > 0 {
		ticket = r.TicketID
	}
	if r.FollowupID > 0 {
		followup = r.FollowupID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO mail_messages(key, direction, ticket_id, followup_id, sender, outcome, detail, language, at)
		VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING`,
		r.Key, r.Direction, ticket, followup, strings.ToLower(r.Sender), r.Outcome, truncate(r.Detail, maxErrorLen), r.Language, r.At.Unix())
	if err != nil {
		return fmt.Errorf("record mail %s: %w", r.Key, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrDuplicate
	}
	return nil
}

// Record is RecordTx in its own transaction.
func (s *Store) Record(ctx context.Context, r Record) error {
	return db.WithTx(ctx, s.db, func(tx *sql.Tx) error { return s.RecordTx(ctx, tx, r) })
}

// TicketOf returns the ticket of the first of keys that Hotline read or
// sent and that belongs to a ticket, 0 when none does.
func (s *Store) TicketOf(ctx context.Context, q db.Querier, keys []string) (int64, error) {
	for i := len(keys) - 1; i >= 0; i-- { // the latest reference first
		var id sql.NullInt64
		err := q.QueryRowContext(ctx, `SELECT ticket_id FROM mail_messages WHERE key = ?`, keys[i]).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("thread mail: %w", err)
		}
		if id.Valid {
			return id.Int64, nil
		}
	}
	return 0, nil
}

// LanguageOf is the language of the latest mail read about a ticket
// ("" when none said).
func (s *Store) LanguageOf(ctx context.Context, q db.Querier, ticketID int64) (string, error) {
	var lang string
	err := q.QueryRowContext(ctx, `SELECT language FROM mail_messages WHERE ticket_id = ? AND direction = 'in' AND language != '' ORDER BY at DESC LIMIT 1`, ticketID).Scan(&lang)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("language of #%d: %w", ticketID, err)
	}
	return lang, nil
}

// CountFrom counts the mails read from sender since t (for the rate limit).
func (s *Store) CountFrom(ctx context.Context, q db.Querier, sender string, since time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM mail_messages WHERE direction = 'in' AND sender = ? AND at >= ?`,
		strings.ToLower(sender), since.Unix()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count mails from %s: %w", sender, err)
	}
	return n, nil
}

// Counts are the mails read since a time, by outcome.
func (s *Store) Counts(ctx context.Context, since time.Time) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT outcome, count(*) FROM mail_messages WHERE at >= ? AND direction = 'in' GROUP BY outcome`, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("count mails: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return nil, err
		}
		out[o] = n
	}
	return out, rows.Err()
}

// Mail kinds the outbox sends.
const (
	KindCreated  = "created"
	KindFollowup = "followup"
	KindSolved   = "solved"
	KindProblem  = "problem"
)

// Outgoing is a mail to send about a ticket; the text is rendered from the
// templates when it is first sent.
type Outgoing struct {
	TicketID   int64
	Kind       string
	FollowupID int64
	To         string
	ToName     string
	Language   string
	InReplyTo  string
	// LinkToken is the status link's secret, known only now; it is cleared
	// once the mail is rendered.
	LinkToken string
}

// Outbox states.
const (
	StatusWaiting = "waiting"
	StatusSending = "sending"
	StatusSent    = "sent"
	StatusFailed  = "failed"
)

// Item is a row of the outbox.
type Item struct {
	ID            int64
	TicketID      int64
	Kind          string
	FollowupID    int64
	To, ToName    string
	Language      string
	MessageID     string
	InReplyTo     string
	LinkToken     string
	Raw           []byte
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	CreatedAt     time.Time
	SentAt        *time.Time
}

// NewMessageID makes a Message-ID for a mail about ticket id, in domain.
func NewMessageID(ticketID int64, domain string) string {
	var b [9]byte
	_, _ = rand.Read(b[:])
	if domain == "" {
		domain = "hotline.invalid"
	}
	return fmt.Sprintf("hotline.%d.%s@%s", ticketID, hex.EncodeToString(b[:]), domain)
}

// EnqueueTx adds a mail to the outbox inside the caller's transaction and
// records its Message-ID as the ticket's, so that a reply threads. It
// returns the outbox id.
func (s *Store) EnqueueTx(ctx context.Context, tx *sql.Tx, o Outgoing, domain string) (int64, error) {
	if !strings.Contains(o.To, "@") {
		return 0, fmt.Errorf("mail about #%d: %q is not an address", o.TicketID, o.To)
	}
	switch o.Kind {
	case KindCreated, KindFollowup, KindSolved, KindProblem:
	default:
		return 0, fmt.Errorf("mail about #%d: unknown kind %q", o.TicketID, o.Kind)
	}
	if o.Language == "" {
		o.Language = "fr"
	}
	now := s.Now()
	id := NewMessageID(o.TicketID, domain)
	var followup any
	if o.FollowupID > 0 {
		followup = o.FollowupID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO mail_outbox(ticket_id, kind, followup_id, to_addr, to_name, language, message_id, in_reply_to, link_token, next_attempt_at, created_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		o.TicketID, o.Kind, followup, o.To, o.ToName, o.Language, id, o.InReplyTo, o.LinkToken, now.Unix(), now.Unix())
	if err != nil {
		return 0, fmt.Errorf("queue mail about #%d: %w", o.TicketID, err)
	}
	oid, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if err := s.RecordTx(ctx, tx, Record{Key: id, Direction: DirectionOut, TicketID: o.TicketID, FollowupID: o.FollowupID, Outcome: "queued", At: now}); err != nil {
		return 0, err
	}
	return oid, nil
}

// LastMessageOf is the Message-ID of the latest mail read or sent about a
// ticket, for In-Reply-To ("" when none).
func (s *Store) LastMessageOf(ctx context.Context, q db.Querier, ticketID int64) (string, error) {
	var key string
	err := q.QueryRowContext(ctx, `SELECT key FROM mail_messages WHERE ticket_id = ? AND key NOT LIKE 'sha256:%' ORDER BY at DESC LIMIT 1`, ticketID).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("last mail of #%d: %w", ticketID, err)
	}
	return key, nil
}

const itemColumns = `id, ticket_id, kind, COALESCE(followup_id, 0), to_addr, to_name, language, message_id, in_reply_to, link_token,
	raw, status, attempts, next_attempt_at, last_error, created_at, sent_at`

func scanItem(r interface{ Scan(...any) error }) (Item, error) {
	var it Item
	var next, created int64
	var sent sql.NullInt64
	err := r.Scan(&it.ID, &it.TicketID, &it.Kind, &it.FollowupID, &it.To, &it.ToName, &it.Language, &it.MessageID, &it.InReplyTo, &it.LinkToken,
		&it.Raw, &it.Status, &it.Attempts, &next, &it.LastError, &created, &sent)
	if err != nil {
		return it, err
	}
	it.NextAttemptAt, it.CreatedAt = time.Unix(next, 0).UTC(), time.Unix(created, 0).UTC()
	if sent.Valid {
		t := time.Unix(sent.Int64, 0).UTC()
		it.SentAt = &t
	}
	return it, nil
}

func (s *Store) items(ctx context.Context, query string, args ...any) ([]Item, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+itemColumns+` FROM mail_outbox `+query, args...)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Due lists up to limit mails waiting whose time has come, oldest first.
func (s *Store) Due(ctx context.Context, limit int) ([]Item, error) {
	return s.items(ctx, `WHERE status = 'waiting' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`, s.Now().Unix(), limit)
}

// Pending lists what waits, is being sent or failed, oldest first (for
// `hotline mail outbox`), at most limit rows.
func (s *Store) Pending(ctx context.Context, limit int) ([]Item, error) {
	return s.items(ctx, `WHERE status IN ('waiting','sending','failed') ORDER BY id LIMIT ?`, limit)
}

// Get returns one outbox row.
func (s *Store) Get(ctx context.Context, id int64) (*Item, error) {
	it, err := scanItem(s.db.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM mail_outbox WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &OutboxError{ID: id, Err: ErrNoMail}
	}
	if err != nil {
		return nil, fmt.Errorf("outbox mail %d: %w", id, err)
	}
	return &it, nil
}

// Claim takes a waiting mail for sending, storing its rendered bytes (the
// first time) in the same committed transaction: false when another
// process took it first.
func (s *Store) Claim(ctx context.Context, id int64, raw []byte) (bool, error) {
	var ok bool
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status = 'sending', claimed_at = ?, attempts = attempts + 1,
			raw = COALESCE(raw, ?), link_token = CASE WHEN ? IS NULL THEN link_token ELSE '' END
			WHERE id = ? AND status = 'waiting'`, s.Now().Unix(), raw, raw, id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ok = n == 1
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("outbox: take mail %d: %w", id, err)
	}
	return ok, nil
}

// MarkSent records that the server accepted the mail.
func (s *Store) MarkSent(ctx context.Context, id int64) error {
	now := s.Now().Unix()
	_, err := s.db.ExecContext(ctx, `UPDATE mail_outbox SET status = 'sent', sent_at = ?, last_error = '' WHERE id = ?`, now, id)
	if err != nil {
		return fmt.Errorf("outbox: mark mail %d sent: %w", id, err)
	}
	return nil
}

// Backoff is the wait before attempt n+1: 1, 2, 4… minutes, at most an hour.
func Backoff(attempts int) time.Duration {
	d := time.Minute
	for i := 1; i < attempts && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// MarkFailed records a failed attempt: the mail waits for the next one
// with backoff, or is set aside as failed when the failure is permanent or
// after the last attempt.
func (s *Store) MarkFailed(ctx context.Context, id int64, cause error, permanent bool) error {
	it, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	status := StatusWaiting
	if permanent || it.Attempts >= defaultMaxTries {
		status = StatusFailed
	}
	next := s.Now().Add(Backoff(it.Attempts)).Unix()
	_, err = s.db.ExecContext(ctx, `UPDATE mail_outbox SET status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`,
		status, next, truncate(cause.Error(), maxErrorLen), id)
	if err != nil {
		return fmt.Errorf("outbox: note failure of mail %d: %w", id, err)
	}
	return nil
}

// SetAsideInterrupted moves mails left 'sending' by a process that died
// to 'failed': they may have reached the agent, so they are never sent
// again on their own; `hotline mail outbox --retry ID` does it. It returns
// how many.
func (s *Store) SetAsideInterrupted(ctx context.Context) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE mail_outbox SET status = 'failed',
		last_error = 'interrupted while sending: it may have reached the agent; retry it by hand if not'
		WHERE status = 'sending' AND claimed_at <= ?`, s.Now().Add(-claimTimeout).Unix())
	if err != nil {
		return 0, fmt.Errorf("outbox: look for interrupted mails: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Retry puts a failed mail back in the queue, due now.
func (s *Store) Retry(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE mail_outbox SET status = 'waiting', next_attempt_at = ? WHERE id = ? AND status IN ('failed','waiting')`, s.Now().Unix(), id)
	if err != nil {
		return fmt.Errorf("outbox: retry mail %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &OutboxError{ID: id, Err: ErrNotRetrying}
	}
	return nil
}

// Stuck counts the mails that failed or wait after a failed attempt: what
// the interface's status bar shows.
func (s *Store) Stuck(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM mail_outbox WHERE status = 'failed' OR (status = 'waiting' AND attempts > 0)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("outbox: count stuck mails: %w", err)
	}
	return n, nil
}

// MailedFollowups returns which of a ticket's follow-ups were sent (or are
// queued) by mail, for the ticket screen.
func (s *Store) MailedFollowups(ctx context.Context, ticketID int64) (map[int64]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT followup_id, status FROM mail_outbox WHERE ticket_id = ? AND followup_id IS NOT NULL`, ticketID)
	if err != nil {
		return nil, fmt.Errorf("mails of #%d: %w", ticketID, err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var st string
		if err := rows.Scan(&id, &st); err != nil {
			return nil, err
		}
		out[id] = st
	}
	return out, rows.Err()
}

// CursorTx reads a named position (0 when never set).
func (s *Store) CursorTx(ctx context.Context, q db.Querier, name string) (int64, bool, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT value FROM mail_cursor WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("read mail cursor %s: %w", name, err)
	}
	return v, true, nil
}

// SetCursorTx moves a named position.
func (s *Store) SetCursorTx(ctx context.Context, tx *sql.Tx, name string, v int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO mail_cursor(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`, name, v)
	if err != nil {
		return fmt.Errorf("move mail cursor %s: %w", name, err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// PersonRecords lists the mails read or written about the tickets in ids
// or from any of addresses (lower-cased), oldest first, and the outbox
// rows of those tickets or to those addresses, with the mails as rendered:
// what the mail channel holds about a person.
func (s *Store) PersonRecords(ctx context.Context, q db.Querier, ids []int64, addresses []string) ([]Record, []Item, error) {
	in, args := db.In(ids)
	addrIn, addrArgs := db.InStrings(addresses)
	rows, err := q.QueryContext(ctx, `SELECT key, direction, COALESCE(ticket_id, 0), COALESCE(followup_id, 0), sender, outcome, detail, language, at
		FROM mail_messages WHERE ticket_id IN `+in+` OR sender IN `+addrIn+` ORDER BY at, key`, append(args, addrArgs...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("mails of the person: %w", err)
	}
	var recs []Record
	for rows.Next() {
		var r Record
		var at int64
		if err := rows.Scan(&r.Key, &r.Direction, &r.TicketID, &r.FollowupID, &r.Sender, &r.Outcome, &r.Detail, &r.Language, &at); err != nil {
			rows.Close()
			return nil, nil, err
		}
		r.At = time.Unix(at, 0).UTC()
		recs = append(recs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	items, err := s.items(ctx, `WHERE ticket_id IN `+in+` OR lower(to_addr) IN `+addrIn+` ORDER BY id`, append(args, addrArgs...)...)
	if err != nil {
		return nil, nil, err
	}
	return recs, items, nil
}

// Erased says what EraseTx cleared.
type Erased struct {
	Records int // mails read or written whose sender and detail were cleared
	Outbox  int // outbox mails whose address, name and text were cleared
}

// ErasedNotSent is the last error of an outbox mail that was waiting when
// its requester was erased.
const ErasedNotSent = "not sent: the requester's data was erased"

// EraseTx clears, inside the caller's transaction, what the mail channel
// holds about a person: the sender address and detail of the mails read
// or written about the tickets in ids or from addresses, and the address,
// name, status-link secret, error and rendered text (raw) of their outbox
// mails. The keys (Message-IDs) stay, so that a mail read again is still
// recognised and a reply still finds its ticket; a mail not sent yet is
// set aside as failed, never sent.
func (s *Store) EraseTx(ctx context.Context, tx *sql.Tx, ids []int64, addresses []string) (Erased, error) {
	var e Erased
	in, args := db.In(ids)
	addrIn, addrArgs := db.InStrings(addresses)
	all := append(args, addrArgs...)
	res, err := tx.ExecContext(ctx, `UPDATE mail_messages SET sender = '', detail = ''
		WHERE (ticket_id IN `+in+` OR sender IN `+addrIn+`) AND (sender != '' OR detail != '')`, all...)
	if err != nil {
		return e, fmt.Errorf("erase mail records: %w", err)
	}
	n, _ := res.RowsAffected()
	e.Records = int(n)
	res, err = tx.ExecContext(ctx, `UPDATE mail_outbox SET to_addr = '', to_name = '', link_token = '', raw = NULL,
		status = CASE WHEN status IN ('waiting', 'sending') THEN 'failed' ELSE status END,
		last_error = CASE WHEN status IN ('waiting', 'sending') THEN ? ELSE '' END
		WHERE (ticket_id IN `+in+` OR lower(to_addr) IN `+addrIn+`) AND (to_addr != '' OR to_name != '' OR raw IS NOT NULL OR link_token != '')`,
		append([]any{ErasedNotSent}, all...)...)
	if err != nil {
		return e, fmt.Errorf("erase outbox mails: %w", err)
	}
	n, _ = res.RowsAffected()
	e.Outbox = int(n)
	return e, nil
}

// ForgetSendersTx clears the sender and detail of the mails read before t
// that belong to no ticket (ignored mails: auto-replies, bounces, over
// the rate limit), for the retention rule: the rate limit only needs the
// last hours. It says how many.
func (s *Store) ForgetSendersTx(ctx context.Context, tx *sql.Tx, before time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE mail_messages SET sender = '', detail = ''
		WHERE ticket_id IS NULL AND at < ? AND (sender != '' OR detail != '')`, before.Unix())
	if err != nil {
		return 0, fmt.Errorf("forget old mail senders: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
