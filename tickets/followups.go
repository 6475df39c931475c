package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"hotline/internal/db"
)

// Comment adds a follow-up as author. A public follow-up by a technician is
// the ticket's first response if it has none yet. The ticket's version goes
// up, so a technician editing a stale copy is told someone else wrote.
func (s *Store) Comment(ctx context.Context, id int64, author, body string, private bool) (*Followup, error) {
	if err := s.allow(ctx, author, PermWrite); err != nil {
		return nil, fmt.Errorf("comment on ticket #%d: %w", id, err)
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, fmt.Errorf("comment on ticket #%d: %w", id, refused("text", CodeMissing))
	}
	if err := checkText("text", body, MaxCommentLen); err != nil {
		return nil, fmt.Errorf("comment on ticket #%d: %w", id, err)
	}
	var f *Followup
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		var err error
		f, err = commentTx(ctx, tx, id, author, body, private, s.now().UTC().Truncate(time.Second))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("comment on ticket #%d: %w", id, err)
	}
	return f, nil
}

// commentTx is Comment inside the caller's transaction; body is checked.
func commentTx(ctx context.Context, tx *sql.Tx, id int64, author, body string, private bool, now time.Time) (*Followup, error) {
	f := &Followup{TicketID: id, Author: author, Body: body, Private: private, CreatedAt: now}
	t, err := getTicket(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO followups(ticket_id, author, body, private, created_at) VALUES (?,?,?,?,?)`,
		id, author, body, private, now.Unix())
	if err != nil {
		return nil, err
	}
	if f.ID, err = res.LastInsertId(); err != nil {
		return nil, err
	}
	first := unixOrNil(t.FirstResponseAt)
	if first == nil && !private {
		first = now.Unix()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET updated_at = ?, first_response_at = ?, version = version + 1 WHERE id = ?`,
		now.Unix(), first, id); err != nil {
		return nil, err
	}
	kind := "comment"
	if private {
		kind = "private comment"
	}
	if err := addHistory(ctx, tx, id, now, author, kind, "", fmt.Sprintf("#%d", f.ID)); err != nil {
		return nil, err
	}
	return f, reindex(ctx, tx, id)
}

// Followups lists a ticket's follow-ups, oldest first.
func (s *Store) Followups(ctx context.Context, id int64) ([]Followup, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, ticket_id, author, body, private, created_at, from_requester, channel FROM followups WHERE ticket_id = ? ORDER BY created_at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("list follow-ups of #%d: %w", id, err)
	}
	defer rows.Close()
	var out []Followup
	for rows.Next() {
		var f Followup
		var at int64
		if err := rows.Scan(&f.ID, &f.TicketID, &f.Author, &f.Body, &f.Private, &at, &f.FromRequester, &f.Channel); err != nil {
			return nil, err
		}
		f.CreatedAt = unix(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// History lists every recorded change of a ticket, oldest first.
func (s *Store) History(ctx context.Context, id int64) ([]Change, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, ticket_id, at, actor, field, old_value, new_value FROM ticket_history WHERE ticket_id = ? ORDER BY at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("history of #%d: %w", id, err)
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
