package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// MaxBulk is the most tickets one bulk action changes: more is a slip of
// "mark all", and one transaction holding the write lock longer than a
// few seconds would stall everyone else.
const MaxBulk = 1000

// BulkTarget is a ticket of a bulk action and the version it had when the
// technician marked it (0: whatever it is now, as the command line does).
type BulkTarget struct {
	ID      int64
	Version int64
}

// BulkChange is what a bulk action does to every ticket; zero fields are
// left alone.
type BulkChange struct {
	Assignee   *string
	Status     *tickets.Status
	Category   *string
	AddTags    []string
	RemoveTags []string
	// Comment is a follow-up added to each ticket, private when Private.
	Comment string
	Private bool
	// ArticleID links a knowledge-base article to each ticket.
	ArticleID int64
}

// Empty reports whether the change does nothing.
func (c BulkChange) Empty() bool {
	return c.patch().Empty() && strings.TrimSpace(c.Comment) == "" && c.ArticleID == 0
}

func (c BulkChange) patch() tickets.Patch {
	return tickets.Patch{Assignee: c.Assignee, Status: c.Status, Category: c.Category, AddTags: c.AddTags, RemoveTags: c.RemoveTags}
}

// BulkResult is what a bulk action did: the tickets as they are now, in
// the order given, and the article linked (nil when none).
type BulkResult struct {
	Tickets []*tickets.Ticket
	Article *kb.Article
}

// ErrBulkEmpty: no ticket, or a change that changes nothing.
var ErrBulkEmpty = errors.New("bulk action: nothing to do")

// BulkTooManyError: more tickets than MaxBulk.
type BulkTooManyError struct{ Count, Max int }

func (e *BulkTooManyError) Error() string {
	return fmt.Sprintf("bulk action on %d tickets: at most %d at once; narrow the selection", e.Count, e.Max)
}

// BulkStaleError: a ticket changed since it was marked; nothing was
// written. By and At say who changed it last, and when.
type BulkStaleError struct {
	ID               int64
	Expected, Actual int64
	By               string
	At               time.Time
}

func (e *BulkStaleError) Error() string {
	who := ""
	if e.By != "" {
		who = " by " + e.By
	}
	return fmt.Sprintf("ticket #%d was changed%s since it was marked (version %d, now %d): nothing was changed; reload and try again", e.ID, who, e.Expected, e.Actual)
}

func (e *BulkStaleError) Unwrap() error { return tickets.ErrConflict }

// BulkTicketError: the change cannot apply to one ticket (a closed ticket's
// status, an unknown ticket, an assignee not in the directory); nothing was
// written. Err is the store's typed error.
type BulkTicketError struct {
	ID  int64
	Err error
}

func (e *BulkTicketError) Error() string {
	return fmt.Sprintf("ticket #%d: %v (nothing was changed)", e.ID, e.Err)
}
func (e *BulkTicketError) Unwrap() error { return e.Err }

// BulkArticleError: the article to link does not exist.
type BulkArticleError struct {
	ID  int64
	Err error
}

func (e *BulkArticleError) Error() string {
	return fmt.Sprintf("article %d: %v", e.ID, e.Err)
}
func (e *BulkArticleError) Unwrap() error { return e.Err }

// BulkTickets is what Bulk needs of the tickets; *tickets.Store implements it.
type BulkTickets interface {
	Allow(ctx context.Context, actor string, perm tickets.Permission) error
	GetTx(ctx context.Context, q db.Querier, id int64) (*tickets.Ticket, error)
	UpdateTx(ctx context.Context, tx *sql.Tx, id, expectedVersion int64, p tickets.Patch, actor string) (*tickets.Ticket, error)
	CommentTx(ctx context.Context, tx *sql.Tx, id int64, author, body string, private bool) (*tickets.Followup, error)
	LinkTx(ctx context.Context, tx *sql.Tx, id, articleID int64, actor string) (bool, error)
	LastChangeBy(ctx context.Context, q db.Querier, id int64) (string, time.Time, error)
}

// Bulk applies one change to many tickets as actor, all or nothing, in one
// transaction: each ticket's fields (with their history rows), the comment
// and the article link; each ticket's version goes up. A ticket changed
// since it was marked (*BulkStaleError), a change that cannot apply to one
// of them (*BulkTicketError), an unknown article (*BulkArticleError) or an
// actor who may not write (*tickets.ForbiddenError, observers) leaves every
// ticket as it was.
func Bulk(ctx context.Context, sqldb *sql.DB, ts BulkTickets, ks ArticleReader, targets []BulkTarget, c BulkChange, actor string) (*BulkResult, error) {
	if len(targets) == 0 || c.Empty() {
		return nil, ErrBulkEmpty
	}
	if len(targets) > MaxBulk {
		return nil, &BulkTooManyError{Count: len(targets), Max: MaxBulk}
	}
	if err := ts.Allow(ctx, actor, tickets.PermWrite); err != nil {
		return nil, err
	}
	res := &BulkResult{}
	if c.ArticleID != 0 {
		if ks == nil {
			return nil, &BulkArticleError{ID: c.ArticleID, Err: kb.ErrNotFound}
		}
		art, err := ks.Get(ctx, c.ArticleID)
		if err != nil {
			return nil, &BulkArticleError{ID: c.ArticleID, Err: err}
		}
		res.Article = art
	}
	seen := make(map[int64]bool, len(targets))
	p := c.patch()
	err := db.WithTx(ctx, sqldb, func(tx *sql.Tx) error {
		res.Tickets = res.Tickets[:0]
		for _, tg := range targets {
			if seen[tg.ID] {
				continue
			}
			seen[tg.ID] = true
			t, err := ts.GetTx(ctx, tx, tg.ID)
			if err != nil {
				return &BulkTicketError{ID: tg.ID, Err: err}
			}
			if tg.Version > 0 && t.Version != tg.Version {
				by, at, _ := ts.LastChangeBy(ctx, tx, tg.ID)
				return &BulkStaleError{ID: tg.ID, Expected: tg.Version, Actual: t.Version, By: by, At: at}
			}
			if !p.Empty() {
				if t, err = ts.UpdateTx(ctx, tx, tg.ID, t.Version, p, actor); err != nil {
					return &BulkTicketError{ID: tg.ID, Err: err}
				}
			}
			if strings.TrimSpace(c.Comment) != "" {
				if _, err := ts.CommentTx(ctx, tx, tg.ID, actor, c.Comment, c.Private); err != nil {
					return &BulkTicketError{ID: tg.ID, Err: err}
				}
			}
			if c.ArticleID != 0 {
				if _, err := ts.LinkTx(ctx, tx, tg.ID, c.ArticleID, actor); err != nil {
					return &BulkTicketError{ID: tg.ID, Err: err}
				}
			}
			if strings.TrimSpace(c.Comment) != "" || c.ArticleID != 0 {
				if t, err = ts.GetTx(ctx, tx, tg.ID); err != nil {
					return &BulkTicketError{ID: tg.ID, Err: err}
				}
			}
			res.Tickets = append(res.Tickets, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// BulkDesk is the bulk use case on this App's stores, for a front end
// that says who acts; call after Open.
func (a *App) BulkDesk() BulkDesk { return BulkDesk{DB: a.db.DB, Tickets: a.tickets, KB: a.kb} }

// Bulk is Bulk on this App's stores, as its technician.
func (a *App) Bulk(ctx context.Context, targets []BulkTarget, c BulkChange) (*BulkResult, error) {
	if err := a.Open(ctx); err != nil {
		return nil, err
	}
	return Bulk(ctx, a.db.DB, a.tickets, a.kb, targets, c, a.user)
}

// BulkDesk runs bulk actions for a front end that knows who acts (the
// interface, one per SSH session).
type BulkDesk struct {
	DB      *sql.DB
	Tickets BulkTickets
	KB      ArticleReader
}

// Bulk applies c to targets as actor (see Bulk).
func (d BulkDesk) Bulk(ctx context.Context, targets []BulkTarget, c BulkChange, actor string) (*BulkResult, error) {
	return Bulk(ctx, d.DB, d.Tickets, d.KB, targets, c, actor)
}
