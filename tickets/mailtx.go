package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotline/internal/db"
)

// This file holds what the mail channel needs of the tickets: a comment
// inside the caller's transaction, a requester's last ticket, and the
// solved tickets since a point of the history (to mail their requesters).

// CommentTx is Comment inside the caller's transaction.
func (s *Store) CommentTx(ctx context.Context, tx *sql.Tx, id int64, author, body string, private bool) (*Followup, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, refused("text", CodeMissing)
	}
	if err := checkText("text", body, MaxCommentLen); err != nil {
		return nil, err
	}
	return commentTx(ctx, tx, id, author, body, private, s.now().UTC().Truncate(time.Second))
}

// LastOfRequester is the latest ticket of the requester with this email
// (case ignored), nil when there is none. The mail schema indexes
// lower(requester_email) for it.
func (s *Store) LastOfRequester(ctx context.Context, q db.Querier, email string) (*Ticket, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return nil, nil
	}
	t, err := scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketColumns+` FROM tickets
		WHERE lower(requester_email) = ? ORDER BY created_at DESC, id DESC LIMIT 1`, email))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("last ticket of %s: %w", email, err)
	}
	return t, nil
}

// LastChangeID is the id of the latest history row (0 when none).
func (s *Store) LastChangeID(ctx context.Context, q db.Querier) (int64, error) {
	var id sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT max(id) FROM ticket_history`).Scan(&id); err != nil {
		return 0, fmt.Errorf("read history: %w", err)
	}
	return id.Int64, nil
}

// StatusChangesSince lists up to limit history rows after id that set a
// ticket's status to status, oldest first.
func (s *Store) StatusChangesSince(ctx context.Context, q db.Querier, after int64, status Status, limit int) ([]Change, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, ticket_id, at, actor, field, old_value, new_value FROM ticket_history
		WHERE id > ? AND field = 'status' AND new_value = ? ORDER BY id LIMIT ?`, after, string(status), limit)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var at int64
		if err := rows.Scan(&c.ID, &c.TicketID, &at, &c.Actor, &c.Field, &c.Old, &c.New); err != nil {
			return nil, err
		}
		c.At = unix(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
