// Package access holds the secrets that open the portal and the API: the
// private status link of each ticket and the API keys of other systems.
// Secrets are random (256 bits), shown once, and stored as SHA-256 hashes
// compared in constant time.
package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"hotline/internal/db"
	"hotline/internal/text"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the access tables and their migrations.
var Schema = db.MustLoadSchema("access", migrationFiles, "migrations")

// Errors.
var (
	ErrUnknownToken = errors.New("unknown or expired status link")
	ErrUnknownKey   = errors.New("unknown or revoked API key")
	ErrInvalidName  = errors.New("invalid API key name")
)

// KeyPrefix starts every API key, so that a leaked key is recognisable by
// secret scanners.
const KeyPrefix = "hk_"

// Store keeps tokens and keys.
type Store struct {
	db  *sql.DB
	now func() time.Time
}

// NewStore returns a Store on a database opened with Schema.
func NewStore(sqldb *sql.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: sqldb, now: now}
}

// newSecret returns 32 random bytes, base64url without padding (43
// characters, 256 bits).
func newSecret() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

func hash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// wellFormed rejects what cannot be a secret before any query.
func wellFormed(secret string, min, max int) bool {
	if len(secret) < min || len(secret) > max {
		return false
	}
	for _, r := range secret {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// NewStatusTokenTx creates the private status link token of a ticket inside
// the caller's transaction and returns it: the only time it is known.
func (s *Store) NewStatusTokenTx(ctx context.Context, tx *sql.Tx, ticketID int64) (string, error) {
	tok, err := newSecret()
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO status_tokens(token_hash, ticket_id, created_at) VALUES (?,?,?)`,
		hash(tok), ticketID, s.now().Unix()); err != nil {
		return "", fmt.Errorf("store status link of #%d: %w", ticketID, err)
	}
	return tok, nil
}

// TicketOf returns the ticket a status token opens, or ErrUnknownToken.
func (s *Store) TicketOf(ctx context.Context, token string) (int64, error) {
	if !wellFormed(token, 22, 64) {
		return 0, ErrUnknownToken
	}
	h := hash(token)
	var stored []byte
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT token_hash, ticket_id FROM status_tokens WHERE token_hash = ?`, h).Scan(&stored, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrUnknownToken
	}
	if err != nil {
		return 0, fmt.Errorf("look up status link: %w", err)
	}
	// The index finds the row by hash; the comparison that decides is
	// constant-time whatever the lookup did.
	if subtle.ConstantTimeCompare(stored, h) != 1 {
		return 0, ErrUnknownToken
	}
	return id, nil
}

// Key is an API key as listed (never the secret).
type Key struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// AddKey creates an API key named name and returns it with its secret,
// which is shown once and stored only as a hash.
func (s *Store) AddKey(ctx context.Context, name, by string) (*Key, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 80 || !text.ValidUTF8(name) || strings.ContainsAny(name, "\n\r\t") {
		return nil, "", &KeyNameError{Name: name}
	}
	sec, err := newSecret()
	if err != nil {
		return nil, "", err
	}
	secret := KeyPrefix + sec
	k := &Key{Name: name, Prefix: secret[:len(KeyPrefix)+6], CreatedBy: by, CreatedAt: s.now().UTC().Truncate(time.Second)}
	res, err := s.db.ExecContext(ctx, `INSERT INTO api_keys(name, key_hash, prefix, created_by, created_at) VALUES (?,?,?,?,?)`,
		k.Name, hash(secret), k.Prefix, by, k.CreatedAt.Unix())
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
			return nil, "", &KeyNameError{Name: name, Taken: true}
		}
		return nil, "", fmt.Errorf("add API key: %w", err)
	}
	k.ID, _ = res.LastInsertId()
	return k, secret, nil
}

// Keys lists every key, revoked ones included, oldest first.
func (s *Store) Keys(ctx context.Context) ([]Key, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, prefix, created_by, created_at, revoked_at, last_used_at FROM api_keys ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list API keys: %w", err)
	}
	defer rows.Close()
	var out []Key
	for rows.Next() {
		var k Key
		var created int64
		var revoked, used sql.NullInt64
		if err := rows.Scan(&k.ID, &k.Name, &k.Prefix, &k.CreatedBy, &created, &revoked, &used); err != nil {
			return nil, err
		}
		k.CreatedAt = time.Unix(created, 0).UTC()
		k.RevokedAt, k.LastUsedAt = timeOrNil(revoked), timeOrNil(used)
		out = append(out, k)
	}
	return out, rows.Err()
}

func timeOrNil(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.Unix(v.Int64, 0).UTC()
	return &t
}

// RevokeKey revokes the active key with this name or id (as text).
func (s *Store) RevokeKey(ctx context.Context, nameOrID string) (*Key, error) {
	keys, err := s.Keys(ctx)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if k.RevokedAt == nil && (k.Name == nameOrID || fmt.Sprint(k.ID) == nameOrID) {
			if _, err := s.db.ExecContext(ctx, `UPDATE api_keys SET revoked_at = ? WHERE id = ?`, s.now().Unix(), k.ID); err != nil {
				return nil, fmt.Errorf("revoke API key %s: %w", k.Name, err)
			}
			return &k, nil
		}
	}
	return nil, &NoKeyError{Name: nameOrID}
}

// KeyNameError refuses a key's name: empty, over 80 characters, on more
// than one line, or (Taken) the name of an active key. It is an
// ErrInvalidName; each front end words it from its fields.
type KeyNameError struct {
	Name  string
	Taken bool
}

func (e *KeyNameError) Error() string {
	if e.Taken {
		return fmt.Sprintf("%v: an active key is already named %q (revoke it first, or choose another name)", ErrInvalidName, e.Name)
	}
	return fmt.Sprintf("%v: give a short name on one line (the system that will use the key, e.g. intranet)", ErrInvalidName)
}

func (e *KeyNameError) Unwrap() error { return ErrInvalidName }

// NoKeyError: no active key has this name or id. It is an ErrUnknownKey.
type NoKeyError struct{ Name string }

func (e *NoKeyError) Error() string {
	return fmt.Sprintf("%v: no active key named %q", ErrUnknownKey, e.Name)
}

func (e *NoKeyError) Unwrap() error { return ErrUnknownKey }

// CheckKey returns the active key whose secret this is, or ErrUnknownKey.
// Its last use is recorded at most once a minute.
func (s *Store) CheckKey(ctx context.Context, secret string) (*Key, error) {
	if !strings.HasPrefix(secret, KeyPrefix) || !wellFormed(strings.TrimPrefix(secret, KeyPrefix), 43, 43) {
		return nil, ErrUnknownKey
	}
	h := hash(secret)
	var k Key
	var stored []byte
	var used sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT id, name, prefix, key_hash, last_used_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`, h).
		Scan(&k.ID, &k.Name, &k.Prefix, &stored, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownKey
	}
	if err != nil {
		return nil, fmt.Errorf("check API key: %w", err)
	}
	if subtle.ConstantTimeCompare(stored, h) != 1 {
		return nil, ErrUnknownKey
	}
	now := s.now().Unix()
	if !used.Valid || now-used.Int64 >= 60 {
		// Best effort: a busy database must not refuse a valid key.
		_, _ = s.db.ExecContext(ctx, `UPDATE api_keys SET last_used_at = ? WHERE id = ?`, now, k.ID)
	}
	return &k, nil
}

// StatusLink is a ticket's private status link as held: only that it
// exists and since when (the secret itself is not kept).
type StatusLink struct {
	TicketID  int64     `json:"ticket"`
	CreatedAt time.Time `json:"created_at"`
}

// StatusLinksOf lists the status links of the tickets in ids.
func (s *Store) StatusLinksOf(ctx context.Context, q db.Querier, ids []int64) ([]StatusLink, error) {
	in, args := db.In(ids)
	rows, err := q.QueryContext(ctx, `SELECT ticket_id, created_at FROM status_tokens WHERE ticket_id IN `+in+` ORDER BY ticket_id, created_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("status links: %w", err)
	}
	defer rows.Close()
	out := []StatusLink{}
	for rows.Next() {
		var l StatusLink
		var at int64
		if err := rows.Scan(&l.TicketID, &at); err != nil {
			return nil, err
		}
		l.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

// RevokeStatusLinksTx deletes the status links of the tickets in ids
// inside the caller's transaction (erasure: the links stop working) and
// says how many there were.
func (s *Store) RevokeStatusLinksTx(ctx context.Context, tx *sql.Tx, ids []int64) (int, error) {
	in, args := db.In(ids)
	res, err := tx.ExecContext(ctx, `DELETE FROM status_tokens WHERE ticket_id IN `+in, args...)
	if err != nil {
		return 0, fmt.Errorf("revoke status links: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
