package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"golang.org/x/sync/errgroup"
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

// Stats computes the report figures for [from, to) as seen at now. Every
// figure is an aggregate computed by SQLite over the period's index range
// (reading rows one by one into Go costs microseconds each: too much for
// the ten weeks of a large helpdesk), so the cost follows the period, not
// the table.
func (s *Store) Stats(ctx context.Context, from, to, now time.Time) (*Stats, error) {
	from, to = from.UTC(), to.UTC()
	if !to.After(from) {
		return nil, &FieldError{Field: "period", Code: CodeEndBeforeStart, Value: to.Format("2006-01-02"), Other: from.Format("2006-01-02")}
	}
	st := &Stats{From: from, To: to}
	// The sections read different indexes and need nothing of each other:
	// each on its own connection, so that on two cores a long period takes
	// the time of the longest section rather than of all of them.
	// Whether the period holds a large share of the tickets decides how
	// the breakdowns and durations are counted (walking an index in group
	// order, or sorting the period's range).
	var n int
	if s.plan == planAuto {
		q, err := s.unlessDeferred(ctx, `SELECT count(*) FROM tickets INDEXED BY tickets_created WHERE created_at >= ? AND created_at < ?`)
		if err != nil {
			return nil, fmt.Errorf("report: volume: %w", err)
		}
		if err := s.db.QueryRowContext(ctx, q, from.Unix(), to.Unix()).Scan(&n); err != nil {
			return nil, fmt.Errorf("report: volume: %w", err)
		}
	}
	large, err := s.largeShare(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("report: volume: %w", err)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return s.volume(gctx, st, now, large) })
	g.Go(func() (err error) {
		if st.FirstResponse, err = s.durations(gctx, "first_response_at", from.Unix(), to.Unix(), large); err != nil {
			return fmt.Errorf("report: first response: %w", err)
		}
		return nil
	})
	g.Go(func() (err error) {
		if st.Resolution, err = s.durations(gctx, "solved_at", from.Unix(), to.Unix(), large); err != nil {
			return fmt.Errorf("report: resolution: %w", err)
		}
		return nil
	})
	g.Go(func() error { return s.deflection(gctx, st) })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return st, nil
}

// volume counts the tickets created each day and week, the SLA breaches,
// the breakdowns and the backlog.
func (s *Store) volume(ctx context.Context, st *Stats, now time.Time, large bool) error {
	from, to := st.From, st.To
	days := int(to.Sub(from).Hours()/24 + 0.999)
	f, t := from.Unix(), to.Unix()
	// The planner, left alone, picks narrower indexes and reads the table
	// for the other columns; the covering index reads nothing else.
	inPeriod, err := s.unlessDeferred(ctx, `FROM tickets INDEXED BY tickets_report WHERE created_at >= ? AND created_at < ?`)
	if err != nil {
		return fmt.Errorf("report: volume: %w", err)
	}

	// The volume and the SLA breaches are counted day by day, each day a
	// range of the covering index: grouping by day made SQLite sort the
	// period's rows (a million for a long period) to find what the index
	// order already gives.
	perDay := make([]int, days)
	late := make([]int, days)
	err = s.perDay(ctx, `SELECT count(*), COALESCE(SUM(CASE WHEN solved_at > due_at OR (solved_at IS NULL AND is_open = 1 AND status != 'pending' AND due_at < ?) THEN 1 ELSE 0 END), 0)
		`+inPeriod, f, t, days, func(d int, row *sql.Rows) error {
		return row.Scan(&perDay[d], &late[d])
	}, now.Unix())
	if err != nil {
		return fmt.Errorf("report: volume: %w", err)
	}
	for d, n := range perDay {
		st.Created += n
		st.SLABreaches += late[d]
		day := from.Add(time.Duration(d) * 24 * time.Hour)
		st.PerDay = append(st.PerDay, DayCount{Day: day, Count: n})
		if d%7 == 0 {
			st.PerWeek = append(st.PerWeek, DayCount{Day: day})
		}
		st.PerWeek[len(st.PerWeek)-1].Count += n
	}
	// The breakdowns: a short period is the range of tickets_report,
	// grouped through a sorter; when the period holds a large share of the
	// tickets, walking tickets_breakdown (every ticket, already in group
	// order) costs less than sorting them.
	breakdown := `SELECT category, requester_service, connection, count(*) ` + inPeriod + ` GROUP BY 1, 2, 3`
	if large {
		breakdown, err = s.unlessDeferred(ctx, `SELECT category, requester_service, connection, count(*) FROM tickets INDEXED BY tickets_breakdown
			WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2, 3`)
		if err != nil {
			return fmt.Errorf("report: breakdowns: %w", err)
		}
	}
	cats, svcs, conns := map[string]int{}, map[string]int{}, map[string]int{}
	rows, err := s.db.QueryContext(ctx, breakdown, f, t)
	if err != nil {
		return fmt.Errorf("report: breakdowns: %w", err)
	}
	for rows.Next() {
		var cat, svc, conn string
		var n int
		if err := rows.Scan(&cat, &svc, &conn, &n); err != nil {
			rows.Close()
			return fmt.Errorf("report: breakdowns: %w", err)
		}
		cats[cat] += n
		svcs[svc] += n
		conns[conn] += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("report: breakdowns: %w", err)
	}
	st.ByCategory, st.ByService, st.ByConnection = sortedCounts(cats), sortedCounts(svcs), sortedCounts(conns)
	if err := s.backlog(ctx, st, perDay); err != nil {
		return fmt.Errorf("report: backlog: %w", err)
	}
	return nil
}

// deflection counts the tickets solved in the period, those solved with an
// article, and the most-sent articles.
func (s *Store) deflection(ctx context.Context, st *Stats) error {
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(EXISTS (SELECT 1 FROM ticket_articles ta WHERE ta.ticket_id = t.id)), 0)
		FROM tickets t WHERE solved_at >= ? AND solved_at < ?`, st.From.Unix(), st.To.Unix()).Scan(&st.Solved, &st.SolvedWithArticle); err != nil {
		return fmt.Errorf("report: deflection: %w", err)
	}
	arows, err := s.db.QueryContext(ctx, `SELECT article_id, count(*) FROM ticket_articles WHERE linked_at >= ? AND linked_at < ?
		GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT 10`, st.From.Unix(), st.To.Unix())
	if err != nil {
		return fmt.Errorf("report: articles: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var a ArticleCount
		if err := arows.Scan(&a.ArticleID, &a.Tickets); err != nil {
			return err
		}
		st.TopArticles = append(st.TopArticles, a)
	}
	return arows.Err()
}

// reportPlan is how the report counts: planAuto chooses by the share of
// the tickets in the period; tests force each way and compare.
type reportPlan int

const (
	planAuto   reportPlan = iota
	planRanges            // a short period: ranges of the period's indexes, grouped by sorting
	planWalk              // a long one: walk the indexes in group order
)

// largeShare tells whether n tickets are a large share of the table (a
// sixteenth or more of the numbers given so far), where walking a whole
// index in its order beats sorting the period's rows and joining each shown
// cluster's tickets. Measured at 1M tickets: ten weeks (a fifteenth) cost
// 0.36 CPU-s through ranges and sorts, 0.21 s walking; four weeks (a
// thirty-seventh) 0.13 s through ranges, 0.14–0.17 s walking.
func (s *Store) largeShare(ctx context.Context, n int) (bool, error) {
	switch s.plan {
	case planRanges:
		return false, nil
	case planWalk:
		return true, nil
	}
	var maxID int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM tickets`).Scan(&maxID); err != nil {
		return false, err
	}
	return int64(n)*16 >= maxID, nil
}

// perDay runs q, whose last two parameters are a range [start, end) of
// Unix times, once for each of the days from from (the last one ends at
// to), on one prepared statement:
// each day a range of an index, read in order, never a sort. args come
// before the range. scan reads the day's single row.
func (s *Store) perDay(ctx context.Context, q string, from, to int64, days int, scan func(day int, row *sql.Rows) error, args ...any) error {
	stmt, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for d := range days {
		start := from + int64(d)*86400
		rows, err := stmt.QueryContext(ctx, append(args, start, min(start+86400, to))...)
		if err != nil {
			return err
		}
		if rows.Next() {
			err = scan(d, rows)
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// durationIndexes are the indexes that hold each duration in order
// (tickets migration 0012).
var durationIndexes = map[string]string{
	"first_response_at": "tickets_first_response_minutes",
	"solved_at":         "tickets_resolution_minutes",
}

// durationsQuery is the histogram of col − created_at, in minutes, of
// the tickets created in [?, ?).
func durationsQuery(col string, large bool) string {
	if large {
		return `SELECT (` + col + ` - created_at) / 60, count(*) FROM tickets INDEXED BY ` + durationIndexes[col] + `
			WHERE ` + col + ` IS NOT NULL AND created_at >= ? AND created_at < ? GROUP BY 1 ORDER BY 1`
	}
	return `SELECT (` + col + ` - created_at) / 60, count(*) FROM tickets INDEXED BY tickets_report
		WHERE created_at >= ? AND created_at < ? AND ` + col + ` IS NOT NULL GROUP BY 1 ORDER BY 1`
}

// durations gives the median and 90th percentile of col − created_at for
// tickets created in the period, from a histogram to the minute: SQLite
// groups, Go walks a few thousand buckets. A period holding a large share
// of the tickets walks the index of the durations, already in order; a
// short one sorts its own range.
func (s *Store) durations(ctx context.Context, col string, from, to int64, large bool) (Durations, error) {
	var d Durations
	if large {
		// A bulk import into an empty base drops these indexes until its
		// end (they are not in importKeepsIndexes, so that it does not pay
		// for them row by row): meanwhile the period is sorted.
		if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?)`,
			durationIndexes[col]).Scan(&large); err != nil {
			return d, err
		}
	}
	q, err := s.unlessDeferred(ctx, durationsQuery(col, large))
	if err != nil {
		return d, err
	}
	rows, err := s.db.QueryContext(ctx, q, from, to)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	type bucket struct {
		minutes int64
		n       int
	}
	var hist []bucket
	for rows.Next() {
		var b bucket
		if err := rows.Scan(&b.minutes, &b.n); err != nil {
			return d, err
		}
		hist = append(hist, b)
		d.N += b.n
	}
	if err := rows.Err(); err != nil || d.N == 0 {
		return d, err
	}
	at := func(q float64) time.Duration {
		rank, seen := min(d.N-1, int(q*float64(d.N))), 0
		for _, b := range hist {
			seen += b.n
			if seen > rank {
				return time.Duration(b.minutes) * time.Minute
			}
		}
		return time.Duration(hist[len(hist)-1].minutes) * time.Minute
	}
	d.Median, d.P90 = at(0.5), at(0.9)
	return d, nil
}

// backlog: the tickets open at the start of the period are those open now,
// plus those solved since it began, minus those created since (reopened
// tickets aside). Counting from now keeps to recent index ranges instead of
// the whole history; what the period itself holds is the days' counts, so
// only what came after it is counted again. Then each day adds what was
// created and removes what was solved.
func (s *Store) backlog(ctx context.Context, st *Stats, created []int) error {
	solved := make([]int, len(created))
	err := s.perDay(ctx, `SELECT count(*) FROM tickets WHERE solved_at >= ? AND solved_at < ?`,
		st.From.Unix(), st.To.Unix(), len(created), func(d int, row *sql.Rows) error { return row.Scan(&solved[d]) })
	if err != nil {
		return err
	}
	var open int
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM tickets INDEXED BY tickets_open_queue WHERE is_open = 1)
		+ (SELECT count(*) FROM tickets WHERE solved_at >= ?) - (SELECT count(*) FROM tickets WHERE created_at >= ?)`,
		st.To.Unix(), st.To.Unix()).Scan(&open); err != nil {
		return err
	}
	for d := range created {
		open += solved[d] - created[d]
	}
	for d := range created {
		open += created[d] - solved[d]
		st.Backlog = append(st.Backlog, DayCount{Day: st.PerDay[d].Day, Count: max(open, 0)})
	}
	return nil
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
