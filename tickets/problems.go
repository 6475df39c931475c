package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hotline/internal/db"
)

// ProblemStatus is where a problem stands: open (being analysed), known
// (root cause and workaround known, ITIL's "known error"), solved, closed.
type ProblemStatus string

const (
	ProblemOpen   ProblemStatus = "open"
	ProblemKnown  ProblemStatus = "known"
	ProblemSolved ProblemStatus = "solved"
	ProblemClosed ProblemStatus = "closed"
)

// ParseProblemStatus validates a problem status typed by a person.
func ParseProblemStatus(s string) (ProblemStatus, error) {
	switch st := ProblemStatus(strings.ToLower(strings.TrimSpace(s))); st {
	case ProblemOpen, ProblemKnown, ProblemSolved, ProblemClosed:
		return st, nil
	}
	return "", unknownValue("status", s, []ProblemStatus{ProblemOpen, ProblemKnown, ProblemSolved, ProblemClosed})
}

// Problem groups the incidents (tickets) of one recurring issue.
type Problem struct {
	ID         int64
	Title      string
	RootCause  string
	Workaround string
	Status     ProblemStatus
	ArticleID  int64 // 0 when no article holds the workaround
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	SolvedAt   *time.Time
	Version    int64
	Incidents  int // linked tickets
	OpenCount  int // of which still open
}

// NewProblem is what is needed to create a problem.
type NewProblem struct {
	Title      string
	RootCause  string
	Workaround string
	ArticleID  int64
	TicketIDs  []int64 // incidents to link at once
}

// ProblemPatch changes a problem; nil fields stay.
type ProblemPatch struct {
	Title      *string
	RootCause  *string
	Workaround *string
	Status     *ProblemStatus
	ArticleID  *int64
}

// ProblemNotFoundError names the missing problem.
type ProblemNotFoundError struct{ ID int64 }

func (e *ProblemNotFoundError) Error() string {
	return fmt.Sprintf("problem %d does not exist", e.ID)
}
func (e *ProblemNotFoundError) Unwrap() error { return ErrNotFound }

// CreateProblem stores a problem and links its first incidents, in one
// transaction: an unknown ticket number creates nothing.
func (s *Store) CreateProblem(ctx context.Context, n NewProblem, actor string) (*Problem, error) {
	if err := s.allow(ctx, actor, PermWrite); err != nil {
		return nil, err
	}
	n.Title = strings.TrimSpace(n.Title)
	if n.Title == "" {
		return nil, fmt.Errorf("create problem: %w", refused("title", CodeMissing))
	}
	for field, v := range map[string]string{"title": n.Title, "root cause": n.RootCause, "workaround": n.Workaround} {
		if err := checkText(field, v, MaxDescriptionLen); err != nil {
			return nil, fmt.Errorf("create problem: %w", err)
		}
	}
	now := s.now().UTC().Truncate(time.Second)
	var id int64
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO problems(title, root_cause, workaround, status, article_id, created_by, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?)`, n.Title, strings.TrimSpace(n.RootCause), strings.TrimSpace(n.Workaround), ProblemOpen, nullID(n.ArticleID), actor, now.Unix(), now.Unix())
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		_, err = linkIncidents(ctx, tx, id, n.TicketIDs, actor, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create problem: %w", err)
	}
	return s.Problem(ctx, id)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const problemColumns = `p.id, p.title, p.root_cause, p.workaround, p.status, COALESCE(p.article_id, 0), p.created_by,
	p.created_at, p.updated_at, p.solved_at, p.version,
	(SELECT count(*) FROM problem_tickets pt WHERE pt.problem_id = p.id),
	(SELECT count(*) FROM problem_tickets pt JOIN tickets t ON t.id = pt.ticket_id WHERE pt.problem_id = p.id AND t.is_open = 1)`

func scanProblem(r scanner) (*Problem, error) {
	var p Problem
	var created, updated int64
	var solved sql.NullInt64
	if err := r.Scan(&p.ID, &p.Title, &p.RootCause, &p.Workaround, &p.Status, &p.ArticleID, &p.CreatedBy,
		&created, &updated, &solved, &p.Version, &p.Incidents, &p.OpenCount); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt, p.SolvedAt = unix(created), unix(updated), timeOrNil(solved)
	return &p, nil
}

// Problem loads one problem.
func (s *Store) Problem(ctx context.Context, id int64) (*Problem, error) {
	p, err := scanProblem(s.db.QueryRowContext(ctx, `SELECT `+problemColumns+` FROM problems p WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &ProblemNotFoundError{ID: id}
	}
	if err != nil {
		return nil, fmt.Errorf("get problem %d: %w", id, err)
	}
	return p, nil
}

// Problems lists problems, newest first; statuses empty means the ones
// not closed. afterID pages (keyset on id).
func (s *Store) Problems(ctx context.Context, statuses []ProblemStatus, limit int, afterID int64) ([]Problem, error) {
	if limit <= 0 {
		limit = DefaultPageSize
	}
	q := `SELECT ` + problemColumns + ` FROM problems p WHERE `
	var args []any
	if len(statuses) == 0 {
		q += `p.status != 'closed'`
	} else {
		ph := make([]string, len(statuses))
		for i, st := range statuses {
			ph[i] = "?"
			args = append(args, string(st))
		}
		q += `p.status IN (` + strings.Join(ph, ",") + `)`
	}
	if afterID > 0 {
		q += ` AND p.id < ?`
		args = append(args, afterID)
	}
	q += ` ORDER BY p.id DESC LIMIT ?`
	args = append(args, limit)
	out, err := queryAll(ctx, s.db, scanProblem, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list problems: %w", err)
	}
	return out, nil
}

// ProblemsOf lists the problems a ticket is an incident of.
func (s *Store) ProblemsOf(ctx context.Context, ticketID int64) ([]Problem, error) {
	out, err := queryAll(ctx, s.db, scanProblem, `SELECT `+problemColumns+` FROM problems p
		JOIN problem_tickets l ON l.problem_id = p.id WHERE l.ticket_id = ? ORDER BY p.id`, ticketID)
	if err != nil {
		return nil, fmt.Errorf("problems of ticket #%d: %w", ticketID, err)
	}
	return out, nil
}

// Incidents lists the tickets of a problem, open ones first.
func (s *Store) Incidents(ctx context.Context, problemID int64, limit int) ([]Ticket, error) {
	if limit <= 0 {
		limit = MaxPageSize
	}
	out, err := queryAll(ctx, s.db, scanTicket, `SELECT `+prefixed("t.", ticketColumns)+` FROM problem_tickets l
		JOIN tickets t ON t.id = l.ticket_id WHERE l.problem_id = ?
		ORDER BY t.is_open DESC, t.queue_rank, t.created_at, t.id LIMIT ?`, problemID, limit)
	if err != nil {
		return nil, fmt.Errorf("incidents of problem %d: %w", problemID, err)
	}
	return out, nil
}

// LinkIncidents links tickets to a problem in one transaction (all or
// none), with a history row on each ticket. Tickets already linked are
// skipped; it returns how many were linked.
func (s *Store) LinkIncidents(ctx context.Context, problemID int64, ticketIDs []int64, actor string) (int, error) {
	if err := s.allow(ctx, actor, PermWrite); err != nil {
		return 0, err
	}
	var n int
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if err := problemExists(ctx, tx, problemID); err != nil {
			return err
		}
		var err error
		n, err = linkIncidents(ctx, tx, problemID, ticketIDs, actor, s.now().UTC().Truncate(time.Second))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("link tickets to problem %d: %w", problemID, err)
	}
	return n, nil
}

func problemExists(ctx context.Context, q db.Querier, id int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM problems WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return &ProblemNotFoundError{ID: id}
	}
	return err
}

func linkIncidents(ctx context.Context, tx *sql.Tx, problemID int64, ticketIDs []int64, actor string, now time.Time) (int, error) {
	n := 0
	for _, id := range ticketIDs {
		if _, err := getTicket(ctx, tx, id); err != nil {
			return 0, err
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO problem_tickets(problem_id, ticket_id, linked_by, linked_at) VALUES (?,?,?,?)`, problemID, id, actor, now.Unix())
		if err != nil {
			return 0, err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			continue
		}
		n++
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET updated_at = ?, version = version + 1 WHERE id = ?`, now.Unix(), id); err != nil {
			return 0, err
		}
		if err := addHistory(ctx, tx, id, now, actor, "problem", "", strconv.FormatInt(problemID, 10)); err != nil {
			return 0, err
		}
	}
	if n > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE problems SET updated_at = ?, version = version + 1 WHERE id = ?`, now.Unix(), problemID); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// UnlinkIncidents removes tickets from a problem, all or none.
func (s *Store) UnlinkIncidents(ctx context.Context, problemID int64, ticketIDs []int64, actor string) (int, error) {
	if err := s.allow(ctx, actor, PermWrite); err != nil {
		return 0, err
	}
	now := s.now().UTC().Truncate(time.Second)
	n := 0
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if err := problemExists(ctx, tx, problemID); err != nil {
			return err
		}
		for _, id := range ticketIDs {
			res, err := tx.ExecContext(ctx, `DELETE FROM problem_tickets WHERE problem_id = ? AND ticket_id = ?`, problemID, id)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return &FieldError{Field: "ticket", Code: CodeNotIncident, N: id, ID: problemID}
			}
			n++
			if _, err := tx.ExecContext(ctx, `UPDATE tickets SET updated_at = ?, version = version + 1 WHERE id = ?`, now.Unix(), id); err != nil {
				return err
			}
			if err := addHistory(ctx, tx, id, now, actor, "problem", strconv.FormatInt(problemID, 10), ""); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE problems SET updated_at = ?, version = version + 1 WHERE id = ?`, now.Unix(), problemID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("unlink tickets from problem %d: %w", problemID, err)
	}
	return n, nil
}

// UpdateProblem changes a problem; with expectedVersion > 0 it is
// optimistic like ticket updates.
func (s *Store) UpdateProblem(ctx context.Context, id, expectedVersion int64, p ProblemPatch, actor string) (*Problem, error) {
	if err := s.allow(ctx, actor, PermWrite); err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Second)
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		cur, err := scanProblem(tx.QueryRowContext(ctx, `SELECT `+problemColumns+` FROM problems p WHERE p.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return &ProblemNotFoundError{ID: id}
		}
		if err != nil {
			return err
		}
		if expectedVersion > 0 && cur.Version != expectedVersion {
			return &ConflictError{ID: id, Expected: expectedVersion, Actual: cur.Version}
		}
		return s.writeProblem(ctx, tx, cur, p, now)
	})
	if err != nil {
		return nil, fmt.Errorf("update problem %d: %w", id, err)
	}
	return s.Problem(ctx, id)
}

func (s *Store) writeProblem(ctx context.Context, tx *sql.Tx, cur *Problem, p ProblemPatch, now time.Time) error {
	if p.Title != nil {
		if strings.TrimSpace(*p.Title) == "" {
			return refused("title", CodeMissing)
		}
		cur.Title = strings.TrimSpace(*p.Title)
	}
	if p.RootCause != nil {
		cur.RootCause = strings.TrimSpace(*p.RootCause)
	}
	if p.Workaround != nil {
		cur.Workaround = strings.TrimSpace(*p.Workaround)
	}
	for field, v := range map[string]string{"title": cur.Title, "root cause": cur.RootCause, "workaround": cur.Workaround} {
		if err := checkText(field, v, MaxDescriptionLen); err != nil {
			return err
		}
	}
	if p.ArticleID != nil {
		cur.ArticleID = *p.ArticleID
	}
	if p.Status != nil {
		if _, err := ParseProblemStatus(string(*p.Status)); err != nil {
			return err
		}
		if *p.Status == ProblemSolved && cur.SolvedAt == nil {
			cur.SolvedAt = &now
		}
		if *p.Status == ProblemOpen || *p.Status == ProblemKnown {
			cur.SolvedAt = nil
		}
		cur.Status = *p.Status
	}
	_, err := tx.ExecContext(ctx, `UPDATE problems SET title=?, root_cause=?, workaround=?, status=?, article_id=?, solved_at=?, updated_at=?, version = version + 1 WHERE id = ?`,
		cur.Title, cur.RootCause, cur.Workaround, cur.Status, nullID(cur.ArticleID), unixOrNil(cur.SolvedAt), now.Unix(), cur.ID)
	return err
}

// SolveProblem marks a problem solved. With solveIncidents, each of its
// open tickets gets the public follow-up message and is solved, all in the
// same transaction; it returns how many tickets were solved.
func (s *Store) SolveProblem(ctx context.Context, id int64, solveIncidents bool, message, actor string) (int, error) {
	if err := s.allow(ctx, actor, PermWrite); err != nil {
		return 0, err
	}
	message = strings.TrimSpace(message)
	if solveIncidents {
		if message == "" {
			return 0, fmt.Errorf("solve problem %d: %w", id, refused("message", CodeNeedsMessage))
		}
		if err := checkText("message", message, MaxCommentLen); err != nil {
			return 0, fmt.Errorf("solve problem %d: %w", id, err)
		}
	}
	now := s.now().UTC().Truncate(time.Second)
	solved := 0
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		cur, err := scanProblem(tx.QueryRowContext(ctx, `SELECT `+problemColumns+` FROM problems p WHERE p.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return &ProblemNotFoundError{ID: id}
		}
		if err != nil {
			return err
		}
		st := ProblemSolved
		if err := s.writeProblem(ctx, tx, cur, ProblemPatch{Status: &st}, now); err != nil {
			return err
		}
		if !solveIncidents {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT t.id FROM problem_tickets l JOIN tickets t ON t.id = l.ticket_id
			WHERE l.problem_id = ? AND t.is_open = 1 ORDER BY t.id`, id)
		if err != nil {
			return err
		}
		var open []int64
		for rows.Next() {
			var tid int64
			if err := rows.Scan(&tid); err != nil {
				rows.Close()
				return err
			}
			open = append(open, tid)
		}
		rows.Close()
		solvedStatus := StatusSolved
		for _, tid := range open {
			if _, err := commentTx(ctx, tx, tid, actor, message, false, now); err != nil {
				return err
			}
			if _, err := s.updateTx(ctx, tx, tid, 0, Patch{Status: &solvedStatus}, actor, now); err != nil {
				return err
			}
			solved++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("solve problem %d: %w", id, err)
	}
	return solved, nil
}
