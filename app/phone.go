package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"hotline/internal/db"
	"hotline/tickets"
)

// Call is a phone call as the technician typed it in the interface's form:
// the ticket, and what was done while the caller was on the line.
type Call struct {
	Ticket tickets.NewTicket
	// Solved files the ticket solved during the call; Solution is then the
	// public follow-up that says how (required).
	Solved   bool
	Solution string
	// ArticleID, when set, is the tutorial sent to the caller during the
	// call: it is linked to the ticket. SentNote, when set, is the public
	// follow-up recording it ("tutoriel envoyé : …").
	ArticleID int64
	SentNote  string
}

// ErrNoSolution refuses a call marked solved without the solution: the
// ticket would say it is solved without saying how. It is an ErrInvalid.
var ErrNoSolution error = &tickets.FieldError{Field: "solution", Code: tickets.CodeNeedsSolution}

// Calls files the phone calls, each in one transaction: the ticket, the
// tutorial linked, the follow-ups and the solved status commit together or
// not at all.
type Calls struct {
	db      *sql.DB
	tickets *tickets.Store
}

// NewCalls builds the use case on an opened store.
func NewCalls(sqldb *sql.DB, ts *tickets.Store) *Calls { return &Calls{db: sqldb, tickets: ts} }

// Calls is the phone-call use case on this App's stores (nil before Open).
func (a *App) Calls() *Calls {
	if a.db == nil {
		return nil
	}
	return NewCalls(a.db.DB, a.tickets)
}

// TakeCall files call as actor. The ticket's first response is the
// tutorial's follow-up or the solution, whichever comes first; a solved
// call has its solved time set at once. A refused field comes back as the
// store's *tickets.FieldError and nothing is written.
func (c *Calls) TakeCall(ctx context.Context, call Call, actor string) (*tickets.Ticket, error) {
	if err := c.tickets.Allow(ctx, actor, tickets.PermWrite); err != nil {
		return nil, fmt.Errorf("file the call: %w", err)
	}
	solution := strings.TrimSpace(call.Solution)
	if call.Solved && solution == "" {
		return nil, fmt.Errorf("file the call: %w", ErrNoSolution)
	}
	if solution != "" {
		if err := tickets.CheckReply(solution); err != nil {
			var fe *tickets.FieldError
			if errors.As(err, &fe) {
				solutionErr := *fe
				solutionErr.Field = "solution"
				err = &solutionErr
			}
			return nil, fmt.Errorf("file the call: %w", err)
		}
	}
	var out *tickets.Ticket
	err := db.WithTx(ctx, c.db, func(tx *sql.Tx) error {
		t, err := c.tickets.CreateTx(ctx, tx, call.Ticket, actor)
		if err != nil {
			return err
		}
		if call.ArticleID != 0 {
			if _, err := c.tickets.LinkTx(ctx, tx, t.ID, call.ArticleID, actor); err != nil {
				return err
			}
		}
		if note := strings.TrimSpace(call.SentNote); note != "" {
			if _, err := c.tickets.CommentTx(ctx, tx, t.ID, actor, note, false); err != nil {
				return err
			}
		}
		if call.Solved {
			if _, err := c.tickets.CommentTx(ctx, tx, t.ID, actor, solution, false); err != nil {
				return err
			}
			cur, err := c.tickets.GetTx(ctx, tx, t.ID)
			if err != nil {
				return err
			}
			solved := tickets.StatusSolved
			if _, err := c.tickets.UpdateTx(ctx, tx, t.ID, cur.Version, tickets.Patch{Status: &solved}, actor); err != nil {
				return err
			}
		}
		out, err = c.tickets.GetTx(ctx, tx, t.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("file the call: %w", err)
	}
	return out, nil
}
