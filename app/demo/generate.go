// Package demo writes a realistic, deterministic demo database: agents of a
// French communauté urbaine, ten weeks of tickets with recurring clusters,
// technicians' follow-ups and history, and a knowledge base of French
// tutorials and videos (with WebVTT transcripts) linked to the tickets.
package demo

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"hotline/kb"
	"hotline/tickets"
)

//go:embed content
var content embed.FS

// Content is the demo knowledge base: Markdown tutorials and WebVTT
// transcripts, as `hotline kb import` reads them from a folder.
func Content() fs.FS {
	sub, err := fs.Sub(content, "content")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

// Options tune the demo.
type Options struct {
	// Now anchors the ten weeks of tickets; the demo's content is the same
	// for a given seed, its dates follow Now.
	Now  time.Time
	Seed int64
	// Tickets is how many tickets to write (default 400).
	Tickets int
	// Me is the login of whoever writes the demo: added to the technicians
	// as admin, so they can take tickets and set the team up.
	Me string
}

// Summary counts what was written.
type Summary struct {
	Tickets, Comments, Links, Articles, Videos int
}

// Weeks of history the demo covers.
const Weeks = 10

// Generate writes the demo into an empty, migrated database.
func Generate(ctx context.Context, sqldb *sql.DB, opts Options) (Summary, error) {
	var sum Summary
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	opts.Now = opts.Now.UTC().Truncate(time.Minute)
	if opts.Seed == 0 {
		opts.Seed = 2026
	}
	if opts.Tickets <= 0 {
		opts.Tickets = 400
	}
	// The store's clock is moved to each event's time, so follow-ups,
	// history and SLA times read as if the weeks had really passed.
	var clock time.Time
	now := func() time.Time { return clock }
	ts := tickets.NewStore(sqldb, tickets.Options{Now: now})
	ks := kb.NewStore(sqldb, kb.Options{Links: ts, Now: func() time.Time { return opts.Now }})

	clock = opts.Now.Add(-Weeks * 7 * 24 * time.Hour)
	for _, t := range technicians {
		if _, err := ts.AddTechnician(ctx, tickets.NewTechnician{Login: t, Name: technicianNames[t]}); err != nil {
			return sum, fmt.Errorf("demo: add technician %s: %w", t, err)
		}
	}
	if opts.Me != "" && !slices.Contains(technicians, opts.Me) {
		if _, err := ts.AddTechnician(ctx, tickets.NewTechnician{Login: opts.Me, Name: opts.Me, Role: tickets.RoleAdmin}); err != nil && !errors.Is(err, tickets.ErrInvalid) {
			return sum, fmt.Errorf("demo: add technician %s: %w", opts.Me, err)
		}
	}
	rep, err := ks.ImportFS(ctx, Content(), ".", kb.ImportOptions{})
	if err != nil {
		return sum, fmt.Errorf("demo: import tutorials: %w", err)
	}
	if rep.Failed > 0 {
		return sum, fmt.Errorf("demo: import tutorials: %v", rep.Errors)
	}
	articles, err := articleIDs(ctx, ks)
	if err != nil {
		return sum, err
	}
	for _, a := range articles {
		sum.Articles++
		if a.kind == kb.KindVideo {
			sum.Videos++
		}
	}

	g := &generator{rng: rand.New(rand.NewSource(opts.Seed)), now: opts.Now, articles: articles}
	plans := g.plan(opts.Tickets)
	for _, p := range plans {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		clock = p.created
		t, err := ts.Create(ctx, p.ticket, p.ticket.Requester.Name)
		if err != nil {
			return sum, fmt.Errorf("demo: create ticket %q: %w", p.ticket.Title, err)
		}
		sum.Tickets++
		for _, ev := range p.events {
			clock = ev.at
			switch {
			case ev.comment != "":
				if _, err := ts.Comment(ctx, t.ID, ev.actor, ev.comment, ev.private); err != nil {
					return sum, fmt.Errorf("demo: comment on #%d: %w", t.ID, err)
				}
				sum.Comments++
			case ev.article != 0:
				if err := ts.Link(ctx, t.ID, ev.article, ev.actor); err != nil {
					return sum, fmt.Errorf("demo: link #%d: %w", t.ID, err)
				}
				sum.Links++
			default:
				if _, err := ts.Update(ctx, t.ID, 0, ev.patch, ev.actor); err != nil {
					return sum, fmt.Errorf("demo: update #%d: %w", t.ID, err)
				}
			}
		}
	}
	for _, q := range missedSearches {
		if _, err := ks.Search(ctx, q, kb.SearchOptions{}); err != nil {
			return sum, fmt.Errorf("demo: search %q: %w", q, err)
		}
	}
	return sum, nil
}

type articleRef struct {
	id   int64
	kind kb.Kind
	url  string
}

// articleIDs maps each content slug to its imported article.
func articleIDs(ctx context.Context, ks *kb.Store) (map[string]articleRef, error) {
	out := map[string]articleRef{}
	var after int64
	for {
		page, err := ks.List(ctx, kb.ListOptions{Limit: 200, AfterID: after})
		if err != nil {
			return nil, fmt.Errorf("demo: list articles: %w", err)
		}
		for _, a := range page {
			slug := strings.TrimSuffix(path.Base(a.Source), path.Ext(a.Source))
			out[slug] = articleRef{id: a.ID, kind: a.Kind, url: a.URL}
			after = a.ID
		}
		if len(page) < 200 {
			return out, nil
		}
	}
}

type event struct {
	at      time.Time
	actor   string
	patch   tickets.Patch
	comment string
	private bool
	article int64
}

type ticketPlan struct {
	created time.Time
	ticket  tickets.NewTicket
	events  []event
}

type generator struct {
	rng      *rand.Rand
	now      time.Time
	articles map[string]articleRef
}

func (g *generator) pick(list []string) string { return list[g.rng.Intn(len(list))] }

func (g *generator) between(r [2]int) int {
	lo, hi := r[0], r[1]
	if lo < 1 {
		lo = 1
	}
	if hi < lo {
		hi = lo
	}
	return lo + g.rng.Intn(hi-lo+1)
}

// spikes make clusters recur the way they do in real life: a VPN outage
// week, a Windows update breaking cameras, a password-expiry campaign.
var spikes = map[string][]int{
	"vpn-connexion":   {6, 7},
	"vpn-deconnexion": {6, 7},
	"teams-camera":    {8, 9},
	"teams-micro":     {8, 9},
	"mot-de-passe":    {3},
	"partage-4g":      {4, 5, 9},
	"connexion-lente": {4, 5, 9},
	"onedrive-sync":   {2, 9},
	// parapheur-signature is only drawn in its spike weeks: it is new.
	"parapheur-signature": {8, 9},
}

// onlyInSpikes are scenarios that do not exist before their spike weeks.
var onlyInSpikes = map[string]bool{"parapheur-signature": true}

// missedSearches are what technicians typed without finding an article:
// the reports list them as tutorials to write.
var missedSearches = []string{"parapheur signature", "signer parapheur", "badge parking", "imprimante 3D", "parapheur certificat"}

// plan draws every ticket and its life, sorted by creation time.
func (g *generator) plan(n int) []ticketPlan {
	start := g.now.Add(-Weeks * 7 * 24 * time.Hour)
	total := 0
	for _, s := range scenarios {
		total += s.Weight
	}
	plans := make([]ticketPlan, 0, n)
	for i := 0; i < n; i++ {
		// Later weeks have a bit more tickets (more agents work from
		// home each month): week w is kept with probability 0.6 + 0.4·w/10.
		week := g.rng.Intn(Weeks)
		for g.rng.Float64() > 0.6+0.4*float64(week)/Weeks {
			week = g.rng.Intn(Weeks)
		}
		sc := g.scenarioFor(week, total)
		created := start.Add(time.Duration(week)*7*24*time.Hour + g.workTime())
		if created.After(g.now) {
			created = g.now.Add(-time.Duration(g.rng.Intn(180)+5) * time.Minute)
		}
		plans = append(plans, g.ticket(sc, created))
	}
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].created.Before(plans[j].created) })
	return plans
}

func (g *generator) scenarioFor(week, total int) Scenario {
	for tries := 0; ; tries++ {
		r := g.rng.Intn(total)
		for _, s := range scenarios {
			if r < s.Weight {
				boost := 1
				for _, w := range spikes[s.Key] {
					if w == week {
						boost = 3
					}
				}
				if onlyInSpikes[s.Key] && boost == 1 {
					break
				}
				if boost > 1 || tries >= 2 || g.rng.Intn(3) == 0 {
					return s
				}
				break
			}
			r -= s.Weight
		}
	}
}

// workTime is an offset within a week, on a weekday between 8:00 and 18:00.
func (g *generator) workTime() time.Duration {
	day := g.rng.Intn(5)
	minute := 8*60 + g.rng.Intn(10*60)
	return time.Duration(day)*24*time.Hour + time.Duration(minute)*time.Minute
}

func (g *generator) ticket(sc Scenario, created time.Time) ticketPlan {
	agent := agents[g.rng.Intn(len(agents))]
	conn := agent.Connection
	if sc.Connection != "" && g.rng.Intn(4) != 0 {
		conn = sc.Connection
	}
	n := tickets.NewTicket{
		Title:       g.pick(sc.Titles),
		Description: g.pick(sc.Descriptions),
		Requester:   tickets.Requester{Name: agent.Name, Service: agent.Service, Email: agent.Email, Phone: agent.Phone},
		Connection:  conn,
		Device:      agent.Device,
		Category:    sc.Category,
		Urgency:     g.between(sc.Urgency),
		Impact:      g.between(sc.Impact),
		CreatedAt:   &created,
	}
	age := g.now.Sub(created)
	p := ticketPlan{created: created, ticket: n}
	// Tickets from the last days are often still waiting for triage: no
	// category chosen by the agent, no tags, nobody assigned.
	if age < 6*24*time.Hour && g.rng.Intn(5) < 3 {
		p.ticket.Category = ""
		p.ticket.Urgency, p.ticket.Impact = 3, 3
		return p
	}
	if g.rng.Intn(5) != 0 {
		p.ticket.Tags = sc.Tags
	}
	tech := g.pick(technicians)
	at := created.Add(time.Duration(10+g.rng.Intn(120)) * time.Minute)
	add := func(ev event) bool {
		if ev.at.After(g.now) {
			return false
		}
		ev.actor = tech
		p.events = append(p.events, ev)
		return true
	}
	if !add(event{at: at, patch: tickets.Patch{Assignee: &tech}}) {
		return p
	}
	at = at.Add(time.Duration(5+g.rng.Intn(60)) * time.Minute)
	if !add(event{at: at, comment: g.pick(sc.Replies)}) {
		return p
	}
	if g.rng.Intn(4) == 0 {
		at = at.Add(time.Duration(g.rng.Intn(90)) * time.Minute)
		add(event{at: at, comment: g.pick(privateNotes), private: true})
	}
	// The fate of the ticket depends on its age: old ones are solved or
	// closed, recent ones still in progress.
	var article int64
	if len(sc.Articles) > 0 {
		if a, ok := g.articles[g.pick(sc.Articles)]; ok {
			article = a.id
		}
	}
	if article != 0 && g.rng.Intn(10) < 7 {
		at = at.Add(time.Duration(1+g.rng.Intn(30)) * time.Minute)
		add(event{at: at, article: article})
	}
	// Recent tickets are mostly still open; a few old ones linger, as
	// they do in every queue.
	stillOpen := 6
	switch {
	case age < 3*24*time.Hour:
		stillOpen = 85
	case age < 14*24*time.Hour:
		stillOpen = 35
	}
	switch r := g.rng.Intn(100); {
	case r < stillOpen:
		// still being worked on
		if g.rng.Intn(3) == 0 {
			st := tickets.StatusPending
			add(event{at: at.Add(time.Hour), patch: tickets.Patch{Status: &st}})
		} else if g.rng.Intn(3) == 0 {
			st := tickets.StatusPlanned
			add(event{at: at.Add(time.Hour), patch: tickets.Patch{Status: &st}})
		}
	default:
		st := tickets.StatusSolved
		at = at.Add(time.Duration(1+g.rng.Intn(48)) * time.Hour)
		if !add(event{at: at, patch: tickets.Patch{Status: &st}}) {
			return p
		}
		if age > 10*24*time.Hour {
			cl := tickets.StatusClosed
			add(event{at: at.Add(7 * 24 * time.Hour), patch: tickets.Patch{Status: &cl}})
		}
	}
	return p
}
