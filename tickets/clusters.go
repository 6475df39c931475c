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

// Clusters groups the tickets of the last weeks into recurring issues,
// recurring ones first, then by this week's count.
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
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.title, t.category, t.tags, t.created_at, t.requester_service, t.connection,
		EXISTS (SELECT 1 FROM ticket_articles ta WHERE ta.ticket_id = t.id)
		FROM tickets t WHERE t.created_at >= ? AND t.created_at <= ? ORDER BY t.created_at DESC`, start.Unix(), o.Now.Unix())
	if err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	var list []clusterTicket
	for rows.Next() {
		var t clusterTicket
		var tags string
		if err := rows.Scan(&t.id, &t.title, &t.category, &tags, &t.created, &t.service, &t.conn, &t.hasLink); err != nil {
			rows.Close()
			return nil, fmt.Errorf("clusters: %w", err)
		}
		t.tags = strings.Fields(tags)
		list = append(list, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}

	groups := map[string][]*clusterTicket{}
	labels := map[string]string{}
	for i := range list {
		for _, tag := range list[i].tags {
			groups["tag:"+tag] = append(groups["tag:"+tag], &list[i])
			labels["tag:"+tag] = tag
		}
	}
	wordClusters(list, groups, labels)

	var out []Cluster
	for key, ts := range groups {
		if len(ts) < o.Min {
			continue
		}
		out = append(out, buildCluster(key, labels[key], ts, o))
	}
	out = mergeTwins(out)
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
	return out, nil
}

// mergeTwins folds clusters that are the same tickets under several tags
// (tags that always go together, like box and connexion-lente) into the
// first of them, whose label lists every tag. A small cluster inside a big
// one (camera inside teams) is a more precise issue and stays apart.
func mergeTwins(cs []Cluster) []Cluster {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Tickets != cs[j].Tickets {
			return cs[i].Tickets > cs[j].Tickets
		}
		return cs[i].Key < cs[j].Key
	})
	var out []Cluster
	for _, c := range cs {
		merged := false
		for i := range out {
			if twins(out[i].TicketIDs, c.TicketIDs) {
				out[i].Aliases = append(out[i].Aliases, c.Label)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, c)
		}
	}
	return out
}

// twins: at least 80 % of the larger set is shared.
func twins(a, b []int64) bool {
	small, large := a, b
	if len(small) > len(large) {
		small, large = large, small
	}
	if len(small)*5 < len(large)*4 {
		return false
	}
	in := make(map[int64]bool, len(large))
	for _, id := range large {
		in[id] = true
	}
	shared := 0
	for _, id := range small {
		if in[id] {
			shared++
		}
	}
	return shared*5 >= len(large)*4
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
