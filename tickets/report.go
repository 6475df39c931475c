package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"
)

// Count is a key and how many tickets have it.
type Count struct {
	Key   string
	Count int
}

// DayCount is a number for one day (UTC midnight).
type DayCount struct {
	Day   time.Time
	Count int
}

// Durations sums up how long something took.
type Durations struct {
	N      int
	Median time.Duration
	P90    time.Duration
}

// ArticleCount is how many tickets an article was sent to.
type ArticleCount struct {
	ArticleID int64
	Tickets   int
}

// Stats is what the reports show of tickets created (and solved) in
// [From, To).
type Stats struct {
	From, To      time.Time
	Created       int
	PerDay        []DayCount // tickets created each day
	PerWeek       []DayCount // each week, starting on the From weekday
	ByCategory    []Count
	ByService     []Count
	ByConnection  []Count
	FirstResponse Durations
	Resolution    Durations
	// SLABreaches counts tickets created in the period that were solved
	// after their due time, or are still open past it.
	SLABreaches int
	Backlog     []DayCount // open tickets at the end of each day
	// Solved counts tickets solved in the period; SolvedWithArticle those
	// of them that have a linked article (deflection).
	Solved            int
	SolvedWithArticle int
	TopArticles       []ArticleCount // most-sent articles in the period
}

// Stats computes the report figures for [from, to) as seen at now. It reads
// the tickets of the period once, plus two index counts for the backlog at
// its start, so its cost follows the period, not the table.
func (s *Store) Stats(ctx context.Context, from, to, now time.Time) (*Stats, error) {
	from, to = from.UTC(), to.UTC()
	if !to.After(from) {
		return nil, invalid("period", "--to (%s) must be after --from (%s)", to.Format("2006-01-02"), from.Format("2006-01-02"))
	}
	st := &Stats{From: from, To: to}
	days := int(to.Sub(from).Hours()/24 + 0.999)
	perDay := make([]int, days)
	dayOf := func(unixSec int64) int { return int((unixSec - from.Unix()) / 86400) }
	byCat, bySvc, byConn := map[string]int{}, map[string]int{}, map[string]int{}
	var first, resolve []time.Duration
	rows, err := s.db.QueryContext(ctx, `SELECT created_at, first_response_at, solved_at, due_at, status, category, requester_service, connection
		FROM tickets WHERE created_at >= ? AND created_at < ?`, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	for rows.Next() {
		var created, due int64
		var firstAt, solvedAt sql.NullInt64
		var status Status
		var cat, svc, conn string
		if err := rows.Scan(&created, &firstAt, &solvedAt, &due, &status, &cat, &svc, &conn); err != nil {
			rows.Close()
			return nil, fmt.Errorf("report: %w", err)
		}
		st.Created++
		perDay[dayOf(created)]++
		byCat[cat]++
		if svc == "" {
			svc = "?"
		}
		bySvc[svc]++
		byConn[conn]++
		if firstAt.Valid {
			first = append(first, time.Duration(firstAt.Int64-created)*time.Second)
		}
		if solvedAt.Valid {
			resolve = append(resolve, time.Duration(solvedAt.Int64-created)*time.Second)
			if solvedAt.Int64 > due {
				st.SLABreaches++
			}
		} else if status.IsOpen() && status != StatusPending && now.Unix() > due {
			st.SLABreaches++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	for d, n := range perDay {
		day := from.Add(time.Duration(d) * 24 * time.Hour)
		st.PerDay = append(st.PerDay, DayCount{Day: day, Count: n})
		if d%7 == 0 {
			st.PerWeek = append(st.PerWeek, DayCount{Day: day})
		}
		st.PerWeek[len(st.PerWeek)-1].Count += n
	}
	st.ByCategory, st.ByService, st.ByConnection = sortedCounts(byCat), sortedCounts(bySvc), sortedCounts(byConn)
	st.FirstResponse, st.Resolution = summarize(first), summarize(resolve)

	if err := s.backlog(ctx, st, perDay, dayOf); err != nil {
		return nil, fmt.Errorf("report: backlog: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(EXISTS (SELECT 1 FROM ticket_articles ta WHERE ta.ticket_id = t.id)), 0)
		FROM tickets t WHERE solved_at >= ? AND solved_at < ?`, from.Unix(), to.Unix()).Scan(&st.Solved, &st.SolvedWithArticle); err != nil {
		return nil, fmt.Errorf("report: deflection: %w", err)
	}
	arows, err := s.db.QueryContext(ctx, `SELECT article_id, count(*) FROM ticket_articles WHERE linked_at >= ? AND linked_at < ?
		GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT 10`, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("report: articles: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var a ArticleCount
		if err := arows.Scan(&a.ArticleID, &a.Tickets); err != nil {
			return nil, err
		}
		st.TopArticles = append(st.TopArticles, a)
	}
	return st, arows.Err()
}

// backlog: open at the start = created before it − solved before it; then
// each day adds what was created and removes what was solved.
func (s *Store) backlog(ctx context.Context, st *Stats, created []int, dayOf func(int64) int) error {
	var open int
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM tickets WHERE created_at < ?) - (SELECT count(*) FROM tickets WHERE solved_at < ?)`,
		st.From.Unix(), st.From.Unix()).Scan(&open); err != nil {
		return err
	}
	solved := make([]int, len(created))
	rows, err := s.db.QueryContext(ctx, `SELECT solved_at FROM tickets WHERE solved_at >= ? AND solved_at < ?`, st.From.Unix(), st.To.Unix())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return err
		}
		solved[dayOf(at)]++
	}
	for d := range created {
		open += created[d] - solved[d]
		st.Backlog = append(st.Backlog, DayCount{Day: st.PerDay[d].Day, Count: max(open, 0)})
	}
	return rows.Err()
}

func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func summarize(ds []time.Duration) Durations {
	if len(ds) == 0 {
		return Durations{}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return Durations{N: len(ds), Median: at(0.5), P90: at(0.9)}
}
