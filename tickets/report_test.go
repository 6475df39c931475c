package tickets

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestStatsOnKnownData(t *testing.T) {
	c := newClock() // 2026-11-02 09:00 UTC, a Monday
	s, _ := openStore(t, c)
	ctx := context.Background()
	from := c.t.Truncate(24 * time.Hour)
	// A ticket from before the period, still open: the starting backlog.
	mustCreate(t, s, NewTicket{Title: "ancien", CreatedAt: ptr(from.Add(-48 * time.Hour))})
	// Day 0: three tickets; one answered after 30 min and solved after 2 h.
	a := mustCreate(t, s, NewTicket{Title: "vpn", Category: "Réseau/VPN", Connection: "4g", Requester: Requester{Service: "Voirie"}})
	mustCreate(t, s, NewTicket{Title: "teams", Category: "Teams", Connection: "home", Requester: Requester{Service: "Voirie"}})
	mustCreate(t, s, NewTicket{Title: "teams 2", Category: "Teams", Connection: "4g", Requester: Requester{Service: "RH"}, Urgency: 5, Impact: 5})
	c.advance(30 * time.Minute)
	s.Comment(ctx, a.ID, "bob", "je regarde", false)
	s.Link(ctx, a.ID, 7, "bob")
	c.advance(90 * time.Minute)
	s.Update(ctx, a.ID, 0, Patch{Status: ptr(StatusSolved)}, "bob")
	// Day 2: one more ticket.
	c.advance(48 * time.Hour)
	mustCreate(t, s, NewTicket{Title: "imprimante", Category: "Impression", Connection: "home", Requester: Requester{Service: "RH"}})
	now := from.Add(3 * 24 * time.Hour)
	st, err := s.Stats(ctx, from, from.Add(3*24*time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	if st.Created != 4 || len(st.PerDay) != 3 || st.PerDay[0].Count != 3 || st.PerDay[1].Count != 0 || st.PerDay[2].Count != 1 {
		t.Errorf("volume: %d, per day %+v", st.Created, st.PerDay)
	}
	if st.ByCategory[0] != (Count{"Teams", 2}) || st.ByConnection[0] != (Count{"4g", 2}) || len(st.ByService) != 2 {
		t.Errorf("breakdowns: %+v %+v %+v", st.ByCategory, st.ByConnection, st.ByService)
	}
	if st.FirstResponse.N != 1 || st.FirstResponse.Median != 30*time.Minute || st.Resolution.Median != 2*time.Hour {
		t.Errorf("durations: first %+v resolution %+v", st.FirstResponse, st.Resolution)
	}
	// The P5 ticket (8 h) is open and past due at now; the others are P3 (3 days).
	if st.SLABreaches != 1 {
		t.Errorf("SLA breaches = %d, want 1", st.SLABreaches)
	}
	// Backlog: 1 before, +3 -1 on day 0, +0 on day 1, +1 on day 2.
	want := []int{3, 3, 4}
	for i, w := range want {
		if st.Backlog[i].Count != w {
			t.Errorf("backlog day %d = %d, want %d", i, st.Backlog[i].Count, w)
		}
	}
	if st.Solved != 1 || st.SolvedWithArticle != 1 || len(st.TopArticles) != 1 || st.TopArticles[0] != (ArticleCount{7, 1}) {
		t.Errorf("deflection %d/%d, articles %+v", st.SolvedWithArticle, st.Solved, st.TopArticles)
	}
	if _, err := s.Stats(ctx, now, from, now); err == nil {
		t.Error("a period ending before it starts was accepted")
	}
}

func TestClustersFindRecurringIssues(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	ctx := context.Background()
	// Six VPN tickets tagged this week: recurring (5 in 7 days).
	for i := 0; i < 6; i++ {
		c.advance(time.Hour)
		mustCreate(t, s, NewTicket{Title: "VPN coupé", Tags: []string{"vpn"}, Connection: "4g", Requester: Requester{Service: "Voirie"}})
	}
	// Untagged camera tickets: found by their shared word, not recurring
	// (two last week, two this week).
	c.advance(-10 * 24 * time.Hour)
	for _, title := range []string{"ma caméra ne marche pas", "caméra noire"} {
		mustCreate(t, s, NewTicket{Title: title, Category: "Teams"})
	}
	c.advance(10 * 24 * time.Hour)
	for _, title := range []string{"Teams: plus de caméra", "caméras éteintes en réunion"} {
		c.advance(time.Minute)
		cam := mustCreate(t, s, NewTicket{Title: title, Category: "Teams"})
		if title == "caméras éteintes en réunion" {
			s.Link(ctx, cam.ID, 3, "bob")
		}
	}
	// Noise: distinct one-offs.
	for _, title := range []string{"clavier qwerty", "souris cassée", "écran bleu", "imprimante bloquée", "badge perdu", "logiciel paie lent"} {
		mustCreate(t, s, NewTicket{Title: title})
	}
	cl, err := s.Clusters(ctx, ClusterOptions{Now: c.t})
	if err != nil {
		t.Fatal(err)
	}
	if len(cl) != 2 {
		t.Fatalf("clusters: %+v", cl)
	}
	vpn, cam := cl[0], cl[1]
	if vpn.Key != "tag:vpn" || !vpn.Recurring || vpn.ThisWeek != 6 || vpn.Tickets != 6 || vpn.Linked != 0 ||
		vpn.Connections[0] != (Count{"4g", 6}) || vpn.Services[0] != (Count{"Voirie", 6}) {
		t.Errorf("vpn cluster: %+v", vpn)
	}
	if cam.Key != "word:camera" || cam.Label != "caméra" || cam.Recurring || cam.Tickets != 4 || cam.ThisWeek != 2 || cam.LastWeek != 2 ||
		cam.Linked != 1 || cam.Category != "Teams" {
		t.Errorf("camera cluster: %+v", cam)
	}
	if cam.Trend[len(cam.Trend)-1] != 2 || cam.Trend[len(cam.Trend)-2] != 2 {
		t.Errorf("trend: %v", cam.Trend)
	}
	tk, _ := s.Get(ctx, cam.TicketIDs[0])
	if !cam.Matches(tk) || vpn.Matches(tk) {
		t.Error("Matches disagrees with the cluster's tickets")
	}
	// A stricter rule: 10 in 7 days marks nothing.
	cl, _ = s.Clusters(ctx, ClusterOptions{Now: c.t, Rule: RecurringRule{Count: 10, Days: 7}})
	for _, k := range cl {
		if k.Recurring {
			t.Errorf("%s recurring under a 10-in-7-days rule", k.Key)
		}
	}
}

// reportBase is 3,000 generated tickets and, in the last days before now,
// two recurring issues: tagged (vpn, teams; a third solved) and untagged.
func reportBase(t *testing.T) (s *Store, now time.Time) {
	t.Helper()
	c := newClock()
	s, d := openStore(t, c)
	ctx := context.Background()
	if err := Generate(ctx, d.DB, 3000, 7); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 10, 28, 9, 0, 0, 0, time.UTC)
	for i := range 12 {
		tk := mustCreate(t, s, NewTicket{Title: fmt.Sprintf("vpn et teams coupés %d", i), Category: "Teams", Connection: "vpn",
			Requester: Requester{Service: "Voirie"}, Tags: []string{"vpn", "teams"}})
		if i%3 == 0 {
			s.Update(ctx, tk.ID, 0, Patch{Status: ptr(StatusSolved)}, "bob")
		}
		mustCreate(t, s, NewTicket{Title: fmt.Sprintf("caméra noire en réunion %d", i), Category: "Matériel", Connection: "home"})
		c.advance(7 * time.Hour)
	}
	return s, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
}

// The report counts a long period by walking indexes in group order and a
// short one by sorting the period's rows: both ways give the same report,
// over a long and a short period, tickets with several tags or none
// included.
func TestReportSameFiguresWhicheverWayItCounts(t *testing.T) {
	s, now := reportBase(t)
	ctx := context.Background()
	for _, from := range []time.Time{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), now.Add(-10 * 7 * 24 * time.Hour)} {
		var got [2]*Stats
		var cls [2][]Cluster
		for i, plan := range []reportPlan{planRanges, planWalk} {
			s.plan = plan
			var err error
			if got[i], err = s.Stats(ctx, from, now, now); err != nil {
				t.Fatal(err)
			}
			weeks := int(now.Sub(from).Hours()/24/7 + 0.5)
			if cls[i], err = s.Clusters(ctx, ClusterOptions{Now: now, Weeks: weeks, Limit: 10}); err != nil {
				t.Fatal(err)
			}
		}
		s.plan = planAuto
		if got[0].Created < 100 || len(cls[0]) < 3 {
			t.Fatalf("from %s: too little to compare: %d tickets, %d clusters", from, got[0].Created, len(cls[0]))
		}
		if !reflect.DeepEqual(got[0], got[1]) {
			t.Errorf("from %s: stats differ:\nsorted %+v\nwalked %+v", from, got[0], got[1])
		}
		if !reflect.DeepEqual(cls[0], cls[1]) {
			t.Errorf("from %s: clusters differ:\nsorted %+v\nwalked %+v", from, cls[0], cls[1])
		}
	}
}

// Untagged tickets are found through the index of untagged tickets
// (tickets migration 0011): a ticket that gets a tag leaves its word's
// cluster for the tag's, one whose tags are all removed joins the word's,
// and a renamed tag moves nothing between the two.
func TestUntaggedClustersFollowTagChanges(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	ctx := context.Background()
	var ids []int64
	for _, title := range []string{"imprimante bloquée", "l'imprimante ne sort rien", "imprimante en erreur", "imprimante hors ligne"} {
		c.advance(time.Hour)
		ids = append(ids, mustCreate(t, s, NewTicket{Title: title, Category: "Impression"}).ID)
	}
	tagged := mustCreate(t, s, NewTicket{Title: "imprimante du 2e étage", Category: "Impression", Tags: []string{"etage2"}})
	cluster := func(key string) *Cluster {
		t.Helper()
		cl, err := s.Clusters(ctx, ClusterOptions{Now: c.t, Min: 2})
		if err != nil {
			t.Fatal(err)
		}
		for i := range cl {
			if cl[i].Key == key {
				return &cl[i]
			}
		}
		return nil
	}
	if w := cluster("word:imprimant"); w == nil || w.Tickets != 4 {
		t.Fatalf("4 untagged printer tickets: %+v", w)
	}
	for _, id := range ids[:2] {
		if _, err := s.Update(ctx, id, 0, Patch{AddTags: []string{"imprimante"}}, "bob"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Update(ctx, tagged.ID, 0, Patch{RemoveTags: []string{"etage2"}}, "bob"); err != nil {
		t.Fatal(err)
	}
	if w := cluster("word:imprimant"); w == nil || w.Tickets != 3 || slices.Contains(w.TicketIDs, ids[0]) || !slices.Contains(w.TicketIDs, tagged.ID) {
		t.Fatalf("after tagging two and untagging one, the word's cluster: %+v", w)
	}
	if g := cluster("tag:imprimante"); g == nil || g.Tickets != 2 {
		t.Fatalf("the tag's cluster: %+v", g)
	}
	if _, err := s.RenameTag(ctx, "imprimante", "printer", "bob"); err != nil {
		t.Fatal(err)
	}
	if w := cluster("word:imprimant"); w == nil || w.Tickets != 3 {
		t.Fatalf("after renaming the tag, the word's cluster: %+v", w)
	}
}

// Over a long period the response and resolution times walk the indexes
// that hold the durations in order: no sort of the period's tickets, and
// no table read for each of them.
func TestLongPeriodDurationsWalkTheirIndexes(t *testing.T) {
	s, d := openStore(t, newClock())
	ctx := context.Background()
	if err := Generate(ctx, d.DB, 300, 3); err != nil {
		t.Fatal(err)
	}
	for col, index := range durationIndexes {
		p := queryPlan(t, d.DB, durationsQuery(col, true), 0, 1)
		t.Log(p)
		if !strings.Contains(p, "COVERING INDEX "+index) || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s: the long period's histogram does not walk %s alone: %s", col, index, p)
		}
	}
	// Both ways give the same times (the rest of the report is compared
	// in TestReportSameFiguresWhicheverWayItCounts).
	from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Unix()
	for col := range durationIndexes {
		walked, err := s.durations(ctx, col, from, to, true)
		if err != nil {
			t.Fatal(err)
		}
		sorted, err := s.durations(ctx, col, from, to, false)
		if err != nil {
			t.Fatal(err)
		}
		if walked != sorted || walked.N == 0 {
			t.Errorf("%s: walked %+v, sorted %+v", col, walked, sorted)
		}
		// While a bulk import has dropped the index, the period is sorted.
		if _, err := d.Exec(`DROP INDEX ` + durationIndexes[col]); err != nil {
			t.Fatal(err)
		}
		without, err := s.durations(ctx, col, from, to, true)
		if err != nil || without != sorted {
			t.Errorf("%s without its index: %+v (%v), want %+v", col, without, err, sorted)
		}
	}
}

// While a bulk import runs, the reports' indexes are
// dropped until its end: a report asked for meanwhile (by the interface
// of another technician, the CLI) gives the same figures and clusters,
// whichever way it counts, instead of failing on a missing index.
func TestReportsWhileABulkImportHasDroppedTheirIndexes(t *testing.T) {
	s, now := reportBase(t)
	ctx := context.Background()
	type result struct {
		stats    *Stats
		clusters []Cluster
	}
	report := func(from time.Time, plan reportPlan) (result, error) {
		s.plan = plan
		defer func() { s.plan = planAuto }()
		var r result
		var err error
		if r.stats, err = s.Stats(ctx, from, now, now); err != nil {
			return r, err
		}
		weeks := int(now.Sub(from).Hours()/24/7 + 0.5)
		r.clusters, err = s.Clusters(ctx, ClusterOptions{Now: now, Weeks: weeks, Limit: 10})
		return r, err
	}
	periods := []time.Time{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), now.Add(-10 * 7 * 24 * time.Hour)}
	plans := []reportPlan{planAuto, planRanges, planWalk}
	want := map[[2]int]result{}
	for i, from := range periods {
		for j, plan := range plans {
			r, err := report(from, plan)
			if err != nil {
				t.Fatal(err)
			}
			want[[2]int{i, j}] = r
		}
	}
	// What a bulk import does at its start.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if dropped, err := s.dropIndexes(ctx, tx); err != nil || !dropped {
		t.Fatalf("drop: %v, %v", dropped, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	left := indexesOf(t, s)
	for _, gone := range []string{"tickets_report", "tickets_breakdown", "tickets_created", "tickets_untagged"} {
		if _, ok := left[gone]; ok {
			t.Fatalf("%s is still there: the test would not see a report fail without it", gone)
		}
	}
	for i, from := range periods {
		for j, plan := range plans {
			got, err := report(from, plan)
			if err != nil {
				t.Fatalf("from %s, plan %d, indexes dropped: %v", from.Format("2006-01-02"), plan, err)
			}
			if w := want[[2]int{i, j}]; !reflect.DeepEqual(got, w) {
				t.Errorf("from %s, plan %d: with the indexes dropped the report differs:\n got %+v\nwant %+v", from.Format("2006-01-02"), plan, got, w)
			}
		}
	}
}
