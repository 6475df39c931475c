// Package feedback records what agents say back: a rating of the answer to
// a solved ticket, and the tutorials that solved their problem before they
// filed a ticket (self-service answers, "deflection"). Reports read both.
package feedback

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"hotline/internal/db"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the feedback tables and their migrations.
var Schema = db.MustLoadSchema("feedback", migrationFiles, "migrations")

// MaxCommentLen bounds a rating's comment.
const MaxCommentLen = 2000

// Errors.
var (
	ErrAlreadyRated = errors.New("this ticket was already rated")
	ErrBadScore     = errors.New("a rating is 1 to 5")
	ErrTooLong      = errors.New("comment too long")
)

// Store keeps ratings and self-service answers.
type Store struct {
	db  *sql.DB
	now func() time.Time
}

// NewStore returns a Store on a database opened with Schema.
func NewStore(sqldb *sql.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: sqldb, now: now}
}

// Rating is an agent's rating of a solved ticket.
type Rating struct {
	TicketID   int64
	Score      int
	Comment    string
	Category   string
	Technician string
	CreatedAt  time.Time
}

// RateTx records the rating of a ticket inside the caller's transaction;
// a ticket is rated once (ErrAlreadyRated after).
func (s *Store) RateTx(ctx context.Context, tx *sql.Tx, r Rating) error {
	if r.Score < 1 || r.Score > 5 {
		return ErrBadScore
	}
	r.Comment = strings.TrimSpace(r.Comment)
	if len(r.Comment) > MaxCommentLen {
		return ErrTooLong
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO ratings(ticket_id, score, comment, category, technician, created_at) VALUES (?,?,?,?,?,?)
		ON CONFLICT(ticket_id) DO NOTHING`, r.TicketID, r.Score, r.Comment, r.Category, r.Technician, s.now().Unix())
	if err != nil {
		return fmt.Errorf("rate ticket #%d: %w", r.TicketID, err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT changes()`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrAlreadyRated
	}
	return nil
}

// RatingOf returns a ticket's rating, or nil.
func (s *Store) RatingOf(ctx context.Context, ticketID int64) (*Rating, error) {
	var r Rating
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT ticket_id, score, comment, category, technician, created_at FROM ratings WHERE ticket_id = ?`, ticketID).
		Scan(&r.TicketID, &r.Score, &r.Comment, &r.Category, &r.Technician, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("rating of #%d: %w", ticketID, err)
	}
	r.CreatedAt = time.Unix(at, 0).UTC()
	return &r, nil
}

// SelfService records that an article answered an agent who then filed
// nothing.
func (s *Store) SelfService(ctx context.Context, articleID int64, channel string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO self_service(article_id, channel, created_at) VALUES (?,?,?)`, articleID, channel, s.now().Unix())
	if err != nil {
		return fmt.Errorf("record self-service answer: %w", err)
	}
	return nil
}

// Score is an average of ratings for one key (a category, a technician, an
// article).
type Score struct {
	Key     string
	ID      int64 // the article, for per-article scores
	Count   int
	Average float64
}

// Deflection counts the self-service answers of one article.
type Deflection struct {
	ArticleID int64
	Count     int
}

// Report sums the feedback of a period.
type Report struct {
	Ratings      int
	Average      float64
	ByCategory   []Score
	ByTechnician []Score
	ByArticle    []Score // articles linked to the rated tickets
	SelfService  int
	Deflections  []Deflection // most first
}

// Report sums ratings and self-service answers since a time.
func (s *Store) Report(ctx context.Context, since time.Time) (*Report, error) {
	return s.Between(ctx, since, time.Unix(1<<62, 0))
}

// Between sums the ratings and self-service answers recorded from from
// (included) to to (excluded): the period of the main report.
func (s *Store) Between(ctx context.Context, from, to time.Time) (*Report, error) {
	r := &Report{}
	var avg sql.NullFloat64
	span := []any{from.Unix(), to.Unix()}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), AVG(score) FROM ratings WHERE created_at >= ? AND created_at < ?`, span...).Scan(&r.Ratings, &avg); err != nil {
		return nil, fmt.Errorf("feedback report: %w", err)
	}
	r.Average = avg.Float64
	var err error
	group := func(query string) ([]Score, error) {
		rows, err := s.db.QueryContext(ctx, query, span...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []Score
		for rows.Next() {
			var sc Score
			if err := rows.Scan(&sc.Key, &sc.ID, &sc.Count, &sc.Average); err != nil {
				return nil, err
			}
			out = append(out, sc)
		}
		return out, rows.Err()
	}
	if r.ByCategory, err = group(`SELECT category, 0, COUNT(*), AVG(score) FROM ratings WHERE created_at >= ? AND created_at < ? GROUP BY category ORDER BY COUNT(*) DESC, category`); err != nil {
		return nil, fmt.Errorf("feedback report: %w", err)
	}
	if r.ByTechnician, err = group(`SELECT technician, 0, COUNT(*), AVG(score) FROM ratings WHERE created_at >= ? AND created_at < ? GROUP BY technician ORDER BY COUNT(*) DESC, technician`); err != nil {
		return nil, fmt.Errorf("feedback report: %w", err)
	}
	if r.ByArticle, err = group(`SELECT '', ta.article_id, COUNT(*), AVG(r.score) FROM ratings r JOIN ticket_articles ta ON ta.ticket_id = r.ticket_id
		WHERE r.created_at >= ? AND r.created_at < ? GROUP BY ta.article_id ORDER BY COUNT(*) DESC, ta.article_id`); err != nil {
		return nil, fmt.Errorf("feedback report: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, COUNT(*) FROM self_service WHERE created_at >= ? AND created_at < ? GROUP BY article_id`, span...)
	if err != nil {
		return nil, fmt.Errorf("feedback report: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d Deflection
		if err := rows.Scan(&d.ArticleID, &d.Count); err != nil {
			return nil, err
		}
		r.SelfService += d.Count
		r.Deflections = append(r.Deflections, d)
	}
	sort.Slice(r.Deflections, func(i, j int) bool {
		if r.Deflections[i].Count != r.Deflections[j].Count {
			return r.Deflections[i].Count > r.Deflections[j].Count
		}
		return r.Deflections[i].ArticleID < r.Deflections[j].ArticleID
	})
	return r, rows.Err()
}

// SelfServiceOf counts the self-service answers of one article and tells
// the last one's time (zero when none).
func (s *Store) SelfServiceOf(ctx context.Context, articleID int64) (int, time.Time, error) {
	var n int
	var last sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), max(created_at) FROM self_service WHERE article_id = ?`, articleID).Scan(&n, &last); err != nil {
		return 0, time.Time{}, fmt.Errorf("self-service answers of article %d: %w", articleID, err)
	}
	if !last.Valid {
		return n, time.Time{}, nil
	}
	return n, time.Unix(last.Int64, 0).UTC(), nil
}

// RatingsOf lists the ratings of the tickets in ids.
func (s *Store) RatingsOf(ctx context.Context, q db.Querier, ids []int64) ([]Rating, error) {
	in, args := db.In(ids)
	rows, err := q.QueryContext(ctx, `SELECT ticket_id, score, comment, category, technician, created_at FROM ratings WHERE ticket_id IN `+in+` ORDER BY ticket_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("ratings: %w", err)
	}
	defer rows.Close()
	out := []Rating{}
	for rows.Next() {
		var r Rating
		var at int64
		if err := rows.Scan(&r.TicketID, &r.Score, &r.Comment, &r.Category, &r.Technician, &at); err != nil {
			return nil, err
		}
		r.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// EraseCommentsTx empties the comments of the ratings of the tickets in
// ids inside the caller's transaction (erasure: the agent's own words may
// say anything about them); the scores stay for the reports. It says how
// many comments were removed.
func (s *Store) EraseCommentsTx(ctx context.Context, tx *sql.Tx, ids []int64) (int, error) {
	in, args := db.In(ids)
	res, err := tx.ExecContext(ctx, `UPDATE ratings SET comment = '' WHERE comment != '' AND ticket_id IN `+in, args...)
	if err != nil {
		return 0, fmt.Errorf("erase rating comments: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
