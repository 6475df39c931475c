package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"hotline/internal/db"
)

// Channels a ticket or a reply arrives by, recorded in the ticket's history
// (field "channel") and on requester replies.
const (
	ChannelPortal = "portal"
	ChannelAPI    = "api"
	ChannelMail   = "mail"
	ChannelPhone  = "phone"
	ChannelImport = "import"
	ChannelCLI    = "cli"
)

// This file holds the store methods that run inside a caller's
// transaction, for use cases that write several stores at once (a ticket
// with its attachments and its status link, in one commit).

func (s *Store) insertWithChannel(ctx context.Context, tx *sql.Tx, t *Ticket, actor, channel string) error {
	if err := s.insert(ctx, tx, t, actor); err != nil {
		return err
	}
	if channel == "" {
		return nil
	}
	return addHistory(ctx, tx, t.ID, t.CreatedAt, actor, "channel", "", channel)
}

// CreateTx is Create inside the caller's transaction.
func (s *Store) CreateTx(ctx context.Context, tx *sql.Tx, n NewTicket, actor string) (*Ticket, error) {
	t, err := s.prepare(n, s.now().UTC().Truncate(time.Second))
	if err != nil {
		return nil, err
	}
	if err := s.insertWithChannel(ctx, tx, t, actor, n.Channel); err != nil {
		return nil, err
	}
	return t, nil
}

// Validate checks n as Create would, without writing anything.
func (s *Store) Validate(n NewTicket) error {
	_, err := s.prepare(n, s.now().UTC().Truncate(time.Second))
	return err
}

// GetTx is Get on a transaction (or the database).
func (s *Store) GetTx(ctx context.Context, q db.Querier, id int64) (*Ticket, error) {
	return getTicket(ctx, q, id)
}

// UpdateTx is Update inside the caller's transaction.
func (s *Store) UpdateTx(ctx context.Context, tx *sql.Tx, id, expectedVersion int64, p Patch, actor string) (*Ticket, error) {
	return s.updateTx(ctx, tx, id, expectedVersion, p, actor, s.now().UTC().Truncate(time.Second))
}

// CheckReply validates the text of a reply or comment.
func CheckReply(body string) error {
	body = strings.TrimSpace(body)
	if body == "" {
		return refused("text", CodeMissing)
	}
	return checkText("text", body, MaxCommentLen)
}

// RequesterReplyTx adds the reply of the agent who asked as a public
// follow-up, inside the caller's transaction. It is not a response of the
// helpdesk (first_response_at is left alone); a pending ticket (waiting for
// the agent) goes back to assigned, the technician's turn; a solved or
// closed ticket is reopened (assigned). The version goes up so that a
// technician editing a stale copy is told.
func (s *Store) RequesterReplyTx(ctx context.Context, tx *sql.Tx, id int64, author, body, channel string) (*Followup, *Ticket, error) {
	body = strings.TrimSpace(body)
	if err := CheckReply(body); err != nil {
		return nil, nil, err
	}
	now := s.now().UTC().Truncate(time.Second)
	t, err := getTicket(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	f := &Followup{TicketID: id, Author: author, Body: body, CreatedAt: now, FromRequester: true, Channel: channel}
	res, err := tx.ExecContext(ctx, `INSERT INTO followups(ticket_id, author, body, private, created_at, from_requester, channel) VALUES (?,?,?,0,?,1,?)`,
		id, author, body, now.Unix(), channel)
	if err != nil {
		return nil, nil, err
	}
	if f.ID, err = res.LastInsertId(); err != nil {
		return nil, nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET updated_at = ?, version = version + 1 WHERE id = ?`, now.Unix(), id); err != nil {
		return nil, nil, err
	}
	if err := addHistory(ctx, tx, id, now, author, "comment", "", fmt.Sprintf("#%d", f.ID)); err != nil {
		return nil, nil, err
	}
	if err := reindex(ctx, tx, id); err != nil {
		return nil, nil, err
	}
	t.Version++
	if t.Status == StatusPending || !t.Status.IsOpen() {
		st := StatusAssigned
		if t.Assignee == "" && t.Status.IsOpen() {
			st = StatusNew
		}
		if t, err = s.updateTx(ctx, tx, id, 0, Patch{Status: &st}, author, now); err != nil {
			return nil, nil, err
		}
	}
	return f, t, nil
}
