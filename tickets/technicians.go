package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"hotline/internal/db"
)

// Role is what a technician may do. Observers read everything and change
// nothing; technicians work tickets, articles and problems; admins also
// manage technicians, categories, SLA, tag merges and API keys.
type Role string

const (
	RoleAdmin      Role = "admin"
	RoleTechnician Role = "technician"
	RoleObserver   Role = "observer"
)

// Roles lists the roles from most to least allowed.
var Roles = []Role{RoleAdmin, RoleTechnician, RoleObserver}

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	switch r {
	case RoleAdmin, RoleTechnician, RoleObserver:
		return r, nil
	}
	return "", unknownValue("role", s, Roles)
}

// CanWrite reports whether the role may change tickets, articles and
// problems.
func (r Role) CanWrite() bool { return r == RoleAdmin || r == RoleTechnician }

// CanAdmin reports whether the role may manage technicians, categories, SLA,
// tag merges and API keys.
func (r Role) CanAdmin() bool { return r == RoleAdmin }

// Technician is one member of the helpdesk.
type Technician struct {
	Login     string
	Name      string // display name; signs the messages sent to agents
	Role      Role
	Language  string // "fr", "en" or "" (the interface decides)
	Disabled  bool
	CreatedAt time.Time
	Keys      []PublicKey
	// Open is how many open tickets are assigned to them (their load).
	Open int
}

// DisplayName is the name to sign with: the full name, else the login.
func (t Technician) DisplayName() string {
	if strings.TrimSpace(t.Name) != "" {
		return t.Name
	}
	return t.Login
}

// PublicKey is an SSH public key a technician connects with.
type PublicKey struct {
	Fingerprint string // SHA256:…, as ssh-keygen -l prints it
	Type        string // ssh-ed25519, ssh-rsa…
	Key         string // the authorized_keys form: type and base64, no comment
	Comment     string
	AddedAt     time.Time
}

// NewTechnician is what `tech add` gives.
type NewTechnician struct {
	Login    string
	Name     string
	Role     Role   // default technician
	Language string // "", "fr" or "en"
	Keys     []string
}

// TechnicianNotFoundError names the unknown login.
type TechnicianNotFoundError struct{ Login string }

func (e *TechnicianNotFoundError) Error() string {
	return fmt.Sprintf("no technician %q", e.Login)
}
func (e *TechnicianNotFoundError) Unwrap() error { return ErrNotFound }

// ErrUnknownKey is returned by TechnicianByKey for a key nobody registered.
var ErrUnknownKey = errors.New("public key not registered")

var loginPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,31}$`)

// checkLogin accepts short lowercase logins, as Unix logins are.
func checkLogin(login string) error {
	if !loginPattern.MatchString(login) {
		return &FieldError{Field: "login", Code: CodeNotLogin, Value: login}
	}
	return nil
}

func checkLanguage(l string) (string, error) {
	l = strings.ToLower(strings.TrimSpace(l))
	switch l {
	case "", "fr", "en":
		return l, nil
	}
	return "", unknownValue("language", l, []string{"fr", "en"})
}

// ParsePublicKey reads one SSH public key in the authorized_keys form
// ("ssh-ed25519 AAAA… comment"), as found in ~/.ssh/id_ed25519.pub.
func ParsePublicKey(line string) (PublicKey, error) {
	line = strings.TrimSpace(line)
	if line == "" {
		return PublicKey{}, refused("key", CodeMissing)
	}
	if strings.Contains(line, "PRIVATE KEY") {
		return PublicKey{}, refused("key", CodePrivateKey)
	}
	pk, comment, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return PublicKey{}, &FieldError{Field: "key", Code: CodeNotKey, Detail: err.Error()}
	}
	return KeyOf(pk, comment), nil
}

// KeyOf describes an SSH public key.
func KeyOf(pk ssh.PublicKey, comment string) PublicKey {
	return PublicKey{
		Fingerprint: ssh.FingerprintSHA256(pk),
		Type:        pk.Type(),
		Key:         strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))),
		Comment:     strings.TrimSpace(comment),
	}
}

// AddTechnician adds a technician to the directory, with their keys, in one
// transaction.
func (s *Store) AddTechnician(ctx context.Context, n NewTechnician) (*Technician, error) {
	login := strings.TrimSpace(n.Login)
	if err := checkLogin(login); err != nil {
		return nil, fmt.Errorf("add technician: %w", err)
	}
	name := strings.TrimSpace(n.Name)
	if err := checkText("name", name, MaxFieldLen); err != nil {
		return nil, fmt.Errorf("add technician: %w", err)
	}
	role := n.Role
	if role == "" {
		role = RoleTechnician
	}
	if _, err := ParseRole(string(role)); err != nil {
		return nil, fmt.Errorf("add technician: %w", err)
	}
	lang, err := checkLanguage(n.Language)
	if err != nil {
		return nil, fmt.Errorf("add technician: %w", err)
	}
	var keys []PublicKey
	for _, k := range n.Keys {
		pk, err := ParsePublicKey(k)
		if err != nil {
			return nil, fmt.Errorf("add technician %s: %w", login, err)
		}
		keys = append(keys, pk)
	}
	now := s.now().UTC().Truncate(time.Second)
	err = db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM technicians WHERE login = ?`, login).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return &FieldError{Field: "login", Code: CodeExists, Value: login}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO technicians(login, name, role, language, created_at) VALUES (?,?,?,?,?)`,
			login, name, string(role), lang, now.Unix()); err != nil {
			return err
		}
		for _, k := range keys {
			if err := insertKey(ctx, tx, login, k, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("add technician %s: %w", login, err)
	}
	return s.Technician(ctx, login)
}

func insertKey(ctx context.Context, tx *sql.Tx, login string, k PublicKey, now time.Time) error {
	var owner string
	err := tx.QueryRowContext(ctx, `SELECT login FROM technician_keys WHERE fingerprint = ?`, k.Fingerprint).Scan(&owner)
	switch {
	case err == nil && owner == login:
		return &FieldError{Field: "key", Code: CodeKeyHeld, Value: k.Fingerprint, Other: login}
	case err == nil:
		return &FieldError{Field: "key", Code: CodeKeyTaken, Value: k.Fingerprint, Other: owner}
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO technician_keys(fingerprint, login, public_key, comment, added_at) VALUES (?,?,?,?,?)`,
		k.Fingerprint, login, k.Key, k.Comment, now.Unix())
	return err
}

// Technician loads one technician with their keys and open load.
func (s *Store) Technician(ctx context.Context, login string) (*Technician, error) {
	list, err := s.technicians(ctx, `WHERE t.login = ?`, login)
	if err != nil {
		return nil, fmt.Errorf("get technician %s: %w", login, err)
	}
	if len(list) == 0 {
		return nil, &TechnicianNotFoundError{Login: login}
	}
	return &list[0], nil
}

// Technicians lists the directory by login, disabled ones included, each
// with their keys and open load.
func (s *Store) Technicians(ctx context.Context) ([]Technician, error) {
	list, err := s.technicians(ctx, `ORDER BY t.login`)
	if err != nil {
		return nil, fmt.Errorf("list technicians: %w", err)
	}
	return list, nil
}

func (s *Store) technicians(ctx context.Context, tail string, args ...any) ([]Technician, error) {
	list, err := queryAll(ctx, s.db, func(r scanner) (*Technician, error) {
		var t Technician
		var created int64
		var role string
		if err := r.Scan(&t.Login, &t.Name, &role, &t.Language, &t.Disabled, &created, &t.Open); err != nil {
			return nil, err
		}
		t.Role, t.CreatedAt = Role(role), unix(created)
		return &t, nil
	}, `SELECT t.login, t.name, t.role, t.language, t.disabled, t.created_at,
		(SELECT count(*) FROM tickets INDEXED BY tickets_assignee_queue WHERE assignee = t.login AND is_open = 1)
		FROM technicians t `+tail, args...)
	if err != nil {
		return nil, err
	}
	for i := range list {
		keys, err := queryAll(ctx, s.db, func(r scanner) (*PublicKey, error) {
			var k PublicKey
			var added int64
			if err := r.Scan(&k.Fingerprint, &k.Key, &k.Comment, &added); err != nil {
				return nil, err
			}
			k.Type, _, _ = strings.Cut(k.Key, " ")
			k.AddedAt = unix(added)
			return &k, nil
		}, `SELECT fingerprint, public_key, comment, added_at FROM technician_keys WHERE login = ? ORDER BY added_at, fingerprint`, list[i].Login)
		if err != nil {
			return nil, err
		}
		list[i].Keys = keys
	}
	return list, nil
}

// TechnicianByKey finds who owns an SSH public key. A disabled technician's
// key is refused like an unknown one, with a reason that says so.
func (s *Store) TechnicianByKey(ctx context.Context, fingerprint string) (*Technician, error) {
	var login string
	err := s.db.QueryRowContext(ctx, `SELECT login FROM technician_keys WHERE fingerprint = ?`, fingerprint).Scan(&login)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownKey
	}
	if err != nil {
		return nil, fmt.Errorf("look up key %s: %w", fingerprint, err)
	}
	return s.Technician(ctx, login)
}

// AddKey adds an SSH public key to a technician.
func (s *Store) AddKey(ctx context.Context, login, key string) (*PublicKey, error) {
	k, err := ParsePublicKey(key)
	if err != nil {
		return nil, fmt.Errorf("add key to %s: %w", login, err)
	}
	now := s.now().UTC().Truncate(time.Second)
	err = db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, login); err != nil {
			return err
		}
		return insertKey(ctx, tx, login, k, now)
	})
	if err != nil {
		return nil, fmt.Errorf("add key to %s: %w", login, err)
	}
	k.AddedAt = now
	return &k, nil
}

// RemoveKey removes one of a technician's keys, named by its fingerprint
// (or the start of it, when that is unambiguous) or its public key.
func (s *Store) RemoveKey(ctx context.Context, login, which string) (*PublicKey, error) {
	which = strings.TrimSpace(which)
	if pk, err := ParsePublicKey(which); err == nil {
		which = pk.Fingerprint
	}
	t, err := s.Technician(ctx, login)
	if err != nil {
		return nil, fmt.Errorf("remove key: %w", err)
	}
	var match []PublicKey
	for _, k := range t.Keys {
		if which != "" && (k.Fingerprint == which || strings.HasPrefix(k.Fingerprint, which) || strings.HasPrefix(k.Fingerprint, "SHA256:"+which)) {
			match = append(match, k)
		}
	}
	switch {
	case len(match) == 0:
		var have []string
		for _, k := range t.Keys {
			have = append(have, k.Fingerprint)
		}
		if len(have) == 0 {
			return nil, fmt.Errorf("remove key: %w", &FieldError{Field: "key", Code: CodeNoKeys, Other: login})
		}
		return nil, fmt.Errorf("remove key: %w", &FieldError{Field: "key", Code: CodeNoSuchKey, Value: which, Other: login, Valid: have})
	case len(match) > 1:
		return nil, fmt.Errorf("remove key: %w", &FieldError{Field: "key", Code: CodeAmbiguousKey, Value: which, N: int64(len(match)), Other: login})
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM technician_keys WHERE fingerprint = ? AND login = ?`, match[0].Fingerprint, login); err != nil {
		return nil, fmt.Errorf("remove key from %s: %w", login, err)
	}
	return &match[0], nil
}

// SetRole changes a technician's role. The last enabled admin cannot stop
// being one, so the directory always has someone to manage it.
func (s *Store) SetRole(ctx context.Context, login string, role Role) error {
	if _, err := ParseRole(string(role)); err != nil {
		return fmt.Errorf("set role of %s: %w", login, err)
	}
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, login); err != nil {
			return err
		}
		if role != RoleAdmin {
			if err := keepAnAdmin(ctx, tx, login); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE technicians SET role = ? WHERE login = ?`, string(role), login)
		return err
	})
	if err != nil {
		return fmt.Errorf("set role of %s: %w", login, err)
	}
	return nil
}

// SetDisabled disables (or enables again) a technician: a disabled one
// cannot connect nor be assigned tickets; their tickets and history stay.
func (s *Store) SetDisabled(ctx context.Context, login string, disabled bool) error {
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, login); err != nil {
			return err
		}
		if disabled {
			if err := keepAnAdmin(ctx, tx, login); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE technicians SET disabled = ? WHERE login = ?`, disabled, login)
		return err
	})
	if err != nil {
		what := "disable"
		if !disabled {
			what = "enable"
		}
		return fmt.Errorf("%s %s: %w", what, login, err)
	}
	return nil
}

// TechnicianPatch changes a technician's name or language; nil fields stay.
type TechnicianPatch struct {
	Name     *string
	Language *string
}

// UpdateTechnician changes a technician's name or language.
func (s *Store) UpdateTechnician(ctx context.Context, login string, p TechnicianPatch) error {
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, login); err != nil {
			return err
		}
		if p.Name != nil {
			name := strings.TrimSpace(*p.Name)
			if err := checkText("name", name, MaxFieldLen); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE technicians SET name = ? WHERE login = ?`, name, login); err != nil {
				return err
			}
		}
		if p.Language != nil {
			l, err := checkLanguage(*p.Language)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE technicians SET language = ? WHERE login = ?`, l, login); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("change technician %s: %w", login, err)
	}
	return nil
}

func mustExist(ctx context.Context, q db.Querier, login string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM technicians WHERE login = ?`, login).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &TechnicianNotFoundError{Login: login}
	}
	return nil
}

func keepAnAdmin(ctx context.Context, q db.Querier, login string) error {
	var others, self int
	if err := q.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE login != ?), count(*) FILTER (WHERE login = ?)
		FROM technicians WHERE role = 'admin' AND disabled = 0`, login, login).Scan(&others, &self); err != nil {
		return err
	}
	if self > 0 && others == 0 {
		return &FieldError{Field: "role", Code: CodeLastAdmin, Other: login}
	}
	return nil
}

// HasAdmin reports whether the directory has an enabled admin. Until it
// does, whoever runs Hotline locally acts as admin (to set the team up).
func (s *Store) HasAdmin(ctx context.Context) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM technicians WHERE role = 'admin' AND disabled = 0`).Scan(&n); err != nil {
		return false, fmt.Errorf("read technicians: %w", err)
	}
	return n > 0, nil
}

// checkAssignee refuses to assign a ticket to someone who is not an enabled
// technician of the directory, listing who can be. An empty directory (a
// database nobody set up) accepts any name, as before the directory existed.
func checkAssignee(ctx context.Context, q db.Querier, login string) error {
	if login == "" {
		return nil
	}
	var known, ok int
	err := q.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE login = ? AND disabled = 0 AND role != 'observer') FROM technicians`, login).Scan(&known, &ok)
	if err != nil {
		return err
	}
	if known == 0 || ok > 0 {
		return nil
	}
	logins, err := assignable(ctx, q)
	if err != nil {
		return err
	}
	return &UnknownAssigneeError{Login: login, Logins: logins}
}

func assignable(ctx context.Context, q db.Querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT login FROM technicians WHERE disabled = 0 AND role != 'observer' ORDER BY login`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// UnknownAssigneeError refuses an assignee outside the directory and lists
// the logins that can be assigned.
type UnknownAssigneeError struct {
	Login  string
	Logins []string
}

func (e *UnknownAssigneeError) Error() string {
	return fmt.Sprintf("assignee: %q is not a technician who can be assigned tickets; use one of: %s", e.Login, strings.Join(e.Logins, ", "))
}
func (e *UnknownAssigneeError) Unwrap() error { return ErrInvalid }

// Arrivals counts the tickets created after ticket id by someone other than
// actor (the portal, the mail, a colleague) and returns the newest id, to
// pass back next time. With after < 0 it only returns the newest id. It
// reads the id range after the last look, whatever the table's size.
func (s *Store) Arrivals(ctx context.Context, after int64, actor string) (n int, last int64, err error) {
	if after < 0 {
		err = s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM tickets`).Scan(&last)
		if err != nil {
			return 0, 0, fmt.Errorf("newest ticket: %w", err)
		}
		return 0, last, nil
	}
	err = s.db.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ticket_history h
			WHERE h.ticket_id = t.id AND h.field = 'created' AND h.actor = ?)),
		coalesce(max(id), ?)
		FROM tickets t WHERE id > ?`, actor, after, after).Scan(&n, &last)
	if err != nil {
		return 0, 0, fmt.Errorf("count new tickets: %w", err)
	}
	return n, last, nil
}

// Permission is what a write needs.
type Permission int

const (
	// PermWrite: work tickets, articles and problems (technicians, admins).
	PermWrite Permission = iota + 1
	// PermAdmin: manage technicians, tag merges, API keys (admins).
	PermAdmin
)

// Guard decides whether actor may do what needs perm; it returns a
// *ForbiddenError (or a storage error) to refuse.
type Guard func(ctx context.Context, actor string, perm Permission) error

func (s *Store) allow(ctx context.Context, actor string, perm Permission) error {
	if s.guard == nil {
		return nil
	}
	return s.guard(ctx, actor, perm)
}

// ErrForbidden is what every refusal by role unwraps to.
var ErrForbidden = errors.New("not allowed")

// ForbiddenError says who was refused what, and who can change it.
type ForbiddenError struct {
	Actor  string
	Role   Role // "" when the actor is not in the directory
	Perm   Permission
	Reason string   // "disabled", "unknown" or "" (the role does not allow it)
	Admins []string // who can change it
}

func (e *ForbiddenError) Error() string {
	who := fmt.Sprintf("ask an admin (%s)", strings.Join(e.Admins, ", "))
	switch {
	case e.Reason == "unknown":
		return fmt.Sprintf("%s is not in the technicians directory: %s to add them", e.Actor, who)
	case e.Reason == "disabled":
		return fmt.Sprintf("%s is disabled: %s to enable them again", e.Actor, who)
	case e.Role == RoleObserver:
		return fmt.Sprintf("%s is an observer: observers read everything and change nothing (%s for the technician role)", e.Actor, who)
	default:
		return fmt.Sprintf("only admins manage technicians, tag merges and API keys; %s is a %s (%s)", e.Actor, e.Role, who)
	}
}
func (e *ForbiddenError) Unwrap() error { return ErrForbidden }

// Authorize is the rule of roles, for a Guard: an enabled technician may
// write, an admin may also administer; an observer or a disabled technician
// may not. Someone not in the directory may do anything while the
// directory has no admin (a database nobody has set up, or the first steps
// of setting it up), and nothing once it has one.
func (s *Store) Authorize(ctx context.Context, actor string, perm Permission) error {
	t, err := s.Technician(ctx, actor)
	var nf *TechnicianNotFoundError
	switch {
	case errors.As(err, &nf):
		has, err := s.HasAdmin(ctx)
		if err != nil || !has {
			return err
		}
		return s.forbidden(ctx, &ForbiddenError{Actor: actor, Perm: perm, Reason: "unknown"})
	case err != nil:
		return err
	case t.Disabled:
		return s.forbidden(ctx, &ForbiddenError{Actor: actor, Role: t.Role, Perm: perm, Reason: "disabled"})
	case perm == PermAdmin && !t.Role.CanAdmin(), perm == PermWrite && !t.Role.CanWrite():
		if perm == PermAdmin && t.Role.CanWrite() {
			// Nobody to ask yet: a technician may administer until the
			// directory has an admin.
			if has, err := s.HasAdmin(ctx); err != nil || !has {
				return err
			}
		}
		return s.forbidden(ctx, &ForbiddenError{Actor: actor, Role: t.Role, Perm: perm})
	}
	return nil
}

func (s *Store) forbidden(ctx context.Context, e *ForbiddenError) error {
	rows, err := s.db.QueryContext(ctx, `SELECT login FROM technicians WHERE role = 'admin' AND disabled = 0 ORDER BY login`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return err
		}
		e.Admins = append(e.Admins, l)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return e
}
