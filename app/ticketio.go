package app

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"time"

	"hotline/attachments"
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
	opts.Attachments = fileRestorer{a.Attachments()}
	return a.tickets.Import(ctx, r, format, opts)
}

// fileRestorer restores exported attachments inside the import's
// transaction.
type fileRestorer struct{ s *attachments.Store }

func (f fileRestorer) RestoreAttachmentsTx(ctx context.Context, tx *sql.Tx, ticketID int64, followups map[int64]int64, files []tickets.RecordAttachment) error {
	for _, r := range files {
		at, _ := time.Parse(time.RFC3339, r.CreatedAt)
		fid := followups[r.FollowupID] // 0 when it came with the ticket, or its follow-up is gone
		if _, err := f.s.RestoreTx(ctx, tx, attachments.Attachment{TicketID: ticketID, FollowupID: fid, Name: r.Name,
			AddedBy: r.AddedBy, Channel: r.Channel, CreatedAt: at}, r.Content); err != nil {
			return err
		}
	}
	return nil
}

// ExportTickets calls each with every ticket matching f as a full record,
// its article links named by their knowledge-base keys.
// Each record carries its attachments with their bytes.
func (a *App) ExportTickets(ctx context.Context, f tickets.Filter, each func(*tickets.Record) error) error {
	files := a.Attachments()
	return a.tickets.Export(ctx, f, kbArticles{a.kb}, func(r *tickets.Record) error {
		err := files.ListWithData(ctx, r.ID, func(at attachments.Attachment, data []byte) error {
			r.Attachments = append(r.Attachments, tickets.RecordAttachment{ID: at.ID, FollowupID: at.FollowupID, Name: at.Name,
				ContentType: at.ContentType, AddedBy: at.AddedBy, Channel: at.Channel,
				CreatedAt: at.CreatedAt.UTC().Format(time.RFC3339), Content: data})
			return nil
		})
		if err != nil {
			return fmt.Errorf("export attachments of #%d: %w", r.ID, err)
		}
		return each(r)
	})
}
