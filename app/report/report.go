// Package report builds the recurring-issues report from the ticket store
// and the knowledge base: volumes, response times, SLA, backlog, the
// issues that keep coming back and the tutorials that are missing. It is
// shared by `hotline report` and the interface's reports screen.
package report

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"hotline/feedback"
	"hotline/kb"
	"hotline/tickets"
)

// Options choose the period and the recurrence rule.
type Options struct {
	From, To time.Time // default: the ten weeks before Now
	Now      time.Time
	Rule     tickets.RecurringRule
	// TopClusters is how many recurring issues to list (default 10).
	TopClusters int
	// Feedback gives the agents' ratings and self-service answers of the
	// period (*feedback.Store); nil: the report shows none ("—").
	Feedback Feedback
}

// Feedback is what the report needs of the agents' feedback;
// *feedback.Store implements it.
type Feedback interface {
	Between(ctx context.Context, from, to time.Time) (*feedback.Report, error)
}

// Score is the agents' average rating of one category, technician or
// article used on the rated tickets.
type Score struct {
	Key       string  `json:"key,omitempty"` // category or technician ("" for an unassigned ticket)
	ArticleID int64   `json:"article,omitempty"`
	Title     string  `json:"title,omitempty"`
	Ratings   int     `json:"ratings"`
	Average   float64 `json:"average"`
}

// SelfServiceArticle is a tutorial that answered agents before they filed
// anything ("Ce tutoriel a résolu mon problème" on the portal).
type SelfServiceArticle struct {
	ID      int64  `json:"article"`
	Title   string `json:"title"`
	Answers int    `json:"answers"`
}

// Satisfaction is what agents said back through the portal in the period.
type Satisfaction struct {
	Ratings      int
	Average      float64 // 0 when Ratings is 0
	ByCategory   []Score
	ByTechnician []Score
	ByArticle    []Score // articles linked to the rated tickets
	// SelfService counts the self-service answers (deflection before the
	// ticket), ByArticle per tutorial, most first.
	SelfService          int
	SelfServiceByArticle []SelfServiceArticle
}

// feedbackRows bounds each list of the feedback sections.
const feedbackRows = 10

// Article is a most-sent article with its title.
type Article struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Tickets int    `json:"tickets"`
}

// Report is everything the report shows.
type Report struct {
	GeneratedAt time.Time
	From, To    time.Time
	Stats       *tickets.Stats
	Clusters    []tickets.Cluster // top recurring issues, recurring first
	// Gaps are clusters whose tickets have no linked article: a tutorial
	// to write.
	Gaps           []tickets.Cluster
	MissedSearches []kb.MissedSearch
	TopArticles    []Article
	Rule           tickets.RecurringRule
	// Satisfaction is the agents' ratings and self-service answers
	// (zero when none, or built without Options.Feedback).
	Satisfaction Satisfaction
}

// Deflection is the share of solved tickets solved with a linked article.
func (r *Report) Deflection() float64 {
	if r.Stats.Solved == 0 {
		return 0
	}
	return float64(r.Stats.SolvedWithArticle) / float64(r.Stats.Solved)
}

// Articles is what the report needs of the knowledge base; *kb.Store
// implements it.
type Articles interface {
	MissedSearches(ctx context.Context, since time.Time, limit int) ([]kb.MissedSearch, error)
	Get(ctx context.Context, id int64) (*kb.Article, error)
}

// Tickets is what the report needs of the tickets; *tickets.Store
// implements it.
type Tickets interface {
	Stats(ctx context.Context, from, to, now time.Time) (*tickets.Stats, error)
	Clusters(ctx context.Context, o tickets.ClusterOptions) ([]tickets.Cluster, error)
}

// Build computes the report.
func Build(ctx context.Context, ts Tickets, ks Articles, o Options) (*Report, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = o.Now.UTC()
	if o.To.IsZero() {
		o.To = o.Now.Truncate(24 * time.Hour).Add(24 * time.Hour)
	}
	if o.From.IsZero() {
		o.From = o.To.Add(-10 * 7 * 24 * time.Hour)
	}
	if o.Rule.Count <= 0 || o.Rule.Days <= 0 {
		o.Rule = tickets.DefaultRecurringRule
	}
	if o.TopClusters <= 0 {
		o.TopClusters = 10
	}
	r := &Report{GeneratedAt: o.Now, From: o.From.UTC(), To: o.To.UTC(), Rule: o.Rule}
	weeks := max(1, int(o.To.Sub(o.From).Hours()/24/7+0.5))
	end := o.To
	if end.After(o.Now) {
		end = o.Now
	}
	// The figures and the recurring issues read different indexes and
	// neither needs the other: each on its own connection, so that a long
	// period takes the time of the longer of the two, not of both, on a
	// machine with two cores.
	var clusters []tickets.Cluster
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		r.Stats, err = ts.Stats(gctx, o.From, o.To, o.Now)
		return err
	})
	g.Go(func() (err error) {
		clusters, err = ts.Clusters(gctx, tickets.ClusterOptions{Now: end, Weeks: weeks, Rule: o.Rule, Limit: o.TopClusters})
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var err error
	for _, c := range clusters {
		if c.Linked == 0 && (c.Recurring || c.Tickets >= o.Rule.Count) {
			r.Gaps = append(r.Gaps, c)
		}
	}
	r.Clusters = clusters[:min(len(clusters), o.TopClusters)]
	if r.MissedSearches, err = ks.MissedSearches(ctx, o.From, 10); err != nil {
		return nil, fmt.Errorf("report: missed searches: %w", err)
	}
	for _, a := range r.Stats.TopArticles {
		art := Article{ID: a.ArticleID, Tickets: a.Tickets, Title: fmt.Sprintf("(article %d)", a.ArticleID)}
		if got, err := ks.Get(ctx, a.ArticleID); err == nil {
			art.Title, art.URL = got.Title, got.URL
		}
		r.TopArticles = append(r.TopArticles, art)
	}
	if o.Feedback != nil {
		if err := r.addFeedback(ctx, o.Feedback, ks); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// addFeedback fills Satisfaction with the period's ratings and
// self-service answers, articles named by their titles.
func (r *Report) addFeedback(ctx context.Context, fs Feedback, ks Articles) error {
	fb, err := fs.Between(ctx, r.From, r.To)
	if err != nil {
		return fmt.Errorf("report: agents' feedback: %w", err)
	}
	titles := map[int64]string{}
	title := func(id int64) string {
		if t, ok := titles[id]; ok {
			return t
		}
		t := fmt.Sprintf("(article %d)", id)
		if got, err := ks.Get(ctx, id); err == nil {
			t = got.Title
		}
		titles[id] = t
		return t
	}
	scores := func(in []feedback.Score, articles bool) []Score {
		var out []Score
		for _, s := range in[:min(len(in), feedbackRows)] {
			sc := Score{Key: s.Key, Ratings: s.Count, Average: s.Average}
			if articles {
				sc.ArticleID, sc.Title = s.ID, title(s.ID)
			}
			out = append(out, sc)
		}
		return out
	}
	s := &r.Satisfaction
	s.Ratings, s.Average = fb.Ratings, fb.Average
	s.ByCategory = scores(fb.ByCategory, false)
	s.ByTechnician = scores(fb.ByTechnician, false)
	s.ByArticle = scores(fb.ByArticle, true)
	s.SelfService = fb.SelfService
	for _, d := range fb.Deflections[:min(len(fb.Deflections), feedbackRows)] {
		s.SelfServiceByArticle = append(s.SelfServiceByArticle, SelfServiceArticle{ID: d.ArticleID, Title: title(d.ArticleID), Answers: d.Count})
	}
	return nil
}
