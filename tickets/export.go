package tickets

import (
	"context"
	"encoding/json"
	"fmt"
)

// ArticleRef names a knowledge-base article in an export: its stable key
// and its title (for messages when a target lacks it).
type ArticleRef struct{ Key, Title string }

// ArticleNamer gives the stable keys of articles by their ids in this
// database. The application layer passes one backed by the knowledge base.
type ArticleNamer interface {
	ArticleKeys(ctx context.Context, ids []int64) (map[int64]ArticleRef, error)
}

// exportPage is how many tickets Export reads at a time: their follow-ups,
// history, links and problems are each read in one query per page.
const exportPage = 500

// Export calls each with every ticket matching f, oldest first, as a full
// record: its fields and times, follow-ups, history, article links (by
// key) and problems. Importing the records restores the tickets as they
// were. Memory holds one page of tickets.
func (s *Store) Export(ctx context.Context, f Filter, articles ArticleNamer, each func(*Record) error) error {
	cursor := ""
	for {
		page, err := s.List(ctx, f, SortID, exportPage, cursor)
		if err != nil {
			return fmt.Errorf("export tickets: %w", err)
		}
		if len(page.Tickets) > 0 {
			if err := s.exportPage(ctx, page.Tickets, articles, each); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		cursor = page.Next
	}
}

func (s *Store) exportPage(ctx context.Context, ts []Ticket, articles ArticleNamer, each func(*Record) error) error {
	ids := make([]int64, len(ts))
	recs := make(map[int64]*Record, len(ts))
	out := make([]Record, len(ts))
	for i := range ts {
		ids[i] = ts[i].ID
		out[i] = RecordAt(&ts[i], s.now())
		recs[ts[i].ID] = &out[i]
	}
	idList, _ := json.Marshal(ids)
	in := `(SELECT value FROM json_each(?))`
	wrap := func(what string, err error) error { return fmt.Errorf("export tickets: %s: %w", what, err) }

	rows, err := s.db.QueryContext(ctx, `SELECT ticket_id, id, author, body, private, created_at, from_requester, channel
		FROM followups WHERE ticket_id IN `+in+` ORDER BY ticket_id, created_at, id`, string(idList))
	if err != nil {
		return wrap("follow-ups", err)
	}
	for rows.Next() {
		var tid, at int64
		var c RecordComment
		if err := rows.Scan(&tid, &c.ID, &c.Author, &c.Body, &c.Private, &at, &c.FromRequester, &c.Channel); err != nil {
			rows.Close()
			return wrap("follow-ups", err)
		}
		c.CreatedAt = rfc3339(unix(at))
		recs[tid].Comments = append(recs[tid].Comments, c)
	}
	if err := closeRows(rows); err != nil {
		return wrap("follow-ups", err)
	}

	rows, err = s.db.QueryContext(ctx, `SELECT ticket_id, at, actor, field, old_value, new_value
		FROM ticket_history WHERE ticket_id IN `+in+` ORDER BY ticket_id, at, id`, string(idList))
	if err != nil {
		return wrap("history", err)
	}
	for rows.Next() {
		var tid, at int64
		var h RecordChange
		if err := rows.Scan(&tid, &at, &h.Actor, &h.Field, &h.Old, &h.New); err != nil {
			rows.Close()
			return wrap("history", err)
		}
		h.At = rfc3339(unix(at))
		recs[tid].History = append(recs[tid].History, h)
	}
	if err := closeRows(rows); err != nil {
		return wrap("history", err)
	}

	var articleIDs []int64
	rows, err = s.db.QueryContext(ctx, `SELECT ticket_id, article_id, linked_by, linked_at
		FROM ticket_articles WHERE ticket_id IN `+in+` ORDER BY ticket_id, linked_at, article_id`, string(idList))
	if err != nil {
		return wrap("article links", err)
	}
	for rows.Next() {
		var tid, at int64
		var a RecordArticle
		if err := rows.Scan(&tid, &a.ID, &a.LinkedBy, &at); err != nil {
			rows.Close()
			return wrap("article links", err)
		}
		a.LinkedAt = rfc3339(unix(at))
		recs[tid].Articles = append(recs[tid].Articles, a)
		articleIDs = append(articleIDs, a.ID)
	}
	if err := closeRows(rows); err != nil {
		return wrap("article links", err)
	}

	rows, err = s.db.QueryContext(ctx, `SELECT pt.ticket_id, p.id, p.title, p.root_cause, p.workaround, p.status, COALESCE(p.article_id, 0),
			p.created_by, p.created_at, p.updated_at, p.solved_at, p.version, pt.linked_by, pt.linked_at
		FROM problem_tickets pt JOIN problems p ON p.id = pt.problem_id
		WHERE pt.ticket_id IN `+in+` ORDER BY pt.ticket_id, p.id`, string(idList))
	if err != nil {
		return wrap("problems", err)
	}
	type pending struct {
		tid int64
		p   RecordProblem
	}
	var problems []pending
	for rows.Next() {
		var pr pending
		var created, updated, linked int64
		var solved *int64
		p := &pr.p
		if err := rows.Scan(&pr.tid, &p.ID, &p.Title, &p.RootCause, &p.Workaround, &p.Status, &p.articleID,
			&p.CreatedBy, &created, &updated, &solved, &p.Version, &p.LinkedBy, &linked); err != nil {
			rows.Close()
			return wrap("problems", err)
		}
		p.CreatedAt, p.UpdatedAt, p.LinkedAt = rfc3339(unix(created)), rfc3339(unix(updated)), rfc3339(unix(linked))
		if solved != nil {
			p.SolvedAt = rfc3339(unix(*solved))
		}
		if p.articleID != 0 {
			articleIDs = append(articleIDs, p.articleID)
		}
		problems = append(problems, pr)
	}
	if err := closeRows(rows); err != nil {
		return wrap("problems", err)
	}
	for _, pr := range problems {
		recs[pr.tid].Problems = append(recs[pr.tid].Problems, pr.p)
	}

	refs := map[int64]ArticleRef{}
	if len(articleIDs) > 0 && articles != nil {
		if refs, err = articles.ArticleKeys(ctx, articleIDs); err != nil {
			return wrap("article keys", err)
		}
	}
	for i := range out {
		r := &out[i]
		for j := range r.Articles {
			a := &r.Articles[j]
			ref := refs[a.ID]
			a.Key, a.Title = ref.Key, ref.Title
			if a.Key == "" {
				return fmt.Errorf("export tickets: ticket #%d links article %d, which the knowledge base does not have", r.ID, a.ID)
			}
		}
		for j := range r.Problems {
			if id := r.Problems[j].articleID; id != 0 {
				r.Problems[j].ArticleKey = refs[id].Key
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := each(r); err != nil {
			return err
		}
	}
	return nil
}

type rowsCloser interface {
	Close() error
	Err() error
}

func closeRows(r rowsCloser) error {
	if err := r.Err(); err != nil {
		r.Close()
		return err
	}
	return r.Close()
}
