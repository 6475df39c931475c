package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotline/internal/db"
	"hotline/internal/text"
)

// Options tune a Store; the zero value uses the defaults.
type Options struct {
	SLA SLA
	// Clock counts the SLA time: CalendarClock when nil (the application
	// layer passes the configured one, working hours by default).
	Clock      Clock
	Categories []string
	// Now is the clock, replaced in tests.
	Now func() time.Time
	// Guard, when set, is asked before a technician's write (the
	// application layer decides by role); nil allows everything. The *Tx
	// methods, which use cases of the application layer call with their
	// own rules (the portal, the mail), are not guarded.
	Guard Guard
}

// Store keeps tickets in SQLite.
type Store struct {
	db         *sql.DB
	sla        SLA
	clock      Clock
	categories []string
	now        func() time.Time
	rarity     rarityCache
	guard      Guard
	// plan forces the report's way of counting (tests compare both):
	// planAuto chooses by the period's share of the tickets.
	plan reportPlan
}

// NewStore returns a Store on an opened database (see db.Open with Schema).
func NewStore(sqldb *sql.DB, opts Options) *Store {
	s := &Store{db: sqldb, sla: opts.SLA, clock: opts.Clock, categories: opts.Categories, now: opts.Now, guard: opts.Guard}
	if s.sla == nil {
		s.sla = DefaultSLA
	}
	if s.clock == nil {
		s.clock = CalendarClock{}
	}
	if len(s.categories) == 0 {
		s.categories = DefaultCategories
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Categories are the categories this store accepts.
func (s *Store) Categories() []string { return s.categories }

// SLA is the per-priority allowed time in force.
func (s *Store) SLA() SLA { return s.sla }

// NewTicket is what is needed to create a ticket.
type NewTicket struct {
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Requester   Requester  `json:"requester"`
	Connection  string     `json:"connection"`
	Device      string     `json:"device"`
	Category    string     `json:"category"`
	Urgency     int        `json:"urgency"`
	Impact      int        `json:"impact"`
	Tags        []string   `json:"tags"`
	Assignee    string     `json:"assignee"`
	Status      string     `json:"status"`
	Major       bool       `json:"major"`
	CreatedAt   *time.Time `json:"created_at"` // for imports and demo data; default now
	// Channel is how the ticket arrived (ChannelPortal, ChannelPhone…),
	// recorded in its history; "" records nothing.
	Channel string `json:"-"`
}

// prepare validates n and fills in defaults, returning the ticket to insert.
func (s *Store) prepare(n NewTicket, now time.Time) (*Ticket, error) {
	n.Title = strings.TrimSpace(n.Title)
	n.Description = strings.TrimSpace(n.Description)
	if err := checkText("description", n.Description, MaxDescriptionLen); err != nil {
		return nil, err
	}
	if err := checkText("title", n.Title, 4*MaxTitleLen); err != nil {
		return nil, err
	}
	if n.Title == "" && n.Description == "" {
		return nil, refused("title", CodeNoTitle)
	}
	if n.Title == "" {
		n.Title = text.FirstChars(n.Description, 70)
	}
	if len([]rune(n.Title)) > MaxTitleLen {
		return nil, &FieldError{Field: "title", Code: CodeTooLong, N: int64(len([]rune(n.Title))), Limit: MaxTitleLen}
	}
	for _, f := range [...]struct{ field, v string }{
		{"requester name", n.Requester.Name}, {"requester service", n.Requester.Service},
		{"requester email", n.Requester.Email}, {"requester phone", n.Requester.Phone},
		{"device", n.Device}, {"assignee", n.Assignee},
	} {
		if err := checkText(f.field, f.v, MaxFieldLen); err != nil {
			return nil, err
		}
	}
	if e := strings.TrimSpace(n.Requester.Email); e != "" && !strings.Contains(e, "@") {
		return nil, &FieldError{Field: "requester email", Code: CodeNotEmail, Value: e}
	}
	if n.Urgency == 0 {
		n.Urgency = 3
	}
	if n.Impact == 0 {
		n.Impact = 3
	}
	if err := checkLevel("urgency", n.Urgency); err != nil {
		return nil, err
	}
	if err := checkLevel("impact", n.Impact); err != nil {
		return nil, err
	}
	category := "Autre"
	if strings.TrimSpace(n.Category) != "" {
		c, err := MatchCategory(s.categories, n.Category)
		if err != nil {
			return nil, err
		}
		category = c
	} else if _, err := MatchCategory(s.categories, category); err != nil {
		category = s.categories[len(s.categories)-1]
	}
	conn, err := ParseConnection(n.Connection)
	if err != nil {
		return nil, err
	}
	tags, err := normalizeTags(n.Tags)
	if err != nil {
		return nil, err
	}
	status := StatusNew
	assignee := strings.TrimSpace(n.Assignee)
	if n.Status != "" {
		st, err := ParseStatus(n.Status)
		if err != nil {
			return nil, err
		}
		status = st
	} else if assignee != "" {
		status = StatusAssigned
	}
	if err := checkAssigned(status, assignee); err != nil {
		return nil, err
	}
	created := now
	if n.CreatedAt != nil {
		// Year 1 (a zero time) or 9999 is a wrong year: refused, never
		// replaced by now or stored as a ticket from the future.
		if err := checkTime("created_at", *n.CreatedAt, now); err != nil {
			return nil, err
		}
		created = n.CreatedAt.UTC().Truncate(time.Second)
	}
	t := &Ticket{
		Title: n.Title, Description: n.Description, Status: status,
		Urgency: n.Urgency, Impact: n.Impact, Major: n.Major,
		Category: category, Requester: trimRequester(n.Requester), Connection: conn,
		Device: strings.TrimSpace(n.Device), Assignee: assignee, Tags: tags,
		CreatedAt: created, UpdatedAt: created, Version: 1,
	}
	t.Priority = effectivePriority(t.Urgency, t.Impact, t.Major)
	t.DueAt = s.sla.dueAt(s.clock, created, t.Priority, 0)
	switch status {
	case StatusSolved:
		t.SolvedAt = &created
	case StatusClosed:
		t.SolvedAt, t.ClosedAt = &created, &created
	case StatusPending:
		t.PendingSince = &created
	}
	return t, nil
}

func trimRequester(r Requester) Requester {
	return Requester{
		Name: strings.TrimSpace(r.Name), Service: strings.TrimSpace(r.Service),
		Email: strings.TrimSpace(r.Email), Phone: strings.TrimSpace(r.Phone),
	}
}

func effectivePriority(urgency, impact int, major bool) int {
	if major {
		return PriorityMajor
	}
	return ComputePriority(urgency, impact)
}

// Create validates and stores a new ticket, with its history entry and its
// full-text row, in one transaction.
func (s *Store) Create(ctx context.Context, n NewTicket, actor string) (*Ticket, error) {
	if err := s.allow(ctx, actor, PermWrite); err != nil {
		return nil, fmt.Errorf("create ticket: %w", err)
	}
	t, err := s.prepare(n, s.now().UTC().Truncate(time.Second))
	if err != nil {
		return nil, fmt.Errorf("create ticket: %w", err)
	}
	err = db.WithTx(ctx, s.db, func(tx *sql.Tx) error { return s.insertWithChannel(ctx, tx, t, actor, n.Channel) })
	if err != nil {
		return nil, fmt.Errorf("create ticket: %w", err)
	}
	return t, nil
}

func (s *Store) insert(ctx context.Context, tx *sql.Tx, t *Ticket, actor string) error {
	if err := checkAssignee(ctx, tx, t.Assignee); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO tickets (
		title, description, status, urgency, impact, priority, major, category,
		requester_name, requester_service, requester_email, requester_phone,
		connection, device, assignee, tags, created_at, updated_at,
		solved_at, closed_at, pending_since, due_at, version)
		VALUES (?,?,?,?,?,?,?,?, ?,?,?,?, ?,?,?,?,?,?, ?,?,?,?,1)`,
		t.Title, t.Description, t.Status, t.Urgency, t.Impact, t.Priority, t.Major, t.Category,
		t.Requester.Name, t.Requester.Service, t.Requester.Email, t.Requester.Phone,
		t.Connection, t.Device, t.Assignee, strings.Join(t.Tags, " "), t.CreatedAt.Unix(), t.UpdatedAt.Unix(),
		unixOrNil(t.SolvedAt), unixOrNil(t.ClosedAt), unixOrNil(t.PendingSince), t.DueAt.Unix())
	if err != nil {
		return err
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	for _, tag := range t.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_tags(ticket_id, tag, created_at) VALUES (?, ?, ?)`, t.ID, tag, t.CreatedAt.Unix()); err != nil {
			return err
		}
	}
	if err := addHistory(ctx, tx, t.ID, t.CreatedAt, actor, "created", "", t.Title); err != nil {
		return err
	}
	return reindex(ctx, tx, t.ID)
}

// Get loads one ticket.
func (s *Store) Get(ctx context.Context, id int64) (*Ticket, error) {
	t, err := getTicket(ctx, s.db, id)
	if err != nil {
		return nil, fmt.Errorf("get ticket #%d: %w", id, err)
	}
	return t, nil
}

func getTicket(ctx context.Context, q db.Querier, id int64) (*Ticket, error) {
	row := q.QueryRowContext(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE id = ?`, id)
	t, err := scanTicket(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &NotFoundError{ID: id}
	}
	return t, err
}

const ticketColumns = `id, title, description, status, urgency, impact, priority, major, category,
	requester_name, requester_service, requester_email, requester_phone,
	connection, device, assignee, tags, created_at, updated_at,
	first_response_at, solved_at, closed_at, pending_since, pending_seconds, due_at, version`

type scanner interface{ Scan(dest ...any) error }

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, q db.Querier, scan func(scanner) (*T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

func scanTicket(r scanner) (*Ticket, error) {
	var t Ticket
	var tags string
	var created, updated, due int64
	var first, solved, closed, pending sql.NullInt64
	err := r.Scan(&t.ID, &t.Title, &t.Description, &t.Status, &t.Urgency, &t.Impact, &t.Priority, &t.Major, &t.Category,
		&t.Requester.Name, &t.Requester.Service, &t.Requester.Email, &t.Requester.Phone,
		&t.Connection, &t.Device, &t.Assignee, &tags, &created, &updated,
		&first, &solved, &closed, &pending, &t.PendingSeconds, &due, &t.Version)
	if err != nil {
		return nil, err
	}
	t.Tags = strings.Fields(tags)
	t.CreatedAt, t.UpdatedAt, t.DueAt = unix(created), unix(updated), unix(due)
	t.FirstResponseAt, t.SolvedAt, t.ClosedAt, t.PendingSince = timeOrNil(first), timeOrNil(solved), timeOrNil(closed), timeOrNil(pending)
	return &t, nil
}

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func timeOrNil(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := unix(v.Int64)
	return &t
}

func unixOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Unix()
}

func addHistory(ctx context.Context, q db.Querier, id int64, at time.Time, actor, field, old, new string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO ticket_history(ticket_id, at, actor, field, old_value, new_value) VALUES (?,?,?,?,?,?)`,
		id, at.Unix(), actor, field, old, new)
	return err
}

// indexTickets writes the full-text rows of the tickets it selects: a
// WHERE clause on t follows.
const indexTickets = `INSERT INTO tickets_fts(rowid, title, description, tags, followups, requester)
	SELECT t.id, t.title, t.description, t.tags,
		COALESCE((SELECT group_concat(body, char(10)) FROM followups f WHERE f.ticket_id = t.id), ''),
		t.requester_name || ' ' || t.requester_service
	FROM tickets t`

// reindex rewrites the ticket's full-text row from what is stored, so the
// index can never disagree with the data it was written with.
func reindex(ctx context.Context, q db.Querier, id int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM tickets_fts WHERE rowid = ?`, id); err != nil {
		return fmt.Errorf("reindex #%d: %w", id, err)
	}
	_, err := q.ExecContext(ctx, indexTickets+` WHERE t.id = ?`, id)
	if err != nil {
		return fmt.Errorf("reindex #%d: %w", id, err)
	}
	return nil
}
