// Package attachments keeps the files agents attach to their tickets
// (screenshots, PDFs, text logs) in the database, beside the ticket they
// belong to: a ticket and its files are written in one transaction, and a
// backup of the database file holds them all.
package attachments

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hotline/internal/db"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the attachments tables and their migrations.
var Schema = db.MustLoadSchema("attachments", migrationFiles, "migrations")

// Defaults for Limits.
const (
	DefaultMaxSize  = 5 << 20 // 5 MiB per file
	DefaultMaxFiles = 3       // per request (a new ticket or a reply)
	MaxNameLen      = 200
)

// Limits bound what is accepted; the zero value means the defaults.
type Limits struct {
	MaxSize  int64 // bytes per file
	MaxFiles int   // files per ticket or reply
}

// WithDefaults fills the zero fields.
func (l Limits) WithDefaults() Limits {
	if l.MaxSize <= 0 {
		l.MaxSize = DefaultMaxSize
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultMaxFiles
	}
	return l
}

// Accepted content types, found from the bytes, never from the name.
const (
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypePDF  = "application/pdf"
	TypeText = "text/plain"
)

// Attachment is one stored file, without its bytes.
type Attachment struct {
	ID          int64
	TicketID    int64
	FollowupID  int64 // 0 when it came with the ticket itself
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	AddedBy     string
	Channel     string
	CreatedAt   time.Time
}

// Upload is a file offered for storage.
type Upload struct {
	Name string
	Data []byte
}

// Errors a front end words for its user.
var (
	ErrTooLarge    = errors.New("attachment too large")
	ErrType        = errors.New("attachment type not accepted")
	ErrTooMany     = errors.New("too many attachments")
	ErrEmpty       = errors.New("attachment is empty")
	ErrNotFound    = errors.New("attachment not found")
	ErrInvalidName = errors.New("attachment name invalid")
)

// Error names the file that was refused and why (one of the Err values).
type Error struct {
	Name  string // as given, sanitised
	Kind  error  // ErrTooLarge, ErrType, ErrTooMany, ErrEmpty
	Limit int64  // the size or count limit, for ErrTooLarge and ErrTooMany
}

func (e *Error) Error() string {
	switch e.Kind {
	case ErrTooLarge:
		return fmt.Sprintf("%s: larger than %s: send a smaller file (a screenshot of the relevant part)", e.Name, HumanSize(e.Limit))
	case ErrType:
		return fmt.Sprintf("%s: not a PNG, JPEG, PDF or text file (checked from its content)", e.Name)
	case ErrTooMany:
		return fmt.Sprintf("at most %d files at once", e.Limit)
	case ErrEmpty:
		return fmt.Sprintf("%s: the file is empty", e.Name)
	}
	return e.Name + ": " + e.Kind.Error()
}

func (e *Error) Unwrap() error { return e.Kind }

// Sniff gives the content type of data from its first bytes: one of the
// accepted types, or "" when the content is none of them. Text must be
// valid UTF-8 with no control characters other than tab and line breaks.
func Sniff(data []byte) string {
	switch ct := http.DetectContentType(data); {
	case ct == TypePNG, ct == TypeJPEG, ct == TypePDF:
		return ct
	case strings.HasPrefix(ct, "text/plain"):
		if !utf8.Valid(data) {
			return ""
		}
		for _, r := range string(data) {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
				return ""
			}
		}
		return TypeText
	}
	return ""
}

// CleanName keeps the last element of a path and drops control and
// formatting characters (bidi overrides could disguise an extension).
func CleanName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = filepath.Base("/" + name)
	var b strings.Builder
	for _, r := range name {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		b.WriteRune(r)
	}
	name = strings.TrimSpace(b.String())
	if name == "" || name == "/" || name == "." || name == ".." {
		name = "fichier"
	}
	if r := []rune(name); len(r) > MaxNameLen {
		ext := filepath.Ext(name)
		if len([]rune(ext)) > 16 {
			ext = ""
		}
		name = string(r[:MaxNameLen-len([]rune(ext))]) + ext
	}
	return name
}

// Check validates a set of uploads against the limits without storing
// anything, and returns their sniffed content types in order. Empty files
// are refused (a file input left empty should have been dropped before).
func Check(lim Limits, ups []Upload) ([]string, error) {
	lim = lim.WithDefaults()
	if len(ups) > lim.MaxFiles {
		return nil, &Error{Kind: ErrTooMany, Limit: int64(lim.MaxFiles)}
	}
	types := make([]string, len(ups))
	for i, u := range ups {
		name := CleanName(u.Name)
		if len(u.Data) == 0 {
			return nil, &Error{Name: name, Kind: ErrEmpty}
		}
		if int64(len(u.Data)) > lim.MaxSize {
			return nil, &Error{Name: name, Kind: ErrTooLarge, Limit: lim.MaxSize}
		}
		if types[i] = Sniff(u.Data); types[i] == "" {
			return nil, &Error{Name: name, Kind: ErrType}
		}
	}
	return types, nil
}

// Store keeps attachments in SQLite.
type Store struct {
	db     *sql.DB
	limits Limits
	now    func() time.Time
}

// NewStore returns a Store on a database opened with Schema.
func NewStore(sqldb *sql.DB, limits Limits, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: sqldb, limits: limits.WithDefaults(), now: now}
}

// Limits are the limits in force.
func (s *Store) Limits() Limits { return s.limits }

// AddTx checks and stores uploads for a ticket (and the reply they came
// with, or 0) inside the caller's transaction: all of them or, on any
// error, none (the caller rolls back).
func (s *Store) AddTx(ctx context.Context, tx *sql.Tx, ticketID, followupID int64, ups []Upload, by, channel string) ([]Attachment, error) {
	types, err := Check(s.limits, ups)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Second)
	out := make([]Attachment, 0, len(ups))
	for i, u := range ups {
		sum := sha256.Sum256(u.Data)
		a := Attachment{
			TicketID: ticketID, FollowupID: followupID, Name: CleanName(u.Name), ContentType: types[i],
			Size: int64(len(u.Data)), SHA256: hex.EncodeToString(sum[:]), AddedBy: by, Channel: channel, CreatedAt: now,
		}
		var fid any
		if followupID > 0 {
			fid = followupID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO attachments(ticket_id, followup_id, name, content_type, size, sha256, added_by, channel, created_at)
			VALUES (?,?,?,?,?,?,?,?,?)`, ticketID, fid, a.Name, a.ContentType, a.Size, a.SHA256, by, channel, now.Unix())
		if err != nil {
			return nil, fmt.Errorf("store attachment %s: %w", a.Name, err)
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO attachment_data(attachment_id, data) VALUES (?, ?)`, a.ID, u.Data); err != nil {
			return nil, fmt.Errorf("store attachment %s: %w", a.Name, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// Add stores uploads for a ticket in a transaction of its own.
func (s *Store) Add(ctx context.Context, ticketID int64, ups []Upload, by, channel string) ([]Attachment, error) {
	var out []Attachment
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM tickets WHERE id = ?`, ticketID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return fmt.Errorf("ticket #%d does not exist", ticketID)
		}
		var err error
		out, err = s.AddTx(ctx, tx, ticketID, 0, ups, by, channel)
		return err
	})
	return out, err
}

const columns = `id, ticket_id, COALESCE(followup_id, 0), name, content_type, size, sha256, added_by, channel, created_at`

func scan(r interface{ Scan(...any) error }) (Attachment, error) {
	var a Attachment
	var at int64
	err := r.Scan(&a.ID, &a.TicketID, &a.FollowupID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.AddedBy, &a.Channel, &at)
	a.CreatedAt = time.Unix(at, 0).UTC()
	return a, err
}

// List returns a ticket's attachments, oldest first (a ticket holds a
// handful: the limits bound each request).
func (s *Store) List(ctx context.Context, ticketID int64) ([]Attachment, error) {
	return s.list(ctx, s.db, ticketID)
}

// ListTx is List inside a transaction.
func (s *Store) ListTx(ctx context.Context, q db.Querier, ticketID int64) ([]Attachment, error) {
	return s.list(ctx, q, ticketID)
}

func (s *Store) list(ctx context.Context, q db.Querier, ticketID int64) ([]Attachment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM attachments WHERE ticket_id = ? ORDER BY id`, ticketID)
	if err != nil {
		return nil, fmt.Errorf("list attachments of #%d: %w", ticketID, err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Open returns one attachment of a ticket and its bytes. An id belonging to
// another ticket is not found: a caller allowed to see one ticket never
// reaches another's files.
func (s *Store) Open(ctx context.Context, ticketID, id int64) (*Attachment, []byte, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+columns+`, d.data FROM attachments a JOIN attachment_data d ON d.attachment_id = a.id
		WHERE a.id = ? AND a.ticket_id = ?`, id, ticketID)
	var a Attachment
	var at int64
	var data []byte
	err := row.Scan(&a.ID, &a.TicketID, &a.FollowupID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.AddedBy, &a.Channel, &at, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("attachment %d of ticket #%d: %w", id, ticketID, ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read attachment %d of ticket #%d: %w", id, ticketID, err)
	}
	a.CreatedAt = time.Unix(at, 0).UTC()
	return &a, data, nil
}

// HumanSize writes a byte count for people: 512 o, 12 Ko, 3.4 Mo are
// written 512 B, 12 KB, 3.4 MB (the front ends translate the units).
func HumanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<20))) + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%d B", n)
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }

// RestoreTx stores a file from an export for a ticket, inside the
// caller's transaction, keeping who added it, how and when. The content
// type is found again from the bytes; the size limits of this database do
// not apply (the file was accepted where it came from), the types do.
func (s *Store) RestoreTx(ctx context.Context, tx *sql.Tx, a Attachment, data []byte) (*Attachment, error) {
	a.Name = CleanName(a.Name)
	if len(data) == 0 {
		return nil, &Error{Name: a.Name, Kind: ErrEmpty}
	}
	if a.ContentType = Sniff(data); a.ContentType == "" {
		return nil, &Error{Name: a.Name, Kind: ErrType}
	}
	sum := sha256.Sum256(data)
	a.SHA256, a.Size = hex.EncodeToString(sum[:]), int64(len(data))
	if a.CreatedAt.IsZero() {
		a.CreatedAt = s.now().UTC().Truncate(time.Second)
	}
	var fid any
	if a.FollowupID > 0 {
		fid = a.FollowupID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO attachments(ticket_id, followup_id, name, content_type, size, sha256, added_by, channel, created_at)
		VALUES (?,?,?,?,?,?,?,?,?)`, a.TicketID, fid, a.Name, a.ContentType, a.Size, a.SHA256, a.AddedBy, a.Channel, a.CreatedAt.Unix())
	if err != nil {
		return nil, fmt.Errorf("restore attachment %s: %w", a.Name, err)
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO attachment_data(attachment_id, data) VALUES (?, ?)`, a.ID, data); err != nil {
		return nil, fmt.Errorf("restore attachment %s: %w", a.Name, err)
	}
	return &a, nil
}

// ListWithData calls each with every attachment of a ticket and its bytes,
// oldest first (for exports).
func (s *Store) ListWithData(ctx context.Context, ticketID int64, each func(Attachment, []byte) error) error {
	list, err := s.List(ctx, ticketID)
	if err != nil {
		return err
	}
	for _, a := range list {
		_, data, err := s.Open(ctx, ticketID, a.ID)
		if err != nil {
			return err
		}
		if err := each(a, data); err != nil {
			return err
		}
	}
	return nil
}

// RemoveTx deletes every file of the tickets in ids, names and bytes,
// inside the caller's transaction: what erasing a requester's personal
// data does with their tickets' files (a screenshot or a PDF cannot be
// anonymised). It returns how many files each ticket lost.
func (s *Store) RemoveTx(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]int, error) {
	in, args := db.In(ids)
	rows, err := tx.QueryContext(ctx, `SELECT ticket_id, count(*) FROM attachments WHERE ticket_id IN `+in+` GROUP BY ticket_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("remove attachments: %w", err)
	}
	removed := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, err
		}
		removed[id] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(removed) == 0 {
		return removed, nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM attachment_data WHERE attachment_id IN (SELECT id FROM attachments WHERE ticket_id IN `+in+`)`, args...); err != nil {
		return nil, fmt.Errorf("remove attachments: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM attachments WHERE ticket_id IN `+in, args...); err != nil {
		return nil, fmt.Errorf("remove attachments: %w", err)
	}
	return removed, nil
}
