package app

import (
	"context"

	"hotline/kb"
	"hotline/tickets"
)

// TicketReader is what TicketDetail needs of the tickets; *tickets.Store
// implements it (and so does a front end's narrower store interface).
type TicketReader interface {
	Get(ctx context.Context, id int64) (*tickets.Ticket, error)
	Followups(ctx context.Context, id int64) ([]tickets.Followup, error)
	History(ctx context.Context, id int64) ([]tickets.Change, error)
	Links(ctx context.Context, id int64) ([]tickets.Link, error)
	ProblemsOf(ctx context.Context, ticketID int64) ([]tickets.Problem, error)
}

// ArticleReader reads one article; *kb.Store implements it.
type ArticleReader interface {
	Get(ctx context.Context, id int64) (*kb.Article, error)
}

// TicketDetail is everything shown about one ticket: the ticket, its
// follow-ups, its history, the articles linked to it and the problems it
// belongs to.
type TicketDetail struct {
	Ticket    *tickets.Ticket
	Followups []tickets.Followup
	History   []tickets.Change
	Links     []LinkedArticle
	Problems  []tickets.Problem
}

// LinkedArticle is a link with its article; Article is nil when the
// article is gone (the link still shows by number).
type LinkedArticle struct {
	tickets.Link
	Article *kb.Article
}

// LoadTicketDetail assembles the detail of ticket id; ks may be nil (no
// knowledge base: links show by number). A missing ticket is a
// *tickets.NotFoundError.
func LoadTicketDetail(ctx context.Context, ts TicketReader, ks ArticleReader, id int64) (*TicketDetail, error) {
	var d TicketDetail
	var err error
	if d.Ticket, err = ts.Get(ctx, id); err != nil {
		return nil, err
	}
	if d.Followups, err = ts.Followups(ctx, id); err != nil {
		return nil, err
	}
	if d.History, err = ts.History(ctx, id); err != nil {
		return nil, err
	}
	links, err := ts.Links(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.Problems, err = ts.ProblemsOf(ctx, id); err != nil {
		return nil, err
	}
	d.Links = make([]LinkedArticle, 0, len(links))
	for _, l := range links {
		la := LinkedArticle{Link: l}
		if ks != nil {
			la.Article, _ = ks.Get(ctx, l.ArticleID) // a missing article still shows by number
		}
		d.Links = append(d.Links, la)
	}
	return &d, nil
}

// TicketDetail is LoadTicketDetail on this App's stores.
func (a *App) TicketDetail(ctx context.Context, id int64) (*TicketDetail, error) {
	if err := a.Open(ctx); err != nil {
		return nil, err
	}
	return LoadTicketDetail(ctx, a.tickets, a.kb, id)
}
