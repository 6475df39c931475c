package app

import (
	"context"
	"time"

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

// DetailRecord is a ticket's detail in the one JSON shape of a ticket
// (tickets.Record, as exported) whose lists are always there, empty or
// not, so that scripts can iterate them.
type DetailRecord struct {
	tickets.Record
	Comments []tickets.RecordComment `json:"comments"`
	History  []tickets.RecordChange  `json:"history"`
	Articles []tickets.RecordArticle `json:"articles"`
}

// Record is the detail as a DetailRecord: the ticket's fields, overdue at
// now, its follow-ups, its history and its linked articles (with their
// kind and link). Problems stay with `problem show`.
func (d *TicketDetail) Record(now time.Time) DetailRecord {
	r := DetailRecord{Record: tickets.RecordAt(d.Ticket, now)}
	r.Comments = make([]tickets.RecordComment, 0, len(d.Followups))
	for _, c := range d.Followups {
		r.Comments = append(r.Comments, tickets.RecordComment{ID: c.ID, Author: c.Author, Body: c.Body, Private: c.Private,
			CreatedAt: rfc3339(c.CreatedAt), FromRequester: c.FromRequester, Channel: c.Channel})
	}
	r.History = make([]tickets.RecordChange, 0, len(d.History))
	for _, c := range d.History {
		r.History = append(r.History, tickets.RecordChange{At: rfc3339(c.At), Actor: c.Actor, Field: c.Field, Old: c.Old, New: c.New})
	}
	r.Articles = make([]tickets.RecordArticle, 0, len(d.Links))
	for _, l := range d.Links {
		a := tickets.RecordArticle{ID: l.ArticleID, LinkedBy: l.LinkedBy, LinkedAt: rfc3339(l.LinkedAt)}
		if art := l.Article; art != nil {
			a.Key, a.Title, a.Kind, a.URL = art.Key(), art.Title, string(art.Kind), art.URL
		}
		r.Articles = append(r.Articles, a)
	}
	return r
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
