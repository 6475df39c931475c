package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"hotline/internal/db"
)

// Link ties article articleID to ticket id, recording it in the history.
// Linking twice is not an error. The caller checks that the article exists
// (the knowledge base owns articles).
func (s *Store) Link(ctx context.Context, id, articleID int64, actor string) error {
	if err := s.allow(ctx, actor, PermWrite); err != nil {
		return fmt.Errorf("link ticket #%d: %w", id, err)
	}
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		_, err := s.LinkTx(ctx, tx, id, articleID, actor)
		return err
	})
	if err != nil {
		return fmt.Errorf("link article %d to ticket #%d: %w", articleID, id, err)
	}
	return nil
}

// LinkTx is Link inside the caller's transaction (unguarded, like every
// *Tx method). It reports whether the link is new.
func (s *Store) LinkTx(ctx context.Context, tx *sql.Tx, id, articleID int64, actor string) (bool, error) {
	now := s.now().UTC().Truncate(time.Second)
	if _, err := getTicket(ctx, tx, id); err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO ticket_articles(ticket_id, article_id, linked_by, linked_at) VALUES (?,?,?,?)`,
		id, articleID, actor, now.Unix())
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET updated_at = ?, version = version + 1 WHERE id = ?`, now.Unix(), id); err != nil {
		return false, err
	}
	return true, addHistory(ctx, tx, id, now, actor, "article", "", strconv.FormatInt(articleID, 10))
}

// LastChangeBy is who last changed ticket id (a history row or a
// follow-up) and when; "" when nobody did.
func (s *Store) LastChangeBy(ctx context.Context, q db.Querier, id int64) (string, time.Time, error) {
	var actor string
	var at int64
	err := q.QueryRowContext(ctx, `SELECT actor, at FROM (
		SELECT actor, at, id FROM ticket_history WHERE ticket_id = ?
		UNION ALL SELECT author, created_at, id FROM followups WHERE ticket_id = ?)
		ORDER BY at DESC, id DESC LIMIT 1`, id, id).Scan(&actor, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("last change of ticket #%d: %w", id, err)
	}
	return actor, time.Unix(at, 0).UTC(), nil
}

// Unlink removes the link between ticket id and article articleID.
func (s *Store) Unlink(ctx context.Context, id, articleID int64, actor string) error {
	if err := s.allow(ctx, actor, PermWrite); err != nil {
		return fmt.Errorf("unlink ticket #%d: %w", id, err)
	}
	now := s.now().UTC().Truncate(time.Second)
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if _, err := getTicket(ctx, tx, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM ticket_articles WHERE ticket_id = ? AND article_id = ?`, id, articleID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &FieldError{Field: "article", Code: CodeNotLinked, N: articleID, ID: id}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET updated_at = ?, version = version + 1 WHERE id = ?`, now.Unix(), id); err != nil {
			return err
		}
		return addHistory(ctx, tx, id, now, actor, "article", strconv.FormatInt(articleID, 10), "")
	})
	if err != nil {
		return fmt.Errorf("unlink article %d from ticket #%d: %w", articleID, id, err)
	}
	return nil
}

// Links lists the articles linked to a ticket, in the order they were linked.
func (s *Store) Links(ctx context.Context, id int64) ([]Link, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT ticket_id, article_id, linked_by, linked_at FROM ticket_articles WHERE ticket_id = ? ORDER BY linked_at, article_id`, id)
	if err != nil {
		return nil, fmt.Errorf("links of ticket #%d: %w", id, err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		var at int64
		if err := rows.Scan(&l.TicketID, &l.ArticleID, &l.LinkedBy, &at); err != nil {
			return nil, err
		}
		l.LinkedAt = unix(at)
		out = append(out, l)
	}
	return out, rows.Err()
}

// seeksPerTicket bounds the linked tickets looked up one by one in the
// full-text index: seeking a ticket by rowid with a MATCH costs about as much
// as ranking several hundred matches (each of the query's terms is sought in
// every segment: 0.1-1 ms a ticket on the demo database, 1,281 links took
// 1 s), so the seeks are worth it only while the links are rare, fewer than
// one ticket in seeksPerTicket.
const seeksPerTicket = 1000

// ArticlesSolvingSimilar finds solved tickets whose text matches query (an
// FTS5 expression built with internal/fts) and returns, for each article
// linked to them, a weight: the sum of those tickets' match strengths. The
// knowledge base uses it to rank articles that solved similar tickets higher.
// exclude is a ticket to leave out (the one being looked at).
func (s *Store) ArticlesSolvingSimilar(ctx context.Context, query string, exclude int64, limit int) (map[int64]float64, error) {
	if query == "" {
		return map[int64]float64{}, nil
	}
	if limit <= 0 {
		limit = 50
	}
	// Only tickets solved with an article can vote, so only they are
	// ranked, and nothing is ranked when no ticket has an article yet.
	// Rare links are looked up in the full-text index by rowid, one seek
	// each (ranking every ticket that shares a word took 1.3-1.5 s at 1M
	// tickets); common links make the seeks dearer than ranking the matches
	// and keeping the linked ones (an opened ticket's suggestions took 7-11
	// s on the 2,000-ticket demo, two thirds of them linked, by seeks).
	var tickets int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) FROM tickets`).Scan(&tickets); err != nil {
		return nil, fmt.Errorf("articles solving tickets like %q: %w", query, err)
	}
	maxSeeks := tickets/seeksPerTicket + 1
	var linked int64
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT DISTINCT ticket_id FROM ticket_articles LIMIT ?)`, maxSeeks+1).Scan(&linked); err != nil {
		return nil, fmt.Errorf("articles solving tickets like %q: %w", query, err)
	}
	if linked == 0 {
		return map[int64]float64{}, nil
	}
	// The rowid IN (…) constraint is handed to FTS5 (a seek per ticket);
	// EXISTS is not (a check per match, after the match).
	voters := `AND rowid IN (SELECT DISTINCT ticket_id FROM ticket_articles)`
	if linked > maxSeeks {
		voters = `AND EXISTS (SELECT 1 FROM ticket_articles ta WHERE ta.ticket_id = tickets_fts.rowid)`
	}
	rows, err := s.db.QueryContext(ctx, `
		WITH similar AS (
			SELECT rowid AS id, -bm25(tickets_fts, 4.0, 1.0, 2.0, 0.5, 0.0) AS strength
			FROM tickets_fts WHERE tickets_fts MATCH ? AND rowid != ? `+voters+`
			ORDER BY bm25(tickets_fts, 4.0, 1.0, 2.0, 0.5, 0.0) LIMIT ?)
		SELECT ta.article_id, SUM(similar.strength)
		FROM similar JOIN ticket_articles ta ON ta.ticket_id = similar.id
		GROUP BY ta.article_id`, query, exclude, limit)
	if err != nil {
		return nil, fmt.Errorf("articles solving tickets like %q: %w", query, err)
	}
	defer rows.Close()
	out := map[int64]float64{}
	for rows.Next() {
		var id int64
		var w float64
		if err := rows.Scan(&id, &w); err != nil {
			return nil, err
		}
		out[id] = w
	}
	return out, rows.Err()
}

// LinkState is a fingerprint of every ticket-article link: it changes when
// one is added or removed. The knowledge base compares it to know when to
// learn from the links again (see LinkedTickets). It reads the link index
// only.
func (s *Store) LinkState(ctx context.Context) (string, error) {
	var n, last int64
	var sum float64
	err := s.db.QueryRowContext(ctx, `SELECT count(*), COALESCE(max(linked_at), 0), total(article_id * 1000003 + ticket_id) FROM ticket_articles`).Scan(&n, &last, &sum)
	if err != nil {
		return "", fmt.Errorf("state of the ticket links: %w", err)
	}
	return fmt.Sprintf("%d/%d/%.0f", n, last, sum), nil
}

// LinkedTickets calls fn for each link made at or after since (Unix
// seconds; 0 for all), oldest first, with the ticket's title and
// description, so that the knowledge base learns the words of the tickets
// its articles solved. With textless, the text is left empty (to list
// the links that still exist).
func (s *Store) LinkedTickets(ctx context.Context, since int64, textless bool, fn func(ticketID, articleID, linkedAt int64, text string) error) error {
	q := `SELECT ta.ticket_id, ta.article_id, ta.linked_at, t.title || char(10) || substr(t.description, 1, 2000)
		FROM ticket_articles ta JOIN tickets t ON t.id = ta.ticket_id WHERE ta.linked_at >= ? ORDER BY ta.linked_at`
	if textless {
		q = `SELECT ticket_id, article_id, linked_at, '' FROM ticket_articles WHERE linked_at >= ?`
	}
	rows, err := s.db.QueryContext(ctx, q, since)
	if err != nil {
		return fmt.Errorf("linked tickets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tid, aid, at int64
		var text string
		if err := rows.Scan(&tid, &aid, &at, &text); err != nil {
			return fmt.Errorf("linked tickets: %w", err)
		}
		if err := fn(tid, aid, at, text); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ReopenedArticleLinks counts, for each article, the tickets linked to it
// that were reopened after being solved or closed: the article may not
// have been the answer (the knowledge base's review list).
func (s *Store) ReopenedArticleLinks(ctx context.Context) (map[int64]int, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT ta.article_id, count(DISTINCT ta.ticket_id)
		FROM ticket_history h JOIN ticket_articles ta ON ta.ticket_id = h.ticket_id
		WHERE h.field = 'status' AND h.old_value IN ('solved', 'closed') AND h.new_value NOT IN ('solved', 'closed')
		GROUP BY ta.article_id`)
	if err != nil {
		return nil, fmt.Errorf("reopened tickets by article: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// ArticleTicket is a ticket linked to an article, for the article screen.
type ArticleTicket struct {
	ID       int64
	Title    string
	Status   string
	LinkedAt time.Time
}

// ArticleTickets lists the tickets linked to an article, most recent link
// first, at most limit (index ticket_articles_article).
func (s *Store) ArticleTickets(ctx context.Context, articleID int64, limit int) ([]ArticleTicket, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.title, t.status, ta.linked_at
		FROM ticket_articles ta JOIN tickets t ON t.id = ta.ticket_id
		WHERE ta.article_id = ? ORDER BY ta.linked_at DESC, t.id DESC LIMIT ?`, articleID, limit)
	if err != nil {
		return nil, fmt.Errorf("tickets of article %d: %w", articleID, err)
	}
	defer rows.Close()
	var out []ArticleTicket
	for rows.Next() {
		var t ArticleTicket
		var at int64
		if err := rows.Scan(&t.ID, &t.Title, &t.Status, &at); err != nil {
			return nil, err
		}
		t.LinkedAt = unix(at)
		out = append(out, t)
	}
	return out, rows.Err()
}
