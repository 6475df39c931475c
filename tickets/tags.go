package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"hotline/internal/db"
)

// TagCount is a tag and how many tickets carry it.
type TagCount struct {
	Tag     string
	Tickets int
}

// Tags lists tags by use, most used first; with a prefix, only those that
// start with it (for autocompletion).
func (s *Store) Tags(ctx context.Context, prefix string, limit int) ([]TagCount, error) {
	if limit <= 0 {
		limit = 1000
	}
	q := `SELECT tag, count(*) FROM ticket_tags`
	var args []any
	if p := strings.ToLower(strings.TrimSpace(prefix)); p != "" {
		// A range on the primary key instead of LIKE, which SQLite would
		// not run on the index.
		q += ` WHERE tag >= ? AND tag < ?`
		args = append(args, p, p+"\U0010FFFF")
	}
	q += ` GROUP BY tag ORDER BY count(*) DESC, tag LIMIT ?`
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var tc TagCount
		if err := rows.Scan(&tc.Tag, &tc.Tickets); err != nil {
			return nil, err
		}
		out = append(out, tc)
	}
	return out, rows.Err()
}

// RenameTag renames tag old to new on every ticket that carries it, with a
// history row on each. It refuses when new is already used: that is a
// merge, and saying so avoids merging by mistake.
func (s *Store) RenameTag(ctx context.Context, old, new, actor string) (int, error) {
	if err := s.allow(ctx, actor, PermAdmin); err != nil {
		return 0, err
	}
	return s.retag(ctx, old, new, actor, false)
}

// MergeTags moves every ticket tagged from to tag into, with a history row
// on each ticket touched; tickets that had both just lose from.
func (s *Store) MergeTags(ctx context.Context, from, into, actor string) (int, error) {
	if err := s.allow(ctx, actor, PermAdmin); err != nil {
		return 0, err
	}
	return s.retag(ctx, from, into, actor, true)
}

func (s *Store) retag(ctx context.Context, from, into, actor string, merge bool) (int, error) {
	touched := 0
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		var err error
		touched, err = s.RetagTx(ctx, tx, from, into, actor, merge)
		return err
	})
	return touched, err
}

// RetagTx renames (or, with merge, merges) tag from into tag into on every
// ticket inside the caller's transaction, with a history row on each
// ticket; the application layer runs it with the articles' in one
// transaction. It is not guarded: the caller checks PermAdmin (Allow).
// A tag no ticket carries is a *NoSuchTagError; renaming onto a tag in use
// is a *TagInUseError.
func (s *Store) RetagTx(ctx context.Context, tx *sql.Tx, from, into, actor string, merge bool) (int, error) {
	verb := "rename"
	if merge {
		verb = "merge"
	}
	from, err := NormalizeTag(from)
	if err != nil {
		return 0, fmt.Errorf("%s tag: %w", verb, err)
	}
	into, err = NormalizeTag(into)
	if err != nil {
		return 0, fmt.Errorf("%s tag: %w", verb, err)
	}
	if from == into {
		return 0, fmt.Errorf("%s tag: %w", verb, &FieldError{Field: "tag", Code: CodeSameTag, Value: from, Other: into})
	}
	now := s.now().UTC().Truncate(time.Second)
	touched := 0
	err = func() error {
		var nFrom, nInto int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM ticket_tags WHERE tag = ?), (SELECT count(*) FROM ticket_tags WHERE tag = ?)`, from, into).Scan(&nFrom, &nInto); err != nil {
			return err
		}
		if nFrom == 0 {
			return &NoSuchTagError{Tag: from}
		}
		if !merge && nInto > 0 {
			return &TagInUseError{From: from, Into: into, Tickets: nInto}
		}
		rows, err := tx.QueryContext(ctx, `SELECT t.id, t.tags FROM ticket_tags tt JOIN tickets t ON t.id = tt.ticket_id WHERE tt.tag = ?`, from)
		if err != nil {
			return err
		}
		type row struct {
			id   int64
			tags []string
		}
		var list []row
		for rows.Next() {
			var r row
			var tags string
			if err := rows.Scan(&r.id, &tags); err != nil {
				rows.Close()
				return err
			}
			r.tags = strings.Fields(tags)
			list = append(list, r)
		}
		rows.Close()
		for _, r := range list {
			newValue := into
			tags := slices.DeleteFunc(slices.Clone(r.tags), func(t string) bool { return t == from })
			if slices.Contains(tags, into) {
				newValue = ""
			} else {
				// Keep the tag where it stood, so the ticket reads the same.
				i := slices.Index(r.tags, from)
				tags = slices.Insert(tags, min(i, len(tags)), into)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE tickets SET tags = ?, updated_at = ?, version = version + 1 WHERE id = ?`, strings.Join(tags, " "), now.Unix(), r.id); err != nil {
				return err
			}
			if err := syncTags(ctx, tx, r.id, tags); err != nil {
				return err
			}
			if err := addHistory(ctx, tx, r.id, now, actor, "tag", from, newValue); err != nil {
				return err
			}
			if err := reindex(ctx, tx, r.id); err != nil {
				return err
			}
			touched++
		}
		return nil
	}()
	if err != nil {
		return 0, fmt.Errorf("%s tag %s → %s: %w", verb, from, into, err)
	}
	return touched, nil
}

// NoSuchTagError: no ticket (or, from the application layer, nothing at
// all) carries the tag.
type NoSuchTagError struct{ Tag string }

func (e *NoSuchTagError) Error() string { return fmt.Sprintf("no ticket is tagged %q", e.Tag) }
func (e *NoSuchTagError) Unwrap() error { return ErrNoSuchTag }

// TagInUseError refuses to rename onto a tag already in use: that is a
// merge, and saying so avoids merging by mistake.
type TagInUseError struct {
	From, Into string
	Tickets    int
}

func (e *TagInUseError) Error() string {
	return fmt.Sprintf("%q is already used on %d tickets: merge the two tags instead", e.Into, e.Tickets)
}
func (e *TagInUseError) Unwrap() error { return ErrInvalid }

// ErrNoSuchTag is what every NoSuchTagError is.
var ErrNoSuchTag = errors.New("no such tag")

// Allow asks the store's guard whether actor may do what perm covers, for
// the application layer's use cases that call the unguarded *Tx methods.
func (s *Store) Allow(ctx context.Context, actor string, perm Permission) error {
	return s.allow(ctx, actor, perm)
}

// Assignee is a technician tickets can be assigned to, with how many of
// them are still open: the load to weigh when picking who takes a ticket.
type Assignee struct {
	Name    string // the login
	Display string // the full name, else the login
	Open    int
}

// Assignees lists the technicians who can be assigned tickets (enabled, not
// observers), most loaded first; with a prefix, those whose login or name
// starts with it (for completion). A database without a directory yet
// offers the names found on open tickets.
func (s *Store) Assignees(ctx context.Context, prefix string, limit int) ([]Assignee, error) {
	if limit <= 0 {
		limit = 100
	}
	p := strings.TrimSpace(prefix)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM technicians`).Scan(&n); err != nil {
		return nil, fmt.Errorf("list assignees: %w", err)
	}
	scan := func(r scanner) (*Assignee, error) {
		var a Assignee
		return &a, r.Scan(&a.Name, &a.Display, &a.Open)
	}
	if n > 0 {
		q := `SELECT login, CASE WHEN name != '' THEN name ELSE login END,
			(SELECT count(*) FROM tickets INDEXED BY tickets_assignee_queue WHERE assignee = t.login AND is_open = 1) AS open
			FROM technicians t WHERE disabled = 0 AND role != 'observer'`
		var args []any
		if p != "" {
			q += ` AND (login LIKE ? ESCAPE '\' OR name LIKE ? ESCAPE '\' OR name LIKE ? ESCAPE '\')`
			like := likeEscape(p) + "%"
			args = append(args, like, like, "% "+like)
		}
		q += ` ORDER BY open DESC, login LIMIT ?`
		args = append(args, limit)
		out, err := queryAll(ctx, s.db, scan, q, args...)
		if err != nil {
			return nil, fmt.Errorf("list assignees: %w", err)
		}
		return out, nil
	}
	q := `SELECT assignee, assignee, count(*) FROM tickets INDEXED BY tickets_assignee_queue WHERE assignee != '' AND is_open = 1`
	var args []any
	if p != "" {
		q += ` AND assignee >= ? AND assignee < ?`
		args = append(args, p, p+"\U0010FFFF")
	}
	q += ` GROUP BY assignee ORDER BY count(*) DESC, assignee LIMIT ?`
	args = append(args, limit)
	out, err := queryAll(ctx, s.db, scan, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list assignees: %w", err)
	}
	return out, nil
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
