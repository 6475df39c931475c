package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hotline/internal/db"
	"hotline/internal/text"
)

// KnownRequester is a person who filed tickets before, with what the phone
// form fills in when the technician picks them: the most recent service,
// email and phone given, the usual connection (the most frequent of their
// recent tickets) and the last device named.
type KnownRequester struct {
	Requester
	Connection Connection
	Device     string
	// Tickets is how many of their recent tickets were read (at most
	// requesterHistory); Last is when the latest was filed.
	Tickets int
	Last    time.Time
}

// requesterHistory is how many of a person's latest tickets are read to
// fill the form: enough to find a device named once, bounded for people
// with thousands of tickets.
const requesterHistory = 20

// prefixEnd is past every string that starts with the prefix it follows
// (U+10FFFF is the largest code point, its UTF-8 the largest valid bytes).
const prefixEnd = "\U0010FFFF"

// Requesters lists up to limit known requesters whose name or email
// starts with prefix (ASCII case ignored): names first, then addresses.
// Each distinct value is one seek on the requester indexes of migration
// 0008 (keyset: the next value after the last one), so a keystroke costs
// a few index lookups whatever the size of the table, never a scan.
func (s *Store) Requesters(ctx context.Context, prefix string, limit int) ([]KnownRequester, error) {
	prefix = strings.TrimSpace(prefix)
	if prefix == "" || limit <= 0 {
		return nil, nil
	}
	var out []KnownRequester
	seen := map[string]bool{}
	for _, col := range []string{"requester_name", "requester_email"} {
		if col == "requester_email" && strings.ContainsRune(prefix, ' ') {
			continue // no address has a space
		}
		after, first := prefix, true
		for len(out) < limit {
			op := ">"
			if first {
				op = ">="
			}
			var v string
			err := s.db.QueryRowContext(ctx, `SELECT `+col+` FROM tickets
				WHERE `+col+` COLLATE NOCASE `+op+` ? AND `+col+` COLLATE NOCASE < ?
				ORDER BY `+col+` COLLATE NOCASE LIMIT 1`, after, prefix+prefixEnd).Scan(&v)
			if errors.Is(err, sql.ErrNoRows) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("look up requesters %q: %w", prefix, err)
			}
			after, first = v, false
			r, err := s.requesterBy(ctx, s.db, col, v)
			if err != nil {
				return nil, fmt.Errorf("look up requester %q: %w", v, err)
			}
			if r == nil {
				continue
			}
			id := requesterIdentity(r.Requester)
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, *r)
		}
	}
	return out, nil
}

// requesterIdentity tells people apart: the address when there is one,
// else the name, case and accents ignored.
func requesterIdentity(r Requester) string {
	if e := strings.ToLower(strings.TrimSpace(r.Email)); e != "" {
		return "@" + e
	}
	return text.Fold(r.Name)
}

// requesterBy reads the latest tickets whose col equals v (case ignored,
// through the same index) and sums up the person.
func (s *Store) requesterBy(ctx context.Context, q db.Querier, col, v string) (*KnownRequester, error) {
	rows, err := q.QueryContext(ctx, `SELECT requester_name, requester_service, requester_email, requester_phone,
		connection, device, created_at FROM tickets
		WHERE `+col+` = ? COLLATE NOCASE ORDER BY created_at DESC, id DESC LIMIT `+strconv.Itoa(requesterHistory), v)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var r *KnownRequester
	conns := map[Connection]int{}
	var best Connection
	for rows.Next() {
		var name, service, email, phone, conn, device string
		var created int64
		if err := rows.Scan(&name, &service, &email, &phone, &conn, &device, &created); err != nil {
			return nil, err
		}
		if r == nil {
			r = &KnownRequester{Last: unix(created)}
		}
		r.Tickets++
		fill := func(dst *string, v string) {
			if *dst == "" {
				*dst = strings.TrimSpace(v)
			}
		}
		fill(&r.Name, name)
		fill(&r.Service, service)
		fill(&r.Email, email)
		fill(&r.Phone, phone)
		fill(&r.Device, device)
		if c := Connection(conn); c != "" && c != ConnUnknown {
			conns[c]++
			// Most frequent; on a tie the most recent, met first.
			if best == "" || conns[c] > conns[best] {
				best = c
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if r != nil {
		r.Connection = best
		if r.Connection == "" {
			r.Connection = ConnUnknown
		}
	}
	return r, nil
}

// ServiceNames lists the distinct requesters' services in use, in
// alphabetical order, up to limit: one seek per service on the service
// index of migration 0008 (the next value after the last), so opening the
// phone form costs a few dozen index lookups instead of grouping the whole
// table as Services does to rank them by use.
func (s *Store) ServiceNames(ctx context.Context, limit int) ([]string, error) {
	if limit <= 0 {
		limit = 500
	}
	var out []string
	after := ""
	for len(out) < limit {
		var v string
		err := s.db.QueryRowContext(ctx, `SELECT requester_service FROM tickets WHERE requester_service > ?
			ORDER BY requester_service LIMIT 1`, after).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("list services: %w", err)
		}
		out = append(out, v)
		after = v
	}
	return out, nil
}
