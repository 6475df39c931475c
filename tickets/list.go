package tickets

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"hotline/internal/fts"
)

// Sort is the order of a ticket list.
type Sort string

const (
	// SortPriority is the queue order: highest priority first, then oldest.
	SortPriority Sort = "priority"
	// SortNewest lists the most recently created first.
	SortNewest Sort = "newest"
	// SortUpdated lists the most recently changed first.
	SortUpdated Sort = "updated"
	// SortID lists in creation order, for exports.
	SortID Sort = "id"
	// SortDue lists the soonest due first (the time left before the SLA
	// is breached).
	SortDue Sort = "due"
)

// Services lists the requesters' services in use, most tickets first (for
// the queue's svc: filter and the phone form's completion).
func (s *Store) Services(ctx context.Context, limit int) ([]string, error) {
	if limit <= 0 {
		limit = 500
	}
	rows, err := s.db.QueryContext(ctx, `SELECT requester_service FROM tickets WHERE requester_service != ''
		GROUP BY requester_service ORDER BY count(*) DESC, requester_service LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("list services: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ParseSort validates a sort name.
func ParseSort(s string) (Sort, error) {
	switch Sort(s) {
	case "", SortPriority:
		return SortPriority, nil
	case SortNewest, SortUpdated, SortID, SortDue:
		return Sort(s), nil
	}
	return "", unknownValue("sort", s, []Sort{SortPriority, SortNewest, SortUpdated, SortDue, SortID})
}

// Filter selects tickets. Zero fields do not filter; with no Statuses and
// not All, only open tickets (not solved or closed) are listed.
type Filter struct {
	Statuses   []Status
	All        bool // every status
	Assignee   *string
	Category   string
	Tag        string
	Priority   int
	Connection Connection
	Service    string
	// Services is any of these services (the queue's svc: matches the
	// known services by folded prefix and words).
	Services []string
	// RequesterEmail, else RequesterName, selects one person's tickets.
	RequesterEmail string
	RequesterName  string
	// Nothing matches no ticket: a filter that contradicts its view
	// (status:solved in the pending tab).
	Nothing bool
	Text    string // full-text, accent-insensitive; the last word is a prefix
	Overdue bool   // open, not pending, past due at Now
	Now     time.Time
}

// Page is one page of a list and the cursor of the next one ("" at the end).
type Page struct {
	Tickets []Ticket
	Next    string
}

// DefaultPageSize is the list size when none is given.
const DefaultPageSize = 50

// MaxPageSize bounds a page so no caller loads a whole table by accident.
const MaxPageSize = 1000

// sortKey describes a keyset order: the SQL of its key (compared as a row
// value, ascending) and how to read a ticket's key.
type sortKey struct {
	order  string
	keyCol string
	key    func(t *Ticket) [3]int64
}

var sortKeys = map[Sort]sortKey{
	SortPriority: {
		order:  "queue_rank, created_at, id",
		keyCol: "(queue_rank, created_at, id)",
		key:    func(t *Ticket) [3]int64 { return [3]int64{-int64(t.Priority), t.CreatedAt.Unix(), t.ID} },
	},
	SortNewest: {
		order:  "created_at DESC, id DESC",
		keyCol: "(-created_at, -id)",
		key:    func(t *Ticket) [3]int64 { return [3]int64{-t.CreatedAt.Unix(), -t.ID, 0} },
	},
	SortID: {
		order:  "id",
		keyCol: "(id, 0, 0)",
		key:    func(t *Ticket) [3]int64 { return [3]int64{t.ID, 0, 0} },
	},
	SortDue: {
		order:  "due_at, id",
		keyCol: "(due_at, id)",
		key:    func(t *Ticket) [3]int64 { return [3]int64{t.DueAt.Unix(), t.ID, 0} },
	},
	SortUpdated: {
		order:  "updated_at DESC, id DESC",
		keyCol: "(-updated_at, -id)",
		key:    func(t *Ticket) [3]int64 { return [3]int64{-t.UpdatedAt.Unix(), -t.ID, 0} },
	},
}

// List returns one page of tickets matching f in order sort, starting after
// cursor (from a previous Page.Next; "" for the first page). Pages are
// keyset queries on an index that matches the order, so a page 10,000 rows
// deep costs what the first one does.
func (s *Store) List(ctx context.Context, f Filter, sort Sort, limit int, cursor string) (Page, error) {
	return s.page(ctx, f, sort, limit, cursor, false)
}

// ListBefore is List backwards: the limit tickets just before cursor (a
// ticket's cursor from KeyOf; "" for the end of the list), in the order
// sort. Page.Next is then the cursor to go further back ("" at the
// start). The queue's G loads the true last page with it, as a keyset
// query walking the same index backwards.
func (s *Store) ListBefore(ctx context.Context, f Filter, sort Sort, limit int, cursor string) (Page, error) {
	return s.page(ctx, f, sort, limit, cursor, true)
}

// page is one keyset page in either direction: backwards, every
// comparison and the order flip, and the rows are put back in the list's
// order before they are returned.
func (s *Store) page(ctx context.Context, f Filter, sort Sort, limit int, cursor string, backwards bool) (Page, error) {
	if sort == "" {
		sort = SortPriority
	}
	sk, ok := sortKeys[sort]
	if !ok {
		return Page{}, fmt.Errorf("list tickets: unknown sort %q", sort)
	}
	if limit <= 0 {
		limit = DefaultPageSize
	}
	limit = min(limit, MaxPageSize)
	where, args, err := s.where(f)
	if err != nil {
		return Page{}, fmt.Errorf("list tickets: %w", err)
	}
	if fts.Match(f.Text, true) != "" {
		cond, condArgs, err := s.textCondition(ctx, f.Text)
		if err != nil {
			return Page{}, fmt.Errorf("list tickets: %w", err)
		}
		where = append(where, cond)
		args = append(args, condArgs...)
	}
	if f.Tag != "" {
		if err := s.tagCondition(ctx, where, args); err != nil {
			return Page{}, fmt.Errorf("list tickets: %w", err)
		}
	}
	if cursor != "" {
		key, err := decodeCursor(cursor, sort)
		if err != nil {
			return Page{}, fmt.Errorf("list tickets: %w", err)
		}
		after, before := ">", "<"
		if backwards {
			after, before = before, after
		}
		switch sort {
		case SortPriority:
			where = append(where, sk.keyCol+" "+after+" (?, ?, ?)")
			args = append(args, key[0], key[1], key[2])
		case SortID:
			where = append(where, "id "+after+" ?")
			args = append(args, key[0])
		case SortDue:
			where = append(where, "(due_at, id) "+after+" (?, ?)")
			args = append(args, key[0], key[1])
		default:
			// Descending orders: compare on the plain columns so SQLite can
			// walk the (created_at, id) index backwards.
			col := "created_at"
			if sort == SortUpdated {
				col = "updated_at"
			}
			where = append(where, "("+col+", id) "+before+" (?, ?)")
			args = append(args, -key[0], -key[1])
		}
	}
	order := sk.order
	if backwards {
		order = reverseOrder(order)
	}
	q := `SELECT ` + ticketColumns + ` FROM tickets`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY " + order + " LIMIT ?"
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return Page{}, fmt.Errorf("list tickets: %w", err)
	}
	defer rows.Close()
	var page Page
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return Page{}, fmt.Errorf("list tickets: %w", err)
		}
		page.Tickets = append(page.Tickets, *t)
	}
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("list tickets: %w", err)
	}
	if len(page.Tickets) > limit {
		page.Tickets = page.Tickets[:limit]
		page.Next = encodeCursor(sort, sk.key(&page.Tickets[limit-1]))
	}
	if backwards {
		slices.Reverse(page.Tickets)
	}
	return page, nil
}

// reverseOrder turns "a, b DESC" into "a DESC, b".
func reverseOrder(order string) string {
	parts := strings.Split(order, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if c, ok := strings.CutSuffix(p, " DESC"); ok {
			parts[i] = c
		} else {
			parts[i] = p + " DESC"
		}
	}
	return strings.Join(parts, ", ")
}

// Count counts the tickets matching f (for the queue's tab counts). With
// text, the count walks the word's matches and checks each ticket: its
// cost follows how common the word is, never the size of the view.
func (s *Store) Count(ctx context.Context, f Filter) (int, error) {
	q, args, err := s.countQuery(f)
	if err != nil {
		return 0, fmt.Errorf("count tickets: %w", err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count tickets: %w", err)
	}
	return n, nil
}

func (s *Store) countQuery(f Filter) (string, []any, error) {
	where, args, err := s.where(f)
	if err != nil {
		return "", nil, err
	}
	// Count by statuses rather than is_open: a generated column keeps
	// SQLite from counting on the index alone (see migration 0007).
	for i, w := range where {
		switch w {
		case "is_open = 1":
			where[i] = "status IN ('new','assigned','planned','pending')"
		case "status != 'pending'":
			where[i] = "status IN ('new','assigned','planned')"
		}
	}
	q := `SELECT count(*) FROM tickets`
	if m := fts.Match(f.Text, true); m != "" {
		q = `SELECT count(*) FROM tickets_fts JOIN tickets ON tickets.id = tickets_fts.rowid`
		where = append([]string{"tickets_fts MATCH ?"}, where...)
		args = append([]any{m}, args...)
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return q, args, nil
}

func (s *Store) where(f Filter) ([]string, []any, error) {
	var where []string
	var args []any
	if f.Nothing {
		where = append(where, "0")
	}
	switch {
	case f.Overdue:
		now := f.Now
		if now.IsZero() {
			now = s.now()
		}
		where = append(where, "is_open = 1", "status != 'pending'", "due_at < ?")
		args = append(args, now.Unix())
	case f.All:
	case len(f.Statuses) == 1:
		where = append(where, "status = ?")
		args = append(args, string(f.Statuses[0]))
	case len(f.Statuses) > 1:
		ph := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			ph[i] = "?"
			args = append(args, string(st))
		}
		where = append(where, "status IN ("+strings.Join(ph, ",")+")")
	default:
		where = append(where, "is_open = 1")
	}
	for _, st := range f.Statuses {
		if _, err := ParseStatus(string(st)); err != nil {
			return nil, nil, err
		}
	}
	if f.Assignee != nil {
		where = append(where, "assignee = ?")
		args = append(args, *f.Assignee)
	}
	if f.Category != "" {
		c, err := MatchCategory(s.categories, f.Category)
		if err != nil {
			return nil, nil, err
		}
		where = append(where, "category = ?")
		args = append(args, c)
	}
	if f.Tag != "" {
		tag, err := NormalizeTag(f.Tag)
		if err != nil {
			return nil, nil, err
		}
		where = append(where, tagIn)
		args = append(args, tag)
	}
	if f.Priority != 0 {
		if f.Priority < 1 || f.Priority > 6 {
			return nil, nil, &FieldError{Field: "priority", Code: CodeOutOfRange, Value: strconv.Itoa(f.Priority), N: int64(f.Priority), Min: 1, Limit: 6}
		}
		where = append(where, "priority = ?")
		args = append(args, f.Priority)
	}
	if f.Connection != "" {
		c, err := ParseConnection(string(f.Connection))
		if err != nil {
			return nil, nil, err
		}
		where = append(where, "connection = ?")
		args = append(args, string(c))
	}
	if f.Service != "" {
		where = append(where, "requester_service = ? COLLATE NOCASE")
		args = append(args, f.Service)
	}
	if len(f.Services) > 0 {
		where = append(where, "requester_service IN (?"+strings.Repeat(", ?", len(f.Services)-1)+")")
		for _, v := range f.Services {
			args = append(args, v)
		}
	}
	switch {
	case strings.TrimSpace(f.RequesterEmail) != "":
		where = append(where, "requester_email = ? COLLATE NOCASE")
		args = append(args, strings.TrimSpace(f.RequesterEmail))
	case strings.TrimSpace(f.RequesterName) != "":
		where = append(where, "requester_name = ? COLLATE NOCASE")
		args = append(args, strings.TrimSpace(f.RequesterName))
	}
	return where, args, nil
}

const (
	tagIn     = "id IN (SELECT ticket_id FROM ticket_tags WHERE tag = ?)"
	tagExists = "EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.tag = ? AND tt.ticket_id = tickets.id)"
)

// tagCondition chooses, for a page of a list, how the tag filter (written
// by where as tagIn) is checked, as textCondition does for text. A rare
// tag's tickets are few: collect them (IN) and sort them. A common tag's
// tickets are many (0.3 s at 1M to collect and sort): walk the queue's
// index and check each row (EXISTS), which fills a page after a few rows.
func (s *Store) tagCondition(ctx context.Context, where []string, args []any) error {
	for i, w := range where {
		if w != tagIn {
			continue
		}
		// The tag's argument is the one at the position of its "?".
		pos := 0
		for _, prev := range where[:i] {
			pos += strings.Count(prev, "?")
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM ticket_tags WHERE tag = ? LIMIT ?)`, args[pos], rareMatches).Scan(&n); err != nil {
			return err
		}
		if n >= rareMatches {
			where[i] = tagExists
		}
	}
	return nil
}

// rareMatches is where the text filter changes strategy; recentPrefix is
// how many of a common prefix's most recent matches the filter considers.
const (
	rareMatches  = 5000
	recentPrefix = 20000
)

// textCondition filters a list by full text, the last word as a prefix.
// A rare text's matches are few: list them once (an IN list) and walk the
// queue index over them. A common text's matches are many, and listing
// them all costs what the table holds; the queue index is walked instead
// and each row checked, which fills a page after a few rows. FTS5 expands
// a prefix again at every check (seconds on a large table), so rows are
// checked against the complete words, and the prefix only among the
// recentPrefix most recent matches. Counting up to rareMatches matches
// tells the cases apart in a few milliseconds.
func (s *Store) textCondition(ctx context.Context, text string) (string, []any, error) {
	prefix, exact := fts.Match(text, true), fts.Match(text, false)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? LIMIT ?)`, prefix, rareMatches).Scan(&n); err != nil {
		return "", nil, err
	}
	if n < rareMatches {
		return "id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)", []any{prefix}, nil
	}
	return `(EXISTS (SELECT 1 FROM tickets_fts WHERE tickets_fts MATCH ? AND tickets_fts.rowid = tickets.id)
		OR id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid DESC LIMIT ?))`,
		[]any{exact, prefix, recentPrefix}, nil
}
func encodeCursor(sort Sort, key [3]int64) string {
	raw := fmt.Sprintf("%s:%d:%d:%d", sort, key[0], key[1], key[2])
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(c string, sort Sort) ([3]int64, error) {
	var key [3]int64
	bad := &BadCursorError{Cursor: c}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return key, bad
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 4 || Sort(parts[0]) != sort {
		return key, bad
	}
	for i := range 3 {
		if key[i], err = strconv.ParseInt(parts[i+1], 10, 64); err != nil {
			return key, bad
		}
	}
	return key, nil
}

// Search finds tickets by full text, best matches first (bm25, title
// weighted above tags above description above follow-ups).
func (s *Store) Search(ctx context.Context, query string, limit int) ([]Ticket, error) {
	m := fts.Match(query, true)
	if m == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = DefaultPageSize
	}
	out, err := queryAll(ctx, s.db, scanTicket, `SELECT `+prefixed("t.", ticketColumns)+`
		FROM tickets_fts JOIN tickets t ON t.id = tickets_fts.rowid
		WHERE tickets_fts MATCH ?
		ORDER BY bm25(tickets_fts, 4.0, 1.0, 2.0, 0.5, 1.0) LIMIT ?`, m, limit)
	if err != nil {
		return nil, fmt.Errorf("search tickets for %q: %w", query, err)
	}
	return out, nil
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// ErrBadCursor is what every BadCursorError is.
var ErrBadCursor = errors.New("bad cursor")

// BadCursorError: the cursor of a page is not one this list printed (or
// was printed for another sort).
type BadCursorError struct{ Cursor string }

func (e *BadCursorError) Error() string {
	return fmt.Sprintf("invalid cursor %q: not the cursor of a previous page of this list, with the same sort", e.Cursor)
}
func (e *BadCursorError) Unwrap() error { return ErrBadCursor }
