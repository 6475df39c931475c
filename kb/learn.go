package kb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"hotline/internal/fts"
)

// Learning from what the team did: the words of the tickets solved with an
// article become part of that article's searchable vocabulary, below its
// own text. A word counts once two of its tickets used it (one agent's
// wording is an accident, two are a way of saying it), and fades as links
// are removed: with one ticket left it no longer counts, with none it is
// gone. The tickets are read through LinkFeed (the kb never imports
// tickets) and their words kept in article_learned and learned_fts, brought
// up to date before a search or a suggestion when the links changed.

// LinkFeed is what learning needs of the tickets; tickets.Store implements
// it. Options.Links is checked for it.
type LinkFeed interface {
	// LinkState changes whenever a link is added or removed.
	LinkState(ctx context.Context) (string, error)
	// LinkedTickets lists the links made at or after since, oldest first,
	// with the ticket's title and description (empty with textless).
	LinkedTickets(ctx context.Context, since int64, textless bool, fn func(ticketID, articleID, linkedAt int64, text string) error) error
}

const (
	// learnVotes is how many linked tickets must use a word before it is
	// part of the article's vocabulary.
	learnVotes = 2
	// learnWords caps the words kept of one ticket: its title and the
	// start of its description say what it was about.
	learnWords = 40
	// learnEvery is how often a store looks at the links' state.
	learnEvery = 2 * time.Second
	// learnedWeight is what a concept found only in the learned words
	// counts in a suggestion, against 1 for the article's own text.
	learnedWeight = 0.6
)

type learnState struct {
	mu      sync.Mutex
	checked time.Time
	state   string
}

// learn brings the learned vocabulary up to date with the links, at most
// every learnEvery. It is best effort: a read-only database or a busy
// writer only delays learning, never fails a search.
func (s *Store) learn(ctx context.Context) {
	feed, ok := s.links.(LinkFeed)
	if !ok {
		return
	}
	s.learned.mu.Lock()
	defer s.learned.mu.Unlock()
	now := s.now()
	if !s.learned.checked.IsZero() && now.Sub(s.learned.checked) < learnEvery && now.After(s.learned.checked) {
		return
	}
	s.learned.checked = now
	state, err := feed.LinkState(ctx)
	if err != nil || state == s.learned.state {
		return
	}
	if err := s.Relearn(ctx, feed); err == nil {
		s.learned.state = state
	}
}

// Relearn updates the learned vocabulary from the links: the tickets
// linked since the last time are learned, the links removed forgotten.
func (s *Store) Relearn(ctx context.Context, feed LinkFeed) error {
	var since int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(max(linked_at), 0) FROM article_learned`).Scan(&since); err != nil {
		return fmt.Errorf("learn from linked tickets: %w", err)
	}
	type link struct {
		ticket, article, at int64
		words               string
	}
	var fresh []link
	err := feed.LinkedTickets(ctx, since, false, func(tid, aid, at int64, text string) error {
		fresh = append(fresh, link{tid, aid, at, strings.Join(learnableWords(text), " ")})
		return nil
	})
	if err != nil {
		return err
	}
	// Which links still exist: the others are forgotten.
	alive := map[[2]int64]bool{}
	err = feed.LinkedTickets(ctx, 0, true, func(tid, aid, _ int64, _ string) error {
		alive[[2]int64{aid, tid}] = true
		return nil
	})
	if err != nil {
		return err
	}
	touched := map[int64]bool{}
	err = s.writeLearned(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT article_id, ticket_id FROM article_learned`)
		if err != nil {
			return err
		}
		var gone [][2]int64
		for rows.Next() {
			var k [2]int64
			if err := rows.Scan(&k[0], &k[1]); err != nil {
				rows.Close()
				return err
			}
			if !alive[k] {
				gone = append(gone, k)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range gone {
			if _, err := tx.ExecContext(ctx, `DELETE FROM article_learned WHERE article_id = ? AND ticket_id = ?`, k[0], k[1]); err != nil {
				return err
			}
			touched[k[0]] = true
		}
		for _, l := range fresh {
			// A link to an article that no longer exists teaches nothing.
			res, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO article_learned(article_id, ticket_id, words, linked_at)
				SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?)`, l.article, l.ticket, l.words, l.at, l.article)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				touched[l.article] = true
			}
		}
		for id := range touched {
			if err := refreshLearned(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("learn from linked tickets: %w", err)
	}
	if len(touched) > 0 {
		s.changed()
	}
	return nil
}

// writeLearned runs fn in a write transaction that waits briefly for the
// lock: learning can wait for the next search.
func (s *Store) writeLearned(ctx context.Context, fn func(tx *sql.Tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, missBusyTimeout)); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA busy_timeout = 10000`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// refreshLearned rewrites an article's learned vocabulary: the words at
// least learnVotes of its tickets used, and its count of links.
func refreshLearned(ctx context.Context, tx *sql.Tx, id int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT words FROM article_learned WHERE article_id = ?`, id)
	if err != nil {
		return err
	}
	votes := map[string]int{}
	n := 0
	for rows.Next() {
		var words string
		if err := rows.Scan(&words); err != nil {
			rows.Close()
			return err
		}
		n++
		for _, w := range strings.Fields(words) {
			votes[w]++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var confirmed []string
	for w, v := range votes {
		if v >= learnVotes {
			confirmed = append(confirmed, w)
		}
	}
	sort.Strings(confirmed)
	if _, err := tx.ExecContext(ctx, `DELETE FROM learned_fts WHERE rowid = ?`, id); err != nil {
		return err
	}
	if len(confirmed) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO learned_fts(rowid, words) VALUES (?, ?)`, id, strings.Join(confirmed, " ")); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE article_meta SET links = ? WHERE article_id = ?`, n, id)
	return err
}

// learnableWords are the meaningful folded words of a ticket, each once.
func learnableWords(text string) []string {
	ws := fts.Significant(text)
	out := ws[:0]
	for _, w := range ws {
		if len(w) >= 3 && !isNumber(w) {
			out = append(out, w)
		}
	}
	if len(out) > learnWords {
		out = out[:learnWords]
	}
	return out
}

// learnedWords reads the learned vocabulary of articles.
func (s *Store) learnedWords(ctx context.Context, ids []any) (map[int64]map[string]bool, error) {
	out := map[int64]map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT rowid, words FROM learned_fts WHERE rowid IN (`+placeholders(len(ids), "?")+`)`, ids...)
	if err != nil {
		return nil, fmt.Errorf("learned words: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var words string
		if err := rows.Scan(&id, &words); err != nil {
			return nil, fmt.Errorf("learned words: %w", err)
		}
		out[id] = wordSet(nil, words)
	}
	return out, rows.Err()
}

// learnedMatches finds articles whose learned vocabulary matches expr (an
// FTS5 expression), at most limit, archived ones left out.
func (s *Store) learnedMatches(ctx context.Context, expr string, opts SearchOptions, limit int) ([]hit, error) {
	if expr == "" {
		return nil, nil
	}
	filter, fargs := filterSQL(opts)
	args := append([]any{expr}, fargs...)
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, `
		SELECT a.id, a.title, a.kind, a.tags, a.url, -bm25(learned_fts) AS rel
		FROM learned_fts JOIN articles a ON a.id = learned_fts.rowid
		WHERE learned_fts MATCH ? AND a.archived = 0`+filter+`
		ORDER BY rel DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("match learned words: %w", err)
	}
	defer rows.Close()
	var out []hit
	for rows.Next() {
		var h hit
		var kind, tags string
		if err := rows.Scan(&h.ID, &h.Title, &kind, &tags, &h.URL, &h.rel); err != nil {
			return nil, fmt.Errorf("match learned words: %w", err)
		}
		h.Kind, h.Tags, h.learned = Kind(kind), splitTags(tags), true
		out = append(out, h)
	}
	return out, rows.Err()
}

// RelearnTicketsTx replaces, inside the caller's transaction, the words
// the tickets in texts taught their articles by the words of their text
// now (title and description, after a requester's data was erased from
// them), and brings those articles' learned vocabulary up to date. A
// ticket that taught nothing is left alone.
func (s *Store) RelearnTicketsTx(ctx context.Context, tx *sql.Tx, texts map[int64]string) error {
	touched := map[int64]bool{}
	for id, text := range texts {
		rows, err := tx.QueryContext(ctx, `SELECT article_id FROM article_learned WHERE ticket_id = ?`, id)
		if err != nil {
			return fmt.Errorf("relearn #%d: %w", id, err)
		}
		var articles []int64
		for rows.Next() {
			var a int64
			if err := rows.Scan(&a); err != nil {
				rows.Close()
				return err
			}
			articles = append(articles, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(articles) == 0 {
			continue
		}
		words := strings.Join(learnableWords(text), " ")
		if _, err := tx.ExecContext(ctx, `UPDATE article_learned SET words = ? WHERE ticket_id = ?`, words, id); err != nil {
			return fmt.Errorf("relearn #%d: %w", id, err)
		}
		for _, a := range articles {
			touched[a] = true
		}
	}
	if len(touched) == 0 {
		return nil
	}
	// The erased words leave the index's pages, not only its live rows.
	if _, err := tx.ExecContext(ctx, `INSERT INTO learned_fts(learned_fts, rank) VALUES ('secure-delete', 1)`); err != nil {
		return err
	}
	for id := range touched {
		if err := refreshLearned(ctx, tx, id); err != nil {
			return fmt.Errorf("relearn article %d: %w", id, err)
		}
	}
	// The deletes wait in memory until a flush: flush them while
	// secure-delete is on.
	if _, err := tx.ExecContext(ctx, `INSERT INTO learned_fts(learned_fts) VALUES ('flush')`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO learned_fts(learned_fts, rank) VALUES ('secure-delete', 0)`); err != nil {
		return err
	}
	s.changed()
	return nil
}
