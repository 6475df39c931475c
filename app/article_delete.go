package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"hotline/kb"
	"hotline/tickets"
)

// ArticleDesk holds the article use cases that span the knowledge base
// and the tickets; the interface and the command line call the same one.
type ArticleDesk struct {
	Tickets *tickets.Store
	KB      *kb.Store
}

// ArticleDesk is the article use cases on this App's stores.
func (a *App) ArticleDesk() ArticleDesk { return ArticleDesk{Tickets: a.tickets, KB: a.kb} }

// DeleteArticle deletes an article created by mistake, in one
// transaction: the tickets it was linked to lose the link (each one's
// history says the article was deleted, with its title), a problem
// pointing to it loses its article, and the article goes with its
// transcript and search entries. Only an admin or the technician who wrote
// it in Hotline may (*tickets.NotCreatorError otherwise; imported
// articles have no author, so only an admin). It returns how many tickets
// lost the link.
func (d ArticleDesk) DeleteArticle(ctx context.Context, id int64, actor string) (int, error) {
	ts, ks := d.Tickets, d.KB
	author, err := ks.Author(ctx, id)
	if err != nil {
		return 0, err
	}
	if author == "" || author != actor {
		if err := ts.Allow(ctx, actor, tickets.PermAdmin); err != nil {
			if errors.Is(err, tickets.ErrForbidden) {
				err = &tickets.NotCreatorError{What: "article", ID: id, Actor: actor, Creator: author}
			}
			return 0, fmt.Errorf("delete article %d: %w", id, err)
		}
	} else if err := ts.Allow(ctx, actor, tickets.PermWrite); err != nil {
		return 0, fmt.Errorf("delete article %d: %w", id, err)
	}
	n := 0
	err = ks.Delete(ctx, id, func(tx *sql.Tx, art *kb.Article) error {
		var err error
		n, err = ts.ForgetArticleTx(ctx, tx, id, art.Title, actor)
		return err
	})
	return n, err
}
