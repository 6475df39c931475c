package tickets

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"hotline/internal/fts"
	"hotline/internal/text"
)

// RecurringRule marks a cluster as recurring: at least Count tickets in
// the last Days days.
type RecurringRule struct {
	Count int
	Days  int
}

// DefaultRecurringRule is 5 similar tickets in 7 days.
var DefaultRecurringRule = RecurringRule{Count: 5, Days: 7}

// Cluster is a group of recent tickets that are the same issue: they share
// a tag, or, for untagged tickets, a telling word of their title, so that a
// recurring problem shows up before anyone tags it.
type Cluster struct {
	Key         string   // "tag:vpn" or "word:camera"
	Label       string   // what to show: the tag, or the word as agents spell it
	Aliases     []string // other tags on the same tickets
	ByTag       bool
	Category    string // most common category of its tickets
	Tickets     int    // in the whole window
	ThisWeek    int    // the last 7 days
	LastWeek    int    // the 7 days before
	Trend       []int  // one count per week, oldest first, the last is ThisWeek
	InRule      int    // tickets in the rule's last Days days
	Services    []Count
	Connections []Count
	// Linked counts its tickets that have an article: none means a gap in
	// the knowledge base.
	Linked    int
	Recurring bool
	TicketIDs []int64 // newest first
}

// ClusterOptions tune Clusters.
type ClusterOptions struct {
	Now   time.Time
	Weeks int // window, default 10
	Rule  RecurringRule
	Min   int // smallest cluster shown, default 3
	// Limit is how many clusters, from the first, get their details
	// (category, services, connections, ticket numbers) when they are tag
	// clusters: that is what costs, and a screen shows the first ones. 0
	// means all.
	Limit int
}

// Matches reports whether a ticket belongs to the cluster (for marking
// queue rows).
func (c *Cluster) Matches(t *Ticket) bool {
	if c.ByTag {
		return slices.Contains(t.Tags, strings.TrimPrefix(c.Key, "tag:"))
	}
	return len(t.Tags) == 0 && slices.Contains(fts.Stems(t.Title), strings.TrimPrefix(c.Key, "word:"))
}

type clusterTicket struct {
	id       int64
	title    string
	category string
	tags     []string
	created  int64
	service  string
	conn     string
	hasLink  bool
}

// MaxClusterIDs bounds the ticket numbers a cluster carries (newest
// first): enough to open them or make a problem of them, never a whole
// table's worth for a generic tag.
const MaxClusterIDs = 500

// Clusters groups the tickets of the last weeks into recurring issues,
// recurring ones first, then by this week's count. Tag clusters are
// counted by SQLite (index-only over the period); only untagged tickets
// are read, to find the words they share.
func (s *Store) Clusters(ctx context.Context, o ClusterOptions) ([]Cluster, error) {
	if o.Now.IsZero() {
		o.Now = s.now()
	}
	if o.Weeks <= 0 {
		o.Weeks = 10
	}
	if o.Rule.Count <= 0 || o.Rule.Days <= 0 {
		o.Rule = DefaultRecurringRule
	}
	if o.Min <= 0 {
		o.Min = 3
	}
	start := o.Now.Add(-time.Duration(o.Weeks) * 7 * 24 * time.Hour)
	var tagRows int
	if s.plan == planAuto {
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM ticket_tags INDEXED BY ticket_tags_created WHERE created_at >= ? AND created_at <= ?`,
			start.Unix(), o.Now.Unix()).Scan(&tagRows); err != nil {
			return nil, fmt.Errorf("clusters: %w", err)
		}
	}
	// When the window's tags are a large share of the table, one walk of
	// tickets_breakdown (every ticket's groups and tags, in index order)
	// gives both the tag pairs and the shown clusters' details: pairing
	// each tag row with the ticket's other tags cost 0.21 CPU-s for a
	// million tags, and each cluster joining its tickets 0.24 s per 100,000.
	var walk []tagGroup
	if large, err := s.largeShare(ctx, tagRows); err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	} else if large {
		if walk, err = s.walkTagGroups(ctx, start, o.Now); err != nil {
			return nil, fmt.Errorf("clusters: %w", err)
		}
	}
	out, err := s.tagClusters(ctx, o, start, tagRows)
	if err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	var pairs map[string]int
	if walk != nil {
		pairs = pairsOf(walk)
	} else if pairs, err = s.tagPairs(ctx, start, o.Now); err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	out = mergeTwins(out, pairs)
	words, err := s.untaggedClusters(ctx, o, start)
	if err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	out = append(out, words...)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Recurring != b.Recurring {
			return a.Recurring
		}
		if a.ThisWeek != b.ThisWeek {
			return a.ThisWeek > b.ThisWeek
		}
		if a.Tickets != b.Tickets {
			return a.Tickets > b.Tickets
		}
		return a.Key < b.Key
	})
	shown := out
	if o.Limit > 0 && len(shown) > o.Limit {
		shown = shown[:o.Limit]
	}
	if walk != nil {
		describeFromWalk(shown, walk)
	}
	for i := range shown {
		if out[i].ByTag {
			if walk == nil {
				if err := s.describe(ctx, &out[i], start, o.Now); err != nil {
					return nil, fmt.Errorf("clusters: %w", err)
				}
			}
			ids, err := s.clusterIDs(ctx, strings.TrimPrefix(out[i].Key, "tag:"), start, o.Now)
			if err != nil {
				return nil, fmt.Errorf("clusters: %w", err)
			}
			out[i].TicketIDs = ids
		}
	}
	return out, nil
}

func (s *Store) tagClusters(ctx context.Context, o ClusterOptions, start time.Time, tagRows int) ([]Cluster, error) {
	now, ruleStart := o.Now.Unix(), o.Now.Unix()-int64(o.Rule.Days)*86400
	byTag := map[string]*Cluster{}
	cluster := func(tag string) *Cluster {
		c := byTag[tag]
		if c == nil {
			c = &Cluster{Key: "tag:" + tag, Label: tag, ByTag: true, Trend: make([]int, o.Weeks)}
			byTag[tag] = c
		}
		return c
	}
	count := func(c *Cluster, week int64, n, inRule int) {
		c.Tickets += n
		c.InRule += inRule
		if week >= 0 && int(week) < o.Weeks {
			c.Trend[o.Weeks-1-int(week)] += n
		}
	}
	tags, err := s.tagsToCountByRange(ctx, o, tagRows)
	if err != nil {
		return nil, err
	}
	if tags != nil {
		// Each tag, each week: a range of ticket_tags_tag_created.
		weeks, err := s.db.PrepareContext(ctx, `WITH RECURSIVE weeks(w) AS (SELECT 0 UNION ALL SELECT w + 1 FROM weeks WHERE w < ?1)
			SELECT w, (SELECT count(*) FROM ticket_tags INDEXED BY ticket_tags_tag_created
				WHERE tag = ?2 AND created_at > ?3 - (w + 1) * 604800 AND created_at <= ?3 - w * 604800 AND created_at >= ?4)
			FROM weeks`)
		if err != nil {
			return nil, err
		}
		defer weeks.Close()
		inRule, err := s.db.PrepareContext(ctx, `SELECT count(*) FROM ticket_tags INDEXED BY ticket_tags_tag_created
			WHERE tag = ? AND created_at >= ? AND created_at <= ?`)
		if err != nil {
			return nil, err
		}
		defer inRule.Close()
		for _, tag := range tags {
			var r int
			if err := inRule.QueryRowContext(ctx, tag, max(ruleStart, start.Unix()), now).Scan(&r); err != nil {
				return nil, err
			}
			rows, err := weeks.QueryContext(ctx, o.Weeks, tag, now, start.Unix())
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var week int64
				var n int
				if err := rows.Scan(&week, &n); err != nil {
					rows.Close()
					return nil, err
				}
				if n > 0 {
					count(cluster(tag), week, n, r)
					r = 0
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	} else {
		// Counts per tag and week: one index-only scan of the period's
		// tags, grouped through a sorter.
		rows, err := s.db.QueryContext(ctx, `SELECT tag, (? - created_at) / 604800, count(*), SUM(created_at >= ?)
			FROM ticket_tags INDEXED BY ticket_tags_created
			WHERE created_at >= ? AND created_at <= ? GROUP BY 1, 2`, now, ruleStart, start.Unix(), now)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var tag string
			var week int64
			var n, inRule int
			if err := rows.Scan(&tag, &week, &n, &inRule); err != nil {
				rows.Close()
				return nil, err
			}
			count(cluster(tag), week, n, inRule)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	// Tickets with an article: walk the links made since the period began
	// (a ticket's links come after it), not every ticket of the period.
	rows, err := s.db.QueryContext(ctx, `SELECT tt.tag, count(DISTINCT ta.ticket_id)
		FROM ticket_articles ta INDEXED BY ticket_articles_linked
		JOIN ticket_tags tt INDEXED BY ticket_tags_ticket ON tt.ticket_id = ta.ticket_id
		WHERE ta.linked_at >= ? AND tt.created_at >= ? AND tt.created_at <= ? GROUP BY 1`, start.Unix(), start.Unix(), now)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var tag string
		var n int
		if err := rows.Scan(&tag, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if c := byTag[tag]; c != nil {
			c.Linked = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Cluster
	for _, c := range byTag {
		if c.Tickets < o.Min {
			continue
		}
		c.finish(o)
		out = append(out, *c)
	}
	return out, nil
}

// describe fills a tag cluster's category, services and connections from
// its tickets of the period; run only for the clusters that are shown.
func (s *Store) describe(ctx context.Context, c *Cluster, start, end time.Time) error {
	rows, err := s.db.QueryContext(ctx, `SELECT t.category, t.requester_service, t.connection, count(*)
		FROM ticket_tags tt INDEXED BY ticket_tags_tag_created JOIN tickets t ON t.id = tt.ticket_id
		WHERE tt.tag = ? AND tt.created_at >= ? AND tt.created_at <= ? GROUP BY 1, 2, 3`,
		strings.TrimPrefix(c.Key, "tag:"), start.Unix(), end.Unix())
	if err != nil {
		return err
	}
	defer rows.Close()
	cats, svcs, conns := map[string]int{}, map[string]int{}, map[string]int{}
	for rows.Next() {
		var cat, svc, conn string
		var n int
		if err := rows.Scan(&cat, &svc, &conn, &n); err != nil {
			return err
		}
		cats[cat] += n
		svcs[svc] += n
		conns[conn] += n
	}
	c.Services, c.Connections = sortedCounts(svcs), sortedCounts(conns)
	if cc := sortedCounts(cats); len(cc) > 0 {
		c.Category = cc[0].Key
	}
	return rows.Err()
}

// tagsToCountByRange returns the tags whose weekly counts are best read
// as one index range per tag and week, or nil when grouping the window's
// n tag rows costs less: over a long window (a million tags) sorting them
// took 0.7 CPU-s, where a few thousand seeks take 0.15 s; with many tags
// and a short window, the sort is cheaper.
func (s *Store) tagsToCountByRange(ctx context.Context, o ClusterOptions, n int) ([]string, error) {
	if s.plan == planRanges {
		return nil, nil
	}
	// Every tag ever given, one seek each (the key starts with the tag).
	rows, err := s.db.QueryContext(ctx, `WITH RECURSIVE t(tag) AS (SELECT min(tag) FROM ticket_tags
		UNION ALL SELECT (SELECT min(tag) FROM ticket_tags WHERE tag > t.tag) FROM t WHERE t.tag IS NOT NULL)
		SELECT tag FROM t WHERE tag IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tags := []string{}
	for rows.Next() {
		var tag string
		if err := rows.Scan(&tag); err != nil {
			return nil, err
		}
		tags = append(tags, tag)
		// A seek costs about what reading 16 rows in order does.
		if s.plan == planAuto && len(tags)*(o.Weeks+2)*16 >= n {
			return nil, nil
		}
	}
	return tags, rows.Err()
}

// tagGroup is the number of tickets of the window with the same
// category, service, connection and tags (each tag once, sorted).
type tagGroup struct {
	category, service, connection string
	tags                          []string
	n                             int
}

// walkTagGroups walks tickets_breakdown, which holds every ticket already
// in group order, for the tagged tickets created in [start, end].
func (s *Store) walkTagGroups(ctx context.Context, start, end time.Time) ([]tagGroup, error) {
	q, err := s.unlessDeferred(ctx, `SELECT category, requester_service, connection, tags, count(*)
		FROM tickets INDEXED BY tickets_breakdown
		WHERE created_at >= ? AND created_at <= ? AND tags != '' GROUP BY 1, 2, 3, 4`)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, q, start.Unix(), end.Unix())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	walk := []tagGroup{}
	for rows.Next() {
		var g tagGroup
		var tags string
		if err := rows.Scan(&g.category, &g.service, &g.connection, &tags, &g.n); err != nil {
			return nil, err
		}
		g.tags = strings.Fields(tags)
		slices.Sort(g.tags)
		g.tags = slices.Compact(g.tags)
		walk = append(walk, g)
	}
	return walk, rows.Err()
}

// pairsOf counts, for each pair of tags, the tickets of the walk that
// carry both (key "a\x00b" with a < b), as tagPairs does from the tag rows.
func pairsOf(walk []tagGroup) map[string]int {
	out := map[string]int{}
	for _, g := range walk {
		for i, a := range g.tags {
			for _, b := range g.tags[i+1:] {
				out[a+"\x00"+b] += g.n
			}
		}
	}
	return out
}

// describeFromWalk fills the details of the shown tag clusters from the
// walk's groups.
func describeFromWalk(cs []Cluster, walk []tagGroup) {
	want := map[string]int{}
	for i, c := range cs {
		if c.ByTag {
			want[strings.TrimPrefix(c.Key, "tag:")] = i
		}
	}
	type counts struct{ cats, svcs, conns map[string]int }
	by := make([]counts, len(cs))
	for _, g := range walk {
		for _, tag := range g.tags {
			i, ok := want[tag]
			if !ok {
				continue
			}
			c := &by[i]
			if c.cats == nil {
				*c = counts{map[string]int{}, map[string]int{}, map[string]int{}}
			}
			c.cats[g.category] += g.n
			c.svcs[g.service] += g.n
			c.conns[g.connection] += g.n
		}
	}
	for _, i := range want {
		c := &cs[i]
		c.Services, c.Connections = sortedCounts(by[i].svcs), sortedCounts(by[i].conns)
		if cc := sortedCounts(by[i].cats); len(cc) > 0 {
			c.Category = cc[0].Key
		}
	}
}

// finish derives the weekly figures and the recurring flag.
func (c *Cluster) finish(o ClusterOptions) {
	c.ThisWeek = c.Trend[o.Weeks-1]
	if o.Weeks > 1 {
		c.LastWeek = c.Trend[o.Weeks-2]
	}
	c.Recurring = c.InRule >= o.Rule.Count
}

// clusterIDs lists the newest tickets of a tag in the window.
func (s *Store) clusterIDs(ctx context.Context, tag string, start, end time.Time) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT ticket_id FROM ticket_tags INDEXED BY ticket_tags_tag_created
		WHERE tag = ? AND created_at >= ? AND created_at <= ? ORDER BY created_at DESC, ticket_id DESC LIMIT ?`,
		tag, start.Unix(), end.Unix(), MaxClusterIDs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// untaggedClusters reads the untagged tickets of the window (from the
// index of the untagged tickets, so tagged ones are never looked at; the
// tag check stays as a guard) and groups them by shared title words.
func (s *Store) untaggedClusters(ctx context.Context, o ClusterOptions, start time.Time) ([]Cluster, error) {
	q, err := s.unlessDeferred(ctx, `SELECT t.id, t.title, t.category, t.created_at, t.requester_service, t.connection,
		EXISTS (SELECT 1 FROM ticket_articles ta WHERE ta.ticket_id = t.id)
		FROM tickets t INDEXED BY tickets_untagged
		WHERE t.tags = '' AND t.created_at >= ? AND t.created_at <= ? AND NOT EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id)
		ORDER BY t.created_at DESC`)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, q, start.Unix(), o.Now.Unix())
	if err != nil {
		return nil, err
	}
	var list []clusterTicket
	for rows.Next() {
		var t clusterTicket
		if err := rows.Scan(&t.id, &t.title, &t.category, &t.created, &t.service, &t.conn, &t.hasLink); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	groups := map[string][]*clusterTicket{}
	labels := map[string]string{}
	wordClusters(list, groups, labels)
	var out []Cluster
	for key, ts := range groups {
		if len(ts) >= o.Min {
			out = append(out, buildCluster(key, labels[key], ts, o))
		}
	}
	return out, nil
}

// tagPairs counts, for each pair of tags, the tickets of the window that
// carry both (key "a\x00b" with a < b).
func (s *Store) tagPairs(ctx context.Context, start, end time.Time) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.tag, b.tag, count(*)
		FROM ticket_tags a INDEXED BY ticket_tags_created
		JOIN ticket_tags b INDEXED BY ticket_tags_ticket ON b.ticket_id = a.ticket_id AND b.tag > a.tag
		WHERE a.created_at >= ? AND a.created_at <= ? GROUP BY 1, 2`, start.Unix(), end.Unix())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var a, b string
		var n int
		if err := rows.Scan(&a, &b, &n); err != nil {
			return nil, err
		}
		out[a+"\x00"+b] = n
	}
	return out, rows.Err()
}

// mergeTwins folds tag clusters that are the same tickets under several
// tags (tags that always go together, like box and connexion-lente) into
// the largest, whose label lists every tag. A small cluster inside a big
// one (camera inside teams) is a more precise issue and stays apart.
//
// Only the tags that share tickets with a cluster are looked at (the pairs
// counted), so the work follows the pairs, not the square of the number of
// tags: comparing every cluster with every other took minutes with tens of
// thousands of tags.
func mergeTwins(cs []Cluster, pairs map[string]int) []Cluster {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Tickets != cs[j].Tickets {
			return cs[i].Tickets > cs[j].Tickets
		}
		return cs[i].Key < cs[j].Key
	})
	type share struct {
		tag string
		n   int
	}
	neighbours := map[string][]share{}
	for k, n := range pairs {
		a, b, _ := strings.Cut(k, "\x00")
		neighbours[a] = append(neighbours[a], share{b, n})
		neighbours[b] = append(neighbours[b], share{a, n})
	}
	var out []Cluster
	pos := map[string]int{} // label of a kept cluster → its index in out
	for _, c := range cs {
		best := -1
		for _, nb := range neighbours[c.Label] {
			i, ok := pos[nb.tag]
			// Twins: at least 80 % of the larger cluster is shared. The
			// first kept cluster that qualifies takes it.
			if ok && nb.n*5 >= max(out[i].Tickets, c.Tickets)*4 && (best < 0 || i < best) {
				best = i
			}
		}
		if best >= 0 {
			out[best].Aliases = append(out[best].Aliases, c.Label)
			continue
		}
		pos[c.Label] = len(out)
		out = append(out, c)
	}
	return out
}

// wordClusters groups untagged tickets by the word of their title that
// most of them share: each ticket goes to its most shared stem, among
// stems held by at least 3 tickets and by at most a third of them (a
// word everyone uses, like "teams", says nothing of the issue).
func wordClusters(list []clusterTicket, groups map[string][]*clusterTicket, labels map[string]string) {
	var untagged []*clusterTicket
	stems := map[int64][]string{}
	df := map[string]int{}
	spelling := map[string]map[string]int{}
	for i := range list {
		t := &list[i]
		if len(t.tags) > 0 {
			continue
		}
		untagged = append(untagged, t)
		// Split the title as written, to label the cluster with the
		// word as agents spell it ("caméra", not the folded "camera").
		for _, raw := range strings.FieldsFunc(strings.ToLower(t.title), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			w := text.Fold(raw)
			if len(w) < 2 || fts.IsStopword(w) {
				continue
			}
			st := fts.Stem(w)
			if spelling[st] == nil {
				spelling[st] = map[string]int{}
			}
			spelling[st][raw]++
			if slices.Contains(stems[t.id], st) {
				continue
			}
			stems[t.id] = append(stems[t.id], st)
			df[st]++
		}
	}
	maxDF := max(10, len(untagged)/3)
	for _, t := range untagged {
		best, bestDF := "", 0
		for _, st := range stems[t.id] {
			if n := df[st]; n >= 3 && n <= maxDF && (n > bestDF || (n == bestDF && st < best)) {
				best, bestDF = st, n
			}
		}
		if best == "" {
			continue
		}
		key := "word:" + best
		groups[key] = append(groups[key], t)
		if _, ok := labels[key]; !ok {
			labels[key] = commonest(spelling[best])
		}
	}
}

func commonest(m map[string]int) string {
	best, n := "", -1
	for k, v := range m {
		if v > n || (v == n && k < best) {
			best, n = k, v
		}
	}
	return best
}

func buildCluster(key, label string, ts []*clusterTicket, o ClusterOptions) Cluster {
	c := Cluster{Key: key, Label: label, ByTag: strings.HasPrefix(key, "tag:"), Tickets: len(ts), Trend: make([]int, o.Weeks)}
	now := o.Now.Unix()
	ruleStart := now - int64(o.Rule.Days)*86400
	cats, svcs, conns := map[string]int{}, map[string]int{}, map[string]int{}
	for _, t := range ts {
		age := now - t.created
		week := int(age / (7 * 86400))
		if week < o.Weeks {
			c.Trend[o.Weeks-1-week]++
		}
		if t.created >= ruleStart {
			c.InRule++
		}
		cats[t.category]++
		svcs[t.service]++
		conns[t.conn]++
		if t.hasLink {
			c.Linked++
		}
		c.TicketIDs = append(c.TicketIDs, t.id)
	}
	c.ThisWeek = c.Trend[o.Weeks-1]
	if o.Weeks > 1 {
		c.LastWeek = c.Trend[o.Weeks-2]
	}
	c.Recurring = c.InRule >= o.Rule.Count
	c.Services, c.Connections = sortedCounts(svcs), sortedCounts(conns)
	if cc := sortedCounts(cats); len(cc) > 0 {
		c.Category = cc[0].Key
	}
	return c
}
