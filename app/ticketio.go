package app

import (
	"context"
	"io"

	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// kbArticles lets the tickets store name linked articles by their stable
// keys in the knowledge base, in exports and imports.
type kbArticles struct{ kb *kb.Store }

func (k kbArticles) ArticleIDs(ctx context.Context, q db.Querier, keys []string) (map[string]int64, error) {
	return k.kb.IDsByKey(ctx, q, keys)
}

func (k kbArticles) ArticleKeys(ctx context.Context, ids []int64) (map[int64]tickets.ArticleRef, error) {
	refs, err := k.kb.KeysByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]tickets.ArticleRef, len(refs))
	for id, r := range refs {
		out[id] = tickets.ArticleRef{Key: r.Key, Title: r.Title}
	}
	return out, nil
}

// ImportTickets imports a ticket file (see tickets.Store.Import), finding
// the articles its tickets link to in the knowledge base by their keys: a
// link whose article is missing is reported by name (a warning), never
// dropped in silence.
func (a *App) ImportTickets(ctx context.Context, r io.Reader, format string, opts tickets.ImportOptions) (tickets.ImportSummary, error) {
	opts.Articles = kbArticles{a.kb}
	return a.tickets.Import(ctx, r, format, opts)
}

// ExportTickets calls each with every ticket matching f as a full record,
// its article links named by their knowledge-base keys.
func (a *App) ExportTickets(ctx context.Context, f tickets.Filter, each func(*tickets.Record) error) error {
	return a.tickets.Export(ctx, f, kbArticles{a.kb}, each)
}
